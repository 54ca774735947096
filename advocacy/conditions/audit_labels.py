"""What the change log shows for framework conditions and their links to measures."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from advocacy.audit import labels as audit
from advocacy.conditions.models import (STRENGTH_LABELS, ConditionKind, ConditionStatus, Effect,
                                        FrameworkCondition, Priority)
from advocacy.conditions.proposals import ConditionProposal, ProposalStatus
from advocacy.conditions.support import Stance

audit.register_names("condition", FrameworkCondition.id, FrameworkCondition.title)

audit.register_type("condition", _l("Rammebetingelse"),
                    page=("conditions.detail", "condition_id"), fields={
    "title": _l("Tittel"),
    "kind": audit.coded(_l("Type"), ConditionKind),
    "owner_body": _l("Eier"),
    "current_state": _l("Dagens situasjon"),
    "our_position": _l("Hva vi vil endre"),
    "priority": audit.coded(_l("Prioritet"), Priority),
    "status": audit.coded(_l("Status"), ConditionStatus),
    "source_urls": _l("Kilder"),
    "lovdata_id": _l("Lovdata-id"),
    "responsible_id": audit.reference(_l("Ansvarlig"), "user"),
    "open_for_support": _l("Åpen for støtte fra partnerne"),
    "proposed_by_id": audit.reference(_l("Foreslått av"), "organisation"),
})

audit.register_type("dependency", _l("Kobling tiltak–rammebetingelse"), fields={
    "measure_id": audit.reference(_l("Tiltak"), "measure"),
    "condition_id": audit.reference(_l("Rammebetingelse"), "condition"),
    "effect": audit.coded(_l("Virkning"), Effect),
    "strength": audit.coded(_l("Styrke"), STRENGTH_LABELS),
    "note": _l("Merknad"),
})

audit.register_names("proposal", ConditionProposal.id, ConditionProposal.title)

audit.register_type("proposal", _l("Forslag til rammebetingelse"),
                    page=("proposals.detail", "proposal_id"), fields={
    "title": _l("Tittel"),
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
    "proposed_by_user_id": audit.reference(_l("Foreslått av"), "user"),
    "owner_body_id": audit.hidden(),
    "owner_body": _l("Eier"),
    "what_should_change": _l("Hva som bør endres"),
    "local_consequence": _l("Lokal konsekvens"),
    "examples": _l("Eksempler med tall"),
    "status": audit.coded(_l("Status"), ProposalStatus),
    "decision_note": _l("Begrunnelse eller merknad"),
    "condition_id": audit.reference(_l("Rammebetingelse"), "condition"),
    "decided_by_id": audit.reference(_l("Behandlet av"), "user"),
    "decided_at": audit.moment(_l("Behandlet")),
    "measures": _l("Tiltak som berøres"),
})

audit.register_type("condition_support", _l("Støtte til standpunkt"), fields={
    "condition_id": audit.reference(_l("Rammebetingelse"), "condition"),
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
    "stance": audit.coded(_l("Svar"), Stance),
    "local_example": _l("Lokalt eksempel"),
    "decided_by": _l("Vedtatt av"),
    "reason": _l("Hvorfor ikke"),
    "answered_by_id": audit.reference(_l("Svart av"), "user"),
    "withdrawn_at": audit.moment(_l("Trukket tilbake")),
})
