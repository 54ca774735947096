"""iCalendar feeds: valid RFC 5545, stable UIDs, rising SEQUENCE, private secrets."""

import gzip
import secrets
from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest
import sqlalchemy as sa

from advocacy import clock
from advocacy.extensions import db
from advocacy.hearings import ical, services
from advocacy.hearings.models import Hearing, Milestone
from tests.test_query_counts import count_queries


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


# --- The feed at scale: a window of 30 days back, validators, a cache (issue 11) ---------

#: FIXED_NOW is 26.11.2026; 30 Oslo calendar days back is 27.10.2026, from midnight.
WINDOW_START = datetime(2026, 10, 27, 0, 0, tzinfo=clock.OSLO)


@pytest.fixture
def subscriber(make_user):
    """A staff user with a calendar secret (set directly: the profile route is tested above)."""
    user = make_user("staff", name="Kari Nordmann")
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    return user


def _followed(user, title: str, day: date, milestones: bool = True, **kwargs) -> Hearing:
    h = Hearing(title=title, issuer="Kommunal- og distriktsdepartementet",
                deadline_at=services.deadline_at(day), **kwargs)
    if milestones:
        services.add_default_milestones(h)
    h.followers.append(user)
    db.session.add(h)
    db.session.commit()
    return h


def _feed(client, user, **headers):
    return client.get(f"/calendar/{user.calendar_token}.ics", headers=headers)


def _later(minutes: int = 1) -> None:
    """Move the fixed clock on, as time passes between two edits in real life."""
    clock.freeze(clock.now() + timedelta(minutes=minutes))


def test_the_feed_holds_events_from_30_days_back_onward(client, subscriber):
    old = _followed(subscriber, "Gammel høring", date(2026, 10, 26))  # 26.10 23:59: out
    recent = _followed(subscriber, "Nylig høring", date(2026, 10, 27))  # 27.10 23:59: in
    revived = _followed(subscriber, "Høring med ny internfrist", date(2026, 9, 1),
                        milestones=False)
    revived.milestones = [
        Milestone(kind="other", title="Før vinduet", fixed_at=WINDOW_START - timedelta(minutes=1)),
        Milestone(kind="other", title="Ved vinduets start", fixed_at=WINDOW_START),
        Milestone(kind="political_meeting", title="Fylkesutvalget",
                  fixed_at=datetime(2026, 12, 3, 10, 0, tzinfo=clock.OSLO))]
    db.session.commit()
    events = _events(_feed(client, subscriber).data)
    at_start, meeting = revived.milestones[1], revived.milestones[2]
    assert set(events) == {
        f"hearing-{recent.id}-deadline@advocacy.buskerud",  # its milestones are older
        f"milestone-{at_start.id}@advocacy.buskerud",
        f"milestone-{meeting.id}@advocacy.buskerud",
    }
    assert events[f"milestone-{meeting.id}@advocacy.buskerud"].decoded("DTSTART") == \
        datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
    # The download of one hearing keeps all its events, old or not.
    client.login(subscriber)
    assert len(_events(client.get(f"/hearings/{old.id}.ics").data)) == 4


@pytest.fixture
def renders(monkeypatch) -> list:
    """A list that grows by one each time a feed is rendered."""
    counted = []
    render = ical.render_calendar
    monkeypatch.setattr(ical, "render_calendar",
                        lambda *args, **kw: counted.append(1) or render(*args, **kw))
    return counted


@pytest.fixture
def twenty_followed(subscriber) -> None:
    """Twenty hearings the subscriber follows: a feed large enough to be worth gzip."""
    for day in range(1, 21):
        _followed(subscriber, f"Høring nummer {day} om regional planlegging", date(2026, 12, day))


