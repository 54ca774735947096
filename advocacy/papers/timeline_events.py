"""What papers and their outcomes add to a condition's timeline (see ``advocacy.timeline``)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
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
        events.append(timeline.Event.at_moment(
            paper.created_at, _("Uttalelse"),
            _("Arbeidet med «%(title)s» begynte.", title=paper.title), url))
        if paper.submitted_on is not None:
            events.append(timeline.Event(paper.submitted_on, _("Uttalelse"),
                                         _("«%(title)s» ble sendt inn.", title=paper.title), url,
                                         getattr(paper, "submitted_time", None)))
    outcomes = db.session.scalars(
        select(Outcome).where(Outcome.condition_id == condition.id,
                              Outcome.decided_on.is_not(None),
                              Outcome.paper_id.in_([p.id for p in papers]))
        .order_by(Outcome.decided_on.desc()).limit(limit))
    titles = {p.id: p.title for p in papers}
    for outcome in outcomes:
        text = _("%(result)s hos staten (etter «%(title)s»).",
                 result=OutcomeResult(outcome.result).label, title=titles[outcome.paper_id])
        if outcome.note:  # the adviser's own note, a sentence of its own
            text = f"{text} {outcome.note}"
        events.append(timeline.Event(
            outcome.decided_on, _("Gjennomslag"), text,
            url_for("papers.detail", paper_id=outcome.paper_id)))
    return events
