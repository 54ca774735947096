"""Pages for submitting a paper, recording outcomes, and the county's Word template."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from advocacy import clock
from advocacy.auth.permissions import require, requires
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form
from advocacy.inputs import parse_int
from advocacy.papers import outcomes
from advocacy.papers import letterhead as letterheads
from advocacy.papers.docx_render import NORWEGIAN_STYLES, STYLE_USES, default_template
from advocacy.papers.letterhead_forms import LetterheadForm
from advocacy.papers.export import active_template, recipient_block
from advocacy.papers.models import OutcomeResult
from advocacy.papers.outcome_forms import OutcomesForm, SubmitForm, TemplateForm
from advocacy.papers.views import DOCX_MIMETYPE, visible_paper_or_404

bp = Blueprint("outcomes", __name__)


@bp.route("/papers/<int:paper_id>/submit", methods=["GET", "POST"], endpoint="submit")
def submit(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    if reason := outcomes.submission_refusal(paper):
        flash(reason, "error")
        return redirect(url_for("papers.detail", paper_id=paper.id))
    now = clock.now()
    form = SubmitForm(data={"submitted_on": now.date(), "submitted_time": now.time(),
                            "archive_year": str(now.year),
                            "recipient": paper.recipient or recipient_block(paper),
                            "is_exempt": paper.is_exempt,
                            "exemption_basis": paper.exemption_basis})
    if form.validate_on_submit():
        try:
            outcomes.submit(paper, outcomes.Submission(
                submitted_on=form.submitted_on.data, submitted_time=form.submitted_time.data,
                archive_year=form.archive_year.data, archive_sequence=form.archive_sequence.data,
                archive_document=form.archive_document.data, recipient=form.recipient.data,
                is_exempt=form.is_exempt.data, exemption_basis=form.exemption_basis.data))
        except outcomes.OutcomeError as error:
            db.session.rollback()
            _errors_for(form, error.field).append(str(error))
        else:
            db.session.commit()
            sent_at = paper.sent_at
            flash(_("Uttalelsen er markert som sendt inn %(date)s kl. %(time)s og arkivert som "
                    "%(reference)s.", date=sent_at.strftime("%d.%m.%Y"),
                    time=sent_at.strftime("%H:%M"), reference=paper.archive_reference),
                  "success")
            return redirect(url_for("papers.detail", paper_id=paper.id))
    return render_form("papers/submit.html", form=form, paper=paper)


@bp.route("/papers/<int:paper_id>/outcomes", methods=["GET", "POST"], endpoint="record")
def record(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    if reason := outcomes.outcome_refusal(paper):
        flash(reason, "error")
        return redirect(url_for("papers.detail", paper_id=paper.id))
    recorded = {o.condition_id: o for o in paper.outcomes}
    form = OutcomesForm(data={"rows": [_row_data(c.id, recorded.get(c.id))
                                       for c in paper.conditions]})
    if form.validate_on_submit() and _record_rows(paper, form):
        db.session.commit()
        flash(_("Gjennomslaget er lagret."), "success")
        return redirect(url_for("papers.detail", paper_id=paper.id) + "#gjennomslag")
    return render_form("papers/outcomes.html", form=form, paper=paper,
                       titles={str(c.id): c.title for c in paper.conditions})


def _row_data(condition_id: int, outcome) -> dict:
    if outcome is None:
        return {"condition_id": condition_id, "result": OutcomeResult.PENDING}
    return {"condition_id": condition_id, "result": outcome.result, "note": outcome.note,
            "decided_on": outcome.decided_on}


def _record_rows(paper, form: OutcomesForm) -> bool:
    """Record every row; if any is refused, put the reason on its field and save nothing."""
    refused = False
    for row in form.rows:
        values = row.form
        condition_id = parse_int(values.condition_id.data, minimum=1)
        condition = db.session.get(FrameworkCondition, condition_id) if condition_id else None
        try:
            outcomes.record_outcome(paper, condition, values.result.data, values.note.data,
                                    values.decided_on.data)
        except outcomes.OutcomeError as error:
            # A row for a condition the paper does not argue for shows the reason on its result.
            _errors_for(values, error.field if error.field != "condition_id" else "result"
                        ).append(str(error))
            refused = True
    if refused:
        db.session.rollback()
        # FieldList gathers its entries' errors only while validating; these came after.
        form.rows.errors = [row.errors for row in form.rows]
    return not refused


@bp.route("/admin/template", methods=["GET", "POST"], endpoint="template")
@requires("admin")
def template():
    form = TemplateForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            installed = outcomes.install_template(upload.filename, upload.read(), current_user)
        except outcomes.TemplateRefused as error:
            db.session.rollback()
            form.file.errors.append(str(error))
        else:
            db.session.commit()
            # Missing styles are named in the warning on the page itself, which stays.
            flash(_("Malen «%(filename)s» er tatt i bruk.", filename=installed.filename), "success")
            return redirect(url_for(".template"))
    return _template_page(form, _letterhead_form())


def _letterhead_form() -> LetterheadForm:
    """The letterhead form filled with what is stored (never with another form's post)."""
    stored = letterheads.current()
    if stored is None:
        return LetterheadForm(formdata=None)
    return LetterheadForm(formdata=None, data={
        "name": stored.name, "postal_address": stored.address_lines,
        "org_number": stored.org_number, "switchboard": stored.switchboard,
        "email": stored.email})


def _template_page(form: TemplateForm, letterhead_form: LetterheadForm):
    current = outcomes.current_template()
    return render_form("admin/template.html", form=form, current=current,
                       warning=outcomes.template_warning(current), reset_form=ConfirmForm(),
                       letterhead_form=letterhead_form, letterhead=letterheads.current(),
                       norwegian_styles=NORWEGIAN_STYLES, style_uses=STYLE_USES)


@bp.route("/admin/template/letterhead", methods=["POST"], endpoint="letterhead")
@requires("admin")
def save_letterhead():
    form = LetterheadForm()
    if form.validate_on_submit():
        upload = form.logo.data
        logo = None
        try:
            if upload and getattr(upload, "filename", ""):
                logo = letterheads.check_logo(upload.read())
        except letterheads.LogoError as error:
            form.logo.errors = [*form.logo.errors, str(error)]
        else:
            letterhead = letterheads.current_or_new()
            letterhead.name = form.name.data
            letterhead.postal_address = "\n".join(form.postal_address.data or [])
            letterhead.org_number = (form.org_number.data or "").strip()
            letterhead.switchboard = (form.switchboard.data or "").strip()
            letterhead.email = (form.email.data or "").strip()
            if logo is not None:
                letterhead.logo = logo
            elif form.remove_logo.data:
                letterhead.logo = None
            db.session.commit()
            flash(_("Brevhodet er lagret."), "success")
            return redirect(url_for(".template") + "#letterhead-heading")
    return _template_page(TemplateForm(formdata=None), form)


@bp.route("/admin/template/logo.png", endpoint="logo")
@requires("admin")
def logo():
    stored = letterheads.current()
    if stored is None or not stored.logo:
        abort(404)
    response = send_file(BytesIO(stored.logo), mimetype="image/png")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/admin/template/download", endpoint="download_template")
@requires("admin")
def download_template():
    current = outcomes.current_template()
    data = active_template() or default_template()
    return send_file(BytesIO(data), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=current.filename if current else _("brevmal.docx"))


@bp.route("/admin/template/default", methods=["POST"], endpoint="use_default")
@requires("admin")
def use_default():
    form = ConfirmForm()
    if form.validate_on_submit():
        if outcomes.use_default_template():
            db.session.commit()
            flash(_("Standardmalen brukes igjen."), "success")
        else:
            flash(_("Standardmalen er allerede i bruk."), "info")
    return redirect(url_for(".template"))


def _errors_for(form, field_name: str | None) -> list:
    """The error list of a field, or the form's own when the error is about no one field."""
    field = form._fields.get(field_name or "")
    return field.errors if field is not None else form.form_errors
