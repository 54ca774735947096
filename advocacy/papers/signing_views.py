"""Pages for co-signing: staff invite organisations; partners sign, decline or withdraw."""

from __future__ import annotations

from datetime import date

import click
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from advocacy.auth.models import Organisation
from advocacy.auth.permissions import can, require
from advocacy.extensions import db
from advocacy.formatting import date_nb
from advocacy.inputs import parse_int
from advocacy.notify import mail
from advocacy.papers import markdown, notices, signing, textdiff
from advocacy.papers.models import Answer, Invitation, PaperRevision, PositionPaper
from advocacy.papers.signing_forms import (AnswerForm, DeclineForm, InviteForm, RemindForm,
                                           ShareForm, SignForm, WithdrawForm)
from advocacy.papers.comment_views import open_comment_count
from advocacy.papers.views import visible_paper_or_404

bp = Blueprint("signing", __name__)


@bp.cli.command("send-notices")
def send_notices_command() -> None:
    """Mail advisers the partners' answers that have waited the delay (as the scheduler does)."""
    report = notices.run_notices()
    for email, sent in report.sent.items():
        click.echo(f"Sendt til {email}: {len(sent)} svar")  # i18n: not ui
    for email, error in report.failed.items():
        click.echo(f"Ikke sendt til {email} (prøves igjen): {error}")  # i18n: not ui
    if not report.sent and not report.failed:
        click.echo("Ingen svar å varsle om nå.")  # i18n: not ui


@bp.app_context_processor
def signing_helpers():
    """What ``papers/_signatures.html`` needs on the paper page."""
    return {"signature_rows": lambda paper: signing.signature_rows(paper, current_user),
            "signing_summary": signing.summary, "reminded_today": signing.reminded_today}


#: The invite page's groups of organisations: (legend, kinds); the rest come last.
INVITE_GROUPS = ((_l("Kommuner"), ("municipality",)), (_l("Regionråd"), ("regional_council",)))


@bp.route("/papers/<int:paper_id>/invitations", methods=["GET", "POST"], endpoint="invite")
def invite(paper_id: int):
    """Choose organisations and a sign-by date; the buttons «Velg alle kommuner» and «Vis
    hvem som mottar» re-render the page (no script needed), «Send invitasjoner» invites."""
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    rows = _organisation_rows()
    form = InviteForm(organisations=_organisation_options(paper, rows))
    action = request.form.get("action", "send") if request.method == "POST" else ""
    if request.method == "GET":
        form.sign_by.data = signing.default_sign_by(paper)
    elif action == "select_municipalities":
        chosen = set(form.organisation_ids.data or ())
        form.organisation_ids.data = [org_id for org_id, _name, kind in rows
                                      if org_id in chosen or kind == "municipality"]
    elif action == "check":
        pass
    elif form.validate_on_submit():
        try:
            result = signing.invite(paper, signing.organisations_by_ids(form.organisation_ids.data),
                                    form.sign_by.data, current_user)
        except signing.SigningError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            _flash_invited(result)
            return redirect(url_for("papers.detail", paper_id=paper.id, _anchor="medsignering"))
    return _invite_page(paper, form, rows)


def _organisation_rows() -> list[tuple[int, str, str]]:
    """(id, name, kind) of every organisation, by name."""
    return [tuple(row) for row in db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind).order_by(Organisation.name))]


def _invite_page(paper: PositionPaper, form: InviteForm, rows):
    kinds = {org_id: kind for org_id, _name, kind in rows}
    names = {org_id: name for org_id, name, _kind in rows}
    grouped = {kind for _legend, group_kinds in INVITE_GROUPS for kind in group_kinds}
    groups = [(legend, kinds_) for legend, kinds_ in INVITE_GROUPS
              if any(k in kinds_ for k in kinds.values())]
    groups.append((_("Andre organisasjoner"), tuple(sorted(set(kinds.values()) - grouped))))
    invited = {i.organisation_id for i in paper.invitations}
    reach = signing.reach_of(kinds)
    selected = [org_id for org_id in (form.organisation_ids.data or ()) if org_id in kinds
                and org_id not in invited]
    sign_by = form.sign_by.data if not form.sign_by.errors else None
    milestone = signing.sign_by_milestone(paper.hearing) if paper.hearing else None
    warnings = signing.sign_by_warnings(paper, sign_by) if isinstance(sign_by, date) else []
    status = 422 if form.errors else 200
    return render_template(
        "papers/invite.html", form=form, paper=paper, groups=groups, kinds=kinds, reach=reach,
        invited=invited, milestone=milestone, warnings=warnings,
        unreachable=[names[i] for i in selected if reach.get(i) == signing.NOBODY],
        via_contacts=[names[i] for i in selected if reach.get(i) == signing.CONTACTS],
        checked=request.method == "POST"), status


