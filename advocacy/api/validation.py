"""Check an API body with the form the page uses, so both keep one set of rules.

The JSON (already checked for shape by the input schema) is turned into the form data the
page would send, and the page's form validates it with CSRF off: the same limits, the same
lookups (a state body, a measure that exists) and the same Norwegian messages. A form that
does not validate ends the request with a 422 problem naming each field.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any, TypeVar

from flask_smorest import abort
from werkzeug.datastructures import MultiDict
from wtforms import Form

F = TypeVar("F", bound=Form)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "y" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def form_data(values: dict[str, Any], lines: tuple[str, ...] = ()) -> MultiDict:
    """Form data for ``values``: lists become repeated fields (or one text of lines, for the
    names in ``lines``), ``None`` and ``False`` are left out, as a browser leaves them."""
    data: MultiDict = MultiDict()
    for name, value in values.items():
        if value is None or value is False:
            continue
        if name in lines:
            data.add(name, "\n".join(str(v) for v in value))
        elif isinstance(value, (list, tuple)):
            for item in value:
                data.add(name, _as_text(item))
        else:
            data.add(name, _as_text(value))
    return data


def validated(form_class: type[F], values: dict[str, Any], *, lines: tuple[str, ...] = (),
              **form_kwargs) -> F:
    """The page's form filled with ``values`` and validated; a 422 problem if it fails."""
    form = form_class(formdata=form_data(values, lines), meta={"csrf": False}, **form_kwargs)
    if not form.validate():
        abort(422, errors={(name or "_"): list(messages)
                           for name, messages in form.errors.items()})
    return form
