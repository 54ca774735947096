"""What the change log shows for users and organisations, and who may read it."""

from __future__ import annotations

from advocacy.audit import access
from advocacy.audit import labels as audit
from advocacy.auth import api_tokens  # noqa: F401  (the token model, logged below)
from advocacy.auth.models import (ContactRole, Organisation, OrganisationContact,
                                  OrganisationKind, Role, User)
from advocacy.auth.permissions import can

#: How often reminder digests come (``User.reminder_frequency``).
REMINDER_FREQUENCIES = {"daily": "Daglig", "weekly": "Ukentlig", "off": "Av"}

access.register(lambda: can("audit"))

audit.register_names("user", User.id, User.name)
audit.register_names("organisation", Organisation.id, Organisation.name)

audit.register_type("organisation", "Organisasjon", page=("admin.edit_organisation",
                                                          "organisation_id"), fields={
    "name": "Navn",
    "kind": audit.coded("Type", OrganisationKind),
    "municipality_number": "Kommunenummer",
    "org_number": "Organisasjonsnummer",
    "contact_email": "Kontakt-e-post",
})

audit.register_type("organisation_contact", "Kontaktperson",
                    page=("admin.edit_contact", "contact_id"), fields={
    "organisation_id": audit.reference("Organisasjon", "organisation"),
    "name": "Navn",
    "email": "E-post",
    "role": audit.coded("Rolle", ContactRole),
})

audit.register_type("user", "Bruker", page=("admin.edit_user", "user_id"), fields={
    "email": "E-post",
    "name": "Navn",
    "role": audit.coded("Rolle", Role),
    "password_hash": audit.changed_only("Passord"),
    "is_active_account": "Aktiv",
    "organisation_id": audit.reference("Organisasjon", "organisation"),
    # A new token ends every session; the one a new user gets says nothing.
    "session_token": audit.changed_only("Innlogginger", changed="avsluttet", added=None,
                                        set_later="avsluttet", removed=None),
    "reminder_frequency": audit.coded("Påminnelser", REMINDER_FREQUENCIES),
    "calendar_token": audit.changed_only("Kalenderlenke", changed="ny lenke laget",
                                         added="slått på", removed="slått av"),
})

audit.register_type("api_token", "API-nøkkel", page=None, fields={
    "user_id": audit.reference("Bruker", "user"),
    "name": "Navn",
    "token_hash": audit.changed_only("Nøkkel", changed="ny", added="laget", removed=None),
    "last_four": "Slutter på",
    "expires_at": audit.moment("Utløper"),
    "revoked_at": audit.moment("Trukket tilbake"),
})
