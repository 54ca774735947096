"""Submission and outcome of position papers, the win rate, and the county's Word template.

A *position* is one framework condition a submitted paper argues for (a link paper ↔
condition). Its outcome is what the state decided; a position without a recorded
outcome counts as not yet decided.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import defer, joinedload

from advocacy import clock
from advocacy.auth.models import Role, User
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.inputs import parse_int
from advocacy.papers.docx_render import TemplateReport, check_template
from advocacy.papers.models import (Invitation, Outcome, OutcomeResult, PaperStatus,
                                    PositionPaper, WordTemplate, archive_number,
                                    paper_conditions)


class OutcomeError(ValueError):
    """A submission or outcome refused; a Norwegian message, and the form field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- Submission and outcomes -------------------------------------------------------------

def submission_refusal(paper: PositionPaper) -> str | None:
    """Why the paper cannot be marked as submitted now, or ``None`` when it can."""
    if paper.status == PaperStatus.SUBMITTED:
        return _("Uttalelsen er allerede markert som sendt inn.")
    if paper.status != PaperStatus.FINAL:
        return _("Uttalelsen har status «%(status)s». Sett den til «Endelig» før du markerer "
                 "den som sendt inn.", status=paper.status_label)
    return None


#: The largest number the archive's integer fields hold (xs:int in the Noark schema).
MAX_ARCHIVE_NUMBER = 2**31 - 1


@dataclass(frozen=True, kw_only=True)
class Submission:
    """What is recorded when a paper is sent: as typed, checked by ``submit``."""

    submitted_on: date | None
    submitted_time: time | None
    #: The archive number's parts as typed (text or numbers): 2026, 1428, 3.
    archive_year: str | int | None
    archive_sequence: str | int | None
    archive_document: str | int | None
    recipient: str
    is_exempt: bool = False
    exemption_basis: str = ""


def submit(paper: PositionPaper, submission: Submission) -> None:
    """Mark a final paper as sent to the state: when, to whom, its Noark archive number and
    whether it is public; refuse it with an ``OutcomeError`` and change nothing."""
    if reason := submission_refusal(paper):
        raise OutcomeError(reason)
    day, at = submission.submitted_on, submission.submitted_time
    if day is None:
        raise OutcomeError(_("Skriv datoen uttalelsen ble sendt inn."), "submitted_on")
    if day > clock.today():
        raise OutcomeError(_("Datoen kan ikke være fram i tid. Skriv datoen uttalelsen faktisk "
                             "ble sendt inn."), "submitted_on")
    if at is None:
        raise OutcomeError(_("Skriv klokkeslettet uttalelsen ble sendt, som tt:mm."),
                           "submitted_time")
    if datetime.combine(day, at, tzinfo=clock.OSLO) > clock.now():
        raise OutcomeError(_("Klokkeslettet kan ikke være fram i tid."), "submitted_time")
    year = _archive_part(submission.archive_year, "archive_year")
    if not 1000 <= year <= 9999:
        raise OutcomeError(_("Saksåret skrives med fire sifre, for eksempel %(year)s.",
                             year=day.year), "archive_year")
    if year > day.year:
        raise OutcomeError(_("Saksåret kan ikke være senere enn året uttalelsen ble sendt "
                             "(%(year)s).", year=day.year), "archive_year")
    sequence = _archive_part(submission.archive_sequence, "archive_sequence")
    document = _archive_part(submission.archive_document, "archive_document")
    recipient = "\n".join(line for line in (" ".join(raw.split()) for raw in
                                            (submission.recipient or "").splitlines()) if line)
    if not recipient:
        raise OutcomeError(_("Skriv hvem uttalelsen ble sendt til."), "recipient")
    basis = " ".join((submission.exemption_basis or "").split())
    if submission.is_exempt and not basis:
        raise OutcomeError(_("Skriv hjemmelen for unntak fra offentlighet, for eksempel "
                             "«Offl. § 14»."), "exemption_basis")
    paper.status = PaperStatus.SUBMITTED
    paper.submitted_on, paper.submitted_time = day, at.replace(second=0, microsecond=0)
    paper.archive_year, paper.archive_sequence, paper.archive_document = year, sequence, document
    paper.recipient = recipient
    paper.is_exempt = bool(submission.is_exempt)
    paper.exemption_basis = basis if paper.is_exempt else ""


