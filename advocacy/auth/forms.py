"""Forms for login, invitations, passwords, profiles and the admin pages."""

from __future__ import annotations

import re

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from advocacy.auth.models import (ContactRole, Organisation, OrganisationKind, Role,
                                  is_valid_org_number)
from advocacy.auth.services import (MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH,
                                    organisation_id_named)
from advocacy.extensions import db
from advocacy.forms import Form, options


def no_line_breaks(form, field) -> None:
    """Refuse line breaks in a one-line value (it may reach a mail header)."""
    if field.data and ("\n" in field.data or "\r" in field.data):
        raise ValidationError(_("Feltet kan ikke inneholde linjeskift."))


def _email_field(label=_l("E-postadresse")):
    return EmailField(label, validators=[
        DataRequired(_l("Skriv e-postadressen.")),
        Email(_l("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."),
              check_deliverability=False),
        Length(max=254), no_line_breaks], render_kw={"autocomplete": "email"})


def _new_password_fields():
    password = PasswordField(
        _l("Nytt passord"),
        validators=[DataRequired(_l("Skriv et passord.")),
                    Length(min=MIN_PASSWORD_LENGTH,
                           message=_l("Passordet må ha minst %(num)d tegn.",
                                      num=MIN_PASSWORD_LENGTH)),
                    Length(max=MAX_PASSWORD_LENGTH,
                           message=_l("Passordet kan ha høyst %(num)d tegn.",
                                      num=MAX_PASSWORD_LENGTH))],
        description=_l("Minst %(num)d tegn. En setning du husker, er et godt passord. Vanlige "
                       "passord og e-postadressen din godtas ikke.", num=MIN_PASSWORD_LENGTH),
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Gjenta passordet"),
        validators=[DataRequired(_l("Gjenta passordet.")),
                    EqualTo("password", _l("Passordene er ikke like."))],
        render_kw={"autocomplete": "new-password"})
    return password, confirm


class LoginForm(Form):
    # No address is longer than 254 characters (RFC 5321), nor may the login throttle's key be.
    email = EmailField(_l("E-postadresse"), validators=[
        DataRequired(_l("Skriv e-postadressen din.")),
        Length(max=254, message=_l("En e-postadresse er på høyst 254 tegn."))],
        render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Passord"),
                             validators=[DataRequired(_l("Skriv passordet ditt."))],
                             render_kw={"autocomplete": "current-password"})


class SetPasswordForm(Form):
    """Choose a password through an invitation or reset link."""

    password, confirm = _new_password_fields()


class ForgotPasswordForm(Form):
    email = _email_field()


class ProfileForm(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv navnet ditt.")),
                                              Length(max=200), no_line_breaks])


class ReminderPreferenceForm(Form):
    reminder_frequency = RadioField(_l("Hvor ofte vil du ha påminnelser om frister?"),
                                    choices=options([
        ("daily", _l("Daglig sammendrag (når noe nærmer seg)")),
        ("weekly", _l("Ukentlig sammendrag (mandager)")),
        ("off", _l("Ingen påminnelser")),
    ]))


#: The written standards, named in their own standard (the same in both).
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk"}  # i18n: not ui (names of themselves)


class LanguageForm(Form):
    """A user's written standard: their own choice, or their organisation's målform."""

    language = RadioField(_l("Hvilken målform vil du lese Fellesstemme på?"), choices=options([
        ("", _l("Som organisasjonen min")),
        *LANGUAGE_NAMES.items()]), default="")


class ChangePasswordForm(Form):
    current = PasswordField(_l("Nåværende passord"),
                            validators=[DataRequired(_l("Skriv nåværende passord."))],
                            render_kw={"autocomplete": "current-password"})
    password, confirm = _new_password_fields()


