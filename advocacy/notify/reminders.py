"""The reminder job: plan what is due, record it, send one digest per recipient.

Exactly once: every reminder is recorded under a unique key and committed *before* its
mail goes; a second run, or a second scheduler, finds the key and sends nothing. A send
that fails (SMTP down) marks its reminders failed, and the next run tries them again. A
crash between recording and sending leaves them recorded but unsent (shown in the log):
we never risk sending twice. A lock row keeps two processes from running the job at once.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from advocacy import clock, i18n
from advocacy.extensions import db
from advocacy.notify import mail, planning, sources
from advocacy.notify.models import Reminder, ReminderState, acquire_lock, release_lock

log = logging.getLogger(__name__)

JOB = "send-reminders"
#: Digests claimed, sent and marked per commit: a crash leaves at most this many unsent.
BATCH = 50
LOCK_TTL = timedelta(minutes=30)


@dataclass
class RunReport:
    """What one run did (or, dry, would do)."""

    #: recipient email -> the reminders in their digest
    sent: dict[str, list[planning.Due]] = field(default_factory=dict)
    #: recipient email -> error
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    already_recorded: int = 0
    locked_out: bool = False


def build_digest(person: planning.Person, dues: list[planning.Due], now: datetime):
    """The digest mail for ``person``."""
    return mail.build_message(mail.Recipient(person.email, person.name,
                                             language=i18n.for_user(person)), "notify/digest",
                              person=person, dues=dues, now=now)


def run_reminders(now: datetime | None = None, *, dry_run: bool = False) -> RunReport:
    """Send every reminder due at ``now`` (default: the clock); with ``dry_run``, only tell."""
    now = now or clock.now()
    report = RunReport()
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if not dry_run and not acquire_lock(JOB, holder, LOCK_TTL):
        log.info("reminders: another process is running the job; nothing done")
        report.locked_out = True
        return report
    try:
        plan = planning.plan(now, sources.all_deadlines(now))
        report.skipped = plan.skipped
        for who, why in plan.skipped:
            log.info("reminders: skipped %s: %s", who, why)
        digests = list(plan.digests.values())
        if dry_run:
            report.sent = {dues[0].person.email: dues for dues in digests}
            return report
        for start in range(0, len(digests), BATCH):
            sent, failed = [], {}
            with mail.connection() as deliver:
                for dues in _claim(digests[start:start + BATCH], report):
                    person = dues[0].person
                    try:
                        _send(deliver, person, dues, now)
                    except mail.MailError as error:
                        log.warning("reminders: digest to %s not sent, will retry: %s",
                                    person.email, error)
                        failed[person.email] = (dues, str(error))
                    else:
                        sent.append(dues)
            _record(sent, failed, report)
    finally:
        if not dry_run:
            release_lock(JOB, holder)
    return report


def _claim(digests: list[list[planning.Due]], report: RunReport) -> list[list[planning.Due]]:
    """Record the batch's reminders not sent before and retry failed ones, in one commit.

    Returns, per digest, the reminders this run is to send; an empty list when another
    process recorded them a moment ago (theirs to send).
    """
    keys = {due.key: due for dues in digests for due in dues}
    existing = {r.key: r for r in db.session.scalars(select(Reminder)
                                                     .where(Reminder.key.in_(list(keys))))}
    retry = {row.key: row.id for row in existing.values() if row.state == ReminderState.FAILED}
    if retry:
        db.session.execute(update(Reminder).where(Reminder.id.in_(list(retry.values())),
                                                  Reminder.state == ReminderState.FAILED)
                           .values(state=ReminderState.CLAIMED, attempts=Reminder.attempts + 1,
                                   claimed_at=clock.utcnow()))
    mine = []
    for dues in digests:
        ours = []
        for due in dues:
            row = existing.get(due.key)
            if row is None:
                db.session.add(Reminder(
                    key=due.key, recipient_id=due.person.id, item=due.deadline.item,
                    item_title=due.deadline.title[:500], deadline_at=due.deadline.deadline_at,
                    lead_days=due.lead, state=ReminderState.CLAIMED,
                    claimed_at=clock.utcnow()))
                ours.append(due)
            elif due.key in retry:
                ours.append(due)
            else:
                report.already_recorded += 1
        if ours:
            mine.append(ours)
    try:
        db.session.commit()
    except IntegrityError:  # another process recorded them a moment ago: theirs to send
        db.session.rollback()
        return []
    return mine


def _send(deliver, person: planning.Person, dues: list[planning.Due], now: datetime) -> None:
    deliver(build_digest(person, dues, now))


def _record(sent: list[list[planning.Due]], failed: dict[str, tuple[list[planning.Due], str]],
            report: RunReport) -> None:
    """Mark a batch's reminders sent or failed, in one commit."""
    keys = [due.key for dues in sent for due in dues]
    if keys:
        db.session.execute(update(Reminder).where(Reminder.key.in_(keys))
                           .values(state=ReminderState.SENT, sent_at=clock.utcnow(),
                                   last_error=""))
    for email, (dues, error) in failed.items():
        db.session.execute(update(Reminder).where(Reminder.key.in_([d.key for d in dues]))
                           .values(state=ReminderState.FAILED, last_error=error[:2000]))
        report.failed[email] = error
    db.session.commit()
    for dues in sent:
        report.sent[dues[0].person.email] = dues


def preview(person: planning.Person, now: datetime | None = None):
    """The digest ``person`` would get at ``now``, whether or not it was sent; or ``None``."""
    now = now or clock.now()
    plan = planning.plan(now, sources.all_deadlines(now))
    dues = plan.digests.get(person.id)
    return build_digest(person, dues, now) if dues else None