def _archive_part(value: str | int | None, field: str) -> int:
    """One part of the archive number as a positive whole number, or refused.

    :param field: ``archive_year``, ``archive_sequence`` or ``archive_document``.
    """
    text = str(value if value is not None else "").strip()
    if not text:
        raise OutcomeError({
            "archive_year": _("Skriv saksåret."),
            "archive_sequence": _("Skriv sekvensnummeret."),
            "archive_document": _("Skriv dokumentnummeret."),
        }[field], field)
    number = parse_int(text, minimum=1, maximum=MAX_ARCHIVE_NUMBER)
    if number is None:
        shown = text[:40]
        raise OutcomeError({
            "archive_year": _("«%(text)s» er ikke et gyldig saksår: skriv et helt tall større "
                              "enn null.", text=shown),
            "archive_sequence": _("«%(text)s» er ikke et gyldig sekvensnummer: skriv et helt "
                                  "tall større enn null.", text=shown),
            "archive_document": _("«%(text)s» er ikke et gyldig dokumentnummer: skriv et helt "
                                  "tall større enn null.", text=shown),
        }[field], field)
    return number


def outcome_refusal(paper: PositionPaper) -> str | None:
    """Why outcomes cannot be recorded for the paper now, or ``None`` when they can."""
    if paper.status != PaperStatus.SUBMITTED:
        return _("Gjennomslag kan registreres når uttalelsen er sendt inn. Uttalelsen har "
                 "status «%(status)s».", status=paper.status_label)
    return None


def record_outcome(paper: PositionPaper, condition: FrameworkCondition | None, result: str,
                   note: str = "", decided_on: date | None = None) -> Outcome:
    """Record (or change) what the state decided on one condition a submitted paper argues for."""
    if reason := outcome_refusal(paper):
        raise OutcomeError(reason)
    if condition is None:
        raise OutcomeError(_("Fant ikke rammebetingelsen."), "condition_id")
    if condition not in paper.conditions:
        raise OutcomeError(_("Uttalelsen gjelder ikke rammebetingelsen «%(title)s».",
                             title=condition.title), "condition_id")
    if result not in {r.value for r in OutcomeResult}:
        raise OutcomeError(_("Velg et av de oppgitte resultatene."), "result")
    if result == OutcomeResult.PENDING and decided_on is not None:
        raise OutcomeError(_("Et standpunkt som ikke er avgjort, har ingen vedtaksdato. Fjern "
                             "datoen eller velg et resultat."), "decided_on")
    if decided_on is not None and decided_on > clock.today():
        raise OutcomeError(_("Vedtaksdatoen kan ikke være fram i tid."), "decided_on")
    if decided_on is not None and paper.submitted_on and decided_on < paper.submitted_on:
        raise OutcomeError(
            _("Vedtaksdatoen kan ikke være før uttalelsen ble sendt inn (%(date)s).",
              date=paper.submitted_on.strftime("%d.%m.%Y")), "decided_on")
    outcome = next((o for o in paper.outcomes if o.condition_id == condition.id), None)
    if outcome is None:
        outcome = Outcome(paper=paper, condition=condition)
        db.session.add(outcome)
    outcome.result = result
    outcome.note = (note or "").replace("\r\n", "\n").strip()
    outcome.decided_on = decided_on
    return outcome


# --- The win rate ------------------------------------------------------------------------

@dataclass(frozen=True)
class WinRate:
    """How the county's positions fared; ``rate`` is ``None`` while nothing is decided."""

    adopted: int
    partly: int
    not_adopted: int
    pending: int
    rate: float | None

    @property
    def decided(self) -> int:
        return self.adopted + self.partly + self.not_adopted

    @property
    def total(self) -> int:
        return self.decided + self.pending

    @property
    def percent(self) -> int | None:
        """The rate in whole percent, halves rounded up as people expect (62.5 → 63)."""
        return None if self.rate is None else math.floor(self.rate * 100 + 0.5)

    @classmethod
    def from_counts(cls, counts: Counter | dict[str, int]) -> WinRate:
        """From a count per result value; unknown values are ignored."""
        adopted, partly = counts.get(OutcomeResult.ADOPTED, 0), counts.get(OutcomeResult.PARTLY, 0)
        not_adopted = counts.get(OutcomeResult.NOT_ADOPTED, 0)
        decided = adopted + partly + not_adopted
        rate = (adopted + 0.5 * partly) / decided if decided else None
        return cls(adopted, partly, not_adopted, counts.get(OutcomeResult.PENDING, 0), rate)


def win_rate(outcomes: Iterable[str | Outcome | PositionOutcome]) -> WinRate:
    """Win rate of outcomes (results or objects with ``result``): (adopted + ½·partly) / decided."""
    return WinRate.from_counts(Counter(
        str(getattr(o, "result", o) or OutcomeResult.PENDING) for o in outcomes))


