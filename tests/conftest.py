"""Fixtures: the app on SQLite and PostgreSQL, a CSRF-aware client, factories.

Every test that uses ``app`` runs once per database. PostgreSQL is used where a server
answers (``ADVOCACY_TEST_POSTGRES_URL``, default the local socket's ``test`` database);
with ``CI=true`` a missing server is an error. Each run works in a schema of its own, so
runs never see each other's rows.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask import g, has_app_context, request_tearing_down
from flask.testing import FlaskClient
from werkzeug.datastructures import Headers

from advocacy import clock, create_app, pagecache
from advocacy.extensions import db, limiter

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("ADVOCACY_TEST_POSTGRES_URL", "postgresql+psycopg:///test")

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    "SERVER_NAME": None,
    # The test client's default host; links in mail are built on it.
    "PUBLIC_URL": "http://localhost",
    # Per-address rate limits are off but in the tests of them (test_auth_hardening.py),
    # so that the many logins of a test run never reach them.
    "RATELIMIT_ENABLED": False,
    # Tests run migrations through flask_migrate (test_migrations.py and others).
    "MIGRATIONS": True,
}

#: The demo's clock: tests run at a fixed moment unless they move it.
FIXED_NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


def _postgres_schema_url() -> Iterator[str]:
    """Create a schema of our own on the PostgreSQL server; yield a URL that uses it."""
    from advocacy import normalise_database_url

    base = normalise_database_url(POSTGRES_URL)
    try:
        engine = sa.create_engine(base)
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect means "no server"
        message = f"PostgreSQL is not reachable at {POSTGRES_URL}: {error}"
        if IN_CI:
            pytest.fail(message + " (CI=true requires it)")
        pytest.skip(message)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'create schema "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'drop schema "{schema}" cascade'))
        engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """An empty database of each kind, for the whole session."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    else:
        yield from _postgres_schema_url()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """A database with no tables at all, of each kind, for one test."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "empty.sqlite")
    else:
        yield from _postgres_schema_url()


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory) -> str:
    """Create the tables once per database."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return database_url


def _discard_uncommitted(sender, **extra) -> None:
    db.session.rollback()


#: While on (``tests.test_query_counts.count_queries``), every test-client request says
#: ``Cache-Control: no-cache`` and so is rendered, not served from the page cache.
RENDER_AFRESH = {"on": False}


class FreshRequestClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``.

    The ``app`` fixture keeps an app context pushed for the test's own database work, and
    Flask reuses a pushed app context for requests; without this, ``g`` (and the user
    Flask-Login caches in it) would leak from one request, or one client, to the next.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        if RENDER_AFRESH["on"] and (not args or isinstance(args[0], str)):
            headers = Headers(kwargs.pop("headers", None) or {})
            headers.setdefault("Cache-Control", "no-cache")
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


def _new_app(database_url: str):
    application = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    application.test_client_class = FreshRequestClient
    # In production each request's session ends with its app context; here the app context
    # outlives requests, so end what a request left uncommitted (e.g. after a 403) ourselves.
    request_tearing_down.connect(_discard_uncommitted, application)
    return application


@pytest.fixture(scope="session")
def _shared_app(_schema):
    """One application per database for the whole run: building one (about 550 routes
    and the API's OpenAPI document) costs 0.3 s, which per test was a quarter of the
    suite's time. The ``app`` fixture gives each test its own config, limits and caches."""
    return _new_app(_schema)


@pytest.fixture
def app(request, _schema, _shared_app, tmp_path):
    """The application on a clean database, with the clock fixed at ``FIXED_NOW``.

    Tests may change ``app.config``; it is put back afterwards. A test that adds routes
    is marked ``fresh_app`` and gets an application of its own."""
    fresh = request.node.get_closest_marker("fresh_app") is not None
    application = _new_app(_schema) if fresh else _shared_app
    saved_config = dict(application.config)
    application.config.update(MAIL_OUTBOX=str(tmp_path / "outbox"),
                              ATTACHMENTS_DIR=str(tmp_path / "attachments"))
    application.extensions.pop("calendar_feed_cache", None)
    application.extensions.pop("calendar_validators", None)
    # Flask-Limiter keeps "enabled" on its one global object, and the last app built sets
    # it (tests/test_auth_hardening.py builds one with the limits on): follow this app.
    limiter.enabled = bool(application.config.get("RATELIMIT_ENABLED", True))
    clock.freeze(FIXED_NOW)
    ctx = application.app_context()
    ctx.push()
    pagecache.cache.clear()
    try:
        yield application
    finally:
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            # The data generation's one row, as a new database has it.
            conn.execute(pagecache.DataGeneration.__table__.insert().values(id=1, value=0))
        db.engine.dispose()
        ctx.pop()
        clock.freeze(None)
        application.config.clear()
        application.config.update(saved_config)


@pytest.fixture
def db_name(app) -> str:
    """``sqlite`` or ``postgresql``: the database this run of the test uses."""
    return db.engine.dialect.name


_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"'
                   r'|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"')


