"""PositionPaper, its revisions, invitations to co-sign, outcomes and the Word template."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, CheckConstraint, Column, Date, ForeignKey, Index, LargeBinary,
                        String, Table, Text, Time, UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import Organisation, User
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.plan.models import Measure
from advocacy.search import Searchable
from advocacy.types import UTCDateTime


class PaperStatus(StrEnum):
    DRAFT = "draft"
    SIGNING = "signing"
    FINAL = "final"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return {"draft": _l("Utkast"), "signing": _l("Til medsignering"), "final": _l("Endelig"),
                "submitted": _l("Sendt inn")}[self.value]


class Answer(StrEnum):
    PENDING = "pending"
    SIGNED = "signed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {"pending": _l("Ikke svart"), "signed": _l("Signert"), "declined": _l("Takket nei")}[self.value]


class OutcomeResult(StrEnum):
    ADOPTED = "adopted"
    PARTLY = "partly"
    NOT_ADOPTED = "not_adopted"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return {"adopted": _l("Fikk gjennomslag"), "partly": _l("Delvis gjennomslag"),
                "not_adopted": _l("Ikke gjennomslag"), "pending": _l("Ikke avgjort")}[self.value]


def archive_number(year: int | None, sequence: int | None, document: int | None) -> str:
    """``2026/1428-3`` from its parts, or "" when any part is missing."""
    if year is None or sequence is None or document is None:
        return ""
    return f"{year}/{sequence}-{document}"


paper_conditions = Table(
    "paper_conditions", db.metadata,
    Column("paper_id", ForeignKey("position_papers.id", ondelete="CASCADE"), primary_key=True),
    Column("condition_id", ForeignKey("framework_conditions.id", ondelete="CASCADE"),
           primary_key=True),
)

paper_measures = Table(
    "paper_measures", db.metadata,
    Column("paper_id", ForeignKey("position_papers.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
)


def content_hash(title: str, sections: list[dict]) -> str:
    """SHA-256 of a paper's text: what a co-signature is bound to."""
    canonical = json.dumps({"title": title, "sections": [
        {"heading": s.get("heading", ""), "body": s.get("body", "")} for s in sections]},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class PositionPaper(Audited, Searchable, db.Model):
    """A joint position paper; the UI calls it an uttalelse (a høringsuttalelse when it answers a hearing)."""

    __tablename__ = "position_papers"
    __audit_type__ = "paper"
    __audit_collections__ = ("conditions", "measures")
    __search_fields__ = ("title", "recipient", "our_reference", "their_reference")
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'signing', 'final', 'submitted')",
                        name="status_known"),
        CheckConstraint("NOT is_exempt OR exemption_basis != ''", name="basis_when_exempt"),
        CheckConstraint("language IN ('nb', 'nn')", name="language_known"),
        # The archive number is whole or absent: year, sequence and document number together.
        CheckConstraint("(archive_year IS NULL) = (archive_sequence IS NULL) "
                        "AND (archive_year IS NULL) = (archive_document IS NULL)",
                        name="archive_number_whole"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id", ondelete="SET NULL"),
                                                   index=True)
    #: Who the paper is addressed to, e.g. a ministry.
    recipient: Mapped[str] = mapped_column(String(300), default="")
    our_reference: Mapped[str] = mapped_column(String(100), default="")
    their_reference: Mapped[str] = mapped_column(String(100), default="")
    #: Exempt from public access (offentleglova), with the legal basis.
    is_exempt: Mapped[bool] = mapped_column(default=False)
    exemption_basis: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default=PaperStatus.DRAFT)
    #: The letter's written standard, ``nb`` or ``nn`` (``advocacy.i18n``).
    language: Mapped[str] = mapped_column(String(2), default="nb", server_default="nb")
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                       index=True)
    #: The day the paper was sent (Oslo), and the time of day it was sent (Oslo wall clock;
    #: ``None`` for papers recorded before the time was asked for).
    submitted_on: Mapped[date | None] = mapped_column(Date)
    submitted_time: Mapped[time | None] = mapped_column(Time)
    #: The sent letter's number in the county's archive (Noark): case year, case sequence
    #: number and document number, shown as 2026/1428-3.
    archive_year: Mapped[int | None] = mapped_column()
    archive_sequence: Mapped[int | None] = mapped_column()
    archive_document: Mapped[int | None] = mapped_column()
    #: Who signs the letter for the county ("Med hilsen"), with the title printed under.
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    #: The caseworker's (the responsible user's) phone number, printed in the letter head.
    caseworker_phone: Mapped[str] = mapped_column(String(30), default="")
    #: When staff were told that every invited organisation had answered.
    all_answered_mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow,
                                                 onupdate=clock.utcnow)

    hearing: Mapped[Hearing | None] = relationship()
    responsible: Mapped[User | None] = relationship()
    conditions: Mapped[list[FrameworkCondition]] = relationship(
        secondary=paper_conditions, order_by="FrameworkCondition.title")
    measures: Mapped[list[Measure]] = relationship(secondary=paper_measures,
                                                   order_by="Measure.title")
    revisions: Mapped[list[PaperRevision]] = relationship(
        back_populates="paper", order_by="PaperRevision.number", cascade="all, delete-orphan",
        passive_deletes=True)
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", passive_deletes=True)
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def status_label(self) -> str:
        return PaperStatus(self.status).label

    @property
    def archive_reference(self) -> str:
        """The archive number as people write it, 2026/1428-3, or "" when none is recorded."""
        return archive_number(self.archive_year, self.archive_sequence, self.archive_document)

    @property
    def sent_at(self) -> datetime | None:
        """When the paper was sent, in Oslo time; ``None`` when the day or time is unknown."""
        if self.submitted_on is None or self.submitted_time is None:
            return None
        return datetime.combine(self.submitted_on, self.submitted_time, tzinfo=clock.OSLO)

    @property
    def current(self) -> PaperRevision | None:
        """The latest revision of the text."""
        return self.revisions[-1] if self.revisions else None

    @property
    def is_locked(self) -> bool:
        """Final and submitted papers are no longer edited or signed."""
        return self.status in (PaperStatus.FINAL, PaperStatus.SUBMITTED)


