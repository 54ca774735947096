"""Form base class and fields shared by the domains."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import render_template
from flask_wtf import FlaskForm
from wtforms import SelectChoice, TextAreaField
from wtforms.validators import ValidationError


def options(rows) -> list[SelectChoice]:
    """Select options from ``(value, label)`` or ``(value, label, group)`` rows."""
    return [SelectChoice(row[0], row[1], optgroup=row[2] if len(row) > 2 else None)
            for row in rows]


class Form(FlaskForm):
    """Base for every form: CSRF from Flask-WTF, messages from WTForms' Norwegian catalogue."""

    class Meta:
        locales = ("nb_NO", "nb")


class ConfirmForm(Form):
    """A form with nothing but the CSRF token, for deletes and logout."""


class LinesField(TextAreaField):
    """A text area whose data is a list of its non-empty lines."""

    def _value(self) -> str:
        return "\n".join(self.data or [])

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = [line.strip() for line in valuelist[0].splitlines() if line.strip()]
        else:
            self.data = []


def web_addresses(form, field) -> None:
    """Validate that every line of a ``LinesField`` is an http(s) address."""
    for line in field.data or []:
        parts = urlsplit(line)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in line:
            raise ValidationError(
                f"«{line}» er ikke en gyldig nettadresse. Skriv én adresse per linje, "
                "og begynn med https://."
            )


def render_form(template: str, **context):
    """Render a page with a ``form``; status 422 when the submitted form had errors."""
    return render_template(template, **context), 422 if context["form"].errors else 200
