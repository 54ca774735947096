"""What the change log shows for contacts with the state and their follow-ups."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from advocacy.audit import labels as audit
from advocacy.dialogue.models import Contact, ContactKind, ContactStatus

audit.register_names("contact", Contact.id, Contact.title)

audit.register_type("contact", _l("Kontakt med staten"), page=("dialogue.detail", "contact_id"),
                    fields={
    "kind": audit.coded(_l("Type"), ContactKind),
    "title": _l("Tittel"),
    "occurred_on": audit.day(_l("Dato")),
    "occurred_time": _l("Klokkeslett"),
    "status": audit.coded(_l("Status"), ContactStatus),
    "summary": _l("Referat"),
    "agreed": _l("Hva som ble avtalt"),
    "is_exempt": _l("Unntatt offentlighet"),
    "exemption_basis": _l("Hjemmel for unntak"),
    "created_by_id": audit.reference(_l("Registrert av"), "user"),
    "our_people": _l("Deltakere fra oss"),
    "their_people": _l("Personer fra staten"),
    "bodies": _l("Etater"),
    "partners": _l("Partnere som deltok"),
    "shared_with": _l("Delt med"),
    "conditions": _l("Rammebetingelser"),
    "hearings": _l("Høringer"),
    "papers": _l("Uttalelser"),
})

audit.register_type("follow_up", _l("Oppfølging"), fields={
    "contact_id": audit.reference(_l("Kontakt"), "contact"),
    "title": _l("Hva som skal gjøres"),
    "responsible_id": audit.reference(_l("Ansvarlig"), "user"),
    "due_on": audit.day(_l("Frist")),
    "is_done": _l("Utført"),
})
