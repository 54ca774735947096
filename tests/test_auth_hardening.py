"""Issue 10, accounts and login: sessions, links, timing, password policy, rate limits, logs."""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import urllib.request
from datetime import timedelta

import pytest
import werkzeug.security
from werkzeug.serving import make_server

from advocacy import create_app
from advocacy.auth import background, passwords, tokens
from advocacy.auth.models import Organisation, User
from advocacy.auth.services import find_user
from advocacy.demo import DEMO_USERS
from advocacy.extensions import db
from advocacy.notify import mail
from tests.conftest import TEST_CONFIG, Client, FreshRequestClient, link_in
from tests.helpers import text

PASSWORD = "correct horse battery"


def _forgot(client, email: str):
    response = client.submit("/password/forgot", {"email": email})
    assert background.wait()
    return response


# --- Log-out ends the session; a password change ends the links --------------------------

def test_a_copied_session_cookie_does_not_work_after_logout(app, client, make_user):
    user = make_user("staff")
    client.login(user)
    copied = client.raw.get_cookie("session").value
    assert client.get("/").status_code == 200

    assert client.submit("/logout", {}).status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", copied, domain="localhost")
    response = thief.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    # The owner can log in again as usual.
    client.login(user)
    assert client.get("/").status_code == 200


def test_a_reset_link_stops_working_when_the_password_is_changed_on_the_profile(
        client, make_user, mail_server):
    user = make_user("partner", email="per@lier.example")
    _forgot(client, user.email)
    link = link_in(mail_server.to(user.email)[0], "/password/reset/")
    assert client.get(link).status_code == 200

    client.login(user)
    response = client.submit("/profile/password", {
        "current": PASSWORD, "password": "et helt annet passord",
        "confirm": "et helt annet passord"}, form_url="/profile")
    assert response.status_code == 302
    client.submit("/logout", {})

    refused = client.get(link)
    assert refused.status_code == 410
    assert "passordet er endret" in text(refused)
    assert client.submit(link, {"password": "tredje lange passord",
                                "confirm": "tredje lange passord"},
                         form_url="/password/forgot").status_code == 410
    assert find_user(user.email).check_password("et helt annet passord")


def test_using_one_reset_link_ends_an_older_unused_invitation_link(client, make_user):
    user = make_user("partner", email="per@lier.example")
    invitation = tokens.issue(user, tokens.Purpose.INVITE, timedelta(days=7))
    reset = tokens.issue(user, tokens.Purpose.RESET, timedelta(hours=1))
    db.session.commit()
    assert client.submit(f"/password/reset/{reset}", {
        "password": "nytt langt passord", "confirm": "nytt langt passord"}).status_code == 302
    client.submit("/logout", {})
    assert client.get(f"/invitation/{invitation}").status_code == 410


# --- next= with a line break ----------------------------------------------------------------

