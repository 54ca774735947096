"""Forms for backing the county's position on a condition (``support``)."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from advocacy.conditions.support import Stance
from advocacy.forms import Form, SingleLineField, options


class SupportForm(Form):
    """A partner's answer for their organisation."""

    stance = RadioField(_l("Står dere bak fylkeskommunens standpunkt?"),
                        choices=options(Stance.choices()),
                        validators=[InputRequired(
                            _l("Velg om dere støtter standpunktet eller ikke."))])
    local_example = TextAreaField(
        _l("Lokalt eksempel"),
        validators=[Length(max=4000, message=_l("Eksempelet kan ha høyst 4000 tegn."))],
        description=_l("Valgfritt. Hvordan rammebetingelsen slår ut hos dere, gjerne med tall."))
    decided_by = SingleLineField(
        _l("Hvem har vedtatt støtten"),
        validators=[Length(max=200, message=_l("Høyst 200 tegn."))],
        description=_l("Valgfritt, for eksempel «kommunestyret 12.11.2026»."))
    reason = TextAreaField(
        _l("Hvorfor støtter dere ikke standpunktet?"),
        validators=[Length(max=4000, message=_l("Begrunnelsen kan ha høyst 4000 tegn."))],
        description=_l("Må fylles ut når dere ikke støtter standpunktet."))

    def validate_reason(self, field) -> None:
        if self.stance.data == Stance.DOES_NOT_BACK and not (field.data or "").strip():
            raise ValidationError(_("Skriv hvorfor dere ikke støtter standpunktet."))
