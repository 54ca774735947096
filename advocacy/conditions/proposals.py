"""Partners' proposals of national framework conditions, and staff's decisions on them.

A partner proposes a condition that holds back their organisation's work; staff accept it
as a new condition (which then names the organisation as proposer), merge it into an
existing one, or decline it with a reason. The proposer is told by mail.

The access rule sits here beside its SQL twin (``visible_clause``) so the two change
together: county users (admin, staff) and viewers see every proposal, a partner only the
proposals of their own organisation; only staff decide.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (CheckConstraint, Column, ForeignKey, Index, String, Table, Text, false,
                        select, true)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock, i18n
from advocacy.audit.models import Audited
from advocacy.auth.models import Organisation, Role, User
from advocacy.auth.permissions import EDITOR_ROLES, object_rule
from advocacy.bodies.models import StateBody
from advocacy.conditions.models import (ConditionStatus, Dependency, Effect,
                                        FrameworkCondition)
from advocacy.extensions import db
from advocacy.notify import mail
from advocacy.plan.models import Measure
from advocacy.types import UTCDateTime


class ProposalStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    MERGED = "merged"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        """The status in words (lazy: read in the language it is shown in)."""
        return {"pending": _l("Til behandling"), "accepted": _l("Godtatt som ny rammebetingelse"),
                "merged": _l("Slått sammen med en rammebetingelse"),
                "declined": _l("Avslått")}[self.value]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


proposal_measures = Table(
    "condition_proposal_measures", db.metadata,
    Column("proposal_id", ForeignKey("condition_proposals.id", ondelete="CASCADE"),
           primary_key=True),
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class ConditionProposal(Audited, db.Model):
    """A partner's proposal of a national framework condition (forslag)."""

    __tablename__ = "condition_proposals"
    __audit_type__ = "proposal"
    __audit_collections__ = ("measures",)
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'merged', 'declined')",
                        name="status_known"),
        CheckConstraint("status != 'declined' OR decision_note != ''",
                        name="reason_when_declined"),
        # The queue: newest first within a status; a partner's own list by organisation.
        Index("ix_condition_proposals_status_created", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The organisation the proposal is made for; a partner proposes for their own.
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    #: Who sent it (a partner, or staff on the organisation's behalf).
    proposed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    owner_body_id: Mapped[int | None] = mapped_column(
        ForeignKey("state_bodies.id", ondelete="SET NULL"), index=True)
    #: The owner's label when proposed, kept if the body is deleted later.
    owner_body: Mapped[str] = mapped_column(String(200), default="")
    what_should_change: Mapped[str] = mapped_column(Text, default="")
    local_consequence: Mapped[str] = mapped_column(Text, default="")
    #: Examples with numbers (kroner, dwellings, months of delay …).
    examples: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=ProposalStatus.PENDING)
    #: The reason for a decline, or staff's note on an accept or merge.
    decision_note: Mapped[str] = mapped_column(Text, default="")
    #: The condition it became (accepted) or was merged into.
    condition_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_conditions.id", ondelete="SET NULL"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow,
                                                 onupdate=clock.utcnow)

    organisation: Mapped[Organisation] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    owner: Mapped[StateBody | None] = relationship()
    condition: Mapped[FrameworkCondition | None] = relationship()
    #: The plan's measures the condition holds back, in the proposer's view.
    measures: Mapped[list[Measure]] = relationship(secondary=proposal_measures,
                                                   order_by=Measure.title)

    @property
    def status_label(self) -> str:
        return ProposalStatus(self.status).label

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    def set_owner(self, body: StateBody) -> None:
        """Make ``body`` the proposed owner, and keep its label."""
        self.owner = body
        self.owner_body = body.label


@object_rule(ConditionProposal)
def proposal_rule(user, action: str, proposal: ConditionProposal) -> bool:
    """``view`` and ``decide`` on a proposal."""
    if action == "view":
        return user.role != Role.PARTNER or (user.organisation_id is not None
                                             and user.organisation_id == proposal.organisation_id)
    if action == "decide":
        return user.role in EDITOR_ROLES
    return False


def visible_clause(user):
    """A where-clause for the proposals ``user`` may see (``proposal_rule``'s ``view``)."""
    if user.role != Role.PARTNER:
        return true()
    if user.organisation_id is None:
        return false()
    return ConditionProposal.organisation_id == user.organisation_id


