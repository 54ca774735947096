"""Platform (one a year) and its items, the framework conditions in the order staff chose."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import User
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.types import UTCDateTime


class PlatformKind(StrEnum):
    PLATFORM = "plattform"
    BUDGET = "statsbudsjett"

    @property
    def label(self) -> str:
        return {"plattform": _l("Interessepolitisk plattform"),
                "statsbudsjett": _l("Innspill til statsbudsjettet")}[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class PlatformStatus(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"

    @property
    def label(self) -> str:
        return {"draft": _l("Utkast"), "adopted": _l("Vedtatt")}[self.value]


class Platform(Audited, db.Model):
    """The county's platform for one year: a draft on live data, then adopted and frozen."""

    __tablename__ = "platforms"
    __audit_type__ = "platform"
    __audit_skip__ = Audited.__audit_skip__ + ("snapshot",)
    __table_args__ = (
        CheckConstraint("kind IN ('plattform', 'statsbudsjett')", name="kind_known"),
        CheckConstraint("status IN ('draft', 'adopted')", name="status_known"),
        CheckConstraint("status = 'draft' OR snapshot IS NOT NULL", name="snapshot_when_adopted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=PlatformKind.PLATFORM)
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=PlatformStatus.DRAFT)
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adopted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: Everything the page showed when it was adopted (``services.PlatformView`` as
    #: JSON); an adopted platform is shown from this alone, as it was adopted.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow,
                                                 onupdate=clock.utcnow)

    adopted_by: Mapped[User | None] = relationship()
    items: Mapped[list[PlatformItem]] = relationship(
        back_populates="platform", cascade="all, delete-orphan", passive_deletes=True,
        order_by="PlatformItem.position")

    @property
    def is_adopted(self) -> bool:
        return self.status == PlatformStatus.ADOPTED

    @property
    def kind_label(self) -> str:
        return PlatformKind(self.kind).label

    @property
    def status_label(self) -> str:
        return PlatformStatus(self.status).label

    @property
    def audit_label(self) -> str:
        return self.title


class PlatformItem(Audited, db.Model):
    """One framework condition on a platform, at its place (1 is first)."""

    __tablename__ = "platform_items"
    __audit_type__ = "platform_item"
    __table_args__ = (UniqueConstraint("platform_id", "condition_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"),
                                             index=True)
    condition_id: Mapped[int] = mapped_column(
        ForeignKey("framework_conditions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    #: The platform's own wording of what we want changed; empty: the condition's position.
    own_text: Mapped[str] = mapped_column(Text, default="")

    platform: Mapped[Platform] = relationship(back_populates="items")
    condition: Mapped[FrameworkCondition] = relationship()

    @property
    def audit_label(self) -> str:
        return f"{self.platform.title} – {self.condition.title}"
