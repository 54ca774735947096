"""Word export: every output is reopened with python-docx and checked; no app, no database."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from advocacy.papers.document import ConditionRow, MeasureRow, PaperDocument, Section, Signatory
from advocacy.papers.docx_render import (
    MAX_TEMPLATE_BYTES,
    TemplateError,
    check_template,
    date_long_nb,
    default_template,
    render_paper_docx,
)
from advocacy.papers.make_default_template import build_template

IN_CI = os.environ.get("CI", "").lower() == "true"
SOFFICE = shutil.which("soffice")

BODY = """Buskerud vil **stå mer samlet** i dialogen med *staten*.
Se [høringssiden](https://www.regjeringen.no/no/dokumenter/horing/id3000000/).

- Kollektivtransport i distriktene
- Fylkesveier og bruer

1. Første krav
2. Andre krav

Mellomtekst.

1. Nytt krav
2. Enda et krav"""
LINK_PARAGRAPH = "Buskerud vil stå mer samlet i dialogen med staten. Se høringssiden."


def make_paper(**changes: object) -> PaperDocument:
    """A paper that uses every part of the export; keyword arguments replace fields."""
    paper = PaperDocument(
        title="Felles høringsuttalelse om inntektssystemet",
        date=date(2026, 11, 26),
        our_reference="25/1428-3",
        their_reference="25/3321",
        recipient="Kommunal- og distriktsdepartementet\nPostboks 8112 Dep\n0032 Oslo",
        is_exempt=False,
        exemption_basis=None,
        sections=[
            Section(heading="Bakgrunn", body_markdown=BODY),
            Section(heading="Våre krav", body_markdown="1. Tredje liste\n2. Fortsatt tredje"),
        ],
        conditions=[
            ConditionRow(
                title="Inntektssystemet for fylkeskommunene",
                owner_body="Kommunal- og distriktsdepartementet",
                our_position="Kostnadsnøkkelen må ta hensyn til\nlange reiseavstander.",
            ),
            ConditionRow(
                title="Nasjonal transportplan",
                owner_body="Samferdselsdepartementet",
                our_position="Prioriter Ringeriksbanen.",
            ),
        ],
        measures=[MeasureRow(title="Styrke busstilbudet i Hallingdal", goal="Mer innenforskap")],
        signatories=[
            Signatory(organisation="Drammen kommune", name="Kari Nordmann", title="ordfører"),
            Signatory(organisation="Lier kommune", name="Ola Nordmann", title="varaordfører"),
        ],
        county_name="Buskerud fylkeskommune",
    )
    return dataclasses.replace(paper, **changes)  # type: ignore[arg-type]


def reopen(data: bytes) -> DocxDocument:
    """The rendered bytes opened again with python-docx."""
    return docx.Document(io.BytesIO(data))


def texts(document: DocxDocument) -> list[str]:
    """The text of every body paragraph (outside tables)."""
    return [p.text for p in document.paragraphs]


def find(document: DocxDocument, text: str) -> Paragraph:
    """The one body paragraph whose text is ``text``."""
    [paragraph] = [p for p in document.paragraphs if p.text == text]
    return paragraph


def style_of(item: Paragraph | Table) -> str:
    """The name of a paragraph's or table's style."""
    return (item.style.name if item.style is not None else None) or ""


def with_style(document: DocxDocument, name: str) -> list[str]:
    """The texts of the body paragraphs in style ``name``."""
    return [p.text for p in document.paragraphs if style_of(p) == name]


def num_id(paragraph: Paragraph) -> int | None:
    """The numbering instance set directly on a paragraph."""
    values = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    return int(values[0]) if values else None


def number_format(document: DocxDocument, value: int | None) -> str:
    """The number format (``decimal``, ``bullet``) of level 0 of numbering instance ``value``."""
    numbering = document.part.numbering_part.element
    [abstract_id] = numbering.xpath(f'./w:num[@w:numId="{value}"]/w:abstractNumId/@w:val')
    [number_format] = numbering.xpath(
        f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl[@w:ilvl="0"]/w:numFmt/@w:val'
    )
    return str(number_format)


def template_bytes(*, without: tuple[str, ...] = (), body: str | None = None) -> bytes:
    """A custom template: the shipped one without some styles, with some body text."""
    document = reopen(default_template())
    for name in without:
        document.styles.element.remove(document.styles[name].element)
    if body:
        document.add_paragraph(body)
        document.add_table(rows=1, cols=1).cell(0, 0).text = body
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def rendered() -> DocxDocument:
    """The rich paper rendered into the shipped template."""
    return reopen(render_paper_docx(make_paper()))


def test_title_and_section_headings_use_the_template_styles(rendered: DocxDocument) -> None:
    assert style_of(find(rendered, "Felles høringsuttalelse om inntektssystemet")) == "Title"
    headings = with_style(rendered, "Heading 1")
    assert headings == ["Bakgrunn", "Våre krav", "Vedlegg: rammebetingelser og berørte tiltak"]
    assert find(rendered, LINK_PARAGRAPH)


def test_letter_head_has_recipient_references_and_norwegian_date(rendered: DocxDocument) -> None:
    head = texts(rendered)[:7]
    assert head == [
        "Buskerud fylkeskommune",
        "Kommunal- og distriktsdepartementet",
        "Postboks 8112 Dep",
        "0032 Oslo",
        "Vår ref.: 25/1428-3",
        "Deres ref.: 25/3321",
        "Dato: 26.11.2026",
    ]
    assert not any("Unntatt offentlighet" in t for t in texts(rendered))


def test_exemption_line_and_missing_references() -> None:
    paper = make_paper(
        is_exempt=True, exemption_basis="§ 14", their_reference=None, recipient="", our_reference=""
    )
    document = reopen(render_paper_docx(paper))
    assert texts(document)[1:3] == ["Unntatt offentlighet, offl. § 14", "Dato: 26.11.2026"]
    assert all(run.bold for run in document.paragraphs[1].runs)


@pytest.mark.parametrize(
    ("basis", "line"),
    [
        ("14", "Unntatt offentlighet, offl. § 14"),
        ("offl. § 15 første ledd", "Unntatt offentlighet, offl. § 15 første ledd"),
        (None, "Unntatt offentlighet"),
    ],
)
def test_exemption_basis_forms(basis: str | None, line: str) -> None:
    document = reopen(render_paper_docx(make_paper(is_exempt=True, exemption_basis=basis)))
    assert line in texts(document)


def test_list_items_have_list_styles(rendered: DocxDocument) -> None:
    bullets = with_style(rendered, "List Bullet")
    numbered = with_style(rendered, "List Number")
    assert bullets == ["Kollektivtransport i distriktene", "Fylkesveier og bruer"]
    assert numbered == [
        "Første krav", "Andre krav", "Nytt krav", "Enda et krav", "Tredje liste", "Fortsatt tredje"
    ]  # fmt: skip


def test_each_numbered_list_restarts_at_one(rendered: DocxDocument) -> None:
    numbered = [p for p in rendered.paragraphs if style_of(p) == "List Number"]
    ids = [num_id(p) for p in numbered]
    # Three lists, each its own w:num, items of one list sharing theirs.
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[4] == ids[5]
    assert len({ids[0], ids[2], ids[4]}) == 3
    numbering = rendered.part.numbering_part.element
    abstract_ids = set()
    for value in {ids[0], ids[2], ids[4]}:
        [num] = numbering.xpath(f'./w:num[@w:numId="{value}"]')
        assert num.xpath("./w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]
        abstract_ids.add(num.abstractNumId.val)
    assert len(abstract_ids) == 1  # the template's own List Number definition


def test_numbering_part_keeps_schema_order(rendered: DocxDocument) -> None:
    tags = [child.tag for child in rendered.part.numbering_part.element]
    last_abstract = max(i for i, tag in enumerate(tags) if tag == qn("w:abstractNum"))
    first_num = min(i for i, tag in enumerate(tags) if tag == qn("w:num"))
    assert last_abstract < first_num


def test_a_numbered_list_may_start_elsewhere() -> None:
    paper = make_paper(sections=[Section(heading="A", body_markdown="3. tre\n4. fire")])
    document = reopen(render_paper_docx(paper))
    [num] = document.part.numbering_part.element.xpath(
        f'./w:num[@w:numId="{num_id(find(document, "tre"))}"]'
    )
    assert num.xpath(".//w:startOverride/@w:val") == ["3"]


def test_bold_and_italic_runs(rendered: DocxDocument) -> None:
    paragraph = find(rendered, LINK_PARAGRAPH)
    runs = {run.text: (run.bold, run.italic) for run in paragraph.runs}
    assert runs["stå mer samlet"] == (True, None)
    assert runs["staten"] == (None, True)
    assert runs["Buskerud vil "] == (None, None)


def test_hyperlink_is_a_real_external_relationship(rendered: DocxDocument) -> None:
    paragraph = find(rendered, LINK_PARAGRAPH)
    [link] = paragraph.hyperlinks
    assert link.text == "høringssiden"
    assert link.address == "https://www.regjeringen.no/no/dokumenter/horing/id3000000/"
    relationship = rendered.part.rels[link._hyperlink.rId]
    assert relationship.reltype == RT.HYPERLINK and relationship.is_external
    assert link.runs[0].style is not None and link.runs[0].style.name == "Hyperlink"


def test_links_to_other_schemes_stay_text() -> None:
    body = "[klikk](javascript:alert(1))"
    paper = make_paper(sections=[Section(heading="A", body_markdown=body)])
    document = reopen(render_paper_docx(paper))
    paragraph = find(document, body)
    assert paragraph.hyperlinks == []


def test_appendix_tables(rendered: DocxDocument) -> None:
    appendix = find(rendered, "Vedlegg: rammebetingelser og berørte tiltak")
    # Three short rows follow the letter on its page.
    assert not appendix.paragraph_format.page_break_before
    assert with_style(rendered, "Heading 2") == [
        "Uttalelsen støttes av", "Rammebetingelser", "Berørte tiltak"
    ]  # fmt: skip
    conditions, measures = rendered.tables
    assert style_of(conditions) == "Table Grid"
    cells = [[cell.text for cell in row.cells] for row in conditions.rows]
    assert cells == [
        ["Rammebetingelse", "Ansvarlig i staten", "Dette ber vi om"],
        [
            "Inntektssystemet for fylkeskommunene",
            "Kommunal- og distriktsdepartementet",
            "Kostnadsnøkkelen må ta hensyn til\nlange reiseavstander.",
        ],
        ["Nasjonal transportplan", "Samferdselsdepartementet", "Prioriter Ringeriksbanen."],
    ]
    assert all(run.bold for cell in conditions.rows[0].cells for run in cell.paragraphs[0].runs)
    assert conditions.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert [[c.text for c in row.cells] for row in measures.rows] == [
        ["Tiltak i regionplanen", "Mål tiltaket hører til"],
        ["Styrke busstilbudet i Hallingdal", "Mer innenforskap"],
    ]


def test_a_long_appendix_starts_on_a_page_of_its_own() -> None:
    rows = [ConditionRow(title=f"Rammebetingelse {i}", owner_body="KDD", our_position="Endre.")
            for i in range(7)]
    document = reopen(render_paper_docx(make_paper(conditions=rows, measures=[])))
    appendix = find(document, "Vedlegg: rammebetingelser og berørte tiltak")
    assert appendix.paragraph_format.page_break_before
    # Portrait, as the template: the table fits between the margins.
    section = document.sections[-1]
    assert section.page_width < section.page_height


def test_no_appendix_and_no_signatories_when_none_are_given() -> None:
    document = reopen(render_paper_docx(make_paper(conditions=[], measures=[], signatories=[])))
    assert document.tables == []
    assert not any(t.startswith(("Vedlegg", "Uttalelsen støttes")) for t in texts(document))
    assert texts(document)[-3:] == [
        "Med hilsen", "Buskerud fylkeskommune",
        "Dokumentet er elektronisk godkjent og har derfor ingen håndskrevne signaturer",
    ]  # fmt: skip


def test_only_measures_gives_only_the_measures_table() -> None:
    document = reopen(render_paper_docx(make_paper(conditions=[])))
    [table] = document.tables
    assert table.rows[0].cells[0].text == "Tiltak i regionplanen"
    assert "Rammebetingelser" not in texts(document)


def test_signatories_are_exactly_those_given(rendered: DocxDocument) -> None:
    all_texts = texts(rendered)
    start = all_texts.index("Uttalelsen støttes av")
    assert all_texts[start - 3 : start - 1] == ["Med hilsen", "Buskerud fylkeskommune"]
    signers = rendered.paragraphs[start + 1 : start + 3]
    assert [p.text for p in signers] == [
        "Drammen kommune\nKari Nordmann, ordfører",
        "Lier kommune\nOla Nordmann, varaordfører",
    ]
    assert signers[0].runs[0].text == "Drammen kommune" and signers[0].runs[0].bold
    assert all_texts[start + 3] == "Vedlegg: rammebetingelser og berørte tiltak"


def test_template_header_footer_and_page_setup_are_kept(rendered: DocxDocument) -> None:
    [section] = rendered.sections
    assert section.header.paragraphs[0].text == "Buskerud fylkeskommune"
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    # A4 and 2.5 cm margins, as Word stores them (in twentieths of a point).
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin)
    assert [round(size.mm) if size is not None else None for size in sizes] == [210, 297, 25, 25]


def test_template_body_content_is_removed() -> None:
    template = template_bytes(body="MALTEKST SOM SKAL BORT")
    document = reopen(render_paper_docx(make_paper(conditions=[], measures=[]), template))
    assert not any("MALTEKST" in t for t in texts(document))
    assert document.tables == []
    assert document.sections[0].header.paragraphs[0].text == "Buskerud fylkeskommune"


def test_core_properties() -> None:
    properties = reopen(render_paper_docx(make_paper())).core_properties
    assert properties.title == "Felles høringsuttalelse om inntektssystemet"
    assert properties.author == "Buskerud fylkeskommune"
    assert properties.language == "nb-NO"
    assert properties.created.date() == date(2026, 11, 26)


def test_special_characters_export_literally_and_safely() -> None:
    long_word = "Rammebetingelse" * 60
    nasty = "Æøå ÆØÅ & <script>alert(1)</script> \"sitat\" 'x'"
    paper = make_paper(
        title=nasty,
        recipient="Departement & co <b>",
        sections=[
            Section(
                heading=nasty,
                body_markdown=f"{nasty}\n\n{long_word}\n\nKontroll\x00\x07\x0b\x1ftegn",
            ),
        ],
        conditions=[ConditionRow(title=long_word, owner_body="&", our_position="<script>")],
        signatories=[Signatory(organisation="Ål & Gol <kommune>", name="Åse\x01", title="")],
    )
    data = render_paper_docx(paper)
    document = reopen(data)
    styles_of_nasty = [style_of(p) for p in document.paragraphs if p.text == nasty]
    assert styles_of_nasty == ["Title", "Heading 1", "Normal"]
    assert long_word in texts(document)
    assert "Kontrolltegn" in texts(document)
    assert "Ål & Gol <kommune>\nÅse" in texts(document)
    assert document.tables[0].rows[1].cells[0].text == long_word
    assert document.tables[0].rows[1].cells[2].text == "<script>"
    document_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script>" not in document_xml and "&lt;script&gt;" in document_xml


def test_empty_sections_are_fine() -> None:
    paper = make_paper(
        sections=[
            Section(heading="Tom seksjon", body_markdown=""),
            Section(heading="", body_markdown="Tekst uten overskrift."),
            Section(heading="  ", body_markdown="  \n\n "),
        ]
    )
    document = reopen(render_paper_docx(paper))
    assert with_style(document, "Heading 1")[:1] == ["Tom seksjon"]
    assert "" not in with_style(document, "Heading 1")
    assert "Tekst uten overskrift." in texts(document)


def test_a_template_without_styles_falls_back_by_name() -> None:
    missing = ("Title", "Heading 1", "List Bullet", "List Number", "Table Grid", "Hyperlink")
    document = reopen(render_paper_docx(make_paper(), template_bytes(without=missing)))
    heading = find(document, "Bakgrunn")
    assert style_of(heading) == "Normal"
    assert all(run.bold and run.font.size == Pt(14) for run in heading.runs)
    title = find(document, "Felles høringsuttalelse om inntektssystemet")
    assert title.runs[0].font.size == Pt(20)
    assert style_of(find(document, "Rammebetingelser")) == "Heading 2"  # still in the template
    # Lists get our own numbering definitions, and numbered lists still restart.
    bullet, first, second = (
        num_id(find(document, text))
        for text in ("Fylkesveier og bruer", "Første krav", "Nytt krav")
    )
    assert len({bullet, first, second}) == 3
    assert number_format(document, bullet) == "bullet"
    assert number_format(document, first) == number_format(document, second) == "decimal"
    assert style_of(find(document, "Første krav")) == "List Paragraph"
    # The table draws its own borders; the link its own colour.
    assert style_of(document.tables[0]) == "Normal Table"
    assert document.tables[0]._tbl.tblPr.find(qn("w:tblBorders")) is not None
    [link] = find(document, LINK_PARAGRAPH).hyperlinks
    assert link.runs[0].font.underline and str(link.runs[0].font.color.rgb) == "0563C1"


def test_a_template_without_a_numbering_part_gets_one() -> None:
    document = reopen(default_template())
    part = document.part
    [r_id] = [r_id for r_id, rel in part.rels.items() if rel.reltype == RT.NUMBERING]
    part.drop_rel(r_id)
    out = io.BytesIO()
    document.save(out)
    rendered = reopen(render_paper_docx(make_paper(), out.getvalue()))
    assert num_id(find(rendered, "Første krav")) != num_id(find(rendered, "Nytt krav"))
    assert num_id(find(rendered, "Fylkesveier og bruer")) is not None


def test_check_template_accepts_the_shipped_template() -> None:
    report = check_template(default_template())
    assert report.ok and report.error is None
    assert report.missing_styles == [] and report.fallbacks == {} and report.warning is None


def test_check_template_names_missing_styles_and_their_fallbacks() -> None:
    report = check_template(template_bytes(without=("Heading 1", "List Number")))
    assert report.ok and report.error is None
    assert report.missing_styles == ["Heading 1", "List Number"]
    assert report.fallbacks == {
        "Heading 1": "Normal, fet 14 pkt",
        "List Number": "Normal med egen nummerering",
    }
    assert report.warning is not None and report.warning.startswith("Malen mangler 2 stil(er).")


def _zip(files: dict[str, bytes]) -> bytes:
    """A zip archive of the given members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def _with_content_type(old: bytes, new: bytes) -> bytes:
    """The shipped template with one content type replaced."""
    source = zipfile.ZipFile(io.BytesIO(default_template()))
    members = {name: source.read(name) for name in source.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(old, new)
    return _zip(members)


def _broken_document_xml() -> bytes:
    """The shipped template with unreadable XML as its main part."""
    source = zipfile.ZipFile(io.BytesIO(default_template()))
    members = {name: source.read(name) for name in source.namelist()}
    members["word/document.xml"] = b"<w:document><w:body><w:p>"
    return _zip(members)


MAIN = b"wordprocessingml.document.main+xml"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: b"", "Filen er tom."),
        (lambda: b"Dette er ikke Word", "ikke et gyldig Word-dokument"),
        (lambda: b"x" * (MAX_TEMPLATE_BYTES + 1), "større enn 5 MB"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "gamle .doc-formatet"),
        (lambda: _zip({"hei.txt": b"hei"}), "ikke et gyldig Word-dokument"),
        (lambda: _zip({"[Content_Types].xml": b"", "x": bytes(51 * 2**20)}), "mer enn 50 MB"),
        (lambda: default_template()[:5000], "ikke et gyldig Word-dokument"),
        (_broken_document_xml, "ikke et gyldig Word-dokument"),
        (lambda: _with_content_type(MAIN, b"wordprocessingml.template.main+xml"), "(.dotx)"),
        (lambda: _with_content_type(MAIN, b"ms-word.document.macroEnabled.main+xml"), "makroer"),
    ],
    ids=[
        "empty", "text", "oversize", "ole", "zip", "zip-bomb", "truncated", "broken-xml", "dotx",
        "docm",
    ],
)  # fmt: skip
def test_check_template_refuses_unusable_files(make: Callable[[], bytes], reason: str) -> None:
    data = make()
    report = check_template(data)
    assert not report.ok and report.missing_styles == []
    assert report.error is not None and reason in report.error
    with pytest.raises(TemplateError, match=re.escape(reason)):
        render_paper_docx(make_paper(), data)


