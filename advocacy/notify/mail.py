"""The one mail sender of the application.

Messages are multipart text + HTML, rendered from ``templates/emails/<name>.txt`` and
``.html``; the first line of the text template is ``Subject: …``. With
``MAIL_SERVER`` set they go by SMTP (STARTTLS or SSL, with login when a user is set);
otherwise each is written as an ``.eml`` file to ``instance/outbox/``.

Mail triggered by a request is *queued* on the database session and sent only after the
commit succeeded (``queue``); a rollback drops it. Failures are kept so the view can tell
the user that the mail could not be sent.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import event
from sqlalchemy.orm import Session

from advocacy import clock

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """A message could not be handed to the mail server."""


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to."""

    email: str
    name: str = ""


def _check_header_value(value: str, what: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"{what} may not contain a line break")
    return value


def build_message(recipient: Recipient, template: str, **context) -> EmailMessage:
    """Render ``templates/emails/<template>.txt/.html`` into a message to ``recipient``."""
    text = render_template(f"emails/{template}.txt", recipient=recipient, **context)
    html = render_template(f"emails/{template}.html", recipient=recipient, **context)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"emails/{template}.txt must start with a 'Subject:' line")
    subject = _check_header_value(first.removeprefix("Subject:").strip(), "subject")
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = subject
    sender_name, sender_email = current_app.config["MAIL_FROM_NAME"], current_app.config["MAIL_FROM"]
    message["From"] = Address(_check_header_value(sender_name, "sender name"),
                              addr_spec=_check_header_value(sender_email, "sender"))
    message["To"] = Address(_check_header_value(recipient.name, "recipient name"),
                            addr_spec=_check_header_value(recipient.email, "recipient"))
    message["Date"] = formatdate(clock.now().timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain=sender_email.rpartition("@")[2] or "advocacy")
    message.set_content(body.lstrip("\n"))
    message.add_alternative(html, subtype="html")
    return message


def send(message: EmailMessage) -> None:
    """Deliver ``message`` now, by SMTP or to the outbox folder; raises ``MailError``."""
    with connection() as deliver:
        deliver(message)


@contextmanager
def connection() -> Iterator[Callable[[EmailMessage], None]]:
    """One SMTP connection for several messages; yields ``deliver(message)``.

    The connection is opened at the first message and kept for the next ones, so a
    reminder run with a hundred digests logs in once, not a hundred times. A message that
    fails raises ``MailError`` and closes the connection; the next message opens a new one.
    Without ``MAIL_SERVER`` each message is written to the outbox folder.
    """
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        yield _write_to_outbox
        return
    box: dict[str, smtplib.SMTP] = {}

    def deliver(message: EmailMessage) -> None:
        try:
            if "smtp" not in box:
                box["smtp"] = _open_smtp(config)
            box["smtp"].send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("mail to %s not sent: %s", message["To"], error)
            _close(box.pop("smtp", None))
            raise MailError(f"E-posten kunne ikke sendes: {error}") from error

    try:
        yield deliver
    finally:
        _close(box.pop("smtp", None), polite=True)


def _open_smtp(config) -> smtplib.SMTP:
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(config["MAIL_SERVER"], config.get("MAIL_PORT") or 465,
                                timeout=config["MAIL_TIMEOUT"],
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT") or 25,
                            timeout=config["MAIL_TIMEOUT"])
    try:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except BaseException:
        _close(smtp)
        raise
    return smtp


def _close(smtp: smtplib.SMTP | None, polite: bool = False) -> None:
    """Close ``smtp``: with QUIT when it still works, else just the socket."""
    if smtp is None:
        return
    try:
        if polite:
            smtp.quit()
    except (OSError, smtplib.SMTPException):
        pass
    finally:
        smtp.close()


def _write_to_outbox(message: EmailMessage) -> None:
    outbox = Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox")
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{clock.utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(message.as_bytes())
    log.info("mail to %s written to %s", message["To"], outbox / name)


def queue(session: Session, message: EmailMessage) -> None:
    """Send ``message`` once ``session`` commits; drop it if the session rolls back."""
    session.info.setdefault("mail_queue", []).append(message)


def failures(session: Session) -> list[EmailMessage]:
    """Messages queued on ``session`` whose sending failed after the last commit."""
    return session.info.get("mail_failures", [])


@event.listens_for(Session, "after_commit")
def _send_queued(session: Session) -> None:
    pending = session.info.pop("mail_queue", [])
    session.info["mail_failures"] = []
    if not pending:
        return
    with connection() as deliver:
        for message in pending:
            try:
                deliver(message)
            except MailError:
                session.info["mail_failures"].append(message)


@event.listens_for(Session, "after_soft_rollback")
def _drop_queued(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        session.info.pop("mail_queue", None)


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, always on the configured ``PUBLIC_URL``.

    Never built from the request: its ``Host`` header is chosen by whoever sends it, and a
    reset link mailed to a victim must not point to the sender's site.
    """
    from urllib.parse import urlsplit

    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)
