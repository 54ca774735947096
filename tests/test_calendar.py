"""iCalendar feeds: valid RFC 5545, stable UIDs, rising SEQUENCE, private secrets."""

from datetime import date, datetime, timezone

import icalendar
import pytest

from advocacy.extensions import db
from advocacy.hearings import services
from advocacy.hearings.models import Hearing


@pytest.fixture
def hearing(app, make_user):
    owner = make_user("staff")
    h = Hearing(title="Høring – ny kulturmiljølov", issuer="Klima- og miljødepartementet",
                reference="25/1428", deadline_at=services.deadline_at(date(2027, 1, 15)),
                responsible=owner)
    services.add_default_milestones(h)
    db.session.add(h)
    db.session.commit()
    return h


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_single_hearing_download(client, login_as, hearing):
    login_as("viewer")
    response = client.get(f"/hearings/{hearing.id}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in response.headers["Content-Disposition"]
    events = _events(response.data)
    deadline = events[f"hearing-{hearing.id}-deadline@advocacy.buskerud"]
    assert str(deadline["SUMMARY"]) == "Høringsfrist: Høring – ny kulturmiljølov"
    assert deadline.decoded("DTSTART") == datetime(2027, 1, 15, 22, 59, tzinfo=timezone.utc)
    assert len(events) == 4  # the deadline and three milestones


def test_feed_needs_a_known_secret_and_holds_followed_and_own_hearings(client, login_as,
                                                                       hearing, make_user):
    user = login_as("staff")
    client.submit("/profile/calendar", {"action": "new"}, form_url="/profile")
    db.session.refresh(user)
    secret = user.calendar_token
    assert secret
    client.submit("/logout", {})
    assert _events(client.get(f"/calendar/{secret}.ics").data) == {}  # follows nothing yet
    hearing.followers.append(user)
    db.session.commit()
    body = client.get(f"/calendar/{secret}.ics").data  # no login needed: calendar apps
    assert f"hearing-{hearing.id}-deadline@advocacy.buskerud" in _events(body)

    unknown = client.get("/calendar/not-a-secret.ics")
    assert unknown.status_code == 404
    assert "secret" not in unknown.get_data(as_text=True).lower()


def test_regenerating_and_revoking_the_secret(client, login_as, hearing):
    user = login_as("staff")
    client.submit("/profile/calendar", {"action": "new"}, form_url="/profile")
    db.session.refresh(user)
    first = user.calendar_token
    client.submit("/profile/calendar", {"action": "new"}, form_url="/profile")
    db.session.refresh(user)
    assert user.calendar_token != first
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    second = user.calendar_token
    client.submit("/profile/calendar", {"action": "revoke"}, form_url="/profile")
    assert client.get(f"/calendar/{second}.ics").status_code == 404


def test_moving_a_deadline_keeps_uids_and_raises_sequence(client, login_as, hearing):
    login_as("staff")
    before = _events(client.get(f"/hearings/{hearing.id}.ics").data)
    hearing.move_deadline(services.deadline_at(date(2027, 1, 29)))
    db.session.commit()
    after = _events(client.get(f"/hearings/{hearing.id}.ics").data)
    assert before.keys() == after.keys()
    for uid in after:
        if "deadline" in uid or any(m.offset_days for m in hearing.milestones
                                    if uid == f"milestone-{m.id}@advocacy.buskerud"):
            assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    deadline_uid = f"hearing-{hearing.id}-deadline@advocacy.buskerud"
    assert after[deadline_uid].decoded("DTSTART").date() == date(2027, 1, 29)


def test_a_deactivated_users_feed_stops(client, login_as, hearing):
    user = login_as("staff")
    client.submit("/profile/calendar", {"action": "new"}, form_url="/profile")
    db.session.refresh(user)
    user.is_active_account = False
    db.session.commit()
    assert client.get(f"/calendar/{user.calendar_token}.ics").status_code == 404


def test_calendar_links_use_the_public_address(app, client, login_as, hearing):
    """A calendar keeps its links for months: they must lead to the public address even
    when the page was fetched on another name the app answers."""
    app.config.update(PUBLIC_URL="https://interessepolitikk.buskerud.example",
                      TRUSTED_HOSTS=["interessepolitikk.buskerud.example", "localhost"])
    user = login_as("staff")
    client.submit("/profile/calendar", {"action": "new"}, form_url="/profile")
    db.session.refresh(user)
    profile = client.get("/profile").get_data(as_text=True)
    assert f'value="https://interessepolitikk.buskerud.example/calendar/{user.calendar_token}.ics"' \
        in profile
    deadline = _events(client.get(f"/hearings/{hearing.id}.ics").data)[
        f"hearing-{hearing.id}-deadline@advocacy.buskerud"]
    assert str(deadline["URL"]) == \
        f"https://interessepolitikk.buskerud.example/hearings/{hearing.id}"
