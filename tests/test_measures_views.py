"""Measure pages through the test client with CSRF enabled, as staff."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from advocacy.extensions import db
from advocacy.plan.models import Measure, measure_themes
from tests.helpers import count, row_titles, text


@pytest.fixture
def staff(login_as):
    return login_as("staff")


def measure_named(title: str) -> Measure | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Measure).where(Measure.title == title))


def form_data(plan, **changes) -> dict:
    """A valid measure form under the plan's first goal, with ``changes``."""
    return {
        "title": "Fortetting rundt kollektivknutepunkter",
        "description": "Flere boliger nær stasjonene i Drammen og Kongsberg.",
        "goal_id": str(plan.goals[0].id),
        "owner": "Avdeling for samfunnsutvikling",
        "status": "ongoing",
    } | changes


# --- list ------------------------------------------------------------------------------

@pytest.fixture
def measures(plan, make_measure):
    goal_a, goal_b = plan.goals
    theme_a, theme_b = plan.themes
    return {
        "sentrum": make_measure("Sentrumsboliger i Drammen", goal=goal_a, themes=[theme_a],
                                status="ongoing", owner="Drammen kommune"),
        "hytte": make_measure("Hytteutbygging i Hallingdal", goal=goal_b, themes=[theme_b],
                              status="planned"),
        "kultur": make_measure("Kulturarv i ØVRE EIKER", goal=goal_a,
                               themes=[theme_a, theme_b], status="done",
                               description="Ærlig formidling av Kulturminneloven"),
        "industri": make_measure("Grønn industri på Kongsberg", goal=goal_b, status="paused"),
    }


def test_list_shows_measures_by_goal_then_title(client, staff, plan, measures):
    response = client.get("/measures/")
    assert response.status_code == 200
    assert row_titles(response) == [
        "Kulturarv i ØVRE EIKER", "Sentrumsboliger i Drammen",
        "Grønn industri på Kongsberg", "Hytteutbygging i Hallingdal",
    ]
    body = text(response)
    assert "4 tiltak" in body
    assert "Attraktive byer og steder, Fritidsboliger" in body
    assert "Drammen kommune" in body
    assert "Satt på vent" in body


def test_list_follows_the_plans_order_of_goals(client, staff, plan, measures):
    goal_a, goal_b = plan.goals
    goal_a.position, goal_b.position = 3, 1
    db.session.commit()
    assert row_titles(client.get("/measures/")) == [
        "Grønn industri på Kongsberg", "Hytteutbygging i Hallingdal",
        "Kulturarv i ØVRE EIKER", "Sentrumsboliger i Drammen",
    ]


def test_list_filters_by_goal_theme_and_status(client, staff, plan, measures):
    goal_a, goal_b = plan.goals
    theme_a, theme_b = plan.themes
    assert row_titles(client.get("/measures/", query_string={"goal": goal_b.id})) == [
        "Grønn industri på Kongsberg", "Hytteutbygging i Hallingdal"]
    assert row_titles(client.get("/measures/", query_string={"theme": theme_b.id})) == [
        "Kulturarv i ØVRE EIKER", "Hytteutbygging i Hallingdal"]
    assert row_titles(client.get("/measures/", query_string={"status": "planned"})) == [
        "Hytteutbygging i Hallingdal"]
    assert row_titles(client.get("/measures/", query_string={
        "goal": goal_a.id, "theme": theme_a.id, "status": "ongoing"})) == [
        "Sentrumsboliger i Drammen"]
    response = client.get("/measures/", query_string={"goal": goal_b.id, "status": "done"})
    assert row_titles(response) == []
    assert "Ingen tiltak passer med søket og filtrene." in text(response)


@pytest.mark.parametrize("args", [{"goal": "x"}, {"theme": "99999"}, {"status": "ferdig"}])
def test_list_ignores_unknown_filter_values(client, staff, measures, args):
    response = client.get("/measures/", query_string=args)
    assert response.status_code == 200
    assert len(row_titles(response)) == 4


@pytest.mark.parametrize("query, expected", [
    ("øvre eiker", ["Kulturarv i ØVRE EIKER"]),
    ("ÆRLIG", ["Kulturarv i ØVRE EIKER"]),
    ("kulturminneloven", ["Kulturarv i ØVRE EIKER"]),
    ("DRAMMEN", ["Sentrumsboliger i Drammen"]),
    ("grønn INDUSTRI", ["Grønn industri på Kongsberg"]),
    ("%", []),
    ("_", []),
    ("finnes ikke", []),
])
def test_search_ignores_case_for_norwegian_letters(client, staff, measures, query, expected):
    response = client.get("/measures/", query_string={"q": query})
    assert response.status_code == 200
    assert row_titles(response) == expected


