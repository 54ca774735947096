"""Who may see and change notes and files, and adding and removing them.

Seeing follows the object: whoever may ``view`` the owner (``advocacy.auth.permissions``,
with the domains' object rules, e.g. a paper only for the organisations invited to it)
sees its files. Notes are narrower: a partner sees only the notes written by users of
their own organisation; county users see every note.

Adding: county staff and administrators on anything they can see; partners only on
owner types registered with ``partners_contribute`` (papers) where they may see the
object; viewers never. Removing: a note by its author or an administrator; a file by
whoever uploaded it, or by county staff and administrators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import Integer, String, cast, false, literal_column, null, select, union_all

from advocacy.attachments import filetypes, storage
from advocacy.attachments.models import Attachment, Note
from advocacy.auth.models import Organisation, Role, User
from advocacy.auth.permissions import EDITOR_ROLES, user_can
from advocacy.extensions import db

#: Default largest file, in bytes, when ``ATTACHMENT_MAX_BYTES`` is not set.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    """The largest file accepted (``ATTACHMENT_MAX_BYTES``)."""
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def may_view(user, obj: Any) -> bool:
    """Whether ``user`` may see the notes and files of ``obj`` at all."""
    return user_can(user, "view", obj)


def may_add(user, owner, obj: Any) -> bool:
    """Whether ``user`` may add notes and files to ``obj`` (of owner type ``owner``)."""
    if not may_view(user, obj):
        return False
    if user.role in EDITOR_ROLES:
        return True
    return user.role == Role.PARTNER and owner.partners_contribute


def may_delete_note(user, note: Note) -> bool:
    """The author of a note, or an administrator (the owner must be visible too)."""
    return user.role == Role.ADMIN or (note.author_id is not None
                                       and note.author_id == user.id)


def may_delete_attachment(user, attachment: Attachment) -> bool:
    """County staff and administrators, or whoever uploaded the file."""
    return user.role in EDITOR_ROLES or (attachment.uploaded_by_id is not None
                                         and attachment.uploaded_by_id == user.id)


def note_visible(user, note: Note) -> bool:
    """Whether ``user`` (who may see the owner) may see ``note``."""
    return user.role != Role.PARTNER or (user.organisation_id is not None
                                         and note.organisation_id == user.organisation_id)


@dataclass(frozen=True)
class ShownNote:
    """A note as the panel shows it."""

    id: int
    body: str
    created_at: datetime
    author_id: int | None
    author_name: str | None
    organisation_name: str | None


@dataclass(frozen=True)
class ShownFile:
    """An attachment as the panel shows it."""

    id: int
    filename: str
    size_bytes: int
    created_at: datetime
    uploaded_by_id: int | None
    uploaded_by_name: str | None


def shown_for(user, owner_type: str, owner_id: int) -> tuple[list[ShownNote], list[ShownFile]]:
    """The notes ``user`` may see and the files on one object, newest first, in one query.

    A partner gets only the notes written in their own organisation.
    """
    notes = (select(literal_column("'note'").label("kind"), Note.id, Note.created_at,
                    Note.body.label("text"), cast(null(), Integer).label("size_bytes"),
                    Note.author_id.label("user_id"), User.name.label("user_name"),
                    Organisation.name.label("organisation_name"))
             .outerjoin(User, User.id == Note.author_id)
             .outerjoin(Organisation, Organisation.id == Note.organisation_id)
             .where(Note.owner_type == owner_type, Note.owner_id == owner_id))
    if user.role == Role.PARTNER:
        # Never ``== None`` for a partner without an organisation: that is IS NULL.
        notes = notes.where(Note.organisation_id == user.organisation_id
                            if user.organisation_id is not None else false())
    files = (select(literal_column("'file'"), Attachment.id, Attachment.created_at, Attachment.filename,
                    Attachment.size_bytes, Attachment.uploaded_by_id, User.name,
                    cast(null(), String))
             .outerjoin(User, User.id == Attachment.uploaded_by_id)
             .where(Attachment.owner_type == owner_type, Attachment.owner_id == owner_id))
    both = union_all(notes, files).subquery()
    rows = db.session.execute(select(both).order_by(both.c.created_at.desc(), both.c.id.desc()))
    shown_notes, shown_files = [], []
    for row in rows:
        if row.kind == "note":
            shown_notes.append(ShownNote(row.id, row.text, row.created_at, row.user_id,
                                         row.user_name, row.organisation_name))
        else:
            shown_files.append(ShownFile(row.id, row.text, row.size_bytes, row.created_at,
                                         row.user_id, row.user_name))
    return shown_notes, shown_files


def add_note(user, owner, obj: Any, body: str) -> Note:
    """Add a note by ``user`` to ``obj``; the caller commits."""
    note = Note(owner_type=owner.name, owner_id=obj.id, body=body.strip(), author=user,
                organisation_id=user.organisation_id)
    db.session.add(note)
    return note


def add_attachment(user, owner, obj: Any, filename: str, data: bytes) -> Attachment:
    """Check and store a file for ``obj``; the caller commits.

    :raises filetypes.RefusedFile: empty, too large, not an accepted type, or named as
        another type than its content is. Nothing is written then.
    """
    name = filetypes.clean_filename(filename)
    found = filetypes.check(name, data, max_bytes())
    stored_name = storage.write(db.session, data)
    attachment = Attachment(owner_type=owner.name, owner_id=obj.id, filename=name,
                            stored_name=stored_name, content_type=found.mimetype,
                            size_bytes=len(data), uploaded_by=user,
                            organisation_id=user.organisation_id)
    db.session.add(attachment)
    return attachment


@dataclass
class PanelData:
    """What the panel «Notater og vedlegg» shows for one object."""

    owner: Any
    obj: Any
    notes: list[ShownNote]
    attachments: list[ShownFile]
    may_add: bool
    note_form: Any
    file_form: Any

    @staticmethod
    def may_delete_note(note: ShownNote) -> bool:
        """Whether the current user may delete ``note``."""
        from flask_login import current_user

        return may_delete_note(current_user, note)

    @staticmethod
    def may_delete_attachment(attachment: ShownFile) -> bool:
        """Whether the current user may delete ``attachment``."""
        from flask_login import current_user

        return may_delete_attachment(current_user, attachment)

    size_label = staticmethod(filetypes.size_label)


def panel_for(owner, obj: Any) -> PanelData | None:
    """The panel's data for ``obj`` as the current user sees it (one query)."""
    from flask_login import current_user

    from advocacy.attachments.forms import FileForm, NoteForm

    if not may_view(current_user, obj):
        return None
    adding = may_add(current_user, owner, obj)
    notes, files = shown_for(current_user, owner.name, obj.id)
    return PanelData(owner, obj, notes, files, adding,
                     NoteForm(formdata=None) if adding else None,
                     FileForm(formdata=None) if adding else None)
