"""Login and logout."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_user, logout_user

from advocacy.auth import passwords, throttle
from advocacy.auth.forms import LoginForm
from advocacy.auth.services import authenticate
from advocacy.extensions import db, limiter
from advocacy.forms import ConfirmForm, render_form

bp = Blueprint("auth", __name__)


@bp.record_once
def _prepare(state) -> None:
    # The dummy hash for unknown accounts is made now, not in the first such login.
    passwords.prepare_dummy_hash(state.app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def _failed(response) -> bool:
    """A login POST that did not log in (a success redirects)."""
    return response.status_code != 302


def _safe_next(target: str | None) -> str:
    """Only follow ``next`` to a path on this site."""
    # Browsers read a backslash as a slash, so "/\\evil.example" would leave the site; they
    # also drop tabs and line breaks, and a line break in a Location header is refused by
    # werkzeug (a 500) or would split the header: anything unprintable is not followed.
    if target and "\\" not in target and target.isprintable():
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//"):
            return target
    return url_for("main.overview")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"],
               deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.overview"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data
        if throttle.locked_until(email):
            form.password.errors.append(ngettext(
                "For mange mislykkede innloggingsforsøk. Av sikkerhetshensyn er kontoen sperret "
                "i %(num)d minutt. Prøv igjen senere, eller velg nytt passord med «Glemt "
                "passord».",
                "For mange mislykkede innloggingsforsøk. Av sikkerhetshensyn er kontoen sperret "
                "i %(num)d minutter. Prøv igjen senere, eller velg nytt passord med «Glemt "
                "passord».", throttle.LOCKOUT_MINUTES))
            return render_form("auth/login.html", form=form)
        user = authenticate(email, form.password.data)
        if user is not None:
            throttle.record_success(email)
            db.session.commit()
            login_user(user)
            flash(_("Velkommen, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
        throttle.record_failure(email)
        db.session.commit()
        form.password.errors.append(_("Feil e-postadresse eller passord."))
    return render_form("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            # A new session token makes a copy of this session's cookie (or of the
            # remember-me cookie) useless. It ends the user's other sessions too: the
            # token is per user, as for a password change.
            current_user.end_sessions()
            db.session.commit()
        logout_user()
        flash(_("Du er logget ut."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html", form=form)
