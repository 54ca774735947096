"""Who may change what, each rule tested both ways through the test client with CSRF on.

Only staff and admin change the registry and the plan; viewers and partners read it.
A refused request changes nothing in the database, and neither does a POST without a
valid CSRF token, whoever sends it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.extensions import db
from advocacy.plan.models import Measure
from tests.helpers import body_id

READERS = ["viewer", "partner"]
EDITORS = ["staff", "admin"]


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def snapshot() -> dict[str, list[str]]:
    """Every row of every table but the users', to compare before and after a request."""
    db.session.expire_all()
    state = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name == "users":
                continue
            state[table.name] = sorted(repr(tuple(row)) for row in conn.execute(table.select()))
    return state


@dataclass
class World:
    """A condition linked to one measure, and a second measure not linked yet."""

    plan: object
    condition: FrameworkCondition
    linked: Measure
    unlinked: Measure
    link: Dependency


@pytest.fixture
def world(plan, make_measure, make_condition, make_link) -> World:
    condition = make_condition("Plan- og bygningsloven", priority="high")
    linked = make_measure("Sentrumsboliger i Drammen", themes=[plan.themes[0]])
    unlinked = make_measure("Grønn industri på Kongsberg", goal=plan.goals[1])
    link = make_link(linked, condition, effect="hinders", strength=2, note="Opprinnelig")
    body_id("Finansdepartementet")  # the owner the condition forms choose
    return World(plan, condition, linked, unlinked, link)


def _condition_form(title: str) -> dict:
    return {"title": title, "kind": "funding", "owner_body_id": body_id("Finansdepartementet"),
            "priority": "low", "status": "active", "responsible_id": "0"}


def _measure_form(w: World, title: str) -> dict:
    return {"title": title, "goal_id": str(w.plan.goals[1].id), "status": "done",
            "theme_ids": [str(w.plan.themes[1].id)]}


def _links() -> list[tuple]:
    return db.session.execute(
        sa.select(Dependency.measure_id, Dependency.condition_id, Dependency.effect,
                  Dependency.strength).order_by(Dependency.id)).all()


@dataclass
class Route:
    """A page that changes data: where it is, what to post, and how to see it worked."""

    name: str
    url: Callable[[World], str]
    data: Callable[[World], dict]
    done: Callable[[World], bool]


ROUTES = [
    Route("condition new", lambda w: "/conditions/new",
          lambda w: _condition_form("Inntektssystemet for fylkeskommunene"),
          lambda w: db.session.scalar(sa.select(FrameworkCondition.id).where(
              FrameworkCondition.title == "Inntektssystemet for fylkeskommunene")) is not None),
    Route("condition edit", lambda w: f"/conditions/{w.condition.id}/edit",
          lambda w: _condition_form("Plan- og bygningsloven (endret)"),
          lambda w: db.session.get(FrameworkCondition, w.condition.id).title
          == "Plan- og bygningsloven (endret)"),
    Route("condition delete", lambda w: f"/conditions/{w.condition.id}/delete",
          lambda w: {},
          lambda w: db.session.get(FrameworkCondition, w.condition.id) is None),
    Route("link from condition", lambda w: f"/conditions/{w.condition.id}/links/new",
          lambda w: {"measure_id": str(w.unlinked.id), "effect": "required", "strength": "3",
                     "note": ""},
          lambda w: (w.unlinked.id, w.condition.id, "required", 3) in _links()),
    Route("link from measure", lambda w: f"/measures/{w.unlinked.id}/links/new",
          lambda w: {"condition_id": str(w.condition.id), "effect": "enables",
                     "strength": "1", "note": ""},
          lambda w: (w.unlinked.id, w.condition.id, "enables", 1) in _links()),
    Route("link edit", lambda w: f"/links/{w.link.id}/edit",
          lambda w: {"effect": "required", "strength": "3", "note": "Endret"},
          lambda w: db.session.get(Dependency, w.link.id).note == "Endret"),
    Route("link delete", lambda w: f"/links/{w.link.id}/delete",
          lambda w: {},
          lambda w: db.session.get(Dependency, w.link.id) is None),
    Route("measure new", lambda w: "/measures/new",
          lambda w: _measure_form(w, "Fortetting rundt kollektivknutepunkter"),
          lambda w: db.session.scalar(sa.select(Measure.id).where(
              Measure.title == "Fortetting rundt kollektivknutepunkter")) is not None),
    Route("measure edit", lambda w: f"/measures/{w.linked.id}/edit",
          lambda w: _measure_form(w, "Sentrumsboliger i Drammen (endret)"),
          lambda w: db.session.get(Measure, w.linked.id).title
          == "Sentrumsboliger i Drammen (endret)"),
]
ROUTE_IDS = [r.name for r in ROUTES]


# --- readers are refused, both on GET and on POST --------------------------------------

