"""FrameworkCondition and Dependency."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint,
                        false)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import Grouping

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import Organisation, User
from advocacy.bodies.models import StateBody, matching_with_body, register_reference
from advocacy.extensions import db
from advocacy.plan.models import Measure
from advocacy.search import Searchable
from advocacy.sorting import in_order_of
from advocacy.types import UTCDateTime


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Norwegian label.

    The labels are lazy (``lazy_gettext``): they are read in the language of the page or
    mail they are shown in, also where a form class built its choices at import. Wrap a
    label in ``str()`` where a real string is needed.
    """

    @property
    def label(self) -> str:
        return self._labels()[self.value]

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """Pairs of (value, label) for a select field."""
        return [(member.value, member.label) for member in cls]


class ConditionKind(LabelledEnum):
    REGULATION = "regulation"
    FUNDING = "funding"
    PRIORITY = "priority"

    @classmethod
    def _labels(cls):
        return {
            "regulation": _l("Regelverk"),
            "funding": _l("Økonomisk ordning"),
            "priority": _l("Statlig prioritering"),
        }


class Priority(LabelledEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @classmethod
    def _labels(cls):
        return {"high": _l("Høy"), "medium": _l("Middels"), "low": _l("Lav")}


class ConditionStatus(LabelledEnum):
    MONITORING = "monitoring"
    ACTIVE = "active"
    RESOLVED = "resolved"

    @classmethod
    def _labels(cls):
        return {"monitoring": _l("Følges med på"), "active": _l("Aktivt påvirkningsarbeid"),
                "resolved": _l("Avsluttet")}


class Effect(LabelledEnum):
    HINDERS = "hinders"
    ENABLES = "enables"
    REQUIRED = "required"

    @classmethod
    def _labels(cls):
        return {"hinders": _l("Hindrer"), "enables": _l("Fremmer"), "required": _l("Nødvendig for")}


#: Effects that hold a measure back; these count in the leverage ranking.
HOLDING_BACK = frozenset({Effect.HINDERS, Effect.REQUIRED})

STRENGTH_LABELS = {1: _l("1 – svak"), 2: _l("2 – middels"), 3: _l("3 – sterk")}

_LOVDATA_ID = re.compile(r"^(LOV|FOR)-(\d{4})-(\d{2})-(\d{2})-(\d+)$")


def is_valid_lovdata_id(value: str) -> bool:
    """Tell whether ``value`` is a Lovdata id such as ``LOV-2008-06-27-71`` with a real date."""
    match = _LOVDATA_ID.match(value)
    if not match:
        return False
    try:
        date(int(match[2]), int(match[3]), int(match[4]))
    except ValueError:
        return False
    return int(match[5]) > 0


def lovdata_url(lovdata_id: str) -> str:
    """The lovdata.no address of a law or regulation id."""
    kind, rest = lovdata_id.split("-", 1)
    if kind == "LOV":
        return f"https://lovdata.no/dokument/NL/lov/{rest}"
    return f"https://lovdata.no/dokument/SF/forskrift/{rest}"


class FrameworkCondition(Audited, Searchable, db.Model):
    """A national framework condition (rammebetingelse) the plan depends on."""

    __audit_type__ = "condition"
    __audit_skip__ = Audited.__audit_skip__ + (
        "score_strength", "score_measures", "score_goals", "score_enabling", "score_breadth",
        "score_total", "owner_body_id")
    __search_fields__ = ("title", "owner_body", "current_state", "our_position", "lovdata_id")

    __tablename__ = "framework_conditions"
    __table_args__ = (
        CheckConstraint("kind IN ('regulation', 'funding', 'priority')", name="kind_known"),
        CheckConstraint("priority IN ('high', 'medium', 'low')", name="priority_known"),
        CheckConstraint(
            "status IN ('monitoring', 'active', 'resolved')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    #: The ministry, directorate or Stortinget body that owns the condition.
    owner_body_id: Mapped[int | None] = mapped_column(
        ForeignKey("state_bodies.id"), index=True)
    #: The owner's label ("Kommunal- og distriktsdepartementet (KDD)"), copied from the
    #: body by ``set_owner`` and kept by ``advocacy.bodies.services`` on a rename or merge,
    #: so lists show and search it without a join.
    owner_body: Mapped[str] = mapped_column(String(200), index=True)
    current_state: Mapped[str] = mapped_column(Text, default="")
    #: What we want changed: the county's position.
    our_position: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(10), default=Priority.MEDIUM, index=True)
    status: Mapped[str] = mapped_column(String(20), default=ConditionStatus.MONITORING,
                                        index=True)
    #: Web addresses of sources, in the order given.
    source_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    lovdata_id: Mapped[str | None] = mapped_column(String(40))
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=clock.utcnow, onupdate=clock.utcnow
    )
    #: Staff have opened the condition for partners to back our position (``support``).
    open_for_support: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The leverage score's parts (see ``ranking``), kept current by ``scores`` in the
    #: transaction that changes a link or a measure's goal, so ranking is an indexed read.
    score_strength: Mapped[int] = mapped_column(default=0, server_default="0")
    score_measures: Mapped[int] = mapped_column(default=0, server_default="0")
    score_goals: Mapped[int] = mapped_column(default=0, server_default="0")
    score_enabling: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Breadth of support: municipalities and regional councils backing our position.
    score_breadth: Mapped[int] = mapped_column(default=0, server_default="0")
    score_total: Mapped[int] = mapped_column(default=0, server_default="0", index=True)
    #: The organisation whose proposal staff accepted as this condition (``proposals``).
    #: Organisations are never deleted (users belong to them), so no ON DELETE.
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"),
                                                       index=True)

    responsible: Mapped[User | None] = relationship()
    owner: Mapped[StateBody | None] = relationship()
    proposed_by: Mapped[Organisation | None] = relationship()
    dependencies: Mapped[list[Dependency]] = relationship(
        back_populates="condition", cascade="all, delete-orphan", passive_deletes=True
    )

    @classmethod
    def matching(cls, query: str):
        """Rows whose text contains ``query``, or whose owner has ``query`` as short name
        (so that "SD", too short for the trigram index, finds Samferdselsdepartementet's)."""
        return matching_with_body(cls, cls.owner_body_id, query)

    def set_owner(self, body: StateBody) -> None:
        """Make ``body`` the owner, and show its label."""
        self.owner = body
        self.owner_body = body.label

    @property
    def kind_label(self) -> str:
        return ConditionKind(self.kind).label

    @property
    def priority_label(self) -> str:
        return Priority(self.priority).label

    @property
    def status_label(self) -> str:
        return ConditionStatus(self.status).label

    @property
    def lovdata_url(self) -> str | None:
        return lovdata_url(self.lovdata_id) if self.lovdata_id else None

    @property
    def score(self):
        """The stored leverage score as a ``ranking.Score``."""
        from advocacy.conditions.ranking import Score

        return Score(self.id, self.score_strength, self.score_measures, self.score_goals,
                     self.score_enabling, self.score_breadth)


