"""Reminder mails through a real SMTP server: digests, exactly once, retries, CLI, log."""

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from advocacy import clock
from advocacy.extensions import db
from advocacy.hearings import services
from advocacy.hearings.models import Hearing
from advocacy.notify.models import Reminder
from advocacy.notify.reminders import run_reminders

OSLO = clock.OSLO
DEADLINE_DAY = date(2026, 12, 10)
SEVEN_DAYS_BEFORE = datetime(2026, 12, 3, 7, 0, tzinfo=OSLO)


@pytest.fixture
def hearing(app, make_user):
    owner = make_user("staff", email="eier@buskerud.example", name="Åse Ærlig")
    h = Hearing(title="Høring – ny kulturmiljølov", issuer="Klima- og miljødepartementet",
                deadline_at=services.deadline_at(DEADLINE_DAY), responsible=owner,
                status="assessing")
    db.session.add(h)
    db.session.commit()
    return h


def _reminders():
    return db.session.scalars(select(Reminder).order_by(Reminder.id)).all()


def test_a_digest_is_sent_once(hearing, mail_server, make_user):
    follower = make_user("viewer", email="leser@buskerud.example")
    hearing.followers.append(follower)
    db.session.commit()
    report = run_reminders(SEVEN_DAYS_BEFORE)
    assert set(report.sent) == {"eier@buskerud.example", "leser@buskerud.example"}
    [message] = mail_server.to("eier@buskerud.example")
    assert message["Subject"] == "Påminnelse: 1 frist nærmer seg – Fellesstemme"
    assert "Åse Ærlig" in str(message["To"])
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Høring – ny kulturmiljølov" in body
    assert "10.12.2026 kl. 23:59 (om 7 dager)" in body and "Status: Vurderes" in body
    assert f"/hearings/{hearing.id}" in body

    again = run_reminders(SEVEN_DAYS_BEFORE + timedelta(hours=5))
    assert again.sent == {} and again.already_recorded == 2
    assert len(mail_server.messages) == 2
    assert all(r.state == "sent" and r.sent_at is not None for r in _reminders())


def test_smtp_down_marks_nothing_sent_and_the_next_run_delivers(hearing, mail_server):
    mail_server.stop()
    report = run_reminders(SEVEN_DAYS_BEFORE)
    assert "eier@buskerud.example" in report.failed
    [reminder] = _reminders()
    assert reminder.state == "failed" and reminder.sent_at is None and reminder.last_error
    mail_server.start()
    report = run_reminders(SEVEN_DAYS_BEFORE + timedelta(hours=1))
    assert list(report.sent) == ["eier@buskerud.example"]
    [reminder] = _reminders()
    assert reminder.state == "sent" and reminder.attempts == 2
    assert len(mail_server.messages) == 1


def test_a_crash_after_recording_never_sends_twice(hearing, mail_server, monkeypatch):
    from advocacy.notify import reminders

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("the process died")

    monkeypatch.setattr(reminders, "_send", crash)
    with pytest.raises(KeyboardInterrupt):
        run_reminders(SEVEN_DAYS_BEFORE)
    monkeypatch.undo()
    db.session.rollback()
    [reminder] = _reminders()
    assert reminder.state == "claimed"
    # The lock ran out; the next run finds the recorded reminder and does not send it.
    later = SEVEN_DAYS_BEFORE + timedelta(hours=1)
    clock.freeze(later)
    run_reminders(later)
    assert mail_server.messages == []


def test_a_moved_deadline_makes_new_reminders_due(hearing, mail_server):
    run_reminders(SEVEN_DAYS_BEFORE)
    hearing.move_deadline(services.deadline_at(DEADLINE_DAY + timedelta(days=1)))
    db.session.commit()
    report = run_reminders(SEVEN_DAYS_BEFORE + timedelta(days=1))
    assert list(report.sent) == ["eier@buskerud.example"]
    assert len(mail_server.messages) == 2


def test_done_hearings_are_not_reminded(hearing, mail_server):
    hearing.status = "submitted"
    db.session.commit()
    assert run_reminders(SEVEN_DAYS_BEFORE).sent == {}


