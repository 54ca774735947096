"""Drafting papers: revisions with optimistic locking, and readable diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import case, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.papers.models import (Answer, Invitation, PaperRevision, PaperStatus,
                                    PositionPaper, content_hash)


#: Statuses in which a paper's text can no longer change (see ``PositionPaper.is_locked``).
LOCKED_STATUSES = (PaperStatus.FINAL, PaperStatus.SUBMITTED)


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

    Saves of one paper's text queue up: on PostgreSQL the paper's row is locked until the
    caller's transaction ends, so the second of two simultaneous saves sees the first one's
    revision and gets a ``Conflict``. SQLite ignores ``FOR UPDATE``; there the unique
    (paper, number) constraint catches the second save, which also gets a ``Conflict``.

    :param base_number: the revision the editor started from; if a newer one exists the
        save is refused with a ``Conflict`` holding both texts, and nothing is written.
    :returns: the new revision, a ``Conflict``, or ``None`` when nothing changed. After a
        ``Conflict`` found by the database (the constraint) the session's transaction has
        been rolled back, so the caller's other unsaved changes are gone too.
    :raises PaperLocked: the paper is final or submitted (also when another request made
        it so after this one loaded it).
    """
    current = _lock_for_saving(paper)
    sections = clean_sections(sections)
    title = title.strip()
    if current is not None and base_number != current.number:
        return Conflict(theirs=current, mine_title=title, mine_sections=sections)
    new_hash = content_hash(title, sections)
    if current is not None and current.content_hash == new_hash:
        return None
    number = (current.number + 1) if current else 1
    paper_id = paper.id
    revision = PaperRevision(paper=paper, number=number, title=title, sections=sections,
                             content_hash=new_hash, author=author)
    paper.title = title
    db.session.add(revision)
    try:
        db.session.flush()
    except IntegrityError:
        # Not a savepoint: pysqlite (legacy transaction control) lets a released outermost
        # savepoint commit, so a later rollback would not take the revision back.
        db.session.rollback()
        theirs = _latest_revision(paper_id) if paper_id is not None else None
        if theirs is None or theirs.number < number:
            raise  # not a concurrent save of the same revision number
        return Conflict(theirs=theirs, mine_title=title, mine_sections=sections)
    from advocacy.papers import signing  # signing builds on drafting, not the other way

    signing.after_revision(paper, revision)
    return revision


def _lock_for_saving(paper: PositionPaper) -> PaperRevision | None:
    """Lock the paper's row (PostgreSQL) and return its latest revision as committed now.

    What the request loaded earlier may be out of date: another request may have saved a
    revision or made the paper final since. So the status and the latest revision are read
    again, after the lock; changes this session made to the paper are flushed first.

    :raises PaperLocked: the paper is final or submitted.
    """
    if not inspect(paper).persistent:  # a new paper: nobody else can be saving it
        status = paper.status
    else:
        status = db.session.scalar(select(PositionPaper.status)
                                   .where(PositionPaper.id == paper.id).with_for_update())
    if paper.is_locked or status in LOCKED_STATUSES:
        raise PaperLocked("Uttalelsen er endelig eller sendt inn, og teksten kan ikke lenger "
                          "endres.")
    if not inspect(paper).persistent:
        return paper.current
    latest = _latest_revision(paper.id)
    if latest is not paper.current:
        db.session.expire(paper, ["revisions"])  # load the list again when it is next used
    return latest


def _latest_revision(paper_id: int) -> PaperRevision | None:
    return db.session.scalar(select(PaperRevision).where(PaperRevision.paper_id == paper_id)
                             .order_by(PaperRevision.number.desc()).limit(1))


#: The sections a new hearing response starts with.
RESPONSE_SECTIONS = ("Innledning", "Våre merknader", "Avslutning")


def create_paper(*, title: str, author: User, sections: tuple[str, ...] = ("Innledning",),
                 **fields) -> PositionPaper:
    """A new draft with a first revision of empty ``sections`` (their headings)."""
    paper = PositionPaper(title=title.strip(), responsible=author, **fields)
    db.session.add(paper)
    save_revision(paper, title=title, sections=[{"heading": h, "body": ""} for h in sections],
                  author=author, base_number=None)
    return paper


def draft_for_hearing(hearing, author: User) -> PositionPaper:
    """A new hearing response filled in from ``hearing``: the recipient, their case
    number, the conditions and measures, and the usual sections."""
    title = f"Høringssvar – {hearing.title}"
    limit = PositionPaper.__table__.c.title.type.length
    if len(title) > limit:
        title = title[:limit - 1] + "…"
    return create_paper(title=title, author=author, sections=RESPONSE_SECTIONS,
                        hearing=hearing, recipient=hearing.issuer or "",
                        their_reference=hearing.reference or "",
                        conditions=list(hearing.conditions), measures=list(hearing.measures))


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
            .options(joinedload(PositionPaper.responsible), joinedload(PositionPaper.hearing))
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


def signing_summaries(paper_ids: list[int]) -> dict[int, tuple[int, int]]:
    """``signing_summary`` for many papers in one query, without loading any text.

    Papers without invitations are left out; read them as (0, 0).
    """
    if not paper_ids:
        return {}
    newest = (select(PaperRevision.paper_id, func.max(PaperRevision.number).label("number"))
              .where(PaperRevision.paper_id.in_(paper_ids))
              .group_by(PaperRevision.paper_id).subquery())
    current = (select(PaperRevision.paper_id, PaperRevision.content_hash)
               .join(newest, (PaperRevision.paper_id == newest.c.paper_id)
                     & (PaperRevision.number == newest.c.number)).subquery())
    on_current_text = (Invitation.answer == Answer.SIGNED) & (
        Invitation.signed_hash == current.c.content_hash)
    rows = db.session.execute(
        select(Invitation.paper_id, func.count(case((on_current_text, 1))), func.count())
        .outerjoin(current, current.c.paper_id == Invitation.paper_id)
        .where(Invitation.paper_id.in_(paper_ids)).group_by(Invitation.paper_id))
    return {paper_id: (signed, invited) for paper_id, signed, invited in rows}


def signing_summary(paper: PositionPaper) -> tuple[int, int]:
    """(organisations whose signature is on the current text, organisations invited)."""
    return (sum(1 for i in paper.invitations if i.is_current), len(paper.invitations))


def set_status(paper: PositionPaper, status: str) -> None:
    """Move the paper along draft → signing → final → submitted (or back, before final)."""
    order = [s.value for s in PaperStatus]
    if paper.status == PaperStatus.SUBMITTED and status != PaperStatus.SUBMITTED:
        raise ValueError("En innsendt uttalelse kan ikke få en tidligere status.")
    if status not in order:
        raise ValueError("Ukjent status.")
    paper.status = status

