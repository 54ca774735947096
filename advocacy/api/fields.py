"""Marshmallow fields with Norwegian messages, and the base schemas of the API.

The messages a client sees in a 422 answer come from here (shape and type) and from the
pages' own forms (every other rule, see ``advocacy.api.validation``).
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from advocacy.inputs import MAX_ID, MAX_PAGE, NUL_MESSAGE

#: Messages for every field kind; a field uses the keys it knows.
MESSAGES = {
    "required": "Feltet må fylles ut.",
    "null": "Feltet kan ikke være null.",
    "invalid": "Ugyldig verdi.",
    "type": "Ugyldig type.",
    "too_large": "Tallet er for stort.",
    "format": "Ugyldig format.",
    "validator_failed": "Ugyldig verdi.",
}

_INVALID = {
    fields.Integer: "Skriv et heltall.",
    fields.String: "Skriv tekst.",
    fields.Boolean: "Skriv true eller false.",
    fields.Date: "Skriv en dato som åååå-mm-dd.",
    fields.DateTime: "Skriv et tidspunkt som ISO 8601.",
    fields.List: "Skriv en liste.",
    fields.Nested: "Skriv et objekt.",
}


def _messages(kind: type) -> dict[str, str]:
    invalid = _INVALID.get(kind, MESSAGES["invalid"])
    return {**MESSAGES, "invalid": invalid}


def text(max_length: int | None = None, **kwargs) -> fields.String:
    """A string, at most ``max_length`` characters long."""
    if max_length is not None:
        kwargs.setdefault("validate", validate.Length(
            max=max_length, error="Kan være høyst {max} tegn."))
    return fields.String(error_messages=_messages(fields.String), **kwargs)


def integer(minimum: int = -MAX_ID - 1, maximum: int = MAX_ID, *, strict: bool = True,
            **kwargs) -> fields.Integer:
    """A whole number within what the database holds; in a JSON body a number, never text
    or a float such as 1.5 (``strict``), in a query string the text of one."""
    return fields.Integer(strict=strict, validate=validate.Range(
        min=minimum, max=maximum, error="Skriv et tall fra {min} til {max}."),
        error_messages=_messages(fields.Integer), **kwargs)


#: Ids are INTEGER columns: 32 bits on PostgreSQL, which refuses a larger number in a
#: comparison it casts (``IN (...)``) instead of finding nothing.
MAX_ROW_ID = 2**31 - 1


def ident(**kwargs) -> fields.Integer:
    """The id of a row."""
    return integer(1, MAX_ROW_ID, **kwargs)


def choice(values, **kwargs) -> fields.String:
    """One of ``values`` (the codes, as stored)."""
    values = [str(v) for v in values]
    return fields.String(validate=validate.OneOf(
        values, error="Velg en av: " + ", ".join(values) + "."),
        error_messages=_messages(fields.String), **kwargs)


def boolean(**kwargs) -> fields.Boolean:
    return fields.Boolean(error_messages=_messages(fields.Boolean), **kwargs)


def day(**kwargs) -> fields.Date:
    return fields.Date(error_messages=_messages(fields.Date), **kwargs)


def moment(**kwargs) -> fields.DateTime:
    return fields.DateTime(error_messages=_messages(fields.DateTime), **kwargs)


def many(inner: fields.Field, **kwargs) -> fields.List:
    return fields.List(inner, error_messages=_messages(fields.List), **kwargs)


def nested(schema, **kwargs) -> fields.Nested:
    return fields.Nested(schema, error_messages=_messages(fields.Nested), **kwargs)


class Schema(ma.Schema):
    """Base of every schema: unknown fields are refused, in Norwegian."""

    error_messages = {"unknown": "Ukjent felt.", "type": "Innholdet må være et JSON-objekt."}

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def refuse_nul(self, data, **kwargs):
        """No text may hold a NUL byte: PostgreSQL cannot store one."""
        if _has_nul(data):
            raise ma.ValidationError(NUL_MESSAGE)
        return data


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


class QuerySchema(Schema):
    """Query arguments; others are ignored (as the pages ignore them)."""

    class Meta:
        unknown = ma.EXCLUDE


#: The most rows one page of a list may hold, and how many by default.
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50


class PageArgs(QuerySchema):
    """``page`` and ``per_page`` of every list."""

    page = integer(1, MAX_PAGE, strict=False, load_default=1,
                   metadata={"description": "Sidenummer, fra 1."})
    per_page = integer(1, MAX_PER_PAGE, strict=False, load_default=DEFAULT_PER_PAGE,
                       metadata={"description": f"Rader per side, høyst {MAX_PER_PAGE}."})


class PersonSchema(Schema):
    """A user named on a row (responsible, signer)."""

    id = ident()
    name = text()


def person(**kwargs) -> fields.Nested:
    return nested(PersonSchema, allow_none=True, **kwargs)


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The envelope of one page of a list of ``item``."""
    attrs: dict[str, Any] = {
        "items": many(nested(item)),
        "page": integer(1),
        "per_page": integer(1),
        "total": integer(0),
        "pages": integer(0),
    }
    return type(name, (Schema,), attrs)
