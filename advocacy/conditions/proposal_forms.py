"""Forms for proposing a framework condition, and for staff's decision on a proposal."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from advocacy import i18n
from advocacy.conditions.forms import (BODY_PICKER, CONDITION_PICKER, MEASURE_PICKER,
                                       MultiPickerField, PickerField)
from advocacy.conditions.models import ConditionKind, FrameworkCondition, Priority
from advocacy.conditions.proposals import ProposalStatus
from advocacy.forms import Form, SingleLineField, bounded_int, options
from advocacy.search import ids_equal_ignoring_case

#: Long texts are cut off here: a proposal is read by a person, not stored as a report.
_MAX_TEXT = 5000


class ProposalForm(Form):
    """A partner's (or staff's, on an organisation's behalf) proposal."""

    organisation_id = SelectField(_l("Organisasjonen forslaget gjelder"), coerce=bounded_int)
    title = SingleLineField(
        _l("Tittel"), validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)],
        description=_l("Hvilken nasjonal regel, ordning eller prioritering det gjelder, "
                       "for eksempel «Arealnorm for sykehjemsplasser»."))
    owner_body_id = PickerField(
        _l("Eier (departement, direktorat eller Stortinget)"), kind=BODY_PICKER,
        validators=[DataRequired(_l("Velg hvem i staten som eier rammebetingelsen."))])
    what_should_change = TextAreaField(
        _l("Hva bør endres"), validators=[DataRequired(_l("Skriv hva som bør endres.")),
                                          Length(max=_MAX_TEXT)])
    local_consequence = TextAreaField(
        _l("Lokal konsekvens"),
        validators=[DataRequired(_l("Skriv hva rammebetingelsen betyr lokalt.")),
                    Length(max=_MAX_TEXT)],
        description=_l("Hva rammebetingelsen hindrer eller forsinker i organisasjonens arbeid."))
    examples = TextAreaField(
        _l("Eksempler med tall"), validators=[Length(max=_MAX_TEXT)],
        description=_l("For eksempel kroner, antall boliger eller måneder forsinkelse."))
    measures = MultiPickerField(_l("Tiltak i planen som berøres"), kind=MEASURE_PICKER)

    def __init__(self, *args, organisation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation_choices is None:  # a partner proposes for their own organisation
            del self.organisation_id
        else:
            self.organisation_id.choices = options([(0, _("Velg organisasjon")),
                                                    *organisation_choices])

    def validate_organisation_id(self, field) -> None:
        if not field.data or field.data not in {c.value for c in field.choices}:
            raise ValidationError(_("Velg organisasjonen forslaget gjelder fra listen."))


class AcceptForm(Form):
    """Accept a proposal as a new condition; the fields the proposal does not give."""

    title = SingleLineField(_l("Tittel på rammebetingelsen"),
                            validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)])
    kind = SelectField(_l("Type"), choices=options(ConditionKind.choices()))
    priority = SelectField(_l("Prioritet"), choices=options(Priority.choices()),
                           default=Priority.MEDIUM)
    note = TextAreaField(_l("Merknad til forslagsstilleren (valgfri)"),
                         validators=[Length(max=_MAX_TEXT)])

    def validate_title(self, field) -> None:
        if ids_equal_ignoring_case(FrameworkCondition.title, field.data):
            raise ValidationError(_("Det finnes allerede en rammebetingelse med denne tittelen. "
                                    "Slå forslaget sammen med den i stedet."))


class MergeForm(Form):
    """Merge a proposal into an existing condition."""

    condition_id = PickerField(_l("Rammebetingelse forslaget slås sammen med"),
                               kind=CONDITION_PICKER,
                               validators=[DataRequired(_l("Velg en rammebetingelse."))])
    note = TextAreaField(_l("Merknad til forslagsstilleren (valgfri)"),
                         validators=[Length(max=_MAX_TEXT)])


class DeclineForm(Form):
    """Decline a proposal; the reason is mailed to the proposer."""

    reason = TextAreaField(_l("Begrunnelse"), validators=[
        DataRequired(_l("Skriv hvorfor forslaget avslås.")), Length(max=_MAX_TEXT)])


class ProposalFilterForm(Form):
    """The list's status filter, read from the query string."""

    class Meta:
        csrf = False
        get_translations = i18n.form_translations

    status = SelectField(_l("Status"), choices=options([("", _l("Alle statuser")),
                                                    *ProposalStatus.choices()]))
