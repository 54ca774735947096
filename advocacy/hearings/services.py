"""Queries and changes for hearings and milestones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from advocacy import clock
from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.hearings.models import (
    DONE_STATUSES,
    ConditionSuggestion,
    Hearing,
    HearingStatus,
    Milestone,
    MilestoneKind,
    hearing_conditions,
    hearing_followers,
)

#: A deadline given as a date alone falls at this Oslo time.
END_OF_DAY = time(23, 59)

#: Milestones offered when a hearing is registered: (kind, title, days before the deadline).
DEFAULT_MILESTONES = [
    (MilestoneKind.DRAFT_READY, "Utkast til høringsuttalelse klart", 21),
    (MilestoneKind.POLITICAL_MEETING, "Behandling i fylkesutvalget", 14),
    (MilestoneKind.PARTNERS_SIGN_BY, "Partnere signerer innen", 7),
]


def deadline_at(day: date, at: time | None = None) -> datetime:
    """The moment of a deadline on ``day`` in Oslo time; a date alone means 23:59."""
    return datetime.combine(day, at or END_OF_DAY, clock.OSLO)


def add_default_milestones(hearing: Hearing) -> None:
    """Give ``hearing`` the usual internal deadlines, counted back from its deadline."""
    for kind, title, days in DEFAULT_MILESTONES:
        hearing.milestones.append(Milestone(kind=kind, title=title, offset_days=days))


@dataclass
class HearingFilters:
    """What the hearing lists are narrowed to."""

    status: str = ""
    issuer: str = ""
    condition: int | None = None


BUCKETS = [
    ("overdue", "Fristen har gått ut"),
    ("week", "Frist innen 7 dager"),
    ("month", "Frist innen 30 dager"),
    ("later", "Senere frister"),
]


def _filtered(stmt, filters: HearingFilters):
    if filters.status:
        stmt = stmt.where(Hearing.status == filters.status)
    if filters.issuer:
        stmt = stmt.where(Hearing.issuer == filters.issuer)
    if filters.condition:
        stmt = stmt.where(Hearing.id.in_(
            select(hearing_conditions.c.hearing_id)
            .where(hearing_conditions.c.condition_id == filters.condition)))
    return stmt


def _with_list_data(stmt):
    return stmt.options(joinedload(Hearing.responsible), selectinload(Hearing.milestones))


def open_hearings_by_bucket(filters: HearingFilters) -> dict[str, list[Hearing]]:
    """Hearings still needing work, soonest deadline first, in the list's buckets."""
    stmt = _with_list_data(_filtered(
        select(Hearing).where(Hearing.status.not_in(sorted(DONE_STATUSES))), filters)
    ).order_by(Hearing.deadline_at)
    now = clock.now()
    buckets: dict[str, list[Hearing]] = {key: [] for key, _ in BUCKETS}
    for hearing in db.session.scalars(stmt):
        buckets[bucket_of(hearing.deadline_at, now)].append(hearing)
    return buckets


def bucket_of(deadline: datetime, now: datetime) -> str:
    """Which list a deadline belongs in, counted in calendar days in Oslo."""
    if deadline < now:
        return "overdue"
    days = (deadline.astimezone(clock.OSLO).date() - now.astimezone(clock.OSLO).date()).days
    if days <= 7:
        return "week"
    if days <= 30:
        return "month"
    return "later"


def done_hearings_query(filters: HearingFilters):
    """Hearings we have answered or decided not to answer, latest deadline first."""
    stmt = select(Hearing).where(Hearing.status.in_(sorted(DONE_STATUSES)))
    return _with_list_data(_filtered(stmt, filters)).order_by(Hearing.deadline_at.desc())


def get_hearing(hearing_id: int) -> Hearing | None:
    """One hearing with everything its page shows."""
    return db.session.scalar(
        select(Hearing).where(Hearing.id == hearing_id).options(
            joinedload(Hearing.responsible),
            selectinload(Hearing.milestones),
            selectinload(Hearing.conditions),
            selectinload(Hearing.measures),
            selectinload(Hearing.followers),
            selectinload(Hearing.muted_by),
            selectinload(Hearing.suggestions).joinedload(ConditionSuggestion.condition),
        ))


def issuers() -> list[str]:
    """Every issuer that has a hearing, alphabetically."""
    return list(db.session.scalars(select(Hearing.issuer).distinct().order_by(Hearing.issuer)))


def upcoming_deadlines(limit: int = 8) -> list[Hearing]:
    """Open hearings with the nearest deadlines, overdue ones first (for the overview)."""
    stmt = (select(Hearing).where(Hearing.status.not_in(sorted(DONE_STATUSES)))
            .options(joinedload(Hearing.responsible)).order_by(Hearing.deadline_at).limit(limit))
    return list(db.session.scalars(stmt))


def calendar_hearings(user: User) -> list[Hearing]:
    """Hearings a user is responsible for or follows, with their milestones."""
    followed = select(hearing_followers.c.hearing_id).where(hearing_followers.c.user_id == user.id)
    stmt = (select(Hearing).where((Hearing.responsible_id == user.id) | Hearing.id.in_(followed))
            .options(selectinload(Hearing.milestones)).order_by(Hearing.deadline_at))
    return list(db.session.scalars(stmt))


def _set_membership(users: list[User], user: User, present: bool) -> None:
    if present and user not in users:
        users.append(user)
    elif not present and user in users:
        users.remove(user)


def follow(hearing: Hearing, user: User, following: bool) -> None:
    """Start or stop following a hearing."""
    _set_membership(hearing.followers, user, following)


def mute(hearing: Hearing, user: User, muting: bool) -> None:
    """Stop or resume reminders about a hearing for one user."""
    _set_membership(hearing.muted_by, user, muting)


def set_status(hearing: Hearing, status: str, reason: str = "") -> None:
    """Change the status; not responding needs a reason."""
    if status == HearingStatus.NOT_RESPONDING and not reason.strip():
        raise ValueError("Skriv hvorfor vi ikke svarer på høringen.")
    hearing.status = status
    hearing.not_responding_reason = reason.strip() if status == HearingStatus.NOT_RESPONDING else ""


def decide_suggestion(suggestion: ConditionSuggestion, confirm: bool) -> None:
    """Confirm (link the condition to the hearing) or dismiss a suggested condition."""
    if confirm:
        if suggestion.condition not in suggestion.hearing.conditions:
            suggestion.hearing.conditions.append(suggestion.condition)
        db.session.delete(suggestion)
    else:
        suggestion.is_dismissed = True
