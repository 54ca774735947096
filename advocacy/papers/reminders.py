"""Sign-by dates of papers out for co-signing, as a source of reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from advocacy import i18n
from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.hearings.services import deadline_at
from advocacy.notify.mail import external_url
from advocacy.notify.planning import DeadlineItem, Person
from advocacy.notify.sources import deadline_source, lead_days, window
from advocacy.papers import signing
from advocacy.papers.models import Answer, Invitation, PaperRevision, PaperStatus, PositionPaper
from advocacy.papers.services import signing_summaries


class _EscapedText(LazyString):
    """A lazy translation whose variables come from users: translated when the reminder
    mail is written (in its recipient's language), and escaped in its HTML part
    (flask_babel's ``LazyString`` would hand the whole text to Jinja as markup)."""

    def __init__(self, text: LazyString) -> None:
        super().__init__(str, text)

    def __html__(self) -> str:
        return escape(str(self))


@deadline_source
def signing_deadlines(now: datetime) -> list[DeadlineItem]:
    """Each invitation to a paper in signing that still waits for an answer and whose
    sign-by date a reminder may be due for now.

    Pending invitations and signatures on an earlier text wait; declined ones and
    signatures on the current text have answered and are not reminded. No paper text is
    loaded: the current text is known by its hash.
    """
    leads = lead_days("REMINDER_DAYS_MILESTONE")
    start, end = window(now, leads)
    first_day, last_day = start.date(), (end - timedelta(days=1)).date()
    invitations = list(db.session.scalars(
        select(Invitation).join(Invitation.paper)
        .where(PositionPaper.status == PaperStatus.SIGNING, Invitation.answer != Answer.DECLINED,
               Invitation.sign_by >= first_day, Invitation.sign_by <= last_day)
        .options(contains_eager(Invitation.paper).load_only(PositionPaper.id,
                                                            PositionPaper.title),
                 joinedload(Invitation.organisation).selectinload(Organisation.users))
        .order_by(Invitation.id)))
    paper_ids = sorted({invitation.paper_id for invitation in invitations})
    current = _current_hashes(paper_ids)
    counts = signing_summaries(paper_ids)
    items = []
    for invitation in invitations:
        signed_before = invitation.answer == Answer.SIGNED
        if signed_before and invitation.signed_hash == current.get(invitation.paper_id):
            continue
        paper = invitation.paper
        signed, invited = counts.get(paper.id, (0, 0))
        items.append(DeadlineItem(
            item=f"signing:{invitation.id}",
            title=_EscapedText(_l("%(title)s – svar for %(organisation)s", title=paper.title,
                                  organisation=invitation.organisation.name)),
            deadline_at=deadline_at(invitation.sign_by), leads=leads,
            recipients=tuple(
                Person(u.id, u.email, u.name, u.is_active, u.reminder_frequency,
                       language=i18n.for_user(u))
                for u in signing.users_of(invitation.organisation)),
            kind=_l("Medsignering"),
            status=(_l("Signerte en tidligere versjon – bekreft på nytt") if signed_before
                    else _l("Ikke svart")),
            missing=_l("%(signed)d av %(invited)d partnere har signert", signed=signed,
                       invited=invited),
            url=external_url("papers.detail", paper_id=paper.id)))
    return items


def _current_hashes(paper_ids: list[int]) -> dict[int, str]:
    """The content hash of each paper's newest revision."""
    if not paper_ids:
        return {}
    newest = (select(PaperRevision.paper_id, func.max(PaperRevision.number).label("number"))
              .where(PaperRevision.paper_id.in_(paper_ids))
              .group_by(PaperRevision.paper_id).subquery())
    rows = db.session.execute(
        select(PaperRevision.paper_id, PaperRevision.content_hash)
        .join(newest, (PaperRevision.paper_id == newest.c.paper_id)
              & (PaperRevision.number == newest.c.number)))
    return {paper_id: content_hash for paper_id, content_hash in rows}
