"""How the change log shows what changed: the registry the domains fill.

``audit`` imports no domain. Each domain registers, from its ``audit_labels`` module
(imported by the domain's package, so at app creation):

- its object types: a Norwegian name, the page of an object, and a label for every
  field its models log (``register_type``), where a field may say how its value is shown:
  a code with Norwegian labels (``coded``), a reference to another object shown by name
  (``reference``), a date or a moment, a secret or hash shown only as changed, or nothing
  at all (``hidden``);
- how the objects its references point to are named (``register_names``).

The log page resolves every reference on a page with one query (``resolve``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import String, cast, literal_column, select, union_all

from advocacy.audit.models import AuditEvent
from advocacy.extensions import db
from advocacy.formatting import date_nb, datetime_nb
from advocacy.search import contains_ignoring_case

ACTION_LABELS = {"create": _l("Opprettet"), "update": _l("Endret"), "delete": _l("Slettet")}

#: Shown for an object type no domain registered (an old entry), and for an unknown field.
UNKNOWN_TYPE = _l("Objekt")
UNKNOWN_FIELD = _l("Annet felt")
#: Shown for a reference whose object no longer exists.
GONE = _l("slettet")
EMPTY = "–"


@dataclass(frozen=True)
class FieldLabel:
    """How one logged field is shown: its Norwegian name and how to show its values."""

    label: str
    #: value -> text; ``None`` shows the value as it is (see ``plain``).
    show: Callable[[Any], str] | None = None
    #: The kind of object the value refers to (registered with ``register_names``).
    ref: str | None = None
    #: For secrets and hashes: the words for (changed, added, set later, removed), see
    #: ``changed_only``; ``None`` shows nothing.
    change_words: tuple[str | None, ...] | None = None
    #: Never shown (bookkeeping a person does not need).
    is_hidden: bool = False


@dataclass
class ObjectType:
    """One audited object type, as a domain registered it."""

    key: str
    label: str
    #: The endpoint of an object's page and the name of its id argument.
    page: tuple[str, str] | None
    fields: dict[str, FieldLabel] = field(default_factory=dict)


@dataclass(frozen=True)
class _Names:
    id_column: Any
    name_column: Any
    show: Callable[[str], str] | None


_types: dict[str, ObjectType] = {}
_names: dict[str, _Names] = {}


# --- what the domains call -----------------------------------------------------------------

def coded(label: str, codes: Iterable | Mapping) -> FieldLabel:
    """A field whose values are codes: an enum whose members have ``.label``, or a mapping."""
    table = dict(codes) if isinstance(codes, Mapping) else {m.value: m.label for m in codes}
    return FieldLabel(label, show=lambda value: str(table.get(value, value)))


def reference(label: str, kind: str) -> FieldLabel:
    """A field holding the id of an object of ``kind``, shown by the object's name."""
    return FieldLabel(label, ref=kind)


def day(label: str) -> FieldLabel:
    """A date field, shown as dd.mm.åååå."""
    return FieldLabel(label, show=_show_date)


def moment(label: str) -> FieldLabel:
    """A date-and-time field, shown as dd.mm.åååå kl. tt:mm (Oslo time)."""
    return FieldLabel(label, show=_show_moment)


_SAME = object()


def changed_only(label: str, changed: str | None = _l("endret"), added: str | None = _l("satt"),
                 removed: str | None = _l("fjernet"), set_later=_SAME) -> FieldLabel:
    """A secret or a hash: only a word for how it changed is shown (``None`` shows nothing).

    :param added: the word when the object was created with the field set.
    :param set_later: the word when an update set it with no old value logged (an empty
        field, or one not loaded before it was set); the same as ``added`` unless given.
    """
    later = added if set_later is _SAME else set_later
    return FieldLabel(label, change_words=(changed, added, later, removed))


def hidden() -> FieldLabel:
    """A field the log records but a person does not need to see."""
    return FieldLabel("", is_hidden=True)


def register_type(key: str, label: str, fields: Mapping[str, str | FieldLabel],
                  page: tuple[str, str] | None = None) -> None:
    """Register an audited object type (its ``__audit_type__``).

    :param label: its Norwegian name, e.g. ``Høring``.
    :param fields: every logged field -> its Norwegian label, or a ``FieldLabel``.
    :param page: ``(endpoint, id argument)`` of the object's page, if it has one.
    """
    _types[key] = ObjectType(key, label, page, {
        name: spec if isinstance(spec, FieldLabel) else FieldLabel(spec)
        for name, spec in fields.items()})


def register_names(kind: str, id_column, name_column,
                   show: Callable[[str], str] | None = None) -> None:
    """Register how objects of ``kind`` are named where a field refers to them.

    :param id_column: the model's id column, e.g. ``User.id``.
    :param name_column: the column holding its name, e.g. ``User.name``.
    :param show: turns the name column's value (as text) into what is shown.
    """
    _names[kind] = _Names(id_column, name_column, show)


# --- what the log page calls ---------------------------------------------------------------

def type_label(key: str) -> str:
    """The Norwegian name of an object type."""
    registered = _types.get(key)
    return registered.label if registered else UNKNOWN_TYPE


