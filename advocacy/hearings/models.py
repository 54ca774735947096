"""Hearing, Milestone, followers and suggested framework conditions."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import User
from advocacy.bodies.models import StateBody, matching_with_body, register_reference
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings.holidays import previous_working_day
from advocacy.plan.models import Measure
from advocacy.search import Searchable
from advocacy.types import UTCDateTime


class HearingStatus(StrEnum):
    NEW = "new"
    ASSESSING = "assessing"
    RESPONDING = "responding"
    SUBMITTED = "submitted"
    NOT_RESPONDING = "not_responding"

    @property
    def label(self):
        """The status's name in the language being rendered (lazy: a mail built now is
        rendered later, in its recipient's language)."""
        return _STATUS_LABELS[self.value]


_STATUS_LABELS = {
    "new": _l("Ny"),
    "assessing": _l("Vurderes"),
    "responding": _l("Vi svarer"),
    "submitted": _l("Svar sendt"),
    "not_responding": _l("Vi svarer ikke"),
}


#: Statuses after which a hearing needs nothing more from us.
DONE_STATUSES = frozenset({HearingStatus.SUBMITTED, HearingStatus.NOT_RESPONDING})


class HearingSource(StrEnum):
    REGJERINGEN = "regjeringen"
    STORTINGET = "stortinget"
    MANUAL = "manual"

    @property
    def label(self):
        return _SOURCE_LABELS[self.value]


_SOURCE_LABELS = {"regjeringen": "regjeringen.no", "stortinget": "Stortinget",
                  "manual": _l("Registrert manuelt")}


class MilestoneKind(StrEnum):
    DRAFT_READY = "draft_ready"
    POLITICAL_MEETING = "political_meeting"
    PARTNERS_SIGN_BY = "partners_sign_by"
    OTHER = "other"

    @property
    def label(self):
        return _KIND_LABELS[self.value]


_KIND_LABELS = {
    "draft_ready": _l("Utkast klart"),
    "political_meeting": _l("Politisk behandling"),
    "partners_sign_by": _l("Partnere signerer innen"),
    "other": _l("Annen internfrist"),
}


hearing_conditions = Table(
    "hearing_conditions",
    db.metadata,
    Column("hearing_id", ForeignKey("hearings.id", ondelete="CASCADE"), primary_key=True),
    Column("condition_id", ForeignKey("framework_conditions.id", ondelete="CASCADE"),
           primary_key=True),
)

