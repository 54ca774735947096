"""``Milestone.falls_at``: when each milestone falls, kept in its row.

A milestone counted back from the deadline falls on the working day on or before the
day so many days before it (``Milestone.due_at``), which SQL cannot work out by itself:
it needs Oslo's time zone and Norway's public holidays. So the moment is stored, and
set again in the same flush as anything it depends on changes: the milestone itself
(new, offset or fixed moment changed) or its hearing's deadline. ``recompute_all``
refreshes every row after bulk inserts that bypass the ORM.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, selectinload

from advocacy.hearings.models import Hearing, Milestone


def _refresh(milestone: Milestone) -> None:
    falls_at = None
    if milestone.fixed_at is not None or (
            milestone.offset_days is not None and milestone.hearing is not None
            and milestone.hearing.deadline_at is not None):
        falls_at = milestone.due_at
    if milestone.falls_at != falls_at:
        milestone.falls_at = falls_at


@event.listens_for(Session, "before_flush")
def _keep_falls_at(session: Session, flush_context, instances) -> None:
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, Milestone):
            _refresh(obj)
        elif isinstance(obj, Hearing) and obj not in session.new \
                and inspect(obj).attrs.deadline_at.history.has_changes():
            for milestone in obj.milestones:
                _refresh(milestone)


def recompute_all(session: Session) -> int:
    """Set every milestone's ``falls_at``; returns how many milestones there are."""
    milestones = session.scalars(select(Milestone).options(selectinload(Milestone.hearing))).all()
    for milestone in milestones:
        _refresh(milestone)
    return len(milestones)
