"""The ranking as a bar chart: the top conditions, the parts of each score stacked."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l

from advocacy.charts.geometry import axis, shorten
from advocacy.conditions import services as condition_services
from advocacy.conditions.ranking import BREADTH_WEIGHT, GOAL_WEIGHT

#: How many conditions the chart shows.
TOP = 15

#: Width of the drawing in SVG units; the SVG scales to its box (``viewBox``).
WIDTH = 400
#: Room after the longest bar for its total.
_TOTAL_ROOM = 36
_AXIS_HEIGHT = 24
_ROW_HEIGHT = 44
_BAR_HEIGHT = 18
#: Characters of a title that fit on one line above its bar.
_TITLE_CHARS = 44


@dataclass(frozen=True)
class Part:
    """One part of the score, as the ranking page explains it."""

    key: str
    label: str


#: The parts of the score in the order of the formula on the ranking page.
PARTS = (
    Part("strength", _l("Styrkepoeng")),
    Part("measures", _l("Tiltak holdt tilbake")),
    Part("goals", _l("%(weight)d × mål berørt", weight=GOAL_WEIGHT)),
    Part("breadth", _l("Bredde i støtten")),
)


@dataclass(frozen=True)
class Segment:
    """One part of one bar."""

    part: Part
    value: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    """One condition's bar: its place, title and the parts of its score."""

    place: int
    condition_id: int
    title: str
    #: The title cut to fit the line above the bar (the table has it in full).
    label: str
    strength_points: int
    measures: int
    goals: int
    breadth: int
    total: int
    segments: list[Segment]
    #: Top of the row (the title's line); the bar lies below it.
    y: float
    #: Where the bar ends.
    end: float


@dataclass(frozen=True)
class RankingChart:
    """The chart's bars and its axis, in SVG units."""

    bars: list[Bar]
    ticks: list[tuple[int, float]]
    width: int
    height: int
    axis_height: int = _AXIS_HEIGHT
    row_height: int = _ROW_HEIGHT
    bar_height: int = _BAR_HEIGHT
    goal_weight: int = GOAL_WEIGHT
    parts: tuple[Part, ...] = PARTS

    @property
    def summary(self) -> str:
        """One sentence for the chart's description."""
        if not self.bars:
            return _("Ingen rammebetingelser holder planen tilbake ennå.")
        first = self.bars[0]
        return _("%(count)d rammebetingelser, høyest poeng først. Øverst står «%(title)s» med "
                 "%(total)d poeng: %(strength)d styrkepoeng, %(measures)d tiltak holdt tilbake, "
                 "%(weight)d × %(goals)d mål berørt og %(breadth)d i bredde.",
                 count=len(self.bars), title=first.title, total=first.total,
                 strength=first.strength_points, measures=first.measures,
                 weight=self.goal_weight, goals=first.goals, breadth=first.breadth)


def ranking_chart(limit: int = TOP) -> RankingChart:
    """The first ``limit`` conditions of the ranking laid out as stacked bars (one query)."""
    ranked = condition_services.leverage_ranking(limit=limit)
    scale, ticks = axis(max((row.score.total for row in ranked), default=0),
                        WIDTH - _TOTAL_ROOM)
    bars = []
    for index, row in enumerate(ranked):
        score = row.score
        values = (score.strength_points, score.measures, GOAL_WEIGHT * score.goals,
                  BREADTH_WEIGHT * score.breadth)
        segments, start = [], 0
        for part, value in zip(PARTS, values):
            if value:
                segments.append(Segment(part, value, scale(start),
                                        scale(start + value) - scale(start)))
            start += value
        bars.append(Bar(
            place=row.place, condition_id=row.condition.id, title=row.condition.title,
            label=shorten(f"{row.place}. {row.condition.title}", _TITLE_CHARS),
            strength_points=score.strength_points, measures=score.measures, goals=score.goals,
            breadth=score.breadth, total=score.total, segments=segments,
            y=_AXIS_HEIGHT + index * _ROW_HEIGHT, end=scale(score.total)))
    return RankingChart(bars, ticks, WIDTH, _AXIS_HEIGHT + len(bars) * _ROW_HEIGHT + 4)
