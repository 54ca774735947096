"""iCalendar (RFC 5545) feeds of hearing deadlines and milestones.

UIDs are stable per deadline and milestone, so a calendar updates an event rather than
adding a new one; ``SEQUENCE`` rises each time the moment moves. Times are in UTC.

The lines are written here directly rather than through ``icalendar``'s components:
a feed holds thousands of events, and building and serialising them property by property
cost over a second per request. The writer is small and covers only what these calendars
use: TEXT values escaped (RFC 5545 §3.3.11), lines folded at 75 octets without splitting a
UTF-8 sequence (§3.1), UTC date-times (§3.3.5). The tests read the output back with
``icalendar``.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from flask_babel import gettext as _

from advocacy import clock

UID_DOMAIN = "advocacy.buskerud"
PRODID = "-//Buskerud fylkeskommune//Fellesstemme//NO"  # i18n: not ui

#: Raise when the output for the same data changes, so that clients' cached copies (and
#: their ETags, see ``hearings.services.calendar_validator``) are replaced.
FORMAT_VERSION = 2

#: What RFC 5545 forbids in TEXT values (control characters but tab) besides line breaks.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|[\r\n\x1c\x1d\x1e\x85\u2028\u2029])\s*")
_TEXT_SPECIALS = re.compile(r"[\\;,\n]")
_TEXT_ESCAPES = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}


def one_line(text: str) -> str:
    """``text`` with line breaks as spaces and control characters removed.

    Titles are single lines when typed, but older rows or imports may hold a break, and
    one unescaped break would break the whole feed.
    """
    if not text:
        return ""
    if text.isprintable():  # the usual case: no break, no control character
        return text.strip()
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text)).strip()


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped.

    ``value`` has been through ``one_line`` (no control characters) or is built of such.
    Escaping parts and joining them is the same as escaping the whole.
    """
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _utc(moment: datetime) -> str:
    """A DATE-TIME in UTC form (RFC 5545 §3.3.5), e.g. ``20270115T225900Z``."""
    m = moment.astimezone(timezone.utc)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


def _fold(line: str) -> bytes:
    """One content line, UTF-8, folded so that no physical line exceeds 75 octets.

    A continuation line starts with a space, which counts toward its 75 octets; a fold
    never falls inside a multi-octet character (§3.1).
    """
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation octet: fold before its character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _event(uid: str, stamp: str, moment: datetime, sequence: int, summary: str,
           description: str, url: str) -> bytes:
    """One VEVENT; ``summary`` and ``description`` are escaped TEXT, ``url`` one line."""
    return b"".join((
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{stamp}\r\nDTSTART:{_utc(moment)}\r\n"
        f"SEQUENCE:{int(sequence or 0)}\r\n".encode(),
        _fold(f"SUMMARY:{summary}"), _fold(f"DESCRIPTION:{description}"), _fold(f"URL:{url}"),
        b"TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"))


@dataclass(frozen=True)
class Event:
    """An event a domain above hearings adds to a user's feed (plain text, unescaped)."""

    uid: str
    moment: datetime
    sequence: int
    summary: str
    description: str
    url: str
    #: When the event's data last changed (its ``DTSTAMP``).
    changed_at: datetime


@dataclass(frozen=True)
class FeedSource:
    """What a domain above hearings adds to each user's feed.

    ``key(user, since)`` gives scalar subqueries whose values change whenever
    ``events(user, since)`` would: they are read in the feed's one validator query
    (``hearings.services.calendar_validator``), so a 304 costs no more queries. ``events``
    must cost a fixed number of queries.
    """

    key: Callable[[object, datetime], list]
    events: Callable[[object, datetime], list[Event]]


_FEED_SOURCES: list[FeedSource] = []


def feed_source(source: FeedSource) -> FeedSource:
    """Register ``source`` with every user's feed (hearings import no domain above them)."""
    if source not in _FEED_SOURCES:
        _FEED_SOURCES.append(source)
    return source


def feed_sources_key(user, since: datetime) -> list:
    """The registered sources' scalar subqueries for a user's feed validator."""
    return [column for source in _FEED_SOURCES for column in source.key(user, since)]