def type_choices() -> list[tuple[str, str]]:
    """(key, name) of every registered object type, by name."""
    return sorted(((t.key, str(t.label)) for t in _types.values()), key=lambda pair: pair[1])


def ids_named(kind: str, text: str):
    """A select of the ids of the objects of ``kind`` whose name contains ``text`` (case
    ignored), for «Endret av»: the log never loads every user to fill a list."""
    names = _names[kind]
    return select(names.id_column).where(contains_ignoring_case(names.name_column, text))


def object_url(object_type: str, object_id: int | None) -> str | None:
    """The page of an audited object, where it has one."""
    registered = _types.get(object_type)
    if registered is None or registered.page is None or object_id is None:
        return None
    endpoint, arg = registered.page
    return url_for(endpoint, **{arg: object_id})


def field_label(object_type: str, name: str) -> FieldLabel:
    """How the field ``name`` of ``object_type`` is shown."""
    registered = _types.get(object_type)
    found = registered.fields.get(name) if registered else None
    return found or FieldLabel(UNKNOWN_FIELD)


def wanted_names(events) -> dict[str, set[int]]:
    """The ids, per kind, that the reference fields of ``events`` hold."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        for name, pair in (event.changes or {}).items():
            kind = field_label(event.object_type, name).ref
            if kind is None:
                continue
            for value in pair:
                if isinstance(value, int) and not isinstance(value, bool):
                    wanted.setdefault(kind, set()).add(value)
    return wanted


def resolve(wanted: Mapping[str, set[int]]) -> dict[tuple[str, int], str]:
    """Names of the referred objects, in one query: live objects by their name, deleted
    ones by the name the log kept when they were deleted (marked as deleted).

    Ids found in neither are left out; ``show_change`` says «slettet» for them.
    """
    parts = []
    for position, (kind, ids) in enumerate(sorted(wanted.items())):
        names = _names.get(kind)
        if not ids or names is None:
            continue
        ids = sorted(ids)
        tag = literal_column(str(position))
        parts.append(select(tag.label("kind"), names.id_column.label("id"),
                            cast(names.name_column, String).label("name"),
                            literal_column("0").label("is_gone"))
                     .where(names.id_column.in_(ids)))
        # Objects the log saw deleted keep the name they had then.
        parts.append(select(tag, AuditEvent.object_id, cast(AuditEvent.object_label, String),
                            literal_column("1"))
                     .where(AuditEvent.action == "delete", AuditEvent.object_type == kind,
                            AuditEvent.object_id.in_(ids)))
    if not parts:
        return {}
    kinds = sorted(wanted)
    found: dict[tuple[str, int], str] = {}
    rows = db.session.execute(union_all(*parts)).all()
    for tag, object_id, name, is_gone in sorted(rows, key=lambda row: row[3]):
        kind = kinds[tag]
        key = (kind, object_id)
        if key in found:
            continue  # a live object before the name of a deleted one with its id
        show = _names[kind].show
        text = show(name) if show else name
        found[key] = _("%(name)s (slettet)", name=text) if is_gone else text
    return found


@dataclass(frozen=True)
class Change:
    """One changed field as shown: its label and before → after, or a single word."""

    label: str
    before: str = ""
    after: str = ""
    #: For secrets and hashes: a word such as «endret» instead of before → after.
    word: str | None = None


def changes(event, names: Mapping[tuple[str, int], str]) -> list[Change]:
    """The changes of ``event`` as a person reads them (hidden fields left out).

    :param names: what ``resolve`` found for the page.
    """
    shown = []
    for name, pair in (event.changes or {}).items():
        spec = field_label(event.object_type, name)
        if spec.is_hidden:
            continue
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if spec.change_words is not None:
            changed, added, set_later, removed = spec.change_words
            if before and after:
                word = changed
            elif after:
                # An update logs no old value when the field was set before it was loaded.
                word = set_later if event.action == "update" else added
            else:
                word = removed if before else None
            if word:
                shown.append(Change(spec.label, word=word))
            continue
        shown.append(Change(spec.label, show_value(before, spec, names),
                            show_value(after, spec, names)))
    return shown


def show_value(value, spec: FieldLabel | None = None,
               names: Mapping[tuple[str, int], str] | None = None) -> str:
    """A logged value as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if spec is not None and spec.ref is not None:
        if isinstance(value, int) and not isinstance(value, bool):
            return (names or {}).get((spec.ref, value), str(GONE))
        return str(GONE)
    if spec is not None and spec.show is not None:
        return spec.show(value)
    return plain(value)


def plain(value) -> str:
    """A value with no registered way of showing it."""
    if value is True:
        return _("Ja")
    if value is False:
        return _("Nei")
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value)
    return str(value)


def _show_date(value) -> str:
    try:
        return date_nb(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return plain(value)


def _show_moment(value) -> str:
    try:
        moment_ = datetime.fromisoformat(str(value))
    except ValueError:
        return plain(value)
    if moment_.tzinfo is None:
        return moment_.strftime("%d.%m.%Y kl. %H:%M")
    return datetime_nb(moment_)
