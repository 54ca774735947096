"""The invite page: who will receive an invitation, before it is sent; organisations without
users reached through their contacts (with an account link); municipalities first with
«Velg alle kommuner» (no script needed); the sign-by date and the hearing's "partners sign
by" milestone kept one date; weekend and holiday warnings."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from advocacy import clock
from advocacy.auth.models import Organisation, OrganisationContact, User
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing, Milestone, MilestoneKind
from advocacy.papers import services as paper_services
from advocacy.papers.models import Invitation, PositionPaper
from tests.conftest import Client, link_in


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def words(response) -> str:
    """The page's text without tags, blanks collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text(response)))


@dataclass
class World:
    staff: User
    drammen: Organisation
    kongsberg: Organisation
    flesberg: Organisation
    regionrad: Organisation
    county: Organisation
    hearing: Hearing
    paper: PositionPaper


@pytest.fixture
def world(app, make_user) -> World:
    """Drammen with a partner; Kongsberg with only a postmottak; Flesberg with nobody; a
    regional council and the county; a hearing (deadline 15.01.2027, a Friday) with the
    default milestones, and a draft paper for it."""
    drammen = Organisation(name="Drammen kommune", kind="municipality", municipality_number="3301")
    kongsberg = Organisation(name="Kongsberg kommune", kind="municipality",
                             municipality_number="3303")
    flesberg = Organisation(name="Flesberg kommune", kind="municipality",
                            municipality_number="3330")
    regionrad = Organisation(name="Kongsbergregionen", kind="regional_council")
    county = Organisation(name="Buskerud fylkeskommune", kind="county")
    db.session.add_all([drammen, kongsberg, flesberg, regionrad, county])
    kongsberg.contacts.append(OrganisationContact(role="postmottak", name="",
                                                  email="postmottak@kongsberg.kommune.no"))
    regionrad.contacts.append(OrganisationContact(role="managing_director", name="Dag Leder",
                                                  email="dag@kongsbergregionen.no"))
    staff = make_user("staff", email="radgiver@buskerud.example", name="Åse Ærlig")
    partner = make_user("partner", email="ordforer@drammen.example", name="Ordfører Drammen")
    partner.organisation = drammen
    hearing = Hearing(title="Høring om næringsarealer", issuer="KDD",
                      deadline_at=hearing_services.deadline_at(date(2027, 1, 15), None))
    hearing_services.add_default_milestones(hearing)
    db.session.add(hearing)
    paper = paper_services.create_paper(title="Felles uttalelse", author=staff,
                                        recipient="KDD", hearing=hearing)
    db.session.commit()
    return World(staff, drammen, kongsberg, flesberg, regionrad, county, hearing, paper)


@pytest.fixture
def staff(app, world) -> Client:
    client = Client(app.test_client())
    client.login(world.staff)
    return client


def _url(world) -> str:
    return f"/papers/{world.paper.id}/invitations"


def _invitations(world) -> dict[str, tuple]:
    db.session.expire_all()
    return {i.organisation.name: (i.answer, i.sign_by) for i in db.session.scalars(
        select(Invitation).where(Invitation.paper_id == world.paper.id))}


def _milestone_day(world) -> date:
    db.session.expire_all()
    milestone = hearing_services.sign_by_milestone(db.session.get(Hearing, world.hearing.id))
    return milestone.due_at.astimezone(clock.OSLO).date()


# --- reaching an organisation without users ------------------------------------------------

def test_inviting_kongsberg_reaches_its_postmottak_who_creates_an_account_and_signs(
        app, world, staff, mail_server):
    response = staff.submit(_url(world), {"organisation_ids": [world.kongsberg.id],
                                          "sign_by": "08.01.2027", "action": "send"})
    assert response.status_code == 302, text(response)[:2000]
    flashed = text(staff.get(f"/papers/{world.paper.id}"))
    assert ("Kongsberg kommune har ingen aktive brukere. Invitasjonen gikk til "
            "postmottak@kongsberg.kommune.no") in flashed

    [message] = mail_server.to("postmottak@kongsberg.kommune.no")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "som postmottak for Kongsberg kommune" in body
    assert "oppretter du en brukerkonto for Kongsberg kommune" in body
    # Links come from PUBLIC_URL only.
    public = app.config["PUBLIC_URL"].rstrip("/")
    for link in re.findall(r"https?://\S+", body):
        assert link.startswith(public), link
    account_path = link_in(message, "/invitation/")
    # No user may log in before the contact accepts; then a partner of Kongsberg exists.
    pending = db.session.scalar(select(User).where(User.email == "postmottak@kongsberg.kommune.no"))
    assert pending is not None and not pending.has_password
    assert pending.role == "partner" and pending.organisation_id == world.kongsberg.id

    contact = Client(app.test_client())
    response = contact.submit(account_path, {"password": "Kongsberg sier ja 2027",
                                             "confirm": "Kongsberg sier ja 2027"})
    assert response.status_code == 302, text(response)[:2000]
    response = contact.submit(f"/papers/{world.paper.id}/sign", {
        "name": "Kari Postmottak", "title": "kommunedirektør", "mandate": "Delegert myndighet",
        "organisation_id": str(world.kongsberg.id)})
    assert response.status_code == 302, text(response)[:2000]
    assert _invitations(world)["Kongsberg kommune"][0] == "signed"