def test_an_unchanged_feed_answers_304_and_is_not_rendered_again(client, subscriber,
                                                                  renders):
    _followed(subscriber, "Høring om vannforskriften", date(2026, 12, 15))
    first = _feed(client, subscriber)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert first.headers["Last-Modified"] == "Thu, 26 Nov 2026 09:00:00 GMT"

    again = _feed(client, subscriber, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "private, no-cache"

    # A client that sends no validator gets the same bytes, from the cache.
    plain = _feed(client, subscriber)
    assert plain.status_code == 200 and plain.data == first.data
    assert renders == [1]
    # Another ETag (or If-Modified-Since alone, which cannot see an unfollow) gets the feed.
    assert _feed(client, subscriber, **{"If-None-Match": 'W/"other"'}).status_code == 200
    assert _feed(client, subscriber, **{
        "If-Modified-Since": first.headers["Last-Modified"]}).status_code == 200


def _move_deadline(hearing, user):
    hearing.move_deadline(services.deadline_at(date(2027, 1, 8)))


def _rename_milestone(hearing, user):
    hearing.milestones[0].title = "Utkast klart til gruppemøtet"


def _delete_milestone(hearing, user):
    db.session.delete(hearing.milestones[-1])


def _unfollow(hearing, user):
    services.follow(hearing, user, False)


def _new_hearing_of_the_user(hearing, user):
    db.session.add(Hearing(title="Ny høring", issuer="Stortinget",
                           deadline_at=services.deadline_at(date(2027, 2, 1)), responsible=user))


def _rename_user(hearing, user):
    user.name = "Kari Nordmann-Hansen"  # the calendar's name


def _a_month_later(hearing, user):
    clock.freeze(clock.now() + timedelta(days=31))  # the window moves past a milestone


@pytest.mark.parametrize("change", [_move_deadline, _rename_milestone, _delete_milestone,
                                    _unfollow, _new_hearing_of_the_user, _rename_user,
                                    _a_month_later])
def test_a_change_gives_a_new_feed_and_etag(client, subscriber, change):
    kept = _followed(subscriber, "Høring om kommuneloven", date(2026, 12, 20))
    hearing = _followed(subscriber, "Høring om vannforskriften", date(2026, 12, 15))
    first = _feed(client, subscriber)
    _later()
    change(hearing, subscriber)
    db.session.commit()
    after = _feed(client, subscriber, **{"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != first.headers["ETag"]
    assert after.data != first.data
    assert f"hearing-{kept.id}-deadline@advocacy.buskerud" in _events(after.data)


def test_editing_a_milestone_on_its_page_changes_the_feed(client, login_as, subscriber):
    hearing = _followed(subscriber, "Høring om vannforskriften", date(2026, 12, 15))
    etag = _feed(client, subscriber).headers["ETag"]
    _later()
    login_as("staff")
    milestone = hearing.milestones[0]
    response = client.submit(f"/milestones/{milestone.id}/edit",
                             {"kind": "draft_ready", "title": "Utkast til gruppemøtet",
                              "mode": "offset", "offset_days": "21"})
    assert response.status_code == 302
    after = _feed(client, subscriber, **{"If-None-Match": etag})
    assert after.status_code == 200
    event = _events(after.data)[f"milestone-{milestone.id}@advocacy.buskerud"]
    assert str(event["SUMMARY"]) == "Utkast til gruppemøtet: Høring om vannforskriften"


def test_text_is_escaped_and_lines_folded(client, subscriber):
    title = "Høring; endringer i plan- og bygningsloven, «§ 11-7»\\" + " ø" * 60
    hearing = _followed(subscriber, title + "\nandre linje", date(2026, 12, 15),
                        reference="25/1428")
    body = _feed(client, subscriber).data
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    body.decode("utf-8")  # no fold splits a character
    deadline = _events(body)[f"hearing-{hearing.id}-deadline@advocacy.buskerud"]
    assert str(deadline["SUMMARY"]) == f"Høringsfrist: {title} andre linje"
    assert str(deadline["DESCRIPTION"]) == (
        f"Kommunal- og distriktsdepartementet · 25/1428\nhttp://localhost/hearings/{hearing.id}")


def test_the_feed_costs_the_same_queries_for_10_and_300_hearings(app, client, subscriber):
    url = f"/calendar/{subscriber.calendar_token}.ics"  # read here, not counted below

    def statements() -> int:
        app.extensions.pop("calendar_feed_cache", None)
        with count_queries() as seen:
            response = client.get(url)
        assert response.status_code == 200
        return len(seen)

    hearings = [Hearing(title=f"Høring {i}", issuer="Finansdepartementet",
                        deadline_at=services.deadline_at(date(2026, 12, 1) + timedelta(days=i)))
                for i in range(300)]
    for h in hearings:
        services.add_default_milestones(h)
    for h in hearings[:10]:
        h.followers.append(subscriber)
    db.session.add_all(hearings)
    db.session.commit()
    with_10 = statements()
    assert len(_events(client.get(url).data)) == 40
    for h in hearings[10:]:
        h.followers.append(subscriber)
    db.session.commit()
    # The user, the validator, hearings, milestones, the follow-ups after contacts.
    assert statements() == with_10 == 5
    response = client.get(url)
    assert len(_events(response.data)) == 1200
    with count_queries() as seen:
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}
                          ).status_code == 304
    assert len(seen) == 2, [s[:80] for s in seen]  # the user and the validator
    with count_queries() as seen:
        assert client.get(url).data == response.data  # from the cache
    assert len(seen) == 2, [s[:80] for s in seen]


def test_changes_outside_the_users_feed_keep_its_etag(client, subscriber):
    _followed(subscriber, "Høring om vannforskriften", date(2026, 12, 15))
    other = Hearing(title="Andres høring", issuer="Stortinget",
                    deadline_at=services.deadline_at(date(2026, 12, 10)))
    db.session.add(other)
    db.session.commit()
    etag = _feed(client, subscriber).headers["ETag"]
    _later()
    other.move_deadline(services.deadline_at(date(2026, 12, 12)))
    db.session.commit()
    assert _feed(client, subscriber, **{"If-None-Match": etag}).status_code == 304


def test_the_feed_cache_is_bounded():
    cache = ical.FeedCache(max_entries=2, max_bytes=10)
    cache.put(1, "a", b"1234")
    cache.put(2, "b", b"1234")
    assert cache.get(1, "a") == b"1234"  # 1 is now the most recently used
    cache.put(3, "c", b"12")
    assert cache.get(2, "b") is None and cache.get(1, "a") and cache.get(3, "c")
    cache.put(1, "a2", b"123456")  # a user's new ETag replaces the old entry
    assert cache.get(1, "a") is None and cache.get(1, "a2") == b"123456"
    cache.put(4, "d", b"12345")  # over 10 bytes: the least recently used go
    assert len(cache) == 1 and cache.get(4, "d")
    cache.put(5, "e", b"x" * 11)  # larger than the whole cache: not kept
    assert cache.get(5, "e") is None and cache.get(4, "d")


def test_a_calendar_app_that_accepts_gzip_gets_the_same_feed_compressed(
        client, subscriber, twenty_followed, renders):
    plain = _feed(client, subscriber)
    packed = _feed(client, subscriber, **{"Accept-Encoding": "gzip, deflate"})
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == "gzip"
    assert all("Accept-Encoding" in r.headers["Vary"] for r in (plain, packed))
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) * 5 < len(plain.data)
    assert packed.headers["ETag"] == plain.headers["ETag"]
    assert renders == [1]  # rendered once, compressed from the kept bytes
    # A client that refuses gzip gets plain bytes.
    refused = _feed(client, subscriber, **{"Accept-Encoding": "gzip;q=0"})
    assert refused.headers.get("Content-Encoding") is None and refused.data == plain.data


