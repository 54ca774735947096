"""What the change log shows for hearings and their milestones."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.hearings.models import Hearing, HearingSource, HearingStatus, MilestoneKind

audit.register_names("hearing", Hearing.id, Hearing.title)

audit.register_type("hearing", "Høring", page=("hearings.detail", "hearing_id"), fields={
    "title": "Tittel",
    "issuer": "Avsender",
    "source": audit.coded("Kilde", HearingSource),
    "source_id": "Id hos kilden",
    "url": "Nettadresse",
    "reference": "Saksnummer",
    "summary": "Kort om saken",
    "published_on": audit.day("Publisert"),
    "deadline_at": audit.moment("Høringsfrist"),
    # Counters for the calendar feed; the moved deadline itself is shown.
    "deadline_sequence": audit.hidden(),
    "status": audit.coded("Status", HearingStatus),
    "not_responding_reason": "Hvorfor vi ikke svarer",
    "responsible_id": audit.reference("Ansvarlig", "user"),
    "conditions": "Rammebetingelser",
    "measures": "Tiltak",
})

audit.register_type("milestone", "Internfrist", fields={
    "hearing_id": audit.reference("Høring", "hearing"),
    "kind": audit.coded("Type", MilestoneKind),
    "title": "Tittel",
    "offset_days": "Dager før fristen",
    "fixed_at": audit.moment("Fast tidspunkt"),
    "sequence": audit.hidden(),
})
