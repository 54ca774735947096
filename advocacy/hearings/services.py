"""Queries and changes for hearings and milestones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, event, exists, func, select, union
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload, selectinload

from advocacy import clock
from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.hearings import ical
from advocacy.hearings.models import (
    DONE_STATUSES,
    ConditionSuggestion,
    Hearing,
    HearingStatus,
    Milestone,
    MilestoneKind,
    hearing_conditions,
    hearing_followers,
    hearing_mutes,
)
from advocacy.sorting import SortOrder, Sorting, in_order_of

#: A deadline given as a date alone falls at this Oslo time.
END_OF_DAY = time(23, 59)

#: Milestones offered when a hearing is registered: (kind, title, days before the deadline).
#: The titles are stored in the language of whoever registers the hearing.
DEFAULT_MILESTONES = [
    (MilestoneKind.DRAFT_READY, _l("Utkast til høringsuttalelse klart"), 21),
    (MilestoneKind.POLITICAL_MEETING, _l("Behandling i fylkesutvalget"), 14),
    (MilestoneKind.PARTNERS_SIGN_BY, _l("Partnere signerer innen"), 7),
]


def deadline_at(day: date, at: time | None = None) -> datetime:
    """The moment of a deadline on ``day`` in Oslo time; a date alone means 23:59."""
    return datetime.combine(day, at or END_OF_DAY, clock.OSLO)


def add_default_milestones(hearing: Hearing) -> None:
    """Give ``hearing`` the usual internal deadlines, counted back from its deadline."""
    for kind, title, days in DEFAULT_MILESTONES:
        hearing.milestones.append(Milestone(kind=kind, title=str(title), offset_days=days))


def sign_by_milestone(hearing: Hearing) -> Milestone | None:
    """The hearing's "partners sign by" milestone that invitations to co-sign follow: the
    earliest that is not past, else the last one; ``None`` when it has none."""
    milestones = [m for m in hearing.milestones if m.kind == MilestoneKind.PARTNERS_SIGN_BY]
    if not milestones:
        return None
    today = clock.today()
    upcoming = [m for m in milestones if m.due_at.astimezone(clock.OSLO).date() >= today]
    if upcoming:
        return min(upcoming, key=lambda m: m.due_at)
    return max(milestones, key=lambda m: m.due_at)


def move_sign_by_milestone(hearing: Hearing, day: date) -> bool:
    """Put the hearing's "partners sign by" milestone on ``day`` (adding one if it has
    none), at the time of day of the hearing's deadline; ``True`` if it moved or was added.

    A milestone counted back from the deadline becomes a fixed one, since the day was chosen.
    """
    milestone = sign_by_milestone(hearing)
    if milestone is not None and milestone.due_at.astimezone(clock.OSLO).date() == day:
        return False
    at = hearing.deadline_at.astimezone(clock.OSLO).timetz().replace(tzinfo=None)
    moment = datetime.combine(day, at, clock.OSLO)
    if milestone is None:
        title = next(str(t) for k, t, __ in DEFAULT_MILESTONES
                     if k == MilestoneKind.PARTNERS_SIGN_BY)
        hearing.milestones.append(Milestone(kind=MilestoneKind.PARTNERS_SIGN_BY, title=title,
                                            fixed_at=moment))
        return True
    milestone.offset_days, milestone.fixed_at = None, moment
    milestone.sequence = (milestone.sequence or 0) + 1
    return True


#: An ISO week as the hearing lists' ``uke`` filter names it: year, "-W", two digits.
_ISO_WEEK = re.compile(r"(20\d\d)-W(\d\d)")
#: The message for a ``uke`` that is not one, on the page and in the API.
NOT_A_WEEK = _l("«%(value)s» er ikke en uke; skriv den som 2026-W49.")


def week_monday(text: str) -> date:
    """The Monday of the ISO week ``text`` (``2026-W49``); ``ValueError`` if it is none."""
    match = _ISO_WEEK.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return date.fromisocalendar(int(match[1]), int(match[2]), 1)


@dataclass
class HearingFilters:
    """What the hearing lists are narrowed to."""

    status: str = ""
    issuer: str = ""
    condition: int | None = None
    #: Free text: title, issuer, reference or summary.
    q: str = ""
    #: Only the hearings this user is responsible for ("Bare mine").
    responsible: int | None = None
    #: Only the hearings whose deadline falls in the week (Monday to Sunday, Oslo) that
    #: starts on this Monday, as the deadline timeline links them.
    week: date | None = None


BUCKETS = [
    ("overdue", _l("Fristen har gått ut")),
    ("week", _l("Frist innen 7 dager")),
    ("month", _l("Frist innen 30 dager")),
    ("later", _l("Senere frister")),
]


def filtered(stmt, filters: HearingFilters):
    """``stmt`` (over hearings) narrowed to what ``filters`` let through."""
    if filters.q.strip():
        stmt = stmt.where(Hearing.matching(filters.q))
    if filters.responsible:
        stmt = stmt.where(Hearing.responsible_id == filters.responsible)
    if filters.week:
        start = datetime.combine(filters.week, time(0), clock.OSLO)
        end = datetime.combine(filters.week + timedelta(weeks=1), time(0), clock.OSLO)
        stmt = stmt.where(Hearing.deadline_at >= start, Hearing.deadline_at < end)
    if filters.status:
        stmt = stmt.where(Hearing.status == filters.status)
    if filters.issuer:
        stmt = stmt.where(Hearing.issuer == filters.issuer)
    if filters.condition:
        stmt = stmt.where(Hearing.id.in_(
            select(hearing_conditions.c.hearing_id)
            .where(hearing_conditions.c.condition_id == filters.condition)))
    return stmt


_responsible = aliased(User)

_HEARING_COLUMNS = {
    "tittel": [Hearing.title],  # i18n: not ui (URL sort keys)
    "avsender": [Hearing.issuer, Hearing.deadline_at],
    "frist": [Hearing.deadline_at],  # i18n: not ui
    "status": [in_order_of(Hearing.status, HearingStatus), Hearing.deadline_at],
    "ansvarlig": [_responsible.name, Hearing.deadline_at],
}
#: The open hearings' sortable columns: by default soonest deadline first, in buckets.
OPEN_SORT = Sorting(_HEARING_COLUMNS, default="frist", tie_breaker=Hearing.id)  # i18n: not ui
#: The finished hearings' sortable columns: by default latest deadline first.
DONE_SORT = Sorting(_HEARING_COLUMNS, default="-frist",  # i18n: not ui
                    tie_breaker=Hearing.id, descending_first=["frist"])  # i18n: not ui


def _listed(stmt, filters: HearingFilters, order: SortOrder, *, warnings: bool = True):
    """``stmt`` filtered, with what a list row shows, in ``order``; with the milestones
    the row's warnings are counted from when ``warnings``."""
    stmt = (filtered(stmt, filters).outerjoin(_responsible, Hearing.responsible)
            .options(contains_eager(Hearing.responsible.of_type(_responsible))))
    if warnings:
        stmt = stmt.options(selectinload(Hearing.milestones))
    return stmt.order_by(*order.clauses())


