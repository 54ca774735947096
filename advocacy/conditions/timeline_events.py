"""What the condition's own domain adds to its timeline (see ``advocacy.timeline``)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select

from advocacy import timeline
from advocacy.audit.models import AuditEvent
from advocacy.auth.permissions import can
from advocacy.conditions.models import (STRENGTH_LABELS, ConditionStatus, Dependency, Effect,
                                        FrameworkCondition, Priority)
from advocacy.extensions import db
from advocacy.plan.models import Measure

#: Fields of a condition whose changes the timeline tells (to those who may read the log).
_TOLD = {"status": (_l("Status"), ConditionStatus), "priority": (_l("Prioritet"), Priority)}


@timeline.register("condition")
def condition_events(condition: FrameworkCondition, limit: int) -> list[timeline.Event]:
    """When it was registered, when each of its links was made, and (for those who may
    read the change log) how its status and priority changed (three queries)."""
    events = [timeline.Event.at_moment(condition.created_at, _("Registrert"),
                                       _("Rammebetingelsen ble registrert."))]
    links = db.session.execute(
        select(Dependency.created_at, Dependency.effect, Dependency.strength, Measure.id,
               Measure.title)
        .join(Measure, Dependency.measure_id == Measure.id)
        .where(Dependency.condition_id == condition.id, Dependency.created_at.is_not(None))
        .order_by(Dependency.created_at.desc()).limit(limit))
    for created_at, effect, strength, measure_id, title in links:
        events.append(timeline.Event.at_moment(
            created_at, _("Kobling"),
            _("Koblet til tiltaket «%(title)s»: %(effect)s, styrke %(strength)s.", title=title,
              effect=str(Effect(effect).label).lower(),
              strength=STRENGTH_LABELS.get(strength, strength)),
            url_for("plan.detail", measure_id=measure_id)))
    if can("audit"):
        changes = db.session.execute(
            select(AuditEvent.created_at, AuditEvent.changes)
            .where(AuditEvent.object_type == condition.__audit_type__,
                   AuditEvent.object_id == condition.id, AuditEvent.action == "update")
            .order_by(AuditEvent.created_at.desc()).limit(limit))
        for created_at, changed in changes:
            for field, (label, codes) in _TOLD.items():
                if field in (changed or {}):
                    before, after = changed[field]
                    told = (_("%(field)s endret fra «%(before)s» til «%(after)s».", field=label,
                              before=_label(codes, before), after=_label(codes, after))
                            if before else
                            _("%(field)s satt til «%(after)s».", field=label,
                              after=_label(codes, after)))
                    events.append(timeline.Event.at_moment(
                        created_at, _("Endring"), told,
                        url_for("audit.list", type="condition", id=condition.id)))
    return events


def _label(codes, value) -> str:
    try:
        return codes(value).label
    except ValueError:
        return str(value or "–")