def test_a_feed_asked_for_gzipped_is_kept_only_gzipped(app, client, subscriber, twenty_followed,
                                                       renders):
    packed = _feed(client, subscriber, **{"Accept-Encoding": "gzip"})
    again = _feed(client, subscriber, **{"Accept-Encoding": "gzip"})
    assert again.data == packed.data and renders == [1]
    # The worker holds the compressed bytes, not the plain ones beside them.
    assert app.extensions["calendar_feed_cache"]._bytes == len(packed.data)
    # A client without gzip gets the same feed, unpacked from them rather than rendered.
    plain = _feed(client, subscriber)
    assert plain.headers.get("Content-Encoding") is None
    assert plain.data == gzip.decompress(packed.data) and renders == [1]
    assert plain.headers["ETag"] == packed.headers["ETag"]


def test_an_unchanged_feed_costs_one_query_while_nothing_is_written(client, subscriber):
    hearing = _followed(subscriber, "Høring om vannforskriften", date(2026, 12, 15))
    url = f"/calendar/{subscriber.calendar_token}.ics"  # read here, not counted below
    etag = {"If-None-Match": client.get(url).headers["ETag"]}
    seen = []

    def record(*_args):
        seen.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        again = client.get(url, headers=etag)
        assert again.status_code == 304 and len(seen) == 1  # the user and the generation
        _later()
        hearing.title = "Høring om vannforskriften, endret"
        db.session.commit()
        changed = client.get(url, headers=etag)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert changed.status_code == 200 and "endret" in changed.get_data(as_text=True)
