"""Warnings about a hearing's dates: short consultation periods, holidays, late milestones.

Deadlines are never moved; the app warns instead (REFERENCE.md, "Deadlines and holidays").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from advocacy.clock import OSLO
from advocacy.formatting import date_nb
from advocacy.hearings.holidays import is_public_holiday, non_working_reason

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
    return Warning("short_period",
                   _("Kort høringsfrist: %(days)d dager (ca. %(weeks).0f uker). "
                     "Utredningsinstruksen § 3-3 sier normalt tre måneder og minst seks uker.",
                     days=days, weeks=days / 7))


def day_warning(moment: datetime, milestone_title: str | None = None) -> Warning | None:
    """Warn when ``moment`` falls on a weekend or a Norwegian public holiday: the hearing's
    deadline, or with ``milestone_title`` that milestone's."""
    day = _local_date(moment)
    reason = non_working_reason(day)
    if reason is None:
        return None
    holiday = is_public_holiday(day)
    when = date_nb(moment)
    if milestone_title is None:
        text = (_("Høringsfristen %(date)s faller på en helligdag (%(holiday)s).",
                  date=when, holiday=reason) if holiday else
                _("Høringsfristen %(date)s er en %(weekday)s.", date=when, weekday=reason))
    else:
        text = (_("Internfristen «%(title)s» %(date)s faller på en helligdag (%(holiday)s).",
                  title=milestone_title, date=when, holiday=reason) if holiday else
                _("Internfristen «%(title)s» %(date)s er en %(weekday)s.",
                  title=milestone_title, date=when, weekday=reason))
    return Warning("non_working_day", text)


def hearing_warnings(hearing) -> list[Warning]:
    """Every warning for ``hearing`` and its milestones, in reading order."""
    found = [period_warning(hearing.published_on, hearing.deadline_at),
             day_warning(hearing.deadline_at)]
    # ``due_at`` counts working days back from the deadline: work it out once each.
    for due, milestone in sorted(((m.due_at, m) for m in hearing.milestones),
                                 key=lambda pair: pair[0]):
        found.append(day_warning(due, milestone.title))
        if due > hearing.deadline_at:
            found.append(Warning("milestone_after_deadline",
                                 _("Internfristen «%(title)s» (%(date)s) er etter "
                                   "høringsfristen.", title=milestone.title, date=date_nb(due))))
    return [w for w in found if w is not None]
