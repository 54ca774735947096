"""Note and Attachment: what users add to a condition, hearing, paper or meeting.

Both point at their owner by ``(owner_type, owner_id)`` rather than by a foreign key, so
that this package imports no domain; the domains register their owner types
(``advocacy.attachments.registry``) and the rows go when their owner is deleted
(``advocacy.attachments.storage``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import Organisation, User
from advocacy.extensions import db
from advocacy.types import UTCDateTime

#: Longest note, in characters.
NOTE_MAX_LENGTH = 2000


class Note(Audited, db.Model):
    """A short note on an object, with its author and time."""

    __tablename__ = "notes"
    __audit_type__ = "note"
    __table_args__ = (Index("ix_notes_owner", "owner_type", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The registered owner type, e.g. ``condition``, and the owner's id.
    owner_type: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: The author's organisation when the note was written: partners see only their own.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)

    author: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def audit_label(self) -> str:
        text = " ".join((self.body or "").split())
        return text if len(text) <= 60 else text[:59] + "…"


class Attachment(Audited, db.Model):
    """A file on an object; the bytes live on disk under ``ATTACHMENTS_DIR``."""

    __tablename__ = "attachments"
    __audit_type__ = "attachment"
    #: Where on disk the bytes are is no business of the change log.
    __audit_skip__ = Audited.__audit_skip__ + ("stored_name",)
    __table_args__ = (
        Index("ix_attachments_owner", "owner_type", "owner_id", "created_at"),
        CheckConstraint("size_bytes > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(Integer)
    #: The file name the user gave, cleaned; shown and used when the file is downloaded.
    filename: Mapped[str] = mapped_column(String(255))
    #: Path under ``ATTACHMENTS_DIR``: a random name in a subfolder, e.g. ``3f/3f9a…``.
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    #: The type read from the file's bytes, e.g. ``application/pdf``.
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def audit_label(self) -> str:
        return self.filename
