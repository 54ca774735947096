"""The hearings' deadlines and milestones, as sources of reminders."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from advocacy import i18n
from advocacy.extensions import db
from advocacy.hearings.models import DONE_STATUSES, Hearing, Milestone, hearing_mutes
from advocacy.notify.mail import external_url
from advocacy.notify.planning import DeadlineItem, Person
from advocacy.notify.sources import deadline_source, lead_days, window

#: How far before ``deadline - offset_days`` a milestone can land when that day is not a
#: working day (Easter and Christmas move it back by up to five days).
_HOLIDAY_SLACK = timedelta(days=10)


def _people(hearings: list[Hearing]) -> dict[int, list[Person]]:
    """Recipients per hearing: its responsible user and its followers."""
    muted: dict[int, set[str]] = defaultdict(set)
    for user_id, hearing_id in db.session.execute(
            select(hearing_mutes.c.user_id, hearing_mutes.c.hearing_id)
            .where(hearing_mutes.c.hearing_id.in_([h.id for h in hearings]))):
        muted[user_id].add(f"hearing:{hearing_id}")
    people = {}
    for hearing in hearings:
        users = ([hearing.responsible] if hearing.responsible else []) + list(hearing.followers)
        people[hearing.id] = [
            Person(u.id, u.email, u.name, u.is_active, u.reminder_frequency,
                   frozenset(muted.get(u.id, ())), language=i18n.for_user(u)) for u in users]
    return people


@deadline_source
def hearing_deadlines(now: datetime) -> list[DeadlineItem]:
    """Open hearings' deadlines and their milestones that a reminder may be due for now."""
    hearing_leads = lead_days("REMINDER_DAYS_HEARING")
    milestone_leads = lead_days("REMINDER_DAYS_MILESTONE")
    hearings = _hearings_in_window(now, hearing_leads, milestone_leads)
    people = _people(hearings)
    start, end = window(now, hearing_leads)
    m_start, m_end = window(now, milestone_leads)
    items = []
    for hearing in hearings:
        url = external_url("hearings.detail", hearing_id=hearing.id)
        recipients = tuple(people[hearing.id])
        if start <= hearing.deadline_at < end:
            items.append(DeadlineItem(
                item=f"hearing:{hearing.id}", title=hearing.title,
                deadline_at=hearing.deadline_at, leads=hearing_leads, recipients=recipients,
                kind=_l("Høringsfrist"), status=hearing.status_label, url=url))
        for milestone in hearing.milestones:
            if not m_start <= milestone.due_at < m_end:
                continue
            items.append(DeadlineItem(
                item=f"milestone:{milestone.id}", title=f"{milestone.title} – {hearing.title}",
                deadline_at=milestone.due_at, leads=milestone_leads, recipients=recipients,
                kind=LazyString(_milestone_kind, milestone.kind_label),
                status=hearing.status_label, url=url, muted_by=(f"hearing:{hearing.id}",)))
    return items


def _milestone_kind(kind_label) -> str:
    """What a milestone's reminder says it is, in the language of the mail being written
    (the item is built before its recipients' mails are)."""
    return _("Internfrist (%(kind)s)", kind=str(kind_label).lower())


def _hearings_in_window(now: datetime, hearing_leads: tuple[int, ...],
                        milestone_leads: tuple[int, ...]) -> list[Hearing]:
    """The open hearings whose deadline, or one of whose milestones, may be due at ``now``.

    A milestone counted back from the deadline falls at most the largest offset (plus a
    holiday or two) before it, so hearings due later than that cannot have one due now.
    """
    start, end = window(now, hearing_leads)
    m_start, m_end = window(now, milestone_leads)
    longest = db.session.scalar(select(func.max(Milestone.offset_days))) or 0
    fixed_in_window = (select(Milestone.id)
                       .where(Milestone.hearing_id == Hearing.id,
                              Milestone.fixed_at >= m_start, Milestone.fixed_at < m_end)
                       .exists())
    return list(db.session.scalars(
        select(Hearing)
        .where(Hearing.status.not_in(sorted(DONE_STATUSES)),
               or_(and_(Hearing.deadline_at >= min(start, m_start),
                        Hearing.deadline_at < max(end, m_end + timedelta(days=longest)
                                                  + _HOLIDAY_SLACK)),
                   fixed_in_window))
        .options(joinedload(Hearing.responsible), selectinload(Hearing.followers),
                 selectinload(Hearing.milestones))))