class InviteForm(Form):
    email = _email_field()
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv navnet.")),
                                              Length(max=200), no_line_breaks])
    organisation_id = SelectField(_l("Organisasjon"), coerce=int,
                                  validators=[DataRequired(_l("Velg organisasjonen."))])
    role = SelectField(_l("Rolle"))

    def __init__(self, *args, organisations=(), roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = options([(0, _("Velg organisasjon")), *organisations])
        self.role.choices = options((r.value, r.label) for r in roles)


class UserForm(Form):
    """An administrator's changes to a user."""

    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv navnet.")),
                                              Length(max=200), no_line_breaks])
    organisation_id = SelectField(_l("Organisasjon"), coerce=int)
    role = SelectField(_l("Rolle"))
    is_active_account = BooleanField(_l("Aktiv (kan logge inn)"))

    def __init__(self, *args, organisations=(), roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = options([(0, _("Ingen")), *organisations])
        self.role.choices = options((r.value, r.label) for r in roles)

    def validate_organisation_id(self, field) -> None:
        # A partner reads and signs for their organisation; without one they could do neither.
        if self.role.data == Role.PARTNER and not field.data:
            raise ValidationError(_("En partner må høre til en organisasjon."))


class OrganisationForm(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv navnet.")),
                                              Length(max=200), no_line_breaks])
    kind = SelectField(_l("Type"), choices=options((k.value, k.label) for k in OrganisationKind))
    language = SelectField(_l("Målform"), choices=options([
        ("nb", _l("Bokmål")), ("nn", _l("Nynorsk")), ("neutral", _l("Nøytral (får bokmål)"))]),
        default="nb", description=_l("Det fylkeskommunen skriver til organisasjonen på: "
                                     "sider, e-post og brev."))
    # No Optional(): it would stop the chain before validate_municipality_number, which
    # must refuse a municipality without a number.
    municipality_number = StringField(
        _l("Kommunenummer"), filters=[lambda v: v.strip() if v else None],
        description=_l("Fire siffer, for eksempel 3301 for Drammen. Bare for kommuner."))
    org_number = StringField(
        _l("Organisasjonsnummer (valgfritt)"), validators=[Optional()],
        filters=[lambda v: re.sub(r"\s", "", v) if v else None],
        description=_l("Ni siffer fra Enhetsregisteret."))
    contact_email = EmailField(_l("Kontakt-e-post (valgfri)"), validators=[
        Optional(), Email(_l("Skriv en gyldig e-postadresse."), check_deliverability=False),
        Length(max=254)])

    def __init__(self, *args, organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation_id = organisation_id

    def _taken(self, column, value) -> bool:
        existing = db.session.scalar(select(Organisation.id).where(column == value))
        return existing is not None and existing != self._organisation_id

    def validate_name(self, field) -> None:
        existing = organisation_id_named(field.data)
        if existing is not None and existing != self._organisation_id:
            raise ValidationError(_("Det finnes allerede en organisasjon med dette navnet."))

    def validate_municipality_number(self, field) -> None:
        if self.kind.data == OrganisationKind.MUNICIPALITY:
            if not field.data:
                raise ValidationError(_("En kommune må ha kommunenummer."))
            if not re.fullmatch(r"\d{4}", field.data):
                raise ValidationError(_("Kommunenummeret må være fire siffer, for eksempel 3301."))
            if self._taken(Organisation.municipality_number, field.data):
                raise ValidationError(
                    _("En annen organisasjon har allerede dette kommunenummeret."))
        elif field.data:
            raise ValidationError(_("Bare kommuner har kommunenummer."))

    def validate_org_number(self, field) -> None:
        if field.data:
            if not is_valid_org_number(field.data):
                raise ValidationError(_("Organisasjonsnummeret må være ni siffer med gyldig "
                                        "kontrollsiffer, for eksempel 974 760 673."))
            if self._taken(Organisation.org_number, field.data):
                raise ValidationError(_("En annen organisasjon har allerede dette "
                                        "organisasjonsnummeret."))


class ContactForm(Form):
    """A contact person of an organisation (admin only)."""

    role = SelectField(_l("Rolle"), choices=options((r.value, r.label) for r in ContactRole))
    name = StringField(_l("Navn"), validators=[Length(max=200), no_line_breaks],
                       filters=[lambda v: v.strip() if v else ""],
                       description=_l("Kan stå tomt for postmottak."))
    email = EmailField(_l("E-postadresse"), validators=[
        DataRequired(_l("Skriv e-postadressen.")),
        Email(_l("Skriv en gyldig e-postadresse, for eksempel postmottak@kommune.no."),
              check_deliverability=False),
        Length(max=254), no_line_breaks],
        filters=[lambda v: v.strip().lower() if v else v])

    def validate_name(self, field) -> None:
        if not field.data and self.role.data != ContactRole.POSTMOTTAK:
            raise ValidationError(_("Skriv navnet. Bare postmottak kan stå uten navn."))
