"""The forms of the panel «Notater og vedlegg»."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from advocacy.attachments import filetypes
from advocacy.attachments.models import NOTE_MAX_LENGTH
from advocacy.forms import Form


class NoteForm(Form):
    """A short note."""

    note_body = TextAreaField(
        "Notat", validators=[DataRequired("Skriv notatet."),
                             Length(max=NOTE_MAX_LENGTH,
                                    message=f"Notatet kan være på høyst {NOTE_MAX_LENGTH} tegn.")],
        render_kw={"rows": 3, "maxlength": NOTE_MAX_LENGTH},
        description=f"Høyst {NOTE_MAX_LENGTH} tegn.")


class FileForm(Form):
    """One file to attach."""

    attachment_file = FileField("Fil", validators=[FileRequired("Velg en fil.")],
                     render_kw={"accept": filetypes.ACCEPT_ATTRIBUTE})

    def __init__(self, *args, **kwargs):
        from advocacy.attachments.services import max_bytes

        super().__init__(*args, **kwargs)
        self.attachment_file.description = (
            f"{filetypes.ACCEPTED}, høyst {filetypes.size_label(max_bytes())}.")
