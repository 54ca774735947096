"""Administration: organisations and users, validated in Norwegian, for admins only, audited."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from advocacy.audit.models import HIDDEN, AuditEvent
from advocacy.auth.models import Organisation, User
from advocacy.auth.services import authenticate
from advocacy.extensions import db

VALID_ORG_NUMBER = "974760673"  # the form's own example; the mod 11 check digit holds
BAD_CHECK_DIGIT = "974760674"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, to compare before and after a refused request."""
    db.session.expire_all()
    with db.engine.connect() as conn:
        return {table.name: sorted(repr(tuple(row)) for row in conn.execute(table.select()))
                for table in db.metadata.sorted_tables}


def organisations() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(select(
        Organisation.name, Organisation.kind, Organisation.municipality_number,
        Organisation.org_number, Organisation.contact_email).order_by(Organisation.name)).all()


def _org_form(**changes) -> dict:
    data = {"name": "Lier kommune", "kind": "municipality", "municipality_number": "3312",
            "org_number": "", "contact_email": ""}
    return data | changes


@pytest.fixture
def drammen(app) -> Organisation:
    org = Organisation(name="Drammen kommune", kind="municipality", municipality_number="3301")
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def ovre_eiker(app) -> Organisation:
    org = Organisation(name="Øvre Eiker kommune", kind="municipality", municipality_number="3314")
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def admin(client, login_as) -> User:
    return login_as("admin")


# --- organisations ---------------------------------------------------------------------


def test_admin_lists_organisations_with_their_numbers_and_user_counts(client, admin, drammen,
                                                                      make_user):
    county = Organisation(name="Buskerud fylkeskommune", kind="county", org_number=VALID_ORG_NUMBER)
    db.session.add(county)
    user = make_user("partner")
    user.organisation = drammen
    db.session.commit()
    response = client.get("/admin/organisations/")
    assert response.status_code == 200
    page = text(response)
    assert "Drammen kommune" in page and "3301" in page and VALID_ORG_NUMBER in page
    assert page.index("Buskerud fylkeskommune") < page.index("Drammen kommune")  # county first
    assert f"/admin/users/?organisation={drammen.id}" in page
    assert '1<span class="visually-hidden"> brukere i Drammen kommune' in page