def test_an_organisation_nobody_can_receive_is_listed_before_sending_and_refused(
        world, staff, mail_server):
    page = words(staff.get(_url(world)))
    assert "Flesberg kommune – ingen kan motta invitasjonen" in page
    assert "Kongsberg kommune – ingen bruker; går til kontaktperson" in page
    assert "Drammen kommune –" not in page

    chosen = [world.drammen.id, world.kongsberg.id, world.flesberg.id]
    response = staff.submit(_url(world), {"organisation_ids": chosen, "sign_by": "08.01.2027",
                                          "action": "check"})
    assert response.status_code == 200
    page = words(response)
    assert "Ingen kan motta invitasjonen for: Flesberg kommune" in page
    assert "Går til kontaktperson i stedet for brukere: Kongsberg kommune" in page
    assert _invitations(world) == {}

    response = staff.submit(_url(world), {"organisation_ids": chosen, "sign_by": "08.01.2027",
                                          "action": "send"})
    assert response.status_code == 422
    assert "Ingen kan motta invitasjonen for Flesberg kommune" in text(response)
    assert _invitations(world) == {}
    assert mail_server.messages == []
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_a_user_without_a_password_gets_a_new_account_link_with_the_invitation(
        app, world, staff, mail_server):
    staff.submit(_url(world), {"organisation_ids": [world.kongsberg.id],
                               "sign_by": "08.01.2027", "action": "send"})
    [first] = mail_server.to("postmottak@kongsberg.kommune.no")
    first_link = link_in(first, "/invitation/")
    other = paper_services.create_paper(title="Neste uttalelse", author=world.staff,
                                        hearing=db.session.get(Hearing, world.hearing.id))
    db.session.commit()
    mail_server.messages.clear()
    response = staff.submit(f"/papers/{other.id}/invitations", {
        "organisation_ids": [world.kongsberg.id], "sign_by": "08.01.2027", "action": "send"})
    assert response.status_code == 302
    [message] = mail_server.to("postmottak@kongsberg.kommune.no")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Neste uttalelse" in body and "/invitation/" in body
    second_link = link_in(message, "/invitation/")
    assert second_link != first_link
    # The first mail's link still works: whichever mail the contact opens, they get in.
    contact = Client(app.test_client())
    assert contact.get(first_link).status_code == 200
    response = contact.submit(first_link, {"password": "Kongsberg sier ja 2027",
                                           "confirm": "Kongsberg sier ja 2027"})
    assert response.status_code == 302
    # With the password set, every outstanding link is used up.
    assert Client(app.test_client()).get(second_link).status_code == 410


# --- layout ----------------------------------------------------------------------------------

def test_municipalities_come_first_then_regional_councils_then_the_others(world, staff):
    page = text(staff.get(_url(world)))
    legends = re.findall(r"<legend>([^<]+)</legend>", page)
    assert legends[:3] == ["Kommuner", "Regionråd", "Andre organisasjoner"]
    assert page.index("Flesberg kommune") < page.index("Kongsbergregionen") \
        < page.index("Buskerud fylkeskommune")


