"""Norwegian formatting of dates and times, and URL helpers for templates."""

from __future__ import annotations

from datetime import date, datetime

from flask import request, url_for

from advocacy.clock import OSLO


def date_nb(value: date | datetime | None) -> str:
    """Format as ``dd.mm.yyyy`` (a datetime in Europe/Oslo)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(OSLO).date()
    return value.strftime("%d.%m.%Y")


def datetime_nb(value: datetime | None) -> str:
    """Format as ``dd.mm.yyyy kl. HH:MM`` in Europe/Oslo."""
    if value is None:
        return ""
    return value.astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M")


def url_with(**changes) -> str:
    """The current page's URL with some query arguments changed (``None`` removes one)."""
    args = request.args.to_dict(flat=False)
    for key, val in changes.items():
        if val is None:
            args.pop(key, None)
        else:
            args[key] = [val]
    return url_for(request.endpoint, **(request.view_args or {}), **args)
