"""Forms for submission, outcomes and the county's Word template."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (BooleanField, FieldList, FormField, HiddenField, SelectField,
                     TextAreaField)
from wtforms import Form as PlainForm
from wtforms.validators import InputRequired, Length, Optional

from advocacy.forms import Form, NorwegianDateField, SingleLineField, TimeOfDayField, options
from advocacy.papers.docx_render import MAX_TEMPLATE_BYTES
from advocacy.papers.forms import PaperForm
from advocacy.papers.models import OutcomeResult


class SubmitForm(Form):
    """When and to whom a final paper was sent, its archive number, and whether it is public.

    The numbers are read as text so that ``outcomes.submit`` can say in Norwegian what is
    wrong with them; the recipient is tidied by the same rule as on the paper's own form.
    """

    submitted_on = NorwegianDateField(_l("Dato sendt"), validators=[
        InputRequired(_l("Skriv datoen uttalelsen ble sendt."))])
    submitted_time = TimeOfDayField(_l("Klokkeslett sendt"), render_kw={"inputmode": "numeric"},
                                    description=_l("Skriv klokkeslettet som tt:mm, for eksempel "
                                                   "14:05."))
    archive_year = SingleLineField(_l("Saksår"), validators=[Length(max=10)],
                                   render_kw={"inputmode": "numeric", "autocomplete": "off"},
                                   description=_l("Fire sifre, for eksempel 2026."))
    archive_sequence = SingleLineField(_l("Sekvensnummer"), validators=[Length(max=12)],
                                       render_kw={"inputmode": "numeric", "autocomplete": "off"},
                                       description=_l("Sakens løpenummer i året, for eksempel "
                                                      "1428."))
    archive_document = SingleLineField(_l("Dokumentnummer"), validators=[Length(max=12)],
                                       render_kw={"inputmode": "numeric", "autocomplete": "off"},
                                       description=_l("Brevets nummer i saken, for eksempel 3."))
    recipient = TextAreaField(_l("Mottaker"), validators=[Length(max=300)], render_kw={"rows": 3},
                              description=_l("Den uttalelsen ble sendt til, for eksempel "
                                             "Kommunal- og distriktsdepartementet. Adressen kan "
                                             "stå på linjene under navnet."))
    is_exempt = BooleanField(_l("Unntatt offentlighet"))
    exemption_basis = SingleLineField(_l("Hjemmel for unntak"), validators=[Length(max=200)],
                                      description=_l("Påkrevd når uttalelsen er unntatt "
                                                     "offentlighet, for eksempel «Offl. § 14» "
                                                     "eller «Offl. § 15»."))

    validate_recipient = PaperForm.validate_recipient


class OutcomeRowForm(PlainForm):
    """The outcome for one condition; CSRF comes from the form it sits in."""

    condition_id = HiddenField()
    result = SelectField(_l("Resultat"), choices=options((r.value, r.label) for r in OutcomeResult))
    note = TextAreaField(_l("Merknad"), validators=[Length(max=5000)],
                         description=_l("Hva staten bestemte, med henvisning til vedtaket."))
    decided_on = NorwegianDateField(_l("Vedtaksdato (valgfri)"), validators=[Optional()])


class OutcomesForm(Form):
    rows = FieldList(FormField(OutcomeRowForm))


class TemplateForm(Form):
    file = FileField(_l("Word-mal (.docx)"), validators=[
        FileRequired(_l("Velg en .docx-fil å laste opp.")),
        FileAllowed(["docx"], _l("Bare Word-dokumenter (.docx) kan brukes som mal.")),
        FileSize(MAX_TEMPLATE_BYTES, message=_l("Filen er større enn 5 MB. Fjern store bilder "
                                                "fra malen og prøv igjen.")),
    ], render_kw={"accept": ".docx"},
        description=_l("Fylkeskommunens brevmal som Word-dokument, høyst 5 MB. Malen bør ha "
                       "stilene Tittel, Overskrift 1, Overskrift 2, Punktliste, Nummerert "
                       "liste og Tabellrutenett (norske eller engelske navn, se tabellen "
                       "over)."))