class Client:
    """A test client that reads the CSRF token from a page and posts it back."""

    def __init__(self, flask_client):
        self.raw = flask_client

    def get(self, url: str, **kwargs):
        return self.raw.get(url, **kwargs)

    def token(self, url: str) -> str:
        """The CSRF token in the first form of the page at ``url``."""
        response = self.raw.get(url)
        match = _CSRF.search(response.get_data(as_text=True))
        assert match, f"no CSRF token on {url} ({response.status_code})"
        return match.group(1) or match.group(2)

    def submit(self, url: str, data: dict | None = None, *, form_url: str | None = None,
               **kwargs):
        """POST ``data`` to ``url`` with the token read from ``form_url`` (default ``url``)."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(form_url or url))
        return self.raw.post(url, data=data, **kwargs)

    def post(self, url: str, **kwargs):
        """A POST without a token (to test that it is refused)."""
        return self.raw.post(url, **kwargs)

    def login(self, user, password: str = "correct horse battery"):
        response = self.submit("/login", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


@pytest.fixture
def client(app) -> Client:
    return Client(app.test_client())


@pytest.fixture
def make_user(app):
    """Create users: ``make_user(role="staff", email=..., name=...)``."""
    from advocacy.auth.services import create_user

    counter = iter(range(1, 10_000))

    def make(role: str = "staff", email: str | None = None, name: str | None = None,
             password: str = "correct horse battery"):
        n = next(counter)
        user = create_user(email or f"{role}{n}@example.no", name or f"{role.title()} {n}",
                           role, password)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(client, make_user):
    """Log the client in as a new user of ``role``; returns the user."""

    def login(role: str = "staff"):
        user = make_user(role)
        client.login(user)
        return user

    return login


@pytest.fixture
def plan(app):
    """A small plan: two goals and two themes."""
    from advocacy.plan.models import Goal, Plan, Theme

    p = Plan(name="Testplanen", short_name="Testplanen", owner="Buskerud fylkeskommune")
    p.goals = [Goal(title="Mer innenforskap", position=0),
               Goal(title="Økt verdiskaping og omstilling", position=1)]
    p.themes = [Theme(title="Attraktive byer og steder", position=0),
                Theme(title="Fritidsboliger", position=1)]
    db.session.add(p)
    db.session.commit()
    return p


@pytest.fixture
def make_measure(plan):
    """Create measures under the plan's first goal unless told otherwise."""
    from advocacy.plan.models import Measure

    counter = iter(range(1, 100_000))

    def make(title: str | None = None, goal=None, themes=(), **fields):
        measure = Measure(title=title or f"Tiltak {next(counter)}", goal=goal or plan.goals[0],
                          themes=list(themes), **fields)
        db.session.add(measure)
        db.session.commit()
        return measure

    return make


@pytest.fixture
def make_condition(app):
    """Create framework conditions with sensible defaults."""
    from advocacy.conditions.models import FrameworkCondition

    counter = iter(range(1, 100_000))

    def make(title: str | None = None, **fields):
        values = {"kind": "regulation", "owner_body": "Kommunal- og distriktsdepartementet",
                  "priority": "medium", "status": "monitoring"} | fields
        condition = FrameworkCondition(title=title or f"Rammebetingelse {next(counter)}",
                                       **values)
        db.session.add(condition)
        db.session.commit()
        return condition

    return make


@pytest.fixture
def make_link(app):
    """Link a measure to a condition."""
    from advocacy.conditions.models import Dependency

    def make(measure, condition, effect: str = "hinders", strength: int = 2, note: str = ""):
        link = Dependency(measure=measure, condition=condition, effect=effect,
                          strength=strength, note=note)
        db.session.add(link)
        db.session.commit()
        return link

    return make


@pytest.fixture
def make_body(app):
    """Get or create a state body by name: ``make_body("Samferdselsdepartementet", "SD")``."""
    from sqlalchemy import select

    from advocacy.bodies.models import StateBody

    def make(name: str = "Kommunal- og distriktsdepartementet", short_name: str | None = None,
             kind: str = "departement", is_confirmed: bool = True, aliases=()):
        body = db.session.scalar(select(StateBody).filter_by(name=name))
        if body is None:
            body = StateBody(name=name, short_name=short_name, kind=kind,
                             is_confirmed=is_confirmed, aliases=list(aliases))
            db.session.add(body)
            db.session.commit()
        return body

    return make


class MailServer:
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list = []
        #: The client's (address, port) for each message: one port per SMTP connection.
        self.peers: list = []
        self.port = _free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        self.running = True

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        self.peers.append(session.peer)
        return "250 Message accepted for delivery"

    def stop(self) -> None:
        """Stop answering, as a server that is down."""
        if self.running:
            self._controller.stop()
            self.running = False

    def start(self) -> None:
        """Answer again on the same port."""
        if not self.running:
            from aiosmtpd.controller import Controller

            self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self._controller.start()
            self.running = True

    def to(self, address: str) -> list:
        """Messages received for ``address``."""
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mail_server(app):
    """A real SMTP server on a free port, which the app sends its mail to."""
    server = MailServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    try:
        yield server
    finally:
        server.stop()


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in ``message``'s text that starts with ``path_prefix``."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s]*)", body)
    assert match, body
    return match.group(1)