def open_hearings_query(filters: HearingFilters, order: SortOrder | None = None):
    """Hearings still needing work, in ``order``: by default soonest deadline first
    (overdue ones first of all)."""
    stmt = select(Hearing).where(Hearing.status.not_in(sorted(DONE_STATUSES)))
    return _listed(stmt, filters, order or OPEN_SORT.default_order)


def _bucket_starts(now: datetime) -> list[tuple[str, datetime]]:
    """Where each bucket after "overdue" starts: now, then Oslo midnights 8 and 31 days on
    (the same calendar-day rule as ``bucket_of``)."""
    today = now.astimezone(clock.OSLO).date()

    def midnight(days: int) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(0), clock.OSLO)

    return [("week", now), ("month", midnight(8)), ("later", midnight(31))]


def bucket_counts(filters: HearingFilters) -> dict[str, int]:
    """How many open hearings each bucket holds (one query)."""
    starts = _bucket_starts(clock.now())
    bucket = case(*((Hearing.deadline_at < start, key) for key, start in
                    zip(("overdue", "week", "month"), (s for __, s in starts))),
                  else_="later")
    stmt = filtered(select(bucket, func.count()).where(
        Hearing.status.not_in(sorted(DONE_STATUSES))), filters).group_by(bucket)
    return {key: 0 for key, __ in BUCKETS} | dict(db.session.execute(stmt).all())


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