@pytest.mark.parametrize("target", ["/%0D%0ASet-Cookie:%20evil=1", "/papers/%0A", "/%09/evil.example"])
def test_a_line_break_in_next_falls_back_to_the_overview(client, make_user, target):
    user = make_user("staff")
    response = client.submit(f"/login?next={target}", {"email": user.email, "password": PASSWORD},
                             form_url="/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "evil" not in str(response.headers)


# --- Equal work for known and unknown accounts ----------------------------------------------

@pytest.fixture
def hash_count(monkeypatch):
    """The number of password hashes werkzeug computes."""
    calls = []
    real = werkzeug.security._hash_internal

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    return calls


def test_login_hashes_once_whether_or_not_the_account_exists(client, make_user, hash_count):
    known = make_user("staff", email="kjent@example.no")
    inactive = make_user("staff", email="deaktivert@example.no")
    inactive.is_active_account = False
    db.session.add(User(email="invitert@example.no", name="Invitert", role="partner"))
    db.session.commit()

    counts = {}
    for email in ("kjent@example.no", "ukjent@example.no", "deaktivert@example.no",
                  "invitert@example.no"):
        hash_count.clear()
        response = client.submit("/login", {"email": email, "password": "feil passord"})
        assert response.status_code == 422
        assert "Feil e-postadresse eller passord" in text(response)
        counts[email] = list(hash_count)
    assert all(calls == counts["kjent@example.no"] for calls in counts.values()), counts
    assert len(counts["kjent@example.no"]) == 1
    hash_count.clear()
    client.login(known)
    assert len(hash_count) == 1


def _without_csrf(response) -> str:
    return re.sub(r'name="csrf_token"[^>]*', "", text(response))


def test_forgot_password_answers_without_waiting_for_the_mail(client, make_user, monkeypatch):
    """The SMTP server is stuck: a known address gets the same, immediate answer."""
    make_user("partner", email="per@lier.example")
    release, sent = threading.Event(), []

    def stuck_smtp(message):
        release.wait(timeout=5)
        sent.append(message)

    @contextlib.contextmanager
    def stuck_connection():
        yield stuck_smtp

    monkeypatch.setattr(mail, "connection", stuck_connection)
    try:
        known = client.submit("/password/forgot", {"email": "per@lier.example"})
        assert sent == []  # answered while the mail was still on its way
        known_page = _without_csrf(client.get("/login"))
        unknown = client.submit("/password/forgot", {"email": "ingen@lier.example"})
        unknown_page = _without_csrf(client.get("/login"))
    finally:
        release.set()
        assert background.wait()
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert known.get_data() == unknown.get_data()
    assert "Hvis adressen hører til en konto" in known_page
    assert known_page == unknown_page
    assert [mail.read(m)["To"].addresses[0].addr_spec for m in sent] == ["per@lier.example"]


# --- Password policy ----------------------------------------------------------------------

@pytest.mark.parametrize("password, email, message", [
    ("kort", None, "minst 12 tegn"),
    ("x" * 257, None, "høyst 256 tegn"),
    ("password1234", None, "mest brukte"),
    ("QWERTY123456", None, "mest brukte"),
    ("Kari.Nordmann@Kommune.no", "kari.nordmann@kommune.no", "e-postadressen"),
    ("KARI.NORDMANN", "kari.nordmann@kommune.no", "e-postadressen"),
])
def test_the_password_policy_refuses(password, email, message):
    with pytest.raises(passwords.PasswordRuleError, match=message):
        passwords.check(password, email)


def test_the_password_policy_accepts_long_uncommon_passwords():
    for password in (PASSWORD, "x" * 256, "Æ øå er fine tegn!", *(u[3] for u in DEMO_USERS)):
        passwords.check(password, "kari@kommune.no")
    assert len(passwords.common_passwords()) > 10_000


def test_the_policy_applies_on_the_profile(client, login_as):
    user = login_as("staff")
    response = client.submit("/profile/password", {
        "current": PASSWORD, "password": "password1234", "confirm": "password1234"},
        form_url="/profile")
    assert response.status_code == 422
    assert "mest brukte" in text(response)
    assert find_user(user.email).check_password(PASSWORD)


def test_the_policy_applies_to_reset_and_invitation_links(client, make_user):
    user = make_user("partner", email="kari.nordmann@lier.example")
    reset = tokens.issue(user, tokens.Purpose.RESET, timedelta(hours=1))
    invited = User(email="ola.nordmann@lier.example", name="Ola", role="partner")
    db.session.add(invited)
    db.session.flush()
    invitation = tokens.issue(invited, tokens.Purpose.INVITE, timedelta(days=7))
    db.session.commit()

    for link, password, message in (
            (f"/password/reset/{reset}", "kari.nordmann@lier.example", "e-postadressen"),
            (f"/invitation/{invitation}", "qwerty123456", "mest brukte"),
            (f"/invitation/{invitation}", "y" * 300, "høyst 256 tegn")):
        response = client.submit(link, {"password": password, "confirm": password})
        assert response.status_code == 422, link
        assert message in text(response)
    assert find_user(user.email).check_password(PASSWORD)
    assert not find_user(invited.email).has_password
    assert client.get(f"/invitation/{invitation}").status_code == 200  # still usable


def test_the_policy_applies_to_create_user(app):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--email", "ny@example.no", "--name", "Ny", "--role", "staff",
        "--password", "password1234"])
    assert result.exit_code != 0
    assert "mest brukte" in result.output
    assert find_user("ny@example.no") is None


# --- Per-address rate limits ------------------------------------------------------------------

@pytest.fixture
def limited(app, _schema, tmp_path):
    """A second app on the same database, with the rate limits on and small."""
    limited_app = create_app({
        **TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": _schema,
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_LOGIN": "3 per hour", "RATELIMIT_PASSWORD_FORGOT": "2 per hour",
    })
    limited_app.test_client_class = FreshRequestClient
    yield limited_app
    assert background.wait()
    with limited_app.app_context():
        db.session.remove()
        db.engine.dispose()


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_failed_logins_from_one_address_are_limited(limited, make_user):
    user = make_user("staff")
    client = Client(limited.test_client())
    bad = {"email": user.email, "password": "feil passord"}
    for _ in range(3):
        assert client.submit("/login", bad, **_from("10.0.0.1")).status_code == 422
    refused = client.submit("/login", {"email": "en.annen@example.no", "password": "x"},
                            **_from("10.0.0.1"))
    assert refused.status_code == 429
    assert "For mange forsøk" in text(refused)
    assert "Vent noen minutter" in text(refused)
    assert refused.headers.get("Retry-After")

    other = Client(limited.test_client())
    assert other.submit("/login", {"email": "en.annen@example.no", "password": "x"},
                        **_from("10.0.0.2")).status_code == 422
    assert other.get("/login", **_from("10.0.0.1")).status_code == 200  # reading is free


