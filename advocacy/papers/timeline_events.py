"""What papers and their outcomes add to a condition's timeline (see ``advocacy.timeline``)."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from advocacy import timeline
from advocacy.extensions import db
from advocacy.papers.models import Outcome, OutcomeResult, PositionPaper, paper_conditions
from advocacy.papers.services import papers_for


@timeline.register("condition")
def paper_events(condition, limit: int) -> list[timeline.Event]:
    """The uttalelser about the condition that the current user may see: begun and sent;
    and what the state decided on the condition after each (two queries)."""
    visible = papers_for(current_user).where(PositionPaper.id.in_(
        select(paper_conditions.c.paper_id).where(paper_conditions.c.condition_id == condition.id)))
    papers = list(db.session.scalars(visible.limit(limit)))
    events = []
    for paper in papers:
        url = url_for("papers.detail", paper_id=paper.id)
        events.append(timeline.Event.at_moment(paper.created_at, "Uttalelse",
                                               f"Arbeidet med «{paper.title}» begynte.", url))
        if paper.submitted_on is not None:
            events.append(timeline.Event(paper.submitted_on, "Uttalelse",
                                         f"«{paper.title}» ble sendt inn.", url,
                                         getattr(paper, "submitted_time", None)))
    outcomes = db.session.scalars(
        select(Outcome).where(Outcome.condition_id == condition.id,
                              Outcome.decided_on.is_not(None),
                              Outcome.paper_id.in_([p.id for p in papers]))
        .order_by(Outcome.decided_on.desc()).limit(limit))
    titles = {p.id: p.title for p in papers}
    for outcome in outcomes:
        note = f" {outcome.note}" if outcome.note else ""
        events.append(timeline.Event(
            outcome.decided_on, "Gjennomslag",
            f"{OutcomeResult(outcome.result).label} hos staten "
            f"(etter «{titles[outcome.paper_id]}»).{note}",
            url_for("papers.detail", paper_id=outcome.paper_id)))
    return events
