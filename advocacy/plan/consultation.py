"""The plan's own consultation (planhøring): its questions, and each organisation's answers.

One round per plan, with a deadline (a moment in Europe/Oslo) and an open/closed switch.
Each partner organisation answers each question once; its partner users edit the answer
until the deadline, and county staff may enter one on its behalf. Two people saving the
same organisation's answers at once are caught by the answer's version number: the later
save changes nothing and gets the other's text back (``Conflict``).

Who may do what is the one rule below (``round_rule`` and ``sheet_rule``), registered with
``advocacy.auth.permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import (Boolean, ForeignKey, String, Text, UniqueConstraint, case, func,
                        select)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship
from sqlalchemy.orm.exc import StaleDataError

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import Organisation, OrganisationKind, Role, User
from advocacy.auth.permissions import EDITOR_ROLES, object_rule
from advocacy.extensions import db
from advocacy.plan.services import current_plan
from advocacy.types import UTCDateTime

if TYPE_CHECKING:
    from advocacy.plan.models import Plan

#: The longest answer to one question, in characters (about two pages).
MAX_ANSWER = 6000
#: The longest question.
MAX_QUESTION = 1000
#: A deadline given as a date alone is at the end of that day, Oslo time.
END_OF_DAY = time(23, 59)


class ConsultationRound(Audited, db.Model):
    """The plan's consultation: its deadline and whether it takes answers."""

    __tablename__ = "consultation_rounds"
    __audit_type__ = "consultation_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         unique=True)
    title: Mapped[str] = mapped_column(String(200))
    #: What partners read above the questions.
    introduction: Mapped[str] = mapped_column(Text, default="")
    #: The answers' deadline (høringsfrist); after it they can no longer be changed.
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Partners see the questions and may answer only while the round is open.
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)

    plan: Mapped[Plan] = relationship()
    questions: Mapped[list[ConsultationQuestion]] = relationship(
        back_populates="round", order_by="(ConsultationQuestion.position, ConsultationQuestion.id)",
        cascade="all, delete-orphan")

    def accepts_answers(self, now: datetime | None = None) -> bool:
        """Open and before the deadline."""
        return self.is_open and (now or clock.now()) <= self.deadline_at

    def closed_message(self, now: datetime | None = None) -> str | None:
        """Why answers cannot be changed now (in the page's language), or None when they
        can."""
        if not self.is_open:
            return _("Planhøringen er ikke åpen for svar. Svarene kan leses, men ikke endres.")
        if (now or clock.now()) > self.deadline_at:
            return _("Svarfristen gikk ut %(moment)s. Svarene kan leses, men ikke endres "
                     "lenger. Ta kontakt med fylkeskommunen om noe må rettes.",
                     moment=_moment_nb(self.deadline_at))
        return None


class ConsultationQuestion(Audited, db.Model):
    """One of the consultation's questions (høringsspørsmål)."""

    __tablename__ = "consultation_questions"
    __audit_type__ = "consultation_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_rounds.id", ondelete="CASCADE"), index=True)
    #: The order of the questions; shown numbered 1, 2, 3 …
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(MAX_QUESTION))

    round: Mapped[ConsultationRound] = relationship(back_populates="questions")

    @property
    def audit_label(self) -> str:
        return _shorten(self.text)


