"""The change log's filters."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from advocacy.audit.labels import TYPE_LABELS
from advocacy.extensions import db
from advocacy.forms import Form, optional_int, options, sensible_year


class AuditFilterForm(Form):
    class Meta:
        csrf = False
        locales = ("nb_NO", "nb")

    type = SelectField("Type", choices=options([("", "Alle typer"), *TYPE_LABELS.items()]))
    actor = SelectField("Endret av", coerce=optional_int)
    date_from = DateField("Fra og med dato", format="%Y-%m-%d",
                          validators=[Optional(), sensible_year])
    date_to = DateField("Til og med dato", format="%Y-%m-%d",
                        validators=[Optional(), sensible_year])

    def __init__(self, *args, **kwargs):
        from advocacy.auth.models import User

        super().__init__(*args, **kwargs)
        users = db.session.execute(select(User.id, User.name).order_by(User.name))
        self.actor.choices = options([("", "Alle brukere"), *users])
