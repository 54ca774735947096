"""Partners backing the county's position on a framework condition (stå sammen).

Staff open a condition for support (``FrameworkCondition.open_for_support``). Each
organisation then has at most one answer per condition: it backs the position (with an
optional local example and who decided it) or it does not (with why). An answer can be
withdrawn; the row stays, with ``withdrawn_at`` set, so a new answer later updates it and
the change log tells the whole story. Backing municipalities and regional councils add
to the condition's leverage score (``ranking.breadth``); ``scores`` recomputes it in the
transaction that changes an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import Organisation, OrganisationKind, Role, User
from advocacy.auth.permissions import object_rule
from advocacy.conditions.models import FrameworkCondition, LabelledEnum
from advocacy.extensions import db
from advocacy.types import UTCDateTime


class Stance(LabelledEnum):
    BACKS = "backs"
    DOES_NOT_BACK = "does_not_back"

    @classmethod
    def _labels(cls):
        return {"backs": _l("Støtter standpunktet"),
                "does_not_back": _l("Støtter ikke standpunktet")}


#: Organisation kinds whose backing counts in the breadth of support (see ``ranking``).
BREADTH_KINDS = frozenset({OrganisationKind.MUNICIPALITY, OrganisationKind.REGIONAL_COUNCIL})


class ConditionSupport(Audited, db.Model):
    """One organisation's answer to the county's position on one condition."""

    __audit_type__ = "condition_support"
    __audit_skip__ = Audited.__audit_skip__ + ("answered_at",)
    __tablename__ = "condition_supports"
    __table_args__ = (
        UniqueConstraint("condition_id", "organisation_id"),
        CheckConstraint("stance IN ('backs', 'does_not_back')", name="stance_known"),
        CheckConstraint("stance = 'backs' OR reason != ''", name="reason_when_not_backing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    condition_id: Mapped[int] = mapped_column(
        ForeignKey("framework_conditions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    stance: Mapped[str] = mapped_column(String(20))
    local_example: Mapped[str] = mapped_column(Text, default="")
    #: Who decided it, e.g. «kommunestyret 12.11.2026».
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    #: Why the organisation does not back the position (required then).
    reason: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    condition: Mapped[FrameworkCondition] = relationship()
    organisation: Mapped[Organisation] = relationship()
    answered_by: Mapped[User | None] = relationship()

    @property
    def audit_label(self) -> str:
        organisation = self.organisation or db.session.get(Organisation, self.organisation_id)
        condition = self.condition or db.session.get(FrameworkCondition, self.condition_id)
        # Stored with the change log's event, as its name when written.
        return (f"{organisation.name if organisation else '–'} om "  # i18n: not ui
                f"«{condition.title if condition else '–'}»")

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def backs(self) -> bool:
        return self.is_active and self.stance == Stance.BACKS


# --- reading -----------------------------------------------------------------------------

def municipality_count() -> int:
    """How many municipalities there are (the M of «støttes av N av M kommuner»)."""
    return db.session.scalar(select(func.count()).select_from(Organisation)
                             .where(Organisation.kind == OrganisationKind.MUNICIPALITY))


def answers_for(condition_id: int) -> list[ConditionSupport]:
    """The condition's answers that stand (not withdrawn), organisations by name; one query."""
    return list(db.session.scalars(
        select(ConditionSupport)
        .join(Organisation, Organisation.id == ConditionSupport.organisation_id)
        .options(joinedload(ConditionSupport.organisation),
                 joinedload(ConditionSupport.answered_by))
        .where(ConditionSupport.condition_id == condition_id,
               ConditionSupport.withdrawn_at.is_(None))
        .order_by(func.lower(Organisation.name), Organisation.id)))


def answer_of(condition_id: int, organisation_id: int) -> ConditionSupport | None:
    """The organisation's row for the condition, withdrawn or not."""
    return db.session.scalar(select(ConditionSupport).where(
        ConditionSupport.condition_id == condition_id,
        ConditionSupport.organisation_id == organisation_id))


@dataclass
class Counts:
    """How many back a condition: municipalities among them, and all organisations."""

    municipalities: int = 0
    organisations: int = 0


