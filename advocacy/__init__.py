"""Advocacy: a case manager for a county's advocacy toward the state."""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask, g, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import joinedload

from advocacy import i18n, inputs
from advocacy.extensions import babel, csrf, db, limiter, login_manager

ROOT = Path(__file__).resolve().parent.parent

#: Endpoints that answer without a login.
PUBLIC_ENDPOINTS = frozenset({
    "auth.login", "main.accessibility", "static", "account.accept_invitation",
    "account.reset_password", "account.forgot_password", "hearings.feed", "main.health",
    # The API's description and its page; the API itself wants a token (advocacy.api).
    "api_docs.index", "api-docs.openapi_json",
})

#: Host names that mean "this machine"; a PUBLIC_URL on one of them trusts them all.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class ConfigurationError(RuntimeError):
    """The app cannot start with the configuration it was given."""


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error pages and commands.

    :param test_config: config overrides applied last (used by tests).
    """
    app = Flask(
        __name__,
        instance_path=os.environ.get("ADVOCACY_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    configure(app, test_config)
    register_extensions(app)
    inputs.register(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    start_scheduler_if_asked(app)
    freeze_startup_objects(app)
    return app


def freeze_startup_objects(app: Flask) -> None:
    """Leave what start-up built out of the garbage collector's full collections.

    Modules, mappers, metadata and message catalogues live as long as the process, yet a
    full collection walks them all: one that fell in a large calendar feed (thousands of
    new objects) doubled its time. ``gc.freeze`` moves them to a generation the collector
    skips; what requests allocate is collected as before. Not in tests, which build
    hundreds of apps that must be freed.
    """
    if not app.testing:
        gc.freeze()


def start_scheduler_if_asked(app: Flask) -> None:
    """Run the scheduler in this process when configured to (the ``make run`` demo)."""
    if not app.config["SCHEDULER_IN_PROCESS"] or app.testing:
        return
    # Under the debug reloader the factory runs in a watcher process and in the server
    # process; only the server process (WERKZEUG_RUN_MAIN) may start the scheduler.
    if app.debug and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return
    from advocacy.notify.scheduler import build_scheduler

    build_scheduler(app).start()
    app.logger.info("scheduler started in this process")


def configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Load defaults, then instance/config.py, then ADVOCACY_* variables, then overrides."""
    app.config.from_object("advocacy.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("ADVOCACY")
    if test_config:
        app.config.update(test_config)

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config.get("DATABASE_URL")
        if not url:
            Path(app.instance_path).mkdir(parents=True, exist_ok=True)
            url = "sqlite:///" + str(Path(app.instance_path) / "advocacy.sqlite")
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    configure_database_timeouts(app)
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["PUBLIC_URL"])
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config.get(key) is None:
            app.config[key] = not (app.debug or app.testing)
    if not (app.debug or app.testing):
        if not app.config.get("SECRET_KEY"):
            raise ConfigurationError(
                "No secret key: set ADVOCACY_SECRET_KEY or SECRET_KEY in "
                f"{Path(app.instance_path) / 'config.py'} (`make run` creates one)."
            )


def trusted_hosts(public_url: str) -> list[str]:
    """The ``Host`` values to answer: the public address's host (all loopback names for a
    loopback address, so ``make run`` answers on localhost and 127.0.0.1 alike)."""
    from urllib.parse import urlsplit

    host = urlsplit(public_url).hostname
    if not host:
        raise ConfigurationError(f"PUBLIC_URL {public_url!r} has no host name.")
    return list(LOOPBACK_HOSTS) if host in LOOPBACK_HOSTS else [host]


