"""Framework-condition pages through the test client with CSRF enabled, as staff."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa

from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.extensions import db
from advocacy.plan.models import Measure
from tests.helpers import _ROW_TITLE, count, row_titles, text


#: The owner body the forms post (Kommunal- og distriktsdepartementet), set by ``staff``.
OWNER: dict[str, int] = {}


@pytest.fixture
def staff(login_as, make_body):
    OWNER["id"] = make_body("Kommunal- og distriktsdepartementet", "KDD").id
    return login_as("staff")


def condition_named(title: str) -> FrameworkCondition | None:
    return db.session.scalar(sa.select(FrameworkCondition).where(FrameworkCondition.title == title))


def form_data(**changes) -> dict:
    """A valid condition form, with ``changes``."""
    return {
        "title": "Plan- og bygningsloven",
        "kind": "regulation",
        "owner_body_id": str(OWNER.get("id", "")),
        "current_state": "Loven gir lite rom for regionale tilpasninger.",
        "our_position": "Gi fylkeskommunen hjemmel til regionale planbestemmelser.",
        "priority": "high",
        "status": "active",
        "source_urls": "https://lovdata.no/dokument/NL/lov/2008-06-27-71\n"
                       "https://www.regjeringen.no/no/tema/plan-bygg-og-eiendom/id208/",
        "lovdata_id": "LOV-2008-06-27-71",
        "responsible_id": "0",
    } | changes


def location(response) -> str:
    return response.headers["Location"]


# --- list: filters, search, pagination -------------------------------------------------

@pytest.fixture
def registry(plan, make_measure, make_condition, make_link):
    """Four conditions that differ in every filtered field."""
    goal_a, goal_b = plan.goals
    theme_a, theme_b = plan.themes
    m1 = make_measure("Boliger i sentrum", goal=goal_a, themes=[theme_a])
    m2 = make_measure("Grønn industri", goal=goal_b, themes=[theme_b])
    c = {
        "pbl": make_condition("Plan- og bygningsloven", kind="regulation",
                              owner_body="Kommunal- og distriktsdepartementet",
                              priority="high", status="active"),
        "inntekt": make_condition("Inntektssystemet for fylkeskommunene", kind="funding",
                                  owner_body="Kommunal- og distriktsdepartementet",
                                  priority="medium", status="monitoring"),
        "ntp": make_condition("Nasjonal transportplan 2025–2036", kind="priority",
                              owner_body="Samferdselsdepartementet",
                              priority="low", status="resolved"),
        "enova": make_condition("Enova-støtte til industri", kind="funding",
                                owner_body="Klima- og miljødepartementet",
                                priority="high", status="monitoring"),
    }
    make_link(m1, c["pbl"], effect="hinders")
    make_link(m2, c["inntekt"], effect="required")
    make_link(m2, c["enova"], effect="enables")
    return c


def test_list_shows_every_condition_by_priority_then_title(client, staff, registry):
    response = client.get("/conditions/")
    assert response.status_code == 200
    assert row_titles(response) == [
        "Enova-støtte til industri", "Plan- og bygningsloven",
        "Inntektssystemet for fylkeskommunene", "Nasjonal transportplan 2025–2036",
    ]
    assert "4 rammebetingelser" in text(response)


@pytest.mark.parametrize("args, expected", [
    ({"kind": "funding"}, ["Enova-støtte til industri", "Inntektssystemet for fylkeskommunene"]),
    ({"kind": "priority"}, ["Nasjonal transportplan 2025–2036"]),
    ({"owner": "Kommunal- og distriktsdepartementet"},
     ["Plan- og bygningsloven", "Inntektssystemet for fylkeskommunene"]),
    ({"owner": "Klima- og miljødepartementet"}, ["Enova-støtte til industri"]),
    ({"priority": "high"}, ["Enova-støtte til industri", "Plan- og bygningsloven"]),
    ({"priority": "low"}, ["Nasjonal transportplan 2025–2036"]),
    ({"status": "monitoring"},
     ["Enova-støtte til industri", "Inntektssystemet for fylkeskommunene"]),
    ({"status": "resolved"}, ["Nasjonal transportplan 2025–2036"]),
    ({"kind": "funding", "priority": "high"}, ["Enova-støtte til industri"]),
    ({"kind": "regulation", "status": "resolved"}, []),
])
def test_list_filters_by_field(client, staff, registry, args, expected):
    response = client.get("/conditions/", query_string=args)
    assert response.status_code == 200
    assert row_titles(response) == expected
    if not expected:
        assert "Ingen rammebetingelser passer med søket og filtrene." in text(response)


def test_list_filters_by_goal_of_linked_measures(client, staff, plan, registry):
    goal_a, goal_b = plan.goals
    response = client.get("/conditions/", query_string={"goal": goal_a.id})
    assert row_titles(response) == ["Plan- og bygningsloven"]
    response = client.get("/conditions/", query_string={"goal": goal_b.id})
    assert row_titles(response) == ["Enova-støtte til industri",
                                    "Inntektssystemet for fylkeskommunene"]


def test_list_filters_by_theme_of_linked_measures(client, staff, plan, registry):
    theme_a, theme_b = plan.themes
    response = client.get("/conditions/", query_string={"theme": theme_a.id})
    assert row_titles(response) == ["Plan- og bygningsloven"]
    response = client.get("/conditions/", query_string={"theme": theme_b.id})
    assert row_titles(response) == ["Enova-støtte til industri",
                                    "Inntektssystemet for fylkeskommunene"]


def test_list_keeps_the_chosen_filters_in_the_form(client, staff, registry):
    response = client.get("/conditions/", query_string={"kind": "funding",
                                                         "owner": "Klima- og miljødepartementet"})
    body = text(response)
    assert '<option selected value="funding">' in body
    assert '<option selected value="Klima- og miljødepartementet">' in body
    assert "Nullstill filtre" in body


@pytest.mark.parametrize("args", [
    {"kind": "nonsense"}, {"goal": "abc"}, {"theme": "99999"}, {"owner": "Ukjent eier"},
    {"priority": "urgent"}, {"page": "abc"},
])
def test_list_ignores_filter_values_it_does_not_know(client, staff, registry, args):
    response = client.get("/conditions/", query_string=args)
    assert response.status_code == 200
    assert len(row_titles(response)) == 4


@pytest.mark.parametrize("query", ["ærlighet", "ØVRE eiker", "KULTURMINNELOVEN", "øvre   EIKER",
                                   "Ærlighet i øvre"])
def test_search_ignores_case_for_norwegian_letters(client, staff, make_condition, query):
    make_condition("Kulturminneloven og ÆRLIGHET i Øvre Eiker")
    make_condition("Vannforskriften")
    response = client.get("/conditions/", query_string={"q": query})
    assert response.status_code == 200
    assert row_titles(response) == ["Kulturminneloven og ÆRLIGHET i Øvre Eiker"]


def test_search_looks_in_owner_position_and_lovdata_id(client, staff, make_condition):
    make_condition("Vannforskriften", owner_body="Klima- og miljødepartementet",
                   lovdata_id="FOR-2006-12-15-1446")
    make_condition("Inntektssystemet", our_position="Kompensasjon for lange ÅRSVERK-reiser")
    assert row_titles(client.get("/conditions/?q=klima")) == ["Vannforskriften"]
    assert row_titles(client.get("/conditions/?q=for-2006-12-15")) == ["Vannforskriften"]
    assert row_titles(client.get("/conditions/", query_string={"q": "årsverk"})) \
        == ["Inntektssystemet"]


@pytest.mark.parametrize("query, expected", [
    ("%", ["Momskompensasjon 100 %"]),
    ("_", ["Kode_A i regelverket"]),
    ("100 %", ["Momskompensasjon 100 %"]),
    ("kode_a", ["Kode_A i regelverket"]),
    ("kode%a", []),
    ("m_ms", []),
])
def test_search_treats_percent_and_underscore_literally(client, staff, make_condition, query,
                                                         expected):
    make_condition("Momskompensasjon 100 %")
    make_condition("Kode_A i regelverket")
    make_condition("Statsbudsjettet")
    response = client.get("/conditions/", query_string={"q": query})
    assert response.status_code == 200
    assert row_titles(response) == expected


def test_search_finds_a_condition_after_its_title_is_edited(client, staff, make_condition):
    condition = make_condition("Gammel tittel")
    response = client.submit(f"/conditions/{condition.id}/edit",
                             form_data(title="Strandsonen i Åsgårdstrand", lovdata_id=""))
    assert response.status_code == 302
    assert row_titles(client.get("/conditions/", query_string={"q": "ÅSGÅRDSTRAND"})) \
        == ["Strandsonen i Åsgårdstrand"]
    assert row_titles(client.get("/conditions/", query_string={"q": "gammel"})) == []


def test_list_paginates_with_per_page(app, client, staff, make_condition):
    app.config["PER_PAGE"] = 2
    for title in ("Alfa", "Bravo", "Charlie"):
        make_condition(title)
    first = client.get("/conditions/")
    assert row_titles(first) == ["Alfa", "Bravo"]
    assert "3 rammebetingelser, side 1 av 2" in text(first)
    assert 'href="/conditions/?page=2"' in first.get_data(as_text=True)
    second = client.get("/conditions/?page=2")
    assert second.status_code == 200
    assert row_titles(second) == ["Charlie"]


def test_pagination_keeps_the_filters(app, client, staff, make_condition):
    app.config["PER_PAGE"] = 1
    make_condition("Alfa", kind="funding")
    make_condition("Bravo", kind="funding")
    make_condition("Charlie", kind="regulation")
    first = client.get("/conditions/?kind=funding")
    assert row_titles(first) == ["Alfa"]
    assert "kind=funding" in html.unescape(re.search(r'<a href="([^"]*)" rel="next"',
                                                      first.get_data(as_text=True))[1])
    assert row_titles(client.get("/conditions/?kind=funding&page=2")) == ["Bravo"]


def test_page_past_the_end_is_an_empty_list_not_an_error(app, client, staff, make_condition):
    app.config["PER_PAGE"] = 2
    for title in ("Alfa", "Bravo", "Charlie"):
        make_condition(title)
    response = client.get("/conditions/?page=7")
    assert response.status_code == 200
    assert row_titles(response) == []


def test_empty_registry_invites_staff_to_register_one(client, staff):
    response = client.get("/conditions/")
    assert response.status_code == 200
    assert "Registeret er tomt." in text(response)
    assert "Registrer den første rammebetingelsen" in text(response)


def test_list_counts_holding_back_and_enabling_links(client, staff, registry):
    body = client.get("/conditions/?q=enova").get_data(as_text=True)
    row = body[body.index("Enova-støtte til industri"):]
    row = row[:row.index("</tr>")]
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["0", "1"]


# --- create ----------------------------------------------------------------------------

def test_new_form_has_norwegian_labels_and_defaults(client, staff):
    response = client.get("/conditions/new")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Ny rammebetingelse</h1>" in body
    for label in ("Tittel", "Type", "Eier (departement, direktorat eller Stortinget)",
                  "Dagens situasjon", "Hva vi vil endre (vårt standpunkt)", "Prioritet",
                  "Kilder (én nettadresse per linje)", "Lovdata-id (valgfri)", "Ansvarlig"):
        assert label in body
    assert '<option selected value="medium">Middels</option>' in body
    assert staff.name in body


def test_create_saves_and_redirects_to_the_detail_page(client, staff):
    response = client.submit("/conditions/new",
                             form_data(lovdata_id=" lov-2008-06-27-71 ",
                                       title="  Plan- og bygningsloven  ",
                                       responsible_id=str(staff.id)))
    assert response.status_code == 302
    condition = condition_named("Plan- og bygningsloven")
    assert condition is not None
    assert location(response) == f"/conditions/{condition.id}"
    assert condition.kind == "regulation"
    assert condition.owner_body == "Kommunal- og distriktsdepartementet (KDD)"
    assert condition.priority == "high"
    assert condition.status == "active"
    assert condition.our_position.startswith("Gi fylkeskommunen hjemmel")
    assert condition.source_urls == [
        "https://lovdata.no/dokument/NL/lov/2008-06-27-71",
        "https://www.regjeringen.no/no/tema/plan-bygg-og-eiendom/id208/",
    ]
    assert condition.lovdata_id == "LOV-2008-06-27-71"
    assert condition.responsible_id == staff.id
    assert count(FrameworkCondition) == 1

    detail = text(client.get(location(response)))
    assert "Rammebetingelsen «Plan- og bygningsloven» er lagret." in detail
    assert "https://www.regjeringen.no/no/tema/plan-bygg-og-eiendom/id208/" in detail
    assert 'href="https://lovdata.no/dokument/NL/lov/2008-06-27-71"' in detail
    assert "Aktivt påvirkningsarbeid" in detail
    assert staff.name in detail


def test_create_with_only_the_required_fields(client, staff):
    response = client.submit("/conditions/new", {
        "title": "Statlige planretningslinjer for klima og energi", "kind": "regulation",
        "owner_body_id": str(OWNER["id"]), "priority": "medium",
        "status": "monitoring", "responsible_id": "0",
    })
    assert response.status_code == 302
    condition = condition_named("Statlige planretningslinjer for klima og energi")
    assert condition.lovdata_id is None
    assert condition.source_urls == []
    assert condition.responsible_id is None
    assert "Ikke beskrevet." in text(client.get(location(response)))


DUPLICATE = "Det finnes allerede en rammebetingelse med denne tittelen."


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "Skriv en tittel."),
    ({"title": "   "}, "Skriv en tittel."),
    ({"title": "T" * 201}, "Tittel"),
    ({"owner_body_id": ""}, "Velg hvem som eier rammebetingelsen."),
    ({"owner_body_id": "99999"}, "Etaten finnes ikke (lenger)."),
    ({"source_urls": "https://lovdata.no/ok\nlovdata.no/uten-skjema"},
     "«lovdata.no/uten-skjema» er ikke en gyldig nettadresse."),
    ({"source_urls": "ftp://example.no/fil"}, "«ftp://example.no/fil» er ikke en gyldig"),
    ({"source_urls": "https://example.no/med mellomrom"}, "er ikke en gyldig nettadresse"),
    ({"lovdata_id": "LOV-2008-13-40-1"}, "Lovdata-id må ha formen LOV-ÅÅÅÅ-MM-DD-N"),
    ({"lovdata_id": "LOV-2008-06-27-0"}, "Lovdata-id må ha formen"),
    ({"lovdata_id": "LOV-2008-6-27-71"}, "Lovdata-id må ha formen"),
    ({"lovdata_id": "DOM-2008-06-27-71"}, "Lovdata-id må ha formen"),
    ({"kind": "law"}, "Ikke et gyldig valg"),
    ({"priority": "urgent"}, "Ikke et gyldig valg"),
    ({"responsible_id": "99999"}, "Ikke et gyldig valg"),
])
def test_create_with_errors_rerenders_in_norwegian_and_saves_nothing(client, staff, changes,
                                                                     message):
    response = client.submit("/conditions/new", form_data(**changes))
    assert response.status_code == 422
    body = text(response)
    assert "Skjemaet har feil – ingenting er lagret" in body
    assert message in body
    assert count(FrameworkCondition) == 0


def test_create_keeps_what_was_typed_when_rerendered(client, staff):
    response = client.submit("/conditions/new", form_data(lovdata_id="LOV-2008-13-40-1"))
    assert response.status_code == 422
    body = text(response)
    assert 'value="Plan- og bygningsloven"' in body
    assert "Gi fylkeskommunen hjemmel til regionale planbestemmelser." in body


def test_too_long_title_is_explained_in_norwegian(client, staff):
    response = client.submit("/conditions/new", form_data(title="T" * 201))
    assert response.status_code == 422
    body = text(response)
    assert "Field cannot be longer" not in body
    assert "200 tegn" in body


def test_responsible_must_be_staff_or_admin(client, staff, make_user):
    viewer = make_user("viewer", name="Lise Leser")
    form = text(client.get("/conditions/new"))
    assert "Lise Leser" not in form
    response = client.submit("/conditions/new", form_data(responsible_id=str(viewer.id)))
    assert response.status_code == 422
    assert count(FrameworkCondition) == 0


@pytest.mark.parametrize("title", [
    "Plan- og bygningsloven", "PLAN- OG BYGNINGSLOVEN", "  plan- og bygningsloven ",
])
def test_create_refuses_a_duplicate_title_ignoring_case(client, staff, make_condition, title):
    make_condition("Plan- og bygningsloven")
    response = client.submit("/conditions/new", form_data(title=title))
    assert response.status_code == 422
    assert DUPLICATE in text(response)
    assert count(FrameworkCondition) == 1


@pytest.mark.parametrize("existing, title", [
    ("Økonomisk ordning for Ål", "ØKONOMISK ORDNING FOR ÅL"),
    ("ÆRLIGHET I ØVRE EIKER", "ærlighet i øvre eiker"),
])
def test_create_refuses_a_duplicate_title_ignoring_case_of_norwegian_letters(
        client, staff, make_condition, existing, title):
    make_condition(existing)
    response = client.submit("/conditions/new", form_data(title=title))
    assert response.status_code == 422
    assert DUPLICATE in text(response)
    assert count(FrameworkCondition) == 1


# --- edit ------------------------------------------------------------------------------

def test_edit_form_shows_the_current_values(client, staff, make_condition):
    condition = make_condition("Vannforskriften", owner_body="Klima- og miljødepartementet",
                               lovdata_id="FOR-2006-12-15-1446", priority="low",
                               source_urls=["https://lovdata.no/a", "https://lovdata.no/b"],
                               responsible_id=staff.id)
    response = client.get(f"/conditions/{condition.id}/edit")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Rediger rammebetingelse</h1>" in body
    assert 'value="Vannforskriften"' in body
    assert 'value="FOR-2006-12-15-1446"' in body
    assert "https://lovdata.no/a\nhttps://lovdata.no/b" in body
    assert '<option selected value="low">Lav</option>' in body
    assert f'<option selected value="{staff.id}">' in body


def test_edit_saves_and_redirects(client, staff, make_condition, make_body):
    condition = make_condition("Vannforskriften", responsible_id=staff.id,
                               source_urls=["https://lovdata.no/a"])
    kld = make_body("Klima- og miljødepartementet", "KLD")
    response = client.submit(f"/conditions/{condition.id}/edit", form_data(
        title="Vannforskriften (endret)", kind="regulation", priority="low",
        status="resolved", source_urls="", lovdata_id="", responsible_id="0",
        owner_body_id=str(kld.id)))
    assert response.status_code == 302
    assert location(response) == f"/conditions/{condition.id}"
    db.session.expire_all()
    condition = db.session.get(FrameworkCondition, condition.id)
    assert condition.title == "Vannforskriften (endret)"
    assert condition.priority == "low"
    assert condition.status == "resolved"
    assert (condition.owner_body_id, condition.owner_body) == (
        kld.id, "Klima- og miljødepartementet (KLD)")
    assert condition.source_urls == []
    assert condition.lovdata_id is None
    assert condition.responsible_id is None
    assert "Endringene er lagret." in text(client.get(location(response)))


def test_edit_may_keep_the_title_or_change_its_case(client, staff, make_condition):
    condition = make_condition("Vannforskriften")
    response = client.submit(f"/conditions/{condition.id}/edit",
                             form_data(title="VANNFORSKRIFTEN", lovdata_id=""))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FrameworkCondition, condition.id).title == "VANNFORSKRIFTEN"


def test_edit_refuses_another_conditions_title_and_keeps_the_old_values(client, staff,
                                                                        make_condition):
    make_condition("Plan- og bygningsloven")
    condition = make_condition("Vannforskriften", priority="low")
    response = client.submit(f"/conditions/{condition.id}/edit",
                             form_data(title="plan- og BYGNINGSLOVEN", priority="high"))
    assert response.status_code == 422
    assert DUPLICATE in text(response)
    db.session.expire_all()
    condition = db.session.get(FrameworkCondition, condition.id)
    assert condition.title == "Vannforskriften"
    assert condition.priority == "low"


def test_edit_with_an_invalid_source_changes_nothing(client, staff, make_condition):
    condition = make_condition("Vannforskriften", source_urls=["https://lovdata.no/a"])
    response = client.submit(f"/conditions/{condition.id}/edit",
                             form_data(title="Nytt navn", source_urls="ikke en adresse"))
    assert response.status_code == 422
    assert "«ikke en adresse» er ikke en gyldig nettadresse" in text(response)
    db.session.expire_all()
    condition = db.session.get(FrameworkCondition, condition.id)
    assert condition.title == "Vannforskriften"
    assert condition.source_urls == ["https://lovdata.no/a"]


# --- detail ----------------------------------------------------------------------------

def test_detail_groups_measures_by_goal_in_plan_order(client, staff, plan, make_measure,
                                                     make_condition, make_link):
    goal_a, goal_b = plan.goals
    condition = make_condition("Plan- og bygningsloven")
    # Created out of order, so that neither id nor creation order gives the right answer.
    make_link(make_measure("Næringsareal på Kongsberg", goal=goal_b), condition,
              effect="required", strength=3, note="Krever endret forskrift")
    make_link(make_measure("Sentrumsboliger i Drammen", goal=goal_a), condition)
    make_link(make_measure("Attraktive tettsteder", goal=goal_a), condition, effect="enables")
    make_measure("Ikke koblet", goal=goal_a)

    body = text(client.get(f"/conditions/{condition.id}"))
    heading_a = body.index(f"<h3>{goal_a.title}</h3>")
    heading_b = body.index(f"<h3>{goal_b.title}</h3>")
    assert heading_a < heading_b
    assert heading_a < body.index("Attraktive tettsteder") < body.index(
        "Sentrumsboliger i Drammen") < heading_b < body.index("Næringsareal på Kongsberg")
    assert "Krever endret forskrift" in body
    assert "Nødvendig for" in body and "Fremmer" in body and "Hindrer" in body
    assert "Ikke koblet" not in body  # not linked, and the link form lists no measures

    # The plan decides the order of goals, not their ids.
    goal_a.position, goal_b.position = 5, 1
    db.session.commit()
    body = text(client.get(f"/conditions/{condition.id}"))
    assert body.index(f"<h3>{goal_b.title}</h3>") < body.index(f"<h3>{goal_a.title}</h3>")


def test_detail_without_links_says_so(client, staff, make_condition):
    condition = make_condition("Vannforskriften")
    body = text(client.get(f"/conditions/{condition.id}"))
    assert "Ingen tiltak er koblet til denne rammebetingelsen ennå." in body
    assert "<strong>0</strong>" in body


def test_detail_shows_the_score_and_its_parts(client, staff, plan, make_measure,
                                              make_condition, make_link):
    goal_a, goal_b = plan.goals
    condition = make_condition("Plan- og bygningsloven")
    make_link(make_measure(goal=goal_a), condition, effect="hinders", strength=3)
    make_link(make_measure(goal=goal_b), condition, effect="required", strength=2)
    make_link(make_measure(goal=goal_b), condition, effect="enables", strength=3)
    body = text(client.get(f"/conditions/{condition.id}"))
    # 5 strength points + 2 measures + 2 × 2 goals = 11
    assert "<strong>11</strong>" in body
    assert "5 styrkepoeng + 2 tiltak + 2 × 2 mål" in body


# --- delete ----------------------------------------------------------------------------

def test_delete_asks_first_and_changes_nothing_on_get(client, staff, plan, make_measure,
                                                      make_condition, make_link):
    condition = make_condition("Plan- og bygningsloven")
    make_link(make_measure(), condition)
    make_link(make_measure(), condition)
    response = client.get(f"/conditions/{condition.id}/delete")
    assert response.status_code == 200
    body = text(response)
    assert "Slette «Plan- og bygningsloven»?" in body
    assert "2 koblinger til tiltak blir slettet" in body
    assert count(FrameworkCondition) == 1
    assert count(Dependency) == 2


def test_delete_removes_the_condition_and_its_links_but_keeps_measures(
        client, staff, plan, make_measure, make_condition, make_link):
    condition = make_condition("Plan- og bygningsloven")
    other = make_condition("Vannforskriften")
    m1, m2 = make_measure("Tiltak A"), make_measure("Tiltak B")
    make_link(m1, condition)
    make_link(m2, condition)
    kept = make_link(m1, other)
    condition_id, kept_id = condition.id, kept.id

    response = client.submit(f"/conditions/{condition_id}/delete")
    assert response.status_code == 302
    assert location(response) == "/conditions/"
    db.session.expire_all()
    assert db.session.get(FrameworkCondition, condition_id) is None
    assert db.session.scalars(sa.select(Dependency.id)).all() == [kept_id]
    assert count(Measure) == 2

    listing = client.get("/conditions/")
    assert "«Plan- og bygningsloven» og koblingene til tiltak er slettet" in text(listing)
    assert row_titles(listing) == ["Vannforskriften"]
    assert client.get(f"/conditions/{condition_id}").status_code == 404
    assert client.get(f"/measures/{m2.id}").status_code == 200


# --- links -----------------------------------------------------------------------------

def test_link_from_the_condition_page(client, staff, plan, make_measure, make_condition):
    condition = make_condition("Plan- og bygningsloven")
    measure = make_measure("Sentrumsboliger i Drammen")
    page = text(client.get(f"/conditions/{condition.id}"))
    assert "Koble til et tiltak" in page
    # The form searches for a measure (tests/test_picker.py) instead of listing them all.
    assert 'name="measure_id-q"' in page and "Sentrumsboliger i Drammen" not in page

    response = client.submit(f"/conditions/{condition.id}/links/new",
                             {"measure_id": measure.id, "effect": "required", "strength": "3",
                              "note": "Krever dispensasjon"},
                             form_url=f"/conditions/{condition.id}")
    assert response.status_code == 302
    assert location(response) == f"/conditions/{condition.id}#tiltak"
    link = db.session.scalars(sa.select(Dependency)).one()
    assert (link.measure_id, link.condition_id, link.effect, link.strength, link.note) == \
        (measure.id, condition.id, "required", 3, "Krever dispensasjon")

    body = text(client.get(f"/conditions/{condition.id}"))
    assert "«Sentrumsboliger i Drammen» er koblet til «Plan- og bygningsloven»." in body
    assert "Krever dispensasjon" in body
    assert f"<h3>{plan.goals[0].title}</h3>" in body


def test_link_from_the_measure_page(client, staff, plan, make_measure, make_condition):
    condition = make_condition("Inntektssystemet for fylkeskommunene")
    measure = make_measure("Grønn industri", goal=plan.goals[1])
    page = text(client.get(f"/measures/{measure.id}"))
    assert "Koble til en rammebetingelse" in page

    response = client.submit(f"/measures/{measure.id}/links/new",
                             {"condition_id": condition.id, "effect": "enables",
                              "strength": "1", "note": ""},
                             form_url=f"/measures/{measure.id}")
    assert response.status_code == 302
    assert location(response) == f"/measures/{measure.id}#rammebetingelser"
    link = db.session.scalars(sa.select(Dependency)).one()
    assert (link.measure_id, link.condition_id, link.effect, link.strength, link.note) == \
        (measure.id, condition.id, "enables", 1, "")
    body = text(client.get(f"/measures/{measure.id}"))
    assert "Inntektssystemet for fylkeskommunene" in body
    assert "Fremmer" in body


def test_link_form_page_can_be_opened_on_its_own(client, staff, plan, make_measure,
                                                 make_condition):
    condition = make_condition("Plan- og bygningsloven")
    measure = make_measure("Sentrumsboliger i Drammen")
    response = client.get(f"/conditions/{condition.id}/links/new")
    assert response.status_code == 200
    assert "Koble «Plan- og bygningsloven» til et tiltak" in text(response)
    response = client.submit(f"/conditions/{condition.id}/links/new",
                             {"measure_id": measure.id, "effect": "hinders", "strength": "2"})
    assert response.status_code == 302
    assert count(Dependency) == 1


@pytest.mark.parametrize("from_page", ["condition", "measure"])
def test_duplicate_link_says_so_and_creates_nothing(client, staff, plan, make_measure,
                                                    make_condition, make_link, from_page):
    condition = make_condition("Plan- og bygningsloven")
    measure = make_measure("Sentrumsboliger i Drammen")
    make_link(measure, condition, effect="hinders", strength=2, note="Første kobling")
    if from_page == "condition":
        url, data = f"/conditions/{condition.id}/links/new", {"measure_id": measure.id}
    else:
        url, data = f"/measures/{measure.id}/links/new", {"condition_id": condition.id}
    response = client.submit(url, data | {"effect": "enables", "strength": "3",
                                           "note": "Ny kobling"})
    assert response.status_code == 422
    body = text(response)
    assert "allerede koblet" in body
    assert "«Sentrumsboliger i Drammen» er allerede koblet til «Plan- og bygningsloven»" in body
    assert "Skjemaet har feil – ingenting er lagret" in body
    db.session.expire_all()
    link = db.session.scalars(sa.select(Dependency)).one()
    assert (link.effect, link.strength, link.note) == ("hinders", 2, "Første kobling")


@pytest.mark.parametrize("changes, message", [
    ({"measure_id": ""}, "Velg et tiltak."),
    ({"measure_id": "99999"}, "Tiltaket finnes ikke (lenger)."),
    ({"effect": "blocks"}, "Ikke et gyldig valg"),
    ({"strength": "4"}, "Ikke et gyldig valg"),
    ({"strength": "0"}, "Ikke et gyldig valg"),
])
def test_link_with_errors_saves_nothing(client, staff, plan, make_measure, make_condition,
                                        changes, message):
    condition = make_condition("Plan- og bygningsloven")
    measure = make_measure("Sentrumsboliger i Drammen")
    data = {"measure_id": measure.id, "effect": "hinders", "strength": "2", "note": ""}
    response = client.submit(f"/conditions/{condition.id}/links/new", data | changes,
                             form_url=f"/conditions/{condition.id}")
    assert response.status_code == 422
    assert message in text(response)
    assert count(Dependency) == 0


def test_link_from_measure_page_to_unknown_condition_saves_nothing(client, staff, plan,
                                                                   make_measure):
    measure = make_measure("Sentrumsboliger i Drammen")
    response = client.submit(f"/measures/{measure.id}/links/new",
                             {"condition_id": "", "effect": "hinders", "strength": "2"})
    assert response.status_code == 422
    assert "Velg en rammebetingelse." in text(response)
    assert count(Dependency) == 0


def test_edit_link(client, staff, plan, make_measure, make_condition, make_link):
    condition = make_condition("Plan- og bygningsloven")
    measure = make_measure("Sentrumsboliger i Drammen")
    link = make_link(measure, condition, effect="hinders", strength=2, note="Gammel merknad")
    form = client.get(f"/links/{link.id}/edit")
    assert form.status_code == 200
    body = text(form)
    assert "Endre koblingen mellom «Sentrumsboliger i Drammen» og «Plan- og bygningsloven»" \
        in body
    assert "Gammel merknad" in body
    assert '<option selected value="hinders">Hindrer</option>' in body

    response = client.submit(f"/links/{link.id}/edit",
                             {"effect": "required", "strength": "3", "note": "Ny merknad"})
    assert response.status_code == 302
    assert location(response) == f"/conditions/{condition.id}#tiltak"
    db.session.expire_all()
    link = db.session.get(Dependency, link.id)
    assert (link.effect, link.strength, link.note) == ("required", 3, "Ny merknad")
    assert "Koblingen er oppdatert." in text(client.get(location(response)))


def test_edit_link_from_the_measure_page_returns_there(client, staff, plan, make_measure,
                                                       make_condition, make_link):
    measure = make_measure("Sentrumsboliger i Drammen")
    link = make_link(measure, make_condition("Plan- og bygningsloven"))
    response = client.submit(f"/links/{link.id}/edit?from=measure",
                             {"effect": "enables", "strength": "1", "note": ""})
    assert response.status_code == 302
    assert location(response) == f"/measures/{measure.id}#rammebetingelser"


def test_edit_link_with_errors_changes_nothing(client, staff, plan, make_measure,
                                               make_condition, make_link):
    link = make_link(make_measure(), make_condition(), effect="hinders", strength=2,
                     note="Uendret")
    response = client.submit(f"/links/{link.id}/edit",
                             {"effect": "hinders", "strength": "9", "note": "Endret"})
    assert response.status_code == 422
    assert "Ikke et gyldig valg" in text(response)
    db.session.expire_all()
    link = db.session.get(Dependency, link.id)
    assert (link.strength, link.note) == (2, "Uendret")


def test_delete_link_asks_first_then_removes_only_the_link(client, staff, plan, make_measure,
                                                           make_condition, make_link):
    condition = make_condition("Plan- og bygningsloven")
    measure = make_measure("Sentrumsboliger i Drammen")
    link = make_link(measure, condition)
    link_id = link.id

    confirm = client.get(f"/links/{link_id}/delete")
    assert confirm.status_code == 200
    assert "Koblingen mellom tiltaket «Sentrumsboliger i Drammen» og rammebetingelsen " \
           "«Plan- og bygningsloven» blir fjernet." in text(confirm)
    assert count(Dependency) == 1

    response = client.submit(f"/links/{link_id}/delete?from=measure")
    assert response.status_code == 302
    assert location(response) == f"/measures/{measure.id}#rammebetingelser"
    assert count(Dependency) == 0
    assert count(Measure) == 1
    assert count(FrameworkCondition) == 1
    page = text(client.get(location(response)))
    assert "Koblingen er fjernet." in page
    assert "Tiltaket er ikke koblet til noen nasjonale rammebetingelser ennå." in page


# --- unknown ids -----------------------------------------------------------------------

UNKNOWN_GET = [
    "/conditions/99999", "/conditions/99999/edit", "/conditions/99999/delete",
    "/conditions/99999/links/new", "/measures/99999", "/measures/99999/edit",
    "/measures/99999/links/new", "/links/99999/edit", "/links/99999/delete",
]
UNKNOWN_POST = [
    ("/conditions/99999/edit", form_data()),
    ("/conditions/99999/delete", {}),
    ("/conditions/99999/links/new", {"measure_id": "1", "effect": "hinders", "strength": "2"}),
    ("/measures/99999/edit", {"title": "X", "goal_id": "1", "status": "planned"}),
    ("/measures/99999/links/new", {"condition_id": "1", "effect": "hinders", "strength": "2"}),
    ("/links/99999/edit", {"effect": "hinders", "strength": "2"}),
    ("/links/99999/delete", {}),
]


@pytest.mark.parametrize("url", UNKNOWN_GET)
def test_unknown_id_is_a_norwegian_404_page(client, staff, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Fant ikke siden" in text(response)


@pytest.mark.parametrize("url, data", UNKNOWN_POST)
def test_post_to_unknown_id_is_404_and_changes_nothing(client, staff, plan, make_measure,
                                                       make_condition, url, data):
    make_measure()
    make_condition()
    response = client.submit(url, data, form_url="/logout")
    assert response.status_code == 404
    assert "Fant ikke siden" in text(response)
    assert count(FrameworkCondition) == 1
    assert count(Measure) == 1
    assert count(Dependency) == 0


# --- ranking ---------------------------------------------------------------------------

def _ranking_table(response) -> str:
    """The ranking page from its table on (the chart above has a table of its own)."""
    page = response.get_data(as_text=True)
    return page[page.index("Rammebetingelser rangert etter"):]


def _titles(part: str) -> list[str]:
    return [html.unescape(t) for t in _ROW_TITLE.findall(part)]


def test_ranking_lists_conditions_by_score_with_its_parts(client, staff, plan, make_measure,
                                                          make_condition, make_link):
    goal_a, goal_b = plan.goals
    m1, m2 = make_measure(goal=goal_a), make_measure(goal=goal_a)
    m3 = make_measure(goal=goal_b)
    low = make_condition("Lite viktig", priority="high")
    make_link(m1, low, effect="hinders", strength=1)          # 1 + 1 + 2×1 = 4
    top = make_condition("Holder mest tilbake", priority="low")
    for m in (m1, m2, m3):
        make_link(m, top, effect="required", strength=3)      # 9 + 3 + 2×2 = 16
    middle = make_condition("Midt på treet")
    make_link(m1, middle, effect="hinders", strength=2)
    make_link(m3, middle, effect="hinders", strength=1)       # 3 + 2 + 2×2 = 9
    enabling = make_condition("Bare fremmer")
    make_link(m2, enabling, effect="enables", strength=3)     # 0: not ranked
    make_condition("Uten koblinger")

    response = client.get("/conditions/ranking")
    assert response.status_code == 200
    body = _ranking_table(response)
    assert _titles(body) == ["Holder mest tilbake", "Midt på treet", "Lite viktig"]
    cells = [re.findall(r'<td class="num">(?:<strong>)?(\d+)', row)
             for row in body.split("<tr>")[2:]]
    # strength points, measures held back, goals touched, breadth, total
    assert cells == [["9", "3", "2", "0", "16"], ["3", "2", "2", "0", "9"],
                     ["1", "1", "1", "0", "4"]]
    readable = text(response)
    assert "poeng = styrkepoeng + antall tiltak holdt tilbake + 2 × antall utviklingsmål" \
        in readable
    assert "Bare fremmer" not in readable


def test_ranking_breaks_ties_by_priority(client, staff, plan, make_measure, make_condition,
                                         make_link):
    measure = make_measure()
    for title, priority in (("A lav", "low"), ("B høy", "high"), ("C middels", "medium")):
        make_link(measure, make_condition(title, priority=priority), strength=2)
    response = client.get("/conditions/ranking")
    assert _titles(_ranking_table(response)) == ["B høy", "C middels", "A lav"]


def test_ranking_without_links_says_so(client, staff, make_condition):
    make_condition("Uten koblinger")
    response = client.get("/conditions/ranking")
    assert response.status_code == 200
    assert "Ingen rammebetingelser er ennå koblet til tiltak" in text(response)


def test_overview_shows_the_top_five(client, staff, plan, make_measure, make_condition,
                                     make_link):
    measures = [make_measure() for _ in range(6)]
    for n in range(1, 7):
        condition = make_condition(f"Betingelse {n}")
        for measure in measures[:n]:
            make_link(measure, condition, strength=1)
    response = client.get("/")
    assert response.status_code == 200
    # The overview's ranking chart (and its table) holds the top 15, highest score first.
    assert row_titles(response) == [f"Betingelse {n}" for n in (6, 5, 4, 3, 2, 1)]
