"""Staff chase an organisation that has not answered: «Send påminnelse» on the paper page,
once a day (Oslo) per invitation, to its users or else its contacts, in the change log."""

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from advocacy import clock
from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation, OrganisationContact
from advocacy.extensions import db
from advocacy.papers.models import Invitation, PositionPaper
from tests.conftest import FIXED_NOW, Client, link_in
from tests.helpers import text as _html


def text(response) -> str:
    """The page's text without tags (a button's hidden words read with it)."""
    return re.sub(r"<[^>]+>", "", _html(response))
from tests.test_signing import TITLE, _draft_through_pages, _invite


@pytest.fixture
def world(app, make_user):
    """A paper with Drammen (a partner user) and Kongsberg (no user, a postmottak) invited,
    and Hole (no user, no contact) invited before contacts were required."""
    drammen = Organisation(name="Drammen kommune", kind="municipality",
                           municipality_number="3301")
    kongsberg = Organisation(name="Kongsberg kommune", kind="municipality",
                             municipality_number="3303")
    hole = Organisation(name="Hole kommune", kind="municipality", municipality_number="3310")
    db.session.add_all([drammen, kongsberg, hole])
    staff = make_user("staff", email="radgiver@buskerud.example", name="Åse Ærlig")
    partner = make_user("partner", email="ordforer@drammen.example", name="Ordfører i Drammen")
    partner.organisation = drammen
    db.session.commit()
    as_staff = _client(app, staff)
    paper = _draft_through_pages(as_staff, staff)
    _invite(as_staff, paper, drammen)
    # Invitations made directly, as an earlier invite left them: nobody was reachable then.
    paper = db.session.get(PositionPaper, paper.id)
    for org in (kongsberg, hole):
        db.session.add(Invitation(paper=paper, organisation=org, sign_by=paper.invitations[0]
                                  .sign_by))
    db.session.add(OrganisationContact(organisation=kongsberg, role="postmottak", name="",
                                       email="postmottak@kongsberg.example"))
    db.session.commit()
    return {"paper": paper, "staff": as_staff, "partner": partner,
            "orgs": {"drammen": drammen, "kongsberg": kongsberg, "hole": hole},
            "invitations": {i.organisation.name.split()[0].lower(): i.id
                            for i in paper.invitations}}


def _client(app, user) -> Client:
    client = Client(app.test_client())
    client.login(user)
    return client


def _remind(client: Client, world, key: str):
    paper = world["paper"]
    return client.submit(f"/invitations/{world['invitations'][key]}/remind", {},
                         form_url=f"/papers/{paper.id}")


def _invitation(world, key: str) -> Invitation:
    db.session.expire_all()
    return db.session.get(Invitation, world["invitations"][key])


def _reminders(mail_server, address: str):
    return [m for m in mail_server.to(address) if m["Subject"].startswith("Påminnelse")]


def test_a_reminder_goes_once_a_day_and_is_in_the_change_log(app, world, mail_server):
    staff, paper = world["staff"], world["paper"]
    page = text(staff.get(f"/papers/{paper.id}"))
    assert page.count("Send påminnelse") == 3
    assert "Send påminnelse til Drammen kommune" in page

    response = _remind(staff, world, "drammen")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/papers/{paper.id}#medsignering")
    [message] = _reminders(mail_server, "ordforer@drammen.example")
    assert message["Subject"] == f"Påminnelse: svar på «{TITLE}» innen 20.12.2026"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Åse Ærlig minner om at Drammen kommune er invitert til å medsignere" in body
    assert "Fristen for å svare er 20.12.2026 kl. 23:59." in body
    assert link_in(message, "/papers/") == f"/papers/{paper.id}/sign"
    assert _invitation(world, "drammen").last_reminded_at == FIXED_NOW

    page = text(staff.get(f"/papers/{paper.id}"))
    assert "Påminnelse sendt til Drammen kommune (ordforer@drammen.example)." in page
    assert "Send påminnelse til Drammen kommune" not in page
    assert "Påminnet 26.11.2026 kl. 10:00" in page

    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "signature", AuditEvent.action == "update")).all()
    assert set(event.changes) == {"last_reminded_at"}
    assert event.actor.email == "radgiver@buskerud.example"
    log = text(staff.get(f"/audit/?type=signature&id={event.object_id}"))
    assert "Påminnelse sendt" in log and "26.11.2026" in log

    # The same Oslo day, up to 23:59: refused with the reason, nothing sent or changed.
    clock.freeze(datetime(2026, 11, 26, 22, 59, tzinfo=timezone.utc))
    response = _remind(staff, world, "drammen")
    page = text(staff.get(response.headers["Location"]))
    assert ("Drammen kommune fikk en påminnelse i dag kl. 10:00. Det sendes høyst én "
            "påminnelse om dagen; prøv igjen i morgen.") in page
    assert len(_reminders(mail_server, "ordforer@drammen.example")) == 1
    assert _invitation(world, "drammen").last_reminded_at == FIXED_NOW

    # After midnight in Oslo (23:01 UTC) it is a new day.
    clock.freeze(datetime(2026, 11, 26, 23, 1, tzinfo=timezone.utc))
    assert _remind(staff, world, "drammen").status_code == 302
    assert len(_reminders(mail_server, "ordforer@drammen.example")) == 2