def test_milestones_are_reminded_with_their_own_lead_times(hearing, mail_server):
    services.add_default_milestones(hearing)  # 21, 14 and 7 days before the deadline
    db.session.commit()
    # The "partners sign by" milestone (03.12) is one day away on 02.12.
    report = run_reminders(datetime(2026, 12, 2, 7, 0, tzinfo=OSLO))
    titles = [d.deadline.title for d in report.sent["eier@buskerud.example"]]
    assert any(t.startswith("Partnere signerer innen") for t in titles)
    body = mail_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "Internfrist (partnere signerer innen): 03.12.2026 kl. 23:59 (i morgen)" in body


def test_muted_hearing_and_preferences(hearing, mail_server, client, make_user):
    owner = hearing.responsible
    client.login(owner)
    client.submit(f"/hearings/{hearing.id}/mute", {"mute": "1"},
                  form_url=f"/hearings/{hearing.id}")
    assert run_reminders(SEVEN_DAYS_BEFORE).sent == {}
    client.submit(f"/hearings/{hearing.id}/mute", {"mute": "0"},
                  form_url=f"/hearings/{hearing.id}")
    client.submit("/profile/reminders", {"reminder_frequency": "weekly"}, form_url="/profile")
    db.session.refresh(owner)
    assert owner.reminder_frequency == "weekly"
    assert run_reminders(SEVEN_DAYS_BEFORE).sent == {}  # a Thursday
    monday = datetime(2026, 12, 7, 7, 0, tzinfo=OSLO)
    assert list(run_reminders(monday).sent) == ["eier@buskerud.example"]


def test_the_hearing_page_shows_each_user_their_own_mute(app, hearing, client, make_user):
    from tests.conftest import Client

    colleague, colleagues_client = make_user(), Client(app.test_client())
    colleagues_client.login(colleague)
    owner_id, url = hearing.responsible.id, f"/hearings/{hearing.id}"
    client.login(hearing.responsible)
    client.submit(f"{url}/mute", {"mute": "1"}, form_url=url)
    page = client.get(url).get_data(as_text=True)
    assert "Send meg påminnelser igjen" in page
    assert "Ingen påminnelser om denne" not in page
    page = colleagues_client.get(url).get_data(as_text=True)
    assert "Ingen påminnelser om denne" in page
    assert "Send meg påminnelser igjen" not in page
    assert [u.id for u in db.session.get(Hearing, hearing.id).muted_by] == [owner_id]


def test_a_deactivated_recipient_is_skipped_and_logged(hearing, mail_server):
    hearing.responsible.is_active_account = False
    db.session.commit()
    report = run_reminders(SEVEN_DAYS_BEFORE)
    assert report.sent == {}
    assert (hearing.responsible.name, "kontoen er deaktivert") in report.skipped


def test_two_runs_at_once_deliver_each_reminder_once(app, hearing, mail_server, make_user):
    followers = [make_user("viewer", email=f"f{n}@example.no") for n in range(5)]
    hearing.followers.extend(followers)
    db.session.commit()
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                run_reminders(SEVEN_DAYS_BEFORE)
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    recipients = sorted(str(m["To"]) for m in mail_server.messages)
    assert len(recipients) == 6 == len(set(recipients))
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Reminder)) == 6


def test_cli_send_dry_run_and_preview(app, hearing, mail_server):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["reminders", "send", "--dry-run", "--now", "2026-12-03T07:00"])
    assert dry.exit_code == 0, dry.output
    assert "Ville sendt til eier@buskerud.example" in dry.output
    assert mail_server.messages == [] and _reminders() == []
    preview = runner.invoke(args=["reminders", "preview", "eier@buskerud.example",
                                  "--now", "2026-12-03T07:00"])
    assert "Høring – ny kulturmiljølov" in preview.output and "om 7 dager" in preview.output
    sent = runner.invoke(args=["reminders", "send", "--now", "2026-12-03T07:00"])
    assert "Sendt til eier@buskerud.example" in sent.output
    assert len(mail_server.messages) == 1
    again = runner.invoke(args=["reminders", "send", "--now", "2026-12-03T08:00"])
    assert "Ingen påminnelser å sende" in again.output
    bad = runner.invoke(args=["reminders", "send", "--now", "i morgen"])
    assert bad.exit_code != 0 and "ISO 8601" in bad.output