def feed_sources_events(user, since: datetime) -> list[Event]:
    """The registered sources' events for a user's feed."""
    return [event for source in _FEED_SOURCES for event in source.events(user, since)]


def render_calendar(hearings: Iterable, name: str, link: Callable[[object], str],
                    since: datetime | None = None, extra: Iterable[Event] = ()) -> bytes:
    """A calendar with each hearing's deadline and milestones.

    :param hearings: ``Hearing`` objects, or objects with the same attributes (``id``,
        ``title``, ``issuer``, ``reference``, ``deadline_at``, ``deadline_sequence``,
        ``updated_at``, ``milestones`` with ``id``, ``title``, ``kind``, ``kind_label``,
        ``due_at``, ``sequence``).
    :param link: gives the absolute URL of a hearing's page.
    :param since: leave out events before this moment (all events when ``None``).
    :param extra: more events, from the registered feed sources (``feed_source``).

    ``DTSTAMP`` is when the hearing (or one of its milestones) last changed, which is
    what RFC 5545 asks for in a calendar without ``METHOD``; so the same data gives the
    same bytes. The words are in the language being rendered (a feed is rendered for its
    owner, in theirs).
    """
    # Translated once per feed, then filled in per event; escaped as TEXT once (the
    # placeholders hold nothing TEXT escapes), the values are escaped already.
    deadline_summary = _text(_("Høringsfrist: %(title)s"))
    milestone_description = _text(_("Internfrist (%(kind)s) for høringen «%(title)s»"))
    kind_texts: dict[str, str] = {}  # a milestone kind's label, translated once
    out = [b"BEGIN:VCALENDAR\r\n",
           _fold(f"PRODID:{_text(PRODID)}"),
           b"VERSION:2.0\r\nCALSCALE:GREGORIAN\r\n",
           _fold(f"X-WR-CALNAME:{_text(one_line(name))}")]
    for hearing in hearings:
        url = one_line(link(hearing))
        url_text = _text(url)
        stamp = _utc(hearing.updated_at or clock.utcnow())
        title = one_line(hearing.title)
        title_text = _text(title)
        if since is None or hearing.deadline_at >= since:
            about = " · ".join(one_line(p) for p in (hearing.issuer, hearing.reference) if p)
            out.append(_event(
                f"hearing-{hearing.id}-deadline@{UID_DOMAIN}", stamp, hearing.deadline_at,
                hearing.deadline_sequence, deadline_summary % {"title": title_text},
                f"{_text(about)}\\n{url_text}", url))
        for milestone in hearing.milestones:
            moment = milestone.due_at
            if since is not None and moment < since:
                continue
            kind_text = kind_texts.get(milestone.kind)
            if kind_text is None:
                kind_text = kind_texts[milestone.kind] = _text(str(milestone.kind_label))
            out.append(_event(
                f"milestone-{milestone.id}@{UID_DOMAIN}", stamp, moment, milestone.sequence,
                f"{_text(one_line(milestone.title))}: {title_text}",
                milestone_description % {"kind": kind_text, "title": title_text}
                + f"\\n{url_text}", url))
    for event in extra:
        url = one_line(event.url)
        out.append(_event(event.uid, _utc(event.changed_at), event.moment, event.sequence,
                          _text(one_line(event.summary)),
                          f"{_text(one_line(event.description))}\\n{_text(url)}", url))
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)


def _size(body) -> int:
    return len(body) if isinstance(body, bytes) else 1


class FeedCache:
    """The last rendered feed of each user, in this process: (ETag, bytes) by a key such as
    the user id (the feed view keys on user id and whether the bytes are gzipped).

    Least recently used users go first once ``max_entries`` users or ``max_bytes`` of
    feeds are held. Each process (each gunicorn worker) has its own; a worker that has not
    rendered a feed yet renders it once. A user's new ETag replaces their old entry.
    """

    def __init__(self, max_entries: int = 128, max_bytes: int = 32 * 1024 * 1024):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[object, tuple[str, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: object, etag: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != etag:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: object, etag: str, body) -> None:
        """Keep ``body`` (bytes, or any object, counted as one byte) for ``key``."""
        if _size(body) > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= _size(old[1])
            self._entries[key] = (etag, body)
            self._bytes += _size(body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= _size(dropped)

    def __len__(self) -> int:
        return len(self._entries)
