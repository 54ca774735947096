"""One place that turns untrusted request input into values the database accepts.

Bad input must end as a 4xx with a Norwegian message, never as a 500. The database is
the usual victim: SQLite cannot bind an integer of 2**63 or more (``OverflowError``);
PostgreSQL's INTEGER columns (every id and number here) hold 32 bits, and it refuses a
larger number in many comparisons, and any text holding a NUL byte (``DataError``).

- ``BoundedIntegerConverter`` replaces Werkzeug's ``int`` URL converter: ASCII digits
  only, at most ``MAX_ID``; anything else does not match the rule, so it is a 404.
- ``parse_int`` / ``int_arg`` read an integer from text or the query string, ``None``
  when it is missing or not a number the database can hold.
- ``bounded_int`` / ``optional_int`` are the ``coerce`` of integer form fields.
- ``register(app)`` installs the converter and the request guard: a NUL byte in the path,
  the query string or the form is a 400, a ``page`` beyond ``MAX_PAGE`` a 404.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from flask import Flask, abort, render_template, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

#: The largest integer an INTEGER column holds on PostgreSQL (32 bits): every id and
#: stored number of this app is one.
MAX_ID = 2**31 - 1
#: The last page number a list accepts; the offset of any page up to it fits a BIGINT
#: (OFFSET takes one).
MAX_PAGE = 10**9

_ASCII_INT = re.compile(r"-?[0-9]+")

#: The API's message for a NUL byte (the API answers in bokmål; pages use ``guard_request``).
NUL_MESSAGE = ("Forespørselen inneholdt et ugyldig tegn (NUL). "  # i18n: not ui
               "Fjern det og prøv igjen. Ingenting ble lagret.")  # i18n: not ui


class BoundedIntegerConverter(IntegerConverter):
    """Werkzeug's ``int`` converter limited to ASCII digits and to ``MAX_ID``.

    ``<int:...>`` in routes keeps working; ``min``/``max``/``signed`` are honoured, but a
    ``max`` above ``MAX_ID`` is lowered to it.
    """

    regex = r"[0-9]+"
    signed_regex = r"-?[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        upper = MAX_ID if max is None or max > MAX_ID else max
        lower = (-MAX_ID - 1 if signed else 0) if min is None else min
        super().__init__(map, fixed_digits=fixed_digits, min=lower, max=upper, signed=signed)


def parse_int(value, *, minimum: int = -MAX_ID - 1, maximum: int = MAX_ID) -> int | None:
    """The integer in ``value`` (ASCII digits, optional sign), or ``None``.

    ``None`` for anything that is not such a number or lies outside
    ``minimum..maximum`` (by default what an INTEGER column holds). Surrounding blanks are allowed.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > 25 or not _ASCII_INT.fullmatch(text):
            return None
        number = int(text)
    else:
        return None
    return number if minimum <= number <= maximum else None


def int_arg(name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The query argument ``name`` as a positive id, or ``None`` when absent or unusable."""
    return parse_int(request.args.get(name, ""), minimum=minimum, maximum=maximum)


def bounded_int(value) -> int:
    """``coerce`` for integer form fields: like ``int`` but ASCII only and within BIGINT.

    Raises ``ValueError`` (which WTForms turns into a field error) for anything else.
    """
    number = parse_int(value)
    if number is None:
        raise ValueError(_("«%(value)s» er ikke et gyldig tall.", value=str(value)[:40]))
    return number


def optional_int(value) -> int | None:
    """``coerce`` for optional integer choices: empty is ``None``, otherwise ``bounded_int``."""
    if value is None or value == "":
        return None
    return bounded_int(value)


def _has_nul() -> bool:
    if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.query_string):
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        for key, values in request.form.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
        for key, storage in request.files.items(multi=True):
            if "\x00" in key or "\x00" in (storage.filename or ""):
                return True
    return False


def _page_out_of_range() -> bool:
    """A ``page`` (or ``per_page``) that Flask-SQLAlchemy would read as a huge number."""
    for name in ("page", "per_page"):
        for value in request.args.getlist(name):
            try:
                number = int(value)
            except (TypeError, ValueError):
                continue  # Flask-SQLAlchemy shows the first page for these
            if number > MAX_PAGE:
                return True
    return False


def guard_request():
    """Refuse input that no view should see: NUL bytes (400), huge page numbers (404)."""
    if _has_nul():
        return render_template(
            "errors/error.html", code=400, title=_("Ugyldig forespørsel"),
            text=_("Forespørselen inneholdt et ugyldig tegn (NUL). Fjern det og prøv igjen. "
                   "Ingenting ble lagret.")), 400
    if _page_out_of_range():
        abort(404)
    return None


def register(app: Flask) -> None:
    """Install the bounded ``int`` converter and the request guard.

    Must run before the blueprints are registered: a rule picks its converter when added.
    """
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(guard_request)
