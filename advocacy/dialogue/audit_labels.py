"""What the change log shows for contacts with the state and their follow-ups."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.dialogue.models import Contact, ContactKind, ContactStatus

audit.register_names("contact", Contact.id, Contact.title)

audit.register_type("contact", "Kontakt med staten", page=("dialogue.detail", "contact_id"),
                    fields={
    "kind": audit.coded("Type", ContactKind),
    "title": "Tittel",
    "occurred_on": audit.day("Dato"),
    "occurred_time": "Klokkeslett",
    "status": audit.coded("Status", ContactStatus),
    "summary": "Referat",
    "agreed": "Hva som ble avtalt",
    "is_exempt": "Unntatt offentlighet",
    "exemption_basis": "Hjemmel for unntak",
    "created_by_id": audit.reference("Registrert av", "user"),
    "our_people": "Deltakere fra oss",
    "their_people": "Personer fra staten",
    "bodies": "Etater",
    "partners": "Partnere som deltok",
    "shared_with": "Delt med",
    "conditions": "Rammebetingelser",
    "hearings": "Høringer",
    "papers": "Uttalelser",
})

audit.register_type("follow_up", "Oppfølging", fields={
    "contact_id": audit.reference("Kontakt", "contact"),
    "title": "Hva som skal gjøres",
    "responsible_id": audit.reference("Ansvarlig", "user"),
    "due_on": audit.day("Frist"),
    "is_done": "Utført",
})
