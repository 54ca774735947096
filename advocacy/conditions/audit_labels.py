"""What the change log shows for framework conditions and their links to measures."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.conditions.models import (STRENGTH_LABELS, ConditionKind, ConditionStatus, Effect,
                                        FrameworkCondition, Priority)

audit.register_names("condition", FrameworkCondition.id, FrameworkCondition.title)

audit.register_type("condition", "Rammebetingelse", page=("conditions.detail", "condition_id"),
                    fields={
    "title": "Tittel",
    "kind": audit.coded("Type", ConditionKind),
    "owner_body": "Eier",
    "current_state": "Dagens situasjon",
    "our_position": "Hva vi vil endre",
    "priority": audit.coded("Prioritet", Priority),
    "status": audit.coded("Status", ConditionStatus),
    "source_urls": "Kilder",
    "lovdata_id": "Lovdata-id",
    "responsible_id": audit.reference("Ansvarlig", "user"),
})

audit.register_type("dependency", "Kobling tiltak–rammebetingelse", fields={
    "measure_id": audit.reference("Tiltak", "measure"),
    "condition_id": audit.reference("Rammebetingelse", "condition"),
    "effect": audit.coded("Virkning", Effect),
    "strength": audit.coded("Styrke", STRENGTH_LABELS),
    "note": "Merknad",
})
