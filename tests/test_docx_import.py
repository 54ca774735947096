"""Word in: a .docx draft read into sections (pure), and uploaded as a paper's next version.

The sample drafts in tests/fixtures/docx/ come from two producers: python-docx (with the
XML Word writes for links, tracked changes, fields and numbering) and LibreOffice.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from PIL import Image
from sqlalchemy import select

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.papers import services
from advocacy.papers.docx_import import MAX_SECTIONS, DocxImportError, notes, read_docx
from advocacy.papers.markdown import Heading, Link, ListBlock, Paragraph, Span, parse, \
    to_markdown
from advocacy.papers.models import PaperRevision, PositionPaper
from tests.conftest import Client
from tests.helpers import text as page_text
from tests.test_paper_races import _run_together
from tests.test_revisions import form_fields
from tests.test_signing import TITLE, _draft_through_pages, _invite, _sign_data

FIXTURES = Path(__file__).parent / "fixtures" / "docx"
WORD = (FIXTURES / "utkast_word.docx").read_bytes()
LIBREOFFICE = (FIXTURES / "utkast_libreoffice.docx").read_bytes()


def _blocks(result, index: int):
    return parse(result.sections[index]["body"])


# --- reading a draft -------------------------------------------------------------------

def test_heading_1_starts_sections_deeper_headings_are_sub_headings():
    result = read_docx(WORD)
    assert [s["heading"] for s in result.sections] == ["", "Bakgrunn", "Forslag"]
    # Text before the first heading is a section of its own, without a heading.
    assert _blocks(result, 0) == [Paragraph((Span("Buskerud fylkeskommune viser til "
                                                  "høringsbrevet."),))]
    assert _blocks(result, 1)[2:] == [
        Heading((Span("Tall og fakta"),)),
        Paragraph((Span("Tre grunner:"),)),
        # List Bullet and List Bullet 2 alike: the nested item is flattened.
        ListBlock(False, ((Span("Arbeidsplasser"),), (Span("Bosetting"),),
                          (Span("Et underpunkt"),), (Span("Klima"),))),
    ]


def test_bold_italic_and_links_are_kept_and_a_javascript_link_keeps_only_its_text():
    first, underlined = _blocks(read_docx(WORD), 1)[:2]
    assert first == Paragraph((
        Span("Buskerud trenger "), Span("større næringsområder", bold=True), Span(" og "),
        Span("bedre vei", italic=True), Span(". Les "),
        Link("https://www.regjeringen.no/no/id1763/", (Span("høringen"),)),
        Span(" eller dette."),
    ))
    assert underlined == Paragraph((Span("Fristen er 15. januar."),))


def test_numbering_is_read_from_numbering_xml_tracked_insertions_kept_deletions_not():
    blocks = _blocks(read_docx(WORD), 2)
    assert blocks[:2] == [
        ListBlock(True, ((Span("Endre planretningslinjene"),), (Span("Styrke tilskuddet"),))),
        ListBlock(False, ((Span("Et punkt med ekte nummerering"),),)),
    ]
    texts = [b.inlines[0].text for b in blocks[2:]]
    # The field's shown text stays; the table, the image and the comment go.
    assert texts == ["Vi ber departementet snarest om et møte.", "Datert 26.11.2026",
                     "Med vennlig hilsen"]


def test_a_draft_from_libreoffice_with_heading_2_as_its_highest_level():
    result = read_docx(LIBREOFFICE)
    assert [s["heading"] for s in result.sections] == ["Innledning", "Merknader"]
    assert _blocks(result, 0) == [
        Paragraph((Span("Lier kommune "), Span("støtter", bold=True), Span(" forslaget, men "),
                   Span("ikke uten vilkår", italic=True), Span(". Skriv til "),
                   Link("mailto:postmottak@lier.kommune.no", (Span("postmottaket"),)),
                   Span("."))),
        Paragraph((Span("Tallene er fra SSB."),)),  # the footnote is gone
        Heading((Span("Detaljer"),)),
        ListBlock(False, ((Span("Næringsareal"),), (Span("Boliger"),),
                          (Span("Fritidsboliger"),))),
        ListBlock(True, ((Span("Første krav"),), (Span("Andre krav"),))),
    ]
    assert _blocks(result, 1) == [
        Paragraph((Span("Se rammen."),)),  # the text box's text is gone
        Paragraph((Span("Vi viser til vedlegget på filserveren."),)),  # an ftp: link
        Paragraph((Span("Med hilsen Lier kommune"),)),
    ]


@pytest.mark.parametrize("data", [WORD, LIBREOFFICE], ids=["word", "libreoffice"])
def test_each_body_is_stored_markdown_that_reads_back_the_same(data):
    for section in read_docx(data).sections:
        assert to_markdown(parse(section["body"])) == section["body"]
    body = read_docx(WORD).sections[1]["body"]
    assert body.startswith("Buskerud trenger **større næringsområder** og *bedre vei*. Les "
                           "[høringen](https://www.regjeringen.no/no/id1763/) eller dette.")
    assert "javascript" not in body


def test_what_is_dropped_is_counted_per_kind_and_said_in_norwegian():
    word, libreoffice = read_docx(WORD), read_docx(LIBREOFFICE)
    assert word.dropped == {"tables": 1, "images": 1, "comments": 1, "deletions": 1,
                            "fields": 1, "formatting": 1, "nested": 1, "unsafe_links": 1}
    assert libreoffice.dropped == {"tables": 1, "text_boxes": 1, "footnotes": 1,
                                   "comments": 1, "nested": 1, "unsafe_links": 1}
    assert notes(word.dropped) == [
        "1 tabell", "1 bilde, tegning eller innebygd objekt", "1 kommentar",
        "1 sporet sletting (den slettede teksten)", "1 felt (teksten det viste, er beholdt)",
        "understreking, farge, skrifttype eller skriftstørrelse i 1 avsnitt",
        "1 underpunkt i en liste (flyttet opp til listens første nivå)",
        "1 lenke som ikke går til en nettside eller e-postadresse (teksten er beholdt)"]
    assert notes({"tables": 2, "footnotes": 3}) == ["2 tabeller", "3 fotnoter eller sluttnoter"]


def _document(*paragraphs: tuple[str, str | None]) -> bytes:
    """A .docx made by python-docx from (text, style) pairs."""
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_no_heading_at_all_gives_one_section_without_a_heading_and_title_is_level_1():
    assert read_docx(_document(("Bare tekst.", None))).sections == [
        {"heading": "", "body": "Bare tekst."}]
    result = read_docx(_document(("Uttalelse", "Title"), ("Innledning", "Heading 1"),
                                 ("Tekst.", None), ("Detalj", "Heading 3")))
    assert result.sections == [{"heading": "Uttalelse", "body": ""},
                               {"heading": "Innledning", "body": "Tekst.\n\n## Detalj"}]


def _with_body(paragraphs: str, numbering: str | None = None) -> bytes:
    """The Word draft with its body replaced by ``paragraphs`` (WordprocessingML), and its
    numbering by ``numbering`` (the inside of ``w:numbering``) if given."""
    document = zipfile.ZipFile(io.BytesIO(WORD)).read("word/document.xml")
    body = b"<w:body>" + paragraphs.encode() + b"</w:body>"
    changes = {"word/document.xml": re.sub(rb"<w:body>.*</w:body>", lambda _m: body,
                                           document, flags=re.S)}
    if numbering is not None:
        changes["word/numbering.xml"] = (f'<w:numbering xmlns:w="{W}">{numbering}'
                                         "</w:numbering>").encode()
    return _rezipped(WORD, changes)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _field(code: str, *shown: str) -> str:
    """A field spread over runs, as Word writes it, showing ``shown``."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f"<w:r><w:instrText>{code}</w:instrText></w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + "".join(shown) + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_fields_hyperlink_fields_and_a_table_of_contents():
    result = read_docx(_with_body(
        # A table of contents: a field whose result runs over several paragraphs.
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Innledning 1</w:t></w:r></w:p>"
        '<w:p><w:r><w:t>Forslag 2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        "<w:p><w:r><w:t>Se </w:t></w:r>"
        + _field(' HYPERLINK "https://lovdata.no/" ', "<w:r><w:rPr><w:b/></w:rPr><w:t>loven"
                 "</w:t></w:r>")
        + "<w:r><w:t> og </w:t></w:r>"
        + _field(' HYPERLINK "javascript:alert(1)" ', "<w:r><w:t>dette</w:t></w:r>")
        + '<w:r><w:t xml:space="preserve">, side </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>'))
    assert result.sections == [{"heading": "", "body": "Se [**loven**](https://lovdata.no/) og "
                                                       "dette, side 3"}]
    assert result.dropped == {"toc": 1, "unsafe_links": 1, "fields": 1}


