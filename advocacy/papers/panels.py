"""What papers add to the pages of the domains below them (see ``advocacy.panels``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select

from advocacy import panels
from advocacy.auth.permissions import can
from advocacy.extensions import db
from advocacy.papers import outcomes
from advocacy.papers.models import PositionPaper, paper_conditions
from advocacy.papers.services import papers_for, signing_summaries
from advocacy.queries import first_rows_and_total

#: Rows a panel lists before it says how many there are in all.
PANEL_ROWS = 10


@dataclass(frozen=True)
class HearingPapers:
    """The papers written for one hearing that the current user may see."""

    hearing_id: int
    #: (paper, signed on the current text, invited)
    papers: list[tuple[PositionPaper, int, int]]
    may_write: bool


@panels.register("hearing", "papers/_hearing_panel.html")
def hearing_papers(hearing) -> HearingPapers:
    """The hearing's papers, newest first, with their signatures (two queries)."""
    papers = list(db.session.scalars(
        papers_for(current_user).where(PositionPaper.hearing_id == hearing.id)))
    summaries = signing_summaries([p.id for p in papers])
    return HearingPapers(hearing.id, [(p, *summaries.get(p.id, (0, 0))) for p in papers],
                         may_write=can("edit"))


@dataclass(frozen=True)
class RelatedPapers:
    """The first papers on a condition that the current user may see, and how many."""

    papers: list[PositionPaper]
    total: int


@panels.register("condition", "papers/_condition_papers_panel.html")
def condition_papers(condition) -> RelatedPapers:
    """Papers arguing for or against the condition, newest first (one query)."""
    return RelatedPapers(*first_rows_and_total(
        papers_for(current_user)
        .where(PositionPaper.id.in_(select(paper_conditions.c.paper_id)
                                    .where(paper_conditions.c.condition_id == condition.id))),
        PANEL_ROWS))


@dataclass(frozen=True)
class ConditionOutcomes:
    """Submitted papers on a condition with what the state decided, and the win rate."""

    positions: list
    win_rate: outcomes.WinRate


@panels.register("condition", "papers/_condition_outcomes_panel.html")
def condition_outcomes(condition) -> ConditionOutcomes:
    """The condition's positions the current user may see, with their outcomes."""
    positions = outcomes.outcomes_for_condition(condition.id, visible_to=current_user)
    return ConditionOutcomes(positions, outcomes.win_rate(positions))
