"""Small helpers the view tests share: reading pages as a user does, counting rows."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from advocacy.extensions import db

_ROW_TITLE = re.compile(r'<th scope="row"><a href="[^"]*">([^<]*)</a>')


def text(response) -> str:
    """The response body as a user reads it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def row_titles(response) -> list[str]:
    """The titles in the rows of the page's tables, in order."""
    return [html.unescape(t) for t in _ROW_TITLE.findall(response.get_data(as_text=True))]


def count(model_or_table) -> int:
    """Committed rows of a model or table."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(model_or_table))


def body_id(name: str, short_name: str | None = None) -> int:
    """The id of the state body ``name`` (made, confirmed, if missing): for form posts."""
    from advocacy.bodies.models import StateBody

    body = db.session.scalar(sa.select(StateBody).filter_by(name=name))
    if body is None:
        body = StateBody(name=name, short_name=short_name, kind="departement",
                         is_confirmed=True, aliases=[])
        db.session.add(body)
        db.session.commit()
    return body.id
