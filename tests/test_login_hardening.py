"""Login throttling across workers (in the database), and session rules."""

from datetime import timedelta

from advocacy import clock
from advocacy.auth import throttle
from advocacy.extensions import db
from tests.conftest import FIXED_NOW


def _login(client, email, password):
    return client.submit("/login", {"email": email, "password": password})


def test_five_failures_lock_the_account_for_fifteen_minutes(client, make_user):
    user = make_user("staff")
    for _ in range(5):
        assert _login(client, user.email, "feil passord").status_code == 422
    refused = _login(client, user.email, "correct horse battery")
    assert refused.status_code == 422
    assert "For mange mislykkede" in refused.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not logged in

    clock.freeze(FIXED_NOW + timedelta(minutes=16))
    assert _login(client, user.email, "correct horse battery").status_code == 302


def test_failures_spread_over_more_than_the_window_do_not_lock(client, make_user):
    user = make_user("staff")
    for minute in (0, 5, 10, 14):
        clock.freeze(FIXED_NOW + timedelta(minutes=minute))
        _login(client, user.email, "feil passord")
    clock.freeze(FIXED_NOW + timedelta(minutes=16))
    _login(client, user.email, "feil passord")
    assert throttle.locked_until(user.email) is None
    assert _login(client, user.email, "correct horse battery").status_code == 302


def test_the_lock_is_kept_in_the_database(app, make_user):
    email = make_user("staff").email
    for _ in range(5):
        throttle.record_failure(email.upper())
    db.session.commit()
    db.session.remove()  # another worker would start from the database alone
    assert throttle.locked_until(email) is not None


def test_deactivating_a_user_ends_their_session(client, make_user, login_as):
    partner = make_user("partner")
    client.login(partner)
    assert client.get("/").status_code == 200
    partner.is_active_account = False
    partner.end_sessions()
    db.session.commit()
    assert client.get("/").status_code == 302


def test_changing_the_password_ends_other_sessions(app, client, make_user):
    user = make_user("staff")
    client.login(user)
    other = type(client)(app.test_client())
    other.login(user)
    response = client.submit("/profile/password", {
        "current": "correct horse battery", "password": "et nytt langt passord",
        "confirm": "et nytt langt passord"}, form_url="/profile")
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # the other one is ended


def test_wrong_current_password_changes_nothing(client, make_user):
    user = make_user("staff")
    client.login(user)
    response = client.submit("/profile/password", {
        "current": "feil", "password": "et nytt langt passord",
        "confirm": "et nytt langt passord"}, form_url="/profile")
    assert response.status_code == 422
    assert "Nåværende passord er feil" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password("correct horse battery")


def test_session_cookie_flags(client, make_user):
    user = make_user("staff")
    response = client.login(user)
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_outside_debug(tmp_path, monkeypatch):
    from advocacy import create_app

    monkeypatch.setenv("ADVOCACY_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