def test_admin_log_lists_sent_and_failed(client, login_as, hearing, mail_server):
    mail_server.stop()
    run_reminders(SEVEN_DAYS_BEFORE)
    login_as("admin")
    page = client.get("/admin/reminders/").get_data(as_text=True)
    assert "Høring – ny kulturmiljølov" in page and "Feilet" in page
    client.submit("/logout", {})
    login_as("staff")
    assert client.get("/admin/reminders/").status_code == 403


def _far_hearings(owner, count: int, first_day: date) -> None:
    """``count`` open hearings with deadlines from ``first_day`` on, one a week."""
    for n in range(count):
        db.session.add(Hearing(title=f"Fjern høring {n}", issuer="Finansdepartementet",
                               deadline_at=services.deadline_at(first_day + timedelta(weeks=n)),
                               responsible=owner, status="assessing"))
    db.session.commit()


def test_the_job_reads_only_what_can_be_due(hearing, mail_server):
    """A milestone far before its hearing's deadline, and one fixed after it, are still
    reminded; hearings months away are neither mailed nor loaded."""
    from advocacy.hearings.models import Milestone
    from advocacy.notify import sources
    from sqlalchemy import event

    from tests.test_query_counts import count_queries

    far = Hearing(title="Høring med lang frist", issuer="Samferdselsdepartementet",
                  deadline_at=services.deadline_at(date(2027, 1, 29)), status="assessing",
                  responsible=hearing.responsible)
    far.milestones.append(Milestone(kind="draft_ready", title="Utkast klart", offset_days=56))
    hearing.milestones.append(Milestone(kind="political_meeting", title="Fylkesutvalget",
                                        fixed_at=datetime(2026, 12, 3, 10, 0, tzinfo=OSLO)))
    hearing.deadline_at = services.deadline_at(date(2026, 12, 1))  # passed on 02.12
    db.session.add(far)
    db.session.commit()
    _far_hearings(hearing.responsible, 5, date(2027, 3, 1))

    now = datetime(2026, 12, 2, 7, 0, tzinfo=OSLO)
    titles = sorted(item.title for item in sources.all_deadlines(now))
    # 29.01.2027 - 56 days = 04.12.2026 (a Friday): two days away, inside the 3-day lead.
    assert titles == ["Fylkesutvalget – Høring – ny kulturmiljølov",
                      "Utkast klart – Høring med lang frist"]
    report = run_reminders(now)
    sent = [d.deadline.title for d in report.sent["eier@buskerud.example"]]
    assert sorted(sent) == titles

    loaded = []

    def on_load(target, context):
        loaded.append(target.title)

    event.listen(Hearing, "load", on_load)
    try:
        db.session.expunge_all()
        with count_queries() as statements:
            sources.all_deadlines(now)
    finally:
        event.remove(Hearing, "load", on_load)
    assert sorted(loaded) == ["Høring med lang frist", "Høring – ny kulturmiljølov"]
    assert len(statements) <= 7  # one of them the follow-ups after contacts with the state


def test_one_smtp_connection_carries_a_batch_of_digests(hearing, mail_server, make_user):
    followers = [make_user("viewer", email=f"leser{n}@example.no") for n in range(4)]
    hearing.followers.extend(followers)
    db.session.commit()
    report = run_reminders(SEVEN_DAYS_BEFORE)
    assert len(report.sent) == 5 and len(mail_server.messages) == 5
    assert len(set(mail_server.peers)) == 1  # one connection, one login, five digests


def test_a_connection_that_breaks_midway_fails_only_the_digests_it_lost(
        app, hearing, mail_server, make_user, monkeypatch):
    import smtplib

    followers = [make_user("viewer", email=f"leser{n}@example.no") for n in range(3)]
    hearing.followers.extend(followers)
    db.session.commit()
    real_send = smtplib.SMTP.send_message
    calls = {"n": 0}

    def flaky(self, message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            self.close()  # the server hung up under us
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, message, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "send_message", flaky)
    report = run_reminders(SEVEN_DAYS_BEFORE)
    assert len(report.sent) == 3 and len(report.failed) == 1
    assert len(mail_server.messages) == 3
    assert len(set(mail_server.peers)) == 2  # a new connection after the broken one
    states = sorted(r.state for r in _reminders())
    assert states == ["failed", "sent", "sent", "sent"]
