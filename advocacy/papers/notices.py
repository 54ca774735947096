"""Telling a paper's responsible adviser of partners' answers, one digest per hour.

Each answer (signed, declined, withdrawn) is recorded as a pending ``SigningNotice`` in the
answer's own transaction (``record``). The scheduler runs ``run_notices`` every few
minutes: an adviser whose oldest pending notice is ``SIGNING_NOTICE_DELAY_MINUTES`` old
gets all their pending notices in one mail, so the first answer starts the hour.

Exactly once: a run first claims the rows it will mail (``UPDATE … WHERE state =
'pending'`` with its own mark, committed) and mails only the rows carrying its mark; a
second run at the same moment finds them claimed. A mail that fails puts its rows back to
pending for the next run; a crash between claiming and sending leaves them claimed and
unsent (logged), never sent twice.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from advocacy import clock, i18n
from advocacy.audit.models import AuditEvent
from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.notify import mail, scheduler
from advocacy.papers.models import (Invitation, NoticeAnswer, NoticeState, PositionPaper,
                                    SigningNotice)

log = logging.getLogger(__name__)

JOB_ID = "send-signing-notices"
#: How often the scheduler looks for notices whose delay has passed.
INTERVAL_MINUTES = 5


@dataclass
class NoticeReport:
    """What one run did."""

    #: adviser email -> the notices in their mail
    sent: dict[str, list[SigningNotice]] = field(default_factory=dict)
    #: adviser email -> error (their notices wait for the next run)
    failed: dict[str, str] = field(default_factory=dict)


def adviser_of(paper: PositionPaper) -> User | None:
    """Who hears of the paper's answers: its responsible user, else whoever created it
    (from the change log); ``None`` when that user is deactivated or has no address."""
    user = paper.responsible
    if user is None and paper.id is not None:
        creator_id = db.session.scalar(
            select(AuditEvent.actor_id).where(AuditEvent.object_type == "paper",
                                              AuditEvent.object_id == paper.id,
                                              AuditEvent.action == "create")
            .order_by(AuditEvent.id).limit(1))
        user = db.session.get(User, creator_id) if creator_id is not None else None
    if user is None or not user.is_active or not user.email:
        return None
    return user


def record(invitation: Invitation, answer: NoticeAnswer, user: User) -> None:
    """Note ``invitation``'s new answer for the paper's adviser (sent later by the job).

    :param user: the partner who answered; named for a decline or a withdrawal.
    """
    adviser = adviser_of(invitation.paper)
    if adviser is None:
        return
    signed = answer == NoticeAnswer.SIGNED
    db.session.add(SigningNotice(
        recipient=adviser, paper=invitation.paper, organisation=invitation.organisation,
        answer=answer, signer_name=invitation.signer_name if signed else user.name,
        signer_title=invitation.signer_title if signed else "",
        mandate=invitation.mandate if signed else "",
        comment=invitation.comment if answer == NoticeAnswer.DECLINED else ""))


def delay() -> timedelta:
    return timedelta(minutes=int(current_app.config["SIGNING_NOTICE_DELAY_MINUTES"]))


def due_recipients(now: datetime) -> list[int]:
    """Advisers whose oldest pending notice is at least the delay old at ``now``."""
    return list(db.session.scalars(
        select(SigningNotice.recipient_id).where(SigningNotice.state == NoticeState.PENDING)
        .group_by(SigningNotice.recipient_id)
        .having(func.min(SigningNotice.created_at) <= now - delay())))


def run_notices(now: datetime | None = None) -> NoticeReport:
    """Mail every adviser whose answers have waited the delay; one mail each."""
    now = now or clock.now()
    report = NoticeReport()
    recipients = due_recipients(now)
    if not recipients:
        return report
    mark = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    db.session.commit()  # the claim starts a transaction of its own
    db.session.execute(
        update(SigningNotice)
        .where(SigningNotice.state == NoticeState.PENDING,
               SigningNotice.recipient_id.in_(recipients), SigningNotice.created_at <= now)
        .values(state=NoticeState.CLAIMED, claim=mark)
        .execution_options(synchronize_session=False))
    db.session.commit()
    notices = db.session.scalars(
        select(SigningNotice).where(SigningNotice.claim == mark,
                                    SigningNotice.state == NoticeState.CLAIMED)
        .options(selectinload(SigningNotice.recipient), selectinload(SigningNotice.paper),
                 selectinload(SigningNotice.organisation))
        .order_by(SigningNotice.recipient_id, SigningNotice.created_at, SigningNotice.id)).all()
    by_recipient: dict[int, list[SigningNotice]] = defaultdict(list)
    for notice in notices:
        by_recipient[notice.recipient_id].append(notice)
    sent_ids, failed = [], {}
    with mail.connection() as deliver:
        for group in by_recipient.values():
            adviser = group[0].recipient
            if not adviser.is_active or not adviser.email:
                log.info("signing notices: %s is deactivated; %d dropped", adviser.name,
                         len(group))
                sent_ids.extend(n.id for n in group)
                continue
            try:
                deliver(build_message(adviser, group))
            except mail.MailError as error:
                log.warning("signing notices: mail to %s not sent, will retry: %s",
                            adviser.email, error)
                failed[adviser.email] = ([n.id for n in group], str(error))
            else:
                sent_ids.extend(n.id for n in group)
                report.sent[adviser.email] = group
    if sent_ids:
        db.session.execute(update(SigningNotice).where(SigningNotice.id.in_(sent_ids))
                           .values(state=NoticeState.SENT, sent_at=clock.utcnow(),
                                   last_error="")
                           .execution_options(synchronize_session=False))
    for email, (ids, error) in failed.items():
        db.session.execute(update(SigningNotice).where(SigningNotice.id.in_(ids))
                           .values(state=NoticeState.PENDING, claim="",
                                   last_error=error[:2000])
                           .execution_options(synchronize_session=False))
        report.failed[email] = error
    db.session.commit()
    return report


def build_message(adviser: User, notices: list[SigningNotice]):
    """The digest of ``notices`` (one adviser's) as one mail, grouped by paper."""
    papers: dict[int, list[SigningNotice]] = defaultdict(list)
    for notice in notices:
        papers[notice.paper_id].append(notice)
    groups = [(group[0].paper, group,
               mail.external_url("papers.detail", paper_id=group[0].paper_id)
               + "#medsignering")
              for group in papers.values()]
    return mail.build_message(mail.Recipient(adviser.email, adviser.name,
                                             language=i18n.for_user(adviser)),
                              "papers/answers", user=adviser, groups=groups,
                              count=len(notices))


scheduler.register_interval_job(JOB_ID, "advocacy.papers.notices:run_scheduled",
                                "Varsle om svar på medsignering",  # i18n: not ui (job name)
                                INTERVAL_MINUTES)


def run_scheduled() -> None:
    """The scheduler's entry (inside the app context it provides)."""
    report = run_notices()
    if report.sent or report.failed:
        log.info("signing notices: %d mails sent, %d failed", len(report.sent),
                 len(report.failed))
