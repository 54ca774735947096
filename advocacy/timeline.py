"""A condition's history in one place: what the domains above it say happened, and when.

Like ``advocacy.panels``: the condition's page must not import hearings, papers or the
dialogue with the state (they build on conditions), so each domain registers a *source*
for the page ``"condition"``; the timeline asks every source for its events about one
object, merges them and shows them newest first. A source answers in a fixed number of
queries and only with what the current user may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import groupby
from typing import Any

from advocacy import clock

#: The most events a timeline shows (newest first); a source need not return more.
LIMIT = 300

_sources: dict[str, list[Callable[[Any, int], Iterable[Event]]]] = {}


@dataclass(frozen=True)
class Event:
    """One thing that happened: on a day, perhaps at a time (Oslo), of a kind."""

    day: date
    #: Norwegian, short: «Høring», «Uttalelse», «Gjennomslag», «Kobling», «Møte» …
    kind: str
    text: str
    url: str | None = None
    at: time | None = None

    @classmethod
    def at_moment(cls, moment: datetime, kind: str, text: str, url: str | None = None
                  ) -> Event:
        """An event at an aware moment, shown in Oslo time."""
        local = moment.astimezone(clock.OSLO)
        return cls(local.date(), kind, text, url, local.time().replace(second=0,
                                                                      microsecond=0))

    @property
    def sort_key(self) -> tuple[date, time]:
        # A day without a time sorts after that day's timed events (it is the day's end
        # for a deadline or a decision).
        return (self.day, self.at or time.max)


def register(page: str):
    """Decorate ``source(obj, limit) -> events`` as a source of the timeline of ``page``."""
    def decorator(source: Callable[[Any, int], Iterable[Event]]):
        _sources.setdefault(page, []).append(source)
        return source
    return decorator


def events_for(page: str, obj: Any, limit: int = LIMIT) -> list[Event]:
    """Every registered source's events about ``obj``, newest first, at most ``limit``."""
    events = [e for source in _sources.get(page, ()) for e in source(obj, limit)]
    events.sort(key=lambda e: e.sort_key, reverse=True)
    return events[:limit]


def by_year(events: list[Event]) -> list[tuple[int, list[Event]]]:
    """Events (newest first) grouped by year, for headings."""
    return [(year, list(group)) for year, group in groupby(events, key=lambda e: e.day.year)]
