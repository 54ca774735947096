"""Fetching a feed over HTTP politely: a User-Agent that says who we are, a timeout, and
patience when the server answers 429 Too Many Requests."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from advocacy.hearings.importers.base import FeedError

#: The longest a Retry-After is honoured; a server asking more is asked again sooner,
#: so that an import never hangs for long and fails with a clear message instead.
MAX_WAIT_SECONDS = 120.0


def _retry_delay(retry_after: str | None, attempt: int) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): Retry-After, else 2, 4, 8 …"""
    backoff = float(2 ** (attempt + 1))
    if not retry_after:
        return backoff
    retry_after = retry_after.strip()
    if retry_after.isdigit():
        return min(float(retry_after), MAX_WAIT_SECONDS)
    try:
        moment = parsedate_to_datetime(retry_after)
    except (TypeError, ValueError):
        return backoff
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    seconds = (moment - datetime.now(timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), MAX_WAIT_SECONDS)


def _timed_out(url: str, timeout: float) -> FeedError:
    return FeedError(f"Tidsavbrudd: {url} svarte ikke innen {timeout:g} sekunder")


def fetch(
    url: str,
    *,
    timeout: float = 20,
    user_agent: str,
    max_retries: int = 3,
    sleep: Callable[[float], object] = time.sleep,
    opener: urllib.request.OpenerDirector | None = None,
) -> bytes:
    """Download ``url`` and return its body; FeedError (in Norwegian) when that fails.

    :param user_agent: names the application and a contact, as regjeringen.no asks.
    :param max_retries: how many times a 429 answer is retried before giving up.
    :param sleep: waits between retries; tests pass one that only records.
    :param opener: the urllib opener to use; tests pass one without proxies.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(f"Bare http- og https-adresser kan hentes: {url}")
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
                return response.read()
        except urllib.error.HTTPError as error:
            retry_after = error.headers.get("Retry-After") if error.headers else None
            error.close()
            if error.code != 429:
                raise FeedError(f"{url} svarte {error.code} {error.reason}") from error
            if attempt >= max_retries:
                raise FeedError(
                    f"{url} svarte 429 (for mange forespørsler) også etter {max_retries} nye "
                    "forsøk; prøv igjen senere"
                ) from error
            sleep(_retry_delay(retry_after, attempt))
            attempt += 1
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise _timed_out(url, timeout) from error
            raise FeedError(f"Kunne ikke hente {url}: {error.reason}") from error
        except TimeoutError as error:
            raise _timed_out(url, timeout) from error
        except (OSError, http.client.HTTPException) as error:
            raise FeedError(f"Kunne ikke hente {url}: {error}") from error
