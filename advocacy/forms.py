"""Form base class and fields shared by the domains."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from urllib.parse import urlsplit

from flask import render_template
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import ValidationError

from advocacy import clock, i18n
from advocacy.inputs import bounded_int, optional_int

__all__ = ["bounded_int", "optional_int"]  # the coerce of integer fields, re-exported

#: Every character ``str.splitlines`` breaks on, with the blanks around it.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+\s*")
#: Control characters no single-line text needs (tab is kept, NUL is refused earlier).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

#: Dates outside these years are typing errors, and some cannot be shown in Oslo time.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def options(rows) -> list[SelectChoice]:
    """Select options from ``(value, label)`` or ``(value, label, group)`` rows."""
    return [SelectChoice(row[0], row[1], optgroup=row[2] if len(row) > 2 else None)
            for row in rows]


class Form(FlaskForm):
    """Base for every form: CSRF from Flask-WTF, WTForms' own messages in the page's language."""

    class Meta:
        get_translations = i18n.form_translations


class ConfirmForm(Form):
    """A form with nothing but the CSRF token, for deletes and logout."""


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of check boxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class LinesField(TextAreaField):
    """A text area whose data is a list of its non-empty lines."""

    def _value(self) -> str:
        return "\n".join(self.data or [])

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = [line.strip() for line in valuelist[0].splitlines() if line.strip()]
        else:
            self.data = []


def single_line(value):
    """A filter: line breaks become one space, other control characters go."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", value))


class SingleLineField(StringField):
    """A text input whose value never holds a line break (titles, names, references).

    A line break pasted into a title would otherwise reach places that cannot hold one,
    such as the calendar feed's event names.
    """

    def __init__(self, label=None, validators=None, filters=(), **kwargs):
        super().__init__(label, validators, filters=(single_line, *filters), **kwargs)


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def web_address(form, field) -> None:
    """Validate that a field holds an http(s) address."""
    if field.data and not _is_web_address(field.data.strip()):
        raise ValidationError(_("«%(value)s» er ikke en gyldig nettadresse. "
                                "Begynn med https://.", value=field.data))


def web_addresses(form, field) -> None:
    """Validate that every line of a ``LinesField`` is an http(s) address."""
    for line in field.data or []:
        if not _is_web_address(line):
            raise ValidationError(
                _("«%(value)s» er ikke en gyldig nettadresse. Skriv én adresse per linje, "
                  "og begynn med https://.", value=line)
            )


def render_form(template: str, **context):
    """Render a page with a ``form``; status 422 when the submitted form had errors."""
    return render_template(template, **context), 422 if context["form"].errors else 200


class NorwegianDateField(StringField):
    """A date typed as dd.mm.åååå (yyyy-mm-dd is accepted too); ``data`` is a ``date``."""

    def __init__(self, label=None, validators=None, **kwargs):
        # ``data-date-input`` is what static/dateaid.js looks for to add its calendar aid.
        # No inputmode="numeric": a phone's number pad (iOS) has no "." to type dd.mm.åååå.
        kwargs["render_kw"] = {"autocomplete": "off",
                               "data-date-input": True, **(kwargs.get("render_kw") or {})}
        # Fields are bound per form instance, so the example is as current as the request.
        kwargs.setdefault("description", _("Skriv datoen som dd.mm.åååå, for eksempel "
                                           "%(example)s.",
                                           example=example_date().strftime("%d.%m.%Y")))
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d.%m.%Y") if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        text = valuelist[0].strip()
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                day = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValueError(_("«%(text)s» er utenfor det vi kan regne med. Skriv et "
                                   "årstall mellom %(first)s og %(last)s.",
                                   text=text, first=FIRST_YEAR, last=LAST_YEAR))
            self.data = day
            return
        raise ValueError(_date_problem(text))


def example_date() -> date:
    """A plausible date to show as an example: the 15th of next month."""
    today = clock.today()
    return date(today.year + today.month // 12, today.month % 12 + 1, 15)


_DATE_SHAPE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
MONTHS_NB = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember")


def _date_problem(text: str) -> str:
    """Why ``text`` is not a date: a day that does not exist, or the wrong shape."""
    shape = _DATE_SHAPE.fullmatch(text)
    if shape:
        day, month, year = (int(part) for part in shape.groups())
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return _("«%(text)s» er utenfor det vi kan regne med. Skriv et årstall mellom "
                     "%(first)s og %(last)s.", text=text, first=FIRST_YEAR, last=LAST_YEAR)
        if not 1 <= month <= 12:
            return _("«%(text)s» finnes ikke: et år har tolv måneder.", text=text)
        if day < 1 or day > calendar.monthrange(year, month)[1]:
            days = calendar.monthrange(year, month)[1]
            return _("«%(text)s» finnes ikke: %(month)s %(year)s har %(days)s dager.",
                     text=text, month=MONTHS_NB[month - 1], year=year, days=days)
    return _("«%(text)s» er ikke en gyldig dato. Skriv den som dd.mm.åååå.", text=text)


def sensible_year(form, field) -> None:
    """Validate that a date field's year lies between ``FIRST_YEAR`` and ``LAST_YEAR``."""
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_("Skriv et årstall mellom %(first)s og %(last)s.",
                                first=FIRST_YEAR, last=LAST_YEAR))


class TimeOfDayField(StringField):
    """A time typed as TT:MM; ``data`` is a ``time`` or ``None`` when left empty."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        text = valuelist[0].strip().replace(".", ":")
        try:
            self.data = datetime.strptime(text, "%H:%M").time()
        except ValueError:
            raise ValueError(_("«%(value)s» er ikke et gyldig klokkeslett. "
                               "Skriv det som tt:mm, for eksempel 12:00.",
                               value=valuelist[0])) from None