def may_propose(user) -> bool:
    """Staff may propose for any organisation; a partner for their own organisation."""
    if user.role in EDITOR_ROLES:
        return True
    return user.role == Role.PARTNER and user.organisation_id is not None


class AlreadyDecided(Exception):
    """The proposal was decided already (perhaps by someone else a moment ago)."""


def accept(proposal: ConditionProposal, staff: User, *, title: str, kind: str, priority: str,
           note: str = "") -> FrameworkCondition:
    """Make ``proposal`` a new condition that names its organisation as proposer.

    The proposal's texts fill the condition (what should change is our position, the
    local consequence and examples its current state) and each measure it names is linked
    as held back by it. The proposer is mailed once the caller commits.
    """
    _check_pending(proposal)
    current_state = proposal.local_consequence
    if proposal.examples:
        # Stored in the condition: data, written once, not UI text.
        examples = f"Eksempler fra {proposal.organisation.name}:"  # i18n: not ui
        current_state += f"\n\n{examples}\n{proposal.examples}"
    condition = FrameworkCondition(
        title=title.strip(), kind=kind, priority=priority, status=ConditionStatus.MONITORING,
        our_position=proposal.what_should_change, current_state=current_state,
        source_urls=[], proposed_by=proposal.organisation)
    if proposal.owner is not None:
        condition.set_owner(proposal.owner)
    else:  # the body was removed from the register since; keep the name given
        condition.owner_body = proposal.owner_body
    db.session.add(condition)
    _link_measures(proposal, condition, already=set())
    _decide(proposal, staff, ProposalStatus.ACCEPTED, note, condition)
    return condition


def merge(proposal: ConditionProposal, staff: User, condition: FrameworkCondition,
          note: str = "") -> None:
    """Merge ``proposal`` into the existing ``condition``; its texts stay on the proposal,
    which links to the condition, and the measures it names that the condition does not
    hold back yet are linked as hindered by it."""
    _check_pending(proposal)
    ids = [m.id for m in proposal.measures]
    already = set(db.session.scalars(select(Dependency.measure_id).where(
        Dependency.condition_id == condition.id, Dependency.measure_id.in_(ids)))) if ids else set()
    _link_measures(proposal, condition, already)
    _decide(proposal, staff, ProposalStatus.MERGED, note, condition)


def decline(proposal: ConditionProposal, staff: User, reason: str) -> None:
    """Decline ``proposal`` with ``reason`` (required: the proposer is told why)."""
    _check_pending(proposal)
    if not reason.strip():
        raise ValueError("a declined proposal needs a reason")
    _decide(proposal, staff, ProposalStatus.DECLINED, reason, None)


def _link_measures(proposal: ConditionProposal, condition: FrameworkCondition,
                   already: set[int]) -> None:
    """Link the proposal's measures (but those in ``already``) as hindered by ``condition``."""
    for measure in proposal.measures:
        if measure.id not in already:
            db.session.add(Dependency(
                measure=measure, condition=condition, effect=Effect.HINDERS, strength=2,
                note=f"Fra forslag fra {proposal.organisation.name}."))  # i18n: not ui


def _check_pending(proposal: ConditionProposal) -> None:
    if not proposal.is_pending:
        raise AlreadyDecided()


def _decide(proposal: ConditionProposal, staff: User, status: ProposalStatus, note: str,
            condition: FrameworkCondition | None) -> None:
    proposal.status = status
    proposal.decision_note = note.strip()
    proposal.condition = condition
    proposal.decided_by = staff
    proposal.decided_at = clock.utcnow()
    link = mail.external_url("proposals.detail", proposal_id=proposal.id)
    for user in recipients(proposal):
        mail.queue(db.session, mail.build_message(
            mail.Recipient(user.email, user.name, language=i18n.for_user(user)),
            "proposals/decided", user=user,
            proposal=proposal, condition=condition, link=link))


def recipients(proposal: ConditionProposal) -> list[User]:
    """Who is told of a decision: the partner who proposed; when staff proposed on the
    organisation's behalf (or the proposer has left), the organisation's active partners."""
    proposer = proposal.proposed_by
    if (proposer is not None and proposer.is_active and proposer.email
            and proposer.organisation_id == proposal.organisation_id):
        return [proposer]
    return list(db.session.scalars(
        select(User).where(User.organisation_id == proposal.organisation_id,
                           User.role == Role.PARTNER, User.is_active_account.is_(True),
                           User.email != "").order_by(User.name)))

