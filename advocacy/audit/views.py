"""The change log page and its export."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from advocacy import exports
from advocacy.audit import access, labels
from advocacy.audit.forms import AuditFilterForm
from advocacy.audit.models import AuditEvent
from advocacy.clock import OSLO
from advocacy.extensions import db
from advocacy.inputs import int_arg
from advocacy.pagecache import cached_page

bp = Blueprint("audit", __name__, url_prefix="/audit")
bp.before_request(access.require)


def _event_list():
    """The change log's filter form, the object id it is narrowed to, and the select of
    its events, newest first, from the query string: for the page and its export alike."""
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
        stmt = stmt.where(AuditEvent.actor_id.in_(labels.ids_named("user", form.actor.data)))
    if form.date_from.data and not form.date_from.errors:
        start = datetime.combine(form.date_from.data, time.min, OSLO)
        stmt = stmt.where(AuditEvent.created_at >= start)
    if form.date_to.data and not form.date_to.errors:
        end = datetime.combine(form.date_to.data + timedelta(days=1), time.min, OSLO)
        stmt = stmt.where(AuditEvent.created_at < end)
    return form, object_id, stmt


def _names(events) -> dict[tuple[str, int], str]:
    """Every reference the events' changes hold (users, organisations …), in one query."""
    return labels.resolve(labels.wanted_names(events))


@bp.route("/", endpoint="list")
@cached_page
def list_events():
    form, object_id, stmt = _event_list()
    page = db.paginate(stmt, per_page=current_app.config["PER_PAGE"], error_out=False)
    names = _names(page.items)
    entries = [(event, labels.changes(event, names)) for event in page.items]
    return render_template("audit/list.html", form=form, page=page, entries=entries,
                           object_id=object_id, type_label=labels.type_label,
                           action_labels=labels.ACTION_LABELS, object_url=labels.object_url)


def _changes_text(event: AuditEvent, names) -> str:
    """The event's changes as the page shows them, one line each."""
    return "\n".join(f"{c.label}: {c.word}" if c.word else f"{c.label}: {c.before} → {c.after}"
                     for c in labels.changes(event, names))


#: The change log's export; a row's extra is its batch's names of referred objects.
EVENT_COLUMNS = [
    exports.Column(_l("Tidspunkt"), lambda r: r.item.created_at, exports.DATETIME, 17),
    exports.Column(_l("Hvem"), lambda r: r.item.actor.name if r.item.actor else _("System"),
                   width=24),
    exports.Column(_l("Handling"),
                   lambda r: str(labels.ACTION_LABELS.get(r.item.action, r.item.action)),
                   width=11),
    exports.Column(_l("Type"), lambda r: str(labels.type_label(r.item.object_type)), width=20),
    exports.Column(_l("Objekt"), lambda r: r.item.object_label, width=40),
    exports.Column(_l("Endringer (før → etter)"), lambda r: _changes_text(r.item, r.extra),
                   width=70),
]


@bp.route(f"/export.<{exports.FORMAT_CONVERTER}:fmt>", endpoint="export")
def export_events(fmt: str):
    _form, _object_id, stmt = _event_list()
    return exports.download(exports.Table(_("Endringslogg"), EVENT_COLUMNS,
                                          exports.with_extras(stmt, _names)), fmt)
