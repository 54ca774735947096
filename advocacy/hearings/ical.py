"""iCalendar (RFC 5545) feeds of hearing deadlines and milestones, via ``icalendar``.

UIDs are stable per deadline and milestone, so a calendar updates an event rather than
adding a new one; ``SEQUENCE`` rises each time the moment moves. Times are in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import timezone

from icalendar import Calendar, Event

from advocacy import clock

UID_DOMAIN = "advocacy.buskerud"

#: What RFC 5545 forbids in TEXT values (control characters but tab) besides line breaks.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|[\r\n\x1c\x1d\x1e\x85\u2028\u2029])\s*")


def one_line(text: str) -> str:
    """``text`` with line breaks as spaces and control characters removed.

    Titles are single lines when typed, but older rows or imports may hold a break, and
    one unescaped break (in ``X-WR-CALNAME``, which ``icalendar`` does not escape) would
    break the whole feed.
    """
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text or "")).strip()


def _multi_line(text: str) -> str:
    """``text`` with every kind of line break as ``\\n`` (which ``icalendar`` escapes)."""
    return _CONTROLS.sub("", re.sub(r"\r\n|[\r\x1c\x1d\x1e\x85\u2028\u2029]", "\n",
                                    text or ""))


def _event(uid: str, summary: str, moment, sequence: int, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", clock.utcnow())
    event.add("dtstart", moment.astimezone(timezone.utc))
    event.add("sequence", sequence)
    event.add("summary", one_line(summary))
    event.add("description", _multi_line(description))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def render_calendar(hearings: Iterable, name: str, link: Callable[[object], str]) -> bytes:
    """A calendar with each hearing's deadline and milestones.

    :param link: gives the absolute URL of a hearing's page.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Buskerud fylkeskommune//Advocacy//NO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(name))
    for hearing in hearings:
        url = link(hearing)
        about = " · ".join(one_line(p) for p in (hearing.issuer, hearing.reference) if p)
        calendar.add_component(_event(
            f"hearing-{hearing.id}-deadline@{UID_DOMAIN}", f"Høringsfrist: {hearing.title}",
            hearing.deadline_at, hearing.deadline_sequence, f"{about}\n{url}", url))
        title = one_line(hearing.title)
        for milestone in hearing.milestones:
            calendar.add_component(_event(
                f"milestone-{milestone.id}@{UID_DOMAIN}",
                f"{milestone.title}: {title}", milestone.due_at, milestone.sequence,
                f"Internfrist ({milestone.kind_label}) for høringen «{title}»\n{url}", url))
    return calendar.to_ical()
