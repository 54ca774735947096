"""Contact (a meeting, letter, call, e-mail or visit with the state) and its follow-ups."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text, Time,
                        text)
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import Organisation, User
from advocacy.bodies.models import BodyPerson, StateBody
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.papers.models import PositionPaper
from advocacy.search import Searchable
from advocacy.types import UTCDateTime


_KIND_LABELS = {"meeting": _l("Møte"), "letter": _l("Brev"), "phone": _l("Telefon"),
                "email": _l("E-post"), "visit": _l("Besøk")}
_STATUS_LABELS = {"planned": _l("Planlagt"), "held": _l("Gjennomført")}


class ContactKind(StrEnum):
    MEETING = "meeting"
    LETTER = "letter"
    PHONE = "phone"
    EMAIL = "email"
    VISIT = "visit"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class ContactStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


def _link_table(name: str, column: str, target: str) -> Table:
    """A many-to-many table from contacts to ``target`` (rows go with either side)."""
    return Table(
        name, db.metadata,
        Column("contact_id", ForeignKey("dialogue_contacts.id", ondelete="CASCADE"),
               primary_key=True),
        Column(column, ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True,
               index=True),
    )


contact_users = _link_table("dialogue_contact_users", "user_id", "users")
contact_people = _link_table("dialogue_contact_people", "person_id", "body_people")
contact_bodies = _link_table("dialogue_contact_bodies", "body_id", "state_bodies")
contact_partners = _link_table("dialogue_contact_partners", "organisation_id", "organisations")
contact_shares = _link_table("dialogue_contact_shares", "organisation_id", "organisations")
contact_conditions = _link_table("dialogue_contact_conditions", "condition_id",
                                 "framework_conditions")
contact_hearings = _link_table("dialogue_contact_hearings", "hearing_id", "hearings")
contact_papers = _link_table("dialogue_contact_papers", "paper_id", "position_papers")


class Contact(Audited, Searchable, db.Model):
    """One contact with the state: a meeting, letter, phone call, e-mail or visit."""

    __tablename__ = "dialogue_contacts"
    __audit_type__ = "contact"
    __audit_collections__ = ("our_people", "their_people", "bodies", "partners", "shared_with",
                             "conditions", "hearings", "papers")
    __search_fields__ = ("title", "summary", "agreed")
    __table_args__ = (
        CheckConstraint("kind IN ('meeting', 'letter', 'phone', 'email', 'visit')",
                        name="kind_known"),
        CheckConstraint("status IN ('planned', 'held')", name="status_known"),
        CheckConstraint("NOT is_exempt OR exemption_basis != ''", name="basis_when_exempt"),
        Index("ix_dialogue_contacts_occurred", "occurred_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default=ContactKind.MEETING)
    title: Mapped[str] = mapped_column(String(300))
    #: The day it took place (or will), Oslo; the time of day when known.
    occurred_on: Mapped[date] = mapped_column(Date)
    occurred_time: Mapped[time | None] = mapped_column(Time)
    status: Mapped[str] = mapped_column(String(10), default=ContactStatus.HELD)
    summary: Mapped[str] = mapped_column(Text, default="")
    #: What was agreed, in the parties' words.
    agreed: Mapped[str] = mapped_column(Text, default="")
    #: Exempt from public access (offentleglova), with the legal basis.
    is_exempt: Mapped[bool] = mapped_column(default=False)
    exemption_basis: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow,
                                                 onupdate=clock.utcnow)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    #: Who took part on our side (county users).
    our_people: Mapped[list[User]] = relationship(secondary=contact_users,
                                                  order_by=User.name)
    #: Who took part on the state's side: people, and bodies where no person is named.
    their_people: Mapped[list[BodyPerson]] = relationship(secondary=contact_people,
                                                          order_by=BodyPerson.name)
    bodies: Mapped[list[StateBody]] = relationship(secondary=contact_bodies,
                                                   order_by=StateBody.name)
    #: Partner organisations that took part.
    partners: Mapped[list[Organisation]] = relationship(secondary=contact_partners,
                                                        order_by=Organisation.name)
    #: Partner organisations whose users may read the contact (unless it is exempt).
    shared_with: Mapped[list[Organisation]] = relationship(secondary=contact_shares,
                                                           order_by=Organisation.name)
    conditions: Mapped[list[FrameworkCondition]] = relationship(
        secondary=contact_conditions, order_by=FrameworkCondition.title)
    hearings: Mapped[list[Hearing]] = relationship(secondary=contact_hearings,
                                                   order_by=Hearing.title)
    papers: Mapped[list[PositionPaper]] = relationship(secondary=contact_papers,
                                                       order_by=PositionPaper.title)
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="contact", cascade="all, delete-orphan",
        order_by="(FollowUp.due_on, FollowUp.id)")

    @property
    def kind_label(self) -> str:
        return ContactKind(self.kind).label

    @property
    def status_label(self) -> str:
        return ContactStatus(self.status).label

    @property
    def occurred_at(self) -> datetime:
        """The moment it took place (Oslo; the start of the day when no time is known)."""
        return datetime.combine(self.occurred_on, self.occurred_time or time.min, clock.OSLO)


class FollowUp(Audited, db.Model):
    """Something to do after a contact («oppfølging»): who, by when, and whether done."""

    __tablename__ = "dialogue_follow_ups"
    __audit_type__ = "follow_up"
    __table_args__ = (
        # Mitt arbeid, the calendar and the reminders ask for a user's open follow-ups.
        Index("ix_dialogue_follow_ups_open", "responsible_id", "due_on",
              sqlite_where=text("NOT is_done"), postgresql_where=text("NOT is_done")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("dialogue_contacts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    responsible_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    is_done: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow,
                                                 onupdate=clock.utcnow)

    contact: Mapped[Contact] = relationship(back_populates="follow_ups")
    responsible: Mapped[User] = relationship()
