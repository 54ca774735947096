"""Forms for papers: the facts about a paper, and its text."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, FieldList, FormField, HiddenField, IntegerField, SelectField,
                     StringField, TextAreaField)
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from advocacy import i18n
from advocacy.conditions.forms import CONDITION_PICKER, MEASURE_PICKER, MultiPickerField
from advocacy.forms import Form, SingleLineField, options
from advocacy.inputs import bounded_int
from advocacy.papers.docx_import import MAX_SECTIONS
from advocacy.papers.models import PaperStatus


class PaperForm(Form):
    title = SingleLineField(_l("Tittel"),
                            validators=[DataRequired(_l("Skriv en tittel.")), Length(max=300)])
    hearing_id = SelectField(_l("Høring (valgfritt)"), coerce=bounded_int)
    recipient = TextAreaField(_l("Mottaker"), validators=[Length(max=300)], render_kw={"rows": 3},
                              description=_l("For eksempel Kommunal- og distriktsdepartementet. "
                                             "Står etaten med postadresse i etatsregisteret, "
                                             "hentes adressen derfra; ellers kan du skrive "
                                             "adressen på linjene under navnet."))
    our_reference = SingleLineField(_l("Vår referanse"), validators=[Length(max=100)])
    their_reference = SingleLineField(_l("Deres referanse (saksnummer)"),
                                      validators=[Length(max=100)])
    is_exempt = BooleanField(_l("Unntatt offentlighet"))
    exemption_basis = SingleLineField(_l("Hjemmel for unntak"), validators=[Length(max=200)],
                                      description=_l("For eksempel offentleglova § 14 første "
                                                     "ledd."))
    responsible_id = SelectField(_l("Ansvarlig"), coerce=bounded_int)
    caseworker_phone = SingleLineField(_l("Saksbehandlers telefon"), validators=[Length(max=30)],
                                       description=_l("Står i brevet sammen med den ansvarliges "
                                                      "navn og e-postadresse."))
    signatory_name = SingleLineField(_l("Undertegnes av"), validators=[Length(max=200)],
                                     description=_l("Den som signerer brevet for "
                                                    "fylkeskommunen, for eksempel "
                                                    "fylkesordføreren."))
    signatory_title = SingleLineField(_l("Undertegners stilling"), validators=[Length(max=200)],
                                      description=_l("For eksempel fylkesordfører."))
    language = SelectField(_l("Målform i brevet"), choices=options([("nb", _l("Bokmål")),
                                                                   ("nn", _l("Nynorsk"))]),
                           # Left out of a post, the paper keeps its language.
                           validators=[Optional()],
                           description=_l("Brevet og de faste tekstene i det skrives på denne "
                                          "målformen."))
    status = SelectField(_l("Status"), choices=options((s.value, s.label) for s in PaperStatus))
    condition_ids = MultiPickerField(_l("Rammebetingelser uttalelsen gjelder"),
                                     kind=CONDITION_PICKER)
    measure_ids = MultiPickerField(_l("Tiltak uttalelsen berører"), kind=MEASURE_PICKER)

    def __init__(self, *args, hearings=(), responsible_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hearing_id.choices = options([(0, _("Ingen")), *hearings])
        self.responsible_id.choices = options([(0, _("Ingen")), *responsible_choices])

    def validate_recipient(self, field) -> None:
        lines = [" ".join(line.split()) for line in (field.data or "").splitlines()]
        field.data = "\n".join(line for line in lines if line)
        if len(field.data.splitlines()) > 6:
            raise ValidationError(_("Skriv mottakeren og adressen på høyst 6 linjer."))

    def validate_exemption_basis(self, field) -> None:
        if self.is_exempt.data and not (field.data or "").strip():
            raise ValidationError(_("Skriv hjemmelen for unntak fra offentlighet."))


#: The most text one section may hold (the Markdown subset, as stored).
MAX_SECTION_CHARS = 100_000


class SectionForm(PlainForm):
    """One section of the text; CSRF comes from the form it sits in."""

    heading = SingleLineField(_l("Overskrift"), validators=[Length(max=300)])
    body = TextAreaField(_l("Tekst"), validators=[Length(max=MAX_SECTION_CHARS, message=_l(
        "Teksten i en del kan være høyst %(max)d tegn. Del den opp i flere deler."))])


class TextForm(Form):
    title = SingleLineField(_l("Tittel"),
                            validators=[DataRequired(_l("Skriv en tittel.")), Length(max=300)])
    sections = FieldList(FormField(SectionForm), min_entries=1)
    #: The revision the editor started from.
    base_number = HiddenField()
    #: ``html`` when the section bodies come from the formatted editor (static/editor.js),
    #: ``markdown`` when they were typed in the plain textareas.
    text_format = HiddenField()

    def validate_sections(self, field) -> None:
        if len(field.entries) > MAX_SECTIONS:
            raise ValidationError(_("En uttalelse kan ha høyst %(max)d deler.", max=MAX_SECTIONS))

    @staticmethod
    def blank_section() -> SectionForm:
        """An empty section, for the page's script to copy when a section is added."""
        return SectionForm(prefix="sections-0-")


class DiffForm(Form):
    class Meta:
        csrf = False
        get_translations = i18n.form_translations

    old = IntegerField(_l("Fra versjon"), validators=[Optional()])
    new = IntegerField(_l("Til versjon"), validators=[Optional()])


class PaperFilterForm(Form):
    """The paper list's search and filters, read from the query string."""

    class Meta:
        csrf = False
        get_translations = i18n.form_translations

    q = StringField(_l("Søk"))
    status = SelectField(_l("Status"), choices=options(
        [("", _l("Alle statuser")), *((s.value, s.label) for s in PaperStatus)]))
    hearing = SelectField(_l("Høring"), choices=options(
        [("", _l("Med og uten høring")), ("med", _l("Svar på en høring")),  # i18n: not ui
         ("uten", _l("Uten høring"))]))
    waiting = BooleanField(_l("Venter på signaturer"))
    mine = BooleanField(_l("Bare mine"))