def test_admin_registers_an_organisation(client, admin, drammen):
    form = client.get("/admin/organisations/new")
    assert form.status_code == 200 and "Kommunenummer" in text(form)
    response = client.submit("/admin/organisations/new", _org_form(
        name="  Lier kommune ", org_number="974 760 673", contact_email="Post@Lier.Kommune.no"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/organisations/")
    assert ("Lier kommune", "municipality", "3312", VALID_ORG_NUMBER,
            "post@lier.kommune.no") in organisations()
    page = text(client.get("/admin/organisations/"))
    assert "Organisasjonen «Lier kommune» er lagret." in page


def test_admin_registers_a_partner_that_is_no_municipality(client, admin):
    response = client.submit("/admin/organisations/new", _org_form(
        name="Universitetet i Sørøst-Norge", kind="academia", municipality_number=""))
    assert response.status_code == 302
    assert organisations() == [("Universitetet i Sørøst-Norge", "academia", None, None, None)]


def test_admin_edits_an_organisation_keeping_its_own_name_and_number(client, admin, drammen):
    url = f"/admin/organisations/{drammen.id}/edit"
    form = text(client.get(url))
    assert 'value="Drammen kommune"' in form and 'value="3301"' in form
    response = client.submit(url, _org_form(name="Drammen kommune", municipality_number="3301",
                                            org_number=VALID_ORG_NUMBER,
                                            contact_email="post@drammen.kommune.no"))
    assert response.status_code == 302
    assert organisations() == [("Drammen kommune", "municipality", "3301", VALID_ORG_NUMBER,
                                "post@drammen.kommune.no")]
    response = client.submit(url, _org_form(name="DRAMMEN KOMMUNE", municipality_number="3301"))
    assert response.status_code == 302  # a change of case is no clash with itself
    assert organisations()[0][0] == "DRAMMEN KOMMUNE"


INVALID = [
    ("municipality without number", {"municipality_number": ""},
     "En kommune må ha kommunenummer."),
    ("number of three digits", {"municipality_number": "331"},
     "Kommunenummeret må være fire siffer, for eksempel 3301."),
    ("number of five digits", {"municipality_number": "33120"},
     "Kommunenummeret må være fire siffer, for eksempel 3301."),
    ("number with a letter", {"municipality_number": "33a2"},
     "Kommunenummeret må være fire siffer, for eksempel 3301."),
    ("number taken", {"municipality_number": "3301"},
     "En annen organisasjon har allerede dette kommunenummeret."),
    ("number on a business", {"kind": "business", "name": "Kongsberg Gruppen"},
     "Bare kommuner har kommunenummer."),
    ("bad check digit", {"org_number": BAD_CHECK_DIGIT},
     "Organisasjonsnummeret må være ni siffer med gyldig kontrollsiffer"),
    ("org number of eight digits", {"org_number": "97476067"},
     "Organisasjonsnummeret må være ni siffer med gyldig kontrollsiffer"),
    ("org number with letters", {"org_number": "97476067X"},
     "Organisasjonsnummeret må være ni siffer med gyldig kontrollsiffer"),
    ("org number taken", {"org_number": "923 609 016"},
     "En annen organisasjon har allerede dette organisasjonsnummeret."),
    ("name taken, other case", {"name": "DRAMMEN KOMMUNE"},
     "Det finnes allerede en organisasjon med dette navnet."),
    ("name taken, other case of æøå", {"name": "ØVRE EIKER KOMMUNE"},
     "Det finnes allerede en organisasjon med dette navnet."),
    ("name taken, lower-case æøå", {"name": "øvre eiker kommune"},
     "Det finnes allerede en organisasjon med dette navnet."),
    ("name taken, with spaces around", {"name": "  Øvre Eiker kommune "},
     "Det finnes allerede en organisasjon med dette navnet."),
    ("name with a line break", {"name": "Lier kommune\r\nBcc: alle@example.no"},
     "Feltet kan ikke inneholde linjeskift."),
    ("no name", {"name": ""}, "Skriv navnet."),
    ("bad contact email", {"contact_email": "post(at)lier"}, "Skriv en gyldig e-postadresse."),
]


@pytest.fixture
def registry(drammen, ovre_eiker):
    """Two municipalities and a business that holds a valid org number."""
    db.session.add(Organisation(name="Equinor ASA", kind="business", org_number="923609016"))
    db.session.commit()
    return drammen, ovre_eiker


@pytest.mark.parametrize(("case", "changes", "message"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_new_organisation_is_refused_in_norwegian_and_nothing_is_saved(
        client, admin, registry, case, changes, message):
    before = snapshot()
    response = client.submit("/admin/organisations/new", _org_form(**changes))
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert "<title>Feil i skjemaet: Ny organisasjon" in page
    assert snapshot() == before


@pytest.mark.parametrize(("case", "changes", "message"),
                         [c for c in INVALID if "taken" in c[0]],
                         ids=[c[0] for c in INVALID if "taken" in c[0]])
def test_editing_into_a_clash_is_refused_and_nothing_changes(client, admin, registry, case,
                                                             changes, message):
    lier = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    db.session.add(lier)
    db.session.commit()
    before = snapshot()
    response = client.submit(f"/admin/organisations/{lier.id}/edit", _org_form(**changes))
    assert response.status_code == 422
    assert message in text(response)
    assert snapshot() == before


def test_unknown_organisation_is_404(client, admin):
    assert client.get("/admin/organisations/999999/edit").status_code == 404
    assert client.get("/admin/users/999999/edit").status_code == 404


# --- users -----------------------------------------------------------------------------


def _user_form(user: User, **changes) -> dict:
    data = {"name": user.name, "organisation_id": user.organisation_id or 0, "role": user.role,
            "is_active_account": "y" if user.is_active_account else None}
    data |= changes
    return {k: v for k, v in data.items() if v is not None}


def _member(make_user, org, role="partner", name=None) -> User:
    user = make_user(role, name=name)
    user.organisation = org
    db.session.commit()
    return user


def test_admin_lists_users_and_filters_by_organisation(client, admin, make_user, drammen,
                                                       ovre_eiker):
    kari = _member(make_user, drammen, name="Kari Drammen")
    ola = _member(make_user, ovre_eiker, name="Ola Øvre Eiker")
    ola.is_active_account = False
    db.session.commit()
    everyone = text(client.get("/admin/users/"))
    assert "Kari Drammen" in everyone and "Ola Øvre Eiker" in everyone
    assert "Deaktivert" in everyone
    filtered = client.get(f"/admin/users/?organisation={drammen.id}")
    assert filtered.status_code == 200
    page = text(filtered)
    assert "Kari Drammen" in page and kari.email in page
    assert "Ola Øvre Eiker" not in page
    assert f'<option value="{drammen.id}" selected>Drammen kommune</option>' in page
    empty = Organisation(name="Hol kommune", kind="municipality", municipality_number="3324")
    db.session.add(empty)
    db.session.commit()
    assert "Ingen brukere passer med filteret." in text(
        client.get(f"/admin/users/?organisation={empty.id}"))


def test_the_filtered_user_list_pages_within_the_organisation(app, client, admin, make_user,
                                                              drammen, ovre_eiker):
    app.config["PER_PAGE"] = 2
    for n in range(3):
        _member(make_user, drammen, name=f"Drammen {n}")
        _member(make_user, ovre_eiker, name=f"Eiker {n}")
    first = text(client.get(f"/admin/users/?organisation={drammen.id}"))
    assert "3 brukere, side 1 av 2" in first
    [next_link] = re.findall(r'href="([^"]+)" rel="next"', first)
    second = text(client.get(html.unescape(next_link)))
    assert "Drammen" in second and "Eiker 0" not in second and "side 2 av 2" in second


def test_admin_changes_a_users_role_organisation_and_name(client, admin, make_user, drammen,
                                                         ovre_eiker):
    user = _member(make_user, drammen, role="partner")
    url = f"/admin/users/{user.id}/edit"
    form = text(client.get(url))
    assert f'<option selected value="{drammen.id}">' in form or \
        f'<option value="{drammen.id}" selected' in form
    response = client.submit(url, _user_form(user, name="Åse Ødegård", role="viewer",
                                             organisation_id=ovre_eiker.id))
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.name, user.role, user.organisation_id) == ("Åse Ødegård", "viewer",
                                                           ovre_eiker.id)
    assert "Endringene for Åse Ødegård er lagret." in text(client.get("/admin/users/"))
    response = client.submit(url, _user_form(user, organisation_id=0))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).organisation_id is None


def test_invalid_user_changes_are_refused_and_nothing_changes(client, admin, make_user, drammen):
    user = _member(make_user, drammen)
    url = f"/admin/users/{user.id}/edit"
    before = snapshot()
    for changes, message in [
        ({"name": ""}, "Skriv navnet."),
        ({"name": "Kari\nBcc: alle@example.no"}, "Feltet kan ikke inneholde linjeskift."),
        ({"role": "sjef", "name": "Ny"}, "Ikke et gyldig valg"),
        ({"organisation_id": 999999, "name": "Ny"}, "Ikke et gyldig valg"),
    ]:
        response = client.submit(url, _user_form(user, **changes))
        assert response.status_code == 422, changes
        assert message in text(response), changes
    assert snapshot() == before


def test_a_partner_must_belong_to_an_organisation(client, admin, make_user, drammen):
    partner = _member(make_user, drammen, role="partner")
    response = client.submit(f"/admin/users/{partner.id}/edit",
                             _user_form(partner, organisation_id=0))
    assert response.status_code == 422
    assert "En partner må høre til en organisasjon." in text(response)
    db.session.expire_all()
    assert db.session.get(User, partner.id).organisation_id == drammen.id
    viewer = make_user("viewer")  # other roles may stand outside every organisation
    assert client.submit(f"/admin/users/{viewer.id}/edit",
                         _user_form(viewer, organisation_id=0)).status_code == 302


def test_deactivating_an_invited_user_makes_their_link_refused(app, client, admin, drammen,
                                                               mail_server):
    from tests.conftest import link_in

    client.submit("/admin/users/invite", {"email": "kari@drammen.example", "name": "Kari",
                                          "organisation_id": drammen.id, "role": "partner"})
    link = link_in(mail_server.to("kari@drammen.example")[0], "/invitation/")
    invited = db.session.scalar(select(User).where(User.email == "kari@drammen.example"))
    client.submit(f"/admin/users/{invited.id}/edit", _user_form(invited, is_active_account=None))
    stranger = type(client)(app.test_client())
    response = stranger.get(link)
    assert response.status_code == 410 and "Kontoen er deaktivert" in text(response)
    db.session.expire_all()
    assert not db.session.get(User, invited.id).has_password


def test_deactivating_a_user_ends_their_session_at_once(app, client, admin, make_user, drammen):
    partner = _member(make_user, drammen)
    other = type(client)(app.test_client())
    other.login(partner)
    assert other.get("/conditions/").status_code == 200
    response = client.submit(f"/admin/users/{partner.id}/edit",
                             _user_form(partner, is_active_account=None))
    assert response.status_code == 302
    refused = other.get("/conditions/")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    login = other.raw.post("/login", data={"email": partner.email,
                                           "password": "correct horse battery",
                                           "csrf_token": other.token("/login")})
    assert login.status_code == 422
    assert "Deaktivert" in text(client.get("/admin/users/"))

    # Activated again, the user logs in anew; the old session stays ended.
    response = client.submit(f"/admin/users/{partner.id}/edit",
                             _user_form(partner, is_active_account="y"))
    assert response.status_code == 302
    assert authenticate(partner.email, "correct horse battery") is not None


def test_an_admin_cannot_remove_their_own_admin_role(client, admin):
    url = f"/admin/users/{admin.id}/edit"
    for changes in ({"role": "staff"}, {"is_active_account": None}):
        response = client.submit(url, _user_form(admin, **changes))
        assert response.status_code == 422
        assert "Du kan ikke fjerne din egen administratortilgang." in text(response)
    db.session.expire_all()
    me = db.session.get(User, admin.id)
    assert me.role == "admin" and me.is_active_account
    assert client.get("/admin/users/").status_code == 200  # still an admin, still logged in
    response = client.submit(url, _user_form(admin, name="Administrator Åsen"))
    assert response.status_code == 302  # other changes to oneself are fine


def test_an_admin_may_demote_another_admin(client, admin, make_user):
    other = make_user("admin")
    response = client.submit(f"/admin/users/{other.id}/edit", _user_form(other, role="staff"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, other.id).role == "staff"


# --- access ------------------------------------------------------------------------------

ADMIN_ONLY = [
    ("organisations", "GET", "/admin/organisations/", None),
    ("new organisation", "GET", "/admin/organisations/new", None),
    ("new organisation", "POST", "/admin/organisations/new",
     _org_form(name="Lier kommune", municipality_number="3312")),
    ("edit organisation", "GET", "/admin/organisations/{org}/edit", None),
    ("edit organisation", "POST", "/admin/organisations/{org}/edit",
     _org_form(name="Drammen (endret)", municipality_number="3301")),
    ("users", "GET", "/admin/users/", None),
    ("users of an organisation", "GET", "/admin/users/?organisation={org}", None),
    ("edit user", "GET", "/admin/users/{user}/edit", None),
    ("edit user", "POST", "/admin/users/{user}/edit",
     {"name": "Endret", "organisation_id": 0, "role": "admin"}),
    ("edit own user", "POST", "/admin/users/{me}/edit",
     {"name": "Endret", "organisation_id": 0, "role": "admin", "is_active_account": "y"}),
]
#: Staff may invite, so these are refused to partners and viewers only.
INVITE_ROUTES = [
    ("invite", "GET", "/admin/users/invite", None),
    ("invite", "POST", "/admin/users/invite",
     {"email": "ny@example.no", "name": "Ny", "organisation_id": "{org}", "role": "viewer"}),
    ("resend", "POST", "/admin/users/{invited}/resend", {}),
]


@pytest.mark.parametrize("role", ["staff", "partner", "viewer"])
def test_admin_routes_are_refused_to_others_and_change_nothing(client, login_as, make_user,
                                                               drammen, role):
    target = _member(make_user, drammen, name="Kari Drammen")
    invited = User(email="invitert@example.no", name="Invitert", role="partner",
                   organisation=drammen)
    db.session.add(invited)
    db.session.commit()
    me = login_as(role)
    values = {"org": drammen.id, "user": target.id, "me": me.id, "invited": invited.id}
    routes = ADMIN_ONLY + (INVITE_ROUTES if role != "staff" else [])
    before = snapshot()
    for name, method, url, data in routes:
        url = url.format(**values)
        if method == "GET":
            response = client.get(url)
        else:
            form = {k: str(v).format(**values) for k, v in data.items()}
            response = client.submit(url, form, form_url="/logout")
        assert response.status_code == 403, (name, method, url)
        assert "Ingen tilgang" in text(response), (name, method, url)
    assert snapshot() == before


def test_staff_do_not_see_admin_links(client, login_as):
    login_as("staff")
    page = text(client.get("/"))
    assert "/admin/organisations/" not in page
    assert 'href="/admin/users/"' not in page


# --- audit -------------------------------------------------------------------------------


def _events(object_type: str) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == object_type)
                              .order_by(AuditEvent.id)).all()


def test_organisation_changes_are_audited_before_and_after(client, admin):
    client.submit("/admin/organisations/new", _org_form(name="Lier kommune"))
    lier = db.session.scalar(select(Organisation).where(Organisation.name == "Lier kommune"))
    client.submit(f"/admin/organisations/{lier.id}/edit", _org_form(
        name="Lier kommune", municipality_number="3312", org_number=VALID_ORG_NUMBER,
        contact_email="post@lier.kommune.no"))
    created, updated = _events("organisation")
    assert (created.action, created.actor_id, created.object_id) == ("create", admin.id, lier.id)
    assert created.changes["name"] == [None, "Lier kommune"]
    assert created.changes["municipality_number"] == [None, "3312"]
    assert (updated.action, updated.actor_id, updated.object_label) == ("update", admin.id,
                                                                       "Lier kommune")
    assert updated.changes == {"org_number": [None, VALID_ORG_NUMBER],
                               "contact_email": [None, "post@lier.kommune.no"]}
    page = text(client.get(f"/audit/?type=organisation&id={lier.id}"))
    assert "Organisasjonsnummer:</strong> – → 974760673" in page


def test_a_refused_change_is_not_audited(client, admin, drammen):
    before = len(_events("organisation"))
    client.submit(f"/admin/organisations/{drammen.id}/edit",
                  _org_form(name="Drammen kommune", municipality_number="12"))
    assert len(_events("organisation")) == before


def test_user_changes_are_audited_before_and_after_without_secrets(client, admin, make_user,
                                                                   drammen):
    user = make_user("partner", name="Kari")
    url = f"/admin/users/{user.id}/edit"
    client.submit(url, _user_form(user, role="viewer", organisation_id=drammen.id))
    client.submit(url, _user_form(user, role="viewer", organisation_id=drammen.id,
                                  is_active_account=None))
    *_, changed, deactivated = _events("user")
    assert (changed.action, changed.actor_id, changed.object_id) == ("update", admin.id, user.id)
    assert changed.changes == {"role": ["partner", "viewer"],
                               "organisation_id": [None, drammen.id]}
    assert deactivated.changes["is_active_account"] == [True, False]
    # The session token changed (sessions ended), but its value never reaches the log.
    assert deactivated.changes["session_token"] == [HIDDEN, HIDDEN]
    page = text(client.get(f"/audit/?type=user&id={user.id}"))
    assert "Rolle:</strong> Partner → Leser" in page
    assert "Aktiv:</strong> Ja → Nei" in page


# --- the create-user command finds organisations the way the form compares them -----------


@pytest.mark.parametrize("given", ["Øvre Eiker kommune", "ØVRE EIKER KOMMUNE", "øvre eiker kommune",
                                   "3314"])
def test_create_user_finds_the_organisation_by_name_in_any_case_or_number(app, ovre_eiker, given):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--email", "ola@ovre-eiker.example", "--name", "Ola", "--role", "partner",
        "--password", "et langt passord", "--organisation", given])
    assert result.exit_code == 0, result.output
    assert "Øvre Eiker kommune" in result.output
    assert authenticate("ola@ovre-eiker.example", "et langt passord").organisation_id == \
        ovre_eiker.id
