"""The answer of a picker's search endpoint, for every kind of row a picker chooses.

The combobox script (static/picker.js) asks for JSON; without JavaScript the «Søk» button
opens the same address as a page of matches. Conditions, measures and state bodies each
call ``answer`` with how their rows are named, described and linked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import current_app, jsonify, render_template, request
from werkzeug.wrappers import Response


def answer(query: str, found: Sequence[Any], limit: int, *, title: str, field_label: str,
           label: Callable[[Any], str], hint: Callable[[Any], str],
           link: Callable[[Any], str | None], active: str | None = None) -> Response:
    """JSON for the script, else a page: the first ``limit`` of ``found`` (which holds one
    more when there are more)."""
    rows, has_more = list(found[:limit]), len(found) > limit
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) \
            == "application/json":
        response = jsonify(query=query, has_more=has_more, results=[
            {"id": row.id, "label": label(row), "hint": hint(row)} for row in rows])
    else:
        response = current_app.make_response(render_template(
            "picker_search.html", query=query, rows=rows, has_more=has_more, limit=limit,
            title=title, field_label=field_label, label=label, hint=hint, link=link,
            active=active))
    response.vary.add("Accept")
    return response
