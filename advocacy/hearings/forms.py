"""Forms for hearings and milestones."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import (DataRequired, InputRequired, Length, NumberRange, Optional,
                                ValidationError)

from advocacy import clock, i18n
from advocacy.conditions.forms import (BODY_PICKER, CONDITION_PICKER, MEASURE_PICKER,
                                       MultiPickerField, PickerField)
from advocacy.forms import (Form, NorwegianDateField, SingleLineField, TimeOfDayField,
                            bounded_int, options, web_address)
from advocacy.hearings.models import DONE_STATUSES, HearingStatus, MilestoneKind
from advocacy.hearings.services import NOT_A_WEEK, deadline_at, week_monday


class HearingForm(Form):
    title = SingleLineField(_l("Tittel"),
                            validators=[DataRequired(_l("Skriv en tittel.")), Length(max=500)])
    issuer_body_id = PickerField(_l("Avsender (departement, direktorat eller stortingskomité)"),
                                 kind=BODY_PICKER, validators=[
                                     DataRequired(_l("Velg hvem som har sendt saken på høring."))])
    reference = SingleLineField(_l("Saksnummer (valgfritt)"),
                                validators=[Optional(), Length(max=100)],
                                description=_l("Avsenderens referanse, for eksempel 25/1428."))
    url = StringField(_l("Nettadresse (valgfri)"), validators=[Optional(), Length(max=1000),
                                                               web_address])
    published_on = NorwegianDateField(_l("Publisert (valgfritt)"), validators=[Optional()])
    deadline_date = NorwegianDateField(_l("Høringsfrist"),
                                       validators=[InputRequired(_l("Skriv høringsfristen."))])
    deadline_time = TimeOfDayField(
        _l("Klokkeslett for fristen (valgfritt)"), validators=[Optional()],
        description=_l("Står det ikke noe klokkeslett, gjelder fristen til kl. 23.59."))
    status = SelectField(_l("Status"), choices=options((s.value, s.label) for s in HearingStatus))
    not_responding_reason = TextAreaField(
        _l("Hvorfor vi ikke svarer"),
        description=_l("Må fylles ut når status er «Vi svarer ikke»."))
    responsible_id = SelectField(_l("Ansvarlig"), coerce=bounded_int)
    condition_ids = MultiPickerField(_l("Rammebetingelser høringen gjelder"), kind=CONDITION_PICKER)
    measure_ids = MultiPickerField(_l("Tiltak høringen berører"), kind=MEASURE_PICKER)
    summary = TextAreaField(_l("Kort om saken"))
    add_default_milestones = BooleanField(
        _l("Legg til standard internfrister (utkast 21 dager, fylkesutvalget 14 dager og "
           "partnersignering 7 dager før fristen)"), default=True)

    def __init__(self, *args, responsible_choices=(), original_deadline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.responsible_id.choices = options([(0, _("Ingen")), *responsible_choices])
        self._original_deadline = original_deadline

    @property
    def deadline(self):
        """The deadline as an aware moment in Oslo time."""
        return deadline_at(self.deadline_date.data, self.deadline_time.data)

    def validate_deadline_date(self, field) -> None:
        if field.data is None:
            return
        if self.published_on.data and field.data < self.published_on.data:
            raise ValidationError(_("Høringsfristen kan ikke være før publiseringsdatoen."))
        deadline = deadline_at(field.data, self.deadline_time.data)
        if (deadline != self._original_deadline and deadline < clock.now()
                and self.status.data not in DONE_STATUSES):
            raise ValidationError(_(
                "Høringsfristen har allerede gått ut. En avsluttet høring registreres med "
                "status «Svar sendt» eller «Vi svarer ikke»."))

    def validate_not_responding_reason(self, field) -> None:
        if self.status.data == HearingStatus.NOT_RESPONDING and not (field.data or "").strip():
            raise ValidationError(_("Skriv hvorfor vi ikke svarer på høringen."))


class MilestoneForm(Form):
    kind = SelectField(_l("Type internfrist"),
                       choices=options((k.value, k.label) for k in MilestoneKind))
    title = SingleLineField(_l("Tittel"),
                            validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)])
    mode = RadioField(_l("Hvordan fristen settes"), default="offset", choices=options([
        ("offset", _l("Et antall dager før høringsfristen (flytter seg med fristen)")),
        ("fixed", _l("En fast dato")),
    ]))
    offset_days = IntegerField(
        _l("Dager før høringsfristen"), validators=[
            Optional(), NumberRange(min=0, max=365, message=_l("Skriv et tall fra 0 til 365."))])
    fixed_date = NorwegianDateField(_l("Fast dato"), validators=[Optional()])
    fixed_time = TimeOfDayField(_l("Klokkeslett (valgfritt)"), validators=[Optional()],
                                description=_l("Uten klokkeslett gjelder fristen til kl. 23.59."))

    def validate(self, extra_validators=None) -> bool:
        """Require the days or the date, whichever way the milestone is set."""
        valid = super().validate(extra_validators)
        if self.mode.data == "offset" and self.offset_days.data is None \
                and not self.offset_days.errors:
            self.offset_days.errors.append(_("Skriv hvor mange dager før høringsfristen."))
            valid = False
        if self.mode.data == "fixed" and self.fixed_date.data is None \
                and not self.fixed_date.errors:
            self.fixed_date.errors.append(_("Skriv datoen."))
            valid = False
        return valid

    @property
    def fixed_at(self):
        return deadline_at(self.fixed_date.data, self.fixed_time.data)


class HearingFilterForm(Form):
    """The hearing list's search and filters, read from the query string."""

    class Meta:
        csrf = False
        get_translations = i18n.form_translations

    q = StringField(_l("Søk"))
    status = SelectField(_l("Status"), choices=options(
        [("", _l("Alle statuser")), *((s.value, s.label) for s in HearingStatus)]))
    issuer = SelectField(_l("Avsender"), choices=options([("", _l("Alle avsendere"))]))
    condition = PickerField(_l("Rammebetingelse"), kind=CONDITION_PICKER,
                            none_label=_l("Alle rammebetingelser"))
    mine = BooleanField(_l("Bare mine"))
    #: A week from the deadline timeline, ``2026-W49``; kept through the form as a hidden
    #: field and shown above the list.
    week = StringField(_l("Uke"), name="uke", validators=[Optional()])

    def validate_week(self, field) -> None:
        try:
            field.monday = week_monday(field.data or "")
        except ValueError:
            raise ValidationError(NOT_A_WEEK % dict(value=field.data[:20])) from None
