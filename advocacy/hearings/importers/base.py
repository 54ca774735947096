"""What every importer returns, its error, and the date and text readers they share."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

from bs4 import BeautifulSoup, Tag
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from advocacy.clock import OSLO

#: A deadline given as a date alone means this time that day, Oslo time.
END_OF_DAY = time(23, 59)

#: Reason given when an entry is skipped for want of a deadline.
NO_DEADLINE = _l("mangler høringsfrist som kan leses")

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}

_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
_WORDED_DATE = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([a-zæøå]+)\s+(\d{4})(?!\d)",  # i18n: not ui
                          re.IGNORECASE)
_CLOCK = re.compile(r"\bkl\.?\s*(\d{1,2})[.:](\d{2})\b", re.IGNORECASE)

#: The labels regjeringen.no puts before a hearing's facts.
DEADLINE_LABEL = r"Høringsfrist"  # i18n: not ui
REFERENCE_LABEL = r"Vår ref\."  # i18n: not ui
STATUS_LABEL = r"Status"
DATE_LABEL = r"Dato"  # i18n: not ui
# A value ends where the next label, or a "|" between facts, begins.
_NEXT_LABEL = re.compile(
    rf"\||(?<![\w.])(?:{DEADLINE_LABEL}|{REFERENCE_LABEL}|{STATUS_LABEL}|{DATE_LABEL})\s*:",
    re.IGNORECASE,
)

#: The ministries' names all end so ("Klima- og miljødepartementet"), bar one.
MINISTRY = re.compile(
    r"\b[A-ZÆØÅ][a-zæøå]*(?:- og [a-zæøå]+)?departementet\b"  # i18n: not ui
    r"|\bStatsministerens kontor\b"  # i18n: not ui
)

# Expat's messages, in the words staff read them in.
_EXPAT_MESSAGES = {
    "mismatched tag": _l("sluttaggen passer ikke til elementet som er åpent"),
    "not well-formed (invalid token)":
        _l("ugyldig tegn (for eksempel en & som ikke er skrevet &amp;)"),
    "no element found": _l("dokumentet slutter før alle elementer er lukket (avkortet?)"),
    "unclosed token": _l("dokumentet slutter midt i et element (avkortet?)"),
    "syntax error": _l("dette er ikke XML"),
    "undefined entity": _l("ukjent entitet"),
    "junk after document element": _l("innhold etter rotelementet"),
}


class FeedError(ValueError):
    """A feed or page that cannot be read at all; the message says where, in Norwegian."""


def xml_error(message: str, line: int, column: int) -> FeedError:
    """A FeedError for an XML syntax error at ``line`` and (0-based) ``column``."""
    words = str(_EXPAT_MESSAGES.get(message, message))
    return FeedError(_("Ugyldig XML på linje %(line)d, kolonne %(column)d: %(problem)s",
                       line=line, column=column + 1, problem=words))


@dataclass(frozen=True)
class ImportedHearing:
    """One hearing as a source describes it, ready to be matched on (source, source_id)."""

    source: Literal["regjeringen", "stortinget"]
    #: Stable key within the source: regjeringen's ``id<digits>`` digits, Stortinget's id.
    source_id: str
    title: str
    #: The owning ministry, or the Stortinget committee's name (its id when unnamed).
    issuer: str
    #: The case number (``25/1428``) or Stortinget's case reference, if given.
    reference: str | None
    url: str | None
    published_on: date | None
    #: Aware, in Europe/Oslo; a date alone means 23:59 that day.
    deadline_at: datetime | None
    #: The source's own status words ("På høring", "Planlagt"), untranslated.
    status_text: str | None
    summary: str = ""


@dataclass
class ParseResult:
    """The hearings read from one document and the entries left out, with why."""

    hearings: list[ImportedHearing] = field(default_factory=list)
    #: (identifier or title, Norwegian reason) per entry that was not imported.
    skipped: list[tuple[str, str]] = field(default_factory=list)


def end_of_day(day: date) -> datetime:
    """23:59 in Oslo on ``day``: what a deadline given as a date alone means."""
    return datetime.combine(day, END_OF_DAY, tzinfo=OSLO)


def parse_norwegian_date(text: str) -> date | None:
    """The first date in ``text`` written ``15.08.2025`` or ``15. august 2025``, or None."""
    numeric = _NUMERIC_DATE.search(text)
    worded = _WORDED_DATE.search(text)
    if worded and worded.group(2).lower() in MONTHS and (
        numeric is None or worded.start() < numeric.start()
    ):
        day, year = int(worded.group(1)), int(worded.group(3))
        month = MONTHS[worded.group(2).lower()]
    elif numeric:
        day, month, year = (int(part) for part in numeric.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_norwegian_deadline(text: str) -> datetime | None:
    """A deadline from text: the date, at the ``kl. HH.MM`` given or else 23:59 Oslo time."""
    day = parse_norwegian_date(text)
    if day is None:
        return None
    clock = _CLOCK.search(text)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour < 24 and minute < 60:
            return datetime.combine(day, time(hour, minute), tzinfo=OSLO)
    return end_of_day(day)


def text_lines(markup: str | Tag) -> list[str]:
    """The visible text of HTML, one line per block, a lone ``Label:`` joined to its value."""
    if isinstance(markup, Tag):
        raw = markup.get_text("\n")
    elif "<" in markup:
        raw = BeautifulSoup(markup, "html.parser").get_text("\n")
    else:
        # Plain text: BeautifulSoup would warn that it looks like a file name or URL.
        raw = html.unescape(markup)
    lines: list[str] = []
    for line in raw.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if lines and lines[-1].endswith(":"):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def labelled(lines: list[str], label: str) -> str | None:
    """The value after ``label:`` (a regex) on the first line that has it, up to the next label."""
    # The colon is required: without it "status" or "dato" in running text would match.
    pattern = re.compile(rf"(?<![\w.])(?:{label})\s*:\s*", re.IGNORECASE)
    for line in lines:
        match = pattern.search(line)
        if not match:
            continue
        rest = line[match.end():]
        stop = _NEXT_LABEL.search(rest)
        value = (rest[: stop.start()] if stop else rest).strip(" .,;")
        if value:
            return value
    return None


def find_ministry(text: str) -> str | None:
    """The first ministry named in ``text``, or None."""
    match = MINISTRY.search(text)
    return match.group(0) if match else None