def test_hidden_text_symbols_equations_and_headers_are_dropped_and_counted():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Buskerud fylkeskommune"
    paragraph = document.add_paragraph("Synlig")
    paragraph.add_run(" skjult").font.hidden = True
    paragraph.add_run(" og ").font.strike = False  # turned off: nothing is lost
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="Wingdings" '
                                  'w:char="F04A"/></w:r>'))
    paragraph._p.append(parse_xml(
        f'<m:oMath {nsdecls("m")}><m:r><m:t>x²</m:t></m:r></m:oMath>'))
    paragraph.add_run("slutt")
    out = io.BytesIO()
    document.save(out)
    result = read_docx(out.getvalue())
    assert result.sections == [{"heading": "", "body": "Synlig og slutt"}]
    assert result.dropped == {"hidden": 1, "symbols": 1, "equations": 1, "headers": 1}
    assert notes(result.dropped) == ["1 formel", "1 tegn fra en symbolskrift",
                                     "skjult tekst i 1 avsnitt",
                                     "1 topptekst eller bunntekst"]


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "-1", " 2"],
                         ids=["superscript two", "arabic-indic three", "5000 digits", "negative",
                              "blank"])
def test_numbers_that_are_not_plain_digits_are_ignored(value):
    """``"²".isdigit()`` is true but ``int("²")`` fails; Python refuses 5000 digits."""
    numbering = (f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{value}"/>'
                 '<w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>'
                 '<w:num w:numId="8"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
                 f'<w:startOverride w:val="{value}"/></w:lvlOverride></w:num>')
    result = read_docx(_with_body(
        f'<w:p><w:pPr><w:outlineLvl w:val="{value}"/></w:pPr><w:r><w:t>Vanlig avsnitt</w:t>'
        "</w:r></w:p>"
        + "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{value}"/><w:numId w:val="{num}"/>'
                  f"</w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>" if num else
                  f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
                  for num, text in ((7, "Første"), (7, "Andre"), (None, "Så:"),
                                    (8, "Igjen fra start"))),
        numbering))
    # Not a heading; list items on the first level, numbered from 1 as if nothing was said.
    assert result.sections == [{"heading": "", "body": "Vanlig avsnitt\n\n1. Første\n2. Andre"
                                                       "\n\nSå:\n\n1. Igjen fra start"}]
    assert "nested" not in result.dropped


