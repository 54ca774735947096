""""Mitt arbeid": what the logged-in person should do next, at the top of the overview.

Each list is bounded by what it shows (a few rows and a count), never by what the
database holds: staff see their own deadlines and milestones in the next two weeks,
papers waiting for signatures, hearings nobody is responsible for and their follow-ups
after contacts with the state; partners see what
their organisation is asked to sign and what it has signed; viewers the next deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from advocacy import clock
from advocacy.auth.models import User
from advocacy.dialogue.models import FollowUp
from advocacy.dialogue.services import open_follow_ups
from advocacy.extensions import db
from advocacy.queries import first_rows_and_total
from advocacy.hearings.models import DONE_STATUSES, Hearing, Milestone
from advocacy.papers.models import Answer, Invitation, PaperStatus, PositionPaper
from advocacy.papers.services import signing_summaries

#: How far ahead "my deadlines" look.
HORIZON = timedelta(days=14)
#: Rows per list; the rest is a count with a link to the full list.
ROWS = 5


@dataclass(frozen=True)
class Due:
    """A deadline or milestone of the user's in the horizon."""

    at: datetime
    what: str
    hearing: Hearing


@dataclass
class StaffWork:
    due: list[Due]
    #: (paper, signed on the current text, invited), papers in signing, nearest first.
    signing: list[tuple[PositionPaper, int, int]]
    signing_total: int
    unassigned: list[Hearing]
    unassigned_total: int
    #: Open follow-ups after contacts with the state, due within the horizon or overdue.
    follow_ups: list[FollowUp] = field(default_factory=list)
    follow_ups_total: int = 0


@dataclass
class PartnerWork:
    organisation_name: str
    waiting: list[Invitation] = field(default_factory=list)
    signed: list[Invitation] = field(default_factory=list)


def _open():
    return Hearing.status.not_in(sorted(DONE_STATUSES))


def my_deadlines(user: User, now: datetime) -> list[Due]:
    """The user's hearing deadlines and milestones from now to ``HORIZON`` ahead.

    "The user's" means hearings they are responsible for. One query, of the user's
    hearings with a deadline or a milestone in that time (``Milestone.falls_at``).
    """
    end = now + HORIZON
    with_milestone = select(Milestone.hearing_id).where(Milestone.falls_at >= now,
                                                        Milestone.falls_at <= end)
    mine = select(Hearing.id).where(
        Hearing.responsible_id == user.id, _open(),
        ((Hearing.deadline_at >= now) & (Hearing.deadline_at <= end))
        | Hearing.id.in_(with_milestone))
    hearings = db.session.scalars(
        select(Hearing).where(Hearing.id.in_(mine)).outerjoin(Hearing.milestones)
        .options(contains_eager(Hearing.milestones))).unique().all()
    due = [Due(h.deadline_at, _("Høringsfrist"), h) for h in hearings
           if now <= h.deadline_at <= end]
    for hearing in hearings:
        due.extend(Due(m.due_at, m.title, hearing) for m in hearing.milestones
                   if now <= m.due_at <= end)
    return sorted(due, key=lambda d: (d.at, d.hearing.id, d.what))


def staff_work(user: User) -> StaffWork:
    """What an adviser should see first."""
    now = clock.now()
    papers, signing_total = first_rows_and_total(
        select(PositionPaper).where(PositionPaper.status == PaperStatus.SIGNING)
        .order_by(PositionPaper.updated_at.desc(), PositionPaper.id.desc()), ROWS)
    summaries = signing_summaries([p.id for p in papers])
    unassigned, unassigned_total = first_rows_and_total(
        select(Hearing).where(Hearing.responsible_id.is_(None), _open())
        .order_by(Hearing.deadline_at, Hearing.id), ROWS)
    follow_ups, follow_ups_total = open_follow_ups(user.id, (now + HORIZON).date(), ROWS)
    return StaffWork(
        due=my_deadlines(user, now)[:2 * ROWS],
        signing=[(p, *summaries.get(p.id, (0, 0))) for p in papers],
        signing_total=signing_total,
        unassigned=unassigned,
        unassigned_total=unassigned_total,
        follow_ups=follow_ups,
        follow_ups_total=follow_ups_total,
    )


def partner_work(user: User) -> PartnerWork | None:
    """What a partner's organisation is asked to sign, and what it has signed."""
    if user.organisation is None:
        return None

    def invitations(*where, order):
        return list(db.session.scalars(
            select(Invitation).join(PositionPaper)
            .where(Invitation.organisation_id == user.organisation_id, *where)
            .options(joinedload(Invitation.paper)).order_by(*order).limit(ROWS)))

    return PartnerWork(
        organisation_name=user.organisation.name,
        waiting=invitations(Invitation.answer == Answer.PENDING,
                            PositionPaper.status.in_([PaperStatus.DRAFT, PaperStatus.SIGNING]),
                            order=(Invitation.sign_by, Invitation.id)),
        signed=invitations(Invitation.answer == Answer.SIGNED,
                           order=(Invitation.answered_at.desc(), Invitation.id.desc())),
    )
