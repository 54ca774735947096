"""Rows the browser tests need beyond the demo, added through the app's own models.

The demo has no hearing with every kind of warning, no suggested condition, no unanswered
invitation and no unused reset link; the pages that show these need them. Dates are
counted from today, so the hearings land in the same buckets whenever the tests run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select

from advocacy import clock
from advocacy.auth import tokens
from advocacy.auth.models import Organisation, Role, User
from advocacy.auth.services import create_user, find_user
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings.models import (ConditionSuggestion, Hearing, HearingStatus, Milestone,
                                      MilestoneKind)
from advocacy.hearings.services import add_default_milestones, deadline_at
from advocacy.notify.models import Reminder, ReminderState
from advocacy.papers import services as paper_services
from advocacy.papers.models import Invitation, PaperStatus
from advocacy.plan.models import Measure
from advocacy.platform import services as platform_services

#: The hearing whose page shows warnings, milestones and a suggestion.
HEARING = "Høring – nettlesertest om regional planlegging med korte frister"
OVERDUE_HEARING = "Høring – nettlesertest med utløpt frist"
DONE_HEARING = "Høring – nettlesertest som er besvart"
#: A milestone set on a fixed date after the hearing's deadline (a warning).
LATE_MILESTONE = "Nettlesertest: møte etter fristen"
#: Someone invited who has not chosen a password yet.
#: A partner who has not made her account yet, in a municipality no browser test invites to
#: co-sign (that would give her a fresh account link and end this one).
INVITED = ("invitert.nettlesertest@modum.example", "Ingrid Invitert")
#: Someone who asked for a new password.
RESETTING = ("glemsk.nettlesertest@buskerud.example", "Gunnar Glemsk", "gammelt-passord-123")
#: A partner whose organisation (Lier kommune) is invited to no paper; logs in as
#: ``partner-uninvited`` (see ``LOGINS``).
UNINVITED_PARTNER = ("partner.nettlesertest@lier.example", "Lise Lier", "lier-passord-12345")
#: Logins beyond the demo users': role name -> (email, password).
LOGINS = {"partner-uninvited": (UNINVITED_PARTNER[0], UNINVITED_PARTNER[2])}
#: A paper in signing with two revisions: Drammen signed the first (stale), Kongsberg
#: declined, Ringerike has not answered.
SIGNED_PAPER = "Nettlesertest: felles uttalelse med signaturer på flere versjoner"
DECLINE_COMMENT = "Kommunestyret har ikke behandlet saken ennå."
#: A final paper (to be submitted) and a submitted one (outcomes to record).
FINAL_PAPER = "Nettlesertest: endelig notat klart til innsending"
SUBMITTED_PAPER = "Nettlesertest: innsendt notat som venter på vedtak"


@dataclass(frozen=True)
class Scenario:
    """Ids and secrets of the rows added, for the tests to open their pages."""

    hearing_id: int
    #: The hearing's deadline (23:59 Oslo time on a Sunday).
    deadline: datetime
    organisation_id: int
    user_id: int
    invitation_token: str
    reset_token: str
    #: The papers added: signatures on two revisions; final; submitted.
    signed_paper_id: int
    final_paper_id: int
    submitted_paper_id: int


def _next_sunday(after_days: int):
    """The first Sunday at least ``after_days`` days from today (Oslo)."""
    day = clock.today() + timedelta(days=after_days)
    return day + timedelta(days=(6 - day.weekday()) % 7)


def seed_scenario(app: Flask) -> Scenario:
    """Add the scenario's rows to the app's database; return their ids and link tokens."""
    with app.app_context():
        staff = find_user("radgiver@buskerud.example")
        conditions = list(db.session.scalars(
            select(FrameworkCondition).order_by(FrameworkCondition.id).limit(2)))
        measure = db.session.scalar(select(Measure).order_by(Measure.id))
        drammen = db.session.scalar(select(Organisation).filter_by(name="Drammen kommune"))

        # Deadline on a Sunday 10–16 days ahead ("within 30 days"), published 20 days
        # before it: warnings for a short period, a weekend deadline and a late milestone.
        sunday = _next_sunday(10)
        hearing = Hearing(
            source="manual", title=HEARING, issuer="Kommunal- og distriktsdepartementet",
            reference="26/4711", url="https://www.regjeringen.no/no/dokumenter/nettlesertest/",
            summary="Forslag om endringer i plan- og bygningsloven.\nTo avsnitt.",
            published_on=sunday - timedelta(days=20), deadline_at=deadline_at(sunday),
            status=HearingStatus.RESPONDING, responsible=staff, conditions=conditions[:1],
            measures=[measure], followers=[staff])
        add_default_milestones(hearing)
        late = Milestone(kind=MilestoneKind.OTHER, title=LATE_MILESTONE,
                         fixed_at=deadline_at(sunday + timedelta(days=2)))
        hearing.milestones.append(late)
        hearing.suggestions.append(ConditionSuggestion(
            condition=conditions[1], reason="Felles ord i tittelen: regiona"))
        overdue = Hearing(
            source="manual", title=OVERDUE_HEARING, issuer="Klima- og miljødepartementet",
            deadline_at=deadline_at(clock.today() - timedelta(days=3)),
            published_on=clock.today() - timedelta(days=90), status=HearingStatus.ASSESSING)
        done = Hearing(
            source="manual", title=DONE_HEARING, issuer="Samferdselsdepartementet",
            deadline_at=deadline_at(clock.today() - timedelta(days=40)),
            published_on=clock.today() - timedelta(days=140), status=HearingStatus.SUBMITTED,
            responsible=staff)
        db.session.add_all([hearing, overdue, done])

        modum = db.session.scalar(select(Organisation).filter_by(name="Modum kommune"))
        invited = User(email=INVITED[0], name=INVITED[1], role=Role.PARTNER,
                       organisation=modum)
        db.session.add(invited)
        email, name, password = RESETTING
        resetting = create_user(email, name, Role.VIEWER, password)
        db.session.flush()
        reset = tokens.issue(resetting, tokens.Purpose.RESET, timedelta(hours=24))
        email, name, password = UNINVITED_PARTNER
        lier = db.session.scalar(select(Organisation).filter_by(name="Lier kommune"))
        create_user(email, name, Role.PARTNER, password).organisation = lier
        papers = _seed_papers(staff, conditions, measure, hearing)
        # After the papers: inviting Drammen to co-sign gives its not-yet-registered user
        # a fresh account link, which would replace one issued before.
        invitation = tokens.issue(invited, tokens.Purpose.INVITE, timedelta(days=7),
                                  created_by=staff)
        _seed_reminders(staff, hearing)
        # Last year's platform, adopted: the one partners may read (the demo's 2027 is a draft).
        last_year = platform_services.create_draft(
            2026, "plattform", introduction="Buskerud står *samlet* overfor staten.")
        db.session.flush()
        platform_services.adopt(last_year, staff)
        db.session.commit()
        scenario = Scenario(
            hearing_id=hearing.id, deadline=deadline_at(sunday), organisation_id=drammen.id,
            user_id=resetting.id, invitation_token=invitation, reset_token=reset,
            signed_paper_id=papers[0].id, final_paper_id=papers[1].id,
            submitted_paper_id=papers[2].id)
        db.session.remove()
    return scenario


def _sections(extra: str = "") -> list[dict]:
    return [
        {"heading": "Innledning",
         "body": "Buskerud fylkeskommune og kommunene står *sammen* om uttalelsen." + extra},
        {"heading": "Våre innspill",
         "body": "- Behold **regionale** tilskudd\n- Styrk kollektivtilbudet\n\n"
                 "Se [regjeringen.no](https://www.regjeringen.no/)."},
    ]


def _seed_papers(staff: User, conditions, measure, hearing) -> list:
    """A paper in signing (a stale, a declined and an unanswered invitation), a final one
    and a submitted one, each through the app's own services."""
    organisations = {o.name: o for o in db.session.scalars(select(Organisation))}
    partner = find_user("partner@drammen.example")
    papers = []
    for title, status in [(SIGNED_PAPER, PaperStatus.SIGNING), (FINAL_PAPER, PaperStatus.DRAFT),
                          (SUBMITTED_PAPER, PaperStatus.DRAFT)]:
        paper = paper_services.create_paper(
            title=title, author=staff, status=status,
            recipient="Kommunal- og distriktsdepartementet", our_reference="26/100",
            their_reference="26/4711", conditions=list(conditions), measures=[measure],
            hearing=hearing if title == SIGNED_PAPER else None)
        paper_services.save_revision(paper, title=title, sections=_sections(), author=staff,
                                     base_number=paper.current.number)
        papers.append(paper)
    signed = papers[0]
    first = signed.current
    sign_by = clock.today() + timedelta(days=14)
    stale = Invitation(paper=signed, organisation=organisations["Drammen kommune"],
                       sign_by=sign_by, answer="signed", revision=first,
                       signed_hash=first.content_hash, signer=partner,
                       signer_name="Pål Partner", signer_title="Ordfører",
                       mandate="Formannskapet, sak 12/26", answered_at=clock.utcnow())
    declined = Invitation(paper=signed, organisation=organisations["Kongsberg kommune"],
                          sign_by=sign_by, answer="declined", revision=first,
                          signed_hash=first.content_hash, signer_name="Kari Kongsberg",
                          comment=DECLINE_COMMENT, answered_at=clock.utcnow())
    pending = Invitation(paper=signed, organisation=organisations["Ringerike kommune"],
                         sign_by=sign_by)
    db.session.add_all([stale, declined, pending])
    db.session.flush()
    # A second revision: Drammen's signature is now on an earlier version.
    paper_services.save_revision(signed, title=SIGNED_PAPER,
                                 sections=_sections(" Et nytt avsnitt om frister."),
                                 author=staff, base_number=first.number)
    papers[1].status = PaperStatus.FINAL
    papers[2].status = PaperStatus.FINAL
    papers[2].status = PaperStatus.SUBMITTED
    papers[2].submitted_on = clock.today() - timedelta(days=3)
    papers[2].archive_year, papers[2].archive_sequence, papers[2].archive_document = 2026, 1428, 3
    return papers


def _seed_reminders(staff: User, hearing: Hearing) -> None:
    """A sent and a failed reminder for the reminder log."""
    deadline = hearing.deadline_at
    for lead, state in [(14, ReminderState.SENT), (7, ReminderState.FAILED)]:
        db.session.add(Reminder(
            key=f"{staff.id}:hearing:{hearing.id}:{deadline.isoformat()}:{lead}",
            recipient=staff, item=f"hearing:{hearing.id}", item_title=hearing.title,
            deadline_at=deadline, lead_days=lead, state=state,
            sent_at=clock.utcnow() if state == ReminderState.SENT else None,
            last_error="" if state == ReminderState.SENT else "Connection refused"))
