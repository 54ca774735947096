"""AuditEvent and the session hook that records changes to audited models.

A model opts in by inheriting ``Audited``; every insert, update and delete of it is
recorded in the same transaction as the change, with the changed fields before → after.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import get_history

from advocacy import clock
from advocacy.extensions import db
from advocacy.types import UTCDateTime

#: Written instead of the value of a secret field.
HIDDEN = "(skjult)"


class Audited:
    """Mixin: record every change of this model in the audit log."""

    #: Key used in the audit log and its URLs, e.g. ``condition``.
    __audit_type__: str = ""
    #: Fields whose values are never written to the log.
    __audit_secret__: tuple[str, ...] = ()
    #: Fields not worth logging (derived or bookkeeping).
    __audit_skip__: tuple[str, ...] = ("search_text", "created_at", "updated_at")
    #: Collections logged by the labels of their members.
    __audit_collections__: tuple[str, ...] = ()

    @property
    def audit_label(self) -> str:
        """How the object is named in the log."""
        for name in ("title", "name", "email"):
            value = getattr(self, name, None)
            if value:
                return str(value)
        return f"#{getattr(self, 'id', '?')}"


class AuditEvent(db.Model):
    """One recorded change."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    #: ``create``, ``update`` or ``delete``.
    action: Mapped[str] = mapped_column(String(10))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    #: The object's name when the change was made (kept after a delete).
    object_label: Mapped[str] = mapped_column(String(300), default="")
    #: field -> [before, after]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor = relationship("User")

    __table_args__ = (db.Index("ix_audit_events_object", "object_type", "object_id"),)


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, datetime):
        return value.astimezone(clock.OSLO).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _label(obj: Any) -> str:
    return obj.audit_label if isinstance(obj, Audited) else str(obj)


def _changes(obj: Audited, action: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for column in state.mapper.column_attrs:
        name = column.key
        if name in obj.__audit_skip__ or name == "id":
            continue
        history = get_history(obj, name)
        if action == "create":
            before, after = None, getattr(obj, name)
            if after is None or after == "" or after == []:
                continue
        elif action == "delete":
            before, after = getattr(obj, name), None
        else:
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before == after:
                continue
        if name in obj.__audit_secret__:
            before, after = (HIDDEN if before else None), (HIDDEN if after else None)
        changes[name] = [_plain(before), _plain(after)]
    for name in obj.__audit_collections__:
        history = get_history(obj, name)
        if action == "update" and not history.has_changes():
            continue
        current = [_label(o) for o in getattr(obj, name)]
        if action == "create":
            if current:
                changes[name] = [None, current]
        elif action == "update":
            previous = [_label(o) for o in (history.unchanged + history.deleted)]
            changes[name] = [sorted(previous), sorted(current)]
    return changes


def _actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


@event.listens_for(Session, "after_flush")
def _record(session: Session, flush_context) -> None:
    rows = []
    for action, objects in (("create", session.new), ("update", session.dirty),
                            ("delete", session.deleted)):
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            if action == "update" and not session.is_modified(obj):
                continue
            changes = _changes(obj, action)
            if action == "update" and not changes:
                continue
            rows.append({"created_at": clock.utcnow(), "actor_id": _actor_id(), "action": action,
                         "object_type": obj.__audit_type__, "object_id": obj.id,
                         "object_label": obj.audit_label[:300], "changes": changes})
    if rows:
        session.connection().execute(insert(AuditEvent), rows)
