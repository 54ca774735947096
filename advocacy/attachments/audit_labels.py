"""What the change log shows for notes and files."""

from __future__ import annotations

from advocacy.audit import labels as audit

#: The owner types the domains register (``registry.register_owner``), in Norwegian.
OWNER_LABELS = {"condition": "Rammebetingelse", "hearing": "Høring", "paper": "Uttalelse",
                "contact": "Kontakt med staten"}


def _owner(value) -> str:
    return OWNER_LABELS.get(str(value), str(value))


_OWNER = {"owner_type": audit.FieldLabel("Hører til", show=_owner),
          "owner_id": "Id for det den hører til"}

audit.register_type("note", "Notat", fields={
    **_OWNER,
    "body": "Tekst",
    "author_id": audit.reference("Skrevet av", "user"),
    "organisation_id": audit.reference("Organisasjon", "organisation"),
})

audit.register_type("attachment", "Vedlegg", fields={
    **_OWNER,
    "filename": "Filnavn",
    "content_type": "Filtype",
    "size_bytes": "Størrelse (byte)",
    "uploaded_by_id": audit.reference("Lastet opp av", "user"),
    "organisation_id": audit.reference("Organisasjon", "organisation"),
})
