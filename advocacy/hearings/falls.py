"""``Milestone.falls_at``: when each milestone falls, kept in its row.

A milestone counted back from the deadline falls on the working day on or before the
day so many days before it (``Milestone.due_at``), which SQL cannot work out by itself:
it needs Oslo's time zone and Norway's public holidays. So the moment is stored, and
set again in the same flush as anything it depends on changes: the milestone itself
(new, offset or fixed moment changed) or its hearing's deadline.

``recompute_all`` sets every row again: after bulk inserts that bypass the ORM (``flask
recompute``), and every six hours in the scheduler, for the one case the flush cannot
see: a milestone added or changed in one transaction while another moves its hearing's
deadline.
"""

from __future__ import annotations

import logging
from itertools import chain

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, selectinload

from advocacy.extensions import db
from advocacy.hearings.models import Hearing, Milestone
from advocacy.notify import scheduler

log = logging.getLogger(__name__)


def _refresh(milestone: Milestone) -> bool:
    """Set the milestone's ``falls_at``; tell whether it changed."""
    falls_at = None
    if milestone.fixed_at is not None or (
            milestone.offset_days is not None and milestone.hearing is not None
            and milestone.hearing.deadline_at is not None):
        falls_at = milestone.due_at
    if milestone.falls_at == falls_at:
        return False
    milestone.falls_at = falls_at
    return True


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
    """Set every milestone's ``falls_at``; returns how many were not what they should be."""
    milestones = session.scalars(select(Milestone).options(selectinload(Milestone.hearing))).all()
    return sum(_refresh(milestone) for milestone in milestones)


def run_scheduled() -> None:
    """The scheduler's job: set every milestone's moment again, and say if any was stale."""
    changed = recompute_all(db.session)
    db.session.commit()
    if changed:
        log.warning("milestone moments: %d were stale and are set again", changed)


scheduler.register_interval_job("recompute-milestone-moments",
                                "advocacy.hearings.falls:run_scheduled",
                                "Internfristenes tidspunkt på nytt",  # i18n: not ui (job name)
                                minutes=6 * 60)