class ConsultationAnswer(Audited, db.Model):
    """One organisation's answer to one question."""

    __tablename__ = "consultation_answers"
    __audit_type__ = "consultation_answer"
    __audit_skip__ = ("created_at", "updated_at", "version")
    __table_args__ = (UniqueConstraint("question_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_questions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: Who saved the text last: a partner user of the organisation, or county staff for it.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    #: Raised by every save; a save based on an older number is refused (lost updates).
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    question: Mapped[ConsultationQuestion] = relationship()
    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def audit_label(self) -> str:
        organisation = self.organisation or db.session.get(Organisation, self.organisation_id)
        question = self.question or db.session.get(ConsultationQuestion, self.question_id)
        return (f"{organisation.name if organisation else '–'}: "
                f"{_shorten(question.text) if question else '–'}")

    @property
    def is_on_behalf(self) -> bool:
        """Entered by someone outside the organisation (county staff)."""
        return self.author is not None and self.author.organisation_id != self.organisation_id


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _moment_nb(moment: datetime) -> str:
    return moment.astimezone(clock.OSLO).strftime("%d.%m.%Y kl. %H:%M")


def deadline_moment(day: date, at: time | None = None) -> datetime:
    """The deadline on ``day`` in Oslo time; a date alone means 23:59."""
    return datetime.combine(day, at or END_OF_DAY, clock.OSLO)


# --- who may do what ------------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    """One organisation's answers in a round: what partners see and edit."""

    round: ConsultationRound
    organisation: Organisation


@object_rule(ConsultationRound)
def round_rule(user, action: str, round_: ConsultationRound) -> bool:
    """``view`` the questions (partners only while open), ``view_all`` answers, ``edit``."""
    if action == "view":
        return user.role != Role.PARTNER or round_.is_open
    if action == "view_all":
        return user.role != Role.PARTNER
    if action == "edit":
        return user.role in EDITOR_ROLES
    return False


@object_rule(Sheet)
def sheet_rule(user, action: str, sheet: Sheet) -> bool:
    """``view`` and ``answer`` one organisation's answers (not the deadline: see
    ``ConsultationRound.closed_message``)."""
    own = user.role == Role.PARTNER and user.organisation_id == sheet.organisation.id
    if action == "view":
        return own or user.role != Role.PARTNER
    if action == "answer":
        return own or user.role in EDITOR_ROLES
    return False


# --- queries --------------------------------------------------------------------------------

def current_round() -> ConsultationRound | None:
    """The consultation of the installation's plan (the first plan), with its questions."""
    plan = current_plan()
    if plan is None:
        return None
    return db.session.scalar(select(ConsultationRound).where(ConsultationRound.plan_id == plan.id)
                             .options(joinedload(ConsultationRound.questions)))


def respondents():
    """The organisations asked to answer: every organisation but the county itself."""
    return select(Organisation).where(Organisation.kind != OrganisationKind.COUNTY)


def respondent(organisation_id: int) -> Organisation | None:
    """The organisation with this id, if it is asked to answer."""
    return db.session.scalar(respondents().where(Organisation.id == organisation_id))


def answers_of(round_: ConsultationRound, organisation_id: int) -> dict[int, ConsultationAnswer]:
    """The organisation's answers by question id (one query)."""
    rows = db.session.scalars(
        select(ConsultationAnswer).join(ConsultationAnswer.question)
        .where(ConsultationQuestion.round_id == round_.id,
               ConsultationAnswer.organisation_id == organisation_id)
        .options(joinedload(ConsultationAnswer.author)))
    return {answer.question_id: answer for answer in rows}


def count_per_question(round_: ConsultationRound) -> dict[int, int]:
    """How many organisations answered each question (one query)."""
    rows = db.session.execute(
        select(ConsultationAnswer.question_id, func.count()).join(ConsultationAnswer.question)
        .where(ConsultationQuestion.round_id == round_.id)
        .group_by(ConsultationAnswer.question_id))
    return {question_id: count for question_id, count in rows}


def _answered_count():
    """Per organisation, how many questions of the round it answered (a subquery)."""
    return (select(ConsultationAnswer.organisation_id, func.count().label("answered"))
            .join(ConsultationAnswer.question)
            .group_by(ConsultationAnswer.organisation_id))


def respondent_query(round_: ConsultationRound, only_missing: bool = False):
    """The organisations asked, by name (``only_missing``: those with a question unanswered)."""
    counted = _answered_count().where(ConsultationQuestion.round_id == round_.id).subquery()
    answered = func.coalesce(counted.c.answered, 0)
    query = (select(Organisation)
             .outerjoin(counted, counted.c.organisation_id == Organisation.id)
             .where(Organisation.kind != OrganisationKind.COUNTY)
             .order_by(Organisation.name))
    if only_missing:
        query = query.where(answered < len(round_.questions))
    return query


def totals(round_: ConsultationRound) -> tuple[int, int, int]:
    """(organisations asked, those that answered every question, those that answered none)."""
    counted = _answered_count().where(ConsultationQuestion.round_id == round_.id).subquery()
    answered = func.coalesce(counted.c.answered, 0)
    complete = len(round_.questions)
    row = db.session.execute(
        select(func.count(),
               func.coalesce(func.sum(case((answered >= complete, 1), else_=0)), 0),
               func.coalesce(func.sum(case((answered == 0, 1), else_=0)), 0))
        .select_from(Organisation)
        .outerjoin(counted, counted.c.organisation_id == Organisation.id)
        .where(Organisation.kind != OrganisationKind.COUNTY)).one()
    return int(row[0]), int(row[1]), int(row[2])


def answered_pairs(round_: ConsultationRound, organisation_ids) -> set[tuple[int, int]]:
    """(organisation id, question id) of the answers of these organisations (one query)."""
    ids = list(organisation_ids)
    if not ids:
        return set()
    rows = db.session.execute(
        select(ConsultationAnswer.organisation_id, ConsultationAnswer.question_id)
        .join(ConsultationAnswer.question)
        .where(ConsultationQuestion.round_id == round_.id,
               ConsultationAnswer.organisation_id.in_(ids)))
    return {(org_id, question_id) for org_id, question_id in rows}


def answers_to(question: ConsultationQuestion):
    """The answers to a question, by organisation name, with organisation and author."""
    return (select(ConsultationAnswer).join(ConsultationAnswer.organisation)
            .where(ConsultationAnswer.question_id == question.id)
            .options(joinedload(ConsultationAnswer.organisation),
                     joinedload(ConsultationAnswer.author).joinedload(User.organisation))
            .order_by(Organisation.name))


def missing_for(question: ConsultationQuestion) -> list[str]:
    """Names of the organisations asked that have not answered ``question`` (one query)."""
    answered = select(ConsultationAnswer.organisation_id).where(
        ConsultationAnswer.question_id == question.id)
    return list(db.session.scalars(
        select(Organisation.name).where(Organisation.kind != OrganisationKind.COUNTY,
                                        Organisation.id.not_in(answered))
        .order_by(Organisation.name)))


# --- saving ---------------------------------------------------------------------------------

class ConsultationClosed(Exception):
    """Answers cannot be changed now; the message says why (Norwegian)."""


@dataclass
class Conflict:
    """Answers someone else saved after the form was opened; nothing was saved."""

    #: question id -> the answer as it is stored now (None: it was removed meanwhile).
    theirs: dict[int, ConsultationAnswer | None] = field(default_factory=dict)


class ConcurrentSave(Exception):
    """Another save of the same answers reached the database first."""


def normalise(text: str | None) -> str:
    """An answer as stored: Unix line breaks, no blanks around it."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def save_answers(round_: ConsultationRound, organisation: Organisation, texts: dict[int, str],
                 bases: dict[int, int], author: User) -> int | Conflict:
    """Save an organisation's answers; return how many changed, or the ``Conflict``.

    :param texts: question id -> the text typed (empty: no answer).
    :param bases: question id -> the version the form was opened on (0: none then).
    Raises ``ConsultationClosed`` after the deadline or when the round is closed, and
    ``ConcurrentSave`` when another save won while this one was written (then roll back).
    The caller commits.
    """
    if (message := round_.closed_message()) is not None:
        raise ConsultationClosed(message)
    stored = answers_of(round_, organisation.id)
    changes, conflict = [], Conflict()
    for question in round_.questions:
        if question.id not in texts:
            continue
        text, answer = normalise(texts[question.id]), stored.get(question.id)
        if text == (answer.text if answer else ""):
            continue  # nothing to save, so nothing to lose
        if (answer.version if answer else 0) != bases.get(question.id, 0):
            conflict.theirs[question.id] = answer
        changes.append((question, answer, text))
    if conflict.theirs:
        return conflict
    now = clock.utcnow()
    for question, answer, text in changes:
        if answer is None:
            db.session.add(ConsultationAnswer(question=question, organisation=organisation,
                                              text=text, author=author, created_at=now,
                                              updated_at=now))
        elif text:
            answer.text, answer.author, answer.updated_at = text, author, now
        else:
            db.session.delete(answer)
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError) as error:
        raise ConcurrentSave from error
    return len(changes)


def conflict_now(round_: ConsultationRound, organisation: Organisation, texts: dict[int, str],
                 bases: dict[int, int]) -> Conflict:
    """After a ``ConcurrentSave`` (rolled back): the answers that differ from the form's."""
    stored = answers_of(round_, organisation.id)
    conflict = Conflict()
    for question_id, text in texts.items():
        answer = stored.get(question_id)
        if (answer.version if answer else 0) != bases.get(question_id, 0) and \
                normalise(text) != (answer.text if answer else ""):
            conflict.theirs[question_id] = answer
    return conflict
