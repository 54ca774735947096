"""The win rate over time: per year of submission, the share of positions that won.

A win is counted as ``advocacy.papers.outcomes.WinRate`` counts it: (adopted + ½ · partly)
of the decided positions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _, ngettext

from advocacy.charts.geometry import Scale
from advocacy.papers import outcomes
from advocacy.papers.outcomes import WinRate

WIDTH = 400
_AXIS_HEIGHT = 24
_ROW_HEIGHT = 34
_BAR_HEIGHT = 18
#: Where the bars start: the year stands to the left.
_BARS_X = 52
#: Room after a full bar for its label ("100 %").
_LABEL_ROOM = 48


@dataclass(frozen=True)
class YearBar:
    """One year's win rate and its bar (no bar while nothing of that year is decided)."""

    year: int
    rate: WinRate
    y: float
    width: float


@dataclass(frozen=True)
class WinRateChart:
    """The years' bars and the percent axis, in SVG units."""

    years: list[YearBar]
    #: Every position of every submitted paper, dated or not.
    overall: WinRate
    ticks: list[tuple[int, float]]
    width: int
    height: int
    bars_x: int = _BARS_X
    axis_height: int = _AXIS_HEIGHT
    row_height: int = _ROW_HEIGHT
    bar_height: int = _BAR_HEIGHT

    @property
    def summary(self) -> str:
        """One sentence for the chart's description."""
        decided = [y for y in self.years if y.rate.decided]
        if not decided:
            return _("Ingen standpunkter er avgjort ennå.")
        years = "; ".join(ngettext("%(year)d: %(percent)d %% av %(num)d avgjort standpunkt",
                                   "%(year)d: %(percent)d %% av %(num)d avgjorte standpunkter",
                                   y.rate.decided, year=y.year, percent=y.rate.percent)
                          for y in decided)
        return _("Andel gjennomslag per år uttalelsene ble sendt inn. %(years)s.", years=years)


def win_rate_chart() -> WinRateChart:
    """The win rate per year of submission, laid out as bars on a 0–100 % axis, and the
    overall win rate (one query)."""
    counts = outcomes.win_rate_counts_by_year()
    scale = Scale(100, WIDTH - _BARS_X - _LABEL_ROOM)
    dated = sorted(year for year in counts if year is not None)
    years = []
    for index, year in enumerate(dated):
        rate = WinRate.from_counts(counts[year])
        years.append(YearBar(year, rate, _AXIS_HEIGHT + index * _ROW_HEIGHT,
                             scale(rate.percent) if rate.percent is not None else 0))
    ticks = [(value, _BARS_X + scale(value)) for value in range(0, 101, 25)]
    return WinRateChart(years, WinRate.from_counts(sum(counts.values(), Counter())), ticks,
                        WIDTH, _AXIS_HEIGHT + len(years) * _ROW_HEIGHT + 4)
