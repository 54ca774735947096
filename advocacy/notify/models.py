"""Reminder (what was sent to whom, so nothing is sent twice) and JobLock."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock
from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.types import UTCDateTime


class ReminderState(StrEnum):
    #: Recorded and handed to a run that is sending it.
    CLAIMED = "claimed"
    SENT = "sent"
    #: The mail server refused or was down; the next run tries again.
    FAILED = "failed"

    @property
    def label(self):
        return _STATE_LABELS[self.value]


_STATE_LABELS = {"claimed": _l("Under sending (eller avbrutt)"), "sent": _l("Sendt"),
                 "failed": _l("Feilet – prøves igjen")}


class Reminder(db.Model):
    """One reminder for one recipient about one deadline at one lead time.

    It is recorded (claimed) before the mail goes, and its ``key`` is unique, so a second
    run or a second scheduler never sends it again; a crash after claiming leaves it
    claimed and unsent rather than sending it twice.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        CheckConstraint("state IN ('claimed', 'sent', 'failed')", name="state_known"),
        CheckConstraint("lead_days >= 0", name="lead_not_negative"),
        CheckConstraint("state != 'sent' OR sent_at IS NOT NULL", name="sent_has_time"),
        # The next run looks for failed reminders only.
        Index("ix_reminders_failed", "state", sqlite_where=text("state = 'failed'"),
              postgresql_where=text("state = 'failed'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: recipient : item : deadline (UTC ISO) : lead — unique, so each is sent once.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              index=True)
    #: What the reminder is about: ``hearing:12``, ``milestone:40``, …
    item: Mapped[str] = mapped_column(String(60))
    item_title: Mapped[str] = mapped_column(String(500))
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lead_days: Mapped[int] = mapped_column()
    state: Mapped[str] = mapped_column(String(10), default=ReminderState.CLAIMED)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=1)
    last_error: Mapped[str] = mapped_column(Text, default="")

    recipient: Mapped[User] = relationship()

    @property
    def state_label(self):
        return ReminderState(self.state).label


class JobLock(db.Model):
    """A lock row per job, so that two scheduler processes never run a job at once."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100), default="")
    #: A crashed holder's lock runs out at this moment.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


def acquire_lock(name: str, holder: str, ttl: timedelta) -> bool:
    """Take the lock ``name`` unless another holder has it; commits. Tells whether we got it."""
    if db.session.get(JobLock, name) is None:
        db.session.add(JobLock(name=name, holder="", locked_until=None))
        try:
            db.session.commit()
        except IntegrityError:  # another process inserted it first; fine, it exists now
            db.session.rollback()
    now = clock.utcnow()
    result = db.session.execute(
        update(JobLock)
        .where(JobLock.name == name,
               (JobLock.locked_until.is_(None)) | (JobLock.locked_until < now))
        .values(holder=holder, locked_until=now + ttl))
    db.session.commit()
    return result.rowcount == 1


def release_lock(name: str, holder: str) -> None:
    """Give the lock back (only if we still hold it); commits."""
    db.session.execute(update(JobLock).where(JobLock.name == name, JobLock.holder == holder)
                       .values(locked_until=None))
    db.session.commit()