hearing_measures = Table(
    "hearing_measures",
    db.metadata,
    Column("hearing_id", ForeignKey("hearings.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
)

hearing_followers = Table(
    "hearing_followers",
    db.metadata,
    Column("hearing_id", ForeignKey("hearings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    # The key leads with the hearing; the calendar feed and "my hearings" ask by user.
    Index("ix_hearing_followers_user_id", "user_id", "hearing_id"),
)


#: Users who want no reminders about a hearing (and its milestones).
hearing_mutes = Table(
    "hearing_mutes",
    db.metadata,
    Column("hearing_id", ForeignKey("hearings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Hearing(Audited, Searchable, db.Model):
    """A national consultation or a Stortinget committee hearing (høring)."""

    __tablename__ = "hearings"
    __audit_type__ = "hearing"
    __audit_collections__ = ("conditions", "measures")
    __audit_skip__ = Audited.__audit_skip__ + ("issuer_body_id",)
    __search_fields__ = ("title", "issuer", "reference", "summary")
    __table_args__ = (
        UniqueConstraint("source", "source_id"),
        CheckConstraint("source IN ('regjeringen', 'stortinget', 'manual')", name="source_known"),
        CheckConstraint(
            "status IN ('new', 'assessing', 'responding', 'submitted', 'not_responding')",
            name="status_known"),
        CheckConstraint("status != 'not_responding' OR not_responding_reason != ''",
                        name="reason_when_not_responding"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    #: The ministry, directorate or Stortinget committee that holds the hearing.
    issuer_body_id: Mapped[int | None] = mapped_column(
        ForeignKey("state_bodies.id"), index=True)
    #: The issuer's label ("Samferdselsdepartementet (SD)"), copied from the body by
    #: ``set_issuer`` and kept by ``advocacy.bodies.services`` on a rename or merge; the
    #: source's own text when it named no issuer.
    issuer: Mapped[str] = mapped_column(String(200), index=True)
    source: Mapped[str] = mapped_column(String(20), default=HearingSource.MANUAL)
    #: The source's stable id (regjeringen.no's id<digits>, Stortinget's hearing id).
    source_id: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(String(1000))
    #: The issuer's case number (saksnummer), e.g. 25/1428.
    reference: Mapped[str | None] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    #: The høringsfrist, stored in UTC; a date alone means 23:59 Oslo time that day.
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: Rises each time the deadline moves, for iCalendar's SEQUENCE.
    deadline_sequence: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default=HearingStatus.NEW)
    not_responding_reason: Mapped[str] = mapped_column(Text, default="")
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow,
                                                 onupdate=clock.utcnow)

    responsible: Mapped[User | None] = relationship()
    issuer_body: Mapped[StateBody | None] = relationship()
    conditions: Mapped[list[FrameworkCondition]] = relationship(
        secondary=hearing_conditions, order_by="FrameworkCondition.title")
    measures: Mapped[list[Measure]] = relationship(secondary=hearing_measures,
                                                   order_by="Measure.title")
    followers: Mapped[list[User]] = relationship(secondary=hearing_followers)
    muted_by: Mapped[list[User]] = relationship(secondary=hearing_mutes)
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="hearing", cascade="all, delete-orphan", passive_deletes=True)
    suggestions: Mapped[list[ConditionSuggestion]] = relationship(
        back_populates="hearing", cascade="all, delete-orphan", passive_deletes=True)

    @classmethod
    def matching(cls, query: str):
        """Rows whose text contains ``query``, or whose issuer has ``query`` as short name
        (so that "SD", too short for the trigram index, finds Samferdselsdepartementet's)."""
        return matching_with_body(cls, cls.issuer_body_id, query)

    def set_issuer(self, body: StateBody | None) -> None:
        """Make ``body`` the issuer, and show its label (none: no issuer)."""
        self.issuer_body = body
        self.issuer = body.label if body is not None else ""

    @property
    def subject(self) -> str:
        """What the hearing is about: the title without a leading "Høring –" or "Høring:",
        for lines that say so already ("Høringssvar – <subject>")."""
        return _HEARING_PREFIX.sub("", self.title, count=1) or self.title

    @property
    def status_label(self):
        return HearingStatus(self.status).label

    @property
    def source_label(self):
        return HearingSource(self.source).label

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    def move_deadline(self, new_deadline: datetime) -> bool:
        """Set a new deadline; offset milestones move with it. Tells whether it moved."""
        if self.deadline_at is not None and new_deadline == self.deadline_at:
            return False
        moved = self.deadline_at is not None
        self.deadline_at = new_deadline
        if moved:
            self.deadline_sequence = (self.deadline_sequence or 0) + 1
            for milestone in self.milestones:
                if milestone.offset_days is not None:
                    milestone.sequence = (milestone.sequence or 0) + 1
        return moved


register_reference(Hearing, "issuer_body_id", "issuer")


#: "Høring – ", "Høring - " or "Høring: " at the start of a title.
_HEARING_PREFIX = re.compile(r"^\s*høring\s*(?:[–—-]|:)\s*", re.IGNORECASE)  # i18n: not ui


def offset_due_at(deadline: datetime, offset_days: int) -> datetime:
    """When a milestone ``offset_days`` before ``deadline`` falls (see ``Milestone.due_at``)."""
    deadline = deadline.astimezone(clock.OSLO)
    day = previous_working_day(deadline.date() - timedelta(days=offset_days))
    return datetime.combine(day, deadline.timetz().replace(tzinfo=None), clock.OSLO)


class Milestone(Audited, db.Model):
    """An internal deadline on a hearing (internfrist)."""

    __tablename__ = "milestones"
    __audit_type__ = "milestone"
    __audit_skip__ = Audited.__audit_skip__ + ("falls_at",)
    __table_args__ = (
        CheckConstraint(
            "kind IN ('draft_ready', 'political_meeting', 'partners_sign_by', 'other')",
            name="kind_known"),
        CheckConstraint("(offset_days IS NULL) != (fixed_at IS NULL)", name="offset_or_fixed"),
        CheckConstraint("offset_days IS NULL OR offset_days >= 0", name="offset_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    #: Calendar days before the deadline (in Oslo time); moves with the deadline.
    offset_days: Mapped[int | None] = mapped_column()
    #: A fixed moment, which does not move with the deadline.
    fixed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: ``due_at`` kept in the row, so that charts and lists can count and find milestones
    #: by when they fall in SQL; set on every flush (``advocacy.hearings.falls``).
    falls_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: Rises each time the milestone's moment moves, for iCalendar's SEQUENCE.
    sequence: Mapped[int] = mapped_column(default=0)

    hearing: Mapped[Hearing] = relationship(back_populates="milestones")

    @property
    def kind_label(self):
        return MilestoneKind(self.kind).label

    @property
    def due_at(self) -> datetime:
        """When the milestone falls: N calendar days before the deadline, at the same Oslo
        time, or the working day before that when it is a weekend or public holiday.

        The app counts these days itself, so it does not place them where nobody works;
        a milestone someone fixed on such a day stays there and gets a warning instead.
        """
        if self.fixed_at is not None:
            return self.fixed_at
        return offset_due_at(self.hearing.deadline_at, self.offset_days)

    @property
    def audit_label(self) -> str:
        return f"{self.title} ({self.hearing.title})"


class ConditionSuggestion(db.Model):
    """A framework condition the importer thinks a hearing concerns, until staff decide."""

    __tablename__ = "condition_suggestions"
    __table_args__ = (UniqueConstraint("hearing_id", "condition_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"),
                                            index=True)
    condition_id: Mapped[int] = mapped_column(
        ForeignKey("framework_conditions.id", ondelete="CASCADE"), index=True)
    #: Why the condition was suggested, for the person deciding.
    reason: Mapped[str] = mapped_column(String(300), default="")
    #: Dismissed suggestions are kept so a new import does not suggest them again.
    is_dismissed: Mapped[bool] = mapped_column(default=False)

    hearing: Mapped[Hearing] = relationship(back_populates="suggestions")
    condition: Mapped[FrameworkCondition] = relationship()
