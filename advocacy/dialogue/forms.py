"""Forms for contacts with the state and their follow-ups."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from advocacy import clock, i18n
from advocacy.conditions.forms import (BODY_PICKER, CONDITION_PICKER, MultiPickerField,
                                       PickerKind)
from advocacy.dialogue import services
from advocacy.dialogue.models import ContactKind, ContactStatus
from advocacy.forms import (CheckboxListField, Form, NorwegianDateField, SingleLineField,
                            TimeOfDayField, bounded_int, options)
from advocacy.hearings.services import deadline_at

HEARING_PICKER = PickerKind(
    endpoint="dialogue.search_hearings",
    search=services.search_hearings,
    load=services.hearings_by_ids,
    hint=lambda h: _("%(issuer)s, frist %(date)s", issuer=h.issuer,
                     date=h.deadline_at.astimezone(clock.OSLO).strftime("%d.%m.%Y")),
    detail=lambda h: ("hearings.detail", {"hearing_id": h.id}),
    noun=_l("høring"),
    chosen_one=_l("Valgt høring"),
    chosen_many=_l("Valgte høringer"),
    plural=_l("høringer"),
    search_label=_l("Søk etter høringer"),
    choose=_l("Velg en høring"),
    missing=_l("Høringen finnes ikke (lenger). Søk etter den og velg den fra treffene."),
)

PAPER_PICKER = PickerKind(
    endpoint="dialogue.search_papers",
    search=services.search_papers,
    load=services.papers_by_ids,
    hint=lambda p: str(p.status_label),
    detail=lambda p: ("papers.detail", {"paper_id": p.id}),
    noun=_l("uttalelse"),
    chosen_one=_l("Valgt uttalelse"),
    chosen_many=_l("Valgte uttalelser"),
    plural=_l("uttalelser"),
    search_label=_l("Søk etter uttalelser"),
    choose=_l("Velg en uttalelse"),
    missing=_l("Uttalelsen finnes ikke (lenger). Søk etter den og velg den fra treffene."),
)

PERSON_PICKER = PickerKind(
    endpoint="dialogue.search_people",
    search=services.search_people,
    load=services.people_by_ids,
    hint=lambda p: f"{p.description}, {p.body.label}",
    detail=lambda p: ("bodies.person", {"person_id": p.id}),
    noun=_l("person"),
    chosen_one=_l("Valgt person"),
    chosen_many=_l("Valgte personer"),
    plural=_l("personer"),
    search_label=_l("Søk etter personer i etatene"),
    choose=_l("Velg en person"),
    missing=_l("Personen finnes ikke (lenger) i etatsregisteret. Søk etter personen og velg "
               "fra treffene."),
    how=_l("Skriv navnet, eller etatens navn eller kortnavn (for eksempel KDD), og velg blant "
           "treffene."),
)

_UNKNOWN_ORGANISATION = _l("Ukjent organisasjon (%(value)s). Velg blant organisasjonene i "
                           "listen.")


class ContactForm(Form):
    kind = SelectField(_l("Type"), choices=options(ContactKind.choices()),
                       default=ContactKind.MEETING)
    title = SingleLineField(_l("Tittel"), validators=[DataRequired(_l("Skriv en tittel.")),
                                                      Length(max=300)],
                            description=_l("For eksempel «Møte med statssekretæren i KDD om "
                                           "inntektssystemet»."))
    occurred_on = NorwegianDateField(_l("Dato"),
                                     validators=[InputRequired(_l("Skriv datoen."))])
    occurred_time = TimeOfDayField(_l("Klokkeslett (valgfritt)"), validators=[Optional()],
                                   description=_l("Skriv det som tt:mm, for eksempel 13:30."))
    status = SelectField(_l("Status"), choices=options(ContactStatus.choices()),
                         default=ContactStatus.HELD,
                         description=_l("En kontakt med dato fram i tid kan bare være "
                                        "planlagt."))
    our_people = CheckboxListField(_l("Deltakere fra oss"), coerce=bounded_int,
                                   invalid_choice_message=_l("Ukjent bruker (%(value)s). Velg "
                                                             "blant brukerne i listen."))
    their_people = MultiPickerField(_l("Personer fra staten"), kind=PERSON_PICKER)
    bodies = MultiPickerField(_l("Etater (når ingen person er registrert)"), kind=BODY_PICKER)
    partners = CheckboxListField(_l("Partnere som deltok"), coerce=bounded_int,
                                 invalid_choice_message=_UNKNOWN_ORGANISATION)
    conditions = MultiPickerField(_l("Rammebetingelser kontakten gjelder"),
                                  kind=CONDITION_PICKER)
    hearings = MultiPickerField(_l("Høringer kontakten gjelder"), kind=HEARING_PICKER)
    papers = MultiPickerField(_l("Uttalelser kontakten gjelder"), kind=PAPER_PICKER)
    summary = TextAreaField(_l("Referat"), validators=[Length(max=20_000)],
                            render_kw={"rows": 6})
    agreed = TextAreaField(_l("Hva som ble avtalt"), validators=[Length(max=10_000)],
                           render_kw={"rows": 4})
    is_exempt = BooleanField(_l("Unntatt offentlighet"))
    exemption_basis = SingleLineField(
        _l("Hjemmel for unntak"), validators=[Length(max=200)],
        description=_l("For eksempel offentleglova § 14 første ledd (organinterne dokumenter) "
                       "eller § 15 første ledd (dokumenter innhentet fra underordnet organ)."))
    shared_with = CheckboxListField(
        _l("Delt med partnere"), coerce=bounded_int,
        invalid_choice_message=_UNKNOWN_ORGANISATION,
        description=_l("Brukerne i disse organisasjonene kan lese kontakten, så lenge den ikke "
                       "er unntatt offentlighet."))

    def __init__(self, *args, users=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.our_people.choices = options(users)
        self.partners.choices = options(organisations)
        self.shared_with.choices = options(organisations)

    def validate_status(self, field) -> None:
        day = self.occurred_on.data
        if day is None or field.data != ContactStatus.HELD:
            return
        moment = deadline_at(day, self.occurred_time.data) if self.occurred_time.data \
            else None
        if day > clock.today() or (moment is not None and moment > clock.now()):
            raise ValidationError(_(
                "En kontakt som ikke har funnet sted ennå, kan ikke være gjennomført. "
                "Velg «Planlagt», eller rett datoen."))

    def validate_exemption_basis(self, field) -> None:
        if self.is_exempt.data and not (field.data or "").strip():
            raise ValidationError(_("Skriv hjemmelen for unntak fra offentlighet, for "
                                    "eksempel offentleglova § 14 første ledd."))


class FollowUpForm(Form):
    title = SingleLineField(_l("Hva skal gjøres"), validators=[
        DataRequired(_l("Skriv hva som skal gjøres.")), Length(max=300)])
    responsible_id = SelectField(_l("Ansvarlig"), coerce=bounded_int)
    due_on = NorwegianDateField(_l("Frist"), validators=[InputRequired(_l("Skriv fristen."))])

    def __init__(self, *args, responsible_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.responsible_id.choices = options(responsible_choices)

    def validate_responsible_id(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_("Velg en ansvarlig fra listen."))


class ContactFilterForm(Form):
    """The list page's search and filters, read from the query string."""

    class Meta:
        csrf = False
        get_translations = i18n.form_translations

    q = StringField(_l("Søk"))
    kind = SelectField(_l("Type"),
                       choices=options([("", _l("Alle typer")), *ContactKind.choices()]))
    status = SelectField(_l("Status"),
                         choices=options([("", _l("Alle statuser")), *ContactStatus.choices()]))
    mine = BooleanField(_l("Bare mine"))
