"""Open follow-ups, as a source of reminders (the responsible user is reminded)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from advocacy import i18n
from advocacy.dialogue.models import Contact, FollowUp
from advocacy.extensions import db
from advocacy.hearings.services import deadline_at
from advocacy.notify.mail import external_url
from advocacy.notify.planning import DeadlineItem, Person
from advocacy.notify.sources import deadline_source, lead_days, window


@deadline_source
def follow_up_deadlines(now: datetime) -> list[DeadlineItem]:
    """Each open follow-up whose due date a reminder may be due for now (one query), in the
    language of the responsible user, who is its only recipient."""
    leads = lead_days("REMINDER_DAYS_FOLLOW_UP")
    start, end = window(now, leads)
    first_day, last_day = start.date(), (end - timedelta(days=1)).date()
    follow_ups = db.session.scalars(
        select(FollowUp).where(FollowUp.is_done.is_(False), FollowUp.due_on >= first_day,
                               FollowUp.due_on <= last_day)
        .options(joinedload(FollowUp.responsible),
                 joinedload(FollowUp.contact).load_only(Contact.id, Contact.title))
        .order_by(FollowUp.id))
    items = []
    for follow_up in follow_ups:
        user = follow_up.responsible
        with i18n.force_locale(i18n.for_user(user)):
            items.append(DeadlineItem(
                item=f"follow_up:{follow_up.id}",
                title=_("%(title)s (etter «%(contact)s»)", title=follow_up.title,
                        contact=follow_up.contact.title),
                deadline_at=deadline_at(follow_up.due_on), leads=leads,
                recipients=(Person(user.id, user.email, user.name, user.is_active,
                                   user.reminder_frequency),),
                kind=_("Oppfølging"), status=_("Ikke utført"),
                url=external_url("dialogue.detail", contact_id=follow_up.contact_id)))
    return items
