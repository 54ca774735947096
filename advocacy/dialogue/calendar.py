"""A user's open follow-ups in their calendar feed (``hearings.ical.feed_source``)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from advocacy import i18n
from advocacy.dialogue.models import Contact, FollowUp
from advocacy.extensions import db
from advocacy.hearings import ical
from advocacy.hearings.services import deadline_at
from advocacy.notify.mail import external_url


def _mine(user, since: datetime):
    return (FollowUp.responsible_id == user.id, FollowUp.is_done.is_(False),
            FollowUp.due_on >= since.date())


def follow_ups_key(user, since: datetime) -> list:
    """What the user's follow-up events depend on, as scalar subqueries for the feed's
    validator: their count and ids, and when a follow-up or its contact (whose title the
    event shows) last changed."""
    mine = (select(FollowUp.id.label("id"), FollowUp.updated_at.label("changed"),
                   Contact.updated_at.label("contact_changed"))
            .join(Contact, Contact.id == FollowUp.contact_id).where(*_mine(user, since))
            .subquery())
    return [select(aggregate).scalar_subquery() for aggregate in (
        func.count(mine.c.id), func.sum(mine.c.id), func.max(mine.c.changed),
        func.max(mine.c.contact_changed))]


def follow_up_events(user, since: datetime) -> list[ical.Event]:
    """One event per open follow-up of the user's, at 23:59 Oslo time on its due day, in
    the user's language."""
    prefix = external_url("dialogue.detail", contact_id=0).removesuffix("0")
    rows = db.session.execute(
        select(FollowUp.id, FollowUp.title, FollowUp.due_on, FollowUp.updated_at,
               Contact.id, Contact.title)
        .join(Contact, Contact.id == FollowUp.contact_id).where(*_mine(user, since))
        .order_by(FollowUp.due_on, FollowUp.id))
    with i18n.force_locale(i18n.for_user(user)):
        return [ical.Event(
            uid=f"follow-up-{follow_up_id}@{ical.UID_DOMAIN}", moment=deadline_at(due_on),
            # Rises with every change, as RFC 5545 asks of a moved event.
            sequence=int(updated_at.timestamp()),
            summary=_("Oppfølging: %(title)s", title=title),
            description=_("Oppfølging etter «%(contact)s»", contact=contact_title),
            url=f"{prefix}{contact_id}", changed_at=updated_at)
            for follow_up_id, title, due_on, updated_at, contact_id, contact_title in rows]


ical.feed_source(ical.FeedSource(key=follow_ups_key, events=follow_up_events))
