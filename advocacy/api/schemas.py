"""What the API reads and writes: the marshmallow schemas the OpenAPI document is made of.

Output schemas dump the models as they are; input schemas check shape and type, and the
pages' forms then check the rest (``advocacy.api.validation``), so a title too long or a
Lovdata id with an impossible date gets the same message as on the page.
"""

from __future__ import annotations

from marshmallow import ValidationError

from advocacy.api.fields import (PageArgs, PersonSchema, Schema, boolean, choice, day, ident,
                                 integer, many, moment, nested, page_schema, person, text)
from advocacy.conditions.models import (STRENGTH_LABELS, ConditionKind, ConditionStatus, Effect,
                                        Priority)
from advocacy.dialogue.models import ContactKind, ContactStatus
from advocacy.hearings.models import HearingSource, HearingStatus, MilestoneKind
from advocacy.hearings.services import NOT_A_WEEK, week_monday
from advocacy.papers.models import Answer, OutcomeResult, PaperStatus
from advocacy.plan.models import MeasureStatus


def _codes(enum) -> list[str]:
    return [member.value for member in enum]


class Named(Schema):
    id = ident()
    title = text()


# --- plan ------------------------------------------------------------------------------

class GoalSchema(Schema):
    id = ident()
    title = text()
    description = text()
    position = integer()


class ThemeSchema(GoalSchema):
    pass


class MeasureSchema(Schema):
    id = ident()
    title = text()
    description = text()
    owner = text(metadata={"description": "Hvem som gjennomfører tiltaket (fritekst)."})
    status = choice(_codes(MeasureStatus))
    status_label = text()
    goal = nested(Named)
    themes = many(nested(Named))
    created_at = moment()
    updated_at = moment()


class MeasureQuery(PageArgs):
    q = text(200, load_default="", metadata={"description": "Søk i tittel, beskrivelse og eier."})
    goal = ident(strict=False, load_default=None)
    theme = ident(strict=False, load_default=None)
    status = choice(_codes(MeasureStatus))
    sort = text(40, load_default=None, metadata={
        "description": "Som på siden: tittel, ansvarlig, status; «-» foran snur rekkefølgen."})


# --- conditions and links --------------------------------------------------------------

class ScoreSchema(Schema):
    """The leverage score and its parts (see /conditions/ranking)."""

    strength_points = integer()
    measures = integer()
    goals = integer()
    enabling_links = integer()
    breadth = integer(metadata={"description": "Kommuner og regionråd som støtter standpunktet."})
    total = integer()


class LinkCountsSchema(Schema):
    hinders = integer(0)
    enables = integer(0)
    required = integer(0)


class ConditionSchema(Schema):
    id = ident()
    title = text()
    kind = choice(_codes(ConditionKind))
    kind_label = text()
    owner_body_id = ident(allow_none=True)
    owner_body = text()
    current_state = text()
    our_position = text(metadata={"description": "Hva vi vil endre (vårt standpunkt)."})
    priority = choice(_codes(Priority))
    priority_label = text()
    status = choice(_codes(ConditionStatus))
    status_label = text()
    source_urls = many(text())
    lovdata_id = text(allow_none=True)
    lovdata_url = text(allow_none=True)
    responsible = person()
    score = nested(ScoreSchema)
    link_counts = nested(LinkCountsSchema)
    created_at = moment()
    updated_at = moment()


class LinkSchema(Schema):
    """A link between a measure and a condition (avhengighet)."""

    id = ident()
    measure_id = ident()
    measure_title = text(attribute="measure.title")
    condition_id = ident()
    condition_title = text(attribute="condition.title")
    effect = choice(_codes(Effect))
    effect_label = text()
    strength = integer(1, 3)
    note = text()


class ConditionDetailSchema(ConditionSchema):
    links = many(nested(LinkSchema))


class MeasureDetailSchema(MeasureSchema):
    links = many(nested(LinkSchema))


class ConditionQuery(PageArgs):
    q = text(200, load_default="", metadata={"description": "Søk i tittel, eier og tekst."})
    kind = choice(_codes(ConditionKind))
    owner = text(200, load_default="", metadata={"description": "Eierens navn, helt likt."})
    priority = choice(_codes(Priority))
    status = choice(_codes(ConditionStatus))
    goal = ident(strict=False, load_default=None)
    theme = ident(strict=False, load_default=None)
    mine = boolean(load_default=False, metadata={"description": "Bare de jeg er ansvarlig for."})
    sort = text(40, load_default=None, metadata={
        "description": "Som på siden: tittel, type, eier, prioritet, status, ansvarlig; "
                       "«-» foran snur rekkefølgen."})


