"""Word export of a position paper: the county's letter template filled with a paper.

:func:`render_paper_docx` is a pure function (data in, bytes out; no database, no
clock). It keeps the template's page setup, header and footer, uses the template's
own styles by name and falls back by name when one is missing, so any county's
template works. :func:`check_template` vets an uploaded template before it is used.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from functools import cache
from importlib.resources import files
from io import BytesIO
from typing import cast

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.numbering import CT_Numbering
from docx.parts.numbering import NumberingPart
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle, _TableStyle
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from advocacy import i18n, memory
from advocacy.formatting import date_long as date_long_nb  # noqa: F401  (the letter's long date)
from advocacy.papers import markdown
from advocacy.papers.document import (Caseworker, ConditionRow, MeasureRow, PaperDocument,
                                      Section, Sender, Signatory)

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
#: A small .docx that unpacks to more than this is a zip bomb, not a letter template.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024

#: The styles the export uses, their kind, and what stands in when a template lacks one.
NEEDED_STYLES: dict[str, tuple[WD_STYLE_TYPE, str]] = {
    "Normal": (WD_STYLE_TYPE.PARAGRAPH, _l("Word sin standard avsnittsstil")),
    "Title": (WD_STYLE_TYPE.PARAGRAPH, _l("Normal, fet 20 pkt")),
    "Heading 1": (WD_STYLE_TYPE.PARAGRAPH, _l("Normal, fet 14 pkt")),
    "Heading 2": (WD_STYLE_TYPE.PARAGRAPH, _l("Normal, fet 12 pkt")),
    "List Bullet": (WD_STYLE_TYPE.PARAGRAPH, _l("Normal med egne punkttegn")),
    "List Number": (WD_STYLE_TYPE.PARAGRAPH, _l("Normal med egen nummerering")),
    "Table Grid": (WD_STYLE_TYPE.TABLE, _l("tabell med enkle rammer")),
}
#: What Norwegian Word calls each style (its name in a Norwegian-made template) and the
#: style id it saves it under; the export finds a style by any of these.
NORWEGIAN_STYLES: dict[str, tuple[str, str]] = {
    "Normal": ("Normal", "Normal"),
    "Title": ("Tittel", "Tittel"),  # i18n: not ui
    "Heading 1": ("Overskrift 1", "Overskrift1"),
    "Heading 2": ("Overskrift 2", "Overskrift2"),
    "List Bullet": ("Punktliste", "Punktliste"),
    "List Number": ("Nummerert liste", "Nummerertliste"),
    "Table Grid": ("Tabellrutenett", "Tabellrutenett"),
    "Hyperlink": ("Hyperkobling", "Hyperkobling"),
    "List Paragraph": ("Listeavsnitt", "Listeavsnitt"),
}
#: What each style is used for in the letter (shown on the template page).
STYLE_USES: dict[str, str] = {
    "Normal": _l("brødtekst, adresse, referanser og underskrift"),
    "Title": _l("emnelinjen («Høringssvar – …»)"),
    "Heading 1": _l("overskriftene i teksten og vedlegget"),
    "Heading 2": _l("«Uttalelsen støttes av» og tabelloverskriftene i vedlegget"),
    "List Bullet": _l("punktlister"),
    "List Number": _l("nummererte lister"),
    "Table Grid": _l("tabellene i vedlegget"),
}
_FALLBACK_LOOK = {"Title": Pt(20), "Heading 1": Pt(14), "Heading 2": Pt(12)}
_LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
_DRAFT_COLOUR = RGBColor(0xB0, 0x1E, 0x1E)
E_SIGNATURE_LINE = _l("Dokumentet er elektronisk godkjent og har derfor ingen håndskrevne "
                      "signaturer")
#: An appendix with more rows, or more text, than this starts on its own page.
LONG_APPENDIX_ROWS = 6
LONG_APPENDIX_CHARACTERS = 1200
# Characters XML 1.0 forbids; lxml refuses them, so they are dropped from every text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TemplateError(ValueError):
    """A template that cannot be used; the message is Norwegian, for the user."""


@dataclass
class TemplateReport:
    """The verdict on a template: usable or not, and which styles it lacks."""

    ok: bool
    missing_styles: list[str] = field(default_factory=list)
    #: Missing style name → what the export uses instead (Norwegian; stored with an
    #: uploaded template, so plain text; ``warning`` names the fallbacks anew in the
    #: language of the page).
    fallbacks: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def warning(self) -> str | None:
        """A Norwegian warning about missing styles, or None when all are there."""
        if not self.fallbacks:
            return None
        used = "; ".join(f"{name} → {NEEDED_STYLES[name][1] if name in NEEDED_STYLES else instead}"
                         for name, instead in self.fallbacks.items())
        return _("Malen mangler %(num)d stil(er). Eksporten bruker i stedet: %(used)s.",
                 num=len(self.fallbacks), used=used)


def date_short_nb(day: date) -> str:
    """Format a date as the letter's date line has it: ``26.11.2026``."""
    return f"{day:%d.%m.%Y}"


