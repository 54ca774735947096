"""Uploading a Word draft to a paper as a new revision."""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy.exc import OperationalError
from wtforms import HiddenField

from advocacy.attachments.filetypes import size_label
from advocacy.auth.permissions import require
from advocacy.extensions import db
from advocacy.forms import Form, render_form
from advocacy.papers import docx_import, services
from advocacy.papers.revision_views import base_number
from advocacy.papers.views import bp, visible_paper_or_404

#: The config key of the largest .docx accepted, in bytes, and its default.
MAX_BYTES_KEY = "DOCX_IMPORT_MAX_BYTES"  # i18n: not ui
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Room for the CSRF token and the multipart framing around the file.
_FORM_OVERHEAD = 64 * 1024


class ImportForm(Form):
    document = FileField(
        _l("Word-dokument (.docx)"),
        validators=[FileRequired(_l("Velg et Word-dokument (.docx) å lese inn."))],
        render_kw={"accept": ".docx,application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document"})
    #: The version that was current when the page was shown: the document replaces that
    #: one, never a newer version someone saved in the meantime.
    base_number = HiddenField()


def _form() -> ImportForm:
    form = ImportForm()
    form.document.description = _(
        "En .docx-fil på høyst %(size)s. Dokumenter med makroer (.docm) og eldre Word-filer "
        "(.doc) tas ikke imot.", size=size_label(max_bytes()))
    return form


def max_bytes() -> int:
    """The largest .docx accepted (``DOCX_IMPORT_MAX_BYTES``)."""
    return int(current_app.config.get(MAX_BYTES_KEY) or DEFAULT_MAX_BYTES)


def _upload_limit() -> None:
    """Let an upload be as large as the import's limit, even above MAX_CONTENT_LENGTH."""
    if request.endpoint == "papers.import_docx":
        app_limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if app_limit is not None:
            request.max_content_length = max(app_limit, max_bytes() + _FORM_OVERHEAD)


@bp.record_once
def _limit_before_csrf(state) -> None:
    # CSRFProtect's hook reads the form under the limit in force then: set ours before it.
    state.app.before_request_funcs.setdefault(None, []).insert(0, _upload_limit)


@bp.route("/<int:paper_id>/import", methods=["GET", "POST"], endpoint="import_docx")
def import_docx(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    if paper.is_locked and request.method == "GET":
        flash(_("Uttalelsen er endelig; teksten kan ikke lenger endres."), "error")
        return redirect(url_for(".detail", paper_id=paper.id))
    form = _form()
    if request.method == "GET":
        form.base_number.data = paper.current.number
    if request.method == "POST" and paper.is_locked:
        return _refused(paper, form, LOCKED_NOTICE, 409)
    if not form.validate_on_submit():
        return render_form("papers/import.html", form=form, paper=paper)
    data = form.document.data.stream.read(max_bytes() + 1)
    try:
        if len(data) > max_bytes():
            raise docx_import.DocxImportError(_(
                "Filen er større enn %(size)s, som er det største et Word-dokument kan være "
                "her. Ingenting er lest inn.", size=size_label(max_bytes())))
        result = docx_import.read_docx(data)
    except docx_import.DocxImportError as error:
        form.document.errors.append(str(error))
        return render_form("papers/import.html", form=form, paper=paper)
    # A missing or garbled number is no version: save_revision answers with a Conflict.
    return _save(paper, form, result, base_number(form.base_number.data))


def _save(paper, form: ImportForm, result: docx_import.ImportResult, base: int | None):
    """Save the read sections as the next revision after ``base``, keeping the title."""
    current = paper.current
    try:
        saved = services.save_revision(paper, title=current.title, sections=result.sections,
                                       author=current_user, base_number=base)
        if not isinstance(saved, services.Conflict):
            db.session.commit()
    except services.PaperLocked:
        db.session.rollback()
        return _refused(paper, form, LOCKED_NOTICE, 409)
    except OperationalError:
        db.session.rollback()
        current_app.logger.warning("importing a document into paper %s failed", paper.id,
                                   exc_info=True)
        response = _refused(paper, form, BUSY_NOTICE, 503)
        response.headers["Retry-After"] = "2"
        return response
    if isinstance(saved, services.Conflict):
        newest = saved.theirs.number
        db.session.rollback()
        form.base_number.data = newest  # after a look at it, the upload may replace it
        if base is None or not 0 < base < newest:
            return _refused(paper, form, NO_BASE_NOTICE, 409)
        return _refused(paper, form, _(
            "Noen andre lagret en ny versjon av teksten (versjon %(number)d) etter at du "
            "åpnet denne siden. Ingenting er lagret. Se på den nye versjonen, og last opp "
            "dokumentet igjen hvis det fortsatt skal erstatte teksten.",
            number=newest), 409, changes={"old": base, "new": newest})
    if saved is None:
        flash(_("Dokumentet har samme tekst som versjon %(number)d. Ingen ny versjon er lagret.",
                number=current.number), "success")
    else:
        flash(_("Word-dokumentet er lest inn og lagret som versjon %(number)d.",
                number=saved.number), "success")
    if notes := docx_import.notes(result.dropped):
        flash(_("Dette fra dokumentet er fjernet eller forenklet: %(notes)s.",
                notes="; ".join(notes)), "info")
    return redirect(url_for(".detail", paper_id=paper.id))


LOCKED_NOTICE = _l("Uttalelsen er endelig eller sendt inn, så teksten kan ikke lenger endres. "
                   "Dokumentet er ikke lest inn.")
NO_BASE_NOTICE = _l("Dokumentet er ikke lest inn, fordi det ikke gikk fram hvilken versjon "
                    "av teksten som var gjeldende da du åpnet siden. Ingenting er lagret. Se "
                    "på den gjeldende versjonen, og last opp dokumentet igjen hvis det "
                    "fortsatt skal erstatte teksten.")
BUSY_NOTICE = _l("Dokumentet ble ikke lest inn fordi databasen var opptatt med en annen "
                 "lagring. Ingenting er endret. Last opp dokumentet igjen.")


def _refused(paper, form: ImportForm, notice, status: int, changes: dict | None = None):
    """The import page again, saying why nothing was saved (and linking ``changes``, the
    versions {"old", "new"} to compare)."""
    return make_response(render_template("papers/import.html", form=form, paper=paper,
                                         notice=notice, changes=changes), status)
