"""Warnings about a hearing's dates: short consultation periods, holidays, late milestones.

Deadlines are never moved; the app warns instead (REFERENCE.md, "Deadlines and holidays").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from advocacy.clock import OSLO
from advocacy.formatting import date_nb
from advocacy.hearings.holidays import non_working_reason

#: Utredningsinstruksen § 3-3: normally three months, at least six weeks.
MINIMUM_PERIOD_DAYS = 42


@dataclass(frozen=True)
class Warning:
    """One thing about a hearing's dates that staff should notice."""

    code: str
    message: str


def _local_date(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def period_warning(published_on: date | None, deadline_at: datetime) -> Warning | None:
    """Warn when the consultation period is shorter than six weeks."""
    if published_on is None:
        return None
    days = (_local_date(deadline_at) - published_on).days
    if days >= MINIMUM_PERIOD_DAYS:
        return None
    weeks = days / 7
    return Warning("short_period",
                   f"Kort høringsfrist: {days} dager (ca. {weeks:.0f} uker). Utredningsinstruksen "
                   "§ 3-3 sier normalt tre måneder og minst seks uker.")


def day_warning(moment: datetime, what: str) -> Warning | None:
    """Warn when ``moment`` falls on a weekend or a Norwegian public holiday."""
    reason = non_working_reason(_local_date(moment))
    if reason is None:
        return None
    if reason in ("lørdag", "søndag"):
        text = f"{what} {date_nb(moment)} er en {reason}."
    else:
        text = f"{what} {date_nb(moment)} faller på en helligdag ({reason})."
    return Warning("non_working_day", text)


def hearing_warnings(hearing) -> list[Warning]:
    """Every warning for ``hearing`` and its milestones, in reading order."""
    found = [period_warning(hearing.published_on, hearing.deadline_at),
             day_warning(hearing.deadline_at, "Høringsfristen")]
    # ``due_at`` counts working days back from the deadline: work it out once each.
    for due, milestone in sorted(((m.due_at, m) for m in hearing.milestones),
                                 key=lambda pair: pair[0]):
        found.append(day_warning(due, f"Internfristen «{milestone.title}»"))
        if due > hearing.deadline_at:
            found.append(Warning("milestone_after_deadline",
                                 f"Internfristen «{milestone.title}» ({date_nb(due)}) "
                                 "er etter høringsfristen."))
    return [w for w in found if w is not None]
