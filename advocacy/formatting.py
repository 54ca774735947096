"""Norwegian formatting of dates, times and numbers, and URL helpers for templates.

Dates and numbers go through Babel in the language being rendered (``advocacy.i18n``):
``dd.mm.yyyy`` in both standards, month names and the thousands separator (a
non-breaking space) as each standard writes them.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, dates, numbers
from flask import request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from advocacy import i18n
from advocacy.clock import OSLO

_DEFAULT = Locale.parse(i18n.DEFAULT)


def _locale() -> Locale:
    """The locale being rendered in (a ``Locale``: Babel parses a string on every call)."""
    return get_locale() or _DEFAULT


def _day(value: date | datetime) -> date:
    return value.astimezone(OSLO).date() if isinstance(value, datetime) else value


def date_nb(value: date | datetime | None) -> str:
    """Format as ``dd.mm.yyyy`` (a datetime in Europe/Oslo)."""
    if value is None:
        return ""
    return dates.format_date(_day(value), "dd.MM.yyyy", locale=_locale())


def datetime_nb(value: datetime | None) -> str:
    """Format as ``dd.mm.yyyy kl. HH:MM`` in Europe/Oslo."""
    if value is None:
        return ""
    moment = value.astimezone(OSLO)
    return _("%(date)s kl. %(time)s", date=date_nb(moment),
             time=dates.format_time(moment.time(), "HH:mm", locale=_locale()))


def date_long(value: date | datetime | None) -> str:
    """Format as ``30. november 2026`` (nynorsk and bokmål month names are Babel's)."""
    if value is None:
        return ""
    return dates.format_date(_day(value), "d. MMMM y", locale=_locale())


def number(value: int | float | None) -> str:
    """A number as the language writes it: ``12 345`` and ``0,5``."""
    if value is None:
        return ""
    return numbers.format_decimal(value, locale=_locale())


def percent(value: float | None, digits: int = 0) -> str:
    """A share (0.17) as ``17 %``."""
    if value is None:
        return ""
    return numbers.format_percent(value, format="#,##0" + ("." + "0" * digits if digits else "")
                                  + "\u00a0%", locale=_locale())


def url_with(**changes) -> str:
    """The current page's URL with some query arguments changed (``None`` removes one)."""
    args = request.args.to_dict(flat=False)
    for key, val in changes.items():
        if val is None:
            args.pop(key, None)
        else:
            args[key] = [val]
    return url_for(request.endpoint, **(request.view_args or {}), **args)
