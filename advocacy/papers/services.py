"""Drafting papers: revisions with optimistic locking, and readable diffs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, case, cast, func, inspect, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from advocacy import i18n
from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.plan.models import Measure
from advocacy.papers.models import (Answer, Invitation, PaperRevision, PaperStatus,
                                    PositionPaper, SkeletonFor, SkeletonKind, content_hash)
from advocacy.sorting import SortOrder, Sorting, in_order_of, oslo_day


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
        raise PaperLocked(_("Uttalelsen er endelig eller sendt inn, og teksten kan ikke lenger "
                            "endres."))
    if not inspect(paper).persistent:
        return paper.current
    latest = _latest_revision(paper.id)
    if latest is not paper.current:
        db.session.expire(paper, ["revisions"])  # load the list again when it is next used
    return latest


def _latest_revision(paper_id: int) -> PaperRevision | None:
    return db.session.scalar(select(PaperRevision).where(PaperRevision.paper_id == paper_id)
                             .order_by(PaperRevision.number.desc()).limit(1))


#: The sections a new hearing response starts with until an administrator edits its
#: skeleton (``advocacy.papers.skeleton``), in the paper's language; ``PER_CONDITION``
#: becomes one section per condition linked to the hearing (none when none is linked).
PER_CONDITION = SkeletonKind.CONDITIONS
RESPONSE_SECTIONS = (_l("Innledning"), _l("Sammendrag"), _l("Våre merknader"), PER_CONDITION,
                     _l("Avslutning"))
#: The sections any other new paper starts with, until an administrator edits them.
FIRST_SECTIONS = (_l("Innledning"), _l("Våre merknader"), _l("Avslutning"))
#: How a per-condition section's heading begins; the condition's title follows.
CONDITION_HEADING = _l("Merknader om")


def create_paper(*, title: str, author: User, skeleton: str = SkeletonFor.PAPER,
                 **fields) -> PositionPaper:
    """A new draft whose first revision has the empty sections of ``skeleton``, in the
    author's language unless ``language`` says otherwise."""
    from advocacy.papers import skeleton as skeletons  # it builds on drafting, not the other way

    language = fields.setdefault("language", i18n.current())
    sections = skeletons.starting_sections(skeleton, language, fields.get("conditions", ()))
    paper = PositionPaper(title=title.strip(), responsible=author, **fields)
    db.session.add(paper)
    save_revision(paper, title=title, sections=sections, author=author, base_number=None)
    return paper


def draft_for_hearing(hearing, author: User) -> PositionPaper:
    """A new hearing response filled in from ``hearing``: the recipient, their case
    number, the conditions and measures, and the sections of the hearing skeleton."""
    title = _("Høringssvar – %(subject)s", subject=hearing.subject)
    limit = PositionPaper.__table__.c.title.type.length
    if len(title) > limit:
        title = title[:limit - 1] + "…"
    return create_paper(title=title, author=author, skeleton=SkeletonFor.HEARING,
                        hearing=hearing, recipient=hearing.issuer or "",
                        their_reference=hearing.reference or "",
                        conditions=list(hearing.conditions), measures=list(hearing.measures))


def papers_for(user: User):
    """A select of the papers ``user`` may see: all for county users, invited ones for partners."""
    stmt = (select(PositionPaper)
            .options(joinedload(PositionPaper.responsible), joinedload(PositionPaper.hearing))
            .order_by(PositionPaper.updated_at.desc(), PositionPaper.id.desc()))
    return _visible_to(stmt, user)


def _visible_to(stmt, user: User):
    """``stmt`` narrowed to the papers ``user`` may see (partners: those they are invited to)."""
    if user.role == "partner":
        stmt = stmt.where(PositionPaper.id.in_(
            select(Invitation.paper_id).where(Invitation.organisation_id == user.organisation_id)))
    return stmt


def _invitations_seen_by(user: User):
    """A where-clause for the invitations ``user`` may see: a partner only its own."""
    if user.role == "partner":
        return Invitation.organisation_id == user.organisation_id
    return true()


@dataclass
class PaperFilters:
    """What the paper list is narrowed to; empty values mean no filter."""

    q: str = ""
    status: str = ""
    #: In signing, and someone (for a partner: its organisation) has still to answer.
    is_waiting: bool = False
    #: ``"med"``: papers answering a hearing; ``"uten"``: papers without one.
    hearing: str = ""
    #: Only the papers this user is responsible for ("Bare mine").
    responsible: int | None = None


def _own_sign_by(user: User):
    """The earliest sign-by day of the paper's invitations that ``user`` may see."""
    return (select(func.min(Invitation.sign_by))
            .where(Invitation.paper_id == PositionPaper.id, _invitations_seen_by(user))
            .correlate(PositionPaper).scalar_subquery())