def test_a_link_with_a_long_run_of_blanks_inside_is_read_in_linear_time():
    """Splitting off a link's edge blanks backtracked over every blank: 20 000 took ~30 s."""
    blanks = "\xa0 " * 20_000  # no-break spaces are kept as typed; the spaces between stay single
    result = read_docx(_with_body(
        '<w:p><w:r><w:t xml:space="preserve">Se </w:t></w:r><w:hyperlink r:id="rId9"><w:r>'
        f'<w:t xml:space="preserve">  a{blanks}b{blanks}</w:t></w:r></w:hyperlink>'
        "<w:r><w:t>.</w:t></w:r></w:p>"))
    # The blanks at the link's edges move out of it; those inside stay.
    assert _blocks(result, 0) == [Paragraph((
        Span("Se "), Link("https://www.regjeringen.no/no/id1763/", (Span(f"a{blanks}b"),)),
        Span(f"{blanks}.")))]


def _headings(count: int, *, intro: bool = False) -> bytes:
    """A .docx with ``count`` Heading 1s, each with a line of text (and text before them)."""
    paragraphs = [("Innledende tekst.", None)] if intro else []
    for n in range(1, count + 1):
        paragraphs += [(f"Del {n}", "Heading 1"), (f"Tekst {n}.", None)]
    return _document(*paragraphs)


