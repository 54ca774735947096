"""What is due: a pure function from (now, deadlines, people) to the reminders to send.

Lead times are counted in calendar days in Europe/Oslo: a reminder "7 days before" a
deadline on 15.01 becomes due on 08.01. On each run only the most recent lead time that
has been reached counts, so a scheduler that was down sends one reminder, not a backlog.
Nothing is sent about a deadline that has passed, except the "0 days" reminder on the
deadline day itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from advocacy.clock import OSLO
from advocacy.i18n import DEFAULT as DEFAULT_LANGUAGE

DAILY, WEEKLY, OFF = "daily", "weekly", "off"


@dataclass(frozen=True)
class Person:
    """Someone who may be reminded."""

    id: int
    email: str
    name: str
    is_active: bool = True
    #: ``daily``, ``weekly`` (Mondays) or ``off``.
    frequency: str = DAILY
    #: Items (e.g. ``hearing:12``) the person has muted; a muted hearing mutes its milestones.
    muted: frozenset[str] = frozenset()
    #: The language their mail is written in (``advocacy.i18n.for_user`` of the user).
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class DeadlineItem:
    """A deadline someone should be reminded of."""

    #: Stable identity, e.g. ``hearing:12`` or ``milestone:40``.
    item: str
    title: str
    deadline_at: datetime
    #: Lead times in days, e.g. (14, 7, 2, 0).
    leads: tuple[int, ...]
    recipients: tuple[Person, ...]
    #: What kind of deadline, in Norwegian (``Høringsfrist``, ``Internfrist``, …).
    kind: str = ""
    status: str = ""
    #: What is still missing, e.g. "3 av 9 partnere har signert".
    missing: str = ""
    url: str = ""
    #: Items that mute this one too (a milestone is muted with its hearing).
    muted_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Due:
    """One reminder to send."""

    person: Person
    deadline: DeadlineItem
    lead: int
    #: Calendar days from the run's day to the deadline's day (0 on the day).
    days_left: int

    @property
    def key(self) -> str:
        """Unique per recipient, item, deadline value and lead."""
        moment = self.deadline.deadline_at.astimezone(OSLO).isoformat(timespec="minutes")
        return f"{self.person.id}:{self.deadline.item}:{moment}:{self.lead}"


@dataclass
class Plan:
    """The reminders due in one run, grouped by recipient, and who was skipped and why."""

    digests: dict[int, list[Due]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def current_lead(deadline_at: datetime, leads: tuple[int, ...], now: datetime) -> int | None:
    """The most recent lead time reached at ``now``, or ``None`` if none is due."""
    today = now.astimezone(OSLO).date()
    deadline_day = deadline_at.astimezone(OSLO).date()
    if deadline_at < now:
        return 0 if 0 in leads and deadline_day == today else None
    reached = [lead for lead in leads if (deadline_day - today).days <= lead]
    return min(reached) if reached else None


def wants_digest_today(person: Person, today: date) -> bool:
    """Daily digests go every day, weekly ones on Mondays, none when off."""
    if person.frequency == OFF:
        return False
    if person.frequency == WEEKLY:
        return today.weekday() == 0
    return True


def plan(now: datetime, deadlines: list[DeadlineItem]) -> Plan:
    """Decide which reminders are due at ``now``, one digest per recipient, soonest first."""
    result = Plan()
    today = now.astimezone(OSLO).date()
    digests: dict[int, list[Due]] = defaultdict(list)
    for deadline in deadlines:
        lead = current_lead(deadline.deadline_at, deadline.leads, now)
        if lead is None:
            continue
        seen: set[int] = set()
        for person in deadline.recipients:
            if person.id in seen:
                continue
            seen.add(person.id)
            if not person.is_active:
                result.skipped.append((person.name, _("kontoen er deaktivert")))
            elif not person.email:
                result.skipped.append((person.name, _("mangler e-postadresse")))
            elif {deadline.item, *deadline.muted_by} & person.muted:
                continue
            elif wants_digest_today(person, today):
                days_left = (deadline.deadline_at.astimezone(OSLO).date() - today).days
                digests[person.id].append(Due(person, deadline, lead, days_left))
    for person_id, items in digests.items():
        items.sort(key=lambda due: (due.deadline.deadline_at, due.deadline.title))
        result.digests[person_id] = items
    return result
