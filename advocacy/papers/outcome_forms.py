"""Forms for submission, outcomes and the county's Word template."""

from __future__ import annotations

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

    submitted_on = NorwegianDateField("Dato sendt",
                                      validators=[InputRequired("Skriv datoen uttalelsen ble sendt.")])
    submitted_time = TimeOfDayField("Klokkeslett sendt", render_kw={"inputmode": "numeric"},
                                    description="Skriv klokkeslettet som tt:mm, for eksempel 14:05.")
    archive_year = SingleLineField("Saksår", validators=[Length(max=10)],
                                   render_kw={"inputmode": "numeric", "autocomplete": "off"},
                                   description="Fire sifre, for eksempel 2026.")
    archive_sequence = SingleLineField("Sekvensnummer", validators=[Length(max=12)],
                                       render_kw={"inputmode": "numeric", "autocomplete": "off"},
                                       description="Sakens løpenummer i året, for eksempel 1428.")
    archive_document = SingleLineField("Dokumentnummer", validators=[Length(max=12)],
                                       render_kw={"inputmode": "numeric", "autocomplete": "off"},
                                       description="Brevets nummer i saken, for eksempel 3.")
    recipient = TextAreaField("Mottaker", validators=[Length(max=300)], render_kw={"rows": 3},
                              description="Den uttalelsen ble sendt til, for eksempel "
                                          "Kommunal- og distriktsdepartementet. Adressen kan "
                                          "stå på linjene under navnet.")
    is_exempt = BooleanField("Unntatt offentlighet")
    exemption_basis = SingleLineField("Hjemmel for unntak", validators=[Length(max=200)],
                                      description="Påkrevd når uttalelsen er unntatt "
                                                  "offentlighet, for eksempel «Offl. § 14» "
                                                  "eller «Offl. § 15».")

    validate_recipient = PaperForm.validate_recipient


class OutcomeRowForm(PlainForm):
    """The outcome for one condition; CSRF comes from the form it sits in."""

    condition_id = HiddenField()
    result = SelectField("Resultat", choices=options((r.value, r.label) for r in OutcomeResult))
    note = TextAreaField("Merknad", validators=[Length(max=5000)],
                         description="Hva staten bestemte, med henvisning til vedtaket.")
    decided_on = NorwegianDateField("Vedtaksdato (valgfri)", validators=[Optional()])


class OutcomesForm(Form):
    rows = FieldList(FormField(OutcomeRowForm))


class TemplateForm(Form):
    file = FileField("Word-mal (.docx)", validators=[
        FileRequired("Velg en .docx-fil å laste opp."),
        FileAllowed(["docx"], "Bare Word-dokumenter (.docx) kan brukes som mal."),
        FileSize(MAX_TEMPLATE_BYTES, message="Filen er større enn 5 MB. Fjern store bilder "
                                             "fra malen og prøv igjen."),
    ], render_kw={"accept": ".docx"},
        description="Fylkeskommunens brevmal som Word-dokument, høyst 5 MB. Malen bør ha "
                    "stilene Tittel, Overskrift 1, Overskrift 2, Punktliste, Nummerert liste "
                    "og Tabellrutenett (norske eller engelske navn, se tabellen over).")
