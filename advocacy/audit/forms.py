"""The change log's filters."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Length, Optional, ValidationError

from advocacy.audit.labels import type_choices
from advocacy.forms import Form, NorwegianDateField, SingleLineField, options


class AuditFilterForm(Form):
    class Meta:  # combined with Form.Meta, whose languages it keeps
        csrf = False

    type = SelectField(_l("Type"))
    #: A name, or part of one: a list of every user would grow with the users.
    actor = SingleLineField(_l("Endret av"), validators=[Optional(), Length(max=100)],
                            description=_l("Navn eller en del av et navn"))
    date_from = NorwegianDateField(_l("Fra og med dato"), validators=[Optional()])
    date_to = NorwegianDateField(_l("Til og med dato"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = options([("", _("Alle typer")), *type_choices()])

    def validate_date_to(self, field) -> None:
        start = self.date_from.data
        if field.data and start and not self.date_from.errors and field.data < start:
            raise ValidationError(_("«Til og med dato» (%(end)s) er før «Fra og med dato» "
                                    "(%(start)s).", end=field.data.strftime("%d.%m.%Y"),
                                    start=start.strftime("%d.%m.%Y")))
