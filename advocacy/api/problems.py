"""Errors as RFC 9457 ``application/problem+json``, with a Norwegian title and detail.

Errors raised in an API view are answered by ``handle_http_exception`` (registered on the
API blueprints); an error answered before a view is chosen (an unknown address, a wrong
method, a NUL byte, a database that is down) gets the app's HTML error page, which
``convert_html_errors`` turns into a problem for every address under the API.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request
from marshmallow import fields
from werkzeug.exceptions import HTTPException

from advocacy.api.fields import Schema, integer, many, text

MEDIA_TYPE = "application/problem+json"
#: Every API address starts with this.
PREFIX = "/api/v1/"

TITLES = {
    400: "Ugyldig forespørsel",
    401: "Ikke innlogget",
    403: "Ingen tilgang",
    404: "Fant ikke",
    405: "Metoden er ikke tillatt",
    406: "Formatet kan ikke leveres",
    409: "Konflikt",
    412: "Forutsetningen holder ikke",
    413: "For stor forespørsel",
    415: "Formatet støttes ikke",
    422: "Ugyldige data",
    428: "Forutsetning mangler",
    429: "For mange forespørsler",
    500: "Noe gikk galt",
    503: "Tjenesten er midlertidig utilgjengelig",
}

DETAILS = {
    400: "Forespørselen kunne ikke behandles.",
    401: "Send en gyldig API-nøkkel i overskriften «Authorization: Bearer <nøkkel>». "
         "Du lager nøkler på profilsiden.",
    403: "Du har ikke tilgang til å gjøre dette.",
    404: "Adressen eller saken du ba om, finnes ikke.",
    405: "Denne metoden er ikke tillatt på denne adressen.",
    413: "Det du sendte, er for stort.",
    422: "Noen felt har feil; se «errors». Ingenting ble endret.",
    429: "Det har kommet for mange forespørsler på kort tid. Vent litt og prøv igjen.",
    500: "En feil oppstod hos oss. Ingenting du har lagret, er tapt.",
    503: "Databasen svarer ikke akkurat nå. Vent litt og prøv igjen.",
}


class ProblemSchema(Schema):
    """RFC 9457 problem details; ``errors`` names the fields that were wrong."""

    type = text(metadata={"description": "Alltid «about:blank»: se «status»."})
    title = text(metadata={"description": "Kort beskrivelse på norsk."})
    status = integer(100, 599)
    detail = text(metadata={"description": "Hva som gikk galt, og hva du kan gjøre."})
    instance = text()
    errors = fields.Dict(keys=text(), values=many(text()),
                         metadata={"description": "Feltnavn → feilmeldinger (bare ved 422)."})


def problem(status: int, detail: str | None = None, errors: dict[str, list[str]] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """A problem response with the Norwegian title of ``status``."""
    response = Response(status=status, mimetype=MEDIA_TYPE)
    _fill(response, status, detail, errors)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _fill(response: Response, status: int, detail: str | None,
          errors: dict[str, list[str]] | None) -> None:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Feil"),
        "status": status,
        "detail": detail or DETAILS.get(status, TITLES.get(status, "Feil") + "."),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response.set_data(json.dumps(body, ensure_ascii=False))
    response.mimetype = MEDIA_TYPE
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs' ``{"json": {"field": [...]}}`` as ``{"field": [...]}``, nested names dotted."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = "" if key in ("json", "query", "_schema") and not prefix else str(key)
            if key == "_schema" and prefix:
                name = ""
            name = f"{prefix}.{name}" if prefix and name else (prefix or name)
            flat.update(_flatten(value, name))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat.setdefault(prefix or "_", []).extend(messages)
    elif isinstance(messages, list):
        for item in messages:
            flat.update(_flatten(item, prefix))
    else:
        flat.setdefault(prefix or "_", []).append(str(messages))
    return flat


def handle_http_exception(error: HTTPException):
    """An error raised in an API view, as a problem (304 stays an empty answer)."""
    if error.code == 304:
        return Response(status=304)
    data = getattr(error, "data", None) or {}
    status = error.code or 500
    errors = None
    detail = data.get("message")
    messages = data.get("errors") or data.get("messages")
    if messages and status == 400:  # webargs: the body is not JSON
        detail = ("Innholdet kunne ikke leses. Send gyldig JSON med "
                  "«Content-Type: application/json».")
    elif messages:
        errors = _flatten(messages)
    return problem(status, detail, errors, data.get("headers"))


def convert_html_errors(response: Response) -> Response:
    """An HTML error page answered for an API address becomes a problem of the same status."""
    if (request.path.startswith(PREFIX) and response.status_code >= 400
            and response.mimetype == "text/html"):
        _fill(response, response.status_code, None, None)
    return response
