"""What goes into an exported position paper, as plain data independent of the ORM.

The papers service builds a :class:`PaperDocument` from a paper and its current
revision; :func:`advocacy.papers.docx_render.render_paper_docx` turns it into Word.
Empty strings and ``None`` both mean "not given".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, kw_only=True)
class Section:
    """One section of the paper: a heading and a body in the Markdown subset."""

    heading: str
    body_markdown: str


@dataclass(frozen=True, kw_only=True)
class ConditionRow:
    """A linked framework condition, as a row of the appendix table."""

    title: str
    #: The ministry or agency that owns the condition.
    owner_body: str
    #: What the county wants changed; plain text, line breaks kept.
    our_position: str


@dataclass(frozen=True, kw_only=True)
class MeasureRow:
    """An affected measure of the plan, as a row of the appendix table."""

    title: str
    #: The plan goal the measure belongs to.
    goal: str


@dataclass(frozen=True, kw_only=True)
class Signatory:
    """An organisation whose signature is on the current revision, and who signed."""

    organisation: str
    name: str
    title: str


@dataclass(frozen=True, kw_only=True)
class PaperDocument:
    """Everything the Word export needs to know about one paper."""

    title: str
    date: date
    our_reference: str | None = None
    #: The recipient's case number (saksnummer), when they gave one.
    their_reference: str | None = None
    #: The addressee, e.g. a ministry; several lines make an address block.
    recipient: str | None = None
    #: Exempt from public access under offentleglova.
    is_exempt: bool = False
    #: The legal basis when exempt, e.g. "§ 14" or "offl. § 15 første ledd".
    exemption_basis: str | None = None
    sections: list[Section] = field(default_factory=list)
    conditions: list[ConditionRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    #: Only the co-signatories whose signature is on the current revision.
    signatories: list[Signatory] = field(default_factory=list)
    #: The county that sends the paper, e.g. "Buskerud fylkeskommune".
    county_name: str = ""
