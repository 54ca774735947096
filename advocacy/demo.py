"""Load the demo: Buskerudplanen, its measures, national conditions and demo users.

Idempotent: rows are found by their natural keys (names, titles, email addresses) and
only missing ones are added, so running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import select

from advocacy import clock, demo_data
from advocacy.auth.models import Organisation, OrganisationContact, Role, User
from advocacy.auth.services import create_user, find_user
from advocacy.bodies.models import BodyIndex, BodyKind, BodyPerson, StateBody
from advocacy.bodies.register import seed_register
from advocacy.conditions.models import Dependency, Effect, FrameworkCondition
from advocacy.conditions.proposals import ConditionProposal, ProposalStatus
from advocacy.conditions.support import ConditionSupport
from advocacy.dialogue.models import Contact, FollowUp
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.holidays import previous_working_day
from advocacy.hearings.models import Hearing
from advocacy.papers import letterhead
from advocacy.papers import services as paper_services
from advocacy.papers.models import Invitation, Outcome, PositionPaper
from advocacy.plan.consultation import (ConsultationAnswer, ConsultationQuestion,
                                        ConsultationRound, deadline_moment)
from advocacy.plan.models import Goal, Measure, Plan, Theme
from advocacy.platform import services as platform_services
from advocacy.platform.models import Platform

COUNTY = "Buskerud fylkeskommune"

#: (role, email, name, password). Demo passwords are printed by ``make run``.
DEMO_USERS = [
    (Role.ADMIN, "admin@buskerud.example", "Ada Administrator", "demo-admin-passord"),
    (Role.STAFF, "radgiver@buskerud.example", "Siri Rådgiver", "demo-radgiver-passord"),
    (Role.PARTNER, "partner@drammen.example", "Pål Partner", "demo-partner-passord"),
    (Role.PARTNER, "partnar@hol.example", "Halvor Hol", "demo-partnar-passord"),
    (Role.VIEWER, "leser@buskerud.example", "Liv Leser", "demo-leser-passord"),
]

#: The organisation of each demo user.
DEMO_USER_ORGANISATIONS = {
    "admin@buskerud.example": COUNTY,
    "radgiver@buskerud.example": COUNTY,
    "partner@drammen.example": "Drammen kommune",
    "partnar@hol.example": "Hol kommune",  # nynorsk (its organisation's målform)
    "leser@buskerud.example": COUNTY,
}


#: The kinds of rows the demo adds, in Norwegian: (singular, plural).
NOUNS_NB = {
    "organisation": ("organisasjon", "organisasjoner"), "user": ("bruker", "brukere"),
    "plan": ("plan", "planer"), "goal": ("utviklingsmål", "utviklingsmål"),
    "theme": ("tema", "temaer"), "measure": ("tiltak", "tiltak"),
    "condition": ("rammebetingelse", "rammebetingelser"),
    "dependency": ("kobling", "koblinger"), "hearing": ("høring", "høringer"),
    "paper": ("uttalelse", "uttalelser"),
    "platform": ("plattform", "plattformer"),
    "contact": ("kontaktperson", "kontaktpersoner"),
    "person": ("person i en etat", "personer i etater"),
    "dialogue": ("kontakt med staten", "kontakter med staten"),
    "consultation": ("planhøring", "planhøringer"),
    "proposal": ("forslag til rammebetingelse", "forslag til rammebetingelser"),
    "support": ("støtteerklæring", "støtteerklæringer"),
    "consultation_question": ("høringsspørsmål", "høringsspørsmål"),
    "consultation_answer": ("svar i planhøringen", "svar i planhøringen"),
}


@dataclass
class SeedReport:
    """What a seed run added."""

    added: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.added[kind] = self.added.get(kind, 0) + 1

    def summary(self) -> str:
        """What was added, in Norwegian: "26 organisasjoner, 4 brukere, 1 plan, …"."""
        return ", ".join(f"{n} {NOUNS_NB[kind][n != 1]}" for kind, n in self.added.items())

    @property
    def changed(self) -> bool:
        return bool(self.added)


def seed_demo() -> SeedReport:
    """Add whatever part of the demo is missing, and commit."""
    report = SeedReport()
    organisations = _seed_organisations(report)
    users = _seed_users(report, organisations)
    plan = _get_or_add(report, "plan", Plan, name=demo_data.PLAN["name"],
                       defaults={k: v for k, v in demo_data.PLAN.items() if k != "name"})
    goals = {}
    for position, data in enumerate(demo_data.GOALS):
        goals[data["key"]] = _get_or_add(
            report, "goal", Goal, plan_id=plan.id, title=data["title"],
            defaults={"description": data["description"], "position": position, "plan": plan})
    themes = {}
    for position, data in enumerate(demo_data.THEMES):
        themes[data["key"]] = _get_or_add(
            report, "theme", Theme, plan_id=plan.id, title=data["title"],
            defaults={"description": data["description"], "position": position, "plan": plan})
    measures = {}
    for data in demo_data.MEASURES:
        measures[data["key"]] = _get_or_add(
            report, "measure", Measure, title=data["title"],
            defaults={"description": data["description"], "goal": goals[data["goal"]],
                      "owner": data["owner"], "status": data["status"],
                      "themes": [themes[k] for k in data["themes"]]})
    # The register of state bodies; the demo names owners and issuers by name or short name.
    bodies = BodyIndex(seed_register().values())
    _seed_letter(bodies)
    conditions = {}
    for data in demo_data.CONDITIONS:
        values = {k: v for k, v in data.items()
                  if k not in ("key", "title", "responsible", "owner_body")}
        values["responsible"] = users[data["responsible"]]
        owner = bodies.resolve(data["owner_body"])
        values["owner"], values["owner_body"] = owner, owner.label
        conditions[data["key"]] = _get_or_add(report, "condition", FrameworkCondition,
                                              title=data["title"], defaults=values)
    for measure_key, condition_key, effect, strength, note in demo_data.DEPENDENCIES:
        measure, condition = measures[measure_key], conditions[condition_key]
        _get_or_add(report, "dependency", Dependency, measure_id=measure.id,
                    condition_id=condition.id,
                    defaults={"measure": measure, "condition": condition, "effect": effect,
                              "strength": strength, "note": note})
    hearings = _seed_hearings(report, users, conditions, bodies)
    _seed_paper(report, users, organisations, conditions, hearings)
    _seed_past_papers(report, users, conditions, hearings)
    _seed_dialogue(report, users, organisations, conditions, hearings, bodies)
    _seed_consultation(report, plan, users, organisations)
    _seed_support(report, users, organisations, conditions)
    _seed_platform(report)
    _seed_proposals(report, users, organisations, measures, bodies)
    db.session.commit()
    return report


def _seed_letter(bodies: BodyIndex) -> None:
    """The county's letterhead with a drawn logo, and the addressed bodies' postal
    addresses (kept when someone has already set them)."""
    if letterhead.current() is None:
        db.session.add(letterhead.Letterhead(**demo_data.LETTERHEAD,
                                             logo=letterhead.simple_mark_png()))
    for name, address in demo_data.BODY_ADDRESSES.items():
        body = bodies.find(name)
        if body is not None and not body.postal_address:
            body.postal_address = address


def _seed_past_papers(report: SeedReport, users: dict[str, User],
                      conditions: dict[str, FrameworkCondition],
                      hearings: dict[str, Hearing]) -> None:
    for data in demo_data.PAST_PAPERS:
        if db.session.scalar(select(PositionPaper).filter_by(title=data["title"])) is not None:
            continue
        paper = paper_services.create_paper(
            title=data["title"], author=users["staff"], hearing=hearings[data["hearing"]],
            recipient=data["recipient"], their_reference=data["their_reference"],
            conditions=[conditions[k] for k in data["outcomes"]])
        paper_services.save_revision(paper, title=data["title"], sections=data["sections"],
                                     author=users["staff"], base_number=1)
        paper.status = "submitted"
        paper.submitted_on = date.fromisoformat(data["submitted_on"])
        paper.submitted_time = time.fromisoformat(data["submitted_time"])
        paper.archive_year, paper.archive_sequence, paper.archive_document = data["archive_number"]
        for key, (result, note) in data["outcomes"].items():
            paper.outcomes.append(Outcome(condition=conditions[key], result=result, note=note))
        report.count("paper")


def _seed_paper(report: SeedReport, users: dict[str, User],
                organisations: dict[str, Organisation],
                conditions: dict[str, FrameworkCondition], hearings: dict[str, Hearing]) -> None:
    data = demo_data.PAPER
    if db.session.scalar(select(PositionPaper).filter_by(title=data["title"])) is not None:
        return
    hearing = hearings[data["hearing"]]
    paper = paper_services.create_paper(
        title=data["title"], author=users["staff"], hearing=hearing,
        recipient=data["recipient"], our_reference=data["our_reference"],
        signatory_name=data["signatory_name"], signatory_title=data["signatory_title"],
        caseworker_phone=data["caseworker_phone"], status="signing", conditions=[conditions[k] for k in data["conditions"]])
    revision = paper_services.save_revision(paper, title=data["title"], sections=data["sections"],
                                            author=users["staff"], base_number=1)
    # One date: the invitations' sign-by day is the hearing's "partners sign by" milestone.
    sign_by = previous_working_day(clock.today() + timedelta(days=data["sign_by_days"]))
    hearing_services.move_sign_by_milestone(hearing, sign_by)
    signed = data["signed_by"]
    for name in data["invited"]:
        invitation = Invitation(paper=paper, organisation=organisations[name], sign_by=sign_by)
        if name == signed["organisation"]:
            invitation.answer = "signed"
            invitation.revision = revision
            invitation.signed_hash = revision.content_hash
            invitation.signer = users["partner"]
            invitation.signer_name, invitation.signer_title = signed["name"], signed["title"]
            invitation.mandate = signed["mandate"]
            invitation.answered_at = clock.utcnow()
        db.session.add(invitation)
    report.count("paper")


def _seed_hearings(report: SeedReport, users: dict[str, User],
                   conditions: dict[str, FrameworkCondition],
                   bodies: BodyIndex) -> dict[str, Hearing]:
    today = clock.today()
    hearings = {}
    for data in demo_data.HEARINGS:
        if "deadline" in data:
            deadline_day = date.fromisoformat(data["deadline"])
            published = date.fromisoformat(data["published"])
        else:
            deadline_day = today + timedelta(days=data["days"])
            published = today + timedelta(days=data["published_days"])
        issuer = bodies.resolve(data["issuer"])
        values = {"title": data["title"], "issuer_body": issuer, "issuer": issuer.label,
                  "reference": data["reference"],
                  "deadline_at": hearing_services.deadline_at(deadline_day),
                  "published_on": published, "status": data["status"],
                  "responsible": users["staff"],
                  "conditions": [conditions[k] for k in data["conditions"]]}
        hearing = db.session.scalar(select(Hearing).filter_by(source="manual",
                                                              source_id=f"demo-{data['key']}"))
        if hearing is None:
            hearing = Hearing(source="manual", source_id=f"demo-{data['key']}", **values)
            if data["milestones"]:
                hearing_services.add_default_milestones(hearing)
            db.session.add(hearing)
            report.count("hearing")
        hearings[data["key"]] = hearing
    db.session.flush()
    return hearings


def _seed_dialogue(report: SeedReport, users: dict[str, User],
                   organisations: dict[str, Organisation],
                   conditions: dict[str, FrameworkCondition], hearings: dict[str, Hearing],
                   bodies: BodyIndex) -> None:
    """People in KDD, SD and Stortinget, and meetings and letters with them; a contact is
    found by its title, so one that was edited or deleted is not added again."""
    people = {}
    for data in demo_data.BODY_PEOPLE:
        body = bodies.find(data["body"]) or db.session.scalar(
            select(StateBody).filter_by(name=data["body"]))
        if body is None:  # Stortinget, unless its members were imported
            body = StateBody(name=data["body"], kind=BodyKind.ANNET, is_confirmed=True,
                             aliases=[], postal_address="Stortinget\n0026 Oslo")
            db.session.add(body)
            db.session.flush()
        values = {k: v for k, v in data.items() if k not in ("body", "name")}
        people[data["name"]] = _get_or_add(report, "person", BodyPerson, body_id=body.id,
                                           name=data["name"], defaults={"body": body, **values})
    today = clock.today()
    for data in demo_data.CONTACTS:
        if db.session.scalar(select(Contact.id).filter_by(title=data["title"])) is not None:
            continue
        contact = Contact(
            title=data["title"], kind=data["kind"], status=data["status"],
            occurred_on=today + timedelta(days=data["days"]),
            occurred_time=time.fromisoformat(data["time"]) if "time" in data else None,
            summary=data["summary"], agreed=data["agreed"],
            is_exempt=data.get("is_exempt", False),
            exemption_basis=data.get("exemption_basis", ""),
            created_by=users["staff"], our_people=[users["staff"]],
            their_people=[people[name] for name in data["people"]],
            partners=[organisations[name] for name in data.get("partners", [])],
            shared_with=[organisations[name] for name in data.get("shared_with", [])],
            conditions=[conditions[key] for key in data["conditions"]],
            hearings=[hearings[key] for key in data.get("hearings", [])])
        if "follow_up" in data:
            contact.follow_ups = [FollowUp(
                title=data["follow_up"]["title"], responsible=users["staff"],
                due_on=today + timedelta(days=data["follow_up"]["days"]))]
        db.session.add(contact)
        report.count("dialogue")
    db.session.flush()


def _seed_consultation(report: SeedReport, plan: Plan, users: dict[str, User],
                       organisations: dict[str, Organisation]) -> None:
    """The plan's consultation with its five questions, open until 45 days from today, and
    two answers: one by Drammen's partner user, one entered by staff for Kongsberg. A round
    that exists is left as it is, its deadline and edited questions too."""
    data = demo_data.CONSULTATION
    round_ = db.session.scalar(select(ConsultationRound).filter_by(plan_id=plan.id))
    if round_ is None:
        round_ = ConsultationRound(
            plan=plan, title=data["title"], introduction=data["introduction"], is_open=True,
            deadline_at=deadline_moment(clock.today() + timedelta(days=data["days_to_deadline"])),
            questions=[ConsultationQuestion(text=text, position=number)
                       for number, text in enumerate(data["questions"], start=1)])
        db.session.add(round_)
        db.session.flush()
        report.count("consultation")
        for _ in data["questions"]:
            report.count("consultation_question")
        for name, number, role, text in data["answers"]:
            db.session.add(ConsultationAnswer(question=round_.questions[number - 1],
                                              organisation=organisations[name], text=text,
                                              author=users[role]))
            report.count("consultation_answer")
        db.session.flush()


def _seed_support(report: SeedReport, users: dict[str, User],
                  organisations: dict[str, Organisation],
                  conditions: dict[str, FrameworkCondition]) -> None:
    """Municipalities backing the top conditions; a condition gets its first answer only
    when it is open for support, so the seed opens it then (and leaves it be after)."""
    for key, name, stance, example, decided_by, reason in demo_data.SUPPORT:
        condition, organisation = conditions[key], organisations[name]
        if db.session.scalar(select(ConditionSupport.id).filter_by(
                condition_id=condition.id, organisation_id=organisation.id)) is not None:
            continue
        condition.open_for_support = True
        partner = users["partner"]
        db.session.add(ConditionSupport(
            condition=condition, organisation=organisation, stance=stance,
            local_example=example, decided_by=decided_by, reason=reason,
            answered_by=partner if partner.organisation_id == organisation.id else None))
        report.count("support")
    db.session.flush()


def _seed_proposals(report: SeedReport, users: dict[str, User],
                    organisations: dict[str, Organisation], measures: dict[str, Measure],
                    bodies: BodyIndex) -> None:
    """Partners' proposals: one accepted as a new condition naming its proposer, one
    pending. Made directly, as ``proposals.accept`` would, but without its mail."""
    for data in demo_data.PROPOSALS:
        organisation = organisations[data["organisation"]]
        if db.session.scalar(select(ConditionProposal.id).filter_by(
                organisation_id=organisation.id, title=data["title"])) is not None:
            continue
        proposal = ConditionProposal(
            organisation=organisation, title=data["title"],
            proposed_by=users[data["by"]] if data["by"] else None,
            what_should_change=data["what_should_change"],
            local_consequence=data["local_consequence"], examples=data["examples"],
            measures=[measures[k] for k in data["measures"]])
        proposal.set_owner(bodies.resolve(data["owner_body"]))
        accepted = data["accepted"]
        if accepted:
            condition = _get_or_add(report, "condition", FrameworkCondition,
                                    title=accepted["title"], defaults={
                "kind": accepted["kind"], "priority": accepted["priority"],
                "our_position": proposal.what_should_change,
                "current_state": f"{proposal.local_consequence}\n\nEksempler fra "
                                 f"{organisation.name}:\n{proposal.examples}",
                "owner": proposal.owner, "owner_body": proposal.owner_body,
                "proposed_by": organisation, "responsible": users["staff"]})
            for measure in proposal.measures:
                _get_or_add(report, "dependency", Dependency, measure_id=measure.id,
                            condition_id=condition.id, defaults={
                    "measure": measure, "condition": condition, "effect": Effect.HINDERS,
                    "strength": 2, "note": f"Fra forslag fra {organisation.name}."})
            proposal.status, proposal.condition = ProposalStatus.ACCEPTED, condition
            proposal.decision_note, proposal.decided_by = accepted["note"], users["staff"]
            proposal.decided_at = clock.utcnow()
        db.session.add(proposal)
        report.count("proposal")
    db.session.flush()


def _seed_organisations(report: SeedReport) -> dict[str, Organisation]:
    organisations = {}
    for data in demo_data.ORGANISATIONS:
        values = {k: v for k, v in data.items() if k != "name"}
        organisations[data["name"]] = _get_or_add(report, "organisation", Organisation,
                                                  name=data["name"], defaults=values)
    for name, role, contact_name, email in demo_data.ORGANISATION_CONTACTS:
        organisation = organisations[name]
        _get_or_add(report, "contact", OrganisationContact, organisation_id=organisation.id,
                    email=email, defaults={"role": role, "name": contact_name})
    return organisations


def _seed_users(report: SeedReport, organisations: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    for role, email, name, password in DEMO_USERS:
        user = find_user(email)
        if user is None:
            user = create_user(email, name, role, password)
            user.organisation = organisations[DEMO_USER_ORGANISATIONS[email]]
            report.count("user")
        users.setdefault(role.value, user)  # the first of each role (Drammen's partner)
    db.session.flush()
    return users


def _get_or_add(report: SeedReport, kind: str, model, defaults: dict, **keys):
    """The row of ``model`` with ``keys``; added with ``defaults`` if missing."""
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is None:
        row = model(**keys, **defaults)
        db.session.add(row)
        db.session.flush()
        report.count(kind)
    return row


def _seed_platform(report: SeedReport) -> None:
    """The 2027 platform as a draft, made as staff make one: the top of the ranking in
    ranking order. A platform for the year that exists is left as it is."""
    data = demo_data.PLATFORM
    if db.session.scalar(select(Platform.id).filter_by(year=data["year"])) is not None:
        return
    platform_services.create_draft(data["year"], data["kind"],
                                   introduction=data["introduction"])
    db.session.flush()
    report.count("platform")
