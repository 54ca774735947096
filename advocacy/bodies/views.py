"""The register of state bodies (/etater): staff list, add, edit, confirm and merge them."""

from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from flask_login import current_user

from advocacy import panels, picker_search
from advocacy.auth.permissions import requires, user_can
from advocacy.bodies import services
from advocacy.bodies.forms import BodyForm, MergeForm, PersonForm
from advocacy.bodies.models import BodyPerson, StateBody
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form

bp = Blueprint("bodies", __name__)

#: Matches shown by the search (the picker's, and the merge page's).
LIMIT = 20
_MAX_QUERY = 200


def _body_or_404(body_id: int) -> StateBody:
    return db.session.get(StateBody, body_id) or abort(404)


@bp.route("/etater/", endpoint="list")
@requires("edit")
def list_bodies():
    query = request.args.get("q", "").strip()[:_MAX_QUERY]
    unconfirmed = request.args.get("ubekreftet") == "1"
    page = db.paginate(services.body_query(query, unconfirmed_only=unconfirmed),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("bodies/list.html", page=page, query=query,
                           unconfirmed=unconfirmed, form=ConfirmForm())


@bp.route("/etater/ny", methods=["GET", "POST"], endpoint="add")  # i18n: not ui
@requires("edit")
def add():
    form = BodyForm()
    if request.method == "GET" and request.args.get("navn"):  # i18n: not ui
        form.name.data = request.args["navn"].strip()[:200]  # i18n: not ui
    if form.validate_on_submit():
        body = StateBody(kind=form.kind.data)
        _fill(body, form)
        db.session.add(body)
        db.session.commit()
        flash(_("«%(name)s» er lagt til i etatsregisteret.", name=body.label), "success")
        return redirect(url_for(".list", q=body.name))
    return render_form("bodies/form.html", form=form, body=None)


@bp.route("/etater/<int:body_id>/rediger", methods=["GET", "POST"], endpoint="edit")
@requires("edit")
def edit(body_id: int):
    body = _body_or_404(body_id)
    form = BodyForm(obj=body, body_id=body.id)
    if form.validate_on_submit():
        _fill(body, form)
        changed = services.refresh_labels(body)
        db.session.commit()
        if changed:
            flash(_("Endringene er lagret, og navnet er oppdatert på %(num)d rammebetingelser "
                    "og høringer.", num=changed), "success")
        else:
            flash(_("Endringene er lagret."), "success")
        return redirect(url_for(".detail", body_id=body.id))
    return render_form("bodies/form.html", form=form, body=body)


@bp.route("/etater/<int:body_id>", endpoint="detail")
@requires("edit")
def detail(body_id: int):
    body = _body_or_404(body_id)
    return render_template("bodies/detail.html", body=body,
                           people=services.people_of(body.id))


# --- People in a body -----------------------------------------------------------------------


def _person_or_404(person_id: int) -> BodyPerson:
    return db.session.get(BodyPerson, person_id) or abort(404)


@bp.route("/etater/<int:body_id>/personer/ny", methods=["GET", "POST"], endpoint="add_person")  # i18n: not ui
@requires("edit")
def add_person(body_id: int):
    body = _body_or_404(body_id)
    form = PersonForm()
    if form.validate_on_submit():
        person = BodyPerson(body=body)
        _fill_person(person, form)
        db.session.add(person)
        db.session.commit()
        flash(_("%(name)s er lagt til i %(body)s.", name=person.name, body=body.name), "success")
        return redirect(url_for(".detail", body_id=body.id))
    return render_form("bodies/person_form.html", form=form, body=body, person=None)


@bp.route("/etater/personer/<int:person_id>", endpoint="person")
@requires("edit")
def person(person_id: int):
    found = _person_or_404(person_id)
    return render_template("bodies/person.html", person=found, body=found.body,
                           form=ConfirmForm(), panels=panels.for_page("person", found))


@bp.route("/etater/personer/<int:person_id>/rediger", methods=["GET", "POST"],
          endpoint="edit_person")
@requires("edit")
def edit_person(person_id: int):
    found = _person_or_404(person_id)
    form = PersonForm(obj=found)
    if form.validate_on_submit():
        _fill_person(found, form)
        db.session.commit()
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for(".person", person_id=found.id))
    return render_form("bodies/person_form.html", form=form, body=found.body, person=found)


@bp.route("/etater/personer/<int:person_id>/slett", methods=["POST"], endpoint="delete_person")  # i18n: not ui
@requires("edit")
def delete_person(person_id: int):
    found = _person_or_404(person_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    body_id, name = found.body_id, found.name
    db.session.delete(found)
    db.session.commit()
    flash(_("%(name)s er fjernet fra etaten.", name=name), "success")
    return redirect(url_for(".detail", body_id=body_id))


@bp.route("/etater/<int:body_id>/bekreft", methods=["POST"], endpoint="confirm")
@requires("edit")
def confirm(body_id: int):
    body = _body_or_404(body_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    body.is_confirmed = True
    db.session.commit()
    flash(_("«%(name)s» er bekreftet.", name=body.label), "success")
    return redirect(url_for(".list", ubekreftet="1"))


@bp.route("/etater/<int:body_id>/sla-sammen", methods=["GET", "POST"], endpoint="merge")
@requires("edit")
def merge(body_id: int):
    body = _body_or_404(body_id)
    form = MergeForm(source_id=body.id)
    query = request.args.get("q", "").strip()[:_MAX_QUERY]
    if form.validate_on_submit():
        target = form.target
        moved = services.merge(body, target)
        db.session.commit()
        flash(_("«%(name)s» er slått sammen med «%(target)s»; %(num)d rammebetingelser og "
                "høringer er flyttet, og navnet er lagt til som et annet navn.",
                name=body.name, target=target.label, num=moved), "success")
        return redirect(url_for(".list", q=target.name))
    found = [b for b in services.search_bodies(query, LIMIT + 1) if b.id != body.id]
    return render_form("bodies/merge.html", form=form, body=body, query=query,
                       found=found[:LIMIT], has_more=len(found) > LIMIT)


@bp.route("/etater/sok", endpoint="search")
def search():
    """The first matches for ``?q=``: JSON for the picker's script, else a page of them."""
    query = request.args.get("q", "").strip()[:_MAX_QUERY]
    can_edit = user_can(current_user, "edit")
    return picker_search.answer(
        query, services.search_bodies(query, LIMIT + 1), LIMIT, title=_("Søk etter etater"),
        field_label=_("Navn eller kortnavn"), label=lambda b: b.label, hint=lambda b: b.hint,
        link=lambda b: url_for("bodies.edit", body_id=b.id) if can_edit else None,
        active="bodies")


def _fill(body: StateBody, form: BodyForm) -> None:
    body.name = form.name.data
    body.short_name = (form.short_name.data or "").strip() or None
    body.kind = form.kind.data
    body.is_confirmed = bool(form.is_confirmed.data)
    body.aliases = list(form.aliases.data or [])
    body.postal_address = "\n".join(form.postal_address.data or [])


def _fill_person(person: BodyPerson, form: PersonForm) -> None:
    person.name = form.name.data
    person.role = form.role.data
    person.party = form.party.data or ""
    person.committee = form.committee.data or ""
    person.email = (form.email.data or "").strip().lower()
    person.phone = form.phone.data or ""
    person.is_current = bool(form.is_current.data)