def test_a_document_of_200_sections_is_read_and_one_more_is_refused():
    assert MAX_SECTIONS == 200
    result = read_docx(_headings(200))
    assert len(result.sections) == 200
    assert result.sections[-1] == {"heading": "Del 200", "body": "Tekst 200."}
    for data in (_headings(201), _headings(200, intro=True)):  # text before: a section too
        with pytest.raises(DocxImportError) as refusal:
            read_docx(data)
        assert str(refusal.value).startswith(
            "Dokumentet ville blitt 201 deler, men en tekst kan ha høyst 200 deler.")
    # Deeper headings are sub-headings inside a section, so they never count.
    result = read_docx(_document(("Del", "Heading 1"),
                                 *[(f"Punkt {n}", "Heading 2") for n in range(300)]))
    assert len(result.sections) == 1


# --- refused files ---------------------------------------------------------------------

def _rezipped(data: bytes, changes: dict[str, bytes] | None = None,
              extra: dict[str, bytes] | None = None) -> bytes:
    """``data``'s zip with some parts replaced and others added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (changes or {}).get(info.filename,
                                                               source.read(info)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, "PNG")
    return out.getvalue()


def _docm() -> bytes:
    with zipfile.ZipFile(io.BytesIO(WORD)) as source:
        types = source.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml")
    return _rezipped(WORD, {"[Content_Types].xml": types}, {"word/vbaProject.bin": b"\0" * 64})


def _dotx() -> bytes:
    with zipfile.ZipFile(io.BytesIO(WORD)) as source:
        types = source.read("[Content_Types].xml").replace(b".document.main+xml",
                                                             b".template.main+xml")
    return _rezipped(WORD, {"[Content_Types].xml": types})


def _bomb(size: int) -> bytes:
    """The Word draft with one more entry of ``size`` zero bytes (it packs ~1000:1)."""
    return _rezipped(WORD, extra={"word/media/fill.bin": bytes(size)})


def _many_entries() -> bytes:
    return _rezipped(WORD, extra={f"word/extra/part{i}.xml": b"" for i in range(2001)})


def _broken_document() -> bytes:
    return _rezipped(WORD, {"word/document.xml": b"<w:document xmlns:w='x'><w:body>"})


def _entity_bomb() -> bytes:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "haha">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
              b'main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    return _rezipped(WORD, {"word/document.xml": laughs})


def _long(characters: int) -> bytes:
    return _document(("Innledning", "Heading 1"), ("a" * characters, None))


NOT_WORD = "Filen er ikke et gyldig Word-dokument (.docx)."
CORRUPT = "Word-dokumentet er skadet og kan ikke leses."
BOMB = "Filen er pakket slik et vanlig Word-dokument aldri er (mer enn 50 MB utpakket"
REFUSED = {
    "png": (_png, NOT_WORD),
    "text": (lambda: "Dette er bare tekst med feil filendelse.".encode(), NOT_WORD),
    "xlsx-like zip": (lambda: _rezipped(WORD, {"[Content_Types].xml": b"<Types xmlns='http://"
                                               b"schemas.openxmlformats.org/package/2006/"
                                               b"content-types'/>"}), NOT_WORD),
    "docm": (_docm, "Filen inneholder makroer (.docm)."),
    "dotx": (_dotx, "Filen er en Word-mal (.dotx)."),
    "old .doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "gamle .doc-formatet"),
    "truncated": (lambda: WORD[: len(WORD) // 2], CORRUPT),
    "broken xml": (_broken_document, CORRUPT),
    "entity bomb": (_entity_bomb, CORRUPT),
    "bomb over 50 MB": (lambda: _bomb(51 * 1024 * 1024), BOMB),
    "bomb packed too tight": (lambda: _bomb(5 * 1024 * 1024), BOMB),
    "too many entries": (_many_entries, BOMB),
    "no text": (lambda: _document(), "Dokumentet har ingen tekst å lese inn."),
    "only a table": (lambda: _with_body("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p>"
                                        "</w:tc></w:tr></w:tbl>"),
                     "Dokumentet har ingen tekst å lese inn."),
    "section too long": (lambda: _long(100_001),
                         "Delen «Innledning» har 100001 tegn, men en del kan ha høyst 100000."),
    "heading too long": (lambda: _document(("O" * 301, "Heading 1")),
                         "er lengre enn 300 tegn"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_files_that_are_not_word_drafts_are_refused_with_a_reason(case):
    make, message = REFUSED[case]
    data = make()
    assert len(data) < 1024 * 1024  # every bomb is small as a file
    with pytest.raises(DocxImportError) as refusal:
        read_docx(data)
    assert message in str(refusal.value)


def test_a_section_of_exactly_100000_characters_is_accepted():
    assert len(read_docx(_long(100_000)).sections[0]["body"]) == 100_000


# --- the page ----------------------------------------------------------------------------

@pytest.fixture
def world(app, make_user):
    """Staff, Drammen's and Lier's partners, and a paper (version 2) Drammen is invited to."""
    drammen = Organisation(name="Drammen kommune", kind="municipality",
                           municipality_number="3301")
    lier = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    db.session.add_all([drammen, lier])
    staff = make_user("staff", email="radgiver@buskerud.example", name="Åse Ærlig")
    partners = {}
    for key, org in (("drammen", drammen), ("lier", lier)):
        partners[key] = make_user("partner", email=f"post@{key}.example")
        partners[key].organisation = org
    db.session.commit()
    clients = {key: _client(app, user) for key, user in [("staff", staff), *partners.items()]}
    paper = _draft_through_pages(clients["staff"], staff)
    _invite(clients["staff"], paper, drammen)
    return {"paper": paper, "clients": clients, "partners": partners, "app": app,
            "viewer": _client(app, make_user("viewer"))}


def _client(app, user) -> Client:
    client = Client(app.test_client())
    client.login(user)
    return client


def _upload(client: Client, paper_id: int, data: bytes | None, name: str = "utkast.docx",
            *, form_url: str | None = None, fields: dict | None = None, **kwargs):
    """Upload ``data`` with the hidden fields of the form on ``form_url`` (the import page),
    or with ``fields`` read from it earlier."""
    url = f"/papers/{paper_id}/import"
    form = dict(fields or form_fields(client, form_url or url))
    if data is not None:
        form["document"] = (io.BytesIO(data), name)
    return client.raw.post(url, data=form, **kwargs)


def _revisions(paper_id: int) -> list[tuple[int, str, list]]:
    db.session.expire_all()
    return [(r.number, r.title, r.sections) for r in db.session.scalars(
        select(PaperRevision).filter_by(paper_id=paper_id).order_by(PaperRevision.number))]


def test_the_page_says_what_is_kept_and_dropped(world):
    paper = world["paper"]
    response = world["clients"]["staff"].get(f"/papers/{paper.id}/import")
    assert response.status_code == 200
    page = page_text(response)
    assert f'<p class="breadcrumb"><a href="/papers/{paper.id}">{TITLE}</a></p>' in page
    assert 'enctype="multipart/form-data"' in page
    assert "erstatter teksten i versjon 2 og lagres som versjon 3" in page
    assert "Tabeller, bilder, tegninger, tekstbokser og formler." in page
    assert "En .docx-fil på høyst 10 MB." in page
    assert '<label for="document">Word-dokument (.docx)</label>' in page
    assert '<input id="base_number" name="base_number" type="hidden" value="2">' in page


def test_an_upload_makes_the_next_version_and_a_signature_on_the_last_goes_stale(world):
    paper, clients = world["paper"], world["clients"]
    response = clients["drammen"].submit(f"/papers/{paper.id}/sign",
                                         _sign_data(world["partners"]["drammen"]))
    assert response.status_code == 302
    assert "1 av 1 organisasjon" in page_text(clients["staff"].get(f"/papers/{paper.id}"))

    response = _upload(clients["staff"], paper.id, WORD, follow_redirects=True)
    page = page_text(response)
    assert "Word-dokumentet er lest inn og lagret som versjon 3." in page
    assert "Dette fra dokumentet er fjernet eller forenklet: 1 tabell; 1 bilde, tegning " \
           "eller innebygd objekt;" in page
    assert "0 av 1 organisasjon" in page and "signerte en tidligere versjon" in page
    assert "<h4>Tall og fakta</h4>" in page and "<strong>større næringsområder</strong>" in page
    number, title, sections = _revisions(paper.id)[-1]
    assert (number, title) == (3, TITLE)  # the paper keeps its title
    assert sections == read_docx(WORD).sections

    # The same document again: no new version.
    page = page_text(_upload(clients["staff"], paper.id, WORD, follow_redirects=True))
    assert "Dokumentet har samme tekst som versjon 3. Ingen ny versjon er lagret." in page
    assert len(_revisions(paper.id)) == 3


@pytest.mark.parametrize("case", ["none", "too large", "png", "docm", "bomb"])
def test_a_refused_upload_says_why_and_changes_nothing(world, case):
    paper, staff = world["paper"], world["clients"]["staff"]
    before = _revisions(paper.id)
    if case == "too large":
        world["app"].config["DOCX_IMPORT_MAX_BYTES"] = 20_000  # the Word draft is ~38 kB
    data = {"none": None, "too large": WORD, "png": _png(), "docm": _docm(),
            "bomb": _bomb(51 * 1024 * 1024)}[case]
    response = _upload(staff, paper.id, data, name="bilde.docx" if case == "png" else "u.docx")
    assert response.status_code == 422
    page = page_text(response)
    assert "Skjemaet har feil – ingenting er lagret" in page
    assert {"none": "Velg et Word-dokument (.docx) å lese inn.",
            "too large": "Filen er større enn 20 kB, som er det største et Word-dokument kan "
                         "være her.",
            "png": NOT_WORD, "docm": "Filen inneholder makroer (.docm).",
            "bomb": BOMB}[case] in page
    assert _revisions(paper.id) == before


def test_a_document_of_too_many_sections_is_refused_and_nothing_changes(world):
    paper = world["paper"]
    before = _revisions(paper.id)
    response = _upload(world["clients"]["staff"], paper.id, _headings(300))
    assert response.status_code == 422
    assert "Dokumentet ville blitt 300 deler, men en tekst kan ha høyst 200 deler." \
        in page_text(response)
    assert _revisions(paper.id) == before


def test_an_upload_from_a_page_opened_before_someone_saved_is_refused(world, make_user):
    """A opens the import page while 2 is current; B saves 3; A's upload must not undo it."""
    paper, staff = world["paper"], world["clients"]["staff"]
    fields = form_fields(staff, f"/papers/{paper.id}/import")
    theirs = [{"heading": "Bakgrunn", "body": "Kollegaens nye tekst."}]
    result = services.save_revision(db.session.get(PositionPaper, paper.id), title=TITLE,
                                    sections=theirs, author=make_user("staff"), base_number=2)
    assert result.number == 3
    db.session.commit()
    response = _upload(staff, paper.id, WORD, fields=fields)
    assert response.status_code == 409
    page = page_text(response)
    assert ("Noen andre lagret en ny versjon av teksten (versjon 3) etter at du åpnet denne "
            "siden. Ingenting er lagret.") in page
    assert f'<a href="/papers/{paper.id}/diff?old=2&new=3">Se hva som er endret (versjon 2 til ' \
           "3)</a>" in page
    assert [r[0] for r in _revisions(paper.id)] == [1, 2, 3]
    assert _revisions(paper.id)[-1][2] == theirs  # the colleague's text stands
    # The page now replaces version 3: uploading again from it saves version 4.
    assert "erstatter teksten i versjon 3 og lagres som versjon 4" in page
    assert 'name="base_number" type="hidden" value="3"' in page
    response = _upload(staff, paper.id, WORD, fields={**fields, "base_number": "3"})
    assert response.status_code == 302
    assert _revisions(paper.id)[-1][0] == 4 and _revisions(paper.id)[-1][2] == \
        read_docx(WORD).sections


