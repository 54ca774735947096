"""regjeringen.no's hearings: the RSS feed, the list page and a single hearing's page.

regjeringen.no documents no API. The facts are read by their visible labels
(``Høringsfrist:``, ``Vår ref.:``, ``Status:``, ``Dato:``) rather than by CSS classes,
which the site changes more often than its wording.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXParseException

import feedparser
from bs4 import BeautifulSoup, Tag
from flask_babel import gettext as _

from advocacy.clock import OSLO
from advocacy.hearings.importers.base import (
    DATE_LABEL,
    DEADLINE_LABEL,
    NO_DEADLINE,
    REFERENCE_LABEL,
    STATUS_LABEL,
    FeedError,
    ImportedHearing,
    ParseResult,
    find_ministry,
    labelled,
    parse_norwegian_date,
    parse_norwegian_deadline,
    text_lines,
    xml_error,
)

BASE_URL = "https://www.regjeringen.no/"

#: A hearing's own page: ``/no/dokumenter/<slug>/id<digits>/``; the digits are its key.
_HEARING_PATH = re.compile(r"^/(?:no|nb|nn|en)/dokumenter/[^/]+/id(\d+)/?$")
_REFERENCE = re.compile(r"\b\d{2}/\d{1,6}\b")
_FACT_LINE = re.compile(
    rf"^(?:{DEADLINE_LABEL}|{REFERENCE_LABEL}|{STATUS_LABEL}|{DATE_LABEL})\s*:", re.IGNORECASE
)
_DEADLINE_WORD = re.compile(rf"(?<![\w.]){DEADLINE_LABEL}\s*:")
_OWNER_CLASS = re.compile(r"owner|department")
_SUMMARY_CLASS = re.compile(r"ingress|excerpt|lead|intro")


def hearing_id(url: str) -> str | None:
    """The ``id<digits>`` key of a regjeringen.no hearing URL (relative or absolute), or None."""
    parts = urlsplit(urljoin(BASE_URL, url.strip()))
    if parts.hostname not in ("www.regjeringen.no", "regjeringen.no"):
        return None
    match = _HEARING_PATH.match(parts.path)
    return match.group(1) if match else None


def _page_url(url: str) -> str:
    # Query and fragment vary (?uid=…, #horingssvar); the page itself does not.
    return urljoin(BASE_URL, urlsplit(urljoin(BASE_URL, url.strip())).path)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _prose(lines: list[str]) -> str:
    return " ".join(line for line in lines if not _FACT_LINE.match(line))


def _add_hearing(
    result: ParseResult,
    *,
    source_id: str,
    title: str,
    url: str,
    lines: list[str],
    issuer: str,
    published_on: date | None = None,
    summary: str = "",
) -> None:
    """Append the hearing the labelled ``lines`` describe, or the reason it is skipped."""
    if not title:
        result.skipped.append((url, _("mangler tittel")))
        return
    deadline_text = labelled(lines, DEADLINE_LABEL)
    deadline_at = parse_norwegian_deadline(deadline_text) if deadline_text else None
    if deadline_at is None:
        reason = (_("mangler høringsfrist som kan leses («%(text)s»)", text=deadline_text)
                  if deadline_text else str(NO_DEADLINE))
        result.skipped.append((title, reason))
        return
    reference = _REFERENCE.search(labelled(lines, REFERENCE_LABEL) or "")
    if published_on is None:
        published_on = parse_norwegian_date(labelled(lines, DATE_LABEL) or "")
    result.hearings.append(
        ImportedHearing(
            source="regjeringen",
            source_id=source_id,
            title=title,
            issuer=issuer,
            reference=reference.group(0) if reference else None,
            url=url,
            published_on=published_on,
            deadline_at=deadline_at,
            status_text=labelled(lines, STATUS_LABEL),
            summary=summary,
        )
    )


def _published_on(entry: feedparser.FeedParserDict) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    # feedparser normalises pubDate to UTC; the day that counts is the day in Oslo.
    return datetime(*parsed[:6], tzinfo=timezone.utc).astimezone(OSLO).date()


def _feed_issuer(entry: feedparser.FeedParserDict) -> str | None:
    terms = [tag.get("term") or "" for tag in entry.get("tags", [])]
    candidates = [entry.get("author", ""), *terms]
    for candidate in candidates:
        ministry = find_ministry(candidate)
        if ministry:
            return ministry
    return None


def parse_regjeringen_rss(data: bytes) -> ParseResult:
    """Read the hearings in regjeringen.no's RSS feed (``…/hoyringar/id1763/?show=rss``)."""
    # The feed's shape is unconfirmed (the site documents none): items are expected to
    # carry title, link, description and pubDate, perhaps category or dc:creator. The
    # deadline, reference and status may only be in the description's text, so they are
    # read from its labels, and the ministry from wherever a ministry's name appears.
    # Wrapped in a stream: given bytes, feedparser would first try them as a file name.
    feed = feedparser.parse(io.BytesIO(data))
    error = feed.get("bozo_exception")
    if isinstance(error, SAXParseException):
        # feedparser falls back to a lenient parser; a broken feed is refused instead.
        raise xml_error(error.getMessage(), error.getLineNumber(), error.getColumnNumber())
    if not feed.get("version"):
        raise FeedError(_("Dokumentet er ikke en RSS-strøm (fant ingen <rss>/<channel>)"))
    result = ParseResult()
    for number, entry in enumerate(feed.entries, 1):
        title = _clean(entry.get("title", ""))
        link = entry.get("link") or entry.get("id") or ""
        source_id = hearing_id(link)
        if source_id is None:
            result.skipped.append(
                (title or _("<item> nr. %(number)d", number=number),
                 _("mangler lenke til høringens side (…/id<tall>/)"))
            )
            continue
        lines = text_lines(entry.get("summary", ""))
        _add_hearing(
            result,
            source_id=source_id,
            title=title,
            url=_page_url(link),
            lines=lines,
            issuer=_feed_issuer(entry) or find_ministry("\n".join(lines)) or "",
            published_on=_published_on(entry),
            summary=_prose(lines),
        )
    return result