@cache
def default_template() -> bytes:
    """The county letter template shipped with the package."""
    return (files("advocacy.papers") / "templates" / "brevmal.docx").read_bytes()


def check_template(data: bytes) -> TemplateReport:
    """Vet an uploaded template: refuse what cannot be used, name styles that fall back."""
    try:
        styles = _Styles(_open_template(data))
        # A trial export catches what the style check cannot see (odd numbering, parts).
        render_paper_docx(_SAMPLE, data)
    except TemplateError as error:
        return TemplateReport(ok=False, error=str(error))
    except Exception as error:  # noqa: BLE001 - any failure means the template is unusable
        return TemplateReport(ok=False, error=_("Malen kan ikke brukes til eksport (%(error)s).",
                                                error=error))
    fallbacks = styles.fallbacks
    return TemplateReport(ok=True, missing_styles=list(fallbacks), fallbacks=fallbacks)


def render_paper_docx(doc: PaperDocument, template: bytes | None = None) -> bytes:
    """Render a paper into the letter template (default: the shipped one) as .docx bytes."""
    memory.release_after_request()  # the document's C memory, once the answer is sent
    document = _open_template(default_template() if template is None else template)
    body = document.element.body
    for child in list(body):
        # The final sectPr carries page size, margins, header and footer: keep it alone.
        if child is not body.sectPr:
            body.remove(child)
    _Writer(document).write(doc)
    properties = document.core_properties
    properties.title = _one_line(doc.title)
    properties.subject = _one_line(doc.subject) or _one_line(doc.title)
    properties.author = properties.last_modified_by = _one_line(doc.county_name)
    # python-docx's own default part says "generated by python-docx" in these.
    properties.comments = properties.keywords = properties.category = ""
    properties.content_status = _("Utkast") if doc.is_draft else ""
    properties.language = "nn-NO" if i18n.current() == "nn" else "nb-NO"
    set_language(document, properties.language)
    properties.revision = 1
    # The paper's own date, not the clock's, keeps this function pure.
    properties.created = properties.modified = datetime.combine(doc.date, time(12), timezone.utc)
    _without_generator(document, _one_line(doc.county_name))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def set_language(document: DocxDocument, tag: str) -> None:
    """Make ``tag`` (``nb-NO``, ``nn-NO``) the language of the document's text, in its
    default run properties, so Word checks spelling in that standard."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


#: docProps/app.xml as the export writes it: no generator name, the county as company.
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Fellesstemme</Application><DocSecurity>0</DocSecurity>"
    "<Company>{company}</Company></Properties>"
)


def _without_generator(document: DocxDocument, company: str) -> None:
    """Replace docProps/app.xml and drop python-docx's stock thumbnail (a blank page), so
    that nothing in the file names the library that wrote it; done on the package before
    it is saved, not by rewriting the zip."""
    package = document.part.package
    company_xml = company.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = _APP_XML.format(company=company_xml).encode()
    for r_id, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            package.rels.pop(r_id)


def _open_template(data: bytes) -> DocxDocument:
    """Open template bytes with python-docx, or raise TemplateError with the reason."""
    if not data:
        raise TemplateError(_("Filen er tom."))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(_("Malen er større enn 5 MB. Fjern store bilder og prøv igjen."))
    if data.startswith(_OLE_MAGIC):
        raise TemplateError(_(
            "Filen er i det gamle .doc-formatet eller passordbeskyttet. "
            "Lagre den som Word-dokument (.docx) uten passord."
        ))
    not_docx = _("Filen er ikke et gyldig Word-dokument (.docx).")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise TemplateError(_("Malen pakker ut til mer enn 50 MB og tas ikke imot."))
            content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise TemplateError(not_docx) from error
    if b"wordprocessingml.template" in content_types:
        raise TemplateError(_(
            "Filen er en Word-mal (.dotx). Lagre den som .docx og last opp på nytt."
        ))
    if b"macroEnabled" in content_types:
        raise TemplateError(_("Filen inneholder makroer (.docm). Lagre den som .docx uten "
                              "makroer."))
    try:
        return docx.Document(BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on a broken file
        raise TemplateError(not_docx) from error


def _clean(text: str | None) -> str:
    """Text with XML-illegal characters removed."""
    return _XML_ILLEGAL.sub("", text or "")


def _one_line(text: str | None) -> str:
    """Cleaned text with all whitespace runs, line breaks included, as single spaces."""
    return " ".join(_clean(text).split())


class _Styles:
    """The template's styles by name, and the fallbacks for those it lacks."""

    def __init__(self, document: DocxDocument) -> None:
        # Our own lookup: python-docx's falls back to style ids with a warning. A style is
        # found by its English name, its Norwegian name, or either style id (Norwegian
        # Word saves "Overskrift 1" as id "Overskrift1"), in that order.
        by_name: dict[str, BaseStyle] = {}
        by_id: dict[str, BaseStyle] = {}
        for style in document.styles:
            by_name.setdefault((style.name or "").casefold(), style)
            by_id.setdefault((style.style_id or "").casefold(), style)

        def typed(name: str, kind: WD_STYLE_TYPE) -> BaseStyle | None:
            norwegian_name, norwegian_id = NORWEGIAN_STYLES.get(name, (name, name))
            candidates = (by_name.get(name.casefold()), by_name.get(norwegian_name.casefold()),
                          by_id.get(name.replace(" ", "").casefold()),
                          by_id.get(norwegian_id.casefold()))
            return next((style for style in candidates
                         if style is not None and style.type == kind), None)

        found = {name: typed(name, kind) for name, (kind, __) in NEEDED_STYLES.items()}
        self.found = {name: style for name, style in found.items() if style is not None}
        self.fallbacks = {
            name: str(instead) for name, (__, instead) in NEEDED_STYLES.items()
            if name not in self.found
        }
        self.hyperlink = typed("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        self.list_paragraph = typed("List Paragraph", WD_STYLE_TYPE.PARAGRAPH)
        # python-docx's style setters look the default style up again for every paragraph
        # (an XPath over all styles: over half the export's time); we do it once.
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._default_paragraph_id = default.style_id if default is not None else None

    def apply(self, paragraph: DocxParagraph, style: BaseStyle) -> None:
        """Give ``paragraph`` this paragraph style, as python-docx's setter would."""
        ppr = paragraph._p.get_or_add_pPr()
        ppr.style = None if style.style_id == self._default_paragraph_id else style.style_id

    @staticmethod
    def apply_to_run(run, style: BaseStyle) -> None:
        """Give ``run`` this character style (never the default one: it is Hyperlink)."""
        run._r.get_or_add_rPr().style = style.style_id


class _Numbering:
    """List numbering: a fresh ``w:num`` for each numbered list, our own definitions if needed."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self._own: dict[str, int] = {}
        self._abstracts: dict[str | None, int | None] = {}

    @property
    def element(self) -> CT_Numbering:
        """The numbering part's root, creating the part when the template has none."""
        part = self.document.part
        try:
            return cast(NumberingPart, part.part_related_by(RT.NUMBERING)).element
        except KeyError:
            # python-docx cannot create a numbering part itself (NotImplementedError).
            numbering = NumberingPart(
                PackURI("/word/numbering.xml"),
                CT.WML_NUMBERING,
                parse_xml(f"<w:numbering {nsdecls('w')}/>"),
                part.package,
            )
            part.relate_to(numbering, RT.NUMBERING)
            return numbering.element

    def abstract_of(self, style: ParagraphStyle | None) -> int | None:
        """The abstract numbering a list style uses, following ``basedOn``; None if none."""
        key = style.style_id if style is not None else None
        if key not in self._abstracts:
            self._abstracts[key] = self._find_abstract(style)
        return self._abstracts[key]

    def _find_abstract(self, style: ParagraphStyle | None) -> int | None:
        while style is not None:
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
                ids = self.element.xpath(
                    f'./w:num[@w:numId="{ppr.numPr.numId.val}"]/w:abstractNumId/@w:val'
                )
                return int(ids[0]) if ids else None
            style = style.base_style
        return None

    def own_abstract(self, kind: str) -> int:
        """An abstract numbering of our own, ``decimal`` or ``bullet``, made once."""
        if kind not in self._own:
            numbering = self.element
            used = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
            abstract_id = max(used, default=-1) + 1
            text = "%1." if kind == "decimal" else "\u2022"
            abstract = parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0">'
                f'<w:start w:val="1"/><w:numFmt w:val="{kind}"/><w:lvlText w:val="{text}"/>'
                '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>'
                "</w:lvl></w:abstractNum>"
            )
            # The schema wants every abstractNum before the first num.
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                numbering.insert_element_before(abstract, "w:numIdMacAtCleanup")
            self._own[kind] = abstract_id
        return self._own[kind]

    def new_num(self, abstract_id: int, start: int | None) -> int:
        """A new ``w:num`` on an abstract numbering, restarting at ``start`` if given."""
        num = self.element.add_num(abstract_id)
        if start is not None:
            num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId


