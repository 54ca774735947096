"""Forms for the register of state bodies."""

from __future__ import annotations

import re

from wtforms import BooleanField, EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from advocacy.bodies import services
from advocacy.bodies.models import BodyKind, PersonRole
from advocacy.forms import Form, LinesField, SingleLineField, options, single_line


class BodyForm(Form):
    name = SingleLineField("Navn", validators=[DataRequired("Skriv etatens navn."),
                                               Length(max=200)],
                           description="Det offisielle navnet, for eksempel "
                                       "Kommunal- og distriktsdepartementet.")
    short_name = SingleLineField("Kortnavn (valgfritt)", validators=[Optional(), Length(max=20)],
                                 description="For eksempel KDD, SD eller DMF.")
    kind = SelectField("Type", choices=options(BodyKind.choices()), default=BodyKind.DEPARTEMENT)
    aliases = LinesField("Andre navn (ett per linje)",
                         description="Navn som er brukt om etaten før, for eksempel "
                                     "Kommunaldepartementet. Importen av høringer kjenner "
                                     "etaten igjen på dem.")
    postal_address = LinesField("Postadresse (valgfritt)",
                                description="Én linje per linje i adressen, for eksempel "
                                            "Postboks 8112 Dep og 0032 Oslo. Brukes som "
                                            "mottakeradresse i uttalelser.")
    is_confirmed = BooleanField("Bekreftet", default=True,
                                description="Etater som importen har opprettet fra et ukjent "
                                            "navn, er ikke bekreftet før noen har sett på dem.")

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
            raise ValidationError("Det finnes allerede en etat med dette navnet, kortnavnet "
                                  "eller andre navnet. Slå dem sammen i stedet.")

    def validate_short_name(self, field) -> None:
        field.data = (field.data or "").strip() or None
        if field.data and not field.errors and services.short_name_taken(field.data, except_id=self._body_id):
            raise ValidationError("En annen etat har allerede dette kortnavnet.")

    def validate_postal_address(self, field) -> None:
        field.data = [single_line(line)[:100] for line in field.data or []]
        if len(field.data) > 6:
            raise ValidationError("Skriv adressen på høyst 6 linjer.")

    def validate_aliases(self, field) -> None:
        field.data = [single_line(a)[:200] for a in field.data or []]
        if len(field.data) > 50:
            raise ValidationError("Skriv høyst 50 andre navn.")
        for alias in field.data:
            if services.name_taken(alias, except_id=self._body_id):
                raise ValidationError(f"«{alias}» er allerede navnet på en annen etat.")


class MergeForm(Form):
    """Merge this body into the chosen one."""

    target_id = SelectField("Slå sammen med", coerce=int, validate_choice=False)

    def __init__(self, *args, source_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._source_id = source_id
        self.target = None

    def validate_target_id(self, field) -> None:
        if not field.data or field.data == self._source_id:
            raise ValidationError("Velg etaten den skal slås sammen med.")
        found = services.bodies_by_ids([field.data])
        if not found:
            raise ValidationError("Etaten finnes ikke (lenger). Søk etter den på nytt.")
        self.target = found[0]


class PersonForm(Form):
    """Someone we meet in a body."""

    name = SingleLineField("Navn", validators=[DataRequired("Skriv personens navn."),
                                               Length(max=200)])
    role = SelectField("Rolle", choices=options(PersonRole.choices()),
                       default=PersonRole.SAKSBEHANDLER)
    party = SingleLineField("Parti (valgfritt)", validators=[Optional(), Length(max=100)],
                            description="For politikere, for eksempel Arbeiderpartiet.")
    committee = SingleLineField("Komité (valgfritt)", validators=[Optional(), Length(max=200)],
                                description="For stortingsrepresentanter, for eksempel "
                                            "transport- og kommunikasjonskomiteen.")
    email = EmailField("E-post (valgfritt)", validators=[
        Optional(), Email("Skriv en gyldig e-postadresse, for eksempel "
                          "ola.nordmann@kdd.dep.no.", check_deliverability=False),
        Length(max=254)])
    phone = SingleLineField("Telefon (valgfritt)", validators=[Optional(), Length(max=30)])
    is_current = BooleanField("Har rollen nå", default=True,
                              description="Fjern haken når personen har gått av. Personen "
                                          "står fortsatt i loggen over møter og brev.")

    def validate_phone(self, field) -> None:
        if field.data and not re.fullmatch(r"\+?[\d ]{8,20}", field.data):
            raise ValidationError("Skriv telefonnummeret med siffer, for eksempel 22 24 90 90.")
