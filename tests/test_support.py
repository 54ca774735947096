"""Partners back the county's position on a condition (issue 18, items 2 and 3): staff open
a condition for support, a partner answers for their own organisation, withdraws; the
condition shows «støttes av N av M kommuner», the breadth term joins the stored score
and the ranking, and every change is in the change log."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation, User
from advocacy.conditions import ranking, support
from advocacy.conditions.models import FrameworkCondition
from advocacy.conditions.support import ConditionSupport
from advocacy.extensions import db
from tests.conftest import Client
from tests.test_query_counts import count_queries

MUNICIPALITIES = [("Drammen kommune", "3301"), ("Lier kommune", "3312"),
                  ("Kongsberg kommune", "3303"), ("Modum kommune", "3316")]
POSITION = "Fylkeskommunen mener at inntektssystemet må ta hensyn til spredt bosetting."


@dataclass
class World:
    staff: User
    orgs: list[Organisation]
    partners: list[User]
    council: Organisation
    council_partner: User
    business_partner: User


@pytest.fixture
def world(app, make_user) -> World:
    orgs = [Organisation(name=name, kind="municipality", municipality_number=number)
            for name, number in MUNICIPALITIES]
    council = Organisation(name="Ringeriksregionen regionråd", kind="regional_council")
    business = Organisation(name="NHO Buskerud", kind="business")
    db.session.add_all([*orgs, council, business])
    staff = make_user("staff")
    partners = []
    for org in orgs:
        partner = make_user("partner", name=f"Partner i {org.name}")
        partner.organisation = org
        partners.append(partner)
    council_partner = make_user("partner")
    council_partner.organisation = council
    business_partner = make_user("partner")
    business_partner.organisation = business
    db.session.commit()
    return World(staff, orgs, partners, council, council_partner, business_partner)


@pytest.fixture
def client_for(app):
    def make(user: User) -> Client:
        client = Client(app.test_client())
        client.login(user)
        return client
    return make


def _open_condition(make_condition, **fields) -> FrameworkCondition:
    return make_condition(our_position=POSITION, open_for_support=True, **fields)


def _backs(example: str = "", decided_by: str = "") -> dict:
    return {"stance": "backs", "local_example": example, "decided_by": decided_by}


def _page(client: Client, condition: FrameworkCondition) -> str:
    response = client.get(f"/conditions/{condition.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- the formula -------------------------------------------------------------------------

def test_breadth_counts_backing_municipalities_and_regional_councils_one_point_each():
    answers = [("backs", "municipality"), ("backs", "municipality"),
               ("backs", "regional_council"), ("backs", "business"),
               ("does_not_back", "municipality")]
    assert ranking.breadth(answers) == 3
    assert ranking.breadth([]) == 0
    assert ranking.BREADTH_WEIGHT == 1


def test_the_total_adds_breadth_to_the_other_parts():
    assert ranking.total(4, 2, 1) == 4 + 2 + ranking.GOAL_WEIGHT * 1
    assert ranking.total(4, 2, 1, 11) == 4 + 2 + ranking.GOAL_WEIGHT * 1 + 11
    score = ranking.Score(1, strength_points=3, measures=1, goals=1, breadth=5)
    assert score.total == 3 + 1 + ranking.GOAL_WEIGHT + 5


# --- answering through the pages ---------------------------------------------------------

def test_a_partner_backs_the_position_and_the_condition_shows_it(
        world, client_for, make_condition, plan, make_measure, make_link):
    condition = _open_condition(make_condition)
    make_link(make_measure(), condition, "hinders", 3)
    before = db.session.get(FrameworkCondition, condition.id).score_total
    drammen = client_for(world.partners[0])
    response = drammen.submit(f"/conditions/{condition.id}/stotte",
                              _backs("Vi mister 14 millioner i året.", "kommunestyret 12.11.2026"),
                              form_url=f"/conditions/{condition.id}")
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(FrameworkCondition, condition.id)
    assert stored.score_breadth == 1 and stored.score_total == before + 1
    page = _page(client_for(world.staff), condition)
    assert "Støttes av 1 av 4 kommuner" in page
    assert "Drammen kommune" in page and "kommunestyret 12.11.2026" in page
    assert "Vi mister 14 millioner i året." in page


def test_not_backing_needs_a_reason_and_nothing_is_saved_without_it(
        world, client_for, make_condition):
    condition = _open_condition(make_condition)
    lier = client_for(world.partners[1])
    url = f"/conditions/{condition.id}/stotte"
    response = lier.submit(url, {"stance": "does_not_back", "reason": "  "},
                           form_url=f"/conditions/{condition.id}")
    assert response.status_code == 422
    assert "Skriv hvorfor dere ikke støtter standpunktet." in response.get_data(as_text=True)
    response = lier.submit(url, {"stance": "maybe"}, form_url=f"/conditions/{condition.id}")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(ConditionSupport)) == 0


def test_who_sees_the_answers_that_do_not_back(world, client_for, make_condition, make_user):
    condition = _open_condition(make_condition)
    lier = client_for(world.partners[1])
    assert lier.submit(f"/conditions/{condition.id}/stotte",
                       {"stance": "does_not_back", "reason": "Vi har egne prioriteringer."},
                       form_url=f"/conditions/{condition.id}").status_code == 302
    client_for(world.partners[0]).submit(f"/conditions/{condition.id}/stotte", _backs(),
                                         form_url=f"/conditions/{condition.id}")
    # County users (staff and viewers) see why Lier does not back it.
    for user in (world.staff, make_user("viewer")):
        page = _page(client_for(user), condition)
        assert "Vi har egne prioriteringer." in page and "Lier kommune" in page
    # Lier sees its own answer; another partner sees the backers only.
    assert "Vi har egne prioriteringer." in _page(lier, condition)
    other = _page(client_for(world.partners[2]), condition)
    assert "Drammen kommune" in other
    assert "Vi har egne prioriteringer." not in other and "Lier kommune" not in other


def test_only_a_partner_answers_and_only_while_open(world, client_for, make_condition,
                                                    make_user):
    closed = make_condition(our_position=POSITION)
    opened = _open_condition(make_condition)
    drammen = client_for(world.partners[0])
    token = drammen.token(f"/conditions/{opened.id}")
    assert drammen.raw.post(f"/conditions/{closed.id}/stotte",
                            data={"csrf_token": token, **_backs()}).status_code == 403
    assert drammen.raw.get(f"/conditions/{closed.id}/stotte").status_code == 403
    for user in (world.staff, make_user("viewer"), make_user("partner")):  # last: no org
        client = client_for(user)
        token = client.token("/profile") if user.role != "staff" else client.token(
            f"/conditions/{opened.id}")
        assert client.raw.post(f"/conditions/{opened.id}/stotte",
                               data={"csrf_token": token, **_backs()}).status_code == 403
    token = drammen.token(f"/conditions/{opened.id}")
    assert drammen.raw.post("/conditions/999999/stotte",
                            data={"csrf_token": token, **_backs()}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ConditionSupport)) == 0


def test_withdraw_and_answer_again_keep_one_row_and_everything_is_logged(
        world, client_for, make_condition):
    condition = _open_condition(make_condition)
    drammen = client_for(world.partners[0])
    url = f"/conditions/{condition.id}/stotte"
    form_url = f"/conditions/{condition.id}"
    assert drammen.submit(url, _backs(), form_url=form_url).status_code == 302
    assert drammen.submit(url + "/trekk", form_url=form_url).status_code == 302
    db.session.expire_all()
    assert db.session.get(FrameworkCondition, condition.id).score_breadth == 0
    assert "Støttes av 0 av 4 kommuner" in _page(client_for(world.staff), condition)
    # Nothing left to withdraw: refused; another organisation cannot withdraw Drammen's.
    lier = client_for(world.partners[1])
    assert lier.raw.post(url + "/trekk",
                         data={"csrf_token": lier.token(form_url)}).status_code == 403
    assert drammen.submit(url, {"stance": "does_not_back", "reason": "Ny vurdering."},
                          form_url=form_url).status_code == 302
    rows = db.session.scalars(select(ConditionSupport)).all()
    assert len(rows) == 1 and rows[0].stance == "does_not_back" and rows[0].withdrawn_at is None
    actions = [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "condition_support")
        .order_by(AuditEvent.id))]
    assert actions == ["create", "update", "update"]
    log = client_for(world.staff).get("/audit/?type=condition_support")
    assert log.status_code == 200
    assert "Trukket tilbake" in log.get_data(as_text=True)


def test_staff_open_and_close_a_condition_for_support(world, client_for, make_condition):
    condition = make_condition(our_position=POSITION)
    staff = client_for(world.staff)
    form_url = f"/conditions/{condition.id}"
    assert "Åpne for støtte fra partnerne" in _page(staff, condition)
    drammen = client_for(world.partners[0])
    assert drammen.raw.post(f"/conditions/{condition.id}/stotte/apne",
                            data={"csrf_token": drammen.token("/profile"),
                                  "open": "1"}).status_code == 403
    assert staff.submit(f"/conditions/{condition.id}/stotte/apne", {"open": "1"},
                        form_url=form_url).status_code == 302
    db.session.expire_all()
    assert db.session.get(FrameworkCondition, condition.id).open_for_support
    assert "Send svaret for Drammen kommune" in _page(drammen, condition)
    assert condition.title in drammen.get("/sta-sammen").get_data(as_text=True)
    assert staff.submit(f"/conditions/{condition.id}/stotte/apne", {"open": "0"},
                        form_url=form_url).status_code == 302
    assert "Send svaret" not in _page(drammen, condition)
    assert condition.title not in drammen.get("/sta-sammen").get_data(as_text=True)
    changes = [e.changes for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "condition",
                                 AuditEvent.object_id == condition.id))]
    assert {"open_for_support": [False, True]} in changes


def test_the_overview_lists_open_conditions_with_counts_and_the_own_answer(
        world, client_for, make_condition):
    first = _open_condition(make_condition, title="Inntektssystemet")
    second = _open_condition(make_condition, title="Statlige arbeidsplasser")
    for partner in world.partners[:3]:
        client_for(partner).submit(f"/conditions/{first.id}/stotte", _backs(),
                                   form_url=f"/conditions/{first.id}")
    client_for(world.business_partner).submit(f"/conditions/{first.id}/stotte", _backs(),
                                              form_url=f"/conditions/{first.id}")
    page = client_for(world.partners[3]).get("/sta-sammen").get_data(as_text=True)
    assert "støttes av 3 av 4 kommuner og 1 annen organisasjon" in page
    assert "Dere har ikke svart" in page
    page = client_for(world.partners[0]).get("/sta-sammen").get_data(as_text=True)
    assert "Deres svar: støtter standpunktet" in page
    assert second.title in page


def test_the_breadth_term_shows_in_the_ranking(world, client_for, make_condition, plan,
                                               make_measure, make_link):
    top = _open_condition(make_condition, title="Inntektssystemet")
    make_link(make_measure(), top, "hinders", 2)
    for partner in [*world.partners, world.council_partner, world.business_partner]:
        client_for(partner).submit(f"/conditions/{top.id}/stotte", _backs(),
                                   form_url=f"/conditions/{top.id}")
    db.session.expire_all()
    stored = db.session.get(FrameworkCondition, top.id)
    assert stored.score_breadth == 5  # four municipalities and the council, not the business
    page = client_for(world.staff).get("/conditions/ranking").get_data(as_text=True)
    assert "Bredde" in page and "+ bredde" in page
    assert 'data-part="breadth" data-value="5"' in page


def test_the_condition_page_costs_the_same_with_many_answers(world, client_for,
                                                             make_condition, make_user):
    small = _open_condition(make_condition)
    large = _open_condition(make_condition)
    for partner in world.partners[:1]:
        client_for(partner).submit(f"/conditions/{small.id}/stotte", _backs(),
                                   form_url=f"/conditions/{small.id}")
    for partner in world.partners:
        client_for(partner).submit(f"/conditions/{large.id}/stotte", _backs(),
                                   form_url=f"/conditions/{large.id}")
    staff = client_for(world.staff)
    counts = []
    for condition in (small, large):
        staff.get(f"/conditions/{condition.id}")
        with count_queries() as statements:
            assert staff.get(f"/conditions/{condition.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


# --- two answers at once -----------------------------------------------------------------

def test_simultaneous_answers_of_one_organisation_make_one_row(app, world, db_name,
                                                               make_condition):
    """Two partners of one municipality answer at the same moment: one row, no 500."""
    condition = _open_condition(make_condition)
    org = world.orgs[0]
    users = [world.partners[0]]
    for n in range(3):
        user = User(email=f"kollega{n}@drammen.example", name=f"Kollega {n}", role="partner")
        user.set_password("correct horse battery")
        user.organisation = org
        db.session.add(user)
        users.append(user)
    db.session.commit()
    url = f"/conditions/{condition.id}/stotte"
    clients, tokens = [], []
    for user in users:
        client = Client(app.test_client())
        client.login(user)
        clients.append(client)
        tokens.append(client.token(f"/conditions/{condition.id}"))
    db.session.commit()
    barrier = threading.Barrier(len(users), timeout=120)
    results: list = [None] * len(users)

    def run(i: int) -> None:
        try:
            barrier.wait()
            response = clients[i].raw.post(url, data={"csrf_token": tokens[i],
                                                      **_backs(f"Eksempel {i}")})
            results[i] = response.status_code
        except BaseException as error:  # noqa: BLE001 - reported below
            results[i] = repr(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    allowed = {302} | ({503} if db_name == "sqlite" else set())
    assert set(results) <= allowed, results
    assert 302 in results
    db.session.expire_all()
    rows = db.session.scalars(select(ConditionSupport)).all()
    assert len(rows) == 1
    assert db.session.get(FrameworkCondition, condition.id).score_breadth == 1


def test_simultaneous_service_answers_end_in_one_row(app, world, db_name, make_condition):
    condition_id = _open_condition(make_condition).id
    user_id = world.partners[0].id
    db.session.commit()
    count = 4
    barrier = threading.Barrier(count, timeout=120)
    results: list = [None] * count

    def run(i: int) -> None:
        with app.app_context():
            try:
                condition = db.session.get(FrameworkCondition, condition_id)
                user = db.session.get(User, user_id)
                barrier.wait()
                try:
                    support.answer(condition, user, support.Answer("backs", f"Eksempel {i}"))
                    db.session.commit()
                    results[i] = "saved"
                except OperationalError as error:
                    db.session.rollback()
                    results[i] = ("busy", str(error))
            except BaseException as error:  # noqa: BLE001 - reported below
                results[i] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert all(r == "saved" or (db_name == "sqlite" and r[0] == "busy") for r in results), \
        results
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ConditionSupport)) == 1