# --- Queries -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PositionOutcome:
    """One submitted paper's position on a condition, and what the state decided."""

    paper_id: int
    paper_title: str
    submitted_on: date | None
    archive_reference: str
    result: str
    note: str
    decided_on: date | None

    @property
    def result_label(self) -> str:
        return OutcomeResult(self.result).label


def _positions():
    """Submitted papers joined to their conditions and (when recorded) the outcome."""
    return (select(PositionPaper.id, PositionPaper.title, PositionPaper.submitted_on,
                   PositionPaper.archive_year, PositionPaper.archive_sequence,
                   PositionPaper.archive_document, Outcome.result, Outcome.note,
                   Outcome.decided_on)
            .join(paper_conditions, paper_conditions.c.paper_id == PositionPaper.id)
            .outerjoin(Outcome, (Outcome.paper_id == PositionPaper.id)
                       & (Outcome.condition_id == paper_conditions.c.condition_id))
            .where(PositionPaper.status == PaperStatus.SUBMITTED))


def outcomes_for_condition(condition_id: int, visible_to: User | None = None
                           ) -> list[PositionOutcome]:
    """Submitted papers on a condition, newest first, with outcomes; those ``visible_to`` may see."""
    stmt = (_positions().where(paper_conditions.c.condition_id == condition_id)
            .order_by(PositionPaper.submitted_on.desc(), PositionPaper.id.desc()))
    if visible_to is not None and visible_to.role == Role.PARTNER:
        stmt = stmt.where(PositionPaper.id.in_(
            select(Invitation.paper_id)
            .where(Invitation.organisation_id == visible_to.organisation_id)))
    return [PositionOutcome(pid, title, submitted_on, archive_number(year, sequence, document),
                            result or OutcomeResult.PENDING, note or "", decided_on)
            for pid, title, submitted_on, year, sequence, document, result, note, decided_on
            in db.session.execute(stmt)]


def overall_win_rate() -> WinRate:
    """The win rate of every position of every submitted paper (one query)."""
    stmt = _positions().with_only_columns(Outcome.result, db.func.count()) \
        .group_by(Outcome.result)
    counts: Counter = Counter()
    for result, n in db.session.execute(stmt):
        counts[result or OutcomeResult.PENDING] += n
    return WinRate.from_counts(counts)


def win_rate_counts_by_year() -> dict[int | None, Counter]:
    """Per year of submission: how many positions got each result (one query). A paper
    submitted without a recorded date counts under ``None``.

    The overview reads its overall win rate and the win rate over time from this one
    query: ``WinRate.from_counts`` of a year's counts, or of their sum.
    """
    year = db.func.extract("year", PositionPaper.submitted_on)
    stmt = (_positions().with_only_columns(year, Outcome.result, db.func.count())
            .group_by(year, Outcome.result))
    counts: dict[int | None, Counter] = {}
    for found_year, result, n in db.session.execute(stmt):
        key = None if found_year is None else int(found_year)
        counts.setdefault(key, Counter())[result or OutcomeResult.PENDING] += n
    return counts


# --- The Word template -------------------------------------------------------------------

class TemplateRefused(ValueError):
    """An uploaded template that cannot be used; the message says why, in Norwegian."""


def current_template() -> WordTemplate | None:
    """The uploaded template in use, without its bytes; ``None`` means the shipped default."""
    return db.session.scalar(
        select(WordTemplate).options(defer(WordTemplate.data), joinedload(WordTemplate.uploaded_by))
        .order_by(WordTemplate.id.desc()).limit(1))


def template_warning(template: WordTemplate | None) -> str | None:
    """The warning about styles the template lacks, or ``None``."""
    if template is None or not template.fallbacks:
        return None
    return TemplateReport(ok=True, fallbacks=dict(template.fallbacks)).warning


def install_template(filename: str, data: bytes, user: User) -> WordTemplate:
    """Vet an uploaded template and make it the one in use; refuse it with the reason."""
    report = check_template(data)
    if not report.ok:
        raise TemplateRefused(_("Malen ble ikke tatt i bruk: %(error)s", error=report.error))
    # Only the template in use is kept: earlier uploads would only take up space.
    db.session.execute(delete(WordTemplate))
    template = WordTemplate(filename=_display_name(filename), data=data, uploaded_by=user,
                            fallbacks=report.fallbacks)
    db.session.add(template)
    return template


def use_default_template() -> bool:
    """Go back to the shipped template; ``False`` if it was in use already."""
    return bool(db.session.execute(delete(WordTemplate)).rowcount)


def _display_name(filename: str) -> str:
    """The file's own name, without any folder a browser sent along."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[-200:] or "mal.docx"  # i18n: not ui (a stored file name)
