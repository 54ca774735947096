"""What every API resource module shares: its blueprint, paging and conditional GETs."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from werkzeug.exceptions import HTTPException

from advocacy.api import problems
from advocacy.api.fields import MAX_PER_PAGE
from advocacy.extensions import db

PREFIX = "/api/v1"


def blueprint(name: str, description: str) -> Blueprint:
    """An API blueprint under /api/v1 whose errors are answered as problems."""
    bp = Blueprint(name, __name__, url_prefix=PREFIX, description=description)
    bp.register_error_handler(HTTPException, problems.handle_http_exception)
    return bp


def page_of(stmt, args: dict[str, Any], items=None) -> dict[str, Any]:
    """One page of ``stmt`` as the list envelope; ``items`` replaces the rows if given
    (e.g. a list of dicts made from them)."""
    page = db.paginate(stmt, page=args["page"], per_page=args["per_page"],
                       max_per_page=MAX_PER_PAGE, error_out=False, count=True)
    rows = page.items
    return {"items": items(rows) if items else rows, "page": page.page,
            "per_page": page.per_page, "total": page.total or 0, "pages": page.pages}
