"""The one date input: typed dd.mm.åååå, an example that is not in the past, the marker the
calendar aid (static/dateaid.js) looks for, and no other kind of date input in the app."""

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from advocacy import clock
from advocacy.forms import Form, NorwegianDateField, example_date
from tests.conftest import FIXED_NOW
from tests.helpers import text

ROOT = Path(__file__).resolve().parent.parent


class _DateForm(Form):
    class Meta:
        csrf = False

    day = NorwegianDateField("Dag")
    own = NorwegianDateField("Egen", description="Dagen det skjedde.",
                             render_kw={"placeholder": "dd.mm.åååå"})


@pytest.mark.parametrize("moment, expected", [
    (FIXED_NOW, "15.12.2026"),
    (datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc), "15.02.2027"),  # 1 January in Oslo
    (datetime(2026, 12, 31, 22, 30, tzinfo=timezone.utc), "15.01.2027"),  # still 31 December
    (datetime(2027, 1, 10, 12, 0, tzinfo=timezone.utc), "15.02.2027"),
])
def test_the_example_is_the_15th_of_next_month(app, moment, expected):
    clock.freeze(moment)
    try:
        assert f"{example_date():%d.%m.%Y}" == expected
        with app.test_request_context():
            form = _DateForm()
        assert form.day.description == f"Skriv datoen som dd.mm.åååå, for eksempel {expected}."
    finally:
        clock.freeze(FIXED_NOW)


def test_the_example_follows_the_clock_from_one_form_to_the_next(app):
    with app.test_request_context():
        before = _DateForm().day.description
        clock.freeze(datetime(2027, 5, 3, 8, 0, tzinfo=timezone.utc))
        try:
            after = _DateForm().day.description
        finally:
            clock.freeze(FIXED_NOW)
    assert "15.12.2026" in before and "15.06.2027" in after


def test_a_field_keeps_its_own_description_and_gets_the_marker(app):
    with app.test_request_context():
        form = _DateForm()
        day, own = str(form.day()), str(form.own())
    assert form.own.description == "Dagen det skjedde."
    for html in (day, own):
        assert "data-date-input" in html
        assert "inputmode" not in html  # a phone's number pad has no "." for dd.mm.åååå
        assert 'type="text"' in html
    assert 'placeholder="dd.mm.åååå"' in own


def test_the_hearing_form_shows_a_current_example_and_the_marker(client, login_as):
    login_as("staff")
    page = text(client.get("/hearings/new"))
    assert "for eksempel 15.12.2026." in page
    assert "15.08.2025" not in page
    assert len(re.findall(r"<input[^>]*data-date-input", page)) == 2
    assert 'type="date"' not in page  # the calendar aid is added by script only


def test_every_date_input_is_a_norwegian_date_field():
    """No WTForms DateField and no raw date input: one style everywhere."""
    offenders = []
    for path in [*ROOT.joinpath("advocacy").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.html")]:
        source = path.read_text(encoding="utf-8")
        for line in source.splitlines():
            if (re.search(r"(?<!Norwegian)(?<!\w)DateField\b|DateTimeField\b|DateTimeLocalField\b", line)
                    or re.search(r"""type=["']?(date|datetime-local)\b""", line)):
                offenders.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert offenders == []
