"""Oslo calendar arithmetic in SQL (advocacy/sqltime.py) agrees with zoneinfo, on SQLite
(summer time from the offsets passed in) as on PostgreSQL (its own time zones)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import literal, select

from advocacy import clock
from advocacy.extensions import db
from advocacy.sqltime import (days_after, oslo_days_before, oslo_local, time_of_day,
                              utc_offsets)
from advocacy.types import UTCDateTime

UTC = timezone.utc
#: Moments around the changes of 2026 and 2027 and two midnights, in UTC.
MOMENTS = [
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 24, 22, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 59, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC), datetime(2026, 10, 25, 23, 0, tzinfo=UTC),
    datetime(2026, 12, 31, 22, 59, tzinfo=UTC), datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
    datetime(2027, 3, 27, 23, 30, tzinfo=UTC), datetime(2027, 3, 28, 0, 30, tzinfo=UTC),
    datetime(2027, 3, 28, 1, 0, tzinfo=UTC), datetime(2027, 3, 28, 22, 15, tzinfo=UTC),
    datetime(2027, 10, 30, 22, 0, tzinfo=UTC), datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
    datetime(2027, 10, 31, 1, 30, tzinfo=UTC), datetime(2027, 10, 31, 23, 0, tzinfo=UTC),
]


def test_the_offsets_change_at_01_00_utc_on_the_last_sundays_of_march_and_october():
    assert utc_offsets(date(2026, 11, 1), date(2027, 12, 31)) == (
        (datetime(2026, 11, 1, tzinfo=UTC), 1),
        (datetime(2027, 3, 28, 1, tzinfo=UTC), 2),
        (datetime(2027, 10, 31, 1, tzinfo=UTC), 1))


def test_oslo_day_and_time_in_sql_are_zoneinfos(app):
    first, last = MOMENTS[0] - timedelta(days=3), MOMENTS[-1] + timedelta(days=3)
    for moment in MOMENTS:
        local = oslo_local(literal(moment, UTCDateTime), first, last)
        for days in (0, 1, 7, 40):
            day, at = db.session.execute(
                select(oslo_days_before(local, days), time_of_day(local))).one()
            expected = moment.astimezone(clock.OSLO)
            assert (day, at) == (expected.date() - timedelta(days=days),
                                 f"{expected:%H:%M:%S}"), (moment, days)


def test_days_after_adds_whole_days(app):
    moment = datetime(2026, 11, 26, 22, 59, tzinfo=UTC)
    later = db.session.scalar(select(days_after(literal(moment, UTCDateTime), 400)))
    assert later == moment + timedelta(days=400)
