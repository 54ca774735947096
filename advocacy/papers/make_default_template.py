"""Build the default county letter template, ``templates/brevmal.docx``.

Run by hand after changing it, and commit the output with it:

    .venv/bin/python -m advocacy.papers.make_default_template

Nothing runs this at install or export time; the package ships the built file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from advocacy.papers.docx_render import set_language

OUTPUT = Path(__file__).with_name("templates") / "brevmal.docx"
COUNTY = "Buskerud fylkeskommune"
#: Arial has æøå everywhere; LibreOffice substitutes the metric-compatible Liberation Sans.
FONT = "Arial"
DARK = RGBColor(0x1F, 0x3A, 0x5F)
#: Style → (size pt, bold, colour, space before pt, space after pt); None leaves it as is.
LOOKS: dict[str, tuple[float, bool | None, RGBColor | None, float | None, float | None]] = {
    "Normal": (11, None, None, None, 6),
    "Title": (20, True, DARK, None, None),
    "Heading 1": (14, True, DARK, 18, 6),
    "Heading 2": (12, True, DARK, 12, 4),
    "Header": (9, None, None, None, None),
    "Footer": (9, None, None, None, None),
}


def build_template() -> DocxDocument:
    """The letter template: A4, margins, header and footer, Norwegian styles."""
    document = docx.Document()
    set_language(document, "nb-NO")
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
    for name, (size, bold, colour, before, after) in LOOKS.items():
        style = cast(ParagraphStyle, styles[name])
        _font(style, size=size, bold=bold, colour=colour)
        if before is not None:
            style.paragraph_format.space_before = Pt(before)
        if after is not None:
            style.paragraph_format.space_after = Pt(after)
    # python-docx's Title has a blue rule under it; a county letter does not.
    title_ppr = styles["Title"].element.pPr
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    missing = {"List Bullet", "List Number", "Table Grid"} - {style.name for style in styles}
    if missing:
        raise SystemExit(f"python-docx's default template no longer has {sorted(missing)}")

    hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    hyperlink.font.underline = True

    properties = document.core_properties
    properties.title = "Brevmal"
    properties.author = properties.last_modified_by = COUNTY
    properties.language = "nb-NO"
    return document


def _font(
    style: ParagraphStyle, *, size: float, bold: bool | None = None, colour: RGBColor | None = None
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


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
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
    build_template().save(str(OUTPUT))
    print(f"Wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
