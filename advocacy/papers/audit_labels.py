"""What the change log shows for papers, co-signatures and outcomes."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from advocacy.audit import labels as audit
from advocacy.papers.models import (Answer, OutcomeResult, PaperRevision, PaperStatus,
                                    PositionPaper)

audit.register_names("paper", PositionPaper.id, PositionPaper.title)
# A revision is named by the version number the paper pages show.
audit.register_names("revision", PaperRevision.id, PaperRevision.number,
                     show=lambda number: _("versjon %(number)s", number=number))

audit.register_type("paper", _l("Uttalelse"), page=("papers.detail", "paper_id"), fields={
    "title": _l("Tittel"),
    "hearing_id": audit.reference(_l("Høring"), "hearing"),
    "recipient": _l("Mottaker"),
    "our_reference": _l("Vår referanse"),
    "their_reference": _l("Deres referanse"),
    "is_exempt": _l("Unntatt offentlighet"),
    "exemption_basis": _l("Hjemmel for unntak"),
    "status": audit.coded(_l("Status"), PaperStatus),
    "language": audit.coded(_l("Målform"), {"nb": _l("Bokmål"), "nn": _l("Nynorsk")}),
    "responsible_id": audit.reference(_l("Ansvarlig"), "user"),
    "submitted_on": audit.day(_l("Sendt inn")),
    "submitted_time": _l("Klokkeslett sendt"),
    "archive_year": _l("Saksår i arkivet"),
    "archive_sequence": _l("Sekvensnummer i arkivet"),
    "archive_document": _l("Dokumentnummer i arkivet"),
    "signatory_name": _l("Undertegnes av"),
    "signatory_title": _l("Undertegners stilling"),
    "caseworker_phone": _l("Saksbehandlers telefon"),
    "all_answered_mailed_at": audit.moment(_l("Varslet om at alle har svart")),
    "conditions": _l("Rammebetingelser"),
    "measures": _l("Tiltak"),
})

audit.register_type("signature", _l("Medsignering"), fields={
    "paper_id": audit.reference(_l("Uttalelse"), "paper"),
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
    "sign_by": audit.day(_l("Svarfrist")),
    "invited_at": audit.moment(_l("Invitert")),
    "answer": audit.coded(_l("Svar"), Answer),
    "revision_id": audit.reference(_l("Versjon av teksten"), "revision"),
    # The text's hash: the version above says which text was answered on.
    "signed_hash": audit.changed_only(_l("Teksten svaret gjelder"), added=None,
                                     set_later=None),
    "signer_id": audit.reference(_l("Svart av"), "user"),
    "signer_name": _l("Navn"),
    "signer_title": _l("Stilling"),
    "mandate": _l("Fullmakt"),
    "comment": _l("Kommentar"),
    "is_comment_shared": _l("Kommentar delt med partnerne"),
    "answered_at": audit.moment(_l("Svart")),
    "last_reminded_at": audit.moment(_l("Påminnelse sendt")),
})

audit.register_type("outcome", _l("Gjennomslag"), fields={
    "paper_id": audit.reference(_l("Uttalelse"), "paper"),
    "condition_id": audit.reference(_l("Rammebetingelse"), "condition"),
    "result": audit.coded(_l("Resultat"), OutcomeResult),
    "note": _l("Merknad"),
    "decided_on": audit.day(_l("Avgjort")),
})

audit.register_type("letterhead", _l("Brevhode"), fields={
    "name": _l("Avsender"),
    "postal_address": _l("Postadresse"),
    "org_number": _l("Organisasjonsnummer"),
    "switchboard": _l("Sentralbord"),
    "email": _l("E-post til postmottak"),
    "logo": audit.changed_only(_l("Logo"), changed=_l("ny logo"), added=_l("lagt inn")),
})
