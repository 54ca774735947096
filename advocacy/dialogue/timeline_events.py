"""What the dialogue with the state adds to a condition's timeline (see ``advocacy.timeline``)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from advocacy import timeline
from advocacy.dialogue.access import visible_clause
from advocacy.dialogue.models import Contact, ContactStatus, contact_conditions
from advocacy.extensions import db


@timeline.register("condition")
def contact_events(condition, limit: int) -> list[timeline.Event]:
    """Meetings, letters, calls and visits about the condition that the current user may
    see (the contact rule's SQL form), planned ones said to be planned (one query)."""
    contacts = db.session.scalars(
        select(Contact)
        .where(Contact.id.in_(select(contact_conditions.c.contact_id)
                              .where(contact_conditions.c.condition_id == condition.id)),
               visible_clause(current_user))
        .order_by(Contact.occurred_on.desc(), Contact.id.desc()).limit(limit))
    events = []
    for contact in contacts:
        text = _("%(title)s (planlagt)", title=contact.title) \
            if contact.status == ContactStatus.PLANNED else contact.title
        events.append(timeline.Event(contact.occurred_on, contact.kind_label, text,
                                     url_for("dialogue.detail", contact_id=contact.id),
                                     contact.occurred_time))
    return events
