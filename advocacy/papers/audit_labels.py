"""What the change log shows for papers, co-signatures and outcomes."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.papers.models import (Answer, OutcomeResult, PaperRevision, PaperStatus,
                                    PositionPaper)

audit.register_names("paper", PositionPaper.id, PositionPaper.title)
# A revision is named by the version number the paper pages show.
audit.register_names("revision", PaperRevision.id, PaperRevision.number,
                     show=lambda number: f"versjon {number}")

audit.register_type("paper", "Uttalelse", page=("papers.detail", "paper_id"), fields={
    "title": "Tittel",
    "hearing_id": audit.reference("Høring", "hearing"),
    "recipient": "Mottaker",
    "our_reference": "Vår referanse",
    "their_reference": "Deres referanse",
    "is_exempt": "Unntatt offentlighet",
    "exemption_basis": "Hjemmel for unntak",
    "status": audit.coded("Status", PaperStatus),
    "responsible_id": audit.reference("Ansvarlig", "user"),
    "submitted_on": audit.day("Sendt inn"),
    "submitted_time": "Klokkeslett sendt",
    "archive_year": "Saksår i arkivet",
    "archive_sequence": "Sekvensnummer i arkivet",
    "archive_document": "Dokumentnummer i arkivet",
    "signatory_name": "Undertegnes av",
    "signatory_title": "Undertegners stilling",
    "caseworker_phone": "Saksbehandlers telefon",
    "all_answered_mailed_at": audit.moment("Varslet om at alle har svart"),
    "conditions": "Rammebetingelser",
    "measures": "Tiltak",
})

audit.register_type("signature", "Medsignering", fields={
    "paper_id": audit.reference("Uttalelse", "paper"),
    "organisation_id": audit.reference("Organisasjon", "organisation"),
    "sign_by": audit.day("Svarfrist"),
    "invited_at": audit.moment("Invitert"),
    "answer": audit.coded("Svar", Answer),
    "revision_id": audit.reference("Versjon av teksten", "revision"),
    # The text's hash: the version above says which text was answered on.
    "signed_hash": audit.changed_only("Teksten svaret gjelder", added=None,
                                     set_later=None),
    "signer_id": audit.reference("Svart av", "user"),
    "signer_name": "Navn",
    "signer_title": "Stilling",
    "mandate": "Fullmakt",
    "comment": "Kommentar",
    "is_comment_shared": "Kommentar delt med partnerne",
    "answered_at": audit.moment("Svart"),
    "last_reminded_at": audit.moment("Påminnelse sendt"),
})

audit.register_type("outcome", "Gjennomslag", fields={
    "paper_id": audit.reference("Uttalelse", "paper"),
    "condition_id": audit.reference("Rammebetingelse", "condition"),
    "result": audit.coded("Resultat", OutcomeResult),
    "note": "Merknad",
    "decided_on": audit.day("Avgjort"),
})

audit.register_type("letterhead", "Brevhode", fields={
    "name": "Avsender",
    "postal_address": "Postadresse",
    "org_number": "Organisasjonsnummer",
    "switchboard": "Sentralbord",
    "email": "E-post til postmottak",
    "logo": audit.changed_only("Logo", changed="ny logo", added="lagt inn"),
})
