"""Advocacy: a case manager for a county's advocacy toward the state."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from advocacy.extensions import csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent

#: Endpoints that answer without a login.
PUBLIC_ENDPOINTS = frozenset({
    "auth.login", "main.accessibility", "static", "account.accept_invitation",
    "account.reset_password", "account.forgot_password", "hearings.feed",
})


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
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    start_scheduler_if_asked(app)
    return app


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
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config.get(key) is None:
            app.config[key] = not (app.debug or app.testing)
    if not (app.debug or app.testing):
        if not app.config.get("SECRET_KEY"):
            raise ConfigurationError(
                "No secret key: set ADVOCACY_SECRET_KEY or SECRET_KEY in "
                f"{Path(app.instance_path) / 'config.py'} (`make run` creates one)."
            )


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    # SQLite ignores ON DELETE CASCADE unless asked per connection.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def register_extensions(app: Flask) -> None:
    """Initialise the extensions declared in ``advocacy.extensions``."""
    from advocacy.audit import models as audit_models  # noqa: F401  (tables for migrate)
    from advocacy.auth import models as auth_models
    from advocacy.auth import throttle, tokens  # noqa: F401
    from advocacy.conditions import models as condition_models  # noqa: F401
    from advocacy.hearings import models as hearing_models  # noqa: F401
    from advocacy.hearings import reminders as hearing_reminders  # noqa: F401  (a source)
    from advocacy.notify import models as notify_models  # noqa: F401
    from advocacy.papers import access as paper_access  # noqa: F401  (the paper rule)
    from advocacy.papers import models as paper_models  # noqa: F401
    from advocacy.papers import reminders as paper_reminders  # noqa: F401  (a source)
    from advocacy.plan import models as plan_models  # noqa: F401

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Logg inn for å se siden."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_token: str):
        # A deactivated user, or one whose sessions were ended, is logged out here.
        user = db.session.scalar(db.select(auth_models.User).filter_by(session_token=session_token))
        return user if user is not None and user.is_active else None


def register_blueprints(app: Flask) -> None:
    """Register every domain's blueprint."""
    from advocacy.audit.views import bp as audit_bp
    from advocacy.auth.account_views import bp as account_bp
    from advocacy.auth.admin_views import bp as admin_bp
    from advocacy.auth.views import bp as auth_bp
    from advocacy.conditions.views import bp as conditions_bp
    from advocacy.hearings.views import bp as hearings_bp
    from advocacy.main.views import bp as main_bp
    from advocacy.notify.views import bp as notify_bp
    from advocacy.papers.outcome_views import bp as outcomes_bp
    from advocacy.papers.signing_views import bp as signing_bp
    from advocacy.papers.views import bp as papers_bp
    from advocacy.plan.views import bp as plan_bp

    for bp in (main_bp, auth_bp, account_bp, admin_bp, audit_bp, conditions_bp, plan_bp,
               hearings_bp, notify_bp, papers_bp, outcomes_bp, signing_bp):
        app.register_blueprint(bp)


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
    from flask import render_template
    from flask_wtf.csrf import CSRFError

    messages = {
        400: ("Ugyldig forespørsel", "Forespørselen kunne ikke behandles."),
        403: ("Ingen tilgang", "Du har ikke tilgang til å gjøre dette."),
        404: ("Fant ikke siden", "Siden eller saken du ba om, finnes ikke."),
        405: ("Ikke tillatt", "Denne handlingen er ikke tillatt her."),
        413: ("For stor fil", "Det du sendte, er for stort. Filer kan være på høyst 5 MB."),
        500: ("Noe gikk galt", "En feil oppstod hos oss. Ingenting du har lagret, er tapt."),
    }

    def render_error(code: int, detail: str | None = None):
        title, text = messages[code]
        return render_template("errors/error.html", code=code, title=title,
                               text=detail or text), code

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_error(400, "Skjemaet var utløpt eller ugyldig. Gå tilbake, last siden "
                                 "på nytt og prøv igjen. Ingenting ble lagret.")

    for code in messages:
        app.register_error_handler(code, lambda error, code=code: render_error(code))


def register_template_helpers(app: Flask) -> None:
    """Filters and globals used by every template."""
    from advocacy import formatting
    from advocacy.auth.permissions import can

    app.jinja_env.globals["can"] = can
    app.jinja_env.filters["date_nb"] = formatting.date_nb
    app.jinja_env.filters["datetime_nb"] = formatting.datetime_nb
    app.jinja_env.globals["url_with"] = formatting.url_with


def register_commands(app: Flask) -> None:
    """Add the ``flask`` commands."""
    from advocacy.cli import register

    register(app)


__all__ = ["create_app", "ConfigurationError"]
