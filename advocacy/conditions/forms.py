"""Forms for framework conditions and their links to measures."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from advocacy.conditions.models import (
    STRENGTH_LABELS,
    ConditionKind,
    ConditionStatus,
    Effect,
    FrameworkCondition,
    Priority,
    is_valid_lovdata_id,
)
from advocacy.forms import (Form, LinesField, SingleLineField, bounded_int, optional_int, options,
                            web_addresses)
from advocacy.search import ids_equal_ignoring_case


class ConditionForm(Form):
    title = SingleLineField("Tittel",
                            validators=[DataRequired("Skriv en tittel."), Length(max=200)])
    kind = SelectField("Type", choices=options(ConditionKind.choices()))
    owner_body = SingleLineField(
        "Eier (departement, direktorat eller Stortinget)",
        validators=[DataRequired("Skriv hvem som eier rammebetingelsen."), Length(max=200)],
        render_kw={"list": "owner-bodies"},
    )
    current_state = TextAreaField("Dagens situasjon")
    our_position = TextAreaField("Hva vi vil endre (vårt standpunkt)")
    priority = SelectField("Prioritet", choices=options(Priority.choices()), default=Priority.MEDIUM)
    status = SelectField("Status", choices=options(ConditionStatus.choices()),
                         default=ConditionStatus.MONITORING)
    source_urls = LinesField("Kilder (én nettadresse per linje)", validators=[web_addresses])
    lovdata_id = SingleLineField(
        "Lovdata-id (valgfri)",
        validators=[Optional(), Length(max=40)],
        description="For eksempel LOV-2008-06-27-71 eller FOR-2013-06-21-732.",
        filters=[lambda v: v.strip().upper() if v else None],
    )
    responsible_id = SelectField("Ansvarlig", coerce=bounded_int)

    def __init__(self, *args, condition_id: int | None = None, responsible_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._condition_id = condition_id
        self.responsible_id.choices = options([(0, "Ingen"), *responsible_choices])

    def validate_title(self, field) -> None:
        if ids_equal_ignoring_case(FrameworkCondition.title, field.data) - {self._condition_id}:
            raise ValidationError("Det finnes allerede en rammebetingelse med denne tittelen.")

    def validate_lovdata_id(self, field) -> None:
        if field.data and not is_valid_lovdata_id(field.data):
            raise ValidationError(
                "Lovdata-id må ha formen LOV-ÅÅÅÅ-MM-DD-N eller FOR-ÅÅÅÅ-MM-DD-N med en "
                "gyldig dato, for eksempel LOV-2008-06-27-71."
            )

    def validate_responsible_id(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Velg en ansvarlig fra listen.")


class LinkForm(Form):
    """Edit a link's effect, strength and note."""

    effect = SelectField("Virkning", choices=options(Effect.choices()), default=Effect.HINDERS)
    strength = SelectField("Styrke", coerce=bounded_int, choices=options(STRENGTH_LABELS.items()),
                           default=2)
    note = TextAreaField("Merknad", validators=[Length(max=2000)])


class LinkMeasureForm(LinkForm):
    """Link a condition to a measure, from the condition's page."""

    measure_id = SelectField("Tiltak", coerce=bounded_int,
                             validators=[DataRequired("Velg et tiltak.")])


class LinkConditionForm(LinkForm):
    """Link a measure to a condition, from the measure's page."""

    condition_id = SelectField("Rammebetingelse", coerce=bounded_int,
                               validators=[DataRequired("Velg en rammebetingelse.")])


class ConditionFilterForm(Form):
    """The list page's filters, read from the query string."""

    class Meta:
        csrf = False
        locales = ("nb_NO", "nb")

    q = StringField("Søk")
    kind = SelectField("Type", choices=options([("", "Alle typer"), *ConditionKind.choices()]))
    owner = SelectField("Eier", choices=options([("", "Alle eiere")]))
    priority = SelectField("Prioritet", choices=options([("", "Alle prioriteter"), *Priority.choices()]))
    status = SelectField("Status", choices=options([("", "Alle statuser"), *ConditionStatus.choices()]))
    goal = SelectField("Utviklingsmål", coerce=optional_int,
                       choices=options([("", "Alle mål")]))
    theme = SelectField("Tema", coerce=optional_int,
                        choices=options([("", "Alle temaer")]))
