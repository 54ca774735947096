"""Where deadlines come from: each domain registers a function that lists its own.

A new kind of deadline (e.g. a paper's sign-by date) is one function decorated with
``deadline_source`` in its own domain; the planner and the sender need no change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from flask import current_app

from advocacy.clock import OSLO
from advocacy.notify.planning import DeadlineItem

_SOURCES: list[Callable[[datetime], list[DeadlineItem]]] = []


def deadline_source(function: Callable[[datetime], list[DeadlineItem]]):
    """Register ``function(now) -> [DeadlineItem]`` as a source of reminders."""
    if function not in _SOURCES:
        _SOURCES.append(function)
    return function


def all_deadlines(now: datetime) -> list[DeadlineItem]:
    """Every registered source's deadlines."""
    items: list[DeadlineItem] = []
    for source in _SOURCES:
        items.extend(source(now))
    return items


def window(now: datetime, leads: tuple[int, ...]) -> tuple[datetime, datetime]:
    """The moments ``[start, end)`` a deadline must fall in for a reminder to be due at ``now``.

    ``planning.current_lead`` finds nothing for a deadline before today (Oslo) or more than
    the largest lead time of days ahead, so a source need not load those: the job then costs
    what is due, not every deadline the database holds.
    """
    today = now.astimezone(OSLO).date()
    start = datetime.combine(today, time.min, OSLO)
    end = datetime.combine(today + timedelta(days=max(leads, default=0) + 1), time.min, OSLO)
    return start, end


def lead_days(name: str) -> tuple[int, ...]:
    """Lead times from config (a list, or text like "14,7,2,0"), largest first."""
    value = current_app.config[name]
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",") if part.strip()]
    return tuple(sorted({int(v) for v in value}, reverse=True))
