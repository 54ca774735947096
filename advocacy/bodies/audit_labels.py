"""What the change log shows for the register of state bodies."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.bodies.models import BodyKind, BodyPerson, PersonRole, StateBody

audit.register_names("state_body", StateBody.id, StateBody.name)

audit.register_type("state_body", "Etat", page=("bodies.detail", "body_id"), fields={
    "name": "Navn",
    "short_name": "Kortnavn",
    "kind": audit.coded("Type", BodyKind),
    "is_confirmed": "Bekreftet",
    "parent_id": audit.reference("Overordnet etat", "state_body"),
    "aliases": "Andre navn",
    "postal_address": "Postadresse",
})

audit.register_type("body_person", "Person i en etat", page=("bodies.person", "person_id"),
                    fields={
    "body_id": audit.reference("Etat", "state_body"),
    "name": "Navn",
    "role": audit.coded("Rolle", PersonRole),
    "party": "Parti",
    "committee": "Komité",
    "email": "E-post",
    "phone": "Telefon",
    "stortinget_id": "Stortingets id",
    "is_current": "Sitter nå",
})