def test_select_all_municipalities_works_without_script(world, staff):
    response = staff.submit(_url(world), {"organisation_ids": [world.county.id],
                                          "sign_by": "08.01.2027",
                                          "action": "select_municipalities"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    checked = _checked_ids(page)
    assert checked == {world.drammen.id, world.kongsberg.id, world.flesberg.id, world.county.id}
    assert 'value="08.01.2027"' in page
    assert _invitations(world) == {}


def _checked_ids(page: str) -> set[int]:
    ids = set()
    for tag in re.findall(r"<input[^>]*>", page):
        if 'name="organisation_ids"' in tag and "checked" in tag:
            ids.add(int(re.search(r'value="(\d+)"', tag).group(1)))
    return ids


# --- one sign-by date ------------------------------------------------------------------------

def test_the_sign_by_date_defaults_to_the_milestone_and_moving_it_moves_the_milestone(
        world, staff, mail_server):
    assert _milestone_day(world) == date(2027, 1, 8)
    page = staff.get(_url(world)).get_data(as_text=True)
    assert 'value="08.01.2027"' in page
    assert "flyttes internfristen til den datoen" in html.unescape(page)

    response = staff.submit(_url(world), {"organisation_ids": [world.drammen.id],
                                          "sign_by": "06.01.2027", "action": "send"})
    assert response.status_code == 302
    assert _milestone_day(world) == date(2027, 1, 6)
    assert _invitations(world) == {"Drammen kommune": ("pending", date(2027, 1, 6))}
    assert "internfrist «Partnere signerer innen» er flyttet" in text(
        staff.get(f"/papers/{world.paper.id}"))


def test_moving_the_milestone_moves_the_pending_invitations(world, staff, mail_server):
    staff.submit(_url(world), {"organisation_ids": [world.drammen.id, world.kongsberg.id],
                               "sign_by": "08.01.2027", "action": "send"})
    milestone = db.session.scalar(select(Milestone).where(
        Milestone.hearing_id == world.hearing.id,
        Milestone.kind == MilestoneKind.PARTNERS_SIGN_BY))
    response = staff.submit(f"/milestones/{milestone.id}/edit", {
        "kind": "partners_sign_by", "title": milestone.title, "mode": "fixed",
        "offset_days": "", "fixed_date": "11.01.2027", "fixed_time": ""})
    assert response.status_code == 302, text(response)[:2000]
    assert _invitations(world) == {"Drammen kommune": ("pending", date(2027, 1, 11)),
                                   "Kongsberg kommune": ("pending", date(2027, 1, 11))}
    # The hearing's deadline moving moves a milestone counted back from it, and so them.
    milestone = db.session.get(Milestone, milestone.id)
    milestone.fixed_at, milestone.offset_days = None, 7
    db.session.commit()
    hearing = db.session.get(Hearing, world.hearing.id)
    hearing.deadline_at = hearing_services.deadline_at(date(2027, 1, 22))
    db.session.commit()
    assert _invitations(world) == {"Drammen kommune": ("pending", date(2027, 1, 15)),
                                   "Kongsberg kommune": ("pending", date(2027, 1, 15))}


# --- warnings --------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "reason"), [("09.01.2027", "lørdag"),
                                             ("01.01.2027", "helligdag (Første nyttårsdag)")])
def test_a_sign_by_date_on_a_weekend_or_holiday_is_warned_about_not_refused(
        world, staff, mail_server, day, reason):
    response = staff.submit(_url(world), {"organisation_ids": [world.drammen.id],
                                          "sign_by": day, "action": "check"})
    assert f"er en {reason}" in text(response)
    response = staff.submit(_url(world), {"organisation_ids": [world.drammen.id],
                                          "sign_by": day, "action": "send"})
    assert response.status_code == 302
    assert f"er en {reason}" in text(staff.get(f"/papers/{world.paper.id}"))
    assert list(_invitations(world)) == ["Drammen kommune"]


def test_only_editors_reach_the_invite_page(app, world, make_user):
    for role in ("partner", "viewer"):
        client = Client(app.test_client())
        client.login(make_user(role))
        assert client.get(_url(world)).status_code in (403, 404)


# --- the demo ----------------------------------------------------------------------------------

def test_the_demo_has_one_sign_by_date_and_kongsberg_reached_through_its_postmottak(
        app, mail_server):
    from advocacy.demo import seed_demo

    seed_demo()
    kongsberg = db.session.scalar(select(Organisation).filter_by(name="Kongsberg kommune"))
    assert kongsberg.users == []
    assert [(c.role, c.email) for c in kongsberg.contacts] == [
        ("postmottak", "postmottak@kongsberg.kommune.no")]
    paper = db.session.scalar(select(PositionPaper).filter_by(status="signing"))
    milestone = hearing_services.sign_by_milestone(paper.hearing)
    day = milestone.due_at.astimezone(clock.OSLO).date()
    assert {i.sign_by for i in paper.invitations} == {day}

    staff = Client(app.test_client())
    staff.login(db.session.scalar(select(User).filter_by(role="staff")),
                password="demo-radgiver-passord")
    other = paper_services.create_paper(title="Ny uttalelse", author=paper.responsible,
                                        hearing=paper.hearing)
    db.session.commit()
    response = staff.submit(f"/papers/{other.id}/invitations", {
        "organisation_ids": [kongsberg.id], "sign_by": day.strftime("%d.%m.%Y"),
        "action": "send"})
    assert response.status_code == 302, text(response)[:2000]
    [message] = mail_server.to("postmottak@kongsberg.kommune.no")
    assert "/invitation/" in message.get_body(preferencelist=("plain",)).get_content()
