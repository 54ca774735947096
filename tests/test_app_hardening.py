"""App-wide hardening: trusted hosts and mail links, database faults, headers, /healthz."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from advocacy import create_app
from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.papers.models import PositionPaper
from tests.conftest import TEST_CONFIG

UNAVAILABLE = "Tjenesten er midlertidig utilgjengelig"


def _municipality():
    org = Organisation(name="Kongsberg kommune", kind="municipality", municipality_number="3303")
    db.session.add(org)
    db.session.commit()
    return org


def _mail_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# --- Links in mail and the Host header ------------------------------------------------------

def test_a_foreign_host_header_is_refused_and_sends_nothing(client, make_user, mail_server):
    make_user("staff", email="kari@buskerud.example")
    token = client.token("/password/forgot")
    response = client.post("/password/forgot", data={"email": "kari@buskerud.example",
                                                     "csrf_token": token},
                           headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert mail_server.messages == []


def test_links_in_mail_use_the_public_address_not_the_request_host(app, client, login_as,
                                                                   mail_server):
    # The app answers on two names (e.g. the public one and an internal one); the mail
    # must still carry the public one whatever name the request came in on.
    app.config.update(PUBLIC_URL="https://interessepolitikk.buskerud.example",
                      TRUSTED_HOSTS=["interessepolitikk.buskerud.example", "localhost"])
    login_as("staff")
    org = _municipality()
    response = client.submit("/admin/users/invite", {
        "email": "kari@kongsberg.example", "name": "Kari Nordmann",
        "organisation_id": org.id, "role": "partner"})
    assert response.status_code == 302
    [message] = mail_server.to("kari@kongsberg.example")
    text = _mail_text(message)
    assert "https://interessepolitikk.buskerud.example/" in text
    assert "http://localhost" not in text


def test_trusted_hosts_follow_the_public_address():
    app = create_app({**TEST_CONFIG, "PUBLIC_URL": "https://advocacy.buskerud.example/",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["TRUSTED_HOSTS"] == ["advocacy.buskerud.example"]
    response = app.test_client().get("/login", base_url="https://advocacy.buskerud.example")
    assert response.status_code == 200
    assert app.test_client().get("/login").status_code == 400  # Host: localhost


# --- Database faults ------------------------------------------------------------------------

@pytest.fixture
def sqlite_app(tmp_path):
    """An app on a SQLite file of its own, which the test can lock from outside."""
    path = tmp_path / "locked.sqlite"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "DATABASE_TIMEOUT": 0.2, "MAIL_OUTBOX": str(tmp_path / "outbox")})
    with app.app_context():
        db.create_all()
        from advocacy.auth.services import create_user

        create_user("kari@buskerud.example", "Kari", "staff", "correct horse battery")
        db.session.commit()
        db.session.remove()
    yield app, path
    with app.app_context():
        db.engine.dispose()


def _log_in(client, email="kari@buskerud.example"):
    from tests.conftest import Client

    wrapped = Client(client)
    wrapped.login(type("U", (), {"email": email})())
    return wrapped


def test_a_locked_sqlite_database_gives_the_503_page_and_loses_nothing(sqlite_app):
    app, path = sqlite_app
    client = _log_in(app.test_client())
    token = client.token("/profile")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        page = client.get("/")
        saved = client.raw.post("/profile", data={"name": "Kari Endret", "csrf_token": token})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # Write-ahead logging lets readers go on while another process writes; the write
    # waits DATABASE_TIMEOUT for the lock and then gets the 503 page.
    assert page.status_code == 200
    assert saved.status_code == 503
    body = saved.get_data(as_text=True)
    assert UNAVAILABLE in body and "Internal Server Error" not in body
    assert saved.headers["Retry-After"]
    with app.app_context():
        names = db.session.scalars(sa.text("select name from users")).all()
        db.session.remove()
    assert names == ["Kari"]
    assert client.get("/").status_code == 200  # and the app recovers once the lock is gone


def test_an_unreachable_postgresql_gives_the_503_page(tmp_path):
    with socket_that_refuses() as port:
        app = create_app({**TEST_CONFIG, "DATABASE_TIMEOUT": 2,
                          "SQLALCHEMY_DATABASE_URI":
                              f"postgresql+psycopg://nobody@127.0.0.1:{port}/test"})
        from tests.conftest import Client

        client = Client(app.test_client())
        response = client.submit("/login", {"email": "kari@buskerud.example",
                                            "password": "correct horse battery"})
        health = client.get("/healthz")
    assert response.status_code == 503
    assert UNAVAILABLE in response.get_data(as_text=True)
    assert health.status_code == 503 and health.json["database"] is False


class socket_that_refuses:
    """A port on 127.0.0.1 where nothing listens (bound, never accepted)."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc) -> None:
        self.sock.close()


@pytest.mark.fresh_app  # it adds a route
def test_the_error_page_renders_after_a_failed_statement(app, client, make_user):
    """A statement that failed leaves PostgreSQL's transaction unusable; the 500 page must
    still render with the user's header (which reads the user's organisation)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        db.session.execute(sa.text("select * from no_such_table"))
        return "unreachable"

    app.add_url_rule("/test-broken", "test_broken", broken)
    user = make_user("partner")
    user.organisation = _municipality()
    db.session.commit()
    client.login(user)
    response = client.get("/test-broken")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Noe gikk galt" in body and "Kongsberg kommune" in body


# --- Headers --------------------------------------------------------------------------------

def test_logged_in_pages_and_exports_are_not_stored(client, login_as):
    login_as("staff")
    client.submit("/papers/new", {"title": "Uttalelse", "hearing_id": 0, "responsible_id": 0})
    paper_id = db.session.scalar(sa.select(PositionPaper.id))
    for url in ("/", "/conditions/", "/profile", f"/papers/{paper_id}.docx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    with client.get("/static/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_https_behind_a_proxy_is_seen_when_configured():
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", "PROXY_COUNT": 1})
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    plain = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    response = plain.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


# --- /healthz -------------------------------------------------------------------------------

def test_healthz_is_ok_only_at_the_newest_migration(empty_database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    client = app.test_client()
    with app.app_context():
        try:
            behind = client.get("/healthz")
            upgrade()
            ok = client.get("/healthz")
        finally:
            db.session.remove()
            db.engine.dispose()
    assert behind.status_code == 503 and behind.json["migrations"] == "behind"
    assert ok.status_code == 200
    assert ok.json == {"status": "ok", "database": True, "migrations": "head"}