@bp.route("/papers/<int:paper_id>/sign", methods=["GET", "POST"], endpoint="sign")
def sign(paper_id: int):
    paper = _paper_to_answer(paper_id)
    form = SignForm()
    if request.method == "GET":
        form = _prefilled_sign_form(paper)
    elif form.validate_on_submit():
        try:
            warnings = signing.sign(paper, current_user, name=form.name.data,
                                    title=form.title.data, mandate=form.mandate.data,
                                    organisation=_claimed_organisation(form))
        except signing.SigningError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            organisation = current_user.organisation.name
            _flash_answered(_("Uttalelsen er signert for %(organisation)s.",
                              organisation=organisation), warnings)
            return redirect(url_for("papers.detail", paper_id=paper.id, _anchor="medsignering"))
    return _sign_page(paper, form, DeclineForm(formdata=None, data=_own_organisation()))


@bp.route("/papers/<int:paper_id>/decline", methods=["POST"], endpoint="decline")
def decline(paper_id: int):
    paper = _paper_to_answer(paper_id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            warnings = signing.decline(paper, current_user, comment=form.comment.data,
                                       organisation=_claimed_organisation(form))
        except signing.SigningError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            organisation = current_user.organisation.name
            _flash_answered(_("%(organisation)s har takket nei til å signere uttalelsen.",
                              organisation=organisation), warnings)
            return redirect(url_for("papers.detail", paper_id=paper.id, _anchor="medsignering"))
    return _sign_page(paper, _prefilled_sign_form(paper), form)


@bp.route("/papers/<int:paper_id>/withdraw", methods=["POST"], endpoint="withdraw")
def withdraw(paper_id: int):
    paper = _paper_to_answer(paper_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            signing.withdraw(paper, current_user, organisation=_claimed_organisation(form))
        except signing.SigningError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Svaret fra %(organisation)s er trukket tilbake.",
                    organisation=current_user.organisation.name), "success")
    return redirect(url_for("papers.detail", paper_id=paper.id, _anchor="medsignering"))


@bp.route("/invitations/<int:invitation_id>/share", methods=["POST"], endpoint="share")
def share(invitation_id: int):
    invitation, paper = _invitation_to_manage(invitation_id)
    form = ShareForm()
    if form.validate_on_submit():
        shared = form.shared.data == "1"
        try:
            signing.share_comment(invitation, shared)
        except signing.SigningError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            name = invitation.organisation.name
            flash(_("Kommentaren fra %(organisation)s er delt med partnerne.", organisation=name)
                  if shared else _("Kommentaren fra %(organisation)s vises ikke lenger for "
                                   "partnerne.", organisation=name), "success")
    else:
        flash(_("Ugyldig valg; ingenting er endret."), "error")
    return redirect(url_for("papers.detail", paper_id=paper.id, _anchor="medsignering"))


@bp.route("/invitations/<int:invitation_id>/remind", methods=["POST"], endpoint="remind")
def remind(invitation_id: int):
    invitation, paper = _invitation_to_manage(invitation_id)
    form = RemindForm()
    if form.validate_on_submit():
        try:
            addresses = signing.remind(invitation, current_user)
        except signing.SigningError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Påminnelse sendt til %(organisation)s (%(addresses)s).",
                    organisation=invitation.organisation.name, addresses=", ".join(addresses)),
                  "success")
            _flash_mail_failures()
    else:
        flash(_("Ugyldig skjema; ingen påminnelse er sendt."), "error")
    return redirect(url_for("papers.detail", paper_id=paper.id, _anchor="medsignering"))


def _paper_to_answer(paper_id: int) -> PositionPaper:
    """The paper, if the current user may answer for their organisation (404/403 otherwise).

    Partners of an invited organisation get through on a final paper too, so that the
    service refuses them with its reason rather than a bare 403.
    """
    paper = visible_paper_or_404(paper_id)
    if not can("sign", paper) and not (paper.is_locked
                                       and signing.is_answerer(paper, current_user)):
        abort(403)
    return paper


def _own_organisation() -> dict:
    return {"organisation_id": str(current_user.organisation_id)}


