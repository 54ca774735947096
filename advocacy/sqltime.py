"""Oslo calendar arithmetic inside SQL, the same on SQLite and PostgreSQL.

Moments are stored in UTC (``advocacy.types.UTCDateTime``). PostgreSQL converts them
with its own time-zone database. SQLite has none: there the Oslo wall-clock time is the
UTC time plus the offset Python's ``zoneinfo`` gives for the stretch of time the moment
falls in, the changes to and from summer time being passed to the query as parameters.
``tests/test_sqltime.py`` checks both against ``zoneinfo`` across the changes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import cache

from sqlalchemy import Date, String, case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from advocacy import clock
from advocacy.types import UTCDateTime


@cache
def utc_offsets(first: date, last: date) -> tuple[tuple[datetime, int], ...]:
    """Oslo's offset from UTC in hours from ``first`` to ``last`` (days in UTC): the
    offset at the start of ``first``, then each moment (UTC) it changes and the new one."""
    def hours(moment: datetime) -> int:
        return int(moment.astimezone(clock.OSLO).utcoffset() / timedelta(hours=1))

    moment = datetime.combine(first, time(0), timezone.utc)
    changes = [(moment, hours(moment))]
    while moment.date() <= last:
        following = moment + timedelta(days=1)
        if hours(following) != changes[-1][1]:
            # The change is on the hour (01:00 UTC in Norway): find it.
            change = next(moment + timedelta(hours=h) for h in range(1, 25)
                          if hours(moment + timedelta(hours=h)) != changes[-1][1])
            changes.append((change, hours(change)))
        moment = following
    return tuple(changes)


class _OsloLocal(FunctionElement):
    """A stored moment as an Oslo wall-clock timestamp (PostgreSQL ``timestamp``, SQLite
    ``datetime`` text); made by :func:`oslo_local`."""

    inherit_cache = True


@compiles(_OsloLocal)
def _oslo_local_postgresql(element, compiler, **kw) -> str:
    moment = compiler.process(element.clauses.clauses[0], **kw)
    return f"({moment} AT TIME ZONE 'Europe/Oslo')"


@compiles(_OsloLocal, "sqlite")
def _oslo_local_sqlite(element, compiler, **kw) -> str:
    moment, shift = (compiler.process(c, **kw) for c in element.clauses)
    return f"datetime({moment}, {shift})"


def oslo_local(moment, first: datetime, last: datetime) -> _OsloLocal:
    """``moment`` (a ``UTCDateTime`` column or expression) in Oslo wall-clock time; on
    SQLite exact for moments from ``first`` to ``last``, with the offset at ``last``
    after it."""
    changes = utc_offsets(first.astimezone(timezone.utc).date() - timedelta(days=1),
                          last.astimezone(timezone.utc).date() + timedelta(days=1))
    (__, hours), *later = changes
    shift = literal(f"+{hours} hours")
    if later:
        shift = case(*((moment < literal(start, UTCDateTime), literal(f"+{before} hours"))
                       for (start, __), (__, before) in zip(later, changes)),
                     else_=literal(f"+{changes[-1][1]} hours"))
    return _OsloLocal(moment, shift)


class oslo_days_before(FunctionElement):  # noqa: N801 - used like a SQL function
    """The calendar day ``days`` days before the day of an :func:`oslo_local` timestamp."""

    type = Date()
    inherit_cache = True


@compiles(oslo_days_before)
def _oslo_days_before_postgresql(element, compiler, **kw) -> str:
    local, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({local} AS DATE) - {days})"


@compiles(oslo_days_before, "sqlite")
def _oslo_days_before_sqlite(element, compiler, **kw) -> str:
    local, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({local}, '-' || ({days}) || ' days')"


class time_of_day(FunctionElement):  # noqa: N801 - used like a SQL function
    """The time of day of an :func:`oslo_local` timestamp, as ``HH:MM:SS`` text."""

    type = String()
    inherit_cache = True


@compiles(time_of_day)
def _time_of_day_postgresql(element, compiler, **kw) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'HH24:MI:SS')"


@compiles(time_of_day, "sqlite")
def _time_of_day_sqlite(element, compiler, **kw) -> str:
    return f"time({compiler.process(element.clauses, **kw)})"


class days_after(FunctionElement):  # noqa: N801 - used like a SQL function
    """A moment plus a number of whole days of 24 hours (a number or a subquery)."""

    type = UTCDateTime()
    inherit_cache = True


@compiles(days_after)
def _days_after_postgresql(element, compiler, **kw) -> str:
    moment, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"({moment} + make_interval(days => {days}))"


@compiles(days_after, "sqlite")
def _days_after_sqlite(element, compiler, **kw) -> str:
    moment, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"datetime({moment}, '+' || ({days}) || ' days')"
