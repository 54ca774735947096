"""The hearings' deadlines and milestones, as sources of reminders."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from advocacy.extensions import db
from advocacy.hearings.models import DONE_STATUSES, Hearing, hearing_mutes
from advocacy.notify.mail import external_url
from advocacy.notify.planning import DeadlineItem, Person
from advocacy.notify.sources import deadline_source, lead_days


def _people(hearings: list[Hearing]) -> dict[int, list[Person]]:
    """Recipients per hearing: its responsible user and its followers."""
    muted: dict[int, set[str]] = defaultdict(set)
    for user_id, hearing_id in db.session.execute(select(hearing_mutes.c.user_id,
                                                          hearing_mutes.c.hearing_id)):
        muted[user_id].add(f"hearing:{hearing_id}")
    people = {}
    for hearing in hearings:
        users = ([hearing.responsible] if hearing.responsible else []) + list(hearing.followers)
        people[hearing.id] = [
            Person(u.id, u.email, u.name, u.is_active, u.reminder_frequency,
                   frozenset(muted.get(u.id, ()))) for u in users]
    return people


@deadline_source
def hearing_deadlines(now: datetime) -> list[DeadlineItem]:
    """Open hearings' deadlines and their milestones."""
    hearings = list(db.session.scalars(
        select(Hearing).where(Hearing.status.not_in(sorted(DONE_STATUSES)))
        .options(joinedload(Hearing.responsible), selectinload(Hearing.followers),
                 selectinload(Hearing.milestones))))
    people = _people(hearings)
    hearing_leads = lead_days("REMINDER_DAYS_HEARING")
    milestone_leads = lead_days("REMINDER_DAYS_MILESTONE")
    items = []
    for hearing in hearings:
        url = external_url("hearings.detail", hearing_id=hearing.id)
        recipients = tuple(people[hearing.id])
        items.append(DeadlineItem(
            item=f"hearing:{hearing.id}", title=hearing.title, deadline_at=hearing.deadline_at,
            leads=hearing_leads, recipients=recipients, kind="Høringsfrist",
            status=hearing.status_label, url=url))
        for milestone in hearing.milestones:
            items.append(DeadlineItem(
                item=f"milestone:{milestone.id}", title=f"{milestone.title} – {hearing.title}",
                deadline_at=milestone.due_at, leads=milestone_leads, recipients=recipients,
                kind=f"Internfrist ({milestone.kind_label.lower()})",
                status=hearing.status_label, url=url, muted_by=(f"hearing:{hearing.id}",)))
    return items