@pytest.mark.parametrize("base", [None, "²", "9" * 5000, "0", "7"],
                         ids=["missing", "superscript", "huge", "zero", "future"])
def test_an_upload_without_a_valid_version_number_changes_nothing(world, base):
    paper, staff = world["paper"], world["clients"]["staff"]
    before = _revisions(paper.id)
    fields = {"csrf_token": staff.token(f"/papers/{paper.id}/import")}
    if base is not None:
        fields["base_number"] = base
    response = _upload(staff, paper.id, WORD, fields=fields)
    assert response.status_code == 409
    page = page_text(response)
    assert "Dokumentet er ikke lest inn, fordi det ikke gikk fram hvilken versjon av teksten " \
           "som var gjeldende da du åpnet siden." in page
    assert 'name="base_number" type="hidden" value="2"' in page
    assert _revisions(paper.id) == before


def test_simultaneous_uploads_make_one_new_version(world, make_user, db_name):
    url = f"/papers/{world['paper'].id}/import"
    clients = [world["clients"]["staff"], _client(world["app"], make_user("staff"))]
    fields = [form_fields(c, url) for c in clients]
    documents = [WORD, LIBREOFFICE]
    db.session.commit()  # the test's session holds nothing while they save

    def work(i: int, barrier: threading.Barrier):
        data = {**fields[i], "document": (io.BytesIO(documents[i]), "utkast.docx")}
        barrier.wait()
        response = clients[i].raw.post(url, data=data)
        return response.status_code, page_text(response)

    results = _run_together(work, 2)
    statuses = [r[0] for r in results]
    allowed = {302, 409} | ({503} if db_name == "sqlite" else set())
    assert set(statuses) <= allowed and statuses.count(302) == 1, results
    winner = statuses.index(302)
    revisions = _revisions(world["paper"].id)
    assert [r[0] for r in revisions] == [1, 2, 3]
    assert revisions[-1][2] == read_docx(documents[winner]).sections
    status, page = results[1 - winner]
    assert status == 503 or "lagret en ny versjon av teksten (versjon 3)" in page


