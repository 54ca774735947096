"""Build the default county letter template, ``templates/brevmal.docx``.

Run by hand after changing it, and commit the output with it:

    .venv/bin/python -m advocacy.papers.make_default_template

Nothing runs this at install or export time; the package ships the built file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

OUTPUT = Path(__file__).with_name("templates") / "brevmal.docx"
COUNTY = "Buskerud fylkeskommune"
#: Arial has æøå everywhere; LibreOffice substitutes the metric-compatible Liberation Sans.
FONT = "Arial"
DARK = RGBColor(0x1F, 0x3A, 0x5F)


def build_template() -> DocxDocument:
    """The letter template: A4, margins, header and footer, Norwegian styles."""
    document = docx.Document()
    _set_language(document, "nb-NO")
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)

    header = section.header.paragraphs[0]
    header.text = COUNTY
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].bold = True
    header.runs[0].font.color.rgb = DARK

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Side ")
    _add_field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _add_field(footer, "NUMPAGES", "1")

    styles = document.styles
    _font(styles["Normal"], size=11)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    _font(styles["Title"], size=20, bold=True, colour=DARK)
    # python-docx's Title has a blue rule under it; a county letter does not.
    title_ppr = styles["Title"].element.pPr
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    _font(styles["Heading 1"], size=14, bold=True, colour=DARK)
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 1"].paragraph_format.space_after = Pt(6)
    _font(styles["Heading 2"], size=12, bold=True, colour=DARK)
    styles["Heading 2"].paragraph_format.space_before = Pt(12)
    styles["Heading 2"].paragraph_format.space_after = Pt(4)
    for name in ("Header", "Footer"):
        _font(styles[name], size=9)
    for name in ("List Bullet", "List Number", "Table Grid"):
        assert styles[name] is not None  # present in python-docx's default, relied upon

    hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    hyperlink.font.underline = True

    properties = document.core_properties
    properties.title = "Brevmal"
    properties.author = properties.last_modified_by = COUNTY
    properties.language = "nb-NO"
    return document


def _font(
    style: BaseStyle, *, size: float, bold: bool | None = None, colour: RGBColor | None = None
) -> None:
    """Set a style's font; theme font references are removed because Word prefers them."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:cs"), FONT)
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour


def _set_language(document: DocxDocument, language: str) -> None:
    """Make the document language Norwegian, so Word checks spelling in bokmål."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def _add_field(paragraph, instruction: str, placeholder: str) -> None:  # noqa: ANN001
    """A simple field such as PAGE; Word and LibreOffice fill in its value."""
    field = OxmlElement("w:fldSimple", attrs={qn("w:instr"): instruction})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def main() -> None:
    """Write the template next to this script."""
    OUTPUT.parent.mkdir(exist_ok=True)
    build_template().save(OUTPUT)
    print(f"Wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
