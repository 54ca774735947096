"""Word export of a stored paper: the ORM paper turned into a ``PaperDocument``."""

from __future__ import annotations

from sqlalchemy import select

from advocacy import clock
from advocacy.extensions import db
from advocacy.papers.docx_render import render_paper_docx
from advocacy.papers.document import (ConditionRow, MeasureRow, PaperDocument, Section,
                                      Signatory)
from advocacy.papers.models import PositionPaper, WordTemplate

COUNTY_NAME = "Buskerud fylkeskommune"


def paper_document(paper: PositionPaper) -> PaperDocument:
    """What goes into the document; only signatures on the current text are listed."""
    current = paper.current
    signatories = [Signatory(organisation=i.organisation.name, name=i.signer_name,
                             title=i.signer_title)
                   for i in sorted(paper.invitations, key=lambda i: i.organisation.name)
                   if i.is_current]
    return PaperDocument(
        title=current.title, date=clock.today(), our_reference=paper.our_reference or None,
        their_reference=paper.their_reference or None, recipient=paper.recipient or None,
        is_exempt=paper.is_exempt, exemption_basis=paper.exemption_basis or None,
        sections=[Section(heading=s["heading"], body_markdown=s["body"])
                  for s in current.sections],
        conditions=[ConditionRow(title=c.title, owner_body=c.owner_body,
                                 our_position=c.our_position) for c in paper.conditions],
        measures=[MeasureRow(title=m.title, goal=m.goal.title) for m in paper.measures],
        signatories=signatories, county_name=COUNTY_NAME)


def active_template() -> bytes | None:
    """The county's uploaded template, or ``None`` for the shipped default."""
    return db.session.scalar(select(WordTemplate.data).order_by(WordTemplate.id.desc()).limit(1))


def paper_docx(paper: PositionPaper) -> bytes:
    """The paper as a Word document in the county's template."""
    return render_paper_docx(paper_document(paper), active_template())


def docx_filename(paper: PositionPaper) -> str:
    """A safe ASCII file name for the download."""
    ascii_title = paper.title.translate(str.maketrans("æøåÆØÅ", "eoaEOA"))
    slug = "".join(c if c.isalnum() else "-" for c in ascii_title).strip("-").lower()
    return f"{'-'.join(filter(None, slug.split('-')))[:60] or 'uttalelse'}.docx"
