"""The responsible adviser hears of partners' answers: one digest per hour, exactly once,
through a real SMTP server and the frozen clock."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy import clock, create_app
from advocacy.auth.models import Organisation, User
from advocacy.extensions import db
from advocacy.papers import notices
from advocacy.papers.models import PositionPaper, SigningNotice
from tests.conftest import FIXED_NOW, TEST_CONFIG, Client, link_in
from tests.test_signing import TITLE, _draft_through_pages, _invite, _sign_data

ADVISER = "radgiver@buskerud.example"


@pytest.fixture
def world(app, make_user):
    """Drammen, Lier and Modum with a partner each; the adviser; a paper all three are
    invited to sign, with the adviser responsible."""
    orgs = {key: Organisation(name=f"{key.title()} kommune", kind="municipality",
                              municipality_number=number)
            for key, number in (("drammen", "3301"), ("lier", "3312"), ("modum", "3316"))}
    db.session.add_all(orgs.values())
    adviser = make_user("staff", email=ADVISER, name="Åse Ærlig")
    partners = {}
    for key, org in orgs.items():
        partners[key] = make_user("partner", email=f"ordforer@{key}.example",
                                  name=f"Ordfører i {org.name.split()[0]}")
        partners[key].organisation = org
    db.session.commit()
    staff = _client(app, adviser)
    paper = _draft_through_pages(staff, adviser)
    _invite(staff, paper, *orgs.values())
    return {"adviser": adviser, "orgs": orgs, "partners": partners, "paper": paper,
            "staff": staff}


def _client(app, user: User) -> Client:
    client = Client(app.test_client())
    client.login(user)
    return client


def _sign(app, world, key: str, **changes):
    paper = world["paper"]
    partner = world["partners"][key]
    response = _client(app, partner).submit(f"/papers/{paper.id}/sign",
                                            _sign_data(partner, **changes))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def _decline(app, world, key: str, comment: str):
    paper = world["paper"]
    partner = world["partners"][key]
    response = _client(app, partner).submit(f"/papers/{paper.id}/decline", {
        "comment": comment, "organisation_id": str(partner.organisation_id)},
        form_url=f"/papers/{paper.id}/sign")
    assert response.status_code == 302


def _at(minutes: int):
    clock.freeze(FIXED_NOW + timedelta(minutes=minutes))


def _adviser_mails(mail_server):
    """The digests of answers (not the "Alle har svart" mail, which goes at once)."""
    return [m for m in mail_server.to(ADVISER) if not m["Subject"].startswith("Alle har svart")]


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_drammen_signs_and_the_adviser_is_mailed_once_after_the_delay(app, world,
                                                                      mail_server):
    _sign(app, world, "drammen", title="ordfører",
          mandate="Kommunestyret, sak 12/26")
    assert _adviser_mails(mail_server) == []
    assert notices.run_notices().sent == {}
    _at(59)
    assert notices.run_notices().sent == {}
    _at(60)
    report = notices.run_notices()
    assert list(report.sent) == [ADVISER]
    [message] = _adviser_mails(mail_server)
    assert message["Subject"] == f"Drammen kommune har signert «{TITLE}»"
    body = _body(message)
    assert "Hei Åse Ærlig," in body
    assert ("- Drammen kommune: signert av Ordfører i Drammen, ordfører. "
            "Fullmakt: Kommunestyret, sak 12/26 (26.11.2026 kl. 10:00)") in body
    paper = world["paper"]
    assert link_in(message, "/papers/") == f"/papers/{paper.id}#medsignering"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Drammen kommune" in html and f"http://localhost/papers/{paper.id}" in html

    # A second run, now or later, sends nothing again.
    _at(61)
    assert notices.run_notices().sent == {}
    _at(24 * 60)
    assert notices.run_notices().sent == {}
    assert len(_adviser_mails(mail_server)) == 1
    [notice] = db.session.scalars(select(SigningNotice)).all()
    assert notice.state == "sent" and notice.sent_at == FIXED_NOW + timedelta(minutes=60)


def test_answers_within_the_hour_make_one_digest_and_a_later_one_a_new_hour(
        app, world, mail_server):
    _sign(app, world, "drammen")
    _at(40)
    _decline(app, world, "lier", "Vi støtter ikke punktet om tilskudd.")
    _at(59)
    assert notices.run_notices().sent == {}
    _at(60)  # the first answer started the hour: both go now, in one mail
    assert [len(n) for n in notices.run_notices().sent.values()] == [2]
    [digest] = _adviser_mails(mail_server)
    assert digest["Subject"] == f"2 nye svar på «{TITLE}»"
    body = _body(digest)
    assert "2 nye svar på invitasjoner til å medsignere uttalelsen du er ansvarlig for" in body
    assert body.index("Drammen kommune: signert") < body.index("Lier kommune: takket nei")
    assert ("Lier kommune: takket nei (Ordfører i Lier): «Vi støtter ikke punktet om "
            "tilskudd.»") in body

    # Modum withdraws a signature a little later: a new hour starts with it.
    _at(70)
    _sign(app, world, "modum")
    _at(75)
    paper = world["paper"]
    modum = world["partners"]["modum"]
    response = _client(app, modum).submit(f"/papers/{paper.id}/withdraw", {
        "organisation_id": str(modum.organisation_id)}, form_url=f"/papers/{paper.id}/sign")
    assert response.status_code == 302
    _at(129)
    assert notices.run_notices().sent == {}
    _at(130)
    assert [len(n) for n in notices.run_notices().sent.values()] == [2]
    later = _adviser_mails(mail_server)[1]
    body = _body(later)
    assert "Modum kommune: signert av Ordfører i Modum" in body
    assert "Modum kommune: trakk tilbake svaret (Ordfører i Modum)" in body
    assert len(_adviser_mails(mail_server)) == 2


def test_without_a_responsible_user_the_creator_is_told(app, world, mail_server, make_user):
    paper = db.session.get(PositionPaper, world["paper"].id)
    paper.responsible = make_user("staff", email="annen@buskerud.example")
    db.session.commit()
    assert notices.adviser_of(paper).email == "annen@buskerud.example"
    paper.responsible = None
    db.session.commit()
    assert notices.adviser_of(paper).email == ADVISER  # who created it (change log)
    _sign(app, world, "drammen")
    _at(60)
    assert list(notices.run_notices().sent) == [ADVISER]


def test_a_deactivated_adviser_gets_nothing_recorded(app, world, mail_server):
    world["adviser"].is_active_account = False
    db.session.commit()
    _sign(app, world, "drammen")
    assert db.session.scalars(select(SigningNotice)).all() == []


def test_a_mail_server_that_is_down_leaves_the_answers_for_the_next_run(app, world,
                                                                        mail_server):
    _sign(app, world, "drammen")
    _at(60)
    mail_server.stop()
    report = notices.run_notices()
    assert report.sent == {} and list(report.failed) == [ADVISER]
    db.session.expire_all()
    [notice] = db.session.scalars(select(SigningNotice)).all()
    assert notice.state == "pending" and notice.last_error
    mail_server.start()
    _at(65)
    assert list(notices.run_notices().sent) == [ADVISER]
    assert notices.run_notices().sent == {}
    assert len(_adviser_mails(mail_server)) == 1


def test_two_runs_at_once_send_the_digest_once(app, world, mail_server, make_user):
    # Three advisers with answers waiting, so the two runs really overlap.
    paper = db.session.get(PositionPaper, world["paper"].id)
    for n, key in enumerate(("drammen", "lier", "modum")):
        paper.responsible = make_user("staff", email=f"r{n}@buskerud.example")
        db.session.commit()
        _sign(app, world, key)
    _at(60)
    barrier = threading.Barrier(2)
    errors, reports = [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                reports.append(notices.run_notices())
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    recipients = sorted(str(m["To"]) for m in mail_server.messages
                        if "har signert" in m["Subject"])
    assert len(recipients) == 3 == len(set(recipients))
    assert sum(len(r.sent) for r in reports) == 3
    db.session.expire_all()
    assert {n.state for n in db.session.scalars(select(SigningNotice))} == {"sent"}


def test_the_cli_command_sends_what_is_due(app, world, mail_server):
    _sign(app, world, "drammen")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["signing", "send-notices"])
    assert result.exit_code == 0, result.output
    assert "Ingen svar å varsle om nå." in result.output
    _at(60)
    result = runner.invoke(args=["signing", "send-notices"])
    assert f"Sendt til {ADVISER}: 1 svar" in result.output
    assert len(_adviser_mails(mail_server)) == 1


def test_the_scheduler_runs_the_job_every_five_minutes(tmp_path):
    from apscheduler.triggers.interval import IntervalTrigger

    from advocacy.notify.scheduler import build_scheduler

    url = f"sqlite:///{tmp_path / 'scheduler.sqlite'}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
    scheduler = build_scheduler(app)
    scheduler.start(paused=True)
    try:
        job = scheduler.get_job(notices.JOB_ID)
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval == timedelta(minutes=5)
        assert job.args == ("advocacy.papers.notices:run_scheduled",)
        job.func(*job.args)  # runs in the app: nothing is due, nothing fails
    finally:
        scheduler.shutdown()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
