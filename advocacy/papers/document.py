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
    #: The signer's authority to sign (e.g. "Formannskapets vedtak 12.11.2026, sak 45/26").
    mandate: str = ""


@dataclass(frozen=True, kw_only=True)
class Sender:
    """The county's letterhead: the sender block at the top of the letter."""

    name: str
    address_lines: list[str] = field(default_factory=list)
    org_number: str = ""
    switchboard: str = ""
    #: The official mailbox (postmottak).
    email: str = ""
    #: PNG bytes, or ``None`` for no logo.
    logo: bytes | None = None


@dataclass(frozen=True, kw_only=True)
class Caseworker:
    """The saksbehandler: the paper's responsible user, as the recipient may contact them."""

    name: str
    phone: str = ""
    email: str = ""


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
    #: The subject line ("Høringssvar – <hearing>"); empty: the title is the subject.
    subject: str = ""
    #: The letterhead; ``None``: the county's name alone.
    sender: Sender | None = None
    caseworker: Caseworker | None = None
    #: Who signs for the county ("Med hilsen"), and their title.
    signatory_name: str = ""
    signatory_title: str = ""
    #: Not final yet: the letter carries an UTKAST mark and lists ``pending``.
    is_draft: bool = False
    #: Invited organisations that have not signed the current text (drafts only).
    pending: list[str] = field(default_factory=list)
    #: A letter ends with «Med hilsen» and the signatory; a document that is no letter
    #: (the yearly platform) ends with its last section.
    has_closing: bool = True