class ConditionIn(Schema):
    """A condition to make or change; the rules are those of the condition form."""

    title = text(required=True)
    kind = choice(_codes(ConditionKind), required=True)
    owner_body_id = ident(required=True, metadata={"description": "Id i etatsregisteret."})
    current_state = text()
    our_position = text()
    priority = choice(_codes(Priority))
    status = choice(_codes(ConditionStatus))
    source_urls = many(text())
    lovdata_id = text(allow_none=True)
    responsible_id = ident(allow_none=True)


class ConditionChange(ConditionIn):
    """Fields of a condition to change (``PATCH``): any of ``ConditionIn``'s."""


class LinkIn(Schema):
    measure_id = ident(required=True)
    effect = choice(_codes(Effect), required=True)
    strength = integer(min(STRENGTH_LABELS), max(STRENGTH_LABELS), load_default=2)
    note = text()


class LinkChange(Schema):
    effect = choice(_codes(Effect))
    strength = integer(min(STRENGTH_LABELS), max(STRENGTH_LABELS))
    note = text()


# --- hearings and milestones -----------------------------------------------------------

class MilestoneSchema(Schema):
    id = ident()
    hearing_id = ident()
    kind = choice(_codes(MilestoneKind))
    kind_label = text()
    title = text()
    offset_days = integer(0, allow_none=True, metadata={
        "description": "Dager før høringsfristen; flytter seg med fristen."})
    fixed_at = moment(allow_none=True)
    due_at = moment()


class HearingSchema(Schema):
    id = ident()
    title = text()
    issuer = text()
    issuer_body_id = ident(allow_none=True)
    source = choice(_codes(HearingSource))
    reference = text(allow_none=True)
    url = text(allow_none=True)
    summary = text()
    published_on = day(allow_none=True)
    deadline_at = moment()
    status = choice(_codes(HearingStatus))
    status_label = text()
    not_responding_reason = text()
    responsible = person()
    created_at = moment()
    updated_at = moment()


class HearingDetailSchema(HearingSchema):
    conditions = many(nested(Named))
    measures = many(nested(Named))
    milestones = many(nested(MilestoneSchema))


def _iso_week(value: str) -> None:
    try:
        week_monday(value)
    except ValueError:
        raise ValidationError(str(NOT_A_WEEK % dict(value=value[:20]))) from None


class HearingQuery(PageArgs):
    q = text(200, load_default="")
    status = choice(_codes(HearingStatus))
    issuer = text(200, load_default="")
    condition = ident(strict=False, load_default=None)
    mine = boolean(load_default=False)
    uke = text(load_default=None, validate=_iso_week, metadata={
        "description": "Bare høringer med høringsfrist i denne uken (mandag–søndag, norsk "
                       "tid), som ISO-uke: 2026-W49."})
    done = boolean(load_default=False, metadata={
        "description": "true: de ferdige høringene, siste frist først; ellers de åpne, "
                       "nærmeste frist først."})
    sort = text(40, load_default=None, metadata={
        "description": "Som på siden: tittel, avsender, frist, status, ansvarlig; «-» foran "
                       "snur rekkefølgen."})


class HearingIn(Schema):
    """A hearing to register or change; the rules are those of the hearing form."""

    title = text(required=True)
    issuer_body_id = ident(required=True)
    reference = text(allow_none=True)
    url = text(allow_none=True)
    published_on = day(allow_none=True)
    deadline_date = day(required=True, metadata={"description": "Høringsfristen (Oslo-tid)."})
    deadline_time = text(allow_none=True, metadata={
        "description": "tt:mm; uten klokkeslett gjelder fristen til kl. 23.59."})
    status = choice(_codes(HearingStatus), metadata={"description": "Standard: new."})
    not_responding_reason = text()
    responsible_id = ident(allow_none=True)
    condition_ids = many(ident())
    measure_ids = many(ident())
    summary = text()
    add_default_milestones = boolean(load_default=True, metadata={
        "description": "Bare ved registrering: utkast 21, fylkesutvalget 14 og "
                       "partnersignering 7 dager før fristen."})


class HearingChange(HearingIn):
    """Fields of a hearing to change (``PATCH``); the deadline's milestones move with it."""


class MilestoneIn(Schema):
    """A milestone: either days before the deadline or a fixed date (and time)."""

    kind = choice(_codes(MilestoneKind), required=True)
    title = text(required=True)
    offset_days = integer(allow_none=True)
    fixed_date = day(allow_none=True)
    fixed_time = text(allow_none=True, metadata={"description": "tt:mm (valgfritt)."})


class MilestoneChange(MilestoneIn):
    """Fields of a milestone to change (``PATCH``)."""


# --- papers and outcomes ---------------------------------------------------------------

class SectionSchema(Schema):
    heading = text()
    body = text(metadata={"description": "Teksten i Markdown."})


