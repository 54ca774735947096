"""iCalendar (RFC 5545) feeds of hearing deadlines and milestones, via ``icalendar``.

UIDs are stable per deadline and milestone, so a calendar updates an event rather than
adding a new one; ``SEQUENCE`` rises each time the moment moves. Times are in UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timezone

from icalendar import Calendar, Event

from advocacy import clock

UID_DOMAIN = "advocacy.buskerud"


def _event(uid: str, summary: str, moment, sequence: int, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", clock.utcnow())
    event.add("dtstart", moment.astimezone(timezone.utc))
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("description", description)
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
    calendar.add("x-wr-calname", name)
    for hearing in hearings:
        url = link(hearing)
        about = " · ".join(p for p in (hearing.issuer, hearing.reference) if p)
        calendar.add_component(_event(
            f"hearing-{hearing.id}-deadline@{UID_DOMAIN}", f"Høringsfrist: {hearing.title}",
            hearing.deadline_at, hearing.deadline_sequence, f"{about}\n{url}", url))
        for milestone in hearing.milestones:
            calendar.add_component(_event(
                f"milestone-{milestone.id}@{UID_DOMAIN}",
                f"{milestone.title}: {hearing.title}", milestone.due_at, milestone.sequence,
                f"Internfrist ({milestone.kind_label}) for høringen «{hearing.title}»\n{url}", url))
    return calendar.to_ical()
