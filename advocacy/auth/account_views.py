"""Invitation and reset links, and each user's profile."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_user

from advocacy.auth import accounts, tokens
from advocacy.auth.forms import (ChangePasswordForm, ForgotPasswordForm, ProfileForm,
                                 ReminderPreferenceForm, SetPasswordForm)
from advocacy.auth.services import AccountError
from advocacy.extensions import db
from advocacy.forms import render_form

bp = Blueprint("account", __name__)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _use_link(token, tokens.Purpose.INVITE, "Velkommen! Kontoen din er klar.")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _use_link(token, tokens.Purpose.RESET, "Passordet er endret.")


def _use_link(token: str, purpose: tokens.Purpose, welcome: str):
    try:
        record = tokens.check(token, purpose)
    except tokens.TokenError as error:
        return render_template("account/link_error.html", message=str(error)), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = accounts.use_token(token, purpose, form.password.data)
        db.session.commit()
        login_user(user)
        flash(welcome, "success")
        return redirect(url_for("main.overview"))
    return render_form("account/set_password.html", form=form, user=record.user, purpose=purpose)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not the address is registered.
        flash("Hvis adressen hører til en konto, har vi sendt en lenke for å velge nytt "
              "passord. Sjekk e-posten din.", "info")
        return redirect(url_for("auth.login"))
    return render_form("account/forgot.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = form.name.data.strip()
        db.session.commit()
        flash("Navnet er lagret.", "success")
        return redirect(url_for(".profile"))
    return _render_profile(profile_form=form)


@bp.route("/profile/password", methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except AccountError as error:
            form.current.errors.append(str(error))
        else:
            db.session.commit()
            login_user(current_user)  # the change ended every session, this one too
            flash("Passordet er endret. Andre innlogginger er avsluttet.", "success")
            return redirect(url_for(".profile"))
    return _render_profile(password_form=form)


@bp.route("/profile/reminders", methods=["POST"])
def reminder_preference():
    form = ReminderPreferenceForm()
    if form.validate_on_submit():
        current_user.reminder_frequency = form.reminder_frequency.data
        db.session.commit()
        flash("Valget for påminnelser er lagret.", "success")
        return redirect(url_for(".profile") + "#paminnelser")
    return _render_profile(reminder_form=form)


def _render_profile(profile_form=None, password_form=None, reminder_form=None):
    profile_form = profile_form or ProfileForm(obj=current_user, formdata=None)
    password_form = password_form or ChangePasswordForm(formdata=None)
    reminder_form = reminder_form or ReminderPreferenceForm(obj=current_user, formdata=None)
    forms = (profile_form, password_form, reminder_form)
    status = 422 if any(f.errors for f in forms) else 200
    return render_template("account/profile.html", profile_form=profile_form,
                           password_form=password_form, reminder_form=reminder_form), status
