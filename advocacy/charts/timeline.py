"""The deadline timeline: how many hearing deadlines and milestones fall in each of the
next weeks.

The hearings are those the hearing list shows as open (``open_hearings_query``): the
timeline counts what the list shows, to the same people, by the same rule. It shows
counts, so it costs the same however many hearings a county has: each week links to
the hearing list narrowed to that week for the hearings themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _, ngettext
from sqlalchemy import case, func, literal, select, union_all

from advocacy import clock
from advocacy.charts.geometry import axis
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import DONE_STATUSES, Hearing, Milestone

#: How many weeks the timeline covers, the current week (from its Monday) first.
WEEKS = 12

WIDTH = 400
_AXIS_HEIGHT = 24
_ROW_HEIGHT = 44
_BAR_HEIGHT = 13
#: Where the bars start: the week's name and dates stand to the left.
_BARS_X = 100
_COUNT_ROOM = 28


@dataclass
class Week:
    """One week of the timeline (Monday to Sunday, Oslo) and what falls due in it."""

    number: int
    first_day: date
    last_day: date
    y: float = 0
    #: How many hearing deadlines and milestones fall in the week.
    deadlines: int = 0
    milestones: int = 0
    deadline_width: float = 0
    milestone_width: float = 0

    @property
    def label(self) -> str:
        return _("Uke %(number)d", number=self.number)

    @property
    def dates(self) -> str:
        return f"{self.first_day:%d.%m.}–{self.last_day:%d.%m.}"

    @property
    def iso_week(self) -> str:
        """The week as the hearing list's ``uke`` filter names it: ``2026-W49``."""
        year, number, __ = self.first_day.isocalendar()
        return f"{year}-W{number:02d}"


@dataclass(frozen=True)
class Timeline:
    """The weeks of the timeline with their bars, in SVG units."""

    weeks: list[Week]
    start: datetime
    ticks: list[tuple[int, float]]
    width: int
    height: int
    bars_x: int = _BARS_X
    axis_height: int = _AXIS_HEIGHT
    row_height: int = _ROW_HEIGHT
    bar_height: int = _BAR_HEIGHT

    @property
    def deadline_count(self) -> int:
        return sum(week.deadlines for week in self.weeks)

    @property
    def milestone_count(self) -> int:
        return sum(week.milestones for week in self.weeks)

    @property
    def summary(self) -> str:
        """One sentence for the chart's description."""
        first, last = self.weeks[0], self.weeks[-1]
        dates = dict(first=first.number, last=last.number, start=f"{self.start:%d.%m.%Y}",
                     end=f"{last.last_day:%d.%m.%Y}")
        if not self.deadline_count and not self.milestone_count:
            return _("Uke %(first)d til uke %(last)d (%(start)s–%(end)s): ingen høringsfrister "
                     "eller internfrister.", **dates)
        busiest = max(self.weeks, key=lambda w: w.deadlines + w.milestones)
        return _("Uke %(first)d til uke %(last)d (%(start)s–%(end)s): %(deadlines)s og "
                 "%(milestones)s. Travlest er uke %(week)d med %(week_deadlines)d høringsfrister "
                 "og %(week_milestones)d internfrister.", **dates,
                 deadlines=ngettext("%(num)d høringsfrist", "%(num)d høringsfrister",
                                    self.deadline_count),
                 milestones=ngettext("%(num)d internfrist", "%(num)d internfrister",
                                     self.milestone_count),
                 week=busiest.number, week_deadlines=busiest.deadlines,
                 week_milestones=busiest.milestones)


def _week_starts(now: datetime, weeks: int) -> list[date]:
    monday = now.date() - timedelta(days=now.weekday())
    return [monday + timedelta(weeks=i) for i in range(weeks)]


def _week_index(moment, boundaries: list[datetime]):
    """The timeline row (0, 1, …) a moment between the first and last boundary falls in."""
    return case(*((moment < boundary, index) for index, boundary in enumerate(boundaries[1:])),
                else_=len(boundaries) - 2)


def deadline_timeline(filters: hearing_services.HearingFilters | None = None,
                      weeks: int = WEEKS) -> Timeline:
    """How many deadlines and milestones of open hearings (those ``filters`` let through,
    as on the hearing list) fall in each week from Monday of the current week to the end of
    the ``weeks``th week. One query, of counts: its rows are weeks, never hearings.

    The current week counts from its Monday, like every other week, so that each week's
    number is what its link (the hearing list narrowed to the week) shows: an open hearing
    whose deadline passed on Monday is still on the list, overdue.
    """
    filters = filters or hearing_services.HearingFilters()
    starts = _week_starts(clock.now(), weeks)
    boundaries = [datetime.combine(start, time(0), clock.OSLO)
                  for start in [*starts, starts[-1] + timedelta(weeks=1)]]
    begin, end = boundaries[0], boundaries[-1]

    def open_ones(stmt):
        return hearing_services.filtered(
            stmt.where(Hearing.status.not_in(sorted(DONE_STATUSES))), filters)

    deadline_week = _week_index(Hearing.deadline_at, boundaries)
    deadlines = open_ones(
        select(literal("deadline"), deadline_week, func.count())
        .where(Hearing.deadline_at >= begin, Hearing.deadline_at < end)).group_by(deadline_week)
    # When a milestone falls is kept in its row (advocacy/hearings/falls.py).
    milestone_week = _week_index(Milestone.falls_at, boundaries)
    milestones = open_ones(
        select(literal("milestone"), milestone_week, func.count())
        .select_from(Milestone).join(Milestone.hearing)
        .where(Milestone.falls_at >= begin, Milestone.falls_at < end)).group_by(milestone_week)

    rows = [Week(start.isocalendar().week, start, start + timedelta(days=6))
            for start in starts]
    for kind, index, count in db.session.execute(union_all(deadlines, milestones)):
        if kind == "deadline":
            rows[index].deadlines += count
        else:
            rows[index].milestones += count
    most = max((max(w.deadlines, w.milestones) for w in rows), default=0)
    scale, ticks = axis(max(most, 1), WIDTH - _BARS_X - _COUNT_ROOM, ticks=4)
    for index, week in enumerate(rows):
        week.y = _AXIS_HEIGHT + index * _ROW_HEIGHT
        week.deadline_width = scale(week.deadlines)
        week.milestone_width = scale(week.milestones)
    return Timeline(rows, begin, [(v, _BARS_X + x) for v, x in ticks], WIDTH,
                    _AXIS_HEIGHT + weeks * _ROW_HEIGHT + 4)
