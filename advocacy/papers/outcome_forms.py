"""Forms for submission, outcomes and the county's Word template."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms import Form as PlainForm
from wtforms.validators import InputRequired, Length, Optional

from advocacy.forms import Form, NorwegianDateField, options
from advocacy.papers.docx_render import MAX_TEMPLATE_BYTES
from advocacy.papers.models import OutcomeResult


class SubmitForm(Form):
    submitted_on = NorwegianDateField("Dato sendt inn",
                                      validators=[InputRequired("Skriv datoen uttalelsen ble sendt.")])
    archive_reference = StringField(
        "Arkivreferanse", validators=[InputRequired("Skriv arkivreferansen."), Length(max=40)],
        description="Journalpostens nummer i arkivet (Noark), for eksempel 25/1428-3.")


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
