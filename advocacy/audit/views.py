"""The change log page."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from advocacy.audit import access, labels
from advocacy.audit.forms import AuditFilterForm
from advocacy.audit.models import AuditEvent
from advocacy.clock import OSLO
from advocacy.extensions import db
from advocacy.inputs import int_arg

bp = Blueprint("audit", __name__, url_prefix="/audit")
bp.before_request(access.require)


@bp.route("/", endpoint="list")
def list_events():
    form = AuditFilterForm(request.args)
    form.validate()
    stmt = (select(AuditEvent).options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()))
    if form.type.data and not form.type.errors:
        stmt = stmt.where(AuditEvent.object_type == form.type.data)
    object_id = int_arg("id")
    if object_id:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    if form.actor.data and not form.actor.errors:
        stmt = stmt.where(AuditEvent.actor_id == form.actor.data)
    if form.date_from.data and not form.date_from.errors:
        start = datetime.combine(form.date_from.data, time.min, OSLO)
        stmt = stmt.where(AuditEvent.created_at >= start)
    if form.date_to.data and not form.date_to.errors:
        end = datetime.combine(form.date_to.data + timedelta(days=1), time.min, OSLO)
        stmt = stmt.where(AuditEvent.created_at < end)
    page = db.paginate(stmt, per_page=current_app.config["PER_PAGE"], error_out=False)
    # Every reference on the page (users, organisations, conditions …) in one query.
    names = labels.resolve(labels.wanted_names(page.items))
    entries = [(event, labels.changes(event, names)) for event in page.items]
    return render_template("audit/list.html", form=form, page=page, entries=entries,
                           object_id=object_id, type_label=labels.type_label,
                           action_labels=labels.ACTION_LABELS, object_url=labels.object_url)
