"""The shared input checks: bounded integer URLs and arguments, the NUL guard, single-line
titles, and a calendar feed that survives a line break in a title."""

from datetime import date

import icalendar
import pytest
from werkzeug.routing import Map, Rule
from werkzeug.exceptions import NotFound

from advocacy import inputs
from advocacy.extensions import db
from advocacy.forms import single_line
from advocacy.hearings import services
from advocacy.hearings.ical import one_line
from advocacy.hearings.models import Hearing
from tests.helpers import body_id, text


@pytest.mark.parametrize("value, expected", [
    ("7", 7), (" 42 ", 42), (str(2**31 - 1), 2**31 - 1), (str(2**31), None), (str(2**63), None),
    ("10" * 15, None),
    ("²", None), ("٣", None), ("1_000", None), ("", None), ("-1", -1), ("x", None), (3, 3),
    (True, None), (None, None),
])
def test_parse_int_takes_ascii_digits_within_an_integer_column(value, expected):
    assert inputs.parse_int(value) == expected


def test_bounded_coerce_refuses_what_the_database_cannot_hold():
    assert inputs.bounded_int("12") == 12
    assert inputs.optional_int("") is None
    for bad in (str(2**31), str(2**63), "²", "1e3"):
        with pytest.raises(ValueError):
            inputs.bounded_int(bad)


def test_the_int_converter_stops_at_the_largest_integer_column_value():
    url_map = Map([Rule("/c/<int:c_id>", endpoint="c")],
                  converters={"int": inputs.BoundedIntegerConverter})
    adapter = url_map.bind("localhost")
    assert adapter.match("/c/2147483647") == ("c", {"c_id": 2**31 - 1})
    for path in ("/c/2147483648", "/c/9223372036854775807", "/c/" + "9" * 30, "/c/²", "/c/٣",
                 "/c/-1"):
        with pytest.raises(NotFound):
            adapter.match(path)


def test_the_app_uses_the_bounded_converter(client, login_as):
    login_as("staff")
    for path in ("/conditions/99999999999999999999", "/hearings/18446744073709551616.ics",
                 "/measures/9223372036854775808/edit", "/measures/3000000000",
                 "/etater/2147483648", "/dialog/3000000000", "/papers/2147483648"):
        assert client.get(path).status_code == 404, path


def test_a_filter_by_an_id_too_large_for_the_database_is_ignored(client, login_as):
    # PostgreSQL refused such a number in the query (a 500 before).
    login_as("staff")
    for path in ("/hearings/?condition=3000000000", "/conditions/?goal=3000000000",
                 "/conditions/?theme=3000000000", "/dialog/?condition=3000000000"):
        assert client.get(path).status_code == 200, path


def test_a_huge_page_number_is_a_404_and_an_odd_one_the_first_page(client, login_as):
    login_as("staff")
    assert client.get("/conditions/?page=99999999999999999999").status_code == 404
    assert client.get("/hearings/?page=" + str(2**62)).status_code == 404
    assert client.get("/measures/?page=²").status_code == 200


def test_a_huge_id_in_a_filter_is_ignored(client, login_as):
    login_as("staff")
    assert client.get("/audit/?id=99999999999999999999").status_code == 200
    assert client.get("/audit/?date_from=0001-01-01").status_code == 200


def test_nul_bytes_are_refused_with_a_norwegian_message(client, login_as, make_condition):
    login_as("staff")
    response = client.get("/conditions/?q=a%00b")
    assert response.status_code == 400
    assert "ugyldig tegn" in text(response)
    condition = make_condition(title="Uendret")
    response = client.submit(f"/conditions/{condition.id}/edit",
                             {"title": "Ny\x00tittel", "kind": "regulation",
                              "owner_body_id": "1", "priority": "medium",
                              "status": "monitoring", "responsible_id": "0"})
    assert response.status_code == 400
    db.session.expire_all()
    assert condition.title == "Uendret"


def test_single_line_turns_line_breaks_into_a_space():
    assert single_line("Ny lov\r\nom\u2028kultur\x07") == "Ny lov om kultur"
    assert one_line("a\r\nBEGIN:VEVENT\x00") == "a BEGIN:VEVENT"


def test_a_title_typed_with_a_line_break_is_saved_on_one_line(client, login_as):
    user = login_as("staff")
    response = client.submit("/hearings/new", {
        "title": "Høring om\r\nkulturmiljøloven",
        "issuer_body_id": body_id("Klima- og miljødepartementet", "KLD"),
        "deadline_date": "15.01.2027", "status": "new", "responsible_id": str(user.id)})
    assert response.status_code == 302, text(response)[:2000]
    hearing = db.session.scalar(db.select(Hearing))
    assert (hearing.title, hearing.issuer) == ("Høring om kulturmiljøloven",
                                               "Klima- og miljødepartementet (KLD)")


def test_the_calendar_survives_a_line_break_already_in_a_title(client, login_as):
    login_as("staff")
    hearing = Hearing(title="Gammel\r\nBEGIN:VEVENT\ntittel", issuer="KDD\r\n", source="manual",
                      reference="25/1\n428", deadline_at=services.deadline_at(date(2027, 1, 15)))
    services.add_default_milestones(hearing)
    db.session.add(hearing)
    db.session.commit()
    response = client.get(f"/hearings/{hearing.id}.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Gammel BEGIN:VEVENT tittel"
    events = calendar.walk("VEVENT")
    assert len(events) == 1 + len(hearing.milestones)
    assert all("\n" not in str(e["SUMMARY"]) for e in events)


def test_a_date_outside_sensible_years_is_a_field_error(client, login_as):
    user = login_as("staff")
    response = client.submit("/hearings/new", {
        "title": "Høring", "issuer_body_id": body_id("Kommunal- og distriktsdepartementet"),
        "deadline_date": "01.01.0001", "status": "new",
        "responsible_id": str(user.id)})
    assert response.status_code == 422
    assert "årstall" in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Hearing)) == 0


@pytest.mark.parametrize(("typed", "message"), [
    ("31.02.2027", "«31.02.2027» finnes ikke: februar 2027 har 28 dager."),
    ("29.02.2028", None),  # a leap year
    ("32.01.2027", "«32.01.2027» finnes ikke: januar 2027 har 31 dager."),
    ("15.13.2027", "«15.13.2027» finnes ikke: et år har tolv måneder."),
    ("15.08.0001", "utenfor det vi kan regne med"),
    ("15/08/2027", "er ikke en gyldig dato. Skriv den som dd.mm.åååå."),
])
def test_an_impossible_date_says_why(app, typed, message):
    from werkzeug.datastructures import MultiDict

    from advocacy.forms import Form, NorwegianDateField

    class DateForm(Form):
        class Meta:
            csrf = False
        day = NorwegianDateField("Dato")

    form = DateForm(MultiDict({"day": typed}))
    form.validate()
    if message is None:
        assert form.day.errors == [] and form.day.data.isoformat() == "2028-02-29"
    else:
        assert len(form.day.errors) == 1 and message in form.day.errors[0]