register_reference(FrameworkCondition, "owner_body_id", "owner_body")


#: The condition list's default order (priority, then title) read straight from an index:
#: ``in_order_of`` writes the same CASE expression into the list's ORDER BY.
PRIORITY_ORDER_INDEX = Index("ix_framework_conditions_priority_order",
                             # In brackets: PostgreSQL indexes an expression only so.
                             Grouping(in_order_of(FrameworkCondition.priority, Priority)),
                             FrameworkCondition.title, FrameworkCondition.id)


class Dependency(Audited, db.Model):
    """How a framework condition affects a measure (avhengighet)."""

    __audit_type__ = "dependency"
    __tablename__ = "dependencies"
    __table_args__ = (
        UniqueConstraint("measure_id", "condition_id"),
        # "Is this measure held back?" is answered from the index alone (the overview).
        Index("ix_dependencies_measure_id_effect", "measure_id", "effect"),
        CheckConstraint("effect IN ('hinders', 'enables', 'required')", name="effect_known"),
        CheckConstraint("strength BETWEEN 1 AND 3", name="strength_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    condition_id: Mapped[int] = mapped_column(
        ForeignKey("framework_conditions.id", ondelete="CASCADE"), index=True
    )
    effect: Mapped[str] = mapped_column(String(20))
    #: 1 (weak) to 3 (strong).
    strength: Mapped[int] = mapped_column(default=2)
    note: Mapped[str] = mapped_column(Text, default="")
    #: When the link was made, for the condition's timeline (``None`` for links made
    #: before it was recorded).
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=clock.utcnow)

    measure: Mapped[Measure] = relationship(back_populates="dependencies")
    condition: Mapped[FrameworkCondition] = relationship(back_populates="dependencies")

    @property
    def audit_label(self) -> str:
        return f"{self.measure.title} ↔ {self.condition.title}"

    @property
    def effect_label(self) -> str:
        return Effect(self.effect).label

    @property
    def is_holding_back(self) -> bool:
        return self.effect in HOLDING_BACK
