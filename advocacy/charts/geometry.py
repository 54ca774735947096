"""The arithmetic of a chart: a linear scale with round ticks, and text that fits a bar.

No drawing here: templates under ``templates/charts/`` turn these numbers into SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """Maps values from 0 to ``maximum`` onto lengths from 0 to ``length`` (SVG units)."""

    maximum: float
    length: float

    def __call__(self, value: float) -> float:
        """The length of ``value``, rounded to a tenth of a unit (shorter SVG text)."""
        if self.maximum <= 0:
            return 0.0
        return round(self.length * min(max(value, 0), self.maximum) / self.maximum, 1)


def nice_step(maximum: float, ticks: int = 5) -> int:
    """A round step (1, 2, 5 × 10ⁿ) that divides 0..``maximum`` into at most ``ticks`` parts."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


def axis(maximum: float, length: float, ticks: int = 5) -> tuple[Scale, list[tuple[int, float]]]:
    """A scale from 0 to a round top at or above ``maximum``, and its ticks (value, position)."""
    step = nice_step(maximum, ticks)
    top = max(step, math.ceil(maximum / step) * step)
    scale = Scale(top, length)
    return scale, [(value, scale(value)) for value in range(0, top + 1, step)]


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with «…» when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return cut.rstrip(" ,.;:–-") + "…"
