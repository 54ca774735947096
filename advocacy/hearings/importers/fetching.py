"""Fetching a feed over HTTP politely: a User-Agent that says who we are, a timeout, and
patience when the server answers 429 Too Many Requests. Reading a local file alike.

Both refuse input larger than a limit (``IMPORT_MAX_BYTES``) without reading more than
one byte past it, so a huge or endless source cannot fill the memory.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask_babel import gettext as _

from advocacy.hearings.importers.base import FeedError
from advocacy.inputs import parse_int

#: The longest a Retry-After is honoured; a server asking more is asked again sooner,
#: so that an import never hangs for long and fails with a clear message instead.
MAX_WAIT_SECONDS = 120.0


def _retry_delay(retry_after: str | None, attempt: int) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): Retry-After, else 2, 4, 8 …"""
    backoff = float(2 ** (attempt + 1))
    if not retry_after:
        return backoff
    retry_after = retry_after.strip()
    if (seconds := parse_int(retry_after, minimum=0)) is not None:
        return min(float(seconds), MAX_WAIT_SECONDS)
    try:
        moment = parsedate_to_datetime(retry_after)
    except (TypeError, ValueError):
        return backoff
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    seconds = (moment - datetime.now(timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), MAX_WAIT_SECONDS)


class TooLarge(FeedError):
    """The source is larger than the configured limit; nothing of it is used."""


def size_text(n: int) -> str:
    """``n`` bytes for a message: "20 MB", "1,5 MB" or "1000 byte"."""
    mb = 1024 * 1024
    if n >= mb:
        value = f"{n / mb:.1f}".removesuffix(".0").replace(".", ",")
        return f"{value} MB"
    return f"{n} byte"


def _too_large(what: str, max_bytes: int) -> TooLarge:
    return TooLarge(_("%(what)s er større enn grensen på %(limit)s (IMPORT_MAX_BYTES); "
                      "ingenting er importert", what=what, limit=size_text(max_bytes)))


def read_file(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of the file at ``path``; TooLarge when it has more than ``max_bytes``.

    Reads at most ``max_bytes + 1`` bytes, so a file that grows, or a device that never
    ends, is refused too. OSError is left to the caller.
    """
    with open(path, "rb") as stream:
        data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_large(str(path), max_bytes)
    return data


def _read_limited(response, url: str, max_bytes: int | None) -> bytes:
    """The body of ``response``, refused early by Content-Length and by what arrives."""
    if max_bytes is None:
        return response.read()
    length = response.headers.get("Content-Length") if response.headers else None
    if (size := parse_int(length, minimum=0)) is not None and size > max_bytes:
        raise _too_large(url, max_bytes)
    data = response.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(url, max_bytes)
    return data


def _timed_out(url: str, timeout: float) -> FeedError:
    return FeedError(_("Tidsavbrudd: %(url)s svarte ikke innen %(seconds)g sekunder",
                       url=url, seconds=timeout))


def fetch(
    url: str,
    *,
    timeout: float = 20,
    user_agent: str,
    max_retries: int = 3,
    sleep: Callable[[float], object] = time.sleep,
    opener: urllib.request.OpenerDirector | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """Download ``url`` and return its body; FeedError (in Norwegian) when that fails.

    :param user_agent: names the application and a contact, as regjeringen.no asks.
    :param max_retries: how many times a 429 answer is retried before giving up.
    :param sleep: waits between retries; tests pass one that only records.
    :param opener: the urllib opener to use; tests pass one without proxies.
    :param max_bytes: a larger body is refused (TooLarge) after reading at most one byte
        more; a Content-Length above it is refused before reading.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(_("Bare http- og https-adresser kan hentes: %(url)s", url=url))
    opener = opener or urllib.request.build_opener()
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": user_agent,
            "Accept": "application/rss+xml, application/xml, text/xml, text/html;q=0.9, */*;q=0.1",
        },
    )
    attempt = 0
    while True:
        try:
            with opener.open(request, timeout=timeout) as response:
                return _read_limited(response, url, max_bytes)
        except urllib.error.HTTPError as error:
            retry_after = error.headers.get("Retry-After") if error.headers else None
            error.close()
            if error.code != 429:
                raise FeedError(_("%(url)s svarte %(code)s %(reason)s", url=url,
                                  code=error.code, reason=error.reason)) from error
            if attempt >= max_retries:
                raise FeedError(
                    _("%(url)s svarte 429 (for mange forespørsler) også etter %(retries)d nye "
                      "forsøk; prøv igjen senere", url=url, retries=max_retries)
                ) from error
            sleep(_retry_delay(retry_after, attempt))
            attempt += 1
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise _timed_out(url, timeout) from error
            raise FeedError(_("Kunne ikke hente %(url)s: %(reason)s", url=url,
                              reason=error.reason)) from error
        except TimeoutError as error:
            raise _timed_out(url, timeout) from error
        except (OSError, http.client.HTTPException) as error:
            raise FeedError(_("Kunne ikke hente %(url)s: %(reason)s", url=url,
                              reason=error)) from error
