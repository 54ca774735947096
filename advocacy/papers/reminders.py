"""Sign-by dates of papers out for co-signing, as a source of reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.hearings.services import deadline_at
from advocacy.notify.mail import external_url
from advocacy.notify.planning import DeadlineItem, Person
from advocacy.notify.sources import deadline_source, lead_days, window
from advocacy.papers import signing
from advocacy.papers.models import Invitation, PaperStatus, PositionPaper


@deadline_source
def signing_deadlines(now: datetime) -> list[DeadlineItem]:
    """Each invitation to a paper in signing that still waits for an answer.

    Pending invitations and signatures on an earlier text wait; declined ones and
    signatures on the current text have answered and are not reminded.
    """
    leads = lead_days("REMINDER_DAYS_MILESTONE")
    start, end = window(now, leads)
    first_day, last_day = start.date(), (end - timedelta(days=1)).date()
    due_soon = select(Invitation.paper_id).where(Invitation.sign_by >= first_day,
                                                 Invitation.sign_by <= last_day)
    papers = db.session.scalars(
        select(PositionPaper).where(PositionPaper.status == PaperStatus.SIGNING,
                                    PositionPaper.id.in_(due_soon))
        .options(selectinload(PositionPaper.revisions),
                 selectinload(PositionPaper.invitations).selectinload(Invitation.organisation)
                 .selectinload(Organisation.users)))
    items = []
    for paper in papers:
        signed, invited = signing.signing_summary(paper)
        url = external_url("papers.detail", paper_id=paper.id)
        for invitation in paper.invitations:
            if signing.has_answered(invitation) or not first_day <= invitation.sign_by <= last_day:
                continue
            stale = invitation.answer == "signed"
            items.append(DeadlineItem(
                item=f"signing:{invitation.id}",
                title=f"{paper.title} – svar for {invitation.organisation.name}",
                deadline_at=deadline_at(invitation.sign_by), leads=leads,
                recipients=tuple(
                    Person(u.id, u.email, u.name, u.is_active, u.reminder_frequency)
                    for u in signing.users_of(invitation.organisation)),
                kind="Medsignering",
                status=("Signerte en tidligere versjon – bekreft på nytt" if stale
                        else "Ikke svart"),
                missing=f"{signed} av {invited} partnere har signert", url=url))
    return items
