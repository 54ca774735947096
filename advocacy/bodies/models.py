"""StateBody: the register of ministries, directorates, agencies and committees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, event, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy.audit.models import Audited
from advocacy.extensions import db
from advocacy.search import MIN_INDEXED_LENGTH, fold, matching_clause


_KIND_LABELS = {
    "departement": _l("Departement"),
    "direktorat": _l("Direktorat"),
    "etat": _l("Etat"),  # i18n: not ui
    "tilsyn": _l("Tilsyn"),
    "storting-komite": _l("Stortingskomité"),
    "annet": _l("Annet"),  # i18n: not ui
}


class BodyKind(StrEnum):
    DEPARTEMENT = "departement"
    DIREKTORAT = "direktorat"
    ETAT = "etat"  # i18n: not ui
    TILSYN = "tilsyn"
    STORTING_KOMITE = "storting-komite"
    ANNET = "annet"  # i18n: not ui

    @property
    def label(self) -> str:
        return _KIND_LABELS[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """Pairs of (value, label) for a select field."""
        return [(member.value, member.label) for member in cls]


#: The longest label: the length of the label columns of conditions and hearings.
MAX_LABEL = 200


def label_of(name: str, short_name: str | None) -> str:
    """How a body is shown: "Kommunal- og distriktsdepartementet (KDD)" (at most
    ``MAX_LABEL`` characters, the name cut short if need be)."""
    if not short_name:
        return name[:MAX_LABEL]
    suffix = f" ({short_name})"
    if len(name) + len(suffix) > MAX_LABEL:
        name = name[:MAX_LABEL - len(suffix) - 1] + "…"
    return name + suffix


def key_of(text: str | None) -> str:
    """The form a name, short name or alias is compared in: folded, and without the
    shown short name, so that "Samferdselsdepartementet (SD)" finds the same body."""
    return fold(text or "")


class StateBody(Audited, db.Model):
    """A ministry, directorate, agency, supervisory authority or Stortinget committee."""

    __tablename__ = "state_bodies"
    __audit_type__ = "state_body"
    __audit_skip__ = Audited.__audit_skip__ + ("short_key", "lookup_text")
    __table_args__ = (
        CheckConstraint(
            "kind IN ('departement', 'direktorat', 'etat', 'tilsyn', 'storting-komite', "  # i18n: not ui
            "'annet')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: The short name in common use (KDD, SD, DMF); unique when set.
    short_name: Mapped[str | None] = mapped_column(String(20), unique=True)
    #: The short name folded, for an exact match of a search of one or two letters.
    short_key: Mapped[str | None] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=BodyKind.ANNET)
    #: False for a body the importer (or a merge) made from an unknown name, until staff
    #: confirm it.
    is_confirmed: Mapped[bool] = mapped_column(default=False)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("state_bodies.id", ondelete="SET NULL"), index=True)
    #: Other names seen for this body ("Kommunaldepartementet"), for mapping imports.
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The postal address letters are sent to, one line per line ("Postboks 8112 Dep",
    #: "0032 Oslo").
    postal_address: Mapped[str] = mapped_column(Text, default="")

    #: Name, short name and aliases, folded, for the picker's search (a small table).
    lookup_text: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[StateBody | None] = relationship(remote_side=[id])

    @property
    def label(self) -> str:
        return label_of(self.name, self.short_name)

    #: The picker shows rows by their title.
    title = label

    @property
    def kind_label(self) -> str:
        return BodyKind(self.kind).label

    @property
    def hint(self) -> str:
        """What tells bodies with similar names apart in a list of matches (a str, for
        the picker's JSON)."""
        if self.is_confirmed:
            return str(self.kind_label)
        return _("%(kind)s, ikke bekreftet", kind=self.kind_label)

    def keys(self) -> set[str]:
        """Every folded text that names this body: name, short name, label, aliases."""
        texts = [self.name, self.short_name, self.label, *(self.aliases or [])]
        return {key_of(t) for t in texts if t}

    def add_alias(self, text: str) -> None:
        """Remember ``text`` as another name of this body (unless it names it already)."""
        text = " ".join(text.split())
        if text and key_of(text) not in self.keys():
            self.aliases = [*(self.aliases or []), text]


@event.listens_for(StateBody, "before_insert")
@event.listens_for(StateBody, "before_update")
def _keep_keys(mapper, connection, target: StateBody) -> None:
    target.short_key = key_of(target.short_name) or None
    target.lookup_text = " | ".join(sorted(target.keys()))


# --- Who points at a body -----------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A model with a foreign key to a body and a copy of the body's label beside it."""

    model: type
    id_attr: str
    label_attr: str


#: Filled by the domains above (conditions, hearings) when their models load.
REFERENCES: list[Reference] = []


def register_reference(model: type, id_attr: str, label_attr: str) -> None:
    """Tell the register that ``model.id_attr`` points at a body and ``model.label_attr``
    shows its label, to be kept in step when the body is renamed or merged."""
    REFERENCES.append(Reference(model, id_attr, label_attr))


def short_name_ids(query: str):
    """A subquery of the ids of bodies whose short name is ``query`` (case ignored)."""
    key = key_of(query)
    return select(StateBody.id).where(StateBody.short_key == key)


def matching_with_body(model, body_id_column, query: str):
    """``model.matching``'s where-clause for a model that shows a body's label.

    The label ("Samferdselsdepartementet (SD)") is part of the searched text, so the
    trigram index finds "KDD" or "samferdsel". A query too short for that index ("SD",
    "KD") is a scan of the table anyway; it also finds the rows of the body with exactly
    that short name. (Added to a longer query, the OR would keep PostgreSQL from using
    its trigram index.)
    """
    clause = matching_clause(model, query)
    key = key_of(query)
    if key and len(key) < MIN_INDEXED_LENGTH:
        return or_(clause, body_id_column.in_(short_name_ids(query)))
    return clause


class BodyIndex:
    """Finds bodies by name, short name, label or alias; the register is read once.

    ``resolve(name)`` makes an unconfirmed body for a name it does not know, so that an
    import of thousands of hearings costs one query, not one per item.
    """

    def __init__(self, bodies: Iterable[StateBody]) -> None:
        self._by_key: dict[str, StateBody] = {}
        for body in bodies:
            self._remember(body)

    @classmethod
    def load(cls) -> BodyIndex:
        """The whole register (a few hundred rows at most), in one query."""
        return cls(db.session.scalars(select(StateBody)))

    def _remember(self, body: StateBody) -> None:
        for key in body.keys():
            # A confirmed body wins over an unconfirmed one with the same alias.
            current = self._by_key.get(key)
            if current is None or (body.is_confirmed and not current.is_confirmed):
                self._by_key[key] = body

    def find(self, text: str | None) -> StateBody | None:
        """The body ``text`` names, or ``None``."""
        key = key_of(text)
        return self._by_key.get(key) if key else None

    def resolve(self, text: str | None) -> StateBody | None:
        """The body ``text`` names; a new unconfirmed one when none does (``None`` for
        an empty text)."""
        text = " ".join((text or "").split())[:200]
        if not text:
            return None
        body = self.find(text)
        if body is None:
            body = StateBody(name=text, kind=BodyKind.ANNET, is_confirmed=False, aliases=[])
            db.session.add(body)
            self._remember(body)
        return body


# --- The people we meet in a body ---------------------------------------------------------


_ROLE_LABELS = {
    "statsraad": _l("Statsråd"),
    "statssekretaer": _l("Statssekretær"),
    "politisk_raadgiver": _l("Politisk rådgiver"),
    "ekspedisjonssjef": _l("Ekspedisjonssjef"),
    "direktoer": _l("Direktør eller avdelingsdirektør"),
    "saksbehandler": _l("Saksbehandler"),
    "stortingsrepresentant": _l("Stortingsrepresentant"),
    "annen": _l("Annen rolle"),  # i18n: not ui
}


class PersonRole(StrEnum):
    STATSRAAD = "statsraad"
    STATSSEKRETAER = "statssekretaer"
    POLITISK_RAADGIVER = "politisk_raadgiver"
    EKSPEDISJONSSJEF = "ekspedisjonssjef"
    DIREKTOER = "direktoer"
    SAKSBEHANDLER = "saksbehandler"
    STORTINGSREPRESENTANT = "stortingsrepresentant"
    ANNEN = "annen"  # i18n: not ui

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


#: The body Buskerud's members of Stortinget belong to (made by their import if missing).
STORTINGET = "Stortinget"  # i18n: not ui


class BodyPerson(Audited, db.Model):
    """Someone the county meets in a state body: a state secretary, a director general,
    a case officer, or a member of Stortinget (with party and committee)."""

    __tablename__ = "body_people"
    __audit_type__ = "body_person"
    __table_args__ = (
        CheckConstraint(
            "role IN ('statsraad', 'statssekretaer', 'politisk_raadgiver', 'ekspedisjonssjef', "  # i18n: not ui
            "'direktoer', 'saksbehandler', 'stortingsrepresentant', 'annen')",
            name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("state_bodies.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30), default=PersonRole.ANNEN)
    #: A member of Stortinget's party ("Arbeiderpartiet") and committee.
    party: Mapped[str] = mapped_column(String(100), default="")
    committee: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    #: Stortinget's own id of a member ("HEBR"): the import updates the person by it.
    stortinget_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    #: False for a member no longer in Stortinget's list (kept: meetings name them).
    is_current: Mapped[bool] = mapped_column(default=True)

    body: Mapped[StateBody] = relationship()

    @property
    def role_label(self) -> str:
        return PersonRole(self.role).label

    @property
    def title(self) -> str:
        """How a picker shows the person (pickers show rows by their title)."""
        return self.name

    @property
    def audit_label(self) -> str:
        return f"{self.name} ({self.role_label})"

    @property
    def description(self) -> str:
        """Role, party and committee in one line: "Stortingsrepresentant, Høyre,
        transport- og kommunikasjonskomiteen" (a str)."""
        parts = [str(self.role_label), self.party, self.committee]
        return ", ".join(p for p in parts if p)
