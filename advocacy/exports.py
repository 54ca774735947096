"""Lists downloaded as Excel (.xlsx) and CSV, with the filters and order of their page.

A list describes its export once, as a ``Table``: Norwegian column headings, how to read
each value from a row, the value's type and the column's width. The rows are a generator
that fetches the list's query in batches (``batches``, ``with_extras``), so an export of
50 000 rows never holds them all: the CSV is written and sent batch by batch, and the
workbook is written row by row (XlsxWriter's ``constant_memory`` mode) into a temporary
file that is sent in chunks.

    COLUMNS = [Column("Tittel", lambda c: c.title, width=50), ...]
    return download(Table("Rammebetingelser", COLUMNS, rows), "xlsx")

The CSV is what Norwegian Excel opens with a double click: UTF-8 with a byte order mark,
``;`` between fields, CRLF line ends, dates as dd.mm.åååå in Oslo time. The workbook has
real dates (numbers with a dd.mm.åååå format), a bold, frozen header row with a filter,
and column widths.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple
from urllib.parse import quote

from flask import Response, stream_with_context
from flask_babel import gettext as _

from advocacy import clock
from advocacy.extensions import db

#: How many rows are fetched, and looked up further (counts, names), at a time.
BATCH_SIZE = 500
#: The bytes of a workbook sent at a time.
CHUNK_SIZE = 64 * 1024

TEXT, NUMBER, DATE, DATETIME = "text", "number", "date", "datetime"
#: The ``<any(...)>`` converter of an export route: ``/conditions/export.<fmt>``.
FORMAT_CONVERTER = "any(xlsx, csv)"

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv"
#: Excel's number formats for the two kinds of dates.
XLSX_DATE = "dd.mm.yyyy"
XLSX_DATETIME = "dd.mm.yyyy hh:mm"
#: A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of an export."""

    #: The heading, as on the page (a lazy translation where the columns are a constant).
    heading: str
    #: The cell's value for a row: text, a number, a date or a moment (or ``None``).
    value: Callable[[Any], Any]
    kind: str = TEXT
    #: Width in characters in the workbook.
    width: int = 20


@dataclass(frozen=True)
class Table:
    """A list as a download: its name (of the file and the sheet), columns and rows."""

    name: str
    columns: Sequence[Column]
    #: Each row once, fetched while the file is written: a generator, not a list.
    rows: Iterable[Any]

    def filename(self, fmt: str) -> str:
        """``<name> <dd.mm.åååå>.<fmt>``, e.g. ``Rammebetingelser 29.11.2026.xlsx``."""
        return f"{str(self.name)} {clock.today():%d.%m.%Y}.{fmt}"


def batches(stmt, size: int | None = None) -> Iterator[list]:
    """The objects ``stmt`` selects, ``size`` at a time, without loading them all.

    Eager loads of the query (``contains_eager``, ``joinedload`` of one object,
    ``selectinload``) are made once per batch, not once per row.
    """
    options = {"yield_per": size or BATCH_SIZE}
    yield from db.session.scalars(stmt, execution_options=options).partitions()


def items(stmt, size: int | None = None) -> Iterator[Any]:
    """Each object ``stmt`` selects, fetched ``size`` at a time (see ``batches``)."""
    for batch in batches(stmt, size):
        yield from batch


class Row(NamedTuple):
    """An object of a list with what was looked up for its batch (see ``with_extras``)."""

    item: Any
    extra: Any


def with_extras(stmt, extras: Callable[[list], Any], size: int | None = None) -> Iterator[Row]:
    """A ``Row`` for each object ``stmt`` selects, whose ``extra`` is what ``extras(batch)``
    answered for the object's batch: the counts or names a list looks up for the rows of
    a page, looked up here for each batch (a few queries per 500 rows, not one per row)."""
    for batch in batches(stmt, size):
        extra = extras(batch)
        for item in batch:
            yield Row(item, extra)


def download(table: Table, fmt: str) -> Response:
    """The streamed response with ``table`` as ``fmt`` (``xlsx`` or ``csv``)."""
    if fmt == "csv":
        return csv_response(table)
    if fmt == "xlsx":
        return xlsx_response(table)
    raise ValueError(f"not an export format: {fmt!r}")


# --- CSV ------------------------------------------------------------------------------