class SignatureSchema(Schema):
    """One invited organisation's answer, as the caller may see it."""

    organisation_id = ident()
    organisation = text()
    state = choice(["current", "stale", "declined", "pending"], metadata={
        "description": "current: signert på gjeldende tekst; stale: signert på en eldre "
                       "tekst; declined: takket nei; pending: ikke svart."})
    answer = choice(_codes(Answer))
    sign_by = day()
    signer_name = text()
    signer_title = text()
    mandate = text()
    answered_at = moment(allow_none=True)
    comment = text(metadata={"description": "Tom når du ikke kan se kommentaren."})


class PaperSchema(Schema):
    id = ident()
    title = text()
    status = choice(_codes(PaperStatus))
    status_label = text()
    hearing = nested(Named, allow_none=True)
    recipient = text()
    our_reference = text()
    their_reference = text()
    submitted_on = day(allow_none=True)
    archive_reference = text()
    responsible = person()
    created_at = moment()
    updated_at = moment()


class PaperDetailSchema(PaperSchema):
    revision = integer(0, metadata={"description": "Nummeret på gjeldende tekst."})
    sections = many(nested(SectionSchema))
    signatures = many(nested(SignatureSchema))
    conditions = many(nested(Named))
    measures = many(nested(Named))


class PaperQuery(PageArgs):
    q = text(200, load_default="")
    status = choice(_codes(PaperStatus))
    hearing = choice(["med", "uten"])
    waiting = boolean(load_default=False, metadata={"description": "Venter på signaturer."})
    mine = boolean(load_default=False)
    sort = text(40, load_default=None, metadata={
        "description": "Som på siden: tittel, horing, frist, status, ansvarlig, endret "
                       "(standard: -endret); «-» foran snur rekkefølgen."})


class OutcomeSchema(Schema):
    id = ident()
    paper_id = ident()
    condition_id = ident()
    condition_title = text(attribute="condition.title")
    result = choice(_codes(OutcomeResult))
    result_label = text()
    note = text()
    decided_on = day(allow_none=True)


class OutcomeQuery(PageArgs):
    condition = ident(strict=False, load_default=None)
    paper = ident(strict=False, load_default=None)


class OrganisationSchema(Schema):
    id = ident()
    name = text()


class TokenUser(Schema):
    """Who a token acts as."""

    id = ident()
    name = text()
    email = text()
    role = text()
    organisation = nested(OrganisationSchema, allow_none=True)


GoalPage = page_schema(GoalSchema, "GoalPage")
ThemePage = page_schema(ThemeSchema, "ThemePage")
MeasurePage = page_schema(MeasureSchema, "MeasurePage")
ConditionPage = page_schema(ConditionSchema, "ConditionPage")
HearingPage = page_schema(HearingSchema, "HearingPage")
PaperPage = page_schema(PaperSchema, "PaperPage")
OutcomePage = page_schema(OutcomeSchema, "OutcomePage")



# --- dialogue with the state -----------------------------------------------------------

class ContactSchema(Schema):
    """A meeting, letter, call, e-mail or visit with the state (kontakt)."""

    id = ident()
    kind = choice(_codes(ContactKind))
    kind_label = text()
    title = text()
    occurred_on = day()
    occurred_time = text(allow_none=True, attribute="time_text",
                         metadata={"description": "tt:mm, om det er kjent."})
    status = choice(_codes(ContactStatus))
    status_label = text()
    is_exempt = boolean()
    exemption_basis = text()


class StatePersonSchema(Schema):
    id = ident()
    name = text()
    description = text()
    body = text()


class FollowUpSchema(Schema):
    id = ident()
    title = text()
    responsible = person()
    due_on = day()
    is_done = boolean()


class ContactDetailSchema(ContactSchema):
    summary = text()
    agreed = text()
    our_people = many(nested(PersonSchema))
    their_people = many(nested(StatePersonSchema))
    bodies = many(text())
    partners = many(nested(OrganisationSchema))
    conditions = many(nested(Named))
    hearings = many(nested(Named))
    papers = many(nested(Named), metadata={"description": "Bare de du kan se."})
    follow_ups = many(nested(FollowUpSchema))
    shared_with = many(nested(OrganisationSchema), metadata={
        "description": "Partnerne kontakten er delt med (tom for en partner)."})
    created_by = person(metadata={"description": "Hvem som registrerte (null for en partner)."})


class ContactQuery(PageArgs):
    q = text(200, load_default="")
    kind = choice(_codes(ContactKind))
    status = choice(_codes(ContactStatus))
    mine = boolean(load_default=False, metadata={
        "description": "Bare kontakter jeg deltok i eller registrerte."})
    sort = text(40, load_default=None, metadata={
        "description": "Som på siden: dato, tittel, type, status (standard: -dato)."})


ContactPage = page_schema(ContactSchema, "ContactPage")
