"""Norwegian public holidays and the days on which no one should have a deadline."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: Holidays whose date is fixed in the calendar, as (month, day, name). The names are
#: lazy: they are written in the language of the page or mail that shows them.
FIXED_HOLIDAYS = (
    (1, 1, _l("Første nyttårsdag")),
    (5, 1, _l("Arbeidernes dag")),
    (5, 17, _l("Grunnlovsdag")),
    (12, 25, _l("Første juledag")),
    (12, 26, _l("Andre juledag")),
)

#: Holidays that move with Easter, as (days after Easter Sunday, name).
EASTER_HOLIDAYS = (
    (-3, _l("Skjærtorsdag")),
    (-2, _l("Langfredag")),
    (0, _l("Første påskedag")),
    (1, _l("Andre påskedag")),
    (39, _l("Kristi himmelfartsdag")),
    (49, _l("Første pinsedag")),
    (50, _l("Andre pinsedag")),
)

WEEKEND_NAMES = {5: _l("lørdag"), 6: _l("søndag")}


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
def _holidays(year: int) -> Mapping[date, tuple]:
    """The holidays of ``year``: date -> the (lazy) names of the holidays on that day."""
    names: dict[date, list] = {}
    for month, day, name in FIXED_HOLIDAYS:
        names.setdefault(date(year, month, day), []).append(name)
    easter = easter_sunday(year)
    for offset, name in EASTER_HOLIDAYS:
        names.setdefault(easter + timedelta(days=offset), []).append(name)
    # Read-only, because the cache hands the same mapping to every caller; the names are
    # put into words by the caller, in the language being rendered.
    return MappingProxyType({day: tuple(day_names) for day, day_names in sorted(names.items())})


def _name(day_names: tuple) -> str:
    """The names of a day's holidays in the current language; two holidays can share a day
    (17 May 2012 was also Ascension Day): both are named."""
    text = str(day_names[0])
    for name in day_names[1:]:
        text = _("%(first)s og %(second)s", first=text, second=str(name))
    return text


def holidays(year: int) -> dict[date, str]:
    """The Norwegian public holidays of ``year``, by date, with their names (in the
    language being rendered)."""
    return {day: _name(day_names) for day, day_names in _holidays(year).items()}


def is_public_holiday(day: date) -> bool:
    """Whether ``day`` is a Norwegian public holiday (whatever the day of the week)."""
    return day in _holidays(day.year)


def non_working_reason(day: date) -> str | None:
    """Why ``day`` is not a working day ("lørdag", "søndag", a holiday's name, in the
    language being rendered), or None. A holiday's name wins over the weekend's day; use
    ``is_public_holiday`` to tell which it is."""
    day_names = _holidays(day.year).get(day)
    if day_names is not None:
        return _name(day_names)
    weekend = WEEKEND_NAMES.get(day.weekday())
    return str(weekend) if weekend is not None else None


def is_working_day(day: date) -> bool:
    """Whether ``day`` is neither a weekend day nor a public holiday."""
    return day.weekday() not in WEEKEND_NAMES and day not in _holidays(day.year)


def previous_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the nearest working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
