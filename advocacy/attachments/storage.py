"""The files on disk, kept in step with the database transaction.

A file is written under its final random name before the row is committed; if the
transaction then rolls back (or the commit fails), the file is removed. A deleted row's
file is unlinked only after the commit succeeded, so a failed delete keeps both. When a
registered owner (a condition, hearing, paper, …) is deleted, its notes and attachments
are deleted in the same flush. What a crash between writing and committing could still
leave behind, ``flask attachments check`` reports (and removes with ``--remove``).
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from advocacy.attachments.models import Attachment, Note
from advocacy.attachments.registry import owner_of_model

#: session.info keys: files written in this transaction, files to unlink after its commit.
_WRITTEN = "attachments_written"
_UNLINK = "attachments_unlink"


def root() -> Path:
    """The folder the files live in: ``ATTACHMENTS_DIR``, default instance/attachments."""
    configured = current_app.config.get("ATTACHMENTS_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "attachments"


def path_of(stored_name: str) -> Path:
    """The file of the stored name ``stored_name``."""
    return root() / stored_name


def write(session: Session, data: bytes) -> str:
    """Write ``data`` under a new random name; return that name (``ab/ab12…``).

    The file is removed again if the session's transaction does not commit.
    """
    token = secrets.token_hex(16)
    stored_name = f"{token[:2]}/{token}"
    final = path_of(stored_name)
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f".{token}.part")
    try:
        with partial.open("xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, final)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    session.info.setdefault(_WRITTEN, []).append(final)
    return stored_name


@event.listens_for(Session, "before_flush")
def _follow_deletes(session: Session, flush_context, instances) -> None:
    """Queue the files of deleted attachments; delete the notes and files of deleted owners."""
    doomed = [obj for obj in session.deleted if isinstance(obj, Attachment)]
    owners = [(owner.name, obj.id) for obj in session.deleted
              if (owner := owner_of_model(obj)) is not None and obj.id is not None]
    if not doomed and not owners:
        return
    unlink = session.info.setdefault(_UNLINK, [])
    unlink.extend(path_of(a.stored_name) for a in doomed)
    if not owners:
        return
    connection = session.connection()
    skip = [a.id for a in doomed]
    for owner_type, owner_id in owners:
        where = (Attachment.owner_type == owner_type, Attachment.owner_id == owner_id,
                 Attachment.id.not_in(skip))
        unlink.extend(path_of(name) for name in connection.scalars(
            select(Attachment.stored_name).where(*where)))
        connection.execute(delete(Attachment).where(*where))
        connection.execute(delete(Note).where(Note.owner_type == owner_type,
                                              Note.owner_id == owner_id))


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    for path in session.info.pop(_UNLINK, ()):
        _remove(path)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return
    # Still here after the outermost transaction ended: it was not committed.
    session.info.pop(_UNLINK, None)
    for path in session.info.pop(_WRITTEN, ()):
        _remove(path)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:  # the row is gone either way; `flask attachments check` finds it
        current_app.logger.warning("could not remove attachment file %s: %s", path, error)


def check(session: Session, *, remove: bool = False, min_age_seconds: int = 3600
          ) -> tuple[list[Path], list[str]]:
    """Files without a row (orphans) and rows without a file (missing).

    With ``remove``, orphans older than ``min_age_seconds`` are deleted (younger ones may
    belong to an upload whose transaction is still open).
    """
    folder = root()
    known = set(session.scalars(select(Attachment.stored_name)))
    orphans = []
    if folder.is_dir():
        for path in sorted(folder.glob("*/*")):
            if not path.is_file():
                continue
            name = path.relative_to(folder).as_posix()
            if name not in known:
                orphans.append(path)
    if remove:
        cutoff = time.time() - min_age_seconds
        for path in orphans:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
    missing = sorted(name for name in known if not (folder / name).is_file())
    return orphans, missing
