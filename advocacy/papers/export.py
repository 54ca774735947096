"""Word export of a stored paper: the ORM paper turned into a ``PaperDocument``."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import or_, select

from advocacy import clock, i18n
from advocacy.exports import content_disposition  # noqa: F401  (papers' downloads use it)
from advocacy.extensions import db
from advocacy.papers import letterhead as letterheads  # noqa: F401  (registers the model)
from advocacy.papers.docx_render import render_paper_docx
from advocacy.bodies.models import StateBody
from advocacy.papers.document import (Caseworker, ConditionRow, MeasureRow, PaperDocument,
                                      Section, Sender, Signatory)
from advocacy.papers.models import Answer, PaperStatus, PositionPaper, WordTemplate

COUNTY_NAME = "Buskerud fylkeskommune"  # i18n: not ui (the brand name)


def paper_document(paper: PositionPaper) -> PaperDocument:
    """What goes into the letter; only signatures on the current text are listed."""
    current = paper.current
    invitations = sorted(paper.invitations, key=lambda i: i.organisation.name)
    signatories = [Signatory(organisation=i.organisation.name, name=i.signer_name,
                             title=i.signer_title, mandate=i.mandate)
                   for i in invitations if i.is_current]
    is_draft = paper.status in (PaperStatus.DRAFT, PaperStatus.SIGNING)
    # Not answered yet, or signed on an earlier text and so to be signed again.
    pending = [i.organisation.name for i in invitations
               if i.answer == Answer.PENDING or (i.answer == Answer.SIGNED and not i.is_current)]
    responsible = paper.responsible
    letterhead = letterheads.current()
    return PaperDocument(
        title=current.title, date=clock.today(), our_reference=paper.our_reference or None,
        their_reference=paper.their_reference or None, recipient=recipient_block(paper) or None,
        is_exempt=paper.is_exempt, exemption_basis=paper.exemption_basis or None,
        sections=[Section(heading=s["heading"], body_markdown=s["body"])  # i18n: not ui
                  for s in current.sections],
        conditions=[ConditionRow(title=c.title, owner_body=c.owner_body,
                                 our_position=c.our_position) for c in paper.conditions],
        measures=[MeasureRow(title=m.title, goal=m.goal.title) for m in paper.measures],
        signatories=signatories,
        county_name=(letterhead.name if letterhead is not None else "") or COUNTY_NAME,
        subject=subject_line(paper, current.title), sender=_sender(letterhead),
        caseworker=(Caseworker(name=responsible.name, phone=paper.caseworker_phone,
                               email=responsible.email) if responsible is not None else None),
        signatory_name=paper.signatory_name, signatory_title=paper.signatory_title,
        is_draft=is_draft, pending=pending if is_draft else [])


def subject_line(paper: PositionPaper, title: str | None = None) -> str:
    """"Høringssvar – <hearing title>", or the paper's own title when it answers none."""
    if paper.hearing is not None:
        return _("Høringssvar – %(subject)s", subject=paper.hearing.subject)
    return title if title is not None else paper.title


def recipient_block(paper: PositionPaper) -> str:
    """The addressee and its postal address, one line each.

    The recipient typed on the paper wins, with the address typed under it, or else the
    address of the state body of that name in the register. With no recipient typed, the hearing's issuer is
    the addressee.
    """
    typed = (paper.recipient or "").strip()
    if "\n" in typed:  # an address typed on the paper
        return typed
    body = None
    if typed:
        body = db.session.scalar(select(StateBody).where(
            or_(StateBody.name == typed, StateBody.short_name == typed)).limit(1))
    elif paper.hearing is not None:
        body = paper.hearing.issuer_body
    name = typed or (body.name if body is not None else "")
    address = (body.postal_address or "") if body is not None else ""
    return "\n".join(line for line in [name, *address.splitlines()] if line.strip())


def county_sender() -> tuple[str, Sender | None]:
    """The county's name and letterhead, as every exported document has them."""
    letterhead = letterheads.current()
    return ((letterhead.name if letterhead is not None else "") or COUNTY_NAME,
            _sender(letterhead))


def _sender(letterhead: letterheads.Letterhead | None) -> Sender | None:
    if letterhead is None:
        return None
    return Sender(name=letterhead.name or COUNTY_NAME, address_lines=letterhead.address_lines,
                  org_number=letterhead.org_number, switchboard=letterhead.switchboard,
                  email=letterhead.email, logo=letterhead.logo)


def active_template() -> bytes | None:
    """The county's uploaded template, or ``None`` for the shipped default."""
    return db.session.scalar(select(WordTemplate.data).order_by(WordTemplate.id.desc()).limit(1))


def paper_docx(paper: PositionPaper) -> bytes:
    """The paper as a Word document in the county's template, in the paper's language."""
    with i18n.force_locale(paper.language):
        return render_paper_docx(paper_document(paper), active_template())


#: The longest short title in a download name, cut at a word boundary.
MAX_NAME_TITLE = 60
_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def short_title(title: str, limit: int = MAX_NAME_TITLE) -> str:
    """``title`` on one line without characters file systems refuse, cut before ``limit``
    at a word boundary (a single overlong word is cut where it must be)."""
    text = " ".join(_NOT_IN_NAMES.sub(" ", title or "").split()).strip(" .")
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut.rstrip(" .,;:–-")


def download_name(paper: PositionPaper, extension: str = "docx") -> str:
    """``Høringssvar - <short title> - <dd.mm.åååå>.docx`` ("Uttalelse - …" for a paper
    that answers no hearing)."""
    with i18n.force_locale(paper.language):
        return _download_name(paper, extension)


def _download_name(paper: PositionPaper, extension: str) -> str:
    title = short_title(paper.title) or _("uten tittel")
    day = f"{clock.today():%d.%m.%Y}"
    if paper.hearing_id:
        name = _("Høringssvar - %(title)s - %(date)s", title=title, date=day)
    else:
        name = _("Uttalelse - %(title)s - %(date)s", title=title, date=day)
    return f"{name}.{extension}"


def docx_filename(paper: PositionPaper) -> str:
    """The download name of the Word file."""
    return download_name(paper, "docx")
