"""Each user's profile: name, password and the private calendar link."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation, User
from advocacy.auth.services import authenticate
from advocacy.extensions import db

PASSWORD = "correct horse battery"  # make_user's default


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def calendar_links(page: str) -> list[str]:
    """The private feed addresses shown on the page."""
    return re.findall(r"https?://[^\"'\s<]+/calendar/[^\"'\s<]+\.ics", page)


def path(link: str) -> str:
    """The path of an absolute link, to fetch it with the test client."""
    return "/" + link.split("/", 3)[3]


# --- the page ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "staff", "partner", "viewer"])
def test_every_role_sees_their_profile(client, make_user, role):
    user = make_user(role, name="Åse Ødegård")
    user.organisation = Organisation(name="Kongsberg kommune", kind="municipality",
                                     municipality_number="3303")
    db.session.commit()
    client.login(user)
    response = client.get("/profile")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Min profil</h1>" in page
    assert user.email in page and user.role_label in page and "Kongsberg kommune" in page
    assert 'value="Åse Ødegård"' in page


def test_the_profile_page_has_a_plain_title_and_one_calendar_section(client, login_as):
    login_as("staff")
    page = client.get("/profile").get_data(as_text=True)
    assert re.search(r"<title>\s*Min profil – Fellesstemme\s*</title>", page), \
        re.search(r"<title>.*?</title>", page, re.S).group(0)[:300]
    assert page.count('id="kalender"') == 1


def test_the_profile_needs_a_login(client):
    response = client.get("/profile")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- name --------------------------------------------------------------------------------


def test_changing_the_name(client, login_as):
    user = login_as("partner")
    before = user.name
    response = client.submit("/profile", {"name": "  Kåre Ødegård  "})
    assert response.status_code == 302 and response.headers["Location"].endswith("/profile")
    assert fresh(user).name == "Kåre Ødegård"
    page = text(client.get("/profile"))
    assert "Navnet er lagret." in page and 'value="Kåre Ødegård"' in page
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "user", AuditEvent.action == "update")).all()
    assert event.actor_id == user.id
    assert event.changes == {"name": [before, "Kåre Ødegård"]}


@pytest.mark.parametrize(("name", "message"), [
    ("Kåre\r\nBcc: alle@example.no", "Feltet kan ikke inneholde linjeskift."),
    ("Kåre\nØdegård", "Feltet kan ikke inneholde linjeskift."),
    ("Kåre\rØdegård", "Feltet kan ikke inneholde linjeskift."),
    ("", "Skriv navnet ditt."),
    ("x" * 201, "200"),
])
def test_a_bad_name_is_refused_and_nothing_changes(client, login_as, name, message):
    user = login_as("partner")
    before = user.name
    response = client.submit("/profile", {"name": name})
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert "Skjemaet har feil – ingenting er lagret" in page
    assert fresh(user).name == before


def test_a_name_change_without_a_token_is_refused(client, login_as):
    user = login_as("partner")
    response = client.post("/profile", data={"name": "Uten token"})
    assert response.status_code == 400
    assert fresh(user).name != "Uten token"


# --- password ----------------------------------------------------------------------------


def _change(client, password, confirm=None, current=PASSWORD):
    return client.submit("/profile/password", {
        "current": current, "password": password,
        "confirm": password if confirm is None else confirm}, form_url="/profile")


def test_changing_the_password(client, login_as):
    user = login_as("staff")
    response = _change(client, "tolv tegn ok")  # exactly 12 characters
    assert response.status_code == 302
    assert "Passordet er endret." in text(client.get("/profile"))
    assert client.get("/conditions/").status_code == 200  # this session goes on
    assert authenticate(user.email, "tolv tegn ok") is not None
    assert authenticate(user.email, PASSWORD) is None


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("elleve tegn", None, "Passordet må ha minst 12 tegn."),
    ("", None, "Skriv et passord."),
    ("et godt langt passord", "et godt langt passorD", "Passordene er ikke like."),
    ("et godt langt passord", "", "Gjenta passordet."),
])
def test_a_password_breaking_the_rules_is_refused_and_nothing_changes(
        client, login_as, password, confirm, message):
    user = login_as("staff")
    response = _change(client, password, confirm)
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert "Skjemaet har feil – ingenting er lagret" in page
    assert authenticate(user.email, PASSWORD) is not None
    assert client.get("/conditions/").status_code == 200  # still logged in


def test_a_wrong_current_password_changes_nothing(client, login_as):
    user = login_as("staff")
    response = _change(client, "et godt langt passord", current="feil passord her")
    assert response.status_code == 422
    assert "Nåværende passord er feil." in text(response)
    assert authenticate(user.email, PASSWORD) is not None


def test_the_password_change_never_logs_the_password(client, login_as):
    login_as("staff")
    _change(client, "et godt langt passord")
    for event in db.session.scalars(select(AuditEvent)):
        assert "et godt langt passord" not in repr(event.changes)
        assert "pbkdf2" not in repr(event.changes)


# --- calendar link -----------------------------------------------------------------------


def _calendar(client, action):
    return client.submit("/profile/calendar", {"action": action}, form_url="/profile")


def test_creating_regenerating_and_revoking_the_calendar_link(client, login_as):
    user = login_as("partner")
    page = text(client.get("/profile"))
    assert calendar_links(page) == []
    assert "Lag kalenderlenke" in page and "Slå av lenken" not in page

    response = _calendar(client, "new")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile#kalender")
    page = text(client.get("/profile"))
    assert "Du har fått en ny kalenderlenke." in page
    [link] = set(calendar_links(page))
    assert link.endswith(f"/calendar/{fresh(user).calendar_token}.ics")
    assert "Slå av lenken" in page
    feed = client.get(path(link))
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")

    _calendar(client, "new")
    [second] = set(calendar_links(text(client.get("/profile"))))
    assert second != link
    assert client.get(path(link)).status_code == 404  # the old one is dead
    assert client.get(path(second)).status_code == 200

    _calendar(client, "revoke")
    page = text(client.get("/profile"))
    assert "Kalenderlenken er slått av." in page
    assert calendar_links(page) == [] and "Lag kalenderlenke" in page
    assert fresh(user).calendar_token is None
    assert client.get(path(second)).status_code == 404


def test_the_calendar_link_is_never_written_to_the_audit_log(client, login_as):
    user = login_as("staff")
    _calendar(client, "new")
    token = fresh(user).calendar_token
    for event in db.session.scalars(select(AuditEvent)):
        assert token not in repr(event.changes)


def test_the_calendar_link_cannot_be_made_without_a_token(client, login_as):
    user = login_as("staff")
    response = client.post("/profile/calendar", data={"action": "new"})
    assert response.status_code == 400
    assert fresh(user).calendar_token is None
