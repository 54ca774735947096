"""The reminder log for administrators."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from advocacy.auth.permissions import requires
from advocacy.extensions import db
from advocacy.notify.models import Reminder, ReminderState
from advocacy.notify.sources import lead_days

bp = Blueprint("reminders", __name__, url_prefix="/admin/reminders")


@bp.route("/", endpoint="list")
@requires("admin")
def list_reminders():
    state = request.args.get("state", "")
    stmt = (select(Reminder).options(joinedload(Reminder.recipient))
            .order_by(Reminder.claimed_at.desc(), Reminder.id.desc()))
    if state in {s.value for s in ReminderState}:
        stmt = stmt.where(Reminder.state == state)
    page = db.paginate(stmt, per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("notify/reminders.html", page=page, state=state,
                           states=list(ReminderState),
                           hearing_leads=lead_days("REMINDER_DAYS_HEARING"),
                           milestone_leads=lead_days("REMINDER_DAYS_MILESTONE"))
