"""The picker: conditions and measures are searched for, never listed in full.

The search endpoints answer JSON for ``picker.js`` and a page without it; the forms work
without script (the «Søk» button sends the form back with the matches to choose from);
a submitted id is checked with one query; and no page loads every condition or measure.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from advocacy.conditions.forms import PICKER_LIMIT
from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing
from advocacy.papers.models import PositionPaper
from advocacy.plan.models import Measure
from tests.helpers import body_id, count, text
from tests.test_query_counts import count_queries

JSON = {"Accept": "application/json"}


def _json(client, url):
    response = client.get(url, headers=JSON)
    assert response.status_code == 200, url
    assert response.mimetype == "application/json"
    return response.get_json()


def _labels(client, url) -> list[str]:
    return [row["label"] for row in _json(client, url)["results"]]


@pytest.fixture
def staff(login_as):
    return login_as("staff")


# --- the search endpoints ----------------------------------------------------------------

def test_condition_search_matches_title_words_ignoring_case_and_aeoeaa(client, staff,
                                                                        make_condition):
    make_condition("Forskrift om havner i Ålesund", owner_body="Fiskeridepartementet")
    make_condition("Plan- og bygningsloven")
    make_condition("Øremerkede tilskudd til kulturminner")

    assert _labels(client, "/conditions/search?q=ålesund") == ["Forskrift om havner i Ålesund"]
    assert _labels(client, "/conditions/search?q=ÅLESUND") == ["Forskrift om havner i Ålesund"]
    assert _labels(client, "/conditions/search?q=ØREMERKEDE") == [
        "Øremerkede tilskudd til kulturminner"]
    assert _labels(client, "/conditions/search?q=bygnings") == ["Plan- og bygningsloven"]
    answer = _json(client, "/conditions/search?q=havner")
    assert answer["results"][0]["hint"] == "Fiskeridepartementet"
    assert set(answer["results"][0]) == {"id", "label", "hint"}
    assert answer["has_more"] is False


def test_measure_search_tells_the_goal(client, staff, plan, make_measure):
    make_measure("Sentrumsboliger i Drammen", goal=plan.goals[1])
    make_measure("Attraktive tettsteder")
    answer = _json(client, "/measures/search?q=DRAMMEN")
    assert [(r["label"], r["hint"]) for r in answer["results"]] == [
        ("Sentrumsboliger i Drammen", "Økt verdiskaping og omstilling")]


def test_search_answers_at_most_the_limit_and_says_there_are_more(client, staff,
                                                                  make_condition):
    for i in range(PICKER_LIMIT + 5):
        make_condition(f"Tilskuddsordning {i:02d}")
    answer = _json(client, "/conditions/search?q=tilskudd")
    assert len(answer["results"]) == PICKER_LIMIT
    assert answer["has_more"] is True
    assert [r["label"] for r in answer["results"]][:2] == ["Tilskuddsordning 00",
                                                            "Tilskuddsordning 01"]
    exactly = _json(client, "/conditions/search?q=ordning 0")  # 00..09
    assert len(exactly["results"]) == 10 and exactly["has_more"] is False


@pytest.mark.parametrize("query", ["", "   ", "x" * 5000])
def test_search_for_nothing_or_too_much_finds_nothing(client, staff, make_condition, query):
    make_condition("Plan- og bygningsloven")
    assert _json(client, f"/conditions/search?q={query}")["results"] == []


def test_search_without_script_is_a_page_of_links(client, staff, make_condition, plan,
                                                  make_measure):
    condition = make_condition("Plan- og bygningsloven")
    measure = make_measure("Sentrumsboliger i Drammen")
    response = client.get("/conditions/search?q=bygning")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    body = text(response)
    assert f'<a href="/conditions/{condition.id}">Plan- og bygningsloven</a>' in body
    assert "<h1>Søk etter rammebetingelser</h1>" in body
    body = text(client.get("/measures/search?q=drammen"))
    assert f'<a href="/measures/{measure.id}">Sentrumsboliger i Drammen</a>' in body
    assert "Ingen treff" in text(client.get("/measures/search?q=finnesikke"))


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_everyone_who_may_read_the_pages_may_search(client, login_as, make_condition, role):
    condition = make_condition("Plan- og bygningsloven")
    login_as(role)
    assert client.get(f"/conditions/{condition.id}").status_code == 200
    assert _labels(client, "/conditions/search?q=plan") == ["Plan- og bygningsloven"]
    assert _labels(client, "/measures/search?q=plan") == []


@pytest.mark.parametrize("url", ["/conditions/search?q=plan", "/measures/search?q=plan"])
def test_anonymous_search_goes_to_login(client, make_condition, url):
    make_condition("Plan- og bygningsloven")
    response = client.get(url, headers=JSON)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# --- single choice without script: link a measure or a condition -----------------------

def test_link_a_measure_without_script(client, staff, plan, make_measure, make_condition):
    condition = make_condition("Plan- og bygningsloven")
    wanted = make_measure("Sentrumsboliger i Drammen")
    make_measure("Sentrumsboliger i Kongsberg")
    make_measure("Attraktive tettsteder")
    url = f"/conditions/{condition.id}/links/new"
    page = text(client.get(f"/conditions/{condition.id}"))
    assert 'name="measure_id-q"' in page and 'name="picker-search"' in page

    # «Søk» sends the form back: the matches to choose from, what was typed kept.
    found = client.submit(url, {"measure_id-q": "sentrumsboliger", "picker-search": "measure_id",
                                "effect": "required", "strength": "3",
                                "note": "Krever dispensasjon"}, form_url=f"/conditions/{condition.id}")
    assert found.status_code == 200
    body = text(found)
    assert count(Dependency) == 0
    assert "Skjemaet har feil" not in body
    assert len(re.findall(r'type="radio" id="measure_id-option-\d+" name="measure_id"', body)) == 2
    assert f'value="{wanted.id}" data-label="Sentrumsboliger i Drammen"' in body
    assert "Attraktive tettsteder" not in body
    assert 'value="sentrumsboliger"' in body  # the search text stays
    assert "Krever dispensasjon</textarea>" in body
    assert '<option selected value="3">' in body and '<option selected value="required">' in body

    # Choose one and save.
    saved = client.submit(url, {"measure_id-q": "sentrumsboliger", "measure_id": wanted.id,
                                "effect": "required", "strength": "3",
                                "note": "Krever dispensasjon"}, form_url=f"/conditions/{condition.id}")
    assert saved.status_code == 302
    link = db.session.scalars(sa.select(Dependency)).one()
    assert (link.measure_id, link.condition_id, link.effect, link.note) == \
        (wanted.id, condition.id, "required", "Krever dispensasjon")


def test_link_a_condition_without_script(client, staff, plan, make_measure, make_condition):
    measure = make_measure("Sentrumsboliger i Drammen")
    wanted = make_condition("Inntektssystemet for fylkeskommunene")
    make_condition("Plan- og bygningsloven")
    url = f"/measures/{measure.id}/links/new"
    found = client.submit(url, {"condition_id-q": "INNTEKT", "picker-search": "condition_id",
                                "effect": "enables", "strength": "1", "note": ""},
                          form_url=f"/measures/{measure.id}")
    assert found.status_code == 200
    body = text(found)
    assert f'value="{wanted.id}" data-label="Inntektssystemet for fylkeskommunene"' in body
    assert "Plan- og bygningsloven" not in body
    assert count(Dependency) == 0

    saved = client.submit(url, {"condition_id": wanted.id, "effect": "enables", "strength": "1"},
                          form_url=f"/measures/{measure.id}")
    assert saved.status_code == 302
    assert db.session.scalars(sa.select(Dependency.condition_id)).one() == wanted.id


def test_a_search_that_finds_nothing_says_so(client, staff, plan, make_measure, make_condition):
    condition = make_condition()
    make_measure("Sentrumsboliger i Drammen")
    found = client.submit(f"/conditions/{condition.id}/links/new",
                          {"measure_id-q": "finnesikke", "picker-search": "measure_id",
                           "effect": "hinders", "strength": "2"},
                          form_url=f"/conditions/{condition.id}")
    assert found.status_code == 200
    assert "Ingen treff for «finnesikke». Prøv andre ord." in text(found)


def test_search_with_empty_text_is_an_ordinary_save(client, staff, plan, make_measure,
                                                    make_condition):
    """Enter in another field presses the first button («Søk»): with no words it saves."""
    condition = make_condition()
    measure = make_measure()
    response = client.submit(f"/conditions/{condition.id}/links/new",
                             {"measure_id-q": "", "picker-search": "measure_id",
                              "measure_id": measure.id, "effect": "hinders", "strength": "2"},
                             form_url=f"/conditions/{condition.id}")
    assert response.status_code == 302
    assert count(Dependency) == 1


@pytest.mark.parametrize("value", ["99999", str(2**63), "9" * 40, "-3", "abc", "1.5"])
def test_an_unknown_or_impossible_id_is_a_field_error(client, staff, plan, make_measure,
                                                      make_condition, value):
    condition = make_condition()
    make_measure()
    response = client.submit(f"/conditions/{condition.id}/links/new",
                             {"measure_id": value, "effect": "hinders", "strength": "2"},
                             form_url=f"/conditions/{condition.id}")
    assert response.status_code == 422
    body = text(response)
    assert "Feil: Tiltaket finnes ikke (lenger). Søk etter det og velg det fra treffene." in body
    assert '<a href="#measure_id">' in body  # the error summary leads to the search field
    assert count(Dependency) == 0


def test_an_unknown_condition_id_from_the_measure_page_is_a_field_error(
        client, staff, plan, make_measure, make_condition):
    measure = make_measure()
    make_condition()
    response = client.submit(f"/measures/{measure.id}/links/new",
                             {"condition_id": "424242", "effect": "hinders", "strength": "2"},
                             form_url=f"/measures/{measure.id}")
    assert response.status_code == 422
    assert "Rammebetingelsen finnes ikke (lenger)." in text(response)
    assert count(Dependency) == 0


def test_checking_a_submitted_id_is_one_query(client, staff, plan, make_measure,
                                              make_condition):
    condition = make_condition()
    measure = make_measure()
    for i in range(30):
        make_measure(f"Annet tiltak {i}")
    url, measure_id = f"/conditions/{condition.id}/links/new", measure.id
    token = client.token(f"/conditions/{condition.id}")
    with count_queries() as statements:
        client.raw.post(url, data={"csrf_token": token, "measure_id": measure_id,
                                   "effect": "hinders", "strength": "2"})
    # Up to the insert (the flash message reloads the committed measure afterwards).
    insert = next(i for i, s in enumerate(statements) if s.startswith("INSERT INTO dependencies"))
    measure_selects = [s for s in statements[:insert] if "FROM measures" in s]
    assert len(measure_selects) == 1, "\n\n".join(statements[:insert])
    assert "WHERE measures.id IN" in measure_selects[0]


# --- several choices without script: the hearing and paper forms -----------------------

def _hearing_form(**changes):
    data = {"title": "Høring – ny kulturmiljølov",
            "issuer_body_id": body_id("Klima- og miljødepartementet", "KLD"),
            "reference": "25/1428", "url": "", "published_on": "01.10.2026",
            "deadline_date": "15.01.2027", "deadline_time": "", "status": "new",
            "not_responding_reason": "", "responsible_id": 0, "summary": "Kort om saken"}
    return data | changes


def test_hearing_form_chooses_conditions_and_measures_without_script(
        client, staff, plan, make_condition, make_measure):
    kulturmiljo = make_condition("Kulturminneloven")
    vann = make_condition("Vannforskriften")
    make_condition("Plan- og bygningsloven")
    tettsted = make_measure("Attraktive tettsteder")

    found = client.submit("/hearings/new", _hearing_form(**{
        "condition_ids-q": "LOVEN", "picker-search": "condition_ids",
        "measure_ids-q": "tettsted"}))
    assert found.status_code == 200
    body = text(found)
    assert count(Hearing) == 0
    assert 'value="Høring – ny kulturmiljølov"' in body and "Kort om saken</textarea>" in body
    # Matches as unchecked boxes under the field's name; every picker with words searched.
    assert (f'<input type="checkbox" id="condition_ids-hit-{kulturmiljo.id}" '
            f'name="condition_ids" value="{kulturmiljo.id}">') in body
    assert "Plan- og bygningsloven" in body and "Vannforskriften" not in body
    assert f'id="measure_ids-hit-{tettsted.id}"' in body

    # Check two, search again: the checked ones are now chosen (checked), not matches.
    again = client.submit("/hearings/new", _hearing_form(**{
        "condition_ids": [kulturmiljo.id], "condition_ids-q": "vann",
        "picker-search": "condition_ids", "measure_ids": [tettsted.id]}))
    body = text(again)
    assert (f'id="condition_ids-chosen-{kulturmiljo.id}" name="condition_ids" '
            f'value="{kulturmiljo.id}" checked') in body
    assert f'id="condition_ids-hit-{vann.id}"' in body
    assert f'id="measure_ids-chosen-{tettsted.id}"' in body

    saved = client.submit("/hearings/new", _hearing_form(**{
        "condition_ids": [kulturmiljo.id, vann.id], "measure_ids": [tettsted.id],
        "condition_ids-q": "vann"}))
    assert saved.status_code == 302
    hearing = db.session.scalar(sa.select(Hearing))
    assert sorted(c.title for c in hearing.conditions) == ["Kulturminneloven", "Vannforskriften"]
    assert [m.title for m in hearing.measures] == ["Attraktive tettsteder"]

    # The edit form shows the chosen ones only; unchecking one removes it.
    edit = text(client.get(f"/hearings/{hearing.id}/edit"))
    assert f'id="condition_ids-chosen-{vann.id}"' in edit
    assert "Plan- og bygningsloven" not in edit
    client.submit(f"/hearings/{hearing.id}/edit", _hearing_form(**{
        "condition_ids": [vann.id]}))
    db.session.expire_all()
    assert [c.title for c in db.session.get(Hearing, hearing.id).conditions] == ["Vannforskriften"]
    assert db.session.get(Hearing, hearing.id).measures == []


def test_hearing_with_an_unknown_condition_is_refused(client, staff, make_condition):
    known = make_condition()
    response = client.submit("/hearings/new", _hearing_form(
        condition_ids=[known.id, 987654]))
    assert response.status_code == 422
    assert "Rammebetingelsen finnes ikke (lenger)." in text(response)
    assert count(Hearing) == 0


def test_paper_form_chooses_conditions_and_measures_without_script(
        client, staff, plan, make_condition, make_measure):
    inntekt = make_condition("Inntektssystemet for fylkeskommunene")
    make_condition("Plan- og bygningsloven")
    boliger = make_measure("Sentrumsboliger i Drammen")
    data = {"title": "Felles høringsuttalelse", "hearing_id": 0, "recipient": "KDD",
            "our_reference": "", "their_reference": "", "exemption_basis": "",
            "responsible_id": 0}
    found = client.submit("/papers/new", data | {"measure_ids-q": "drammen",
                                                 "condition_ids-q": "inntekt",
                                                 "picker-search": "measure_ids"})
    assert found.status_code == 200
    body = text(found)
    assert f'id="measure_ids-hit-{boliger.id}"' in body
    assert f'id="condition_ids-hit-{inntekt.id}"' in body
    assert "Plan- og bygningsloven" not in body
    assert 'value="Felles høringsuttalelse"' in body
    assert count(PositionPaper) == 0

    saved = client.submit("/papers/new", data | {"measure_ids": [boliger.id],
                                                 "condition_ids": [inntekt.id]})
    assert saved.status_code == 302
    paper = db.session.scalar(sa.select(PositionPaper))
    assert [c.id for c in paper.conditions] == [inntekt.id]
    assert [m.id for m in paper.measures] == [boliger.id]
    edit = text(client.get(f"/papers/{paper.id}/edit"))
    assert f'id="measure_ids-chosen-{boliger.id}"' in edit

    refused = client.submit(f"/papers/{paper.id}/edit",
                            data | {"status": "draft", "measure_ids": ["x"],
                                    "condition_ids": [inntekt.id]})
    assert refused.status_code == 422
    assert "Tiltaket finnes ikke (lenger)." in text(refused)
    db.session.expire_all()
    assert [m.id for m in db.session.get(PositionPaper, paper.id).measures] == [boliger.id]


# --- the hearing list's filter ------------------------------------------------------------

def test_hearing_filter_searches_for_a_condition_without_script(client, staff, make_condition):
    vann = make_condition("Vannforskriften")
    other = make_condition("Plan- og bygningsloven")
    deadline = hearing_services.deadline_at(date(2027, 1, 15))
    db.session.add_all([
        Hearing(title="Høring om vann", issuer="KLD", deadline_at=deadline, conditions=[vann]),
        Hearing(title="Høring om plan", issuer="KDD", deadline_at=deadline, conditions=[other]),
    ])
    db.session.commit()

    listing = text(client.get("/hearings/"))
    assert 'name="condition-q"' in listing and "<option" in listing
    assert f'value="{vann.id}"' not in listing

    found = text(client.get("/hearings/?status=&condition-q=vann&picker-search=condition"))
    assert f'type="radio" id="condition-option-{vann.id}" name="condition"' in found
    assert 'id="condition-none" name="condition" value="" checked' in found

    filtered = client.get(f"/hearings/?condition={vann.id}")
    body = text(filtered)
    assert "Høring om vann" in body and "Høring om plan" not in body
    assert f'id="condition-option-{vann.id}" name="condition" value="{vann.id}"' in body

    unknown = text(client.get("/hearings/?condition=99999999999999999999"))
    assert "Høring om vann" in unknown and "Høring om plan" in unknown
    assert "Rammebetingelsen finnes ikke (lenger)." in unknown


# --- no page loads every row --------------------------------------------------------------

def _add_rows(plan, start: int, stop: int) -> None:
    db.session.add_all(
        [Measure(title=f"Massetiltak {i:04d}", goal=plan.goals[i % 2]) for i in range(start, stop)]
        + [FrameworkCondition(title=f"Masseramme {i:04d}", kind="funding",
                              owner_body="Departementet") for i in range(start, stop)])
    db.session.commit()


def test_pages_with_pickers_cost_the_same_with_10_and_1000_rows(client, staff, plan,
                                                                make_condition, make_measure):
    condition = make_condition("Rammen på siden")
    measure = make_measure("Tiltaket på siden")
    hearing = Hearing(title="Høringen", issuer="KDD",
                      deadline_at=hearing_services.deadline_at(date(2027, 1, 15)),
                      conditions=[condition], measures=[measure])
    db.session.add(hearing)
    db.session.commit()
    paper = client.submit("/papers/new", {"title": "Notatet", "hearing_id": 0,
                                          "responsible_id": 0, "condition_ids": [condition.id]})
    assert paper.status_code == 302
    paper_id = db.session.scalar(sa.select(PositionPaper.id))
    pages = [f"/conditions/{condition.id}", f"/measures/{measure.id}", "/hearings/",
             f"/hearings/?condition={condition.id}", "/hearings/new",
             f"/hearings/{hearing.id}/edit", "/papers/new", f"/papers/{paper_id}/edit",
             f"/conditions/{condition.id}/links/new", f"/measures/{measure.id}/links/new"]

    def measure_pages():
        counts, bodies = {}, {}
        for url in pages:
            with count_queries() as statements:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[url], bodies[url] = len(statements), text(response)
        return counts, bodies

    _add_rows(plan, 0, 10)
    with_10, _ = measure_pages()
    _add_rows(plan, 10, 1000)
    with_1000, bodies = measure_pages()
    assert with_1000 == with_10
    for url, body in bodies.items():
        assert "Massetiltak" not in body and "Masseramme" not in body, url
