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
import re
import smtplib
import ssl
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from email.charset import QP, Charset
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.policy import default as default_policy
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import event
from sqlalchemy.orm import Session

from advocacy import clock, i18n

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """A message could not be handed to the mail server."""


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to."""

    email: str
    name: str = ""
    #: The language the message is written in (``advocacy.i18n.for_user`` and friends).
    language: str = "nb"


def _check_header_value(value: str, what: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"{what} may not contain a line break")
    return value


def build_message(recipient: Recipient, template: str, **context) -> Message:
    """Render ``templates/emails/<template>.txt/.html`` into a message to ``recipient``.

    Built with the email package's classic API: its modern ``EmailMessage`` parses and
    refolds every header through the header registry, which cost 10 ms a message and most
    of a reminder run's time. Names and subjects are still RFC 2047-encoded, bodies are
    quoted-printable UTF-8.
    """
    with i18n.force_locale(recipient.language):
        text = render_template(f"emails/{template}.txt", recipient=recipient, **context)
        html = render_template(f"emails/{template}.html", recipient=recipient, **context)
    first, __, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"emails/{template}.txt must start with a 'Subject:' line")
    subject = _check_header_value(first.removeprefix("Subject:").strip(), "subject")
    sender_name, sender_email = current_app.config["MAIL_FROM_NAME"], current_app.config["MAIL_FROM"]
    message = MIMEMultipart("alternative")
    message["Subject"] = Header(subject, _UTF8)
    message["From"] = formataddr((_check_header_value(sender_name, "sender name"),
                                  _check_address(sender_email, "sender")), _UTF8)
    message["To"] = formataddr((_check_header_value(recipient.name, "recipient name"),
                                _check_address(recipient.email, "recipient")), _UTF8)
    message["Date"] = formatdate(clock.now().timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain=sender_email.rpartition("@")[2] or "advocacy")
    message.attach(_part("plain", body.lstrip("\n")))
    message.attach(_part("html", html))
    return message


_UTF8 = "utf-8"


def _part(subtype: str, content: str) -> Message:
    charset = Charset(_UTF8)
    charset.body_encoding = QP
    part = Message()
    part.set_payload(content if content.endswith("\n") else content + "\n", charset)
    part.set_type(f"text/{subtype}")
    return part


def _check_address(value: str, what: str) -> str:
    """An address as the SMTP envelope and the header will carry it: one plain addr-spec."""
    _check_header_value(value, what)
    if not _ADDRESS.fullmatch(value):
        raise ValueError(f"{what} is not a plain email address: {value!r}")
    return value


_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+")


def read(message: Message) -> EmailMessage:
    """``message`` as the modern API reads it (``get_body``, ``addresses``), for previews."""
    return message_from_bytes(message.as_bytes(), policy=default_policy)


def send(message: Message) -> None:
    """Deliver ``message`` now, by SMTP or to the outbox folder; raises ``MailError``."""
    with connection() as deliver:
        deliver(message)


@contextmanager
def connection() -> Iterator[Callable[[Message], None]]:
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

    def deliver(message: Message) -> None:
        try:
            if "smtp" not in box:
                box["smtp"] = _open_smtp(config)
            box["smtp"].send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("mail to %s not sent: %s", message["To"], error)
            _close(box.pop("smtp", None))
            raise MailError(f"E-posten kunne ikke sendes: {error}") from error  # i18n: not ui

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


def _write_to_outbox(message: Message) -> None:
    outbox = Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox")
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{clock.utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(message.as_bytes())
    log.info("mail to %s written to %s", message["To"], outbox / name)


def queue(session: Session, message: Message) -> None:
    """Send ``message`` once ``session`` commits; drop it if the session rolls back."""
    session.info.setdefault("mail_queue", []).append(message)


def failures(session: Session) -> list[Message]:
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
