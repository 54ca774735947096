"""Forms for measures."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from advocacy import i18n
from advocacy.forms import (CheckboxListField, Form, SingleLineField, bounded_int, optional_int,
                            options)
from advocacy.plan.models import Measure, MeasureStatus
from advocacy.search import ids_equal_ignoring_case


class MeasureForm(Form):
    title = SingleLineField(_l("Tittel"),
                            validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)])
    description = TextAreaField(_l("Beskrivelse"))
    goal_id = SelectField(_l("Utviklingsmål"), coerce=bounded_int,
                          validators=[DataRequired(_l("Velg et utviklingsmål."))])
    # WTForms' Norwegian catalogue lacks this message; a theme can vanish while the form is open.
    theme_ids = CheckboxListField(
        _l("Temaer"), coerce=bounded_int,
        invalid_choice_message=_l("Temaet finnes ikke lenger. Velg blant temaene i listen."),
    )
    owner = SingleLineField(_l("Ansvarlig for tiltaket"), validators=[Length(max=200)],
                            description=_l("For eksempel en avdeling, en kommune eller en "
                                           "partner."))
    status = SelectField(_l("Status"), choices=options((s.value, s.label) for s in MeasureStatus),
                         default=MeasureStatus.PLANNED)

    def __init__(self, *args, measure_id: int | None = None, goals=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._measure_id = measure_id
        self.goal_id.choices = options((g.id, g.title) for g in goals)
        self.theme_ids.choices = options((t.id, t.title) for t in themes)

    def validate_title(self, field) -> None:
        if ids_equal_ignoring_case(Measure.title, field.data) - {self._measure_id}:
            raise ValidationError(_("Det finnes allerede et tiltak med denne tittelen."))


class MeasureFilterForm(Form):
    """The measure list's filters, read from the query string."""

    class Meta:
        csrf = False
        get_translations = i18n.form_translations

    q = StringField(_l("Søk"))
    goal = SelectField(_l("Utviklingsmål"), coerce=optional_int,
                       choices=options([("", _l("Alle mål"))]))
    theme = SelectField(_l("Tema"), coerce=optional_int,
                        choices=options([("", _l("Alle temaer"))]))
    status = SelectField(_l("Status"), choices=options(
        [("", _l("Alle statuser")), *((s.value, s.label) for s in MeasureStatus)]))