def test_list_paginates(app, client, staff, plan, make_measure):
    app.config["PER_PAGE"] = 2
    for title in ("Alfa", "Bravo", "Charlie"):
        make_measure(title)
    assert row_titles(client.get("/measures/")) == ["Alfa", "Bravo"]
    assert row_titles(client.get("/measures/?page=2")) == ["Charlie"]
    past_the_end = client.get("/measures/?page=9")
    assert past_the_end.status_code == 200
    assert row_titles(past_the_end) == []


def test_list_counts_each_measures_conditions(client, staff, plan, make_measure,
                                              make_condition, make_link):
    linked = make_measure("Alfa")
    make_measure("Bravo")
    make_link(linked, make_condition())
    make_link(linked, make_condition())
    body = client.get("/measures/").get_data(as_text=True)
    assert re.findall(r'<td class="num">(\d+)</td>', body) == ["2", "0"]


def test_empty_plan_invites_staff_to_register_a_measure(client, staff, plan):
    response = client.get("/measures/")
    assert "Planen har ingen tiltak ennå." in text(response)
    assert "Registrer det første tiltaket" in text(response)


# --- create ----------------------------------------------------------------------------

def test_new_form_offers_the_plans_goals_and_themes(client, staff, plan):
    response = client.get("/measures/new")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Nytt tiltak</h1>" in body
    for item in (*plan.goals, *plan.themes):
        assert item.title in body
    assert 'type="checkbox"' in body


def test_create_with_themes_saves_and_redirects(client, staff, plan):
    theme_a, theme_b = plan.themes
    response = client.submit("/measures/new", form_data(
        plan, title="  Fortetting rundt kollektivknutepunkter ",
        goal_id=str(plan.goals[1].id), theme_ids=[str(theme_a.id), str(theme_b.id)]))
    assert response.status_code == 302
    measure = measure_named("Fortetting rundt kollektivknutepunkter")
    assert measure is not None
    assert response.headers["Location"] == f"/measures/{measure.id}"
    assert measure.goal_id == plan.goals[1].id
    assert [t.id for t in measure.themes] == [theme_a.id, theme_b.id]
    assert measure.owner == "Avdeling for samfunnsutvikling"
    assert measure.status == "ongoing"
    assert measure.description.startswith("Flere boliger")

    detail = text(client.get(response.headers["Location"]))
    assert "Tiltaket «Fortetting rundt kollektivknutepunkter» er lagret." in detail
    assert "Attraktive byer og steder, Fritidsboliger" in detail
    assert plan.goals[1].title in detail
    assert "Pågår" in detail


def test_create_without_themes(client, staff, plan):
    response = client.submit("/measures/new", form_data(plan, owner="", description=""))
    assert response.status_code == 302
    measure = measure_named("Fortetting rundt kollektivknutepunkter")
    assert measure.themes == []
    detail = text(client.get(response.headers["Location"]))
    assert "Ikke angitt" in detail
    assert "Ikke beskrevet." in detail


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "Skriv en tittel."),
    ({"title": "  "}, "Skriv en tittel."),
    ({"title": "T" * 201}, "Feltet kan ikke være lenger enn 200 tegn."),
    ({"goal_id": ""}, "Velg et utviklingsmål."),
    ({"goal_id": "99999"}, "Ikke et gyldig valg"),
    ({"status": "ferdig"}, "Ikke et gyldig valg"),
    ({"owner": "O" * 201}, "Feltet kan ikke være lenger enn 200 tegn."),
])
def test_create_with_errors_rerenders_in_norwegian_and_saves_nothing(client, staff, plan,
                                                                     changes, message):
    response = client.submit("/measures/new", form_data(plan, **changes))
    assert response.status_code == 422
    body = text(response)
    assert "Skjemaet har feil – ingenting er lagret" in body
    assert message in body
    assert count(Measure) == 0


def test_create_with_an_unknown_theme_saves_nothing(client, staff, plan):
    response = client.submit("/measures/new", form_data(plan, theme_ids=["99999"]))
    assert response.status_code == 422
    body = text(response)
    assert "Skjemaet har feil – ingenting er lagret" in body
    assert "Temaet finnes ikke lenger." in body
    assert "not a valid choice" not in body
    assert count(Measure) == 0
    assert count(measure_themes) == 0


@pytest.mark.parametrize("existing, title", [
    ("Sentrumsboliger i Drammen", "SENTRUMSBOLIGER I DRAMMEN"),
    ("Sentrumsboliger i Drammen", " sentrumsboliger i drammen "),
    ("Kulturarv i Øvre Eiker", "KULTURARV I ØVRE EIKER"),
    ("Ærlig formidling på Ål", "ærlig FORMIDLING på ål"),
])
def test_create_refuses_a_duplicate_title_ignoring_case(client, staff, plan, make_measure,
                                                        existing, title):
    make_measure(existing)
    response = client.submit("/measures/new", form_data(plan, title=title))
    assert response.status_code == 422
    assert "Det finnes allerede et tiltak med denne tittelen." in text(response)
    assert count(Measure) == 1


# --- edit ------------------------------------------------------------------------------

