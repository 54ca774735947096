"""The change log's filters."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.validators import Length, Optional, ValidationError

from advocacy.audit.labels import type_choices
from advocacy.forms import Form, NorwegianDateField, SingleLineField, options


class AuditFilterForm(Form):
    class Meta:
        csrf = False
        locales = ("nb_NO", "nb")

    type = SelectField("Type")
    #: A name, or part of one: a list of every user would grow with the users.
    actor = SingleLineField("Endret av", validators=[Optional(), Length(max=100)],
                            description="Navn eller en del av et navn")
    date_from = NorwegianDateField("Fra og med dato", validators=[Optional()])
    date_to = NorwegianDateField("Til og med dato", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = options([("", "Alle typer"), *type_choices()])

    def validate_date_to(self, field) -> None:
        start = self.date_from.data
        if field.data and start and not self.date_from.errors and field.data < start:
            raise ValidationError(f"«Til og med dato» ({field.data:%d.%m.%Y}) er før «Fra og "
                                  f"med dato» ({start:%d.%m.%Y}).")
