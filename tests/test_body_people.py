"""People in the register of state bodies, and Buskerud's members of Stortinget imported
from Stortinget's open data (issue 15, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy.audit.models import AuditEvent
from advocacy.bodies import services
from advocacy.bodies.models import BodyPerson, StateBody
from advocacy.bodies.register import seed_register
from advocacy.extensions import db
from tests.helpers import text
from tests.test_query_counts import count_queries

FIXTURES = Path(__file__).parent / "fixtures"
PERIOD_XML = FIXTURES / "stortinget_representanter_2025-2029.xml"
TODAY_JSON = FIXTURES / "stortinget_dagensrepresentanter.json"

SECRETARY = {"name": "Ola Nordmann", "role": "statssekretaer", "party": "Arbeiderpartiet",
             "committee": "", "email": "Ola.Nordmann@kdd.dep.no", "phone": "22 24 90 90",
             "is_current": "y"}


def _people() -> list[BodyPerson]:
    db.session.expire_all()
    return list(db.session.scalars(select(BodyPerson).order_by(BodyPerson.name)))


def _import(app, source: Path, *extra: str):
    return app.test_cli_runner().invoke(args=["import-representatives", str(source), *extra])


# --- Staff keep the people of a body ---------------------------------------------------------

def test_staff_add_edit_and_remove_a_person_of_a_body(client, login_as, make_body):
    staff = login_as("staff")
    kdd = make_body("Kommunal- og distriktsdepartementet", "KDD")
    response = client.submit(f"/etater/{kdd.id}/personer/ny", SECRETARY)
    assert response.status_code == 302
    [person] = _people()
    assert (person.body_id, person.role, person.email) == (kdd.id, "statssekretaer",
                                                           "ola.nordmann@kdd.dep.no")
    page = text(client.get(f"/etater/{kdd.id}"))
    assert "Ola Nordmann" in page and "Statssekretær, Arbeiderpartiet" in page
    assert "22 24 90 90" in page
    # The register's list links to the body's page.
    assert f'href="/etater/{kdd.id}"' in text(client.get("/etater/?q=KDD"))

    response = client.submit(f"/etater/personer/{person.id}/rediger",
                             {**SECRETARY, "role": "statsraad", "is_current": ""})
    assert response.status_code == 302
    [person] = _people()
    assert person.role == "statsraad" and not person.is_current
    assert "Statsråd (har gått av)" in text(client.get(f"/etater/personer/{person.id}"))
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "body_person").order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id) for e in events] == [("create", staff.id),
                                                          ("update", staff.id)]
    assert "Rolle" in text(client.get("/audit/?type=body_person"))

    response = client.submit(f"/etater/personer/{person.id}/slett", {},
                             form_url=f"/etater/personer/{person.id}")
    assert response.status_code == 302 and _people() == []


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": " "}, "Skriv personens navn."),
    ({"email": "ola@"}, "Skriv en gyldig e-postadresse"),
    ({"phone": "ring meg"}, "Skriv telefonnummeret med siffer"),
    ({"role": "keiser"}, "Ikke et gyldig valg"),
])
def test_bad_input_about_a_person_is_explained_and_nothing_is_saved(client, login_as,
                                                                     make_body, changes,
                                                                     message):
    login_as("staff")
    kdd = make_body()
    response = client.submit(f"/etater/{kdd.id}/personer/ny", {**SECRETARY, **changes})
    assert response.status_code == 422
    assert message in text(response)
    assert _people() == []


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_only_staff_see_and_change_the_people_of_a_body(client, login_as, make_body, role):
    kdd = make_body()
    person = BodyPerson(body=kdd, name="Ola Nordmann", role="statssekretaer", party="",
                        committee="", email="ola@kdd.dep.no", phone="", is_current=True)
    db.session.add(person)
    db.session.commit()
    login_as(role)
    for url in (f"/etater/{kdd.id}", f"/etater/personer/{person.id}",
                f"/etater/{kdd.id}/personer/ny", f"/etater/personer/{person.id}/rediger"):
        assert client.get(url).status_code == 403, url
    token = client.token("/profile")
    for url in (f"/etater/{kdd.id}/personer/ny", f"/etater/personer/{person.id}/rediger",
                f"/etater/personer/{person.id}/slett"):
        response = client.post(url, data={"csrf_token": token, **SECRETARY, "name": "X"})
        assert response.status_code == 403, url
    [kept] = _people()
    assert kept.name == "Ola Nordmann"


def test_a_missing_body_or_person_is_not_found(client, login_as):
    login_as("staff")
    assert client.get("/etater/999999").status_code == 404
    assert client.get("/etater/personer/999999").status_code == 404
    assert client.get("/etater/999999/personer/ny").status_code == 404


def test_merging_bodies_moves_their_people(app, make_body):
    old = make_body("Kommunaldepartementet", kind="departement", is_confirmed=False)
    kdd = make_body("Kommunal- og distriktsdepartementet", "KDD")
    db.session.add(BodyPerson(body=old, name="Kari Saksbehandler", role="saksbehandler",
                              party="", committee="", email="", phone="", is_current=True))
    db.session.commit()
    services.merge(old, kdd)
    db.session.commit()
    [person] = _people()
    assert person.body_id == kdd.id


def test_the_body_page_costs_the_same_for_three_or_thirty_people(client, login_as, make_body):
    login_as("staff")
    kdd = make_body()

    def add(n: int) -> int:
        for i in range(n):
            db.session.add(BodyPerson(body=kdd, name=f"Person {i:02}", role="saksbehandler",
                                      party="", committee="", email=f"p{i}@kdd.dep.no",
                                      phone="", is_current=True))
        db.session.commit()
        with count_queries() as statements:
            assert client.get(f"/etater/{kdd.id}").status_code == 200
        return len(statements)

    assert add(3) == add(27)


# --- Buskerud's members of Stortinget ------------------------------------------------------

def test_importing_the_period_list_adds_buskeruds_members_once(app):
    seed_register()
    db.session.commit()
    result = _import(app, PERIOD_XML)
    assert result.exit_code == 0, result.output
    assert "4 nye, 0 endret, 0 uendret, 0 sitter ikke lenger" in result.output
    people = _people()
    # Buskerud's four members, not the substitute (Jevnaker) nor other counties' members.
    assert [(p.name, p.party, p.stortinget_id, p.role) for p in people] == [
        ("Lina Bergersen", "Arbeiderpartiet", "LINB", "stortingsrepresentant"),
        ("Ove Haugerud", "Høyre", "OVHA", "stortingsrepresentant"),
        ("Siri Mørkved", "Fremskrittspartiet", "SIRM", "stortingsrepresentant"),
        ("Tor Lindstad", "Senterpartiet", "TORL", "stortingsrepresentant"),
    ]
    stortinget = db.session.get(StateBody, people[0].body_id)
    assert stortinget.name == "Stortinget" and stortinget.is_confirmed

    again = _import(app, PERIOD_XML)
    assert again.exit_code == 0, again.output
    assert "0 nye, 0 endret, 4 uendret" in again.output
    assert db.session.scalar(select(func.count()).select_from(StateBody).where(
        StateBody.name == "Stortinget")) == 1


def test_todays_list_brings_committees_and_marks_who_has_left(app):
    seed_register()
    db.session.commit()
    assert _import(app, PERIOD_XML).exit_code == 0
    # Staff noted an e-mail address; the import leaves it alone.
    bergersen = _people()[0]
    bergersen.email = "lina.bergersen@stortinget.no"
    db.session.commit()

    result = _import(app, TODAY_JSON)
    assert result.exit_code == 0, result.output
    assert "~ Tor Lindstad" in result.output
    assert "- Siri Mørkved (sitter ikke lenger)" in result.output
    by_name = {p.name: p for p in _people()}
    # The committee's name comes from the register, which knows its id as an alias.
    assert by_name["Lina Bergersen"].committee == "Transport- og kommunikasjonskomiteen"
    assert by_name["Lina Bergersen"].email == "lina.bergersen@stortinget.no"
    assert by_name["Tor Lindstad"].committee == "Næringskomiteen"
    assert not by_name["Siri Mørkved"].is_current and by_name["Ove Haugerud"].is_current
    assert "Anders Bjørnstad" not in by_name


@pytest.mark.parametrize(("content", "message"), [
    (b"Stortinget", "verken XML eller JSON"),
    (b"<horinger_oversikt xmlns='http://data.stortinget.no'/>",
     "ikke en liste over stortingsrepresentanter"),
    (b'{"saker_liste": []}', "ikke en liste over stortingsrepresentanter"),
    (b"<representanter_oversikt xmlns='http://data.stortinget.no'><representanter_liste>",
     "XML-en kan ikke leses"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>', "XML-en kan ikke leses"),
    (b'{"representanter_liste": [{"id": "X", "fornavn": "A", "etternavn": "B", '
     b'"fylke": {"id": "Ak"}, "vara_representant": false}]}', "ingen faste representanter"),
])
def test_a_bad_source_is_refused_and_nothing_changes(app, tmp_path, content, message):
    source = tmp_path / "kilde"
    source.write_bytes(content)
    result = _import(app, source)
    assert result.exit_code != 0
    assert message in result.output
    assert _people() == []
    assert db.session.scalar(select(func.count()).select_from(StateBody)) == 0


def test_another_county_can_be_chosen(app):
    result = _import(app, PERIOD_XML, "--fylke", "Ak")
    assert result.exit_code == 0, result.output
    assert [p.name for p in _people()] == ["Anders Bjørnstad"]
