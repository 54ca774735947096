"""Pages for partners' proposals of framework conditions and staff's review of them."""

from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from advocacy.auth.models import Organisation, Role
from advocacy.auth.permissions import can, require
from advocacy.conditions import proposals
from advocacy.conditions.forms import picker_search_requested
from advocacy.conditions.proposal_forms import (AcceptForm, DeclineForm, MergeForm,
                                                ProposalFilterForm, ProposalForm)
from advocacy.conditions.proposals import ConditionProposal
from advocacy.extensions import db
from advocacy.forms import render_form
from advocacy.notify import mail

bp = Blueprint("proposals", __name__, url_prefix="/forslag")


def _visible_or_404(proposal_id: int) -> ConditionProposal:
    """The proposal, if the current user may see it; 404 otherwise (even if it exists)."""
    proposal = db.session.get(ConditionProposal, proposal_id)
    if proposal is None or not can("view", proposal):
        abort(404)
    return proposal


@bp.route("/", endpoint="list")
def list_proposals():
    form = ProposalFilterForm(request.args)
    status = form.status.data if form.validate() else ""
    query = (select(ConditionProposal)
             .where(proposals.visible_clause(current_user))
             .options(joinedload(ConditionProposal.organisation))
             .order_by(ConditionProposal.created_at.desc(), ConditionProposal.id.desc()))
    if status:
        query = query.where(ConditionProposal.status == status)
    page = db.paginate(query, per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("proposals/list.html", form=form, page=page, is_filtered=bool(status),
                   may_propose=proposals.may_propose(current_user))


@bp.route("/ny", methods=["GET", "POST"], endpoint="add")  # i18n: not ui
def add():
    if not proposals.may_propose(current_user):
        abort(403)
    is_partner = current_user.role == Role.PARTNER
    # Staff choose the organisation; the list of organisations is short (a county's partners).
    choices = None if is_partner else [
        (o.id, o.name)
        for o in db.session.scalars(select(Organisation).order_by(Organisation.name))]
    form = ProposalForm(organisation_choices=choices)
    if not picker_search_requested(form) and form.validate_on_submit():
        proposal = ConditionProposal(
            organisation_id=current_user.organisation_id if is_partner
            else form.organisation_id.data,
            proposed_by_user_id=current_user.id, title=form.title.data.strip(),
            what_should_change=form.what_should_change.data.strip(),
            local_consequence=form.local_consequence.data.strip(),
            examples=(form.examples.data or "").strip(), measures=form.measures.chosen)
        proposal.set_owner(form.owner_body_id.chosen[0])
        db.session.add(proposal)
        db.session.commit()
        flash(_("Forslaget «%(title)s» er sendt. Du får e-post når det er behandlet.",
                title=proposal.title), "success")
        return redirect(url_for(".detail", proposal_id=proposal.id))
    return render_form("proposals/form.html", form=form)


@bp.route("/<int:proposal_id>", endpoint="detail")
def detail(proposal_id: int):
    proposal = _visible_or_404(proposal_id)
    return render_template("proposals/detail.html", proposal=proposal)


def _decidable(proposal_id: int) -> ConditionProposal | None:
    """The proposal for a decision page: 404 if unseen, 403 unless staff; ``None`` (with a
    message) if it was decided already."""
    proposal = _visible_or_404(proposal_id)
    require("decide", proposal)
    if not proposal.is_pending:
        flash(_("Forslaget er allerede behandlet (%(status)s); ingenting er endret.",
                status=str(proposal.status_label).lower()), "error")
        return None
    return proposal


@bp.route("/<int:proposal_id>/godta", methods=["GET", "POST"], endpoint="accept")
def accept(proposal_id: int):
    proposal = _decidable(proposal_id)
    if proposal is None:
        return redirect(url_for(".detail", proposal_id=proposal_id))
    form = AcceptForm(data={"title": proposal.title} if request.method == "GET" else None)
    if form.validate_on_submit():
        condition = proposals.accept(proposal, current_user, title=form.title.data,
                                     kind=form.kind.data, priority=form.priority.data,
                                     note=form.note.data or "")
        db.session.commit()
        _flash_sent(_("Forslaget er godtatt som rammebetingelsen «%(title)s».",
                      title=condition.title))
        return redirect(url_for("conditions.detail", condition_id=condition.id))
    return render_form("proposals/decide.html", form=form, proposal=proposal, decision="accept")


@bp.route("/<int:proposal_id>/slaa-sammen", methods=["GET", "POST"], endpoint="merge")
def merge(proposal_id: int):
    proposal = _decidable(proposal_id)
    if proposal is None:
        return redirect(url_for(".detail", proposal_id=proposal_id))
    form = MergeForm()
    if not picker_search_requested(form) and form.validate_on_submit():
        condition = form.condition_id.chosen[0]
        proposals.merge(proposal, current_user, condition, form.note.data or "")
        db.session.commit()
        _flash_sent(_("Forslaget er slått sammen med «%(title)s».", title=condition.title))
        return redirect(url_for(".detail", proposal_id=proposal.id))
    return render_form("proposals/decide.html", form=form, proposal=proposal, decision="merge")


@bp.route("/<int:proposal_id>/avslaa", methods=["GET", "POST"], endpoint="decline")
def decline(proposal_id: int):
    proposal = _decidable(proposal_id)
    if proposal is None:
        return redirect(url_for(".detail", proposal_id=proposal_id))
    form = DeclineForm()
    if form.validate_on_submit():
        proposals.decline(proposal, current_user, form.reason.data)
        db.session.commit()
        _flash_sent(_("Forslaget er avslått."))
        return redirect(url_for(".detail", proposal_id=proposal.id))
    return render_form("proposals/decide.html", form=form, proposal=proposal,
                       decision="decline")


def _flash_sent(done: str) -> None:
    if mail.failures(db.session):
        flash(_("%(done)s E-posten til forslagsstilleren kunne ikke sendes; gi beskjed på "
                "annen måte.", done=done), "error")
    else:
        flash(_("%(done)s Forslagsstilleren har fått e-post.", done=done), "success")

