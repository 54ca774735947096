"""Follow-ups after a contact with the state: in «Mitt arbeid», in the calendar feed and in
the reminder digests, exactly once."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest

from advocacy import clock
from advocacy.dialogue.models import Contact, FollowUp
from advocacy.extensions import db
from advocacy.notify.reminders import run_reminders
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.astimezone(clock.OSLO).date()  # Thursday 26.11.2026
NEXT_WEEK = TODAY + timedelta(days=7)  # Thursday 03.12.2026


@pytest.fixture
def adviser(make_user):
    user = make_user("staff", email="radgiver@buskerud.example", name="Åse Rådgiver")
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    return user


@pytest.fixture
def meeting(adviser):
    contact = Contact(kind="meeting", title="Møte med statssekretæren i KDD",
                      occurred_on=TODAY - timedelta(days=1), status="held",
                      our_people=[adviser])
    db.session.add(contact)
    db.session.commit()
    return contact


def _add_follow_up(client, contact, user, title="Send tallgrunnlaget til KDD",
                   due: date = NEXT_WEEK):
    response = client.submit(f"/dialog/{contact.id}/oppfolging/ny", {
        "title": title, "responsible_id": str(user.id), "due_on": due.strftime("%d.%m.%Y")})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def _my_work(client) -> str:
    page = client.get("/").get_data(as_text=True)
    start = page.find('id="my-work-heading"')
    return page[start:page.find("</section>", start)]


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_follow_up_due_next_week_shows_in_my_work(client, adviser, meeting, make_user):
    client.login(adviser)
    assert "Ingen åpen oppfølging" in _my_work(client)
    _add_follow_up(client, meeting, adviser)
    colleague = make_user("staff")
    _add_follow_up(client, meeting, colleague, title="Kollegaens oppgave")
    _add_follow_up(client, meeting, adviser, title="Om en måned",
                   due=TODAY + timedelta(days=30))
    section = _my_work(client)
    assert "Min oppfølging etter dialog med staten" in section
    assert "03.12.2026</strong> Send tallgrunnlaget til KDD" in section
    assert f'href="/dialog/{meeting.id}#oppfolging"' in section
    assert "Kollegaens oppgave" not in section and "Om en måned" not in section

    follow_up = db.session.scalar(db.select(FollowUp).filter_by(responsible_id=adviser.id,
                                                                 due_on=NEXT_WEEK))
    client.submit(f"/dialog/oppfolging/{follow_up.id}/utfort", form_url=f"/dialog/{meeting.id}")
    assert "Send tallgrunnlaget" not in _my_work(client)


def test_a_new_follow_up_is_in_the_calendar_feed_and_changes_its_etag(
        client, adviser, meeting):
    feed_url = f"/calendar/{adviser.calendar_token}.ics"
    before = client.get(feed_url)
    assert before.status_code == 200 and _events(before.data) == {}
    etag = before.headers["ETag"]

    client.login(adviser)
    _add_follow_up(client, meeting, adviser)
    follow_up = db.session.scalar(db.select(FollowUp))
    after = client.get(feed_url, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    event = _events(after.data)[f"follow-up-{follow_up.id}@advocacy.buskerud"]
    assert str(event["SUMMARY"]) == "Oppfølging: Send tallgrunnlaget til KDD"
    assert "Møte med statssekretæren i KDD" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"/dialog/{meeting.id}")
    # Due at the end of the day in Oslo (23:59 CET is 22:59 UTC).
    assert event.decoded("DTSTART") == datetime(2026, 12, 3, 22, 59, tzinfo=timezone.utc)

    # Unchanged: 304. Renaming the contact or marking the follow-up done changes the feed.
    assert client.get(feed_url, headers={"If-None-Match": after.headers["ETag"]}) \
        .status_code == 304
    clock.freeze(clock.now() + timedelta(minutes=1))
    meeting.title = "Møte med KDD om inntektssystemet"
    db.session.commit()
    renamed = client.get(feed_url, headers={"If-None-Match": after.headers["ETag"]})
    assert renamed.status_code == 200
    assert "Møte med KDD om inntektssystemet" in renamed.get_data(as_text=True)
    client.submit(f"/dialog/oppfolging/{follow_up.id}/utfort", form_url=f"/dialog/{meeting.id}")
    done = client.get(feed_url, headers={"If-None-Match": renamed.headers["ETag"]})
    assert done.status_code == 200 and _events(done.data) == {}


def test_a_follow_up_is_in_the_next_reminder_digest_exactly_once(
        client, adviser, meeting, mail_server):
    client.login(adviser)
    _add_follow_up(client, meeting, adviser)
    # The reminder job's next run is tomorrow at 07:00, six days before the due date: the
    # seven days' lead (REMINDER_DAYS_FOLLOW_UP) has been reached.
    first_run = datetime(2026, 11, 27, 7, 0, tzinfo=clock.OSLO)
    report = run_reminders(first_run)
    assert set(report.sent) == {"radgiver@buskerud.example"}
    [message] = mail_server.to("radgiver@buskerud.example")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Send tallgrunnlaget til KDD" in body
    assert "Møte med statssekretæren i KDD" in body
    assert f"/dialog/{meeting.id}" in body
    assert "03.12.2026" in body

    again = run_reminders(first_run + timedelta(hours=3))
    assert again.sent == {} and again.already_recorded == 1
    assert len(mail_server.messages) == 1


def test_a_done_follow_up_is_not_reminded(client, adviser, meeting, mail_server):
    meeting.follow_ups = [FollowUp(title="Allerede gjort", responsible=adviser, due_on=NEXT_WEEK,
                                   is_done=True)]
    db.session.commit()
    assert run_reminders(datetime(2026, 11, 27, 7, 0, tzinfo=clock.OSLO)).sent == {}
    assert mail_server.messages == []