def backing_counts(condition_ids: list[int]) -> dict[int, Counts]:
    """For each condition id: its backers (one query)."""
    found = {cid: Counts() for cid in condition_ids}
    if not condition_ids:
        return found
    is_municipality = Organisation.kind == OrganisationKind.MUNICIPALITY
    rows = db.session.execute(
        select(ConditionSupport.condition_id,
               func.count(ConditionSupport.id).filter(is_municipality), func.count())
        .join(Organisation, Organisation.id == ConditionSupport.organisation_id)
        .where(ConditionSupport.condition_id.in_(condition_ids),
               ConditionSupport.stance == Stance.BACKS,
               ConditionSupport.withdrawn_at.is_(None))
        .group_by(ConditionSupport.condition_id))
    for cid, municipalities, organisations in rows:
        found[cid] = Counts(municipalities, organisations)
    return found


def open_conditions():
    """Conditions open for support, highest score first."""
    return (select(FrameworkCondition)
            .where(FrameworkCondition.open_for_support.is_(True))
            .order_by(FrameworkCondition.score_total.desc(), func.lower(FrameworkCondition.title),
                      FrameworkCondition.id))


def own_answers(organisation_id: int, condition_ids: list[int]) -> dict[int, ConditionSupport]:
    """The organisation's standing answers on these conditions (one query)."""
    if not condition_ids:
        return {}
    return {s.condition_id: s for s in db.session.scalars(select(ConditionSupport).where(
        ConditionSupport.organisation_id == organisation_id,
        ConditionSupport.condition_id.in_(condition_ids),
        ConditionSupport.withdrawn_at.is_(None)))}


# --- changing ----------------------------------------------------------------------------

class NotOpen(Exception):
    """The condition is not open for support."""


@dataclass
class Answer:
    stance: str
    local_example: str = ""
    decided_by: str = ""
    reason: str = ""


def _fill(row: ConditionSupport, answer: Answer, user: User) -> None:
    backs = answer.stance == Stance.BACKS
    row.stance = answer.stance
    row.local_example = answer.local_example.strip() if backs else ""
    row.decided_by = answer.decided_by.strip() if backs else ""
    row.reason = "" if backs else answer.reason.strip()
    row.answered_by_id = user.id
    row.answered_at = clock.utcnow()
    row.withdrawn_at = None


def answer(condition: FrameworkCondition, user: User, given: Answer) -> ConditionSupport:
    """Record the answer of ``user``'s organisation: one row per organisation and condition.

    Two answers sent at the same moment both end in the one row: the insert that loses
    the race on the unique constraint is rolled back to its savepoint and becomes an
    update of the row that won.
    """
    db.session.refresh(condition, ["open_for_support"])
    if not condition.open_for_support:
        raise NotOpen()
    organisation_id = user.organisation_id
    row = answer_of(condition.id, organisation_id)
    if row is None:
        row = ConditionSupport(condition_id=condition.id, organisation_id=organisation_id)
        _fill(row, given, user)
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            row = answer_of(condition.id, organisation_id)
            if row is None:  # not a duplicate after all
                raise
        else:
            return row
    _fill(row, given, user)
    db.session.flush()
    return row


def withdraw(condition: FrameworkCondition, user: User) -> bool:
    """Withdraw the answer of ``user``'s organisation; ``False`` if it had none standing."""
    row = answer_of(condition.id, user.organisation_id)
    if row is None or row.withdrawn_at is not None:
        return False
    row.withdrawn_at = clock.utcnow()
    row.answered_by_id = user.id
    db.session.flush()
    return True


# --- who may -----------------------------------------------------------------------------

def row_for(condition: FrameworkCondition, user) -> ConditionSupport:
    """The user's organisation's row for the condition, or a new one not yet added: what
    ``require("answer", …)`` and ``require("withdraw", …)`` are asked about."""
    row = None
    if user.organisation_id is not None:
        row = answer_of(condition.id, user.organisation_id)
    return row or ConditionSupport(condition_id=condition.id, condition=condition,
                                   organisation_id=user.organisation_id)


@object_rule(ConditionSupport)
def support_rule(user, action: str, row: ConditionSupport) -> bool:
    """``view``, ``answer`` and ``withdraw`` on an organisation's answer.

    County users (admin, staff, viewers) see every answer; a partner sees the backers and
    their own organisation's answer. Only a partner answers, and only for their own
    organisation, while the condition is open for support; they may withdraw it any time.
    """
    is_own = (user.role == Role.PARTNER and user.organisation_id is not None
              and row.organisation_id == user.organisation_id)
    if action == "view":
        return user.role != Role.PARTNER or is_own or row.backs
    if action == "answer":
        return is_own and row.condition.open_for_support
    if action == "withdraw":
        return is_own and row.id is not None and row.is_active
    return False
