"""The deadline timeline: hearing deadlines and milestones of the next weeks, per week.

The hearings are those the hearing list shows as open (``open_hearings_query``): the
timeline shows what the list shows, to the same people, by the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _, ngettext
from sqlalchemy import func, or_, select

from advocacy import clock
from advocacy.charts.geometry import axis
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing, Milestone

#: How many weeks the timeline covers, the current week first.
WEEKS = 12

WIDTH = 400
_AXIS_HEIGHT = 24
_ROW_HEIGHT = 44
_BAR_HEIGHT = 13
#: Where the bars start: the week's name and dates stand to the left.
_BARS_X = 100
_COUNT_ROOM = 28
#: A milestone counted back from a deadline may move to the working day before: the
#: hearings read reach this much past the last offset, the exact cut is made per event.
_WORKING_DAY_SLACK = timedelta(days=7)


@dataclass(frozen=True)
class Event:
    """A hearing deadline or a milestone, with the hearing it belongs to."""

    at: datetime
    #: ``deadline`` or ``milestone``.
    kind: str
    #: What falls due: «Høringsfrist» or the milestone's title.
    what: str
    hearing_id: int
    hearing_title: str


@dataclass
class Week:
    """One week of the timeline (Monday to Sunday, Oslo) and what falls due in it."""

    number: int
    first_day: date
    last_day: date
    y: float = 0
    deadlines: list[Event] = field(default_factory=list)
    milestones: list[Event] = field(default_factory=list)
    deadline_width: float = 0
    milestone_width: float = 0

    @property
    def label(self) -> str:
        return _("Uke %(number)d", number=self.number)

    @property
    def dates(self) -> str:
        return f"{self.first_day:%d.%m.}–{self.last_day:%d.%m.}"

    @property
    def events(self) -> list[Event]:
        return sorted(self.deadlines + self.milestones, key=lambda e: (e.at, e.kind))


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
        return sum(len(week.deadlines) for week in self.weeks)

    @property
    def milestone_count(self) -> int:
        return sum(len(week.milestones) for week in self.weeks)

    @property
    def summary(self) -> str:
        """One sentence for the chart's description."""
        first, last = self.weeks[0], self.weeks[-1]
        dates = dict(first=first.number, last=last.number, start=f"{self.start:%d.%m.%Y}",
                     end=f"{last.last_day:%d.%m.%Y}")
        if not self.deadline_count and not self.milestone_count:
            return _("Uke %(first)d til uke %(last)d (%(start)s–%(end)s): ingen høringsfrister "
                     "eller internfrister.", **dates)
        busiest = max(self.weeks, key=lambda w: len(w.deadlines) + len(w.milestones))
        return _("Uke %(first)d til uke %(last)d (%(start)s–%(end)s): %(deadlines)s og "
                 "%(milestones)s. Travlest er uke %(week)d med %(week_deadlines)d høringsfrister "
                 "og %(week_milestones)d internfrister.", **dates,
                 deadlines=ngettext("%(num)d høringsfrist", "%(num)d høringsfrister",
                                    self.deadline_count),
                 milestones=ngettext("%(num)d internfrist", "%(num)d internfrister",
                                     self.milestone_count),
                 week=busiest.number, week_deadlines=len(busiest.deadlines),
                 week_milestones=len(busiest.milestones))


def _week_starts(now: datetime, weeks: int) -> list[date]:
    monday = now.date() - timedelta(days=now.weekday())
    return [monday + timedelta(weeks=i) for i in range(weeks)]


def deadline_timeline(filters: hearing_services.HearingFilters | None = None,
                      weeks: int = WEEKS) -> Timeline:
    """Deadlines and milestones of open hearings (those ``filters`` let through, as on the
    hearing list) from now to the end of the ``weeks``th week (the current week first),
    grouped per week. Three queries."""
    now = clock.now()
    starts = _week_starts(now, weeks)
    end = datetime.combine(starts[-1] + timedelta(weeks=1), time(0), clock.OSLO)
    longest_offset = db.session.scalar(select(func.max(Milestone.offset_days))) or 0
    fixed_in_window = select(Milestone.hearing_id).where(Milestone.fixed_at >= now,
                                                         Milestone.fixed_at < end)
    reach = end + timedelta(days=longest_offset) + _WORKING_DAY_SLACK
    stmt = hearing_services.open_hearings_query(
        filters or hearing_services.HearingFilters()).where(or_(
        (Hearing.deadline_at >= now) & (Hearing.deadline_at < reach),
        Hearing.id.in_(fixed_in_window)))
    rows = [Week(start.isocalendar().week, start, start + timedelta(days=6))
            for start in starts]

    def week_of(moment: datetime) -> Week | None:
        if not now <= moment < end:
            return None
        return rows[(moment.astimezone(clock.OSLO).date() - starts[0]).days // 7]

    for hearing in db.session.scalars(stmt):
        if week := week_of(hearing.deadline_at):
            week.deadlines.append(Event(hearing.deadline_at, "deadline", _("Høringsfrist"),
                                        hearing.id, hearing.title))
        for milestone in hearing.milestones:
            if week := week_of(milestone.due_at):
                week.milestones.append(Event(milestone.due_at, "milestone", milestone.title,
                                             hearing.id, hearing.title))
    most = max((max(len(w.deadlines), len(w.milestones)) for w in rows), default=0)
    scale, ticks = axis(max(most, 1), WIDTH - _BARS_X - _COUNT_ROOM, ticks=4)
    for index, week in enumerate(rows):
        week.deadlines.sort(key=lambda e: (e.at, e.hearing_title))
        week.milestones.sort(key=lambda e: (e.at, e.hearing_title))
        week.y = _AXIS_HEIGHT + index * _ROW_HEIGHT
        week.deadline_width = scale(len(week.deadlines))
        week.milestone_width = scale(len(week.milestones))
    return Timeline(rows, now, [(v, _BARS_X + x) for v, x in ticks], WIDTH,
                    _AXIS_HEIGHT + weeks * _ROW_HEIGHT + 4)
