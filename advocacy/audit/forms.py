"""The change log's filters."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.validators import Optional, ValidationError

from advocacy.audit.labels import name_choices, type_choices
from advocacy.forms import Form, NorwegianDateField, optional_int, options


class AuditFilterForm(Form):
    class Meta:
        csrf = False
        locales = ("nb_NO", "nb")

    type = SelectField("Type")
    actor = SelectField("Endret av", coerce=optional_int)
    date_from = NorwegianDateField("Fra og med dato", validators=[Optional()])
    date_to = NorwegianDateField("Til og med dato", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = options([("", "Alle typer"), *type_choices()])
        self.actor.choices = options([("", "Alle brukere"), *name_choices("user")])

    def validate_date_to(self, field) -> None:
        start = self.date_from.data
        if field.data and start and not self.date_from.errors and field.data < start:
            raise ValidationError(f"«Til og med dato» ({field.data:%d.%m.%Y}) er før «Fra og "
                                  f"med dato» ({start:%d.%m.%Y}).")
