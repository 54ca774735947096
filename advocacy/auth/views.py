"""Login and logout."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from advocacy.auth.forms import LoginForm
from advocacy.auth import throttle
from advocacy.auth.services import authenticate
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow ``next`` to a path on this site."""
    # Browsers read a backslash as a slash, so "/\\evil.example" would leave the site.
    if target and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//"):
            return target
    return url_for("main.overview")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.overview"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data
        if throttle.locked_until(email):
            form.password.errors.append(
                "For mange mislykkede innloggingsforsøk. Av sikkerhetshensyn er kontoen sperret "
                f"i {throttle.LOCKOUT_MINUTES} minutter. Prøv igjen senere, eller velg nytt "
                "passord med «Glemt passord».")
            return render_form("auth/login.html", form=form)
        user = authenticate(email, form.password.data)
        if user is not None:
            throttle.record_success(email)
            db.session.commit()
            login_user(user)
            flash(f"Velkommen, {user.name}.", "success")
            return redirect(_safe_next(request.args.get("next")))
        throttle.record_failure(email)
        db.session.commit()
        form.password.errors.append("Feil e-postadresse eller passord.")
    return render_form("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        logout_user()
        flash("Du er logget ut.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html", form=form)