def configure_database_timeouts(app: Flask) -> None:
    """Give up on a locked or unreachable database after ``DATABASE_TIMEOUT`` seconds.

    Without this, PostgreSQL's client waits for TCP to give up (minutes) and the user
    sees a hanging page; with it the request ends in the 503 page.
    """
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    timeout = float(app.config["DATABASE_TIMEOUT"])
    if url.startswith("sqlite"):
        connect_args.setdefault("timeout", timeout)
        # A file has no connection to lose: pinging it costs a statement per request.
        options["pool_pre_ping"] = False
    elif url.startswith("postgresql"):
        # libpq takes whole seconds and treats anything below 2 as 2.
        connect_args.setdefault("connect_timeout", max(2, round(timeout)))
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        # SQLite ignores ON DELETE CASCADE unless asked per connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # Write-ahead logging: readers go on while one worker writes, and a commit appends
        # to the log instead of syncing a rollback journal (12 ms a commit on our disks).
        # With synchronous=NORMAL a power cut may lose the last commits, never corrupt.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite folds only A–Z; search.contains_ignoring_case folds names with this.
        from advocacy.search import fold_sql_value

        dbapi_connection.create_function("advocacy_fold", 1, fold_sql_value,
                                         deterministic=True)


def register_extensions(app: Flask) -> None:
    """Initialise the extensions declared in ``advocacy.extensions``."""
    from advocacy.audit import models as audit_models  # noqa: F401  (tables for migrate)
    from advocacy.auth import models as auth_models
    from advocacy.auth import throttle, tokens  # noqa: F401
    from advocacy.bodies import models as body_models  # noqa: F401
    from advocacy.conditions import models as condition_models  # noqa: F401
    from advocacy.conditions import panels as condition_panels  # noqa: F401  (on measures)
    from advocacy.conditions import scores  # noqa: F401  (keeps the stored scores current)
    from advocacy.hearings import falls  # noqa: F401  (keeps Milestone.falls_at current)
    from advocacy.hearings import models as hearing_models  # noqa: F401
    from advocacy.hearings import panels as hearing_panels  # noqa: F401  (on conditions, measures)
    from advocacy.hearings import reminders as hearing_reminders  # noqa: F401  (a source)
    from advocacy.notify import models as notify_models  # noqa: F401
    from advocacy.papers import access as paper_access  # noqa: F401  (the paper rule)
    from advocacy.papers import models as paper_models  # noqa: F401
    from advocacy.papers import panels as paper_panels  # noqa: F401  (sections on hearings)
    from advocacy.papers import reminders as paper_reminders  # noqa: F401  (a source)
    # Contacts with the state build on papers: after them, so their panels come after.
    from advocacy.dialogue import access as dialogue_access  # noqa: F401  (the contact rule)
    from advocacy.dialogue import calendar as dialogue_calendar  # noqa: F401  (feed events)
    from advocacy.dialogue import models as dialogue_models  # noqa: F401
    from advocacy.dialogue import panels as dialogue_panels  # noqa: F401  (history panels)
    from advocacy.dialogue import reminders as dialogue_reminders  # noqa: F401  (a source)
    # The yearly platform sits on top of every domain.
    from advocacy.platform import access as platform_access  # noqa: F401  (the platform rule)
    from advocacy.platform import models as platform_models  # noqa: F401
    from advocacy.plan import models as plan_models  # noqa: F401
    # Notes and files: their tables, the session hooks that keep the disk in step, and the
    # owner types (last, so their panel comes after the other panels on each page).
    from advocacy.attachments import storage as attachment_storage  # noqa: F401
    from advocacy.conditions import attachment_owners as condition_owners  # noqa: F401
    from advocacy.hearings import attachment_owners as hearing_owners  # noqa: F401
    from advocacy.papers import attachment_owners as paper_owners  # noqa: F401
    from advocacy.dialogue import attachment_owners as contact_owners  # noqa: F401

    from advocacy import pagecache

    db.init_app(app)
    pagecache.init_app(app)
    _init_migrations(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.install_template_gettext(app)
    # Multi-line {% trans %} blocks collapse their white space, as the extractor does.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Logg inn for å se siden.")
    # The message is flashed into the session: as text in the reader's language.
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_token: str):
        # A deactivated user, or one whose sessions were ended, is logged out here.
        # The header shows the user's organisation on every page: load it in the same query,
        # and the data generation the page cache keys on (``advocacy.pagecache``).
        row = db.session.execute(
            db.select(auth_models.User, pagecache.generation_column())
            .where(auth_models.User.session_token == session_token)
            .options(joinedload(auth_models.User.organisation))).first()
        if row is None or not row[0].is_active:
            return None
        g.data_generation = row[1]
        return row[0]


