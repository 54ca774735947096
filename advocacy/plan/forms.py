"""Forms for measures."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from advocacy.forms import (CheckboxListField, Form, SingleLineField, bounded_int, optional_int,
                            options)
from advocacy.plan.models import Measure, MeasureStatus
from advocacy.search import ids_equal_ignoring_case


class MeasureForm(Form):
    title = SingleLineField("Tittel",
                            validators=[DataRequired("Skriv en tittel."), Length(max=200)])
    description = TextAreaField("Beskrivelse")
    goal_id = SelectField("Utviklingsmål", coerce=bounded_int,
                          validators=[DataRequired("Velg et utviklingsmål.")])
    # WTForms' Norwegian catalogue lacks this message; a theme can vanish while the form is open.
    theme_ids = CheckboxListField(
        "Temaer", coerce=bounded_int,
        invalid_choice_message="Temaet finnes ikke lenger. Velg blant temaene i listen.",
    )
    owner = SingleLineField("Ansvarlig for tiltaket", validators=[Length(max=200)],
                        description="For eksempel en avdeling, en kommune eller en partner.")
    status = SelectField("Status", choices=options((s.value, s.label) for s in MeasureStatus),
                         default=MeasureStatus.PLANNED)

    def __init__(self, *args, measure_id: int | None = None, goals=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._measure_id = measure_id
        self.goal_id.choices = options((g.id, g.title) for g in goals)
        self.theme_ids.choices = options((t.id, t.title) for t in themes)

    def validate_title(self, field) -> None:
        if ids_equal_ignoring_case(Measure.title, field.data) - {self._measure_id}:
            raise ValidationError("Det finnes allerede et tiltak med denne tittelen.")


class MeasureFilterForm(Form):
    """The measure list's filters, read from the query string."""

    class Meta:
        csrf = False
        locales = ("nb_NO", "nb")

    q = StringField("Søk")
    goal = SelectField("Utviklingsmål", coerce=optional_int,
                       choices=options([("", "Alle mål")]))
    theme = SelectField("Tema", coerce=optional_int,
                        choices=options([("", "Alle temaer")]))
    status = SelectField("Status", choices=options(
        [("", "Alle statuser"), *((s.value, s.label) for s in MeasureStatus)]))
