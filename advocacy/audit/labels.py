"""Norwegian names for the audited object types and their fields."""

from __future__ import annotations

from flask import url_for

TYPE_LABELS = {
    "condition": "Rammebetingelse",
    "dependency": "Kobling tiltak–rammebetingelse",
    "measure": "Tiltak",
    "plan": "Plan",
    "goal": "Utviklingsmål",
    "theme": "Tema",
    "organisation": "Organisasjon",
    "user": "Bruker",
    "hearing": "Høring",
    "milestone": "Internfrist",
    "paper": "Posisjonsnotat",
    "signature": "Medsignering",
    "outcome": "Gjennomslag",
}

ACTION_LABELS = {"create": "Opprettet", "update": "Endret", "delete": "Slettet"}

FIELD_LABELS = {
    "title": "Tittel", "name": "Navn", "kind": "Type", "owner_body": "Eier",
    "current_state": "Dagens situasjon", "our_position": "Hva vi vil endre",
    "priority": "Prioritet", "status": "Status", "source_urls": "Kilder",
    "lovdata_id": "Lovdata-id", "responsible_id": "Ansvarlig (id)", "description": "Beskrivelse",
    "goal_id": "Utviklingsmål (id)", "owner": "Ansvarlig", "themes": "Temaer",
    "effect": "Virkning", "strength": "Styrke", "note": "Merknad", "measure_id": "Tiltak (id)",
    "condition_id": "Rammebetingelse (id)", "email": "E-post", "role": "Rolle",
    "password_hash": "Passord", "session_token": "Innlogginger", "is_active_account": "Aktiv",
    "organisation_id": "Organisasjon (id)", "municipality_number": "Kommunenummer",
    "org_number": "Organisasjonsnummer", "contact_email": "Kontakt-e-post",
    "short_name": "Kortnavn", "position": "Rekkefølge", "plan_id": "Plan (id)",
    "calendar_token": "Kalenderlenke", "reminder_frequency": "Påminnelser", "issuer": "Avsender", "source": "Kilde",
    "source_id": "Kildens id", "url": "Nettadresse", "reference": "Saksnummer",
    "summary": "Kort om saken", "published_on": "Publisert", "deadline_at": "Høringsfrist",
    "deadline_sequence": "Fristversjon", "not_responding_reason": "Hvorfor vi ikke svarer",
    "conditions": "Rammebetingelser", "measures": "Tiltak", "offset_days": "Dager før fristen",
    "fixed_at": "Fast tidspunkt", "sequence": "Versjon", "hearing_id": "Høring (id)",
    "recipient": "Mottaker", "our_reference": "Vår referanse",
    "their_reference": "Deres referanse", "is_exempt": "Unntatt offentlighet",
    "exemption_basis": "Hjemmel for unntak", "submitted_on": "Sendt inn",
    "archive_reference": "Arkivreferanse", "answer": "Svar", "signer_name": "Signert av",
    "signer_title": "Tittel", "mandate": "Fullmakt", "comment": "Kommentar",
    "is_comment_shared": "Kommentar delt", "sign_by": "Svarfrist", "result": "Resultat",
    "decided_on": "Avgjort", "signed_hash": "Signert tekst", "revision_id": "Versjon (id)",
}

#: object type -> endpoint and the name of its id argument, for links to live objects.
_OBJECT_PAGES = {
    "condition": ("conditions.detail", "condition_id"),
    "measure": ("plan.detail", "measure_id"),
    "organisation": ("admin.edit_organisation", "organisation_id"),
    "user": ("admin.edit_user", "user_id"),
    "hearing": ("hearings.detail", "hearing_id"),
    "paper": ("papers.detail", "paper_id"),
}


def object_url(object_type: str, object_id: int | None) -> str | None:
    """The page of an audited object, where it has one."""
    page = _OBJECT_PAGES.get(object_type)
    if page is None or object_id is None:
        return None
    endpoint, arg = page
    return url_for(endpoint, **{arg: object_id})


#: Fields whose logged values are codes with a Norwegian label.
_CODED_FIELDS = {"kind", "status", "role", "priority", "effect", "answer", "result", "source",
                 "reminder_frequency"}


def _code_labels() -> dict[str, str]:
    from advocacy.auth.models import OrganisationKind, Role
    from advocacy.conditions.models import ConditionKind, ConditionStatus, Effect, Priority
    from advocacy.hearings.models import HearingSource, HearingStatus, MilestoneKind
    from advocacy.papers.models import Answer, OutcomeResult, PaperStatus
    from advocacy.plan.models import MeasureStatus

    labels = {"daily": "Daglig", "weekly": "Ukentlig", "off": "Av"}
    for enum in (Role, OrganisationKind, ConditionKind, ConditionStatus, Effect, Priority,
                 HearingSource, HearingStatus, MilestoneKind, PaperStatus, Answer,
                 OutcomeResult, MeasureStatus):
        labels.update({member.value: member.label for member in enum})
    return labels


def show_value(value, field: str = "") -> str:
    """A logged value as a person reads it."""
    if field in _CODED_FIELDS and isinstance(value, str):
        return _code_labels().get(value, value)
    if value is None or value == "" or value == []:
        return "–"
    if value is True:
        return "Ja"
    if value is False:
        return "Nei"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