def test_successful_logins_do_not_count_against_the_address(limited, make_user):
    user = make_user("staff")
    for _ in range(5):
        client = Client(limited.test_client())
        response = client.submit("/login", {"email": user.email, "password": PASSWORD},
                                 **_from("10.0.0.3"))
        assert response.status_code == 302


def test_forgot_password_requests_from_one_address_are_limited(limited):
    client = Client(limited.test_client())
    for _ in range(2):
        assert client.submit("/password/forgot", {"email": "ingen@example.no"},
                             **_from("10.0.0.4")).status_code == 302
    assert client.submit("/password/forgot", {"email": "ingen@example.no"},
                         **_from("10.0.0.4")).status_code == 429


# --- Staff and admin invitations -------------------------------------------------------------

def test_staff_cannot_change_the_role_of_a_pending_admin_invitation(client, login_as, make_user,
                                                                    mail_server):
    org = Organisation(name="Buskerud fylkeskommune", kind="county")
    db.session.add(org)
    db.session.commit()
    admin = make_user("admin")
    client.login(admin)
    assert client.submit("/admin/users/invite", {
        "email": "ny.admin@buskerud.example", "name": "Ny Admin", "organisation_id": org.id,
        "role": "admin"}).status_code == 302
    client.submit("/logout", {})
    login_as("staff")

    response = client.submit("/admin/users/invite", {
        "email": "ny.admin@buskerud.example", "name": "Lurt", "organisation_id": org.id,
        "role": "viewer"})
    assert response.status_code == 403
    pending = find_user("ny.admin@buskerud.example")
    db.session.refresh(pending)
    assert (pending.role, pending.name) == ("admin", "Ny Admin")
    assert len(mail_server.to("ny.admin@buskerud.example")) == 1


def test_staff_can_still_reinvite_a_pending_partner(client, login_as, mail_server):
    org = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    db.session.add(org)
    db.session.commit()
    login_as("staff")
    for name in ("Kari", "Kari Nordmann"):
        assert client.submit("/admin/users/invite", {
            "email": "kari@lier.example", "name": name, "organisation_id": org.id,
            "role": "partner"}).status_code == 302
    assert find_user("kari@lier.example").name == "Kari Nordmann"


# --- Tokens are kept out of access logs ------------------------------------------------------

def test_the_access_log_line_of_a_reset_link_does_not_contain_the_token(app, make_user, caplog):
    user = make_user("partner")
    token = tokens.issue(user, tokens.Purpose.RESET, timedelta(hours=1))
    db.session.commit()
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    caplog.set_level(logging.INFO, logger="werkzeug")
    try:
        url = f"http://127.0.0.1:{server.server_port}/password/reset/{token}"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert response.headers["Referrer-Policy"] == "no-referrer"
            assert user.name in response.read().decode()
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("/password/reset/[skjult]" in line for line in lines), lines
    assert not any(token in line for line in lines), lines


class _GunicornAtoms(dict):
    """Like gunicorn's SafeAtoms: absent keys read as "-"."""

    def __getitem__(self, key):
        return super().__getitem__(key) if key in self else "-"


def test_the_gunicorn_access_log_is_redacted_too(app, caplog):
    caplog.set_level(logging.INFO, logger="gunicorn.access")
    atoms = _GunicornAtoms({
        "h": "10.0.0.1", "r": "POST /invitation/abcDEF123_-xyz HTTP/1.1", "s": "302",
        "U": "/invitation/abcDEF123_-xyz", "f": "https://app.example/password/reset/Qq9-_z"})
    logging.getLogger("gunicorn.access").info(
        '%(h)s "%(r)s" %(s)s %(U)s "%(f)s" %({x-forwarded-for}i)s', atoms)
    [line] = [r.getMessage() for r in caplog.records if r.name == "gunicorn.access"]
    assert line == ('10.0.0.1 "POST /invitation/[skjult] HTTP/1.1" 302 /invitation/[skjult] '
                    '"https://app.example/password/reset/[skjult]" -')
