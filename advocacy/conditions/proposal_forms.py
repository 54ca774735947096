"""Forms for proposing a framework condition, and for staff's decision on a proposal."""

from __future__ import annotations

from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

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

    organisation_id = SelectField("Organisasjonen forslaget gjelder", coerce=bounded_int)
    title = SingleLineField(
        "Tittel", validators=[DataRequired("Skriv en tittel."), Length(max=200)],
        description="Hvilken nasjonal regel, ordning eller prioritering det gjelder, "
                    "for eksempel «Arealnorm for sykehjemsplasser».")
    owner_body_id = PickerField(
        "Eier (departement, direktorat eller Stortinget)", kind=BODY_PICKER,
        validators=[DataRequired("Velg hvem i staten som eier rammebetingelsen.")])
    what_should_change = TextAreaField(
        "Hva bør endres", validators=[DataRequired("Skriv hva som bør endres."),
                                      Length(max=_MAX_TEXT)])
    local_consequence = TextAreaField(
        "Lokal konsekvens", validators=[DataRequired("Skriv hva rammebetingelsen betyr lokalt."),
                                        Length(max=_MAX_TEXT)],
        description="Hva rammebetingelsen hindrer eller forsinker i organisasjonens arbeid.")
    examples = TextAreaField(
        "Eksempler med tall", validators=[Length(max=_MAX_TEXT)],
        description="For eksempel kroner, antall boliger eller måneder forsinkelse.")
    measures = MultiPickerField("Tiltak i planen som berøres", kind=MEASURE_PICKER)

    def __init__(self, *args, organisation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation_choices is None:  # a partner proposes for their own organisation
            del self.organisation_id
        else:
            self.organisation_id.choices = options([(0, "Velg organisasjon"),
                                                    *organisation_choices])

    def validate_organisation_id(self, field) -> None:
        if not field.data or field.data not in {c.value for c in field.choices}:
            raise ValidationError("Velg organisasjonen forslaget gjelder fra listen.")


class AcceptForm(Form):
    """Accept a proposal as a new condition; the fields the proposal does not give."""

    title = SingleLineField("Tittel på rammebetingelsen",
                            validators=[DataRequired("Skriv en tittel."), Length(max=200)])
    kind = SelectField("Type", choices=options(ConditionKind.choices()))
    priority = SelectField("Prioritet", choices=options(Priority.choices()),
                           default=Priority.MEDIUM)
    note = TextAreaField("Merknad til forslagsstilleren (valgfri)",
                         validators=[Length(max=_MAX_TEXT)])

    def validate_title(self, field) -> None:
        if ids_equal_ignoring_case(FrameworkCondition.title, field.data):
            raise ValidationError("Det finnes allerede en rammebetingelse med denne tittelen. "
                                  "Slå forslaget sammen med den i stedet.")


class MergeForm(Form):
    """Merge a proposal into an existing condition."""

    condition_id = PickerField("Rammebetingelse forslaget slås sammen med",
                               kind=CONDITION_PICKER,
                               validators=[DataRequired("Velg en rammebetingelse.")])
    note = TextAreaField("Merknad til forslagsstilleren (valgfri)",
                         validators=[Length(max=_MAX_TEXT)])


class DeclineForm(Form):
    """Decline a proposal; the reason is mailed to the proposer."""

    reason = TextAreaField("Begrunnelse", validators=[
        DataRequired("Skriv hvorfor forslaget avslås."), Length(max=_MAX_TEXT)])


class ProposalFilterForm(Form):
    """The list's status filter, read from the query string."""

    class Meta:
        csrf = False
        locales = ("nb_NO", "nb")

    status = SelectField("Status", choices=options([("", "Alle statuser"),
                                                    *ProposalStatus.choices()]))
