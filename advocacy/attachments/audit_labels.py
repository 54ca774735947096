"""What the change log shows for notes and files."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from advocacy.audit import labels as audit

#: The owner types the domains register (``registry.register_owner``), in Norwegian.
OWNER_LABELS = {"condition": _l("Rammebetingelse"), "hearing": _l("Høring"),
                "paper": _l("Uttalelse"), "contact": _l("Kontakt med staten")}


def _owner(value) -> str:
    return str(OWNER_LABELS.get(str(value), value))


_OWNER = {"owner_type": audit.FieldLabel(_l("Hører til"), show=_owner),
          "owner_id": _l("Id for det den hører til")}

audit.register_type("note", _l("Notat"), fields={
    **_OWNER,
    "body": _l("Tekst"),
    "author_id": audit.reference(_l("Skrevet av"), "user"),
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
})

audit.register_type("attachment", _l("Vedlegg"), fields={
    **_OWNER,
    "filename": _l("Filnavn"),
    "content_type": _l("Filtype"),
    "size_bytes": _l("Størrelse (byte)"),
    "uploaded_by_id": audit.reference(_l("Lastet opp av"), "user"),
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
})
