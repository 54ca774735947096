"""The register of state bodies: mapping names, the importer, search, forms and the register
pages (issue 12, item 4)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from advocacy.bodies import services
from advocacy.bodies.models import BodyIndex, StateBody, label_of
from advocacy.bodies.register import BODIES, seed_register
from advocacy.clock import OSLO
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.importers import ImportedHearing
from advocacy.hearings.models import Hearing
from advocacy.hearings.upsert import upsert_hearings
from tests.helpers import count, text
from tests.test_query_counts import count_queries


@pytest.fixture
def register(app) -> dict[str, StateBody]:
    bodies = seed_register()
    db.session.commit()
    return bodies


def _item(source_id: str, issuer: str, title: str = "Høring") -> ImportedHearing:
    return ImportedHearing(
        source="regjeringen", source_id=source_id, title=f"{title} {source_id}", issuer=issuer,
        reference=None, url=None, published_on=date(2026, 11, 1),
        deadline_at=datetime(2027, 1, 15, 23, 59, tzinfo=OSLO), status_text="På høring",
        summary="")


def _hearing(title: str, body: StateBody | None = None, issuer: str = "") -> Hearing:
    hearing = Hearing(title=title, issuer=issuer,
                      deadline_at=hearing_services.deadline_at(date(2027, 2, 15)))
    if body is not None:
        hearing.set_issuer(body)
    db.session.add(hearing)
    return hearing


# --- the register and mapping names ----------------------------------------------------

def test_the_register_has_todays_16_ministries_with_their_short_names(register):
    ministries = {b.short_name: b.name for b in register.values() if b.kind == "departement"}
    assert len(ministries) == 16
    assert ministries["KDD"] == "Kommunal- og distriktsdepartementet"
    assert ministries["SD"] == "Samferdselsdepartementet"
    assert ministries["NFD"] == "Nærings- og fiskeridepartementet"
    assert {"AID", "BFD", "DFD", "ED", "FIN", "FD", "HOD", "JD", "KLD", "KUD", "KD", "LMD",
            "UD"} <= set(ministries)
    assert all(b.is_confirmed for b in register.values())
    assert register["Kommunal- og distriktsdepartementet"].label == \
        "Kommunal- og distriktsdepartementet (KDD)"


def test_names_map_by_name_alias_short_name_and_label_ignoring_case(register):
    index = BodyIndex.load()
    kdd = register["Kommunal- og distriktsdepartementet"]
    for text_ in ("Kommunal- og distriktsdepartementet", "KOMMUNALDEPARTEMENTET", "kdd",
                  " Kommunal- og  distriktsdepartementet (KDD) "):
        assert index.find(text_) is kdd, text_
    # Norwegian letters fold too.
    assert index.find("NÆRINGS- OG FISKERIDEPARTEMENTET").short_name == "NFD"
    assert index.find("ENERGI").name == "Energi- og miljøkomiteen"
    assert index.find("Direktoratet for sjøfart") is None
    assert index.find("") is None


def test_an_unknown_name_becomes_one_unconfirmed_body(register):
    index = BodyIndex.load()
    first = index.resolve("Direktoratet for  sjøfart")
    assert index.resolve("DIREKTORATET FOR SJØFART") is first
    db.session.commit()
    assert (first.name, first.is_confirmed, first.kind) == ("Direktoratet for sjøfart", False,
                                                            "annet")
    assert index.resolve("   ") is None


def test_a_label_never_outgrows_the_columns_that_copy_it():
    label = label_of("D" * 200, "LANG")
    assert len(label) == 200 and label.endswith("… (LANG)")


def test_the_frozen_copy_in_the_migration_matches_the_register():
    from importlib import util
    from pathlib import Path

    path = next(Path(__file__).resolve().parent.parent.glob(
        "migrations/versions/*_state_bodies.py"))
    spec = util.spec_from_file_location("state_bodies_migration", path)
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.BODIES == BODIES


# --- the importer ----------------------------------------------------------------------

def test_import_maps_issuers_to_bodies_and_keeps_unknown_ones_for_staff(register):
    report = upsert_hearings([
        _item("1", "Kommunal- og distriktsdepartementet"),
        _item("2", "Kommunaldepartementet"),
        _item("3", "samferdselsdepartementet"),
        _item("4", "Havindustritilsynet"),
        _item("5", "HAVINDUSTRITILSYNET"),
        _item("6", ""),
    ])
    db.session.commit()
    assert len(report.created) == 6
    hearings = {h.source_id: h for h in db.session.scalars(select(Hearing))}
    kdd = register["Kommunal- og distriktsdepartementet"]
    assert hearings["1"].issuer_body_id == hearings["2"].issuer_body_id == kdd.id
    assert hearings["1"].issuer == "Kommunal- og distriktsdepartementet (KDD)"
    assert hearings["3"].issuer == "Samferdselsdepartementet (SD)"
    new = db.session.scalars(select(StateBody).where(StateBody.is_confirmed.is_(False))).all()
    assert [b.name for b in new] == ["Havindustritilsynet"]
    assert hearings["4"].issuer_body_id == hearings["5"].issuer_body_id == new[0].id
    assert (hearings["6"].issuer_body_id, hearings["6"].issuer) == (None, "")


def test_a_new_issuer_name_in_the_source_moves_the_hearing(register):
    upsert_hearings([_item("1", "Kommunal- og distriktsdepartementet")])
    db.session.commit()
    report = upsert_hearings([_item("1", "Samferdselsdepartementet")])
    db.session.commit()
    assert report.updated == ["Høring 1"]
    hearing = db.session.scalar(select(Hearing))
    assert hearing.issuer_body_id == register["Samferdselsdepartementet"].id
    # The same name again changes nothing.
    assert upsert_hearings([_item("1", "SD")]).unchanged == 1


def test_import_reads_the_register_once_not_per_item(register):
    def queries(n: int, start: int) -> int:
        items = [_item(str(i), "Samferdselsdepartementet" if i % 2 else f"Ukjent etat {i % 5}")
                 for i in range(start, start + n)]
        with count_queries() as statements:
            upsert_hearings(items)
            db.session.flush()
        db.session.commit()
        return len([s for s in statements if "state_bodies" in s and s.lstrip().startswith(
            "SELECT")])

    assert queries(5, 0) == queries(60, 100) == 1


def test_suggestions_prefer_conditions_of_the_same_body(register, make_condition):
    sd = register["Samferdselsdepartementet"]
    same = make_condition("Jernbanestrekningen Drammen–Kongsberg")
    same.set_owner(sd)
    other = make_condition("Jernbanestrekningen i Hallingdal")
    db.session.commit()
    upsert_hearings([_item("1", "SD", title="Jernbanestrekningen Drammen–Kongsberg")])
    db.session.commit()
    hearing = db.session.scalar(select(Hearing))
    first, second = hearing.suggestions
    assert first.condition_id == same.id and "samme eier" in first.reason
    assert second.condition_id == other.id and "samme eier" not in second.reason


# --- search ----------------------------------------------------------------------------

def test_header_search_for_kdd_finds_its_conditions_and_hearings(client, login_as, register,
                                                                 make_condition):
    login_as("viewer")
    kdd, sd = register["Kommunal- og distriktsdepartementet"], register["Samferdselsdepartementet"]
    make_condition("Inntektssystemet for fylkeskommunene").set_owner(kdd)
    make_condition("Nasjonal transportplan").set_owner(sd)
    _hearing("Høring – statlige planretningslinjer", kdd)
    _hearing("Høring – ny jernbanelov", sd)
    db.session.commit()

    page = text(client.get("/sok?q=KDD"))
    assert "Inntektssystemet for fylkeskommunene" in page
    assert "Høring – statlige planretningslinjer" in page
    assert "Nasjonal transportplan" not in page and "jernbanelov" not in page
    # The full name finds them too.
    assert "Inntektssystemet" in text(client.get("/sok?q=distriktsdepartementet"))


def test_a_two_letter_short_name_finds_its_bodys_rows(register, make_condition):
    sd, kd = register["Samferdselsdepartementet"], register["Kunnskapsdepartementet"]
    road = make_condition("Riksveier")
    road.set_owner(sd)
    school = make_condition("Fagskolene")
    school.set_owner(kd)
    rail = _hearing("Høring – jernbane", sd)
    db.session.commit()

    def titles(model, query):
        return set(db.session.scalars(select(model.title).where(model.matching(query))))

    assert "Riksveier" in titles(FrameworkCondition, "sd")
    assert "Fagskolene" in titles(FrameworkCondition, "KD")
    # Two letters are also looked for inside the text ("kunnskap-sd-epartementet"), as
    # any short search is; the short name adds its body's rows to that.
    assert "Riksveier" not in titles(FrameworkCondition, "KD")
    assert rail.title in titles(Hearing, "SD")
    assert titles(Hearing, "KD") == set()


# --- the forms -------------------------------------------------------------------------

def test_the_condition_form_picks_its_owner_without_script(client, login_as, register):
    login_as("staff")
    data = {"title": "Kulturminneloven", "kind": "regulation", "priority": "medium",
            "status": "monitoring", "responsible_id": "0", "owner_body_id-q": "KLD",
            "picker-search": "owner_body_id"}
    page = client.submit("/conditions/new", data)
    assert page.status_code == 200
    kld = register["Klima- og miljødepartementet"]
    assert f'value="{kld.id}"' in text(page) and "Klima- og miljødepartementet (KLD)" in text(page)
    assert count(FrameworkCondition) == 0
    del data["picker-search"]
    response = client.submit("/conditions/new", data | {"owner_body_id": str(kld.id)})
    assert response.status_code == 302
    condition = db.session.scalar(select(FrameworkCondition))
    assert (condition.owner_body_id, condition.owner_body) == (
        kld.id, "Klima- og miljødepartementet (KLD)")
    assert "Klima- og miljødepartementet (KLD)" in text(client.get(response.headers["Location"]))


def test_the_hearing_form_refuses_a_body_that_does_not_exist(client, login_as):
    login_as("staff")
    response = client.submit("/hearings/new", {
        "title": "Høring", "issuer_body_id": "424242", "deadline_date": "15.01.2027",
        "status": "new", "responsible_id": "0"})
    assert response.status_code == 422
    assert "Etaten finnes ikke (lenger)." in text(response)
    assert count(Hearing) == 0


def test_the_hearing_page_shows_the_issuer_with_its_short_name(client, login_as, register):
    login_as("viewer")
    hearing = _hearing("Høring – kulturmiljølov", register["Klima- og miljødepartementet"])
    db.session.commit()
    assert "Klima- og miljødepartementet (KLD)" in text(client.get(f"/hearings/{hearing.id}"))


def test_the_picker_search_answers_json_and_a_page(client, login_as, register):
    login_as("viewer")
    answer = client.get("/etater/sok?q=sd", headers={"Accept": "application/json"}).get_json()
    assert answer["results"][0]["label"] == "Samferdselsdepartementet (SD)"
    assert answer["results"][0]["hint"] == "Departement"
    page = text(client.get("/etater/sok?q=miljø"))
    assert "Klima- og miljødepartementet (KLD)" in page and "Miljødirektoratet" in page
    assert client.get("/etater/sok?q=").get_json is not None


# --- the register pages ----------------------------------------------------------------

PAGES = ["/etater/", "/etater/ny", "/etater/{id}/rediger", "/etater/{id}/sla-sammen"]


@pytest.mark.parametrize("role", ["viewer", "partner"])
@pytest.mark.parametrize("url", PAGES)
def test_readers_may_not_open_the_register(client, login_as, register, role, url):
    login_as(role)
    kdd = register["Kommunal- og distriktsdepartementet"]
    assert client.get(url.format(id=kdd.id)).status_code == 403


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_readers_may_not_change_the_register(client, login_as, register, role):
    login_as(role)
    kdd = register["Kommunal- og distriktsdepartementet"]
    sd = register["Samferdselsdepartementet"]
    before = count(StateBody)
    for url, data in [("/etater/ny", {"name": "Ny etat", "kind": "etat"}),
                      (f"/etater/{kdd.id}/rediger", {"name": "Endret", "kind": "etat"}),
                      (f"/etater/{kdd.id}/sla-sammen", {"target_id": str(sd.id)}),
                      (f"/etater/{kdd.id}/bekreft", {})]:
        assert client.submit(url, data, form_url="/logout").status_code == 403
    db.session.expire_all()
    assert count(StateBody) == before
    assert db.session.get(StateBody, kdd.id).name == "Kommunal- og distriktsdepartementet"


def test_a_missing_body_is_404(client, login_as):
    login_as("staff")
    assert client.get("/etater/99999/rediger").status_code == 404


def test_staff_add_a_body_and_duplicates_are_refused(client, login_as, register):
    login_as("staff")
    response = client.submit("/etater/ny", {
        "name": "Norges vassdrags- og energidirektorat", "short_name": "NVE",
        "kind": "direktorat", "aliases": "NVE-direktoratet\n", "is_confirmed": "y"})
    assert response.status_code == 302
    nve = db.session.scalar(select(StateBody).filter_by(short_name="NVE"))
    assert (nve.kind, nve.is_confirmed, nve.aliases) == ("direktorat", True, ["NVE-direktoratet"])
    for data, message in [
            ({"name": "samferdselsdepartementet"}, "Det finnes allerede en etat med dette navnet"),
            ({"name": "Kommunaldepartementet"}, "Det finnes allerede en etat med dette navnet"),
            ({"name": "Ny etat", "short_name": "kdd"}, "En annen etat har allerede dette kortnavnet."),
            ({"name": ""}, "Skriv etatens navn."),
            ({"name": "Ny etat", "kind": "kommune"}, "Ikke et gyldig valg")]:
        response = client.submit("/etater/ny", {"kind": "etat"} | data)
        assert response.status_code == 422, data
        assert message in text(response)
    assert count(StateBody) == len(register) + 1


def test_renaming_a_body_renames_it_on_its_conditions_and_hearings(client, login_as, register,
                                                                    make_condition):
    login_as("staff")
    kdd = register["Kommunal- og distriktsdepartementet"]
    make_condition("Inntektssystemet").set_owner(kdd)
    _hearing("Høring om regionreformen", kdd)
    db.session.commit()
    response = client.submit(f"/etater/{kdd.id}/rediger", {
        "name": "Kommunal- og distriktsdepartementet", "short_name": "KDEP",
        "kind": "departement", "aliases": "Kommunaldepartementet", "is_confirmed": "y"})
    assert response.status_code == 302
    assert "1 rammebetingelser og høringer" not in text(client.get(response.headers["Location"]))
    db.session.expire_all()
    assert db.session.scalar(select(FrameworkCondition.owner_body)) == \
        "Kommunal- og distriktsdepartementet (KDEP)"
    assert db.session.scalar(select(Hearing.issuer)) == \
        "Kommunal- og distriktsdepartementet (KDEP)"
    assert db.session.scalar(select(func.count()).select_from(FrameworkCondition).where(
        FrameworkCondition.matching("kdep"))) == 1


def test_staff_merge_an_unconfirmed_body_into_another(client, login_as, register,
                                                      make_condition):
    login_as("staff")
    upsert_hearings([_item("1", "Kommunal og distrikts-departementet")])
    db.session.commit()
    stray = db.session.scalar(select(StateBody).where(StateBody.is_confirmed.is_(False)))
    condition = make_condition("Plan- og bygningsloven")
    condition.set_owner(stray)
    db.session.commit()
    kdd = register["Kommunal- og distriktsdepartementet"]

    listing = text(client.get("/etater/?ubekreftet=1"))
    assert "Kommunal og distrikts-departementet" in listing and "Ikke bekreftet" in listing
    search = text(client.get(f"/etater/{stray.id}/sla-sammen?q=KDD"))
    assert "Kommunal- og distriktsdepartementet (KDD)" in search
    assert client.submit(f"/etater/{stray.id}/sla-sammen", {"target_id": str(stray.id)},
                         form_url=f"/etater/{stray.id}/sla-sammen?q=KDD").status_code == 422
    response = client.submit(f"/etater/{stray.id}/sla-sammen", {"target_id": str(kdd.id)},
                             form_url=f"/etater/{stray.id}/sla-sammen?q=KDD")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(StateBody, stray.id) is None
    hearing = db.session.scalar(select(Hearing))
    assert (hearing.issuer_body_id, hearing.issuer) == (
        kdd.id, "Kommunal- og distriktsdepartementet (KDD)")
    assert db.session.get(FrameworkCondition, condition.id).owner_body_id == kdd.id
    assert "Kommunal og distrikts-departementet" in db.session.get(StateBody, kdd.id).aliases
    # The next import maps the old name to the merged body.
    upsert_hearings([_item("2", "Kommunal og distrikts-departementet")])
    db.session.commit()
    assert count(StateBody) == len(register)


def test_staff_confirm_a_body(client, login_as, register):
    login_as("staff")
    upsert_hearings([_item("1", "Sjøfartsdirektoratet")])
    db.session.commit()
    body = db.session.scalar(select(StateBody).filter_by(name="Sjøfartsdirektoratet"))
    response = client.submit(f"/etater/{body.id}/bekreft", {}, form_url="/etater/?ubekreftet=1")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(StateBody, body.id).is_confirmed


def test_the_register_page_costs_the_same_with_more_bodies(client, login_as, register):
    login_as("staff")

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/etater/").status_code == 200
        return len(statements)

    first = queries()
    for i in range(30):
        db.session.add(StateBody(name=f"Etat {i}", kind="etat", aliases=[]))
    db.session.commit()
    assert queries() == first


# --- the migration maps the texts there were ---------------------------------------------

def test_the_migration_maps_existing_owners_and_issuers(empty_database_url):
    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    from advocacy import create_app
    from tests.conftest import TEST_CONFIG

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        try:
            upgrade(revision="3f1b6d0e8a42")
            with db.engine.begin() as conn:
                for i, owner in enumerate(["Kommunal- og distriktsdepartementet",
                                           "kommunaldepartementet", "Vegdirektoratet"]):
                    conn.execute(sa.text(
                        "INSERT INTO framework_conditions (id, title, kind, owner_body, "
                        "current_state, our_position, priority, status, source_urls, "
                        "created_at, updated_at, search_text) VALUES (:id, :title, 'funding', "
                        ":owner, '', '', 'medium', 'monitoring', '[]', :now, :now, '')"),
                        {"id": i + 1, "title": f"Betingelse {i}", "owner": owner,
                         "now": datetime(2026, 11, 1)})
                conn.execute(sa.text(
                    "INSERT INTO hearings (id, title, issuer, source, summary, deadline_at, "
                    "deadline_sequence, status, not_responding_reason, created_at, updated_at, "
                    "search_text) VALUES (1, 'Høring', 'SAMFERDSELSDEPARTEMENTET', 'manual', "
                    "'', :now, 0, 'new', '', :now, :now, '')"), {"now": datetime(2026, 11, 1)})
            upgrade()
            with db.engine.connect() as conn:
                owners = conn.execute(sa.text(
                    "SELECT c.owner_body, b.name, b.is_confirmed FROM framework_conditions c "
                    "JOIN state_bodies b ON b.id = c.owner_body_id ORDER BY c.id")).all()
                issuer = conn.execute(sa.text(
                    "SELECT issuer, search_text FROM hearings")).one()
                bodies = conn.execute(sa.text("SELECT COUNT(*) FROM state_bodies")).scalar()
            assert [tuple(o) for o in owners] == [
                ("Kommunal- og distriktsdepartementet (KDD)",
                 "Kommunal- og distriktsdepartementet", True),
                ("Kommunal- og distriktsdepartementet (KDD)",
                 "Kommunal- og distriktsdepartementet", True),
                ("Vegdirektoratet", "Vegdirektoratet", False)]
            assert tuple(issuer) == ("Samferdselsdepartementet (SD)",
                                     "høring samferdselsdepartementet (sd)")
            assert bodies == len(BODIES) + 1
            with app.test_request_context():
                # The search index followed, and new rows get ids after the seeded ones.
                assert db.session.scalar(select(func.count()).select_from(Hearing).where(
                    Hearing.matching("departementet (SD)"))) == 1
                db.session.add(StateBody(name="Ny etat", kind="etat", aliases=[]))
                db.session.commit()
            downgrade(revision="3f1b6d0e8a42")
            with db.engine.connect() as conn:
                assert conn.execute(sa.text("SELECT owner_body FROM framework_conditions "
                                            "WHERE id = 1")).scalar() == \
                    "Kommunal- og distriktsdepartementet"
        finally:
            db.session.remove()
            db.engine.dispose()
