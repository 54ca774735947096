"""Administration: organisations and users; invitations for staff and admins."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from advocacy.auth import accounts, tokens
from advocacy.auth.forms import ContactForm, InviteForm, OrganisationForm, UserForm
from advocacy.auth.models import Organisation, OrganisationContact, Role, User
from advocacy.auth.permissions import requires
from advocacy.auth.services import AccountError, NotPermitted, organisation_choices
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form
from advocacy.notify import mail

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/organisations/")
@requires("admin")
def organisations():
    counts = dict(db.session.execute(
        select(User.organisation_id, func.count()).group_by(User.organisation_id)).all())
    rows = db.session.scalars(select(Organisation).order_by(
        Organisation.kind != "county", Organisation.kind, Organisation.name)).all()
    return render_template("admin/organisations.html", organisations=rows, counts=counts)


@bp.route("/organisations/new", methods=["GET", "POST"])
@requires("admin")
def add_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = Organisation()
        _fill_organisation(organisation, form)
        db.session.add(organisation)
        db.session.commit()
        flash(_("Organisasjonen «%(name)s» er lagret.", name=organisation.name), "success")
        return redirect(url_for(".organisations"))
    return render_form("admin/organisation_form.html", form=form, organisation=None)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@requires("admin")
def edit_organisation(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation, organisation_id=organisation.id)
    if form.validate_on_submit():
        _fill_organisation(organisation, form)
        db.session.commit()
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for(".organisations"))
    return render_form("admin/organisation_form.html", form=form, organisation=organisation,
                       contact_form=ContactForm(formdata=None, prefix="contact"), delete_form=ConfirmForm())


# --- contacts of an organisation (who gets an invitation when no user can) ---------------

@bp.route("/organisations/<int:organisation_id>/contacts/new", methods=["POST"])
@requires("admin")
def add_contact(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    form = ContactForm(prefix="contact")
    if form.validate_on_submit():
        contact = OrganisationContact(organisation=organisation)
        _fill_contact(contact, form)
        db.session.add(contact)
        db.session.commit()
        flash(_("Kontaktpersonen %(name)s (%(email)s) er lagt til.", name=contact.display_name,
                email=contact.email), "success")
        return redirect(url_for(".edit_organisation", organisation_id=organisation.id,
                                _anchor="kontaktpersoner"))
    return render_template("admin/organisation_form.html", form=OrganisationForm(
        formdata=None, obj=organisation, organisation_id=organisation.id),
        organisation=organisation, contact_form=form, delete_form=ConfirmForm()), 422


@bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@requires("admin")
def edit_contact(contact_id: int):
    contact = db.get_or_404(OrganisationContact, contact_id)
    form = ContactForm(obj=contact, prefix="contact")
    if form.validate_on_submit():
        _fill_contact(contact, form)
        db.session.commit()
        flash(_("Endringene i kontaktpersonen er lagret."), "success")
        return redirect(url_for(".edit_organisation", organisation_id=contact.organisation_id,
                                _anchor="kontaktpersoner"))
    return render_form("admin/contact_form.html", form=form, contact=contact)


@bp.route("/contacts/<int:contact_id>/delete", methods=["POST"])
@requires("admin")
def delete_contact(contact_id: int):
    contact = db.get_or_404(OrganisationContact, contact_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    organisation_id, label = contact.organisation_id, contact.display_name
    db.session.delete(contact)
    db.session.commit()
    flash(_("Kontaktpersonen %(name)s er fjernet.", name=label), "success")
    return redirect(url_for(".edit_organisation", organisation_id=organisation_id,
                            _anchor="kontaktpersoner"))


def _fill_contact(contact: OrganisationContact, form: ContactForm) -> None:
    contact.role = form.role.data
    contact.name = form.name.data or ""
    contact.email = form.email.data


def _fill_organisation(organisation: Organisation, form: OrganisationForm) -> None:
    organisation.name = form.name.data.strip()
    organisation.kind = form.kind.data
    organisation.language = form.language.data
    organisation.municipality_number = form.municipality_number.data or None
    organisation.org_number = form.org_number.data or None
    organisation.contact_email = (form.contact_email.data or "").strip().lower() or None


@bp.route("/users/")
@requires("admin")
def users():
    stmt = (select(User).options(joinedload(User.organisation))
            .order_by(User.is_active_account.desc(), User.name))
    organisation_id = request.args.get("organisation", type=int)
    if organisation_id:
        stmt = stmt.where(User.organisation_id == organisation_id)
    page = db.paginate(stmt, per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("admin/users.html", page=page, form=ConfirmForm(),
                           organisations=organisation_choices(),
                           organisation_id=organisation_id)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires("admin")
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user, organisations=organisation_choices(), roles=list(Role))
    if request.method == "GET":
        form.organisation_id.data = user.organisation_id or 0
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != Role.ADMIN
                                           or not form.is_active_account.data):
            form.role.errors.append(_("Du kan ikke fjerne din egen administratortilgang."))
        else:
            user.name = form.name.data.strip()
            user.role = form.role.data
            user.organisation_id = form.organisation_id.data or None
            accounts.set_active(user, form.is_active_account.data)
            db.session.commit()
            flash(_("Endringene for %(name)s er lagret.", name=user.name), "success")
            return redirect(url_for(".users"))
    return render_form("admin/user_form.html", form=form, user=user)


@bp.route("/users/invite", methods=["GET", "POST"])
@requires("invite")
def invite():
    form = InviteForm(organisations=organisation_choices(),
                      roles=accounts.invitable_roles(current_user))
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data) or abort(404)
        try:
            user = accounts.invite(email=form.email.data, name=form.name.data,
                                   organisation=organisation, role=form.role.data,
                                   invited_by=current_user)
        except NotPermitted:
            db.session.rollback()
            abort(403)
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            _flash_mail_result(user)
            return redirect(url_for(".invite"))
    pending = db.session.scalars(
        select(User).join(tokens.AccountToken, tokens.AccountToken.user_id == User.id)
        .where(tokens.AccountToken.purpose == tokens.Purpose.INVITE,
               tokens.AccountToken.used_at.is_(None), User.password_hash.is_(None))
        .options(joinedload(User.organisation)).order_by(User.name)).all()
    return render_form("admin/invite.html", form=form, pending=pending, resend_form=ConfirmForm())


@bp.route("/users/<int:user_id>/resend", methods=["POST"])
@requires("invite")
def resend(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        accounts.resend_invitation(user, current_user)
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        _flash_mail_result(user, renewed=True)
    return redirect(url_for(".invite"))


def _flash_mail_result(user: User, renewed: bool = False) -> None:
    """Tell whether the mail went; the invitation is saved either way."""
    if mail.failures(db.session):
        if renewed:
            message = _("Den nye invitasjonen til %(name)s er lagret, men e-posten kunne ikke "
                        "sendes. Send den på nytt fra listen over ubesvarte invitasjoner.",
                        name=user.name)
        else:
            message = _("Invitasjonen til %(name)s er lagret, men e-posten kunne ikke sendes. "
                        "Send den på nytt fra listen over ubesvarte invitasjoner.",
                        name=user.name)
        flash(message, "error")
    elif renewed:
        flash(_("Den nye invitasjonen er sendt til %(email)s.", email=user.email), "success")
    else:
        flash(_("Invitasjonen er sendt til %(email)s.", email=user.email), "success")
