"""Partners propose national framework conditions; staff accept, merge or decline them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation
from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.conditions.proposals import ConditionProposal
from advocacy.extensions import db
from tests.conftest import link_in
from tests.test_query_counts import count_queries


@pytest.fixture
def world(make_user, make_body, make_measure):
    """Ringerike with a partner, Hole with a partner, a state body and two measures."""
    ringerike = Organisation(name="Ringerike kommune", kind="municipality")
    hole = Organisation(name="Hole kommune", kind="municipality")
    db.session.add_all([ringerike, hole])
    partner = make_user("partner", email="kari@ringerike.kommune.no", name="Kari Ringerike")
    partner.organisation = ringerike
    other = make_user("partner", email="ola@hole.kommune.no")
    other.organisation = hole
    db.session.commit()
    return {"ringerike": ringerike, "hole": hole, "partner": partner, "other": other,
            "kdd": make_body("Kommunal- og distriktsdepartementet", "KDD"),
            "measures": [make_measure("Boliger nær stasjonen"), make_measure("Ny sentrumsplan")]}


def _form(world, **fields) -> dict:
    return {"title": "Krav til innsigelse ved fortetting",
            "owner_body_id": str(world["kdd"].id),
            "what_should_change": "Statlige innsigelser bør samordnes av statsforvalteren.",
            "local_consequence": "Sentrumsplanen i Hønefoss er forsinket.",
            "examples": "Tre innsigelser, 14 måneder forsinkelse, 400 boliger venter.",
            "measures": [str(m.id) for m in world["measures"]]} | fields


def _login(client, user) -> None:
    """Log ``user`` in, logging out whoever was logged in."""
    if client.get("/login").status_code == 302:
        client.submit("/logout", form_url="/forslag/")
    client.login(user)


def _propose(client, world, **fields) -> ConditionProposal:
    response = client.submit("/forslag/ny", _form(world, **fields))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(select(ConditionProposal).order_by(ConditionProposal.id.desc()))


def test_ringerike_proposes_and_staff_accept_it_into_the_registry(
        app, client, world, make_user, mail_server):
    """The done-when: a partner from Ringerike proposes; staff accept; the registry names
    Ringerike as proposer, the measures are linked as held back, and Kari is mailed."""
    _login(client, world["partner"])
    proposal = _propose(client, world)
    assert proposal.organisation_id == world["ringerike"].id
    mine = client.get("/forslag/").get_data(as_text=True)
    assert "Mine forslag" in mine and "Krav til innsigelse ved fortetting" in mine
    assert "Til behandling" in client.get(f"/forslag/{proposal.id}").get_data(as_text=True)

    staff = make_user("staff")
    _login(client, staff)
    form = client.get(f"/forslag/{proposal.id}/godta").get_data(as_text=True)
    assert 'value="Krav til innsigelse ved fortetting"' in form  # pre-filled
    response = client.submit(f"/forslag/{proposal.id}/godta",
                             {"title": "Samordning av statlige innsigelser",
                              "kind": "regulation", "priority": "high", "note": "Takk!"})
    assert response.status_code == 302
    condition = db.session.scalar(select(FrameworkCondition).filter_by(
        title="Samordning av statlige innsigelser"))
    assert condition.proposed_by_id == world["ringerike"].id
    assert condition.owner_body_id == world["kdd"].id
    assert condition.our_position.startswith("Statlige innsigelser")
    assert "400 boliger" in condition.current_state
    links = db.session.scalars(select(Dependency).filter_by(condition_id=condition.id)).all()
    assert sorted((d.measure_id, d.effect) for d in links) == sorted(
        (m.id, "hinders") for m in world["measures"])
    assert condition.score_measures == 2  # the stored score counts the new links
    page = client.get(f"/conditions/{condition.id}").get_data(as_text=True)
    assert "Foreslått av Ringerike kommune" in page

    [message] = mail_server.to("kari@ringerike.kommune.no")
    assert "godtatt" in str(message["Subject"])
    assert link_in(message, "/forslag/") == f"/forslag/{proposal.id}"
    assert "http://localhost/forslag/" in message.get_body(("plain",)).get_content()

    _login(client, world["partner"])
    seen = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Godtatt som ny rammebetingelse" in seen and "Takk!" in seen
    assert "Samordning av statlige innsigelser" in seen


def test_another_organisation_cannot_see_or_decide_a_proposal(client, world, make_user):
    _login(client, world["partner"])
    proposal = _propose(client, world)
    _login(client, world["other"])
    assert client.get(f"/forslag/{proposal.id}").status_code == 404
    assert client.get(f"/forslag/{proposal.id}/godta").status_code == 404
    assert "Krav til innsigelse" not in client.get("/forslag/").get_data(as_text=True)
    # The proposer's own organisation may see it but not decide it.
    _login(client, world["partner"])
    token = client.token("/forslag/ny")
    for action in ("godta", "slaa-sammen", "avslaa"):
        response = client.post(f"/forslag/{proposal.id}/{action}",
                               data={"csrf_token": token, "reason": "x", "title": "X"})
        assert response.status_code == 403
    assert db.session.get(ConditionProposal, proposal.id).status == "pending"


def test_a_viewer_and_a_partner_without_organisation_may_not_propose(client, make_user):
    _login(client, make_user("viewer"))
    assert client.get("/forslag/ny").status_code == 403
    _login(client, make_user("partner"))
    assert client.get("/forslag/ny").status_code == 403
    assert "ikke sendt noen forslag" in client.get("/forslag/").get_data(as_text=True)


def test_staff_merge_a_proposal_into_an_existing_condition(
        client, world, make_user, make_condition, make_link, mail_server):
    _login(client, world["partner"])
    proposal = _propose(client, world)
    existing = make_condition("Innsigelsespraksis")
    make_link(world["measures"][0], existing, effect="enables", strength=1)
    _login(client, make_user("staff"))
    response = client.submit(f"/forslag/{proposal.id}/slaa-sammen",
                             {"condition_id": str(existing.id), "note": "Samme sak."})
    assert response.status_code == 302
    proposal = db.session.get(ConditionProposal, proposal.id)
    assert (proposal.status, proposal.condition_id) == ("merged", existing.id)
    assert proposal.what_should_change.startswith("Statlige innsigelser")  # text kept
    # The measure not linked yet is linked as hindered; the existing link is left as it was.
    links = db.session.scalars(select(Dependency).filter_by(condition_id=existing.id)).all()
    assert sorted((d.measure.title, d.effect, d.strength) for d in links) == [
        ("Boliger nær stasjonen", "enables", 1), ("Ny sentrumsplan", "hinders", 2)]
    [message] = mail_server.to("kari@ringerike.kommune.no")
    assert "Innsigelsespraksis" in message.get_body(("plain",)).get_content()


def test_decline_needs_a_reason_and_tells_the_proposer(client, world, make_user, mail_server):
    _login(client, world["partner"])
    proposal = _propose(client, world)
    _login(client, make_user("staff"))
    response = client.submit(f"/forslag/{proposal.id}/avslaa", {"reason": "   "})
    assert response.status_code == 422
    assert "Skriv hvorfor forslaget avslås." in response.get_data(as_text=True)
    assert db.session.get(ConditionProposal, proposal.id).status == "pending"
    assert mail_server.messages == []

    response = client.submit(f"/forslag/{proposal.id}/avslaa",
                             {"reason": "Dette er en kommunal sak."})
    assert response.status_code == 302
    [message] = mail_server.to("kari@ringerike.kommune.no")
    assert "avslått" in str(message["Subject"])
    assert "Dette er en kommunal sak." in message.get_body(("plain",)).get_content()
    # A decided proposal is not decided again.
    response = client.submit(f"/forslag/{proposal.id}/godta",
                             {"title": "Noe annet", "kind": "regulation", "priority": "high"},
                             form_url="/forslag/ny")
    assert response.status_code == 302
    assert db.session.get(ConditionProposal, proposal.id).status == "declined"
    assert db.session.scalar(select(func.count(FrameworkCondition.id))) == 0


def test_bad_input_changes_nothing(client, world, make_user, make_condition):
    _login(client, world["partner"])
    for fields, message in [
        ({"title": ""}, "Skriv en tittel."),
        ({"owner_body_id": "999999"}, "Etaten finnes ikke"),
        ({"owner_body_id": ""}, "Velg hvem i staten som eier rammebetingelsen."),
        ({"measures": ["999999"]}, "Tiltaket finnes ikke"),
        ({"what_should_change": ""}, "Skriv hva som bør endres."),
        ({"local_consequence": " "}, "Skriv hva rammebetingelsen betyr lokalt."),
        ({"examples": "x" * 5001}, "5000"),
    ]:
        response = client.submit("/forslag/ny", _form(world, **fields))
        assert response.status_code == 422, fields
        assert message in response.get_data(as_text=True), fields
    assert db.session.scalar(select(func.count(ConditionProposal.id))) == 0

    # Staff propose on an organisation's behalf and must choose a known one.
    staff = make_user("staff")
    _login(client, staff)
    response = client.submit("/forslag/ny", _form(world, organisation_id="999999"))
    assert response.status_code == 422
    assert "Velg organisasjonen forslaget gjelder" in response.get_data(as_text=True)
    proposal = _propose(client, world, organisation_id=str(world["hole"].id))
    assert (proposal.organisation_id, proposal.proposed_by_user_id) == (
        world["hole"].id, staff.id)

    # Accepting under a title the registry has already is refused.
    make_condition("Finnes fra før")
    response = client.submit(f"/forslag/{proposal.id}/godta",
                             {"title": "finnes fra før", "kind": "regulation",
                              "priority": "high"})
    assert response.status_code == 422
    assert "Slå forslaget sammen med den i stedet." in response.get_data(as_text=True)
    response = client.submit(f"/forslag/{proposal.id}/slaa-sammen", {"condition_id": "999999"})
    assert response.status_code == 422
    assert db.session.get(ConditionProposal, proposal.id).status == "pending"


def test_staff_proposal_mails_the_organisations_partners(client, world, make_user, mail_server):
    _login(client, make_user("staff"))
    proposal = _propose(client, world, organisation_id=str(world["hole"].id))
    client.submit(f"/forslag/{proposal.id}/avslaa", {"reason": "Ikke nasjonalt."})
    assert len(mail_server.messages) == 1
    assert mail_server.to(world["other"].email) == mail_server.messages


def test_every_change_is_in_the_change_log(client, world, make_user):
    _login(client, world["partner"])
    proposal = _propose(client, world)
    _login(client, make_user("staff"))
    client.submit(f"/forslag/{proposal.id}/godta",
                  {"title": "Samordning", "kind": "regulation", "priority": "high"})
    events = db.session.execute(select(AuditEvent.object_type, AuditEvent.action).where(
        AuditEvent.object_type.in_(["proposal", "condition"]))).all()
    assert ("proposal", "create") in events and ("proposal", "update") in events
    assert ("condition", "create") in events
    log = client.get(f"/audit/?type=proposal&id={proposal.id}").get_data(as_text=True)
    assert "Forslag til rammebetingelse" in log and "Godtatt som ny rammebetingelse" in log


def test_the_queue_filters_by_status_and_costs_the_same_for_3_and_30(
        app, client, world, make_user):
    def add(n: int):
        for i in range(n):
            proposal = ConditionProposal(
                title=f"Forslag {i}", organisation=world["ringerike" if i % 2 else "hole"],
                owner_body="KDD", what_should_change="x", local_consequence="y",
                status="pending" if i % 3 else "declined",
                decision_note="" if i % 3 else "Nei.", proposed_by=world["partner"])
            db.session.add(proposal)
        db.session.commit()

    _login(client, make_user("staff"))
    add(3)
    with count_queries() as few:
        assert client.get("/forslag/").status_code == 200
    add(27)
    with count_queries() as many:
        page = client.get("/forslag/").get_data(as_text=True)
    assert len(many) == len(few)
    assert "Hole kommune" in page and "Ringerike kommune" in page
    declined = client.get("/forslag/?status=declined").get_data(as_text=True)
    assert "Forslag 3<" in declined and "Forslag 1<" not in declined
    assert client.get("/forslag/?status=nonsense").status_code == 200


def test_seed_demo_has_an_accepted_and_a_pending_proposal(app):
    from advocacy.demo import seed_demo

    seed_demo()
    rows = db.session.execute(select(ConditionProposal.status, Organisation.name).join(
        ConditionProposal.organisation).order_by(Organisation.name)).all()
    assert rows == [("pending", "Drammen kommune"), ("accepted", "Ringerike kommune")]
    condition = db.session.scalar(select(FrameworkCondition).where(
        FrameworkCondition.proposed_by_id.is_not(None)))
    assert condition.proposed_by.name == "Ringerike kommune" and condition.dependencies
    assert "proposal" not in seed_demo().added  # idempotent
