"""What the change log shows for users and organisations, and who may read it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from advocacy.audit import access
from advocacy.audit import labels as audit
from advocacy.auth import api_tokens  # noqa: F401  (the token model, logged below)
from advocacy.auth.models import (ContactRole, Organisation, OrganisationContact,
                                  OrganisationKind, Role, User)
from advocacy.auth.permissions import can

#: How often reminder digests come (``User.reminder_frequency``).
REMINDER_FREQUENCIES = {"daily": _l("Daglig"), "weekly": _l("Ukentlig"), "off": _l("Av")}
#: The written standards (``advocacy.i18n``): a user's own, an organisation's målform.
LANGUAGES = {"nb": _l("Bokmål"), "nn": _l("Nynorsk"), "neutral": _l("Nøytral")}

access.register(lambda: can("audit"))

audit.register_names("user", User.id, User.name)
audit.register_names("organisation", Organisation.id, Organisation.name)

audit.register_type("organisation", _l("Organisasjon"),
                    page=("admin.edit_organisation", "organisation_id"), fields={
    "name": _l("Navn"),
    "kind": audit.coded(_l("Type"), OrganisationKind),
    "municipality_number": _l("Kommunenummer"),
    "org_number": _l("Organisasjonsnummer"),
    "contact_email": _l("Kontakt-e-post"),
    "language": audit.coded(_l("Målform"), LANGUAGES),
})

audit.register_type("organisation_contact", _l("Kontaktperson"),
                    page=("admin.edit_contact", "contact_id"), fields={
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
    "name": _l("Navn"),
    "email": _l("E-post"),
    "role": audit.coded(_l("Rolle"), ContactRole),
})

audit.register_type("user", _l("Bruker"), page=("admin.edit_user", "user_id"), fields={
    "email": _l("E-post"),
    "name": _l("Navn"),
    "role": audit.coded(_l("Rolle"), Role),
    "password_hash": audit.changed_only(_l("Passord")),
    "is_active_account": _l("Aktiv"),
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
    # A new token ends every session; the one a new user gets says nothing.
    "session_token": audit.changed_only(_l("Innlogginger"), changed=_l("avsluttet"), added=None,
                                        set_later=_l("avsluttet"), removed=None),
    "reminder_frequency": audit.coded(_l("Påminnelser"), REMINDER_FREQUENCIES),
    "calendar_token": audit.changed_only(_l("Kalenderlenke"), changed=_l("ny lenke laget"),
                                         added=_l("slått på"), removed=_l("slått av")),
    "language": audit.coded(_l("Språk"), LANGUAGES),
})

audit.register_type("api_token", _l("API-nøkkel"), page=None, fields={
    "user_id": audit.reference(_l("Bruker"), "user"),
    "name": _l("Navn"),
    "token_hash": audit.changed_only(_l("Nøkkel"), changed=_l("ny"), added=_l("laget"),
                                     removed=None),
    "last_four": _l("Slutter på"),
    "expires_at": audit.moment(_l("Utløper")),
    "revoked_at": audit.moment(_l("Trukket tilbake")),
})
