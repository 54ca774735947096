"""Forms for co-signing: inviting organisations, and answering for one's organisation."""

from __future__ import annotations

from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from advocacy import clock
from advocacy.forms import CheckboxListField, Form, NorwegianDateField, options


class InviteForm(Form):
    organisation_ids = CheckboxListField(
        "Organisasjoner som inviteres til å signere", coerce=int,
        invalid_choice_message="Ukjent organisasjon (%(value)s). Velg blant organisasjonene "
                               "i listen.")
    sign_by = NorwegianDateField("Frist for å signere",
                                 validators=[InputRequired("Skriv fristen for å signere.")])

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_ids.choices = options(organisations)

    def validate_organisation_ids(self, field) -> None:
        # Not DataRequired: its `required` attribute would make a browser demand every box.
        if not field.data:
            raise ValidationError("Velg minst én organisasjon.")

    def validate_sign_by(self, field) -> None:
        if field.data is not None and field.data < clock.today():
            raise ValidationError("Fristen for å signere kan ikke være tilbake i tid.")


class AnswerForm(Form):
    #: The organisation the page was shown for; answering for another one is refused.
    organisation_id = HiddenField()


class SignForm(AnswerForm):
    name = StringField("Navn", validators=[DataRequired("Skriv navnet til den som signerer."),
                                           Length(max=200)])
    title = StringField("Stilling", validators=[DataRequired("Skriv stillingen din."),
                                                Length(max=200)],
                        description="For eksempel ordfører eller kommunedirektør.")
    mandate = TextAreaField(
        "Fullmakt", validators=[DataRequired("Skriv hvilken fullmakt du signerer med."),
                                Length(max=500)],
        description="For eksempel vedtak i kommunestyret (sak 45/25) eller delegert myndighet.")


class DeclineForm(AnswerForm):
    comment = TextAreaField(
        "Kommentar", validators=[DataRequired("Skriv hvorfor organisasjonen takker nei."),
                                 Length(max=5000)],
        description="Kommentaren ses av fylkeskommunen. Andre partnere ser den bare hvis "
                    "fylkeskommunen deler den.")


class WithdrawForm(AnswerForm):
    pass


class RemindForm(Form):
    """Staff's button that mails an organisation that has not answered (CSRF only)."""


class ShareForm(Form):
    shared = HiddenField(validators=[AnyOf(["0", "1"], message="Ugyldig valg.")])
