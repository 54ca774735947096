"""Forms for co-signing: inviting organisations, and answering for one's organisation."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from advocacy import clock
from advocacy.forms import CheckboxListField, Form, NorwegianDateField, options


class InviteForm(Form):
    organisation_ids = CheckboxListField(
        _l("Organisasjoner som inviteres til å signere"), coerce=int,
        invalid_choice_message=_l("Ukjent organisasjon (%(value)s). Velg blant "
                                  "organisasjonene i listen."))
    sign_by = NorwegianDateField(_l("Frist for å signere"),
                                 validators=[InputRequired(_l("Skriv fristen for å signere."))])

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_ids.choices = options(organisations)

    def validate_organisation_ids(self, field) -> None:
        # Not DataRequired: its `required` attribute would make a browser demand every box.
        if not field.data:
            raise ValidationError(_("Velg minst én organisasjon."))

    def validate_sign_by(self, field) -> None:
        if field.data is not None and field.data < clock.today():
            raise ValidationError(_("Fristen for å signere kan ikke være tilbake i tid."))


class AnswerForm(Form):
    #: The organisation the page was shown for; answering for another one is refused.
    organisation_id = HiddenField()


class SignForm(AnswerForm):
    name = StringField(_l("Navn"), validators=[
        DataRequired(_l("Skriv navnet til den som signerer.")), Length(max=200)])
    title = StringField(_l("Stilling"), validators=[DataRequired(_l("Skriv stillingen din.")),
                                                    Length(max=200)],
                        description=_l("For eksempel ordfører eller kommunedirektør."))
    mandate = TextAreaField(
        _l("Fullmakt"), validators=[DataRequired(_l("Skriv hvilken fullmakt du signerer med.")),
                                    Length(max=500)],
        description=_l("For eksempel vedtak i kommunestyret (sak 45/25) eller delegert "
                       "myndighet."))


class DeclineForm(AnswerForm):
    comment = TextAreaField(
        _l("Kommentar"), validators=[DataRequired(_l("Skriv hvorfor organisasjonen takker nei.")),
                                     Length(max=5000)],
        description=_l("Kommentaren ses av fylkeskommunen. Andre partnere ser den bare hvis "
                       "fylkeskommunen deler den."))


class WithdrawForm(AnswerForm):
    pass


class RemindForm(Form):
    """Staff's button that mails an organisation that has not answered (CSRF only)."""


class ShareForm(Form):
    shared = HiddenField(validators=[AnyOf(["0", "1"], message=_l("Ugyldig valg."))])