class _Writer:
    """Writes one paper into an emptied template."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.styles = _Styles(document)
        self.numbering = _Numbering(document)
        self._bullet_num: int | None = None

    def write(self, doc: PaperDocument) -> None:
        """Write the whole letter: letterhead, recipient, references, subject, sections,
        closing with the county's signatory, co-signers, appendix."""
        self.letterhead(doc)
        if doc.is_draft:
            mark = self.paragraph("Normal", _("UTKAST"), bold=True)
            mark.runs[0].font.size = Pt(16)
            mark.runs[0].font.color.rgb = _DRAFT_COLOUR
        if doc.is_exempt:
            self.paragraph("Normal", _exemption_line(doc.exemption_basis), bold=True)
        address = [line.strip() for line in _clean(doc.recipient).splitlines() if line.strip()]
        for index, line in enumerate(address):
            paragraph = self.paragraph("Normal", line)
            paragraph.paragraph_format.space_after = Pt(0)
            if index == 0:
                paragraph.paragraph_format.space_before = Pt(18)
        references = []
        if ours := _one_line(doc.our_reference):
            references.append(_("Vår ref.: %(reference)s", reference=ours))
        if theirs := _one_line(doc.their_reference):
            references.append(_("Deres ref.: %(reference)s", reference=theirs))
        references.append(_("Dato: %(date)s", date=date_short_nb(doc.date)))
        caseworker = _caseworker_line(doc.caseworker)
        for index, line in enumerate([*references, *([caseworker] if caseworker else [])]):
            paragraph = self.paragraph("Normal", line)
            paragraph.paragraph_format.space_after = Pt(0)
            if address and index == 0:
                paragraph.paragraph_format.space_before = Pt(18)
        subject = _one_line(doc.subject) or _one_line(doc.title)
        if subject:
            self.paragraph("Title", subject).paragraph_format.space_before = Pt(18)
        for section in doc.sections:
            self.section(section)
        if doc.has_closing:
            self.closing(doc)
        if doc.signatories or (doc.is_draft and doc.pending):
            self.paragraph("Heading 2", _("Uttalelsen støttes av"))
            for signatory in doc.signatories:
                self.signatory(signatory)
            if doc.is_draft:
                for organisation in doc.pending:
                    line = _("%(organisation)s – invitert, har ikke signert ennå",
                             organisation=_one_line(organisation))
                    self.paragraph("Normal", line).runs[0].italic = True
        if doc.conditions or doc.measures:
            self.appendix(doc)

    def letterhead(self, doc: PaperDocument) -> None:
        """The sender block: logo, the county's name, address and numbers."""
        sender = doc.sender
        name = _one_line(sender.name if sender is not None else "") or _one_line(doc.county_name)
        if sender is not None and sender.logo:
            logo = self.paragraph("Normal")
            logo.paragraph_format.space_after = Pt(4)
            logo.add_run().add_picture(BytesIO(sender.logo), height=Cm(1.6))
        if name:
            heading = self.paragraph("Normal", name, bold=True)
            heading.runs[0].font.size = Pt(13)
            heading.paragraph_format.space_after = Pt(2)
        if sender is None:
            return
        lines = [", ".join(_one_line(line) for line in sender.address_lines if _one_line(line))]
        switchboard, email = _one_line(sender.switchboard), _one_line(sender.email)
        org_number = _one_line(sender.org_number)
        lines.append("  ·  ".join(part for part in (
            _("Sentralbord: %(number)s", number=switchboard) if switchboard else "",
            _("E-post: %(email)s", email=email) if email else "",
            _("Org.nr. %(number)s", number=org_number) if org_number else "",
        ) if part))
        for line in filter(None, lines):
            paragraph = self.paragraph("Normal", line)
            paragraph.runs[0].font.size = Pt(9)
            paragraph.paragraph_format.space_after = Pt(0)

    def closing(self, doc: PaperDocument) -> None:
        """"Med hilsen", the county's signatory and the electronic approval line."""
        closing = self.paragraph("Normal", _("Med hilsen"))
        closing.paragraph_format.space_before = Pt(18)
        closing.paragraph_format.keep_with_next = True
        lines = [_one_line(doc.signatory_name), _one_line(doc.signatory_title),
                 _one_line(doc.county_name)]
        for index, line in enumerate(filter(None, lines)):
            paragraph = self.paragraph("Normal", line, bold=index == 0 and bool(lines[0]))
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.keep_with_next = True
            if index == 0:
                paragraph.paragraph_format.space_before = Pt(12)
        note = self.paragraph("Normal", str(E_SIGNATURE_LINE))
        note.paragraph_format.space_before = Pt(12)
        note.runs[0].italic = True
        note.runs[0].font.size = Pt(9)

    def section(self, section: Section) -> None:
        """A section: its heading, then its Markdown body."""
        if _one_line(section.heading):
            self.paragraph("Heading 1", _one_line(section.heading))
        for block in markdown.parse(_clean(section.body_markdown)):
            if isinstance(block, markdown.Paragraph):
                self.spans(self.paragraph("Normal"), block.inlines)
            elif isinstance(block, markdown.Heading):
                self.spans(self.paragraph("Heading 2"), block.inlines)
            else:
                self.list_block(block)

    def list_block(self, block: markdown.ListBlock) -> None:
        """A bullet or numbered list; every numbered list gets its own ``w:num``."""
        name = "List Number" if block.is_ordered else "List Bullet"
        style = cast(ParagraphStyle | None, self.styles.found.get(name))
        num_id: int | None = None
        if block.is_ordered:
            abstract = self.numbering.abstract_of(style)
            if abstract is None:
                abstract = self.numbering.own_abstract("decimal")
            num_id = self.numbering.new_num(abstract, block.start)
        elif self.numbering.abstract_of(style) is None:
            if self._bullet_num is None:
                own = self.numbering.own_abstract("bullet")
                self._bullet_num = self.numbering.new_num(own, None)
            num_id = self._bullet_num
        for item in block.items:
            paragraph = self.paragraph(name)
            if style is None and self.styles.list_paragraph is not None:
                self.styles.apply(paragraph, self.styles.list_paragraph)
            if num_id is not None:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_id
            self.spans(paragraph, item)

    def signatory(self, signatory: Signatory) -> None:
        """One co-signatory: organisation in bold, then name and title, then the mandate."""
        paragraph = self.paragraph("Normal")
        paragraph.paragraph_format.keep_together = True
        paragraph.add_run(_one_line(signatory.organisation)).bold = True
        who = ", ".join(part for part in map(_one_line, (signatory.name, signatory.title)) if part)
        if who:
            paragraph.add_run().add_break()
            paragraph.add_run(who)
        if mandate := _one_line(signatory.mandate):
            paragraph.add_run().add_break()
            paragraph.add_run(_("Fullmakt: %(mandate)s", mandate=mandate))

    def appendix(self, doc: PaperDocument) -> None:
        """The appendix: linked framework conditions and affected measures as tables."""
        heading = self.paragraph("Heading 1", _("Vedlegg: rammebetingelser og berørte tiltak"))
        # A short appendix follows the letter on its page; a long one starts a page.
        if _appendix_is_long(doc):
            heading.paragraph_format.page_break_before = True
        else:
            heading.paragraph_format.space_before = Pt(24)
        if doc.conditions:
            self.paragraph("Heading 2", _("Rammebetingelser"))
            self.table(
                (_("Rammebetingelse"), _("Ansvarlig i staten"), _("Dette ber vi om")),
                [(c.title, c.owner_body, c.our_position) for c in doc.conditions],
                (0.32, 0.2, 0.48),
            )
        if doc.measures:
            self.paragraph("Heading 2", _("Berørte tiltak"))
            self.table(
                (_("Tiltak i regionplanen"), _("Mål tiltaket hører til")),
                [(m.title, m.goal) for m in doc.measures], (0.6, 0.4)
            )

    def table(
        self, headers: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...]
    ) -> Table:
        """A table with a repeating bold header row and fixed column widths."""
        table = self.document.add_table(rows=1, cols=len(headers))
        style = self.styles.found.get("Table Grid")
        if style is not None:
            table.style = cast(_TableStyle, style)
        else:
            _add_borders(table)
        # A fixed layout wraps a very long word instead of widening its column off the page.
        table.autofit = False
        header_row = table.rows[0]
        header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text in zip(header_row.cells, headers, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                lines = _clean(value).splitlines() or [""]
                cell.paragraphs[0].add_run(lines[0].strip())
                for line in lines[1:]:
                    cell.add_paragraph().add_run(line.strip())
        text_width = _text_width(self.document)
        for column, share in zip(table.columns, widths, strict=True):
            for cell in column.cells:
                cell.width = int(text_width * share)
        return table

    def paragraph(self, name: str, text: str = "", *, bold: bool = False) -> DocxParagraph:
        """A paragraph in a template style, or in its fallback look when the style is missing."""
        paragraph = self.document.add_paragraph()
        style = self.styles.found.get(name)
        fallback_size = None if style is not None else _FALLBACK_LOOK.get(name)
        if style is not None:
            self.styles.apply(paragraph, style)
        elif fallback_size is not None:
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(12)
        if text:
            self.spans(paragraph, [markdown.Span(text, bold=bold)], fallback_size=fallback_size)
        return paragraph

    def spans(
        self,
        paragraph: DocxParagraph,
        inlines: Sequence[markdown.Inline],
        *,
        fallback_size: Pt | None = None,
    ) -> None:
        """Add spans and links as runs; a fallback heading look makes them bold and larger."""
        for inline in inlines:
            if isinstance(inline, markdown.Link) and markdown.is_safe_url(inline.url):
                self.link(paragraph, inline)
                continue
            pieces = inline.spans if isinstance(inline, markdown.Link) else (inline,)
            for span in pieces:
                run = paragraph.add_run(_clean(span.text))
                # Only set what is on: python-docx adds an empty w:rPr even for None.
                if span.bold or fallback_size:
                    run.bold = True
                if span.italic:
                    run.italic = True
                if fallback_size:
                    run.font.size = fallback_size

    def link(self, paragraph: DocxParagraph, link: markdown.Link) -> None:
        """A real ``w:hyperlink`` to an external address."""
        r_id = paragraph.part.relate_to(_clean(link.url), RT.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink", attrs={qn("r:id"): r_id})
        paragraph._p.append(hyperlink)
        for span in link.spans:
            run = paragraph.add_run(_clean(span.text))
            if span.bold:
                run.bold = True
            if span.italic:
                run.italic = True
            if self.styles.hyperlink is not None:
                self.styles.apply_to_run(run, self.styles.hyperlink)
            else:
                run.font.color.rgb = _LINK_COLOUR
                run.font.underline = True
            hyperlink.append(run._r)  # moves the run into the hyperlink


def _caseworker_line(caseworker: Caseworker | None) -> str:
    """``Saksbehandler: Kari Hansen, tlf. 32 80 86 00, kari@bfk.no`` (empty: none)."""
    if caseworker is None or not _one_line(caseworker.name):
        return ""
    parts = [_one_line(caseworker.name)]
    if phone := _one_line(caseworker.phone):
        parts.append(_("tlf. %(phone)s", phone=phone))
    if email := _one_line(caseworker.email):
        parts.append(_("e-post %(email)s", email=email))
    return _("Saksbehandler: %(caseworker)s", caseworker=", ".join(parts))


def _appendix_is_long(doc: PaperDocument) -> bool:
    """An appendix that would not fit under the letter's end: rows or text beyond a
    third of a page."""
    rows = len(doc.conditions) + len(doc.measures)
    text = sum(len(c.title) + len(c.owner_body) + len(c.our_position) for c in doc.conditions)
    text += sum(len(m.title) + len(m.goal) for m in doc.measures)
    return rows > LONG_APPENDIX_ROWS or text > LONG_APPENDIX_CHARACTERS


def _exemption_line(basis: str | None) -> str:
    """The exemption notice, e.g. ``Unntatt offentlighet, offl. § 14``."""
    basis = _one_line(basis)
    if not basis:
        return _("Unntatt offentlighet")
    if not basis.lower().startswith("offl"):
        basis = f"offl. {basis}" if basis.startswith("§") else f"offl. § {basis}"
    return _("Unntatt offentlighet, %(basis)s", basis=basis)


def _text_width(document: DocxDocument) -> int:
    """The width between the margins of the last section, in EMU (A4 with 2.5 cm if unknown)."""
    if not len(document.sections):
        return Cm(16)
    last = document.sections[-1]
    width, left, right = last.page_width, last.left_margin, last.right_margin
    if width is None or left is None or right is None:
        return Cm(16)
    return width - left - right


def _add_borders(table: Table) -> None:
    """Single-line borders, for templates without a "Table Grid" style."""
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    borders = parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>")
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    )  # fmt: skip


#: A paper that uses every feature, for the trial export in check_template.
_SAMPLE = PaperDocument(
    title="Prøve", date=date(2026, 1, 1), our_reference="1", their_reference="2",  # i18n: not ui
    recipient="Departementet", is_exempt=True, exemption_basis="§ 14",  # i18n: not ui
    sections=[Section(heading="Del", body_markdown="**a** *b* [c](https://a.no)\n\n- d\n\n1. e")],  # i18n: not ui
    conditions=[ConditionRow(title="f", owner_body="g", our_position="h")],
    measures=[MeasureRow(title="i", goal="j")],
    signatories=[Signatory(organisation="k", name="l", title="m")], county_name="n",
)  # fmt: skip
