"""The admin form for the county's letterhead (on /admin/template)."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileSize
from wtforms import BooleanField, EmailField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from advocacy.forms import Form, LinesField, SingleLineField, single_line
from advocacy.papers.letterhead import MAX_LOGO_BYTES


class LetterheadForm(Form):
    name = SingleLineField(_l("Avsender"), validators=[
        DataRequired(_l("Skriv avsenderens navn.")), Length(max=200)],
        description=_l("Står øverst i brevet, for eksempel Buskerud fylkeskommune."))
    postal_address = LinesField(_l("Postadresse"),
                                description=_l("Én linje per linje, for eksempel Postboks 3563 "
                                               "og 3007 Drammen."))
    org_number = SingleLineField(_l("Organisasjonsnummer"),
                                 validators=[Optional(), Length(max=20)],
                                 description=_l("Ni siffer, for eksempel 821 564 412."))
    switchboard = SingleLineField(_l("Sentralbord"), validators=[Optional(), Length(max=30)],
                                  description=_l("Telefonnummeret til sentralbordet."))
    email = EmailField(_l("E-post til postmottak"), validators=[
        Optional(), Email(_l("Skriv en gyldig e-postadresse, for eksempel "
                             "postmottak@fylkeskommune.no."), check_deliverability=False),
        Length(max=254)])
    logo = FileField(_l("Logo (PNG eller SVG, valgfri)"), validators=[
        FileSize(MAX_LOGO_BYTES, message=_l("Logoen er større enn 1 MB."))],
        render_kw={"accept": ".png,.svg,image/png,image/svg+xml"},
        description=_l("PNG- eller SVG-bilde, høyst 1 MB. En SVG-logo gjøres om til PNG når "
                       "den lastes opp. Står over avsenderen, 1,6 cm høy."))
    remove_logo = BooleanField(_l("Fjern logoen"))

    def validate_postal_address(self, field) -> None:
        field.data = [single_line(line)[:100] for line in field.data or []]
        if len(field.data) > 4:
            raise ValidationError(_("Skriv postadressen på høyst 4 linjer."))

    def validate_org_number(self, field) -> None:
        digits = re.sub(r"\s", "", field.data or "")
        if digits and not re.fullmatch(r"\d{9}", digits):
            raise ValidationError(_("Organisasjonsnummeret har ni siffer, for eksempel "
                                    "821 564 412."))