def register_blueprints(app: Flask) -> None:
    """Register every domain's blueprint."""
    from advocacy import api
    from advocacy.attachments.views import bp as attachments_bp
    from advocacy.audit.views import bp as audit_bp
    from advocacy.auth.account_views import bp as account_bp
    from advocacy.auth.admin_views import bp as admin_bp
    from advocacy.auth.views import bp as auth_bp
    from advocacy.bodies.views import bp as bodies_bp
    from advocacy.conditions.proposal_views import bp as proposals_bp
    from advocacy.conditions.support_views import bp as support_bp
    from advocacy.conditions.views import bp as conditions_bp
    from advocacy.dialogue.views import bp as dialogue_bp
    from advocacy.hearings.views import bp as hearings_bp
    from advocacy.main.views import bp as main_bp
    from advocacy.notify.views import bp as notify_bp
    from advocacy.papers.archive_views import bp as archive_bp
    from advocacy.papers.outcome_views import bp as outcomes_bp
    from advocacy.papers.signing_views import bp as signing_bp
    from advocacy.papers.views import bp as papers_bp
    # These add their routes to the papers blueprint, so they are imported before it is registered.
    from advocacy.papers import comment_views, import_views, revision_views  # noqa: F401
    from advocacy.plan.views import bp as plan_bp

    for bp in (main_bp, auth_bp, account_bp, admin_bp, audit_bp, conditions_bp, plan_bp,
               hearings_bp, bodies_bp, notify_bp, papers_bp, outcomes_bp, signing_bp,
               archive_bp, attachments_bp):
        app.register_blueprint(bp)
    app.register_blueprint(dialogue_bp)
    app.register_blueprint(support_bp)
    from advocacy.platform.views import bp as platform_bp

    app.register_blueprint(platform_bp)
    app.register_blueprint(proposals_bp)
    api.register(app)


