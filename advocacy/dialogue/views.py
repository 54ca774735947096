"""Pages for contacts with the state (/dialog/): list, page, forms, follow-ups, pickers."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from advocacy import panels, picker_search
from advocacy.auth.permissions import can, require, requires
from advocacy.auth.services import organisation_choices
from advocacy.conditions import services as condition_services
from advocacy.conditions.forms import PICKER_LIMIT, PickerKind, picker_search_requested
from advocacy.dialogue import services
from advocacy.dialogue.forms import (HEARING_PICKER, PAPER_PICKER, PERSON_PICKER,
                                     ContactFilterForm, ContactForm, FollowUpForm)
from advocacy.dialogue.models import Contact, FollowUp
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form

bp = Blueprint("dialogue", __name__, url_prefix="/dialog")


def visible_contact_or_404(contact_id: int) -> Contact:
    """The contact, if the current user may see it; 404 otherwise (even if it exists)."""
    contact = services.get_contact(contact_id)
    if contact is None or not can("view", contact):
        abort(404)
    return contact


@bp.route("/", endpoint="list")
def list_contacts():
    form = ContactFilterForm(request.args)
    form.validate()
    filters = services.ContactFilters(
        q=(form.q.data or "").strip(),
        kind="" if form.kind.errors else (form.kind.data or ""),
        status="" if form.status.errors else (form.status.data or ""),
        mine=current_user.id if form.mine.data else None)
    order = services.CONTACT_SORT.parse(request.args.get("sort"))
    page = db.paginate(services.contact_list_query(current_user, filters, order),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("dialogue/list.html", page=page, form=form, order=order,
                           counts=services.contact_counts([c.id for c in page.items]),
                           is_filtered=any(vars(filters).values()))


@bp.route("/<int:contact_id>", endpoint="detail")
def detail(contact_id: int):
    contact = visible_contact_or_404(contact_id)
    return render_template("dialogue/detail.html", contact=contact, form=ConfirmForm(),
                           papers=services.visible_papers(current_user, contact.papers),
                           panels=panels.for_page("contact", contact))


@bp.route("/ny", methods=["GET", "POST"], endpoint="add")  # i18n: not ui
@requires("edit")
def add():
    form = _contact_form()
    if request.method == "GET":
        form.our_people.data = [current_user.id]
        _preselect(form)
    if not picker_search_requested(form) and form.validate_on_submit():
        contact = Contact(created_by=current_user)
        _fill(contact, form)
        db.session.add(contact)
        db.session.commit()
        flash(_("Kontakten er registrert."), "success")
        return redirect(url_for(".detail", contact_id=contact.id))
    return render_form("dialogue/form.html", form=form, contact=None)


@bp.route("/<int:contact_id>/rediger", methods=["GET", "POST"], endpoint="edit")
def edit(contact_id: int):
    contact = visible_contact_or_404(contact_id)
    require("edit", contact)
    form = _contact_form(obj=contact)
    if request.method == "GET":
        form.our_people.data = [u.id for u in contact.our_people]
        form.partners.data = [o.id for o in contact.partners]
        form.shared_with.data = [o.id for o in contact.shared_with]
        for name in ("their_people", "bodies", "conditions", "hearings", "papers"):
            form[name].choose(getattr(contact, name))
    if not picker_search_requested(form) and form.validate_on_submit():
        _fill(contact, form)
        db.session.commit()
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for(".detail", contact_id=contact.id))
    return render_form("dialogue/form.html", form=form, contact=contact)


@bp.route("/<int:contact_id>/slett", methods=["GET", "POST"], endpoint="delete")  # i18n: not ui
def delete(contact_id: int):
    contact = visible_contact_or_404(contact_id)
    require("edit", contact)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = contact.title
        db.session.delete(contact)
        db.session.commit()
        flash(_("Kontakten «%(title)s» er slettet.", title=title), "success")
        return redirect(url_for(".list"))
    return render_template("dialogue/delete.html", contact=contact, form=form)


# --- Follow-ups ---------------------------------------------------------------------------


@bp.route("/<int:contact_id>/oppfolging/ny", methods=["GET", "POST"], endpoint="add_follow_up")  # i18n: not ui
def add_follow_up(contact_id: int):
    contact = visible_contact_or_404(contact_id)
    require("edit", contact)
    form = _follow_up_form()
    if request.method == "GET":
        form.responsible_id.data = current_user.id
    if form.validate_on_submit():
        contact.follow_ups.append(FollowUp(title=form.title.data.strip(),
                                           responsible_id=form.responsible_id.data,
                                           due_on=form.due_on.data))
        db.session.commit()
        flash(_("Oppfølgingen er lagt til."), "success")
        return redirect(url_for(".detail", contact_id=contact.id) + "#oppfolging")
    return render_form("dialogue/follow_up_form.html", form=form, contact=contact,
                       follow_up=None)


@bp.route("/oppfolging/<int:follow_up_id>/rediger", methods=["GET", "POST"],
          endpoint="edit_follow_up")
def edit_follow_up(follow_up_id: int):
    follow_up, contact = _follow_up_or_404(follow_up_id)
    form = _follow_up_form(obj=follow_up)
    if form.validate_on_submit():
        follow_up.title = form.title.data.strip()
        follow_up.responsible_id = form.responsible_id.data
        follow_up.due_on = form.due_on.data
        db.session.commit()
        flash(_("Oppfølgingen er oppdatert."), "success")
        return redirect(url_for(".detail", contact_id=contact.id) + "#oppfolging")
    return render_form("dialogue/follow_up_form.html", form=form, contact=contact,
                       follow_up=follow_up)


@bp.route("/oppfolging/<int:follow_up_id>/utfort", methods=["POST"], endpoint="toggle_follow_up")
def toggle_follow_up(follow_up_id: int):
    follow_up, contact = _follow_up_or_404(follow_up_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    follow_up.is_done = not follow_up.is_done
    db.session.commit()
    if follow_up.is_done:
        flash(_("«%(title)s» er merket som utført.", title=follow_up.title), "success")
    else:
        flash(_("«%(title)s» er merket som ikke utført.", title=follow_up.title), "success")
    return redirect(url_for(".detail", contact_id=contact.id) + "#oppfolging")


@bp.route("/oppfolging/<int:follow_up_id>/slett", methods=["POST"], endpoint="delete_follow_up")  # i18n: not ui
def delete_follow_up(follow_up_id: int):
    follow_up, contact = _follow_up_or_404(follow_up_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    title = follow_up.title
    db.session.delete(follow_up)
    db.session.commit()
    flash(_("Oppfølgingen «%(title)s» er slettet.", title=title), "success")
    return redirect(url_for(".detail", contact_id=contact.id) + "#oppfolging")


def _follow_up_or_404(follow_up_id: int) -> tuple[FollowUp, Contact]:
    """The follow-up and its contact, if the current user may change the contact."""
    follow_up = db.get_or_404(FollowUp, follow_up_id)
    contact = follow_up.contact
    if not can("view", contact):
        abort(404)
    require("edit", contact)
    return follow_up, contact


# --- The pickers' searches ----------------------------------------------------------------


@bp.route("/sok/horinger", endpoint="search_hearings")
@requires("edit")
def search_hearings():
    return _search_answer(HEARING_PICKER, _("Ord fra tittelen"))


@bp.route("/sok/uttalelser", endpoint="search_papers")  # i18n: not ui
@requires("edit")
def search_papers():
    return _search_answer(PAPER_PICKER, _("Ord fra tittelen"))


@bp.route("/sok/personer", endpoint="search_people")
@requires("edit")
def search_people():
    return _search_answer(PERSON_PICKER, _("Navn eller etat"))


def _search_answer(kind: PickerKind, field_label: str):
    """The first matches for ``?q=``: JSON for the picker's script, else a page of links."""
    query = request.args.get("q", "").strip()[:200]

    def link(row) -> str:
        endpoint, args = kind.detail(row)
        return url_for(endpoint, **args)

    return picker_search.answer(
        query, kind.search(query, PICKER_LIMIT + 1), PICKER_LIMIT, title=kind.search_label,
        field_label=field_label, label=lambda row: row.title, hint=kind.hint, link=link,
        active="dialogue")


