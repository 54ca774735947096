"""Stortinget's committee hearings from the open data export ``eksport/horinger``."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from advocacy.clock import OSLO
from advocacy.hearings.importers.base import (
    NO_DEADLINE,
    FeedError,
    ImportedHearing,
    ParseResult,
    xml_error,
)

NAMESPACE = "http://data.stortinget.no"

#: A hearing's page on stortinget.no. Unconfirmed: the pattern public code links to.
HEARING_URL = (
    "https://www.stortinget.no/no/Hva-skjer-pa-Stortinget/Horing/horing/?h={id}"  # i18n: not ui
)

ORAL_WITHOUT_DEADLINE = _l("muntlig høring uten frist for innspill eller påmelding")


def _tag(path: str) -> str:
    return "/".join(f"{{{NAMESPACE}}}{name}" for name in path.split("/"))


def _text(element: Element, path: str) -> str | None:
    found = element.find(_tag(path))
    if found is None or found.text is None:
        return None
    return " ".join(found.text.split()) or None


def stortinget_moment(text: str | None) -> datetime | None:
    """A Stortinget xs:dateTime as an aware Oslo datetime; None for absent or minimum dates.

    Stortinget writes Norwegian local time without an offset, and a missing date as
    ``0001-01-01T00:00:00``. Raises ValueError for text that is no date-time.
    """
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    if moment.year == 1:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=OSLO)
    return moment.astimezone(OSLO)


def _local(moment: datetime) -> str:
    return moment.strftime("%d.%m.%Y kl. %H:%M")


def _summary(
    element: Element, cases: list[Element], short_titles: list[str], notes: list[str]
) -> str:
    lines = []
    for case in cases:
        full = _text(case, "sak_tittel")
        if full and full not in short_titles:
            lines.append(full)
    for sitting in element.iterfind(_tag("horingstidspunkt_liste/horingstidspunkt")):
        try:
            when = stortinget_moment(_text(sitting, "tidspunkt"))
        except ValueError:
            continue
        if when is not None:
            place = _text(sitting, "sted")
            # The summary is stored with the hearing: its words are data.
            lines.append(f"Høring {_local(when)}" + (f", {place}" if place else ""))  # i18n: not ui
    return "\n".join(lines + notes)


def _read_hearing(element: Element, number: int, result: ParseResult) -> None:
    hearing_id = _text(element, "id")
    if hearing_id is None:
        raise FeedError(_("Elementet <horing> nr. %(number)d mangler <id>", number=number))
    cases = element.findall(_tag("horing_sak_info_liste/horing_sak_info"))
    short_titles = [
        title
        for case in cases
        if (title := _text(case, "sak_korttittel") or _text(case, "sak_tittel"))
    ]
    title = " / ".join(dict.fromkeys(short_titles))
    if not title:
        result.skipped.append((_("Stortingets høring %(id)s", id=hearing_id),
                               _("mangler tittel (ingen sak er knyttet til høringen)")))
        return
    label = _("Stortingets høring %(id)s: %(title)s", id=hearing_id, title=title)

    is_written = _text(element, "skriftlig") == "true"
    notes: list[str] = []
    try:
        deadline_at = stortinget_moment(_text(element, "innspillsfrist"))
        if deadline_at is None and not is_written:
            # An oral hearing: the deadline that matters is the one to ask to speak.
            deadline_at = stortinget_moment(_text(element, "anmodningsfrist_dato_tid"))
            if deadline_at is not None:
                # Stored in the hearing's summary: data.
                notes.append(
                    "Muntlig høring: fristen er fristen for å be om å delta.")  # i18n: not ui
    except ValueError:
        result.skipped.append((label, str(NO_DEADLINE)))
        return
    if deadline_at is None:
        reason = NO_DEADLINE if is_written else ORAL_WITHOUT_DEADLINE
        result.skipped.append((label, str(reason)))
        return

    try:
        published_at = stortinget_moment(_text(element, "publisert_dato"))
    except ValueError:
        published_at = None
    references = [ref for case in cases if (ref := _text(case, "sak_henvisning"))]
    result.hearings.append(
        ImportedHearing(
            source="stortinget",
            source_id=hearing_id,
            title=title,
            issuer=(_text(element, "komite/navn")  # i18n: not ui
                    or _text(element, "komite/id") or "Stortinget"),
            reference="; ".join(dict.fromkeys(references)) or None,
            url=HEARING_URL.format(id=quote(hearing_id)),
            published_on=published_at.date() if published_at else None,
            deadline_at=deadline_at,
            status_text=_text(element, "horing_status"),
            summary=_summary(element, cases, short_titles, notes),
        )
    )


def parse_stortinget_xml(data: bytes) -> ParseResult:
    """Read the hearings of ``data.stortinget.no/eksport/horinger?sesjonid=…`` (XML)."""
    try:
        # defusedxml refuses entity definitions, so a hostile file cannot expand or
        # reach out while it is read.
        root = fromstring(data)
    except ParseError as error:
        line, column = error.position
        raise xml_error(ErrorString(error.code), line, column) from error
    except DefusedXmlException as error:
        raise FeedError(
            _("XML-en definerer entiteter eller en DTD, som ikke tillates (%(error)s)",
              error=error)
        ) from error
    if root.tag != _tag("horinger_oversikt"):
        raise FeedError(
            _("Rotelementet er <%(tag)s>, ventet <horinger_oversikt> i navnerommet %(namespace)s",
              tag=root.tag, namespace=NAMESPACE)
        )
    hearing_list = root.find(_tag("horinger_liste"))
    if hearing_list is None:
        raise FeedError(_("Elementet <horinger_oversikt> mangler <horinger_liste>"))
    result = ParseResult()
    for number, element in enumerate(hearing_list.findall(_tag("horing")), 1):
        _read_hearing(element, number, result)
    return result
