"""Pages for backing the county's position on a condition (``support``): the panel on the
condition page, a partner's answer, withdrawing it, staff opening a condition for support,
and the list «Stå sammen» of conditions open for support."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from advocacy import panels
from advocacy.auth.models import Role
from advocacy.auth.permissions import can, require, requires
from advocacy.conditions import support
from advocacy.conditions.models import FrameworkCondition
from advocacy.conditions.support import ConditionSupport, Stance
from advocacy.conditions.support_forms import SupportForm
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form

bp = Blueprint("support", __name__)


@dataclass
class SupportPanel:
    """What the condition page shows of who backs our position."""

    condition: FrameworkCondition
    backers: list[ConditionSupport]
    #: Answers that do not back the position: only for county users.
    not_backing: list[ConditionSupport]
    municipalities_backing: int
    municipalities: int
    #: The partner's own organisation's standing answer.
    own: ConditionSupport | None
    #: The partner's form, when they may answer.
    form: SupportForm | None
    may_withdraw: bool


def _panel_for(condition: FrameworkCondition, form: SupportForm | None = None) -> SupportPanel:
    answers = [a for a in support.answers_for(condition.id) if can("view", a)]
    is_partner = current_user.role == Role.PARTNER
    own = next((a for a in answers if is_partner
                and a.organisation_id == current_user.organisation_id), None)
    row = own or support.row_for(condition, current_user)
    if form is None and can("answer", row):
        form = SupportForm(obj=own) if own else SupportForm()
    backers = [a for a in answers if a.stance == Stance.BACKS]
    return SupportPanel(
        condition=condition, backers=backers,
        not_backing=[a for a in answers if a.stance != Stance.BACKS],
        municipalities_backing=sum(1 for a in backers if a.organisation.kind == "municipality"),
        municipalities=support.municipality_count(), own=own,
        form=form if can("answer", row) else None, may_withdraw=can("withdraw", row))


@panels.register("condition", "support/_panel.html")
def condition_support(condition: FrameworkCondition) -> SupportPanel | None:
    """Who backs the county's position; nothing for a condition never opened for support."""
    panel = _panel_for(condition)
    if not (condition.open_for_support or panel.backers or panel.not_backing
            or panel.own or can("edit")):
        return None
    return panel


def _condition_or_404(condition_id: int) -> FrameworkCondition:
    return db.session.get(FrameworkCondition, condition_id) or abort(404)


def _back(condition: FrameworkCondition):
    return redirect(url_for("conditions.detail", condition_id=condition.id, _anchor="stotte"))


@bp.route("/conditions/<int:condition_id>/stotte", methods=["GET", "POST"])
def answer(condition_id: int):
    """A partner's answer for their organisation (the form is on the condition page too;
    this page shows it again with the errors)."""
    condition = _condition_or_404(condition_id)
    row = support.row_for(condition, current_user)
    require("answer", row)
    form = SupportForm(obj=row if row.id is not None and row.is_active else None)
    if form.validate_on_submit():
        try:
            support.answer(condition, current_user, support.Answer(
                stance=form.stance.data, local_example=form.local_example.data or "",
                decided_by=form.decided_by.data or "", reason=form.reason.data or ""))
        except support.NotOpen:
            db.session.rollback()
            abort(403)
        db.session.commit()
        flash(_("Svaret er lagret.") if form.stance.data == Stance.BACKS
              else _("Svaret er lagret: dere støtter ikke standpunktet."), "success")
        return _back(condition)
    return render_form("support/form.html", form=form, condition=condition,
                       organisation=current_user.organisation)


@bp.route("/conditions/<int:condition_id>/stotte/trekk", methods=["POST"])
def withdraw(condition_id: int):
    condition = _condition_or_404(condition_id)
    require("withdraw", support.row_for(condition, current_user))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    support.withdraw(condition, current_user)
    db.session.commit()
    flash(_("Svaret er trukket tilbake."), "success")
    return _back(condition)


@bp.route("/conditions/<int:condition_id>/stotte/apne", methods=["POST"])
@requires("edit")
def set_open(condition_id: int):
    """Staff open the condition for support, or close it (answers given stay)."""
    condition = _condition_or_404(condition_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    is_open = request.form.get("open") == "1"
    if condition.open_for_support != is_open:
        condition.open_for_support = is_open
        db.session.commit()
    flash(_("Rammebetingelsen er åpen for støtte fra partnerne.") if is_open
          else _("Rammebetingelsen er lukket for nye svar. Svarene som er gitt, står."),
          "success")
    return _back(condition)


@bp.route("/sta-sammen")
def overview():
    """The conditions open for support, with how many back each and the own answer."""
    conditions = list(db.session.scalars(support.open_conditions()))
    ids = [c.id for c in conditions]
    own = {}
    if current_user.role == Role.PARTNER and current_user.organisation_id is not None:
        own = support.own_answers(current_user.organisation_id, ids)
    return render_template("support/overview.html", conditions=conditions,
                           counts=support.backing_counts(ids), own=own,
                           municipalities=support.municipality_count())
