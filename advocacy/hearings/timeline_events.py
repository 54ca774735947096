"""What hearings add to a condition's timeline (see ``advocacy.timeline``)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from advocacy import timeline
from advocacy.extensions import db
from advocacy.hearings.models import Hearing, hearing_conditions


@timeline.register("condition")
def hearing_events(condition, limit: int) -> list[timeline.Event]:
    """Each hearing about the condition: when it was sent out and its deadline (one
    query; every role sees every hearing)."""
    hearings = db.session.execute(
        select(Hearing.id, Hearing.title, Hearing.issuer, Hearing.published_on,
               Hearing.deadline_at)
        .where(Hearing.id.in_(select(hearing_conditions.c.hearing_id)
                              .where(hearing_conditions.c.condition_id == condition.id)))
        .order_by(Hearing.deadline_at.desc()).limit(limit))
    events = []
    for hearing_id, title, issuer, published_on, deadline_at in hearings:
        url = url_for("hearings.detail", hearing_id=hearing_id)
        if published_on is not None:
            text = (_("«%(title)s» sendt på høring fra %(issuer)s.", title=title, issuer=issuer)
                    if issuer else _("«%(title)s» sendt på høring.", title=title))
            events.append(timeline.Event(published_on, _("Høring"), text, url))
        events.append(timeline.Event.at_moment(deadline_at, _("Høringsfrist"),
                                               _("Frist for å svare på «%(title)s».",
                                                 title=title), url))
    return events
