"""What the condition's own domain adds to its timeline (see ``advocacy.timeline``)."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from advocacy import timeline
from advocacy.audit.models import AuditEvent
from advocacy.auth.permissions import can
from advocacy.conditions.models import (STRENGTH_LABELS, ConditionStatus, Dependency, Effect,
                                        FrameworkCondition, Priority)
from advocacy.extensions import db
from advocacy.plan.models import Measure

#: Fields of a condition whose changes the timeline tells (to those who may read the log).
_TOLD = {"status": ("Status", ConditionStatus), "priority": ("Prioritet", Priority)}


@timeline.register("condition")
def condition_events(condition: FrameworkCondition, limit: int) -> list[timeline.Event]:
    """When it was registered, when each of its links was made, and (for those who may
    read the change log) how its status and priority changed (three queries)."""
    events = [timeline.Event.at_moment(condition.created_at, "Registrert",
                                       "Rammebetingelsen ble registrert.")]
    links = db.session.execute(
        select(Dependency.created_at, Dependency.effect, Dependency.strength, Measure.id,
               Measure.title)
        .join(Measure, Dependency.measure_id == Measure.id)
        .where(Dependency.condition_id == condition.id, Dependency.created_at.is_not(None))
        .order_by(Dependency.created_at.desc()).limit(limit))
    for created_at, effect, strength, measure_id, title in links:
        events.append(timeline.Event.at_moment(
            created_at, "Kobling",
            f"Koblet til tiltaket «{title}»: {Effect(effect).label.lower()}, "
            f"styrke {STRENGTH_LABELS.get(strength, strength)}.",
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
                    told = (f"{label} endret fra «{_label(codes, before)}» til "
                            f"«{_label(codes, after)}»." if before else
                            f"{label} satt til «{_label(codes, after)}».")
                    events.append(timeline.Event.at_moment(
                        created_at, "Endring", told,
                        url_for("audit.list", type="condition", id=condition.id)))
    return events


def _label(codes, value) -> str:
    try:
        return codes(value).label
    except ValueError:
        return str(value or "–")
