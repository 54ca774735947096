"""The forms of the panel «Notater og vedlegg»."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from advocacy.attachments import filetypes
from advocacy.attachments.models import NOTE_MAX_LENGTH
from advocacy.forms import Form


class NoteForm(Form):
    """A short note."""

    note_body = TextAreaField(
        _l("Notat"), validators=[
            DataRequired(_l("Skriv notatet.")),
            Length(max=NOTE_MAX_LENGTH,
                   message=_l("Notatet kan være på høyst %(num)d tegn.", num=NOTE_MAX_LENGTH))],
        render_kw={"rows": 3, "maxlength": NOTE_MAX_LENGTH},
        description=_l("Høyst %(num)d tegn.", num=NOTE_MAX_LENGTH))


class FileForm(Form):
    """One file to attach."""

    attachment_file = FileField(_l("Fil"), validators=[FileRequired(_l("Velg en fil."))],
                                render_kw={"accept": filetypes.ACCEPT_ATTRIBUTE})

    def __init__(self, *args, **kwargs):
        from advocacy.attachments.services import max_bytes

        super().__init__(*args, **kwargs)
        self.attachment_file.description = _(
            "%(types)s, høyst %(size)s.", types=filetypes.ACCEPTED,
            size=filetypes.size_label(max_bytes()))
