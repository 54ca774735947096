"""Norwegian public holidays and the days on which no one should have a deadline."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

#: Holidays whose date is fixed in the calendar, as (month, day, name).
FIXED_HOLIDAYS = (
    (1, 1, "Første nyttårsdag"),
    (5, 1, "Arbeidernes dag"),
    (5, 17, "Grunnlovsdag"),
    (12, 25, "Første juledag"),
    (12, 26, "Andre juledag"),
)

#: Holidays that move with Easter, as (days after Easter Sunday, name).
EASTER_HOLIDAYS = (
    (-3, "Skjærtorsdag"),
    (-2, "Langfredag"),
    (0, "Første påskedag"),
    (1, "Andre påskedag"),
    (39, "Kristi himmelfartsdag"),
    (49, "Første pinsedag"),
    (50, "Andre pinsedag"),
)

WEEKEND_NAMES = {5: "lørdag", 6: "søndag"}


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def _holidays(year: int) -> Mapping[date, str]:
    names: dict[date, list[str]] = {}
    for month, day, name in FIXED_HOLIDAYS:
        names.setdefault(date(year, month, day), []).append(name)
    easter = easter_sunday(year)
    for offset, name in EASTER_HOLIDAYS:
        names.setdefault(easter + timedelta(days=offset), []).append(name)
    # Two holidays can share a day (17 May 2012 was also Ascension Day); name both.
    joined = {day: " og ".join(day_names) for day, day_names in sorted(names.items())}
    # Read-only, because the cache hands the same mapping to every caller.
    return MappingProxyType(joined)


def holidays(year: int) -> dict[date, str]:
    """The Norwegian public holidays of ``year``, by date, with their Norwegian names."""
    return dict(_holidays(year))


def non_working_reason(day: date) -> str | None:
    """Why ``day`` is not a working day ("lørdag", "søndag", a holiday's name), or None."""
    holiday = _holidays(day.year).get(day)
    if holiday is not None:
        return holiday
    return WEEKEND_NAMES.get(day.weekday())


def previous_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the nearest working day before it."""
    while non_working_reason(day) is not None:
        day -= timedelta(days=1)
    return day
