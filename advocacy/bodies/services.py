"""The register of state bodies: search, create, rename and merge."""

from __future__ import annotations

from sqlalchemy import case, false, select, update

from advocacy.bodies.models import (MAX_LABEL, REFERENCES, BodyPerson, PersonRole, StateBody,
                                    key_of)
from advocacy.extensions import db
from advocacy.sorting import in_order_of


def search_bodies(query: str, limit: int) -> list[StateBody]:
    """Bodies whose name, short name or an alias contains ``query`` (an exact short name
    first, then confirmed bodies, by name); one query."""
    key = key_of(query)
    if not key or len(key) > MAX_LABEL:
        return []
    stmt = select(StateBody).where(StateBody.lookup_text.contains(key, autoescape=True))
    exact = case((StateBody.short_key == key, 0), else_=1)
    return list(db.session.scalars(stmt.order_by(
        exact, StateBody.is_confirmed.desc(), StateBody.name).limit(limit)))


def bodies_by_ids(ids: list[int]) -> list[StateBody]:
    """The bodies with these ids, in one query (none for no ids)."""
    if not ids:
        return []
    return list(db.session.scalars(select(StateBody).where(StateBody.id.in_(ids))))


def body_query(query: str = "", *, unconfirmed_only: bool = False):
    """The register page's rows: unconfirmed first, then by name."""
    stmt = select(StateBody)
    if len(key_of(query)) > MAX_LABEL:
        return stmt.where(false())
    if query.strip():
        stmt = stmt.where(StateBody.lookup_text.contains(key_of(query), autoescape=True))
    if unconfirmed_only:
        stmt = stmt.where(StateBody.is_confirmed.is_(False))
    return stmt.order_by(StateBody.is_confirmed, StateBody.name)


def name_taken(name: str, *, except_id: int | None = None) -> bool:
    """Whether another body has this name or uses it as its short name or an alias."""
    key = key_of(name)
    if not key or len(key) > MAX_LABEL:
        return False  # no body has a longer name (and SQLite refuses a LIKE this long)
    stmt = select(StateBody.id).where(StateBody.lookup_text.contains(key, autoescape=True))
    for body in db.session.scalars(select(StateBody).where(StateBody.id.in_(stmt))):
        if body.id != except_id and key in body.keys():
            return True
    return False


def short_name_taken(short_name: str, *, except_id: int | None = None) -> bool:
    """Whether another body has this short name (case ignored)."""
    ids = set(db.session.scalars(select(StateBody.id).where(
        StateBody.short_key == key_of(short_name))))
    return bool(ids - {except_id})


def refresh_labels(body: StateBody) -> int:
    """Copy ``body``'s label to every condition and hearing that points at it (after a
    rename); returns how many rows changed. The rows are loaded so that their search text
    and audit log follow."""
    db.session.flush()
    changed = 0
    for ref in REFERENCES:
        column = getattr(ref.model, ref.id_attr)
        for row in db.session.scalars(select(ref.model).where(column == body.id)):
            if getattr(row, ref.label_attr) != body.label:
                setattr(row, ref.label_attr, body.label)
                changed += 1
    return changed


def merge(source: StateBody, target: StateBody) -> int:
    """Move everything that points at ``source`` (its people too) to ``target``, keep ``source``'s names as
    aliases of ``target`` (so the importer maps them there), and delete ``source``.
    Returns how many conditions and hearings moved."""
    if source.id == target.id:
        raise ValueError("a body cannot be merged into itself")
    moved = 0
    for ref in REFERENCES:
        column = getattr(ref.model, ref.id_attr)
        for row in db.session.scalars(select(ref.model).where(column == source.id)):
            setattr(row, ref.id_attr, target.id)
            setattr(row, ref.label_attr, target.label)
            moved += 1
    for text in [source.name, source.short_name or "", *(source.aliases or [])]:
        target.add_alias(text)
    db.session.execute(update(StateBody).where(StateBody.parent_id == source.id)
                       .values(parent_id=target.id))
    db.session.execute(update(BodyPerson).where(BodyPerson.body_id == source.id)
                       .values(body_id=target.id))
    db.session.delete(source)
    return moved


def people_of(body_id: int) -> list[BodyPerson]:
    """The people of one body: those in their role now first, by role then name."""
    role_order = in_order_of(BodyPerson.role, PersonRole)
    return list(db.session.scalars(
        select(BodyPerson).where(BodyPerson.body_id == body_id)
        .order_by(BodyPerson.is_current.desc(), role_order, BodyPerson.name, BodyPerson.id)))
