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
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from advocacy.attachments import filetypes, storage
from advocacy.attachments.models import Attachment, Note
from advocacy.auth.models import Role
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


def notes_for(user, owner_type: str, owner_id: int) -> list[Note]:
    """The notes on one object that ``user`` may see, newest first, with their authors."""
    query = (select(Note).where(Note.owner_type == owner_type, Note.owner_id == owner_id)
             .options(joinedload(Note.author), joinedload(Note.organisation))
             .order_by(Note.created_at.desc(), Note.id.desc()))
    if user.role == Role.PARTNER:
        if user.organisation_id is None:  # `== None` would be IS NULL: the county's notes
            return []
        query = query.where(Note.organisation_id == user.organisation_id)
    return list(db.session.scalars(query))


def attachments_for(owner_type: str, owner_id: int) -> list[Attachment]:
    """The files on one object, newest first, with who uploaded them."""
    return list(db.session.scalars(
        select(Attachment).where(Attachment.owner_type == owner_type,
                                 Attachment.owner_id == owner_id)
        .options(joinedload(Attachment.uploaded_by))
        .order_by(Attachment.created_at.desc(), Attachment.id.desc())))


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
    notes: list[Note]
    attachments: list[Attachment]
    may_add: bool
    note_form: Any
    file_form: Any

    @staticmethod
    def may_delete_note(note: Note) -> bool:
        """Whether the current user may delete ``note``."""
        from flask_login import current_user

        return may_delete_note(current_user, note)

    @staticmethod
    def may_delete_attachment(attachment: Attachment) -> bool:
        """Whether the current user may delete ``attachment``."""
        from flask_login import current_user

        return may_delete_attachment(current_user, attachment)

    size_label = staticmethod(filetypes.size_label)


def panel_for(owner, obj: Any) -> PanelData | None:
    """The panel's data for ``obj`` as the current user sees it (two queries)."""
    from flask_login import current_user

    from advocacy.attachments.forms import FileForm, NoteForm

    if not may_view(current_user, obj):
        return None
    adding = may_add(current_user, owner, obj)
    return PanelData(owner, obj, notes_for(current_user, owner.name, obj.id),
                     attachments_for(owner.name, obj.id), adding,
                     NoteForm(formdata=None) if adding else None,
                     FileForm(formdata=None) if adding else None)