def test_an_organisation_without_users_is_reminded_at_its_contact(world, mail_server):
    assert _remind(world["staff"], world, "kongsberg").status_code == 302
    [message] = _reminders(mail_server, "postmottak@kongsberg.example")
    assert "Postmottak, Kongsberg kommune" in str(message["To"])
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Kongsberg kommune har ingen bruker i Fellesstemme ennå" in body
    assert "radgiver@buskerud.example" in body


def test_nobody_to_remind_or_an_answer_given_is_refused_and_changes_nothing(
        app, world, mail_server):
    staff, paper = world["staff"], world["paper"]
    response = _remind(staff, world, "hole")
    page = text(staff.get(response.headers["Location"]))
    assert ("Hole kommune har verken aktive brukere eller kontaktpersoner med e-postadresse, "
            "så påminnelsen kan ikke sendes.") in page
    assert _invitation(world, "hole").last_reminded_at is None

    partner = _client(app, world["partner"])
    response = partner.submit(f"/papers/{paper.id}/sign", {
        "name": "Ordfører i Drammen", "title": "ordfører", "mandate": "Delegert myndighet",
        "organisation_id": str(world["orgs"]["drammen"].id)})
    assert response.status_code == 302
    page = text(staff.get(f"/papers/{paper.id}"))
    assert "Send påminnelse til Drammen kommune" not in page
    response = _remind(staff, world, "drammen")
    page = text(staff.get(response.headers["Location"]))
    assert "Drammen kommune har allerede svart; ingen påminnelse er sendt." in page
    assert not any(m["Subject"].startswith("Påminnelse") for m in mail_server.messages)


def test_viewers_partners_and_posts_without_a_token_are_refused(app, world, make_user,
                                                                mail_server):
    paper = world["paper"]
    url = f"/invitations/{world['invitations']['drammen']}/remind"
    viewer = _client(app, make_user("viewer"))
    assert viewer.submit(url, {}, form_url="/logout").status_code == 403
    partner = _client(app, world["partner"])
    assert "Send påminnelse" not in text(partner.get(f"/papers/{paper.id}"))
    assert partner.submit(url, {}, form_url="/logout").status_code == 403
    assert world["staff"].post(url, data={}).status_code == 400
    assert world["staff"].submit("/invitations/999999/remind", {},
                                 form_url=f"/papers/{paper.id}").status_code == 404
    assert _invitation(world, "drammen").last_reminded_at is None
    assert _reminders(mail_server, "ordforer@drammen.example") == []


def test_no_reminder_button_on_a_final_paper(world, mail_server):
    paper = db.session.get(PositionPaper, world["paper"].id)
    paper.status = "final"
    db.session.commit()
    assert "Send påminnelse" not in text(world["staff"].get(f"/papers/{paper.id}"))
    response = _remind(world["staff"], world, "drammen")
    page = text(world["staff"].get(response.headers["Location"]))
    assert "det sendes ikke lenger påminnelser om å signere" in page
    assert _invitation(world, "drammen").last_reminded_at is None