# --- Helpers ------------------------------------------------------------------------------


def _contact_form(**kwargs) -> ContactForm:
    return ContactForm(users=condition_services.responsible_choices(),
                       organisations=organisation_choices(), **kwargs)


def _follow_up_form(**kwargs) -> FollowUpForm:
    return FollowUpForm(responsible_choices=condition_services.responsible_choices(), **kwargs)


def _preselect(form: ContactForm) -> None:
    """Link a new contact to the page it was started from (``?condition=3`` and so on)."""
    for arg, name in (("condition", "conditions"), ("hearing", "hearings"),
                      ("paper", "papers"), ("person", "their_people")):
        row_id = request.args.get(arg, type=int)
        if row_id:
            form[name].choose(form[name].kind.load([row_id]))


def _fill(contact: Contact, form: ContactForm) -> None:
    contact.kind = form.kind.data
    contact.title = form.title.data.strip()
    contact.occurred_on = form.occurred_on.data
    contact.occurred_time = form.occurred_time.data
    contact.status = form.status.data
    contact.summary = (form.summary.data or "").strip()
    contact.agreed = (form.agreed.data or "").strip()
    contact.is_exempt = bool(form.is_exempt.data)
    contact.exemption_basis = (form.exemption_basis.data or "").strip() \
        if contact.is_exempt else ""
    contact.our_people = services.users_by_ids(form.our_people.data or [])
    organisations = services.organisations_by_ids(
        [*(form.partners.data or []), *(form.shared_with.data or [])])
    contact.partners = [o for o in organisations if o.id in set(form.partners.data or [])]
    contact.shared_with = [o for o in organisations if o.id in set(form.shared_with.data or [])]
    for name in ("their_people", "bodies", "conditions", "hearings", "papers"):
        setattr(contact, name, form[name].chosen)
