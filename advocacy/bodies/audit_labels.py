"""What the change log shows for the register of state bodies."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from advocacy.audit import labels as audit
from advocacy.bodies.models import BodyKind, BodyPerson, PersonRole, StateBody

audit.register_names("state_body", StateBody.id, StateBody.name)

audit.register_type("state_body", _l("Etat"), page=("bodies.detail", "body_id"), fields={
    "name": _l("Navn"),
    "short_name": _l("Kortnavn"),
    "kind": audit.coded(_l("Type"), BodyKind),
    "is_confirmed": _l("Bekreftet"),
    "parent_id": audit.reference(_l("Overordnet etat"), "state_body"),
    "aliases": _l("Andre navn"),
    "postal_address": _l("Postadresse"),
})

audit.register_type("body_person", _l("Person i en etat"), page=("bodies.person", "person_id"),
                    fields={
    "body_id": audit.reference(_l("Etat"), "state_body"),
    "name": _l("Navn"),
    "role": audit.coded(_l("Rolle"), PersonRole),
    "party": _l("Parti"),
    "committee": _l("Komité"),
    "email": _l("E-post"),
    "phone": _l("Telefon"),
    "stortinget_id": _l("Stortingets id"),
    "is_current": _l("Sitter nå"),
})
