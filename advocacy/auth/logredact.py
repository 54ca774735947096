"""Keep invitation and reset tokens out of access logs.

The mailed links are ``/invitation/<token>`` and ``/password/reset/<token>``: a link in
plain text works in every mail client and without JavaScript, and the page can say at
once whose account it is and whether the link is still valid. (A token in a URL fragment,
which browsers never send, would need JavaScript to be read; a token typed into a form
would make the mail hard to use.) The token is single-use, expires, and every other link
of the account stops working once a password is set; what remains is that the path is
written to access logs. This module takes care of that:

* the server's access log: a logging filter replaces the token with ``[skjult]`` in the
  records of the ``werkzeug`` logger (``flask run``, the development server) and of the
  ``gunicorn.access`` logger (production), both in the message and in its arguments;
* the Referer header: the link pages are sent with ``Referrer-Policy: no-referrer``
  (``account_views``), so the token does not travel on to the next request's log line.

A reverse proxy in front of the app writes its own log; it must redact the same paths
(nginx: a ``map`` on ``$request_uri`` used in ``log_format``, or ``access_log off`` for
``location ~ ^/(invitation|password/reset)/``).
"""

from __future__ import annotations

import logging
import re

#: The two link paths, with the token (URL-safe base64) that follows them.
TOKEN_PATH = re.compile(r"(/invitation/|/password/reset/)[^\s/?#\"']+")
REDACTED = r"\1[skjult]"

#: Loggers that write a line per request.
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access")


def redact(text: str) -> str:
    """``text`` with every invitation or reset token replaced by ``[skjult]``."""
    return TOKEN_PATH.sub(REDACTED, text)


def _redact_value(value):
    return redact(value) if isinstance(value, str) else value


class RedactTokens(logging.Filter):
    """Remove link tokens from a log record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            # gunicorn passes its atoms as one mapping of its own type (it answers "-" for
            # absent headers), so change the values in place rather than copy it.
            for key, value in list(record.args.items()):
                if isinstance(value, str):
                    record.args[key] = redact(value)
        elif isinstance(record.args, tuple):
            record.args = tuple(_redact_value(value) for value in record.args)
        return True


_FILTER = RedactTokens()


def install() -> None:
    """Add the filter to the access loggers of this process (idempotent)."""
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
