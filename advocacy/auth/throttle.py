"""Refuse logins to an account after repeated failures, counted in the database.

After ``MAX_FAILURES`` failed logins for one email address within ``WINDOW``, further
attempts are refused for ``LOCKOUT``, even with the right password. Unknown addresses are
throttled the same way, so the answer does not reveal whether an account exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, delete
from sqlalchemy.orm import Mapped, mapped_column

from advocacy import clock
from advocacy.extensions import db
from advocacy.types import UTCDateTime

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCKOUT_MINUTES = 15
LOCKOUT = timedelta(minutes=LOCKOUT_MINUTES)


class LoginThrottle(db.Model):
    """Failed logins for one email address."""

    __tablename__ = "login_throttles"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


def locked_until(email: str) -> datetime | None:
    """When the lock on ``email`` ends, if it is locked now."""
    row = db.session.get(LoginThrottle, email.strip().lower())
    if row and row.locked_until and row.locked_until > clock.utcnow():
        return row.locked_until
    return None


def record_failure(email: str) -> None:
    """Count a failed login (the caller commits)."""
    email, now = email.strip().lower(), clock.utcnow()
    row = db.session.get(LoginThrottle, email, with_for_update=True)
    if row is None:
        row = LoginThrottle(email=email, failures=0, window_started_at=now)
        db.session.add(row)
    if now - row.window_started_at > WINDOW:
        row.failures, row.window_started_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= MAX_FAILURES:
        row.locked_until = now + LOCKOUT


def record_success(email: str) -> None:
    """Forget earlier failures after a successful login (the caller commits)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.email == email.strip().lower()))
