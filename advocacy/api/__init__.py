"""The JSON API under /api/v1/, described by an OpenAPI 3.1 document.

flask-smorest builds the document from the marshmallow schemas the views load and dump
with (``advocacy.api.schemas``), so the document and the checks cannot drift apart. Every
call is made as a user, with a personal token (``advocacy.auth.api_tokens``) sent as
``Authorization: Bearer``; the user sees and changes what the pages would let them, through
the same permission rules and services. Session cookies and CSRF play no part here.
"""

from __future__ import annotations

from flask import Flask, g, request

from advocacy.api import problems
from advocacy.api.fields import MAX_ROW_ID
from advocacy.inputs import BoundedIntegerConverter


class RowIdConverter(BoundedIntegerConverter):
    """``<row_id:...>``: a row's id in a path; a larger number is no row (404)."""

    def __init__(self, map) -> None:  # noqa: A002 - werkzeug's name
        super().__init__(map, min=1, max=MAX_ROW_ID)


def register(app: Flask) -> None:
    """Set up the API on ``app``: its blueprints, the document, tokens and problem answers."""
    from advocacy.api.docs import bp as docs_bp
    from advocacy.api.spec import Api
    from advocacy.api.views import BLUEPRINTS
    from advocacy.extensions import csrf

    app.config.setdefault("API_TITLE", "Fellesstemme API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.url_map.converters["row_id"] = RowIdConverter
    api = Api(app)
    api.register_converter(RowIdConverter, lambda converter: {
        "type": "integer", "minimum": 1, "maximum": MAX_ROW_ID})
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    app.register_blueprint(docs_bp)
    app.before_request(_authenticate)
    app.after_request(problems.convert_html_errors)


def _authenticate():
    """Act as the user of the Bearer token on API calls; 401 without a usable one.

    The user is put where Flask-Login looks first, so ``current_user``, the permission
    rules and the change log see them, and no session is read or written.
    """
    from advocacy.api.views import BLUEPRINTS
    from advocacy.auth import api_tokens
    from advocacy.extensions import db

    if request.blueprint not in {bp.name for bp in BLUEPRINTS}:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = api_tokens.authenticate(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        db.session.rollback()
        return problems.problem(401)
    if db.session.dirty:  # when the token was last used, noted every few minutes
        db.session.commit()
    g._login_user = user
    return None
