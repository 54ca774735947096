"""Importers of national hearings: pure parsers (bytes in, hearings out) and one fetch.

Sources: regjeringen.no's hearings (RSS feed, list page or a hearing's page, HTML) and
Stortinget's committee hearings (``data.stortinget.no/eksport/horinger``, XML).
"""

from __future__ import annotations

from flask_babel import gettext as _

from advocacy.hearings.importers.base import (
    FeedError,
    ImportedHearing,
    ParseResult,
    end_of_day,
    parse_norwegian_date,
    parse_norwegian_deadline,
)
from advocacy.hearings.importers.fetching import TooLarge, fetch, read_file, size_text
from advocacy.hearings.importers.regjeringen import (
    hearing_id,
    parse_regjeringen_html,
    parse_regjeringen_rss,
)
from advocacy.hearings.importers.stortinget import parse_stortinget_xml, stortinget_moment

__all__ = [
    "FeedError",
    "ImportedHearing",
    "ParseResult",
    "TooLarge",
    "detect_and_parse",
    "end_of_day",
    "fetch",
    "hearing_id",
    "parse_norwegian_date",
    "parse_norwegian_deadline",
    "parse_regjeringen_html",
    "parse_regjeringen_rss",
    "parse_stortinget_xml",
    "read_file",
    "size_text",
    "stortinget_moment",
]

#: How far into a document its kind is looked for; the root element comes early.
SNIFF_BYTES = 4096

_MARKERS = (
    (b'xmlns="http://data.stortinget.no"', parse_stortinget_xml),
    (b"<horinger_oversikt", parse_stortinget_xml),
    (b"<rss", parse_regjeringen_rss),
    (b"<!doctype html", parse_regjeringen_html),
    (b"<html", parse_regjeringen_html),
)


def detect_and_parse(data: bytes, name: str = "") -> ParseResult:
    """Parse ``data`` with the parser its content calls for; ``name`` is only for messages."""
    head = data[:SNIFF_BYTES].lower()
    found = [(head.find(marker), parser) for marker, parser in _MARKERS if marker.lower() in head]
    if not found:
        if name:
            message = _("Ukjent format i %(name)s: ventet Stortingets høringer (XML), "
                        "regjeringen.no sin RSS-strøm eller en side fra regjeringen.no (HTML)",
                        name=name)
        else:
            message = _("Ukjent format: ventet Stortingets høringer (XML), regjeringen.no sin "
                        "RSS-strøm eller en side fra regjeringen.no (HTML)")
        raise FeedError(message)
    # The marker that comes first wins: an HTML page may mention RSS further down.
    return min(found, key=lambda pair: pair[0])[1](data)