def test_date_long_nb() -> None:
    assert date_long_nb(date(2026, 11, 26)) == "26. november 2026"
    assert date_long_nb(date(2027, 1, 1)) == "1. januar 2027"


def test_shipped_template_matches_the_script() -> None:
    shipped, built = reopen(default_template()), build_template()
    assert [s.name for s in shipped.styles] == [s.name for s in built.styles]
    for a, b in zip(shipped.sections, built.sections, strict=True):
        for attribute in ("page_width", "page_height", "left_margin", "top_margin"):
            assert getattr(a, attribute) == getattr(b, attribute)
        assert a.header.paragraphs[0].text == b.header.paragraphs[0].text
        assert a.footer._element.xml == b.footer._element.xml


@pytest.mark.skipif(
    SOFFICE is None and not IN_CI,
    reason="LibreOffice is not installed (apt-get install -y --no-install-recommends "
    "libreoffice-writer-nogui); with CI=true this test fails instead",
)
def test_libreoffice_converts_the_output_to_pdf(tmp_path) -> None:  # noqa: ANN001
    if SOFFICE is None:
        pytest.fail("CI=true requires LibreOffice (soffice) to prove the export opens")
    source = tmp_path / "notat.docx"
    source.write_bytes(render_paper_docx(make_paper(title="Æøå & <script> i tittelen")))
    # A profile of its own: no clash with another soffice, no need for a writable HOME.
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        [SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "notat.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if pdftotext := shutil.which("pdftotext"):
        text = subprocess.run(
            [pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout
        for expected in ("Æøå & <script> i tittelen", "Uttalelsen støttes av", "Lier kommune"):
            assert expected in text
        assert re.search(r"Side 1 av \d", text)  # the template's footer, fields filled in


def test_a_sub_heading_is_a_second_level_heading_under_the_section() -> None:
    paper = make_paper(sections=[Section(heading="Våre merknader",
                                         body_markdown="## Om *tog*\n\nTekst.")])
    document = reopen(render_paper_docx(paper))
    sub = find(document, "Om tog")
    assert style_of(sub) == "Heading 2"
    assert [(r.text, r.italic) for r in sub.runs] == [("Om ", None), ("tog", True)]
    assert style_of(find(document, "Våre merknader")) == "Heading 1"