@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_reader_gets_403_on_the_form(client, login_as, world, role, route):
    login_as(role)
    before = snapshot()
    response = client.get(route.url(world))
    assert response.status_code == 403
    assert "Ingen tilgang" in text(response)
    assert snapshot() == before


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_reader_gets_403_on_post_with_a_valid_token_and_nothing_changes(client, login_as,
                                                                        world, role, route):
    login_as(role)
    before = snapshot()
    response = client.submit(route.url(world), route.data(world), form_url="/logout")
    assert response.status_code == 403
    assert "Du har ikke tilgang til å gjøre dette." in text(response)
    assert snapshot() == before
    assert not route.done(world)


# --- editors succeed -------------------------------------------------------------------

@pytest.mark.parametrize("role", EDITORS)
@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_editor_opens_the_form_and_saves(client, login_as, world, role, route):
    login_as(role)
    assert client.get(route.url(world)).status_code == 200
    before = snapshot()
    response = client.submit(route.url(world), route.data(world))
    assert response.status_code == 302, text(response)[:2000]
    assert snapshot() != before
    assert route.done(world)


# --- no token, no change ---------------------------------------------------------------

@pytest.mark.parametrize("role", ["staff", "admin", "viewer"])
@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_post_without_csrf_token_is_400_and_changes_nothing(client, login_as, world, role,
                                                            route):
    login_as(role)
    before = snapshot()
    response = client.post(route.url(world), data=route.data(world))
    assert response.status_code == 400
    assert "Skjemaet var utløpt eller ugyldig" in text(response)
    assert snapshot() == before
    assert not route.done(world)


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_post_with_a_forged_csrf_token_is_400_and_changes_nothing(client, login_as, world,
                                                                  route):
    login_as("staff")
    before = snapshot()
    response = client.post(route.url(world), data=route.data(world) | {"csrf_token": "x" * 40})
    assert response.status_code == 400
    assert snapshot() == before


def test_a_token_from_another_session_is_refused(app, client, login_as, world):
    """A token is bound to the session it was read in: another browser's token fails."""
    other_browser = type(client)(app.test_client())
    login_as("staff")
    before = snapshot()
    response = client.post(f"/conditions/{world.condition.id}/delete",
                           data={"csrf_token": other_browser.token("/login")})
    assert response.status_code == 400
    assert snapshot() == before


# --- readers read, without edit controls -----------------------------------------------

def _read_pages(w: World) -> list[str]:
    return ["/", "/conditions/", f"/conditions/{w.condition.id}", "/conditions/ranking",
            "/measures/", f"/measures/{w.linked.id}"]


EDIT_CONTROLS = ["Rediger", "Slett", "Ny rammebetingelse", "Nytt tiltak", "Koble til",
                 ">Endre<", ">Fjern<", "/edit\"", "/delete\"", "/links/new\"",
                 'href="/conditions/new"', 'href="/measures/new"']


@pytest.mark.parametrize("role", READERS)
def test_reader_reads_every_page_and_sees_no_edit_controls(client, login_as, world, role):
    login_as(role)
    for url in _read_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        body = text(response)
        assert ("Plan- og bygningsloven" in body) or ("Sentrumsboliger i Drammen" in body), url
        for control in EDIT_CONTROLS:
            assert control not in body, (url, control)


@pytest.mark.parametrize("role", EDITORS)
def test_editor_sees_the_edit_controls(client, login_as, world, role):
    login_as(role)
    condition = text(client.get(f"/conditions/{world.condition.id}"))
    for control in ("Rediger", "Slett", "Koble til et tiltak", ">Endre<", ">Fjern<",
                    f'href="/conditions/{world.condition.id}/edit"',
                    f'href="/links/{world.link.id}/delete"'):
        assert control in condition, control
    assert "Ny rammebetingelse" in text(client.get("/conditions/"))
    measures = text(client.get("/measures/"))
    assert "Nytt tiltak" in measures
    measure = text(client.get(f"/measures/{world.linked.id}"))
    assert "Rediger" in measure and "Koble til en rammebetingelse" in measure


@pytest.mark.parametrize("role", READERS)
def test_reader_of_an_empty_registry_is_not_invited_to_add(client, login_as, role):
    login_as(role)
    body = text(client.get("/conditions/"))
    assert "Registeret er tomt." in body
    assert "Registrer den første rammebetingelsen" not in body
    body = text(client.get("/measures/"))
    assert "Planen har ingen tiltak ennå." in body
    assert "Registrer det første tiltaket" not in body


def test_staff_of_an_empty_registry_is_invited_to_add(client, login_as):
    login_as("staff")
    assert "Registrer den første rammebetingelsen" in text(client.get("/conditions/"))


@pytest.mark.parametrize("role", READERS)
def test_reader_may_log_out(client, login_as, role):
    login_as(role)
    response = client.submit("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
