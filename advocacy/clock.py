"""The one clock of the application: ``now()`` in Europe/Oslo, replaceable in tests."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

_fixed: datetime | None = None


def now() -> datetime:
    """Return the current moment as an aware datetime in Europe/Oslo."""
    if _fixed is not None:
        return _fixed.astimezone(OSLO)
    return datetime.now(timezone.utc).astimezone(OSLO)


def today() -> date:
    """Return today's date in Europe/Oslo."""
    return now().date()


def utcnow() -> datetime:
    """Return the current moment as an aware datetime in UTC, for storing."""
    return now().astimezone(timezone.utc)


def freeze(moment: datetime | None) -> None:
    """Fix the clock at ``moment`` (aware), or let it run again with ``None``. For tests."""
    global _fixed
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _fixed = moment