def csv_response(table: Table) -> Response:
    """``table`` as CSV for Norwegian Excel, sent a batch of rows at a time."""
    response = Response(stream_with_context(_csv_chunks(table)),
                        mimetype=CSV_MIMETYPE, content_type=f"{CSV_MIMETYPE}; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition(table.filename("csv"))
    return response


def _csv_chunks(table: Table) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.heading) for column in table.columns])
    yield ("\ufeff" + _drain(buffer)).encode("utf-8")
    for number, row in enumerate(table.rows, 1):
        writer.writerow([csv_text(column.value(row), column.kind) for column in table.columns])
        if number % BATCH_SIZE == 0:
            yield _drain(buffer).encode("utf-8")
    yield _drain(buffer).encode("utf-8")


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_text(value: Any, kind: str = TEXT) -> str:
    """A value as a CSV cell: dates dd.mm.åååå (moments with hh:mm) in Oslo time,
    decimal commas, and text that a spreadsheet would run as a formula quoted with ``'``."""
    if value is None:
        return ""
    if kind == DATETIME and isinstance(value, datetime):
        return _oslo(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime):
        return _oslo(value).strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _oslo(moment: datetime) -> datetime:
    """``moment`` (aware, as the models give it) as Oslo wall-clock time without a zone,
    as spreadsheets keep times."""
    return moment.astimezone(clock.OSLO).replace(tzinfo=None)


# --- Excel ----------------------------------------------------------------------------

def xlsx_response(table: Table) -> Response:
    """``table`` as an Excel workbook, written to a temporary file and sent in chunks."""
    handle = tempfile.TemporaryFile(prefix="fellesstemme-export-")
    try:
        write_xlsx(table, handle)
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = Response(_file_chunks(handle), mimetype=XLSX_MIMETYPE)
    response.headers["Content-Length"] = str(size)
    response.headers["Content-Disposition"] = content_disposition(table.filename("xlsx"))
    return response


def _file_chunks(handle) -> Iterator[bytes]:
    try:
        while chunk := handle.read(CHUNK_SIZE):
            yield chunk
    finally:
        handle.close()


def write_xlsx(table: Table, handle) -> None:
    """Write ``table`` as a workbook of one sheet to the binary file ``handle``.

    In ``constant_memory`` mode XlsxWriter writes each row out once the next one starts,
    so the rows must come in order, and only one row is held at a time.
    """
    # Imported here: some 10 MB that a web worker needs only once someone downloads Excel.
    import xlsxwriter

    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True,
                                            "tmpdir": tempfile.gettempdir()})
    try:
        sheet = workbook.add_worksheet(sheet_name(table.name))
        header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        formats = {DATE: workbook.add_format({"num_format": XLSX_DATE}),
                   DATETIME: workbook.add_format({"num_format": XLSX_DATETIME})}
        for col, column in enumerate(table.columns):
            sheet.set_column(col, col, column.width)
        sheet.freeze_panes(1, 0)
        for col, column in enumerate(table.columns):
            sheet.write_string(0, col, str(column.heading), header)
        last = 0
        for last, row in enumerate(table.rows, 1):
            for col, column in enumerate(table.columns):
                _write_cell(sheet, last, col, column.value(row), column.kind, formats)
        sheet.autofilter(0, 0, last, len(table.columns) - 1)
    finally:
        workbook.close()


def _write_cell(sheet, row: int, col: int, value: Any, kind: str, formats: dict) -> None:
    if value is None or value == "":
        return
    if isinstance(value, datetime):
        if kind == DATETIME:
            sheet.write_datetime(row, col, _oslo(value), formats[DATETIME])
        else:
            sheet.write_datetime(row, col, _oslo(value).date(), formats[DATE])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats[DATE])
    elif isinstance(value, bool):
        sheet.write_string(row, col, _("Ja") if value else _("Nei"))
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        # Text as text, never as a formula or a number, whatever it starts with.
        sheet.write_string(row, col, str(value))


_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str) -> str:
    """``name`` as Excel accepts a sheet's name: no ``[]:*?/\\``, at most 31 characters."""
    return _NOT_IN_SHEET_NAMES.sub(" ", str(name))[:31].strip() or _("Liste")


# --- File names ----------------------------------------------------------------------

def ascii_fallback(name: str) -> str:
    """``name`` in ASCII for clients that ignore ``filename*``: æøå spelled out."""
    spelled = name.translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae",
                                            "Ø": "O", "Å": "A", "–": "-"}))
    plain = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return plain.replace('"', "").replace("\\", "")


def content_disposition(name: str) -> str:
    """An attachment header with an ASCII name and the real one (RFC 6266, RFC 5987)."""
    return (f'attachment; filename="{ascii_fallback(name)}"; '
            f"filename*=UTF-8''{quote(name, safe='')}")
