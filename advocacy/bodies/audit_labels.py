"""What the change log shows for the register of state bodies."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.bodies.models import BodyKind, StateBody

audit.register_names("state_body", StateBody.id, StateBody.name)

audit.register_type("state_body", "Etat", page=("bodies.edit", "body_id"), fields={
    "name": "Navn",
    "short_name": "Kortnavn",
    "kind": audit.coded("Type", BodyKind),
    "is_confirmed": "Bekreftet",
    "parent_id": audit.reference("Overordnet etat", "state_body"),
    "aliases": "Andre navn",
    "postal_address": "Postadresse",
})