class PaperRevision(db.Model):
    """One saved version of a paper's text: its title and ordered sections."""

    __tablename__ = "paper_revisions"
    __table_args__ = (UniqueConstraint("paper_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("position_papers.id", ondelete="CASCADE"),
                                          index=True)
    #: 1, 2, 3, … per paper; the editor sends the number it started from.
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    #: [{"heading": …, "body": … (Markdown subset)}, …]
    sections: Mapped[list[dict]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)

    paper: Mapped[PositionPaper] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()


class Invitation(Audited, db.Model):
    """An organisation invited to co-sign a paper, and its answer (medsignering)."""

    __tablename__ = "paper_invitations"
    __audit_type__ = "signature"
    __table_args__ = (
        UniqueConstraint("paper_id", "organisation_id"),
        CheckConstraint("answer IN ('pending', 'signed', 'declined')", name="answer_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("position_papers.id", ondelete="CASCADE"),
                                          index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    sign_by: Mapped[date] = mapped_column(Date)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    answer: Mapped[str] = mapped_column(String(10), default=Answer.PENDING)
    #: The revision the answer was given on, and the hash of its text.
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("paper_revisions.id", ondelete="SET NULL"))
    signed_hash: Mapped[str] = mapped_column(String(64), default="")
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    #: The signer's authority, e.g. a council decision reference or delegated authority.
    mandate: Mapped[str] = mapped_column(String(500), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    #: Staff may share a declining organisation's comment with the other partners.
    is_comment_shared: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When staff last sent the organisation a reminder to answer (at most once a day).
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    paper: Mapped[PositionPaper] = relationship(back_populates="invitations")
    organisation: Mapped[Organisation] = relationship()
    revision: Mapped[PaperRevision | None] = relationship()
    signer: Mapped[User | None] = relationship()

    @property
    def answer_label(self) -> str:
        return Answer(self.answer).label

    @property
    def is_current(self) -> bool:
        """Signed on the paper's current text (not an earlier version)."""
        current = self.paper.current
        return (self.answer == Answer.SIGNED and current is not None
                and self.signed_hash == current.content_hash)

    @property
    def audit_label(self) -> str:
        return f"{self.organisation.name} – {self.paper.title}"


class NoticeAnswer(StrEnum):
    """What an organisation did, as the responsible adviser is told of it."""

    SIGNED = "signed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"signed": _l("Signert"), "declined": _l("Takket nei"),
                "withdrawn": _l("Trakk tilbake svaret")}[self.value]


class NoticeState(StrEnum):
    #: Waiting for the delay to pass.
    PENDING = "pending"
    #: Taken by a run that is mailing it (left so after a crash: never sent twice).
    CLAIMED = "claimed"
    SENT = "sent"


class SigningNotice(db.Model):
    """One answer to an invitation that a paper's responsible adviser is to be told of.

    Answers wait until the first of an adviser's pending ones is ``SIGNING_NOTICE_DELAY_MINUTES``
    old; then the job mails them all as one digest (``advocacy.papers.notices``). The row keeps
    what was answered, so a later change of the invitation does not rewrite the news.
    """

    __tablename__ = "signing_notices"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'claimed', 'sent')", name="state_known"),
        CheckConstraint("answer IN ('signed', 'declined', 'withdrawn')", name="answer_known"),
        # The job reads the pending rows only.
        Index("ix_signing_notices_pending", "recipient_id", "created_at",
              sqlite_where=text("state = 'pending'"),
              postgresql_where=text("state = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The adviser to tell: the paper's responsible user when the answer came.
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    paper_id: Mapped[int] = mapped_column(ForeignKey("position_papers.id", ondelete="CASCADE"),
                                          index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str] = mapped_column(String(10))
    #: Who answered: the signer's name and title, or the name of the user who declined
    #: or withdrew.
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    mandate: Mapped[str] = mapped_column(String(500), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    state: Mapped[str] = mapped_column(String(10), default=NoticeState.PENDING)
    #: The run that claimed the row; it mails exactly the rows carrying its mark.
    claim: Mapped[str] = mapped_column(String(60), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")

    recipient: Mapped[User] = relationship()
    paper: Mapped[PositionPaper] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def answer_label(self) -> str:
        return NoticeAnswer(self.answer).label


class Outcome(Audited, db.Model):
    """What the state decided about one condition the paper argued for (gjennomslag)."""

    __tablename__ = "outcomes"
    __audit_type__ = "outcome"
    __table_args__ = (
        UniqueConstraint("paper_id", "condition_id"),
        CheckConstraint("result IN ('adopted', 'partly', 'not_adopted', 'pending')",
                        name="result_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("position_papers.id", ondelete="CASCADE"),
                                          index=True)
    condition_id: Mapped[int] = mapped_column(
        ForeignKey("framework_conditions.id", ondelete="CASCADE"), index=True)
    result: Mapped[str] = mapped_column(String(20), default=OutcomeResult.PENDING)
    note: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)

    paper: Mapped[PositionPaper] = relationship(back_populates="outcomes")
    condition: Mapped[FrameworkCondition] = relationship()

    @property
    def result_label(self) -> str:
        return OutcomeResult(self.result).label

    @property
    def audit_label(self) -> str:
        return f"{self.condition.title} – {self.paper.title}"


class WordTemplate(db.Model):
    """The county's own letter template (.docx), uploaded by an administrator."""

    __tablename__ = "word_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Styles the template lacked and what is used instead, shown to the administrator.
    fallbacks: Mapped[dict] = mapped_column(JSON, default=dict)

    uploaded_by: Mapped[User | None] = relationship()


class SkeletonFor(StrEnum):
    """Which new papers a skeleton is for."""

    #: Hearing responses (``services.draft_for_hearing``).
    HEARING = "hearing"
    #: Every other new paper.
    PAPER = "paper"


class SkeletonKind(StrEnum):
    """What one entry of a skeleton becomes in a new paper."""

    #: One section with this heading.
    HEADING = "heading"
    #: One section per condition linked to the hearing, the heading followed by its title.
    CONDITIONS = "conditions"


class SkeletonEntry(db.Model):
    """One entry of the sections new papers start with, as an administrator set them.

    A skeleton with no rows is the built-in one (``services.RESPONSE_SECTIONS`` and
    ``FIRST_SECTIONS``, in the paper's language).
    """

    __tablename__ = "paper_skeleton_entries"
    __table_args__ = (
        UniqueConstraint("skeleton", "position"),
        CheckConstraint("skeleton IN ('hearing', 'paper')", name="skeleton_known"),
        CheckConstraint("kind IN ('heading', 'conditions')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    skeleton: Mapped[str] = mapped_column(String(10))
    #: 0, 1, 2, … within its skeleton.
    position: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(10), default=SkeletonKind.HEADING)
    #: The bokmål heading; for ``conditions`` what comes before each condition's title.
    heading_nb: Mapped[str] = mapped_column(String(100))
    #: The nynorsk heading, for papers written in nynorsk; empty: the bokmål one.
    heading_nn: Mapped[str] = mapped_column(String(100), default="")
    #: Plain text a new section starts with (guidance for the writer), in every language.
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    updated_by: Mapped[User | None] = relationship()

    def heading_in(self, language: str) -> str:
        """The heading for a paper in ``language`` (nynorsk falls back to bokmål)."""
        return (self.heading_nn or self.heading_nb) if language == "nn" else self.heading_nb


class PaperComment(Audited, db.Model):
    """A partner organisation's comment on one section of a paper's draft.

    Only the organisation's own users and county staff ever see it.
    """

    __tablename__ = "paper_comments"
    __audit_type__ = "paper_comment"
    __table_args__ = (
        CheckConstraint("section_index >= 0", name="section_index_positive"),
        # The page and the count read one paper's comments, for one organisation or all.
        Index("ix_paper_comments_paper_organisation", "paper_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("position_papers.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The version of the text commented on, and the section's place (from 0) and heading
    #: in it then: later versions may move, rename or remove the section.
    revision_number: Mapped[int] = mapped_column()
    section_index: Mapped[int] = mapped_column()
    section_heading: Mapped[str] = mapped_column(String(300), default="")
    #: Plain text, shown escaped with its line breaks.
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    #: When and by whom county staff marked it resolved; ``None`` while it is open.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    paper: Mapped[PositionPaper] = relationship()
    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def audit_label(self) -> str:
        return f"{self.organisation.name} – {self.paper.title}"
