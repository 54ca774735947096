"""Forms for backing the county's position on a condition (``support``)."""

from __future__ import annotations

from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from advocacy.conditions.support import Stance
from advocacy.forms import Form, SingleLineField, options


class SupportForm(Form):
    """A partner's answer for their organisation."""

    stance = RadioField("Står dere bak fylkeskommunens standpunkt?",
                        choices=options(Stance.choices()),
                        validators=[InputRequired("Velg om dere støtter standpunktet eller ikke.")])
    local_example = TextAreaField(
        "Lokalt eksempel", validators=[Length(max=4000, message="Eksempelet kan ha høyst "
                                                                 "4000 tegn.")],
        description="Valgfritt. Hvordan rammebetingelsen slår ut hos dere, gjerne med tall.")
    decided_by = SingleLineField(
        "Hvem har vedtatt støtten", validators=[Length(max=200, message="Høyst 200 tegn.")],
        description="Valgfritt, for eksempel «kommunestyret 12.11.2026».")
    reason = TextAreaField(
        "Hvorfor støtter dere ikke standpunktet?",
        validators=[Length(max=4000, message="Begrunnelsen kan ha høyst 4000 tegn.")],
        description="Må fylles ut når dere ikke støtter standpunktet.")

    def validate_reason(self, field) -> None:
        if self.stance.data == Stance.DOES_NOT_BACK and not (field.data or "").strip():
            raise ValidationError("Skriv hvorfor dere ikke støtter standpunktet.")
