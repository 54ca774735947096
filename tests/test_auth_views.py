"""Login, logout and the login wall, through the test client with CSRF enabled."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from advocacy.extensions import db
from tests.helpers import text

PASSWORD = "correct horse battery"

#: Every page behind the login, with ids that need not exist: the wall comes first.
PROTECTED_PAGES = [
    "/",
    "/conditions/",
    "/conditions/?q=veg&kind=regulation",
    "/conditions/new",
    "/conditions/ranking",
    "/conditions/1",
    "/conditions/1/edit",
    "/conditions/1/delete",
    "/conditions/1/links/new",
    "/measures/",
    "/measures/new",
    "/measures/1",
    "/measures/1/edit",
    "/measures/1/links/new",
    "/links/1/edit",
    "/links/1/delete",
    "/logout",
]


def assert_logged_out(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


def assert_logged_in_as(client, user) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert user.name in text(response)


# --- login ------------------------------------------------------------------------------

def test_login_page_shows_a_norwegian_form(client):
    response = client.get("/login")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Logg inn</h1>" in body
    assert "E-postadresse" in body and "Passord" in body
    assert 'name="csrf_token"' in body


def test_login_with_right_password_logs_in_and_goes_to_overview(client, make_user):
    user = make_user("staff", name="Kari Nordmann")
    response = client.submit("/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    overview = client.get("/")
    assert overview.status_code == 200
    body = text(overview)
    assert "Velkommen, Kari Nordmann." in body
    assert "Kari Nordmann" in body


def test_login_ignores_case_and_spaces_in_the_email(client, make_user):
    user = make_user("viewer", email="ola.nordmann@example.no")
    response = client.submit("/login", {"email": "  Ola.Nordmann@EXAMPLE.no ",
                                        "password": PASSWORD})
    assert response.status_code == 302
    assert_logged_in_as(client, user)


@pytest.mark.parametrize("email, password", [
    ("staff1@example.no", "wrong horse battery"),
    ("staff1@example.no", PASSWORD.upper()),
    ("nobody@example.no", PASSWORD),
])
def test_login_with_wrong_credentials_is_refused_in_norwegian(client, make_user, email,
                                                               password):
    make_user("staff")  # staff1@example.no
    response = client.submit("/login", {"email": email, "password": password})
    assert response.status_code == 422
    body = text(response)
    assert "Feil e-postadresse eller passord." in body
    assert "Skjemaet har feil" in body
    # The email is kept, the password is not echoed back.
    assert f'value="{email}"' in body
    assert password not in body
    assert_logged_out(client)


def test_login_with_empty_fields_names_each_field(client):
    response = client.submit("/login", {"email": "", "password": ""})
    assert response.status_code == 422
    body = text(response)
    assert "Skriv e-postadressen din." in body
    assert "Skriv passordet ditt." in body
    assert_logged_out(client)


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user("staff")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Skjemaet var utløpt eller ugyldig" in text(response)
    assert_logged_out(client)


def test_login_with_a_forged_csrf_token_is_refused(client, make_user):
    user = make_user("staff")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": "not-a-token"})
    assert response.status_code == 400
    assert_logged_out(client)


def test_logged_in_user_opening_login_goes_to_overview(client, login_as):
    login_as("viewer")
    response = client.get("/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# --- the login wall ---------------------------------------------------------------------

@pytest.mark.parametrize("url", PROTECTED_PAGES)
def test_every_page_sends_a_logged_out_visitor_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [url]


def test_login_wall_says_why_in_norwegian(client):
    response = client.get("/conditions/", follow_redirects=True)
    assert response.status_code == 200
    assert "Logg inn for å se siden." in text(response)


def test_logged_out_post_changes_nothing_and_is_not_served(client, make_condition):
    condition = make_condition(title="Plan- og bygningsloven")
    token = client.token("/login")
    response = client.post(f"/conditions/{condition.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    from advocacy.conditions.models import FrameworkCondition
    assert db.session.get(FrameworkCondition, condition.id) is not None


def test_accessibility_statement_is_public(client):
    assert client.get("/tilgjengelighet").status_code == 200


# --- next -------------------------------------------------------------------------------

def test_login_follows_next_to_the_page_asked_for(client, make_user):
    user = make_user("viewer")
    wall = client.get("/conditions/ranking")
    login_url = wall.headers["Location"]
    response = client.submit(login_url, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/conditions/ranking"


def test_login_follows_next_with_its_query_string(client, make_user):
    user = make_user("viewer")
    response = client.submit("/login?next=/conditions/%3Fkind%3Dfunding%26page%3D2",
                             {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/conditions/?kind=funding&page=2"


def test_next_survives_a_failed_attempt(client, make_user):
    user = make_user("viewer")
    login_url = client.get("/measures/").headers["Location"]
    failed = client.submit(login_url, {"email": user.email, "password": "feil passord"})
    assert failed.status_code == 422
    response = client.submit(login_url, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/measures/"


@pytest.mark.parametrize("target", [
    "https://evil.example/phish",
    "http://localhost/conditions/",
    "//evil.example/phish",
    "/\\evil.example/phish",
    "\\\\evil.example/phish",
    "/\t/evil.example/phish",
    "javascript:alert(1)",
    "conditions/",
])
def test_login_never_follows_next_off_the_site(client, make_user, target):
    user = make_user("viewer")
    response = client.submit("/login", {"email": user.email, "password": PASSWORD},
                             query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert_logged_in_as(client, user)


# --- logout -----------------------------------------------------------------------------

def test_logout_page_asks_first_and_keeps_the_session(client, login_as):
    user = login_as("staff")
    response = client.get("/logout")
    assert response.status_code == 200
    assert "Vil du logge ut av Fellesstemme?" in text(response)
    assert_logged_in_as(client, user)


def test_logout_by_post_with_token_logs_out(client, login_as):
    login_as("staff")
    response = client.submit("/logout")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert "Du er logget ut." in text(client.get("/login"))
    assert_logged_out(client)


def test_logout_with_the_token_from_the_header_form(client, login_as):
    """The header's «Logg ut» button posts the page's token to /logout."""
    login_as("viewer")
    body = client.get("/conditions/").get_data(as_text=True)
    marker = 'name="csrf_token" value="'
    token = body[body.index(marker) + len(marker):].split('"', 1)[0]
    assert 'action="/logout"' in body
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert_logged_out(client)


def test_logout_without_token_is_400_and_keeps_the_session(client, login_as):
    user = login_as("staff")
    response = client.post("/logout")
    assert response.status_code == 400
    assert "Ingenting ble lagret" in text(response)
    assert_logged_in_as(client, user)


# --- inactive accounts ------------------------------------------------------------------

def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user("staff")
    user.is_active_account = False
    db.session.commit()
    response = client.submit("/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 422
    assert "Feil e-postadresse eller passord." in text(response)
    assert_logged_out(client)


def test_session_of_a_user_deactivated_later_is_refused(client, make_user, make_condition):
    user = make_user("staff")
    condition = make_condition(title="Inntektssystemet for fylkeskommunene")
    client.login(user)
    token = client.token(f"/conditions/{condition.id}/delete")
    assert_logged_in_as(client, user)

    user.is_active_account = False
    db.session.commit()

    response = client.get("/conditions/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    # A form opened before the deactivation no longer works either.
    response = client.post(f"/conditions/{condition.id}/delete", data={"csrf_token": token})
    assert response.status_code in (302, 403)
    from advocacy.conditions.models import FrameworkCondition
    assert db.session.get(FrameworkCondition, condition.id) is not None
