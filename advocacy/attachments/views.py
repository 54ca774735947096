"""Routes: add and remove notes and files on a registered object, download a file; and
``flask attachments check``."""

from __future__ import annotations

import click
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from advocacy.attachments import filetypes, registry, services, storage
from advocacy.attachments.forms import FileForm, NoteForm
from advocacy.attachments.models import Attachment, Note
from advocacy.exports import content_disposition
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form

bp = Blueprint("attachments", __name__, url_prefix="/attachments")

#: Room for the form's other fields and the multipart framing around the file.
_FORM_OVERHEAD = 64 * 1024
#: The panel's anchor on the owner's page.
ANCHOR = "#notater-og-vedlegg"  # i18n: not ui


def _visible_owner_or_404(owner_type: str, owner_id: int):
    """The registered owner type and its object, if the current user may see it."""
    owner = registry.owner_type(owner_type)
    obj = owner.get(owner_id) if owner is not None else None
    if obj is None or not services.may_view(current_user, obj):
        abort(404)
    return owner, obj


def _addable_owner(owner_type: str, owner_id: int):
    owner, obj = _visible_owner_or_404(owner_type, owner_id)
    if not services.may_add(current_user, owner, obj):
        abort(403)
    return owner, obj


@bp.route("/<owner_type>/<int:owner_id>/notes", methods=["GET", "POST"], endpoint="add_note")
def add_note(owner_type: str, owner_id: int):
    owner, obj = _addable_owner(owner_type, owner_id)
    form = NoteForm()
    if form.validate_on_submit():
        services.add_note(current_user, owner, obj, form.note_body.data)
        db.session.commit()
        flash(_("Notatet er lagret."), "success")
        return redirect(owner.url(obj) + ANCHOR)
    return render_form("attachments/note_form.html", form=form, owner=owner, obj=obj)


def _upload_limit() -> None:
    """Let an upload be as large as ATTACHMENT_MAX_BYTES, whatever MAX_CONTENT_LENGTH says."""
    if request.endpoint == "attachments.upload":
        request.max_content_length = services.max_bytes() + _FORM_OVERHEAD


@bp.record_once
def _limit_before_csrf(state) -> None:
    # CSRFProtect's hook reads the form, and with it the whole body under the limit in
    # force then: the upload's own limit must be set before it.
    state.app.before_request_funcs.setdefault(None, []).insert(0, _upload_limit)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    limit_text = filetypes.size_label(services.max_bytes())
    if request.endpoint != "attachments.upload":
        return render_template("errors/error.html", code=413, title=_("For stor forespørsel"),
                               text=_("Det du sendte, er for stort. Ingenting ble lagret.")), 413
    owner, obj = _addable_owner(**request.view_args)
    return render_template(
        "attachments/upload.html", form=FileForm(formdata=None), owner=owner, obj=obj,
        too_large=_("Filen er større enn %(size)s, som er det største et vedlegg kan være. "
                    "Ingenting ble lagret.", size=limit_text)), 413


@bp.route("/<owner_type>/<int:owner_id>/files", methods=["GET", "POST"], endpoint="upload")
def upload(owner_type: str, owner_id: int):
    owner, obj = _addable_owner(owner_type, owner_id)
    form = FileForm()
    if form.validate_on_submit():
        upload = form.attachment_file.data
        try:
            # The request's size limit (``_upload_limit``) bounds what is read here.
            attachment = services.add_attachment(current_user, owner, obj, upload.filename or "",
                                                 upload.read())
        except filetypes.RefusedFile as refusal:
            form.attachment_file.errors.append(str(refusal))
        else:
            db.session.commit()
            flash(_("«%(filename)s» er lagt ved.", filename=attachment.filename), "success")
            return redirect(owner.url(obj) + ANCHOR)
    return render_form("attachments/upload.html", form=form, owner=owner, obj=obj)


def _visible_attachment_or_404(attachment_id: int):
    attachment = db.get_or_404(Attachment, attachment_id)
    owner, obj = _visible_owner_or_404(attachment.owner_type, attachment.owner_id)
    return attachment, owner, obj


@bp.route("/files/<int:attachment_id>", endpoint="download")
def download(attachment_id: int):
    attachment, _owner, _obj = _visible_attachment_or_404(attachment_id)
    path = storage.path_of(attachment.stored_name)
    if not path.is_file():
        current_app.logger.error("attachment %s has no file at %s", attachment.id, path)
        abort(404)
    response = send_file(path, mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.filename, conditional=False)
    response.headers["Content-Disposition"] = content_disposition(attachment.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/files/<int:attachment_id>/delete", methods=["POST"], endpoint="delete_file")
def delete_file(attachment_id: int):
    attachment, owner, obj = _visible_attachment_or_404(attachment_id)
    if not services.may_delete_attachment(current_user, attachment):
        abort(403)
    if ConfirmForm().validate_on_submit():
        name = attachment.filename
        db.session.delete(attachment)
        db.session.commit()
        flash(_("Vedlegget «%(filename)s» er slettet.", filename=name), "success")
    return redirect(owner.url(obj) + ANCHOR)


@bp.route("/notes/<int:note_id>/delete", methods=["POST"], endpoint="delete_note")
def delete_note(note_id: int):
    note = db.get_or_404(Note, note_id)
    owner, obj = _visible_owner_or_404(note.owner_type, note.owner_id)
    if not services.note_visible(current_user, note):
        abort(404)
    if not services.may_delete_note(current_user, note):
        abort(403)
    if ConfirmForm().validate_on_submit():
        db.session.delete(note)
        db.session.commit()
        flash(_("Notatet er slettet."), "success")
    return redirect(owner.url(obj) + ANCHOR)


@bp.cli.command("check")
@click.option("--remove", is_flag=True,
              help="Slett filer uten rad som er eldre enn en time.")  # i18n: not ui
def check_command(remove: bool) -> None:
    """Report files without a row and rows without a file (``flask attachments check``)."""
    orphans, missing = storage.check(db.session, remove=remove)
    folder = storage.root()
    for path in orphans:
        click.echo(f"Fil uten vedlegg i databasen: {path}")  # i18n: not ui
    for name in missing:
        click.echo(f"Vedlegg i databasen uten fil: {folder / name}")  # i18n: not ui
    if not orphans and not missing:
        click.echo(f"Alle vedlegg i {folder} stemmer med databasen.")  # i18n: not ui
    elif remove and orphans:
        click.echo("Filer uten vedlegg som er eldre enn en time, er slettet.")  # i18n: not ui
    if missing:
        raise SystemExit(1)
