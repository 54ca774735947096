"""Forms for the register of state bodies."""

from __future__ import annotations

import re

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from advocacy.bodies import services
from advocacy.bodies.models import BodyKind, PersonRole
from advocacy.forms import Form, LinesField, SingleLineField, options, single_line


class BodyForm(Form):
    name = SingleLineField(_l("Navn"), validators=[DataRequired(_l("Skriv etatens navn.")),
                                                   Length(max=200)],
                           description=_l("Det offisielle navnet, for eksempel "
                                          "Kommunal- og distriktsdepartementet."))
    short_name = SingleLineField(_l("Kortnavn (valgfritt)"),
                                 validators=[Optional(), Length(max=20)],
                                 description=_l("For eksempel KDD, SD eller DMF."))
    kind = SelectField(_l("Type"), choices=options(BodyKind.choices()),
                       default=BodyKind.DEPARTEMENT)
    aliases = LinesField(_l("Andre navn (ett per linje)"),
                         description=_l("Navn som er brukt om etaten før, for eksempel "
                                        "Kommunaldepartementet. Importen av høringer kjenner "
                                        "etaten igjen på dem."))
    postal_address = LinesField(_l("Postadresse (valgfritt)"),
                                description=_l("Én linje per linje i adressen, for eksempel "
                                               "Postboks 8112 Dep og 0032 Oslo. Brukes som "
                                               "mottakeradresse i uttalelser."))
    is_confirmed = BooleanField(_l("Bekreftet"), default=True,
                                description=_l("Etater som importen har opprettet fra et "
                                               "ukjent navn, er ikke bekreftet før noen har "
                                               "sett på dem."))

    def __init__(self, *args, body_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._body_id = body_id
        if isinstance(self.postal_address.data, str):  # the body stores the lines joined
            self.postal_address.data = self.postal_address.data.splitlines()

    def validate_name(self, field) -> None:
        field.data = " ".join((field.data or "").split())
        if field.errors:
            return
        if services.name_taken(field.data, except_id=self._body_id):
            raise ValidationError(_("Det finnes allerede en etat med dette navnet, "
                                    "kortnavnet eller andre navnet. Slå dem sammen i stedet."))

    def validate_short_name(self, field) -> None:
        field.data = (field.data or "").strip() or None
        if field.data and not field.errors and services.short_name_taken(field.data, except_id=self._body_id):
            raise ValidationError(_("En annen etat har allerede dette kortnavnet."))

    def validate_postal_address(self, field) -> None:
        field.data = [single_line(line)[:100] for line in field.data or []]
        if len(field.data) > 6:
            raise ValidationError(_("Skriv adressen på høyst 6 linjer."))

    def validate_aliases(self, field) -> None:
        field.data = [single_line(a)[:200] for a in field.data or []]
        if len(field.data) > 50:
            raise ValidationError(_("Skriv høyst 50 andre navn."))
        for alias in field.data:
            if services.name_taken(alias, except_id=self._body_id):
                raise ValidationError(_("«%(alias)s» er allerede navnet på en annen etat.",
                                        alias=alias))


class MergeForm(Form):
    """Merge this body into the chosen one."""

    target_id = SelectField(_l("Slå sammen med"), coerce=int, validate_choice=False)

    def __init__(self, *args, source_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._source_id = source_id
        self.target = None

    def validate_target_id(self, field) -> None:
        if not field.data or field.data == self._source_id:
            raise ValidationError(_("Velg etaten den skal slås sammen med."))
        found = services.bodies_by_ids([field.data])
        if not found:
            raise ValidationError(_("Etaten finnes ikke (lenger). Søk etter den på nytt."))
        self.target = found[0]


class PersonForm(Form):
    """Someone we meet in a body."""

    name = SingleLineField(_l("Navn"), validators=[DataRequired(_l("Skriv personens navn.")),
                                                   Length(max=200)])
    role = SelectField(_l("Rolle"), choices=options(PersonRole.choices()),
                       default=PersonRole.SAKSBEHANDLER)
    party = SingleLineField(_l("Parti (valgfritt)"), validators=[Optional(), Length(max=100)],
                            description=_l("For politikere, for eksempel Arbeiderpartiet."))
    committee = SingleLineField(_l("Komité (valgfritt)"),
                                validators=[Optional(), Length(max=200)],
                                description=_l("For stortingsrepresentanter, for eksempel "
                                               "transport- og kommunikasjonskomiteen."))
    email = EmailField(_l("E-post (valgfritt)"), validators=[
        Optional(), Email(_l("Skriv en gyldig e-postadresse, for eksempel "
                             "ola.nordmann@kdd.dep.no."), check_deliverability=False),
        Length(max=254)])
    phone = SingleLineField(_l("Telefon (valgfritt)"), validators=[Optional(), Length(max=30)])
    is_current = BooleanField(_l("Har rollen nå"), default=True,
                              description=_l("Fjern haken når personen har gått av. Personen "
                                             "står fortsatt i loggen over møter og brev."))

    def validate_phone(self, field) -> None:
        if field.data and not re.fullmatch(r"\+?[\d ]{8,20}", field.data):
            raise ValidationError(_("Skriv telefonnummeret med siffer, for eksempel "
                                    "22 24 90 90."))
