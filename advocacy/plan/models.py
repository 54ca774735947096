"""Plan, Goal, Theme and Measure."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.extensions import db
from advocacy.search import Searchable
from advocacy.types import UTCDateTime

if TYPE_CHECKING:
    from advocacy.conditions.models import Dependency


_STATUS_LABELS = {
    "planned": _l("Planlagt"),
    "ongoing": _l("Pågår"),
    "done": _l("Gjennomført"),
    "paused": _l("Satt på vent"),
}


class MeasureStatus(StrEnum):
    """Where a measure stands."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self.value]


class Plan(Audited, db.Model):
    """A regional plan, such as Buskerudplanen."""

    __audit_type__ = "plan"
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(80))
    #: The county that owns the plan.
    owner: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    goals: Mapped[list[Goal]] = relationship(
        back_populates="plan", order_by="Goal.position", cascade="all, delete-orphan"
    )
    themes: Mapped[list[Theme]] = relationship(
        back_populates="plan", order_by="Theme.position", cascade="all, delete-orphan"
    )


class Goal(Audited, db.Model):
    """One of the plan's prioritised goals (utviklingsmål)."""

    __audit_type__ = "goal"
    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("plan_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Order in which the plan lists its goals.
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[Plan] = relationship(back_populates="goals")
    measures: Mapped[list[Measure]] = relationship(back_populates="goal")


measure_themes = Table(
    "measure_themes",
    db.metadata,
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(Audited, db.Model):
    """A cross-cutting theme of the plan (tema)."""

    __audit_type__ = "theme"
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("plan_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[Plan] = relationship(back_populates="themes")


class Measure(Audited, Searchable, db.Model):
    """A concrete measure (tiltak) of the plan, under one goal."""

    __audit_type__ = "measure"
    __audit_collections__ = ("themes",)
    __search_fields__ = ("title", "description", "owner")

    __tablename__ = "measures"
    __table_args__ = (
        CheckConstraint(
            "status IN ('planned', 'ongoing', 'done', 'paused')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    #: Who carries the measure out, as free text (a department, a municipality, a partner).
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default=MeasureStatus.PLANNED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=clock.utcnow, onupdate=clock.utcnow
    )

    goal: Mapped[Goal] = relationship(back_populates="measures")
    themes: Mapped[list[Theme]] = relationship(secondary=measure_themes, order_by="Theme.position")
    dependencies: Mapped[list[Dependency]] = relationship(
        back_populates="measure", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def status_label(self) -> str:
        return MeasureStatus(self.status).label
