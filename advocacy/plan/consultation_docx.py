"""Word export of the plan consultation: one document per question, all five as a zip.

A plain python-docx document, not the papers' letter renderer: the plan domain lies below
papers and may not import it (tests/test_layering.py), and that renderer writes a letter
(recipient, «Med hilsen», the county's signatory), which a collection of answers is not.
:func:`render_question_docx` is a pure function: data in, bytes out, its fixed texts in
the language being rendered (``advocacy.i18n``).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from io import BytesIO

import docx
from docx.shared import Pt, RGBColor
from flask_babel import gettext as _

from advocacy import clock, i18n, memory

# Characters XML 1.0 forbids; lxml refuses them, so they are dropped from every text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_GREY = RGBColor(0x44, 0x44, 0x44)


@dataclass(frozen=True, kw_only=True)
class AnswerRow:
    """One organisation's answer, as the document shows it."""

    organisation: str
    text: str
    #: Who saved it, e.g. "Pål Partner" or "Siri Rådgiver (fylkeskommunen, på vegne av …)".
    author: str
    saved_at: datetime


@dataclass(frozen=True, kw_only=True)
class QuestionDocument:
    """Everything the export of one question needs."""

    consultation: str
    number: int
    of: int
    question: str
    deadline_at: datetime
    exported_on: date
    county_name: str = "Buskerud fylkeskommune"  # i18n: not ui
    answers: list[AnswerRow] = field(default_factory=list)
    #: Organisations asked that have not answered.
    missing: list[str] = field(default_factory=list)


def _clean(text: str | None) -> str:
    return _XML_ILLEGAL.sub("", text or "")


def _moment(moment: datetime) -> str:
    return moment.astimezone(clock.OSLO).strftime("%d.%m.%Y kl. %H:%M")


def render_question_docx(doc: QuestionDocument) -> bytes:
    """The answers to one question as a Word document (.docx bytes)."""
    memory.release_after_request()  # the document's C memory, once the answer is sent
    document = docx.Document()
    document.add_heading(_clean(doc.consultation), level=0)
    document.add_heading(_("Spørsmål %(number)d av %(of)d", number=doc.number, of=doc.of),
                         level=1)
    question = document.add_paragraph()
    question.add_run(_clean(doc.question)).bold = True
    facts = document.add_paragraph(_(
        "Svarfrist: %(deadline)s · Svar fra %(answered)d av %(asked)d organisasjoner · "
        "Hentet ut %(exported)s", deadline=_moment(doc.deadline_at), answered=len(doc.answers),
        asked=len(doc.answers) + len(doc.missing), exported=doc.exported_on.strftime("%d.%m.%Y")))
    facts.runs[0].font.size = Pt(9)
    facts.runs[0].font.color.rgb = _GREY
    if not doc.answers:
        document.add_paragraph(_("Ingen organisasjoner har svart på dette spørsmålet ennå."))
    for row in doc.answers:
        document.add_heading(_clean(row.organisation), level=2)
        for block in _clean(row.text).split("\n\n"):
            lines = [line.strip() for line in block.splitlines()]
            if not any(lines):
                continue
            paragraph = document.add_paragraph()
            for index, line in enumerate(lines):
                if index:
                    paragraph.add_run().add_break()
                paragraph.add_run(line)
        byline = document.add_paragraph(_("Lagret av %(author)s %(moment)s",
                                          author=_clean(row.author),
                                          moment=_moment(row.saved_at)))
        byline.runs[0].italic = True
        byline.runs[0].font.size = Pt(9)
        byline.runs[0].font.color.rgb = _GREY
    if doc.missing:
        document.add_heading(_("Har ikke svart"), level=2)
        document.add_paragraph(", ".join(_clean(name) for name in doc.missing) + ".")
    properties = document.core_properties
    properties.title = _("%(consultation)s – spørsmål %(number)d",
                         consultation=_clean(doc.consultation), number=doc.number)
    properties.subject = _clean(doc.question)[:250]
    properties.author = properties.last_modified_by = doc.county_name
    properties.comments = properties.keywords = properties.category = ""
    properties.language = "nn-NO" if i18n.current() == "nn" else "nb-NO"
    properties.revision = 1
    properties.created = properties.modified = datetime.combine(doc.exported_on, time(12),
                                                                timezone.utc)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def file_name(doc: QuestionDocument) -> str:
    """``Planhøring - spørsmål 2 - <start of the question>.docx``."""
    words = " ".join(_NOT_IN_NAMES.sub(" ", doc.question).split())
    start = words if len(words) <= 50 else words[:51].rsplit(" ", 1)[0]
    return _("Planhøring - spørsmål %(number)d - %(start)s", number=doc.number,
             start=start.strip(" .?")) + ".docx"


def zip_of(documents: list[QuestionDocument]) -> bytes:
    """Every question's document in one zip file."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc in documents:
            archive.writestr(file_name(doc), render_question_docx(doc))
    return out.getvalue()