def done_hearings_query(filters: HearingFilters, order: SortOrder | None = None):
    """Hearings we have answered or decided not to answer, in ``order``: by default latest
    deadline first."""
    stmt = select(Hearing).where(Hearing.status.in_(sorted(DONE_STATUSES)))
    # A finished hearing's warnings (a short period, a deadline on a holiday) are history:
    # the list does not count them.
    return _listed(stmt, filters, order or DONE_SORT.default_order, warnings=False)


def get_hearing(hearing_id: int) -> Hearing | None:
    """One hearing with everything its page shows."""
    return db.session.scalar(
        select(Hearing).where(Hearing.id == hearing_id).options(
            joinedload(Hearing.responsible),
            selectinload(Hearing.milestones),
            selectinload(Hearing.conditions),
            selectinload(Hearing.measures),
            selectinload(Hearing.followers),
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


#: A calendar feed holds events from this many days back (Oslo calendar days) onward.
CALENDAR_DAYS_BACK = 30


def calendar_window_start() -> datetime:
    """The earliest moment a feed shows: midnight in Oslo, ``CALENDAR_DAYS_BACK`` days ago."""
    day = clock.today() - timedelta(days=CALENDAR_DAYS_BACK)
    return datetime.combine(day, time(0), clock.OSLO).astimezone(timezone.utc)


def _calendar_filter(user: User, since: datetime | None):
    """Hearings ``user`` is responsible for or follows with an event at or after ``since``.

    A milestone given in days before the deadline never falls after it, so a hearing has
    an event in the window exactly when its deadline or one of its fixed milestones does.
    """
    # A union of ids rather than "responsible OR followed": each part uses an index, and
    # the database reads the user's hearings instead of filtering every hearing.
    mine = Hearing.id.in_(union(
        select(hearing_followers.c.hearing_id).where(hearing_followers.c.user_id == user.id),
        select(Hearing.id).where(Hearing.responsible_id == user.id)))
    if since is None:
        return mine
    fixed = aliased(Milestone)  # the validator joins Milestone itself
    fixed_in_window = (select(fixed.id).where(fixed.hearing_id == Hearing.id,
                                              fixed.fixed_at >= since).exists())
    return mine & ((Hearing.deadline_at >= since) | fixed_in_window)


@dataclass(slots=True)
class CalendarHearing:
    """What a calendar shows of a hearing, read without the ORM's per-object cost."""

    id: int
    title: str
    issuer: str
    reference: str | None
    deadline_at: datetime
    deadline_sequence: int
    updated_at: datetime | None
    milestones: list[CalendarMilestone]


@dataclass(slots=True)
class CalendarMilestone:
    """What a calendar shows of a milestone; ``due_at`` and ``kind_label`` as on the model."""

    id: int
    hearing: CalendarHearing
    kind: str
    title: str
    offset_days: int | None
    fixed_at: datetime | None
    sequence: int

    due_at = property(Milestone.due_at.fget)
    kind_label = property(Milestone.kind_label.fget)


def calendar_hearings(user: User, since: datetime | None = None) -> list[CalendarHearing]:
    """Hearings a user is responsible for or follows, with their milestones, by deadline.

    With ``since``, only hearings with an event at or after it (the caller leaves out the
    older events of those). Two queries, whatever the number of hearings; plain rows, as a
    feed of hundreds of hearings spent most of its time building ORM objects.
    """
    where = _calendar_filter(user, since)
    hearings = {row.id: CalendarHearing(*row, milestones=[]) for row in db.session.execute(
        select(Hearing.id, Hearing.title, Hearing.issuer, Hearing.reference,
               Hearing.deadline_at, Hearing.deadline_sequence, Hearing.updated_at)
        .where(where).order_by(Hearing.deadline_at, Hearing.id))}
    if hearings:
        for row in db.session.execute(
                select(Milestone.id, Milestone.hearing_id, Milestone.kind, Milestone.title,
                       Milestone.offset_days, Milestone.fixed_at, Milestone.sequence)
                .where(Milestone.hearing_id.in_(select(Hearing.id).where(where)))
                .order_by(Milestone.id)):
            hearing = hearings.get(row.hearing_id)
            if hearing is not None:  # a hearing added in between: in the next feed
                hearing.milestones.append(CalendarMilestone(row.id, hearing, *row[2:]))
    return list(hearings.values())


@dataclass(frozen=True)
class CalendarValidator:
    """What a user's feed depends on (``key``) and when its data last changed."""

    key: tuple
    last_modified: datetime | None


def calendar_validator(user: User, since: datetime) -> CalendarValidator:
    """What a user's feed from ``since`` depends on, in one aggregate query.

    The hearings' count, sum of ids and latest ``updated_at`` change when one is followed,
    unfollowed, assigned, deleted or edited; a milestone's change touches its hearing's
    ``updated_at`` (``_touch_hearing_of_milestone``), and the milestones' count, highest
    id and sum of sequences change besides, should a change bypass the ORM. With the user's
    name (the calendar's name) and ``since``, equal keys mean equal feeds. The events that
    domains above hearings add (``ical.feed_source``) are read in the same query.
    """
    row = db.session.execute(
        select(func.count(func.distinct(Hearing.id)), func.sum(func.distinct(Hearing.id)),
               func.max(Hearing.updated_at), func.count(Milestone.id), func.max(Milestone.id),
               func.sum(Milestone.sequence), *ical.feed_sources_key(user, since))
        .select_from(Hearing).outerjoin(Milestone, Milestone.hearing_id == Hearing.id)
        .where(_calendar_filter(user, since))).one()
    last_modified = row[2]
    key = (user.id, user.name, since.isoformat(), *(
        value.isoformat() if isinstance(value, datetime) else value for value in row))
    return CalendarValidator(key, last_modified)


@event.listens_for(Session, "before_flush")
def _touch_hearing_of_milestone(session: Session, flush_context, instances) -> None:
    """A milestone added, changed or deleted counts as a change of its hearing.

    Milestones have no ``updated_at`` of their own; calendar feeds read their hearing's
    (``calendar_validator``). Only ``updated_at`` changes on the hearing, which the audit
    log skips.
    """
    changed = [obj for obj in (*session.new, *session.deleted) if isinstance(obj, Milestone)]
    changed += [obj for obj in session.dirty
                if isinstance(obj, Milestone) and session.is_modified(obj)]
    if not changed:
        return
    moment = clock.utcnow()
    with session.no_autoflush:
        for milestone in changed:
            hearing = milestone.hearing
            if hearing is None and milestone.hearing_id is not None:
                hearing = session.get(Hearing, milestone.hearing_id)
            if hearing is not None and hearing not in session.deleted:
                hearing.updated_at = moment


def _set_membership(users: list[User], user: User, present: bool) -> None:
    if present and user not in users:
        users.append(user)
    elif not present and user in users:
        users.remove(user)


def follow(hearing: Hearing, user: User, following: bool) -> None:
    """Start or stop following a hearing."""
    _set_membership(hearing.followers, user, following)


def is_muted(hearing: Hearing, user: User) -> bool:
    """Whether ``user`` has turned off reminders about ``hearing`` (the page shows only
    this, not everyone who has)."""
    return bool(db.session.scalar(select(
        exists().where(hearing_mutes.c.hearing_id == hearing.id,
                       hearing_mutes.c.user_id == user.id))))


def mute(hearing: Hearing, user: User, muting: bool) -> None:
    """Stop or resume reminders about a hearing for one user."""
    _set_membership(hearing.muted_by, user, muting)


def set_status(hearing: Hearing, status: str, reason: str = "") -> None:
    """Change the status; not responding needs a reason."""
    if status == HearingStatus.NOT_RESPONDING and not reason.strip():
        raise ValueError(_("Skriv hvorfor vi ikke svarer på høringen."))
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