def test_the_limit_may_be_above_the_app_s_request_limit(world):
    world["app"].config["MAX_CONTENT_LENGTH"] = 10_000  # smaller than the Word draft
    response = _upload(world["clients"]["staff"], world["paper"].id, WORD)
    assert response.status_code == 302
    assert len(_revisions(world["paper"].id)) == 3


def test_partners_and_viewers_may_not_import_and_an_uninvited_partner_sees_nothing(world):
    paper, clients = world["paper"], world["clients"]
    before = _revisions(paper.id)
    url = f"/papers/{paper.id}/import"
    for client, status in ((clients["drammen"], 403), (world["viewer"], 403),
                           (clients["lier"], 404)):
        assert client.get(url).status_code == status
        assert _upload(client, paper.id, WORD, form_url="/logout").status_code == status
    assert clients["staff"].get("/papers/99999/import").status_code == 404
    assert _revisions(paper.id) == before


@pytest.mark.parametrize("status", ["final", "submitted"])
def test_a_locked_paper_is_refused_and_nothing_changes(world, status):
    paper, staff = world["paper"], world["clients"]["staff"]
    fields = form_fields(staff, f"/papers/{paper.id}/import")  # opened while a draft
    services.set_status(db.session.get(PositionPaper, paper.id), status)
    db.session.commit()
    before = _revisions(paper.id)
    response = _upload(staff, paper.id, WORD, fields=fields)
    assert response.status_code == 409
    assert "teksten kan ikke lenger endres. Dokumentet er ikke lest inn." in page_text(response)
    assert _revisions(paper.id) == before
    response = staff.get(f"/papers/{paper.id}/import")
    assert response.status_code == 302 and response.location.endswith(f"/papers/{paper.id}")


def test_an_upload_without_the_csrf_token_is_refused(world):
    paper = world["paper"]
    before = _revisions(paper.id)
    response = world["clients"]["staff"].post(f"/papers/{paper.id}/import", data={
        "document": (io.BytesIO(WORD), "utkast.docx")})
    assert response.status_code == 400
    assert _revisions(paper.id) == before