def test_edit_form_shows_the_current_values(client, staff, plan, make_measure):
    measure = make_measure("Sentrumsboliger i Drammen", goal=plan.goals[1],
                           themes=[plan.themes[1]], owner="Drammen kommune", status="paused")
    response = client.get(f"/measures/{measure.id}/edit")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Rediger tiltak</h1>" in body
    assert 'value="Sentrumsboliger i Drammen"' in body
    assert 'value="Drammen kommune"' in body
    assert f'<option selected value="{plan.goals[1].id}">' in body
    assert '<option selected value="paused">' in body
    checked = re.findall(r'<input[^>]*checked[^>]*value="(\d+)"|<input[^>]*value="(\d+)"[^>]*checked',
                         body)
    assert {a or b for a, b in checked} == {str(plan.themes[1].id)}


def test_edit_changes_goal_themes_and_fields(client, staff, plan, make_measure):
    measure = make_measure("Sentrumsboliger i Drammen", goal=plan.goals[0],
                           themes=list(plan.themes))
    response = client.submit(f"/measures/{measure.id}/edit", form_data(
        plan, title="Sentrumsboliger i Drammen og Hokksund", goal_id=str(plan.goals[1].id),
        theme_ids=[str(plan.themes[1].id)], status="done", owner="Øvre Eiker kommune"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/measures/{measure.id}"
    measure = measure_named("Sentrumsboliger i Drammen og Hokksund")
    assert measure.goal_id == plan.goals[1].id
    assert [t.id for t in measure.themes] == [plan.themes[1].id]
    assert measure.status == "done"
    assert measure.owner == "Øvre Eiker kommune"
    assert "Endringene er lagret." in text(client.get(response.headers["Location"]))
    assert row_titles(client.get("/measures/", query_string={"q": "HOKKSUND"})) == [
        "Sentrumsboliger i Drammen og Hokksund"]


def test_edit_unticking_every_theme_removes_them(client, staff, plan, make_measure):
    measure = make_measure("Sentrumsboliger i Drammen", themes=list(plan.themes))
    response = client.submit(f"/measures/{measure.id}/edit",
                             form_data(plan, title="Sentrumsboliger i Drammen"))
    assert response.status_code == 302
    assert measure_named("Sentrumsboliger i Drammen").themes == []


def test_edit_may_keep_its_own_title(client, staff, plan, make_measure):
    measure = make_measure("Sentrumsboliger i Drammen")
    response = client.submit(f"/measures/{measure.id}/edit",
                             form_data(plan, title="SENTRUMSBOLIGER i Drammen"))
    assert response.status_code == 302
    assert measure_named("SENTRUMSBOLIGER i Drammen") is not None


def test_edit_with_errors_changes_nothing(client, staff, plan, make_measure):
    make_measure("Hytteutbygging i Hallingdal")
    measure = make_measure("Sentrumsboliger i Drammen", themes=[plan.themes[0]],
                           status="planned")
    response = client.submit(f"/measures/{measure.id}/edit", form_data(
        plan, title="HYTTEUTBYGGING I HALLINGDAL", status="done",
        theme_ids=[str(plan.themes[1].id)]))
    assert response.status_code == 422
    assert "Det finnes allerede et tiltak med denne tittelen." in text(response)
    measure = measure_named("Sentrumsboliger i Drammen")
    assert measure.status == "planned"
    assert [t.id for t in measure.themes] == [plan.themes[0].id]


# --- detail ----------------------------------------------------------------------------

def test_detail_shows_its_conditions_strongest_first(client, staff, plan, make_measure,
                                                     make_condition, make_link):
    measure = make_measure("Sentrumsboliger i Drammen", themes=[plan.themes[0]])
    other = make_measure("Et annet tiltak")
    weak = make_condition("Vannforskriften", owner_body="Klima- og miljødepartementet")
    strong = make_condition("Plan- og bygningsloven")
    unrelated = make_condition("Nasjonal transportplan")
    make_link(measure, weak, effect="enables", strength=1, note="Gir rom for grønne tak")
    make_link(measure, strong, effect="required", strength=3, note="Krever ny hjemmel")
    make_link(other, unrelated)

    response = client.get(f"/measures/{measure.id}")
    assert response.status_code == 200
    assert row_titles(response) == ["Plan- og bygningsloven", "Vannforskriften"]
    body = text(response)
    assert "Nødvendig for" in body and "Fremmer" in body
    assert "Krever ny hjemmel" in body and "Gir rom for grønne tak" in body
    assert "Klima- og miljødepartementet" in body
    assert plan.goals[0].title in body
    assert "Attraktive byer og steder" in body
    assert "Et annet tiltak" not in body


def test_detail_without_conditions_says_so(client, staff, plan, make_measure):
    measure = make_measure("Sentrumsboliger i Drammen")
    body = text(client.get(f"/measures/{measure.id}"))
    assert "Tiltaket er ikke koblet til noen nasjonale rammebetingelser ennå." in body
    assert "Temaer</dt><dd>Ingen" in body