def _claimed_organisation(form: AnswerForm) -> Organisation | None:
    """The organisation the form says it answers for; ``None`` when it does not say."""
    value = (form.organisation_id.data or "").strip()
    if not value:
        return None
    organisation_id = parse_int(value, minimum=1)
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None:
        raise signing.SigningError(_("Ukjent organisasjon; ingenting er lagret."))
    return organisation


def _prefilled_sign_form(paper: PositionPaper) -> SignForm:
    """Name and title from the user's last signature on any paper (else the account's
    name); the mandate too when it is this paper's own earlier signature."""
    invitation = signing.invitation_for(paper, current_user)
    data = _own_organisation() | {"name": current_user.name}
    last = signing.last_signature(current_user)
    if last is not None:
        data |= {"name": last.signer_name or current_user.name, "title": last.signer_title}
    if invitation is not None and invitation.answer == "signed":
        data |= {"name": invitation.signer_name, "title": invitation.signer_title,
                 "mandate": invitation.mandate}
    return SignForm(formdata=None, data=data)


def _sign_page(paper: PositionPaper, form: SignForm, decline_form: DeclineForm):
    invitation = signing.invitation_for(paper, current_user)
    state = signing.state_of(invitation)
    signed = _signed_revision(paper, invitation) if state == "stale" else None
    changes = None
    if signed is not None:
        changes = textdiff.compare(signed.title, signed.sections, paper.current.title,
                                   paper.current.sections)
    has_errors = bool(form.errors or decline_form.errors)
    return render_template(
        "papers/sign.html", paper=paper, invitation=invitation, state=state, form=form,
        decline_form=decline_form, withdraw_form=WithdrawForm(formdata=None,
                                                              data=_own_organisation()),
        changes=changes, signed_revision=signed, refusal=signing.refusal(paper, current_user),
        is_late=signing.is_past_sign_by(invitation),
        comment_count=open_comment_count(paper, current_user),
        render_markdown=lambda body: markdown.to_html(markdown.parse(body)),
    ), 422 if has_errors else 200


def _signed_revision(paper: PositionPaper, invitation: Invitation) -> PaperRevision | None:
    """The earlier revision whose text the organisation signed (by its hash), if any."""
    current = paper.current
    if invitation.answer != Answer.SIGNED or invitation.signed_hash == current.content_hash:
        return None
    signed = invitation.revision
    if signed is not None and signed.content_hash == invitation.signed_hash:
        return signed
    return next((r for r in reversed(paper.revisions)
                 if r.number < current.number and r.content_hash == invitation.signed_hash), None)


def _organisation_options(paper: PositionPaper, rows) -> list[tuple[int, str]]:
    """Every organisation; those already invited say so and when their deadline is."""
    invited = {i.organisation_id: i for i in paper.invitations}
    return [(org_id, _("%(name)s (invitert, frist %(date)s)", name=name,
                       date=date_nb(invited[org_id].sign_by))
             if org_id in invited else name) for org_id, name, _kind in rows]


def _flash_invited(result: signing.InviteResult) -> None:
    if result.invited:
        flash(_("Invitert til å signere: %(organisations)s.",
                organisations=", ".join(o.name for o in result.invited)), "success")
    if result.moved:
        flash(_("Ny frist for: %(organisations)s.",
                organisations=", ".join(o.name for o in result.moved)), "success")
    for organisation, addresses in result.via_contacts:
        flash(_("%(organisation)s har ingen aktive brukere. Invitasjonen gikk til "
                "%(addresses)s, med lenke for å opprette en brukerkonto.",
                organisation=organisation.name, addresses=", ".join(addresses)), "success")
    if result.milestone_moved:
        flash(_("Høringens internfrist «Partnere signerer innen» er flyttet til den nye "
                "fristen."), "success")
    for warning in result.warnings:
        flash(warning, "error")
    _flash_mail_failures()


def _flash_answered(message: str, warnings: list[str]) -> None:
    flash(message, "success")
    for warning in warnings:
        flash(warning, "error")
    _flash_mail_failures()


def _flash_mail_failures() -> None:
    """The answer is saved either way; say so when its mail could not go."""
    failed = mail.failures(db.session)
    if failed:
        flash(_("Endringen er lagret, men %(count)d e-post(er) kunne ikke sendes.",
                count=len(failed)), "error")


def _invitation_to_manage(invitation_id: int) -> tuple[Invitation, PositionPaper]:
    """An invitation and its paper, for staff who may edit the paper; else 404 or 403."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        abort(404)
    paper = visible_paper_or_404(invitation.paper_id)
    require("edit", paper)
    return invitation, paper
