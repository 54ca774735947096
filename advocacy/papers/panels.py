"""What papers add to the pages of the domains below them (see ``advocacy.panels``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from advocacy import panels
from advocacy.auth.permissions import can
from advocacy.extensions import db
from advocacy.papers.models import PositionPaper
from advocacy.papers.services import papers_for, signing_summaries


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
