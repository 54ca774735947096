"""Forms for papers: the facts about a paper, and its text."""

from __future__ import annotations

from wtforms import (BooleanField, FieldList, FormField, HiddenField, IntegerField, SelectField,
                     StringField, TextAreaField)
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from advocacy.conditions.forms import CONDITION_PICKER, MEASURE_PICKER, MultiPickerField
from advocacy.forms import Form, SingleLineField, options
from advocacy.inputs import bounded_int
from advocacy.papers.models import PaperStatus


class PaperForm(Form):
    title = SingleLineField("Tittel",
                            validators=[DataRequired("Skriv en tittel."), Length(max=300)])
    hearing_id = SelectField("Høring (valgfritt)", coerce=bounded_int)
    recipient = TextAreaField("Mottaker", validators=[Length(max=300)], render_kw={"rows": 3},
                              description="For eksempel Kommunal- og distriktsdepartementet. "
                                          "Står etaten med postadresse i etatsregisteret, "
                                          "hentes adressen derfra; ellers kan du skrive "
                                          "adressen på linjene under navnet.")
    our_reference = SingleLineField("Vår referanse", validators=[Length(max=100)])
    their_reference = SingleLineField("Deres referanse (saksnummer)",
                                      validators=[Length(max=100)])
    is_exempt = BooleanField("Unntatt offentlighet")
    exemption_basis = SingleLineField("Hjemmel for unntak", validators=[Length(max=200)],
                                  description="For eksempel offentleglova § 14 første ledd.")
    responsible_id = SelectField("Ansvarlig", coerce=bounded_int)
    caseworker_phone = SingleLineField("Saksbehandlers telefon", validators=[Length(max=30)],
                                       description="Står i brevet sammen med den ansvarliges "
                                                   "navn og e-postadresse.")
    signatory_name = SingleLineField("Undertegnes av", validators=[Length(max=200)],
                                     description="Den som signerer brevet for "
                                                 "fylkeskommunen, for eksempel fylkesordføreren.")
    signatory_title = SingleLineField("Undertegners stilling", validators=[Length(max=200)],
                                      description="For eksempel fylkesordfører.")
    status = SelectField("Status", choices=options((s.value, s.label) for s in PaperStatus))
    condition_ids = MultiPickerField("Rammebetingelser uttalelsen gjelder", kind=CONDITION_PICKER)
    measure_ids = MultiPickerField("Tiltak uttalelsen berører", kind=MEASURE_PICKER)

    def __init__(self, *args, hearings=(), responsible_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hearing_id.choices = options([(0, "Ingen"), *hearings])
        self.responsible_id.choices = options([(0, "Ingen"), *responsible_choices])

    def validate_recipient(self, field) -> None:
        lines = [" ".join(line.split()) for line in (field.data or "").splitlines()]
        field.data = "\n".join(line for line in lines if line)
        if len(field.data.splitlines()) > 6:
            raise ValidationError("Skriv mottakeren og adressen på høyst 6 linjer.")

    def validate_exemption_basis(self, field) -> None:
        if self.is_exempt.data and not (field.data or "").strip():
            raise ValidationError("Skriv hjemmelen for unntak fra offentlighet.")


class SectionForm(PlainForm):
    """One section of the text; CSRF comes from the form it sits in."""

    heading = SingleLineField("Overskrift", validators=[Length(max=300)])
    body = TextAreaField("Tekst", description="Avsnitt skilles med en tom linje. Lister: "
                                              "linjer som begynner med «- » eller «1. ». "
                                              "**fet**, *kursiv*, [lenke](https://…).")


class TextForm(Form):
    title = SingleLineField("Tittel",
                            validators=[DataRequired("Skriv en tittel."), Length(max=300)])
    sections = FieldList(FormField(SectionForm), min_entries=1)
    #: The revision the editor started from.
    base_number = HiddenField()


class DiffForm(Form):
    class Meta:
        csrf = False
        locales = ("nb_NO", "nb")

    old = IntegerField("Fra versjon", validators=[Optional()])
    new = IntegerField("Til versjon", validators=[Optional()])


class PaperFilterForm(Form):
    """The paper list's search and filters, read from the query string."""

    class Meta:
        csrf = False
        locales = ("nb_NO", "nb")

    q = StringField("Søk")
    status = SelectField("Status", choices=options(
        [("", "Alle statuser"), *((s.value, s.label) for s in PaperStatus)]))
    hearing = SelectField("Høring", choices=options(
        [("", "Med og uten høring"), ("med", "Svar på en høring"), ("uten", "Uten høring")]))
    waiting = BooleanField("Venter på signaturer")
    mine = BooleanField("Bare mine")
