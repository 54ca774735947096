"""Drafting papers: revisions with optimistic locking, and readable diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.papers.models import (Invitation, PaperRevision, PaperStatus,
                                    PositionPaper, content_hash)


class PaperLocked(ValueError):
    """The paper is final or submitted and its text can no longer change."""


@dataclass
class Conflict:
    """Someone saved a newer revision than the one the editor started from."""

    theirs: PaperRevision
    mine_title: str
    mine_sections: list[dict]


def clean_sections(sections: list[dict]) -> list[dict]:
    """Sections as stored: heading and body stripped of trailing space, Windows newlines gone."""
    return [{"heading": (s.get("heading") or "").strip(),
             "body": (s.get("body") or "").replace("\r\n", "\n").strip()} for s in sections]


def save_revision(paper: PositionPaper, *, title: str, sections: list[dict], author: User,
                  base_number: int | None) -> PaperRevision | Conflict | None:
    """Save the paper's text as a new revision.

    :param base_number: the revision the editor started from; if a newer one exists the
        save is refused with a ``Conflict`` holding both texts, and nothing is written.
    :returns: the new revision, a ``Conflict``, or ``None`` when nothing changed.
    """
    if paper.is_locked:
        raise PaperLocked("Notatet er endelig og kan ikke endres.")
    sections = clean_sections(sections)
    title = title.strip()
    current = paper.current
    if current is not None and base_number != current.number:
        return Conflict(theirs=current, mine_title=title, mine_sections=sections)
    new_hash = content_hash(title, sections)
    if current is not None and current.content_hash == new_hash:
        return None
    revision = PaperRevision(paper=paper, number=(current.number + 1) if current else 1,
                             title=title, sections=sections, content_hash=new_hash,
                             author=author)
    paper.title = title
    db.session.add(revision)
    db.session.flush()
    from advocacy.papers import signing  # signing builds on drafting, not the other way

    signing.after_revision(paper, revision)
    return revision


def create_paper(*, title: str, author: User, **fields) -> PositionPaper:
    """A new draft with a first, empty revision."""
    paper = PositionPaper(title=title.strip(), responsible=author, **fields)
    db.session.add(paper)
    save_revision(paper, title=title, sections=[{"heading": "Innledning", "body": ""}],
                  author=author, base_number=None)
    return paper


def text_lines(title: str, sections: list[dict]) -> list[str]:
    """Title and sections as lines of plain text."""
    lines = [f"# {title}"]
    for section in sections:
        lines += ["", f"## {section['heading']}", *section["body"].splitlines()]
    return lines


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: ``same``, ``added`` or ``removed``."""

    kind: str
    text: str


def diff(old_title: str, old_sections: list[dict], new_title: str,
         new_sections: list[dict]) -> list[DiffLine]:
    """A line diff of two texts, for people: unchanged, removed and added lines in order."""
    result = []
    for line in difflib.ndiff(text_lines(old_title, old_sections),
                              text_lines(new_title, new_sections)):
        code, text = line[:2], line[2:]
        if code == "  ":
            result.append(DiffLine("same", text))
        elif code == "- ":
            result.append(DiffLine("removed", text))
        elif code == "+ ":
            result.append(DiffLine("added", text))
    return result


def papers_for(user: User):
    """A select of the papers ``user`` may see: all for county users, invited ones for partners."""
    stmt = (select(PositionPaper)
            .options(joinedload(PositionPaper.responsible), joinedload(PositionPaper.hearing),
                     selectinload(PositionPaper.invitations))
            .order_by(PositionPaper.updated_at.desc(), PositionPaper.id.desc()))
    if user.role == "partner":
        stmt = stmt.where(PositionPaper.id.in_(
            select(Invitation.paper_id).where(Invitation.organisation_id == user.organisation_id)))
    return stmt


def get_paper(paper_id: int) -> PositionPaper | None:
    """One paper with what its page shows."""
    return db.session.scalar(
        select(PositionPaper).where(PositionPaper.id == paper_id).options(
            joinedload(PositionPaper.responsible), joinedload(PositionPaper.hearing),
            selectinload(PositionPaper.revisions).joinedload(PaperRevision.author),
            selectinload(PositionPaper.conditions), selectinload(PositionPaper.measures),
            selectinload(PositionPaper.invitations).joinedload(Invitation.organisation),
            selectinload(PositionPaper.outcomes)))


def signing_summary(paper: PositionPaper) -> tuple[int, int]:
    """(organisations whose signature is on the current text, organisations invited)."""
    return (sum(1 for i in paper.invitations if i.is_current), len(paper.invitations))


def set_status(paper: PositionPaper, status: str) -> None:
    """Move the paper along draft → signing → final → submitted (or back, before final)."""
    order = [s.value for s in PaperStatus]
    if paper.status == PaperStatus.SUBMITTED and status != PaperStatus.SUBMITTED:
        raise ValueError("Et innsendt notat kan ikke få en tidligere status.")
    if status not in order:
        raise ValueError("Ukjent status.")
    paper.status = status