def _unanswered(user: User):
    """A where-clause: the paper has an invitation ``user`` may see that waits for an answer.

    Answered are a decline and a signature on the current text (``signing.has_answered``).
    """
    current_hash = (select(PaperRevision.content_hash)
                    .where(PaperRevision.paper_id == Invitation.paper_id)
                    .order_by(PaperRevision.number.desc()).limit(1)
                    .correlate(Invitation).scalar_subquery())
    answered = (Invitation.answer == Answer.DECLINED) | (
        (Invitation.answer == Answer.SIGNED) & (Invitation.signed_hash == current_hash))
    return (select(Invitation.id)
            .where(Invitation.paper_id == PositionPaper.id, _invitations_seen_by(user),
                   ~answered)
            .correlate(PositionPaper).exists())


_hearing = aliased(Hearing)
_responsible = aliased(User)


def paper_sorting(user: User) -> Sorting:
    """The paper list's sortable columns for ``user``; by default last changed first.

    The deadline is the hearing's when the paper answers one, else the earliest sign-by
    day of the invitations ``user`` may see, else the day it was submitted.
    """
    deadline = func.coalesce(oslo_day(_hearing.deadline_at),
                             cast(_own_sign_by(user), String),
                             cast(PositionPaper.submitted_on, String))
    return Sorting({
        "tittel": [PositionPaper.title],  # i18n: not ui
        "horing": [_hearing.title, PositionPaper.title],
        "frist": [deadline, _hearing.deadline_at, PositionPaper.title],  # i18n: not ui
        "status": [in_order_of(PositionPaper.status, PaperStatus), PositionPaper.title],
        "ansvarlig": [_responsible.name, PositionPaper.title],
        "endret": [PositionPaper.updated_at],  # i18n: not ui
    }, default="-endret", tie_breaker=PositionPaper.id, descending_first=["endret"])  # i18n: not ui


def paper_list_query(user: User, filters: PaperFilters, order: SortOrder):
    """A select of the papers ``user`` may see that match ``filters``, in ``order``."""
    stmt = _visible_to(select(PositionPaper), user)
    stmt = (stmt.outerjoin(_hearing, PositionPaper.hearing)
            .outerjoin(_responsible, PositionPaper.responsible)
            .options(contains_eager(PositionPaper.hearing.of_type(_hearing)),
                     contains_eager(PositionPaper.responsible.of_type(_responsible))))
    if filters.q.strip():
        stmt = stmt.where(PositionPaper.matching(filters.q))
    if filters.status:
        stmt = stmt.where(PositionPaper.status == filters.status)
    if filters.is_waiting:
        stmt = stmt.where(PositionPaper.status == PaperStatus.SIGNING, _unanswered(user))
    if filters.hearing == "med":  # i18n: not ui
        stmt = stmt.where(PositionPaper.hearing_id.is_not(None))
    elif filters.hearing == "uten":
        stmt = stmt.where(PositionPaper.hearing_id.is_(None))
    if filters.responsible:
        stmt = stmt.where(PositionPaper.responsible_id == filters.responsible)
    return stmt.order_by(*order.clauses())


def own_deadlines(user: User, paper_ids: list[int]) -> dict[int, date]:
    """For each paper id: the deadline of a paper without a hearing (one query).

    The earliest sign-by day of the invitations ``user`` may see, else the day the paper
    was submitted; papers with neither are left out.
    """
    if not paper_ids:
        return {}
    rows = db.session.execute(
        select(PositionPaper.id, func.coalesce(_own_sign_by(user), PositionPaper.submitted_on))
        .where(PositionPaper.id.in_(paper_ids)))
    return {paper_id: day for paper_id, day in rows if day is not None}


def get_paper(paper_id: int, *, texts: bool = False) -> PositionPaper | None:
    """One paper with what its page shows.

    Every revision is loaded (their numbers and hashes tell whose signature is on which
    text), but not their sections: a paper saved a few hundred times holds megabytes of
    old text. Each text is read when it is used, which for most pages is the current one;
    ``texts=True`` reads them all at once, for a page that shows every revision's.
    """
    revisions = selectinload(PositionPaper.revisions)
    if not texts:
        revisions = revisions.defer(PaperRevision.sections)
    return db.session.scalar(
        select(PositionPaper).where(PositionPaper.id == paper_id).options(
            joinedload(PositionPaper.responsible),
            joinedload(PositionPaper.hearing).joinedload(Hearing.issuer_body),
            revisions.joinedload(PaperRevision.author),
            selectinload(PositionPaper.conditions),
            selectinload(PositionPaper.measures).joinedload(Measure.goal),
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
        raise ValueError(_("En innsendt uttalelse kan ikke få en tidligere status."))
    if status not in order:
        raise ValueError(_("Ukjent status."))
    paper.status = status