def register_request_hooks(app: Flask) -> None:
    """Keep every page behind login, and send the security headers."""

    @app.before_request
    def require_login():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    @app.after_request
    def security_headers(response):
        # Pages and exports show what one user may see: no browser or proxy keeps them,
        # unless a view chose a private, revalidated policy itself (the calendar feed).
        if request.endpoint != "static" and not response.cache_control.private:
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def register_errorhandlers(app: Flask) -> None:
    """Answer errors with Norwegian pages that lead back."""
    from flask import g, render_template
    from flask_wtf.csrf import CSRFError
    from sqlalchemy.exc import DBAPIError, OperationalError
    from werkzeug.exceptions import SecurityError

    messages = {
        400: (_l("Ugyldig forespørsel"), _l("Forespørselen kunne ikke behandles.")),
        403: (_l("Ingen tilgang"), _l("Du har ikke tilgang til å gjøre dette.")),
        404: (_l("Fant ikke siden"), _l("Siden eller saken du ba om, finnes ikke.")),
        405: (_l("Ikke tillatt"), _l("Denne handlingen er ikke tillatt her.")),
        413: (_l("For stor fil"),
              _l("Det du sendte, er for stort. Største tillatte fil står ved "
                 "opplastingsfeltet.")),
        429: (_l("For mange forsøk"), _l("Det har kommet for mange forsøk fra din adresse på "
                                         "kort tid. Vent noen minutter og prøv igjen.")),
        500: (_l("Noe gikk galt"),
              _l("En feil oppstod hos oss. Ingenting du har lagret, er tapt.")),
        503: (_l("Tjenesten er midlertidig utilgjengelig"),
              _l("Databasen svarer ikke akkurat nå. Vent litt og prøv igjen. Det du lagret "
                 "tidligere, er ikke tapt, men det du sendte nå, ble ikke lagret.")),
    }

    def render_error(code: int, detail: str | None = None):
        # A failed statement leaves the transaction unusable (PostgreSQL refuses every later
        # statement in it); end it before the page, which may read the user, is rendered.
        try:
            db.session.rollback()
        except DBAPIError:
            db.session.invalidate()
        title, text = messages[code]
        return render_template("errors/error.html", code=code, title=title,
                               text=detail or text), code

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_error(400, _("Skjemaet var utløpt eller ugyldig. Gå tilbake, last "
                                   "siden på nytt og prøv igjen. Ingenting ble lagret."))

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # No URLs can be built for a host we do not answer, so no page with links either.
        title = _("Ugyldig forespørsel")
        text = _("Adressen du brukte, hører ikke til denne tjenesten.")
        return (f"<!doctype html><html lang=\"{i18n.current()}\"><title>{title}</title>"
                f"<h1>{title}</h1><p>{text}</p></html>", 400,
                {"Content-Type": "text/html; charset=utf-8"})

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        if not _is_unavailable(error):
            raise error  # a bug, not an outage: the 500 page
        app.logger.error("database unavailable: %s", error)
        # The user cannot be read either: show the page as to someone logged out.
        g._login_user = login_manager.anonymous_user()
        response = app.make_response(render_error(503))
        response.headers["Retry-After"] = "30"
        return response

    for code in messages:
        app.register_error_handler(code, lambda error, code=code: render_error(code))


#: SQLite's words for a database that is there but cannot be used right now.
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open database", "disk i/o error",
                       "database table is locked")


def _is_unavailable(error) -> bool:
    """Whether an ``OperationalError`` means the database cannot be reached or used now.

    PostgreSQL's driver raises it for lost or refused connections; SQLite raises it for
    locks but also for mistakes such as a missing table, which are bugs.
    """
    if error.connection_invalidated:
        return True
    if type(error.orig).__module__.startswith("sqlite3"):
        return any(words in str(error.orig).lower() for words in _SQLITE_UNAVAILABLE)
    return True


def register_template_helpers(app: Flask) -> None:
    """Filters and globals used by every template."""
    from advocacy import formatting
    from advocacy.auth.permissions import can
    from advocacy.notify.mail import external_url

    app.jinja_env.globals["can"] = can
    app.jinja_env.globals["current_language"] = i18n.current
    app.jinja_env.filters["date_nb"] = formatting.date_nb
    app.jinja_env.filters["datetime_nb"] = formatting.datetime_nb
    app.jinja_env.filters["date_long"] = formatting.date_long
    app.jinja_env.filters["number"] = formatting.number
    app.jinja_env.filters["percent"] = formatting.percent
    app.jinja_env.globals["url_with"] = formatting.url_with
    app.jinja_env.globals["public_url"] = external_url


def register_commands(app: Flask) -> None:
    """Add the ``flask`` commands."""
    from advocacy.cli import register

    register(app)


__all__ = ["create_app", "ConfigurationError"]


def _init_migrations(app: Flask) -> None:
    """Flask-Migrate's ``flask db`` commands, where migrations are run: under the ``flask``
    command line, or when the config asks (``MIGRATIONS``, as the tests do).

    A web worker never runs them: it is spared Alembic (some 9 MB per process), and its
    health check reads the migration heads without it (``advocacy.schema``).
    """
    if not app.config["MIGRATIONS"] and click.get_current_context(silent=True) is None:
        return
    from flask_migrate import Migrate

    from advocacy.schema import MIGRATIONS

    Migrate(app, db, directory=str(MIGRATIONS), render_as_batch=True)
