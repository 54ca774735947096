"""What every API resource module shares: its blueprint, paging and conditional GETs."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import request
from flask_smorest import Blueprint, abort
from werkzeug.exceptions import HTTPException

from advocacy.api import problems
from advocacy.api.fields import MAX_PER_PAGE
from advocacy.auth.permissions import require
from advocacy.extensions import db

PREFIX = "/api/v1"


def blueprint(name: str, description: str) -> Blueprint:
    """An API blueprint under /api/v1 whose errors are answered as problems."""
    bp = Blueprint(name, __name__, url_prefix=PREFIX, description=description)
    bp.register_error_handler(HTTPException, problems.handle_http_exception)
    bp.after_request(_revalidate)
    return bp


def _revalidate(response):
    """What one token may see: kept by no shared cache, asked again each time (ETag)."""
    response.vary.add("Authorization")
    if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
        # Private: the app's no-store default then leaves it alone.
        response.cache_control.private = True
        response.cache_control.no_cache = True
    return response


def check_if_match(bp: Blueprint, schema, obj) -> None:
    """412 when the request has an ``If-Match`` that is not the ETag of ``obj`` as GET
    shows it (someone changed it since it was read); no ``If-Match``: no check."""
    if not request.if_match:
        return
    current = bp._generate_etag(schema().dump(obj))
    if not request.if_match.contains(current):
        abort(412, message="Saken er endret siden du hentet den. Hent den på nytt, og "
                           "send endringen med den nye ETag-en. Ingenting ble endret.")


def page_of(stmt, args: dict[str, Any], items=None) -> dict[str, Any]:
    """One page of ``stmt`` as the list envelope; ``items`` replaces the rows if given
    (e.g. a list of dicts made from them)."""
    page = db.paginate(stmt, page=args["page"], per_page=args["per_page"],
                       max_per_page=MAX_PER_PAGE, error_out=False, count=True)
    rows = page.items
    return {"items": items(rows) if items else rows, "page": page.page,
            "per_page": page.per_page, "total": page.total or 0, "pages": page.pages}


def editors_only(view):
    """Refuse (403) anyone who may not edit before the body is even read, as
    ``permissions.requires("edit")`` does for the pages; goes right under ``route``."""

    @wraps(view)  # keeps flask-smorest's notes for the document
    def wrapped(*args, **kwargs):
        require("edit")
        return view(*args, **kwargs)

    return wrapped
