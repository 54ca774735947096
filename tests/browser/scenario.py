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
from advocacy.plan.models import Measure

#: The hearing whose page shows warnings, milestones and a suggestion.
HEARING = "Høring – nettlesertest om regional planlegging med korte frister"
OVERDUE_HEARING = "Høring – nettlesertest med utløpt frist"
DONE_HEARING = "Høring – nettlesertest som er besvart"
#: A milestone set on a fixed date after the hearing's deadline (a warning).
LATE_MILESTONE = "Nettlesertest: møte etter fristen"
#: Someone invited who has not chosen a password yet.
INVITED = ("invitert.nettlesertest@drammen.example", "Ingrid Invitert")
#: Someone who asked for a new password.
RESETTING = ("glemsk.nettlesertest@buskerud.example", "Gunnar Glemsk", "gammelt-passord-123")


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

        invited = User(email=INVITED[0], name=INVITED[1], role=Role.PARTNER,
                       organisation=drammen)
        db.session.add(invited)
        email, name, password = RESETTING
        resetting = create_user(email, name, Role.VIEWER, password)
        db.session.flush()
        invitation = tokens.issue(invited, tokens.Purpose.INVITE, timedelta(days=7),
                                  created_by=staff)
        reset = tokens.issue(resetting, tokens.Purpose.RESET, timedelta(hours=24))
        db.session.commit()
        scenario = Scenario(
            hearing_id=hearing.id, deadline=deadline_at(sunday), organisation_id=drammen.id,
            user_id=resetting.id, invitation_token=invitation, reset_token=reset)
        db.session.remove()
    return scenario
