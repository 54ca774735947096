"""Invitation and reset links, and each user's profile."""

from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, make_response, redirect,
                   render_template, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_user

from advocacy import i18n
from advocacy.auth import accounts, api_tokens, background, logredact, tokens
from advocacy.auth.forms import (ChangePasswordForm, ForgotPasswordForm, LanguageForm,
                                 ProfileForm, ReminderPreferenceForm, SetPasswordForm)
from advocacy.auth.services import AccountError, PasswordRuleError
from advocacy.extensions import db, limiter
from advocacy.forms import ConfirmForm, render_form

bp = Blueprint("account", __name__)


@bp.record_once
def _redact_access_logs(state) -> None:
    # The link tokens are in these paths; see advocacy.auth.logredact for the design.
    logredact.install()


def _links_limit() -> str:
    return current_app.config["RATELIMIT_ACCOUNT_LINKS"]


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_links_limit, methods=["POST"])
def accept_invitation(token: str):
    return _use_link(token, tokens.Purpose.INVITE, _("Velkommen! Kontoen din er klar."))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_links_limit, methods=["POST"])
def reset_password(token: str):
    return _use_link(token, tokens.Purpose.RESET, _("Passordet er endret."))


def _use_link(token: str, purpose: tokens.Purpose, welcome: str):
    response = make_response(_answer_link(token, purpose, welcome))
    # The token is in this page's address: no Referer may carry it to another request
    # (the stylesheet's, the form's) and so into an access log, or to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _answer_link(token: str, purpose: tokens.Purpose, welcome: str):
    try:
        record = tokens.check(token, purpose)
    except tokens.TokenError as error:
        return render_template("account/link_error.html", message=str(error)), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.use_token(token, purpose, form.password.data)
        except PasswordRuleError as error:
            db.session.rollback()
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)
            flash(welcome, "success")
            return redirect(url_for("main.overview"))
    return render_form("account/set_password.html", form=form, user=record.user, purpose=purpose)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PASSWORD_FORGOT"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same answer, at the same speed, whether or not the address is registered:
        # the lookup, the link and the mail happen after the response (see background).
        background.submit(current_app._get_current_object(), accounts.request_password_reset,
                          form.email.data)
        flash(_("Hvis adressen hører til en konto, har vi sendt en lenke for å velge nytt "
                "passord. Sjekk e-posten din."), "info")
        return redirect(url_for("auth.login"))
    return render_form("account/forgot.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = form.name.data.strip()
        db.session.commit()
        flash(_("Navnet er lagret."), "success")
        return redirect(url_for(".profile"))
    return _render_profile(profile_form=form)


@bp.route("/profile/password", methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except PasswordRuleError as error:
            form.password.errors.append(str(error))
        except AccountError as error:
            form.current.errors.append(str(error))
        else:
            db.session.commit()
            # The change ended every session, this one too. The user, not the proxy: logged
            # in as the proxy, current_user would resolve to itself (the language looks).
            login_user(current_user._get_current_object())
            flash(_("Passordet er endret. Andre innlogginger er avsluttet."), "success")
            return redirect(url_for(".profile"))
    return _render_profile(password_form=form)


@bp.route("/profile/reminders", methods=["POST"])
def reminder_preference():
    form = ReminderPreferenceForm()
    if form.validate_on_submit():
        current_user.reminder_frequency = form.reminder_frequency.data
        db.session.commit()
        flash(_("Valget for påminnelser er lagret."), "success")
        return redirect(url_for(".profile") + "#paminnelser")
    return _render_profile(reminder_form=form)


@bp.route("/profile/language", methods=["POST"])
def language_preference():
    form = LanguageForm()
    if form.validate_on_submit():
        current_user.language = form.language.data or None
        db.session.commit()
        # Said in the language just chosen: the next page is in it.
        with i18n.force_locale(i18n.for_user(current_user)):
            flash(_("Språkvalget er lagret."), "success")
        return redirect(url_for(".profile") + "#sprak")
    return _render_profile(language_form=form)


@bp.route("/profile/api-tokens", methods=["POST"])
def create_api_token():
    form = api_tokens.ApiTokenForm()
    if not form.validate_on_submit():
        return _render_profile(token_form=form)
    row, token = api_tokens.create(current_user, form.token_name.data, form.lifetime.data)
    db.session.commit()
    # Shown on this answer only: not flashed, since a flash travels in the session cookie.
    response = make_response(_render_profile(new_token=token, new_token_row=row))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/profile/api-tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_api_token(token_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    row = api_tokens.revoke(current_user, token_id) or abort(404)
    db.session.commit()
    flash(_("API-nøkkelen «%(name)s» er trukket tilbake og virker ikke lenger.", name=row.name),
          "success")
    return redirect(url_for(".profile") + "#api-nokler")


def _render_profile(profile_form=None, password_form=None, reminder_form=None, token_form=None,
                    new_token=None, new_token_row=None, language_form=None):
    profile_form = profile_form or ProfileForm(obj=current_user, formdata=None)
    password_form = password_form or ChangePasswordForm(formdata=None)
    reminder_form = reminder_form or ReminderPreferenceForm(obj=current_user, formdata=None)
    token_form = token_form or api_tokens.ApiTokenForm(formdata=None)
    language_form = language_form or LanguageForm(formdata=None,
                                                  language=current_user.language or "")
    forms = (profile_form, password_form, reminder_form, token_form, language_form)
    status = 422 if any(f.errors for f in forms) else 200
    return render_template("account/profile.html", profile_form=profile_form,
                           password_form=password_form, reminder_form=reminder_form,
                           language_form=language_form,
                           organisation_language=i18n.for_organisation(current_user.organisation),
                           token_form=token_form, api_tokens=api_tokens.for_user(current_user),
                           new_token=new_token, new_token_row=new_token_row), status