def _canonical_url(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical", href=True)
    if isinstance(link, Tag):
        return str(link["href"])
    meta = soup.find("meta", property="og:url", content=True)  # i18n: not ui
    return str(meta["content"]) if isinstance(meta, Tag) else None


def _class_text(scope: Tag, pattern: re.Pattern[str]) -> str:
    found = scope.find(class_=pattern)
    return _clean(found.get_text(" ")) if found else ""


def _issuer(scope: Tag) -> str | None:
    return find_ministry(_class_text(scope, _OWNER_CLASS))


def _single_page(main: Tag, source_id: str, url: str) -> ParseResult:
    result = ParseResult()
    heading = main.find("h1")
    summary = _class_text(main, _SUMMARY_CLASS)
    # The owner stands by the title; the rest of the page lists ministries as
    # consultees (Høringsinstanser), so the search for a name stays near the top.
    header = heading.parent if heading and isinstance(heading.parent, Tag) else main
    issuer = _issuer(main) or find_ministry(header.get_text(" ")) or find_ministry(summary) or ""
    _add_hearing(
        result,
        source_id=source_id,
        title=_clean(heading.get_text(" ")) if heading else "",
        url=url,
        lines=text_lines(main),
        issuer=issuer,
        summary=summary,
    )
    return result


def _list_items(main: Tag) -> dict[str, tuple[Tag, Tag]]:
    """Each hearing linked from the page, by id: its link and the list item around it."""
    items: dict[str, tuple[Tag, Tag]] = {}
    for link in main.find_all("a", href=True):
        source_id = hearing_id(str(link["href"]))
        if source_id is not None and source_id not in items:
            items[source_id] = (link, link.find_parent(["li", "article"]) or link.parent or main)
    return items


def _has_own_deadline(main: Tag, items: dict[str, tuple[Tag, Tag]]) -> bool:
    """Whether a ``Høringsfrist`` stands outside every listed item: the page is one hearing's."""
    item_ids = {id(item) for __, item in items.values()}
    for label in main.find_all(string=_DEADLINE_WORD):
        if not any(id(parent) in item_ids for parent in label.parents):
            return True
    return False


def _list_page(main: Tag) -> ParseResult:
    result = ParseResult()
    items = _list_items(main)
    heading = main.find("h1")
    if heading and _has_own_deadline(main, items):
        # A hearing's page saved without its address: its links are to replies and
        # related documents, and there is no key to store the hearing itself by.
        result.skipped.append(
            (_clean(heading.get_text(" ")), _("fant ikke høringens id (id<tall> i sidens adresse)"))
        )
        return result
    if not items:
        raise FeedError(_("Fant ingen lenker til høringer (/no/dokumenter/…/id<tall>/) på siden"))
    for source_id, (link, item) in items.items():
        lines = text_lines(item)
        _add_hearing(
            result,
            source_id=source_id,
            title=_clean(link.get_text(" ")),
            url=_page_url(str(link["href"])),
            lines=lines,
            issuer=_issuer(item) or find_ministry("\n".join(lines)) or "",
            summary=_class_text(item, _SUMMARY_CLASS),
        )
    return result


def parse_regjeringen_html(data: bytes) -> ParseResult:
    """Read regjeringen.no's hearings list page (``…/hoyringar/id1763/``) or one hearing's page."""
    soup = BeautifulSoup(data, "html.parser")
    main = soup.find("main")
    if not isinstance(main, Tag):
        main = soup.body or soup
    page_url = _canonical_url(soup) or ""
    page_id = hearing_id(page_url)
    if page_id is not None:
        return _single_page(main, page_id, _page_url(page_url))
    return _list_page(main)
