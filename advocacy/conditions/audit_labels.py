"""What the change log shows for framework conditions and their links to measures."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.conditions.models import (STRENGTH_LABELS, ConditionKind, ConditionStatus, Effect,
                                        FrameworkCondition, Priority)
from advocacy.conditions.proposals import ConditionProposal, ProposalStatus
from advocacy.conditions.support import Stance

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
    "open_for_support": "Åpen for støtte fra partnerne",
    "proposed_by_id": audit.reference("Foreslått av", "organisation"),
})

audit.register_type("dependency", "Kobling tiltak–rammebetingelse", fields={
    "measure_id": audit.reference("Tiltak", "measure"),
    "condition_id": audit.reference("Rammebetingelse", "condition"),
    "effect": audit.coded("Virkning", Effect),
    "strength": audit.coded("Styrke", STRENGTH_LABELS),
    "note": "Merknad",
})

audit.register_names("proposal", ConditionProposal.id, ConditionProposal.title)

audit.register_type("proposal", "Forslag til rammebetingelse",
                    page=("proposals.detail", "proposal_id"), fields={
    "title": "Tittel",
    "organisation_id": audit.reference("Organisasjon", "organisation"),
    "proposed_by_user_id": audit.reference("Foreslått av", "user"),
    "owner_body_id": audit.hidden(),
    "owner_body": "Eier",
    "what_should_change": "Hva som bør endres",
    "local_consequence": "Lokal konsekvens",
    "examples": "Eksempler med tall",
    "status": audit.coded("Status", ProposalStatus),
    "decision_note": "Begrunnelse eller merknad",
    "condition_id": audit.reference("Rammebetingelse", "condition"),
    "decided_by_id": audit.reference("Behandlet av", "user"),
    "decided_at": audit.moment("Behandlet"),
    "measures": "Tiltak som berøres",
})

audit.register_type("condition_support", "Støtte til standpunkt", fields={
    "condition_id": audit.reference("Rammebetingelse", "condition"),
    "organisation_id": audit.reference("Organisasjon", "organisation"),
    "stance": audit.coded("Svar", Stance),
    "local_example": "Lokalt eksempel",
    "decided_by": "Vedtatt av",
    "reason": "Hvorfor ikke",
    "answered_by_id": audit.reference("Svart av", "user"),
    "withdrawn_at": audit.moment("Trukket tilbake"),
})
