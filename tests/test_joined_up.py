"""Hearing ↔ paper joined up: the hearing shows its papers and writes a response."""

import re
from datetime import date

from sqlalchemy import select

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing
from advocacy.papers import services as paper_services
from advocacy.papers.models import Invitation, PositionPaper


def _hearing(make_condition, make_measure):
    hearing = Hearing(title="Høring – NOU 2025: 3 Ny kulturmiljølov",
                      issuer="Klima- og miljødepartementet", reference="25/1428",
                      deadline_at=hearing_services.deadline_at(date(2027, 2, 15)))
    hearing.conditions = [make_condition("Kulturminneloven")]
    hearing.measures = [make_measure("Kulturarv som ressurs i stedsutvikling")]
    hearing_services.add_default_milestones(hearing)
    db.session.add(hearing)
    db.session.commit()
    return hearing


def test_write_a_response_from_the_hearing(client, login_as, make_condition, make_measure):
    login_as("staff")
    hearing = _hearing(make_condition, make_measure)
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "Ingen uttalelse er skrevet til denne høringen ennå." in page
    assert "Skriv høringsuttalelse" in page

    response = client.submit(f"/papers/from-hearing/{hearing.id}", {},
                             form_url=f"/hearings/{hearing.id}")
    paper = db.session.scalar(select(PositionPaper))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/papers/{paper.id}/text")
    # "Høringssvar – Høring – …" would say it twice.
    assert paper.title == "Høringssvar – NOU 2025: 3 Ny kulturmiljølov"
    assert (paper.recipient, paper.their_reference) == ("Klima- og miljødepartementet",
                                                        "25/1428")
    assert paper.hearing_id == hearing.id
    assert [c.title for c in paper.conditions] == ["Kulturminneloven"]
    assert [m.title for m in paper.measures] == ["Kulturarv som ressurs i stedsutvikling"]
    assert [s["heading"] for s in paper.current.sections] == [
        "Innledning", "Sammendrag", "Våre merknader", "Merknader om Kulturminneloven",
        "Avslutning"]

    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert f'href="/papers/{paper.id}"' in page and "utkast" in page


def test_only_editors_may_write_a_response(client, login_as, make_condition, make_measure):
    login_as("viewer")
    hearing = _hearing(make_condition, make_measure)
    assert "Skriv høringsuttalelse" not in client.get(f"/hearings/{hearing.id}").get_data(
        as_text=True)
    response = client.submit(f"/papers/from-hearing/{hearing.id}", {}, form_url="/logout")
    assert response.status_code == 403
    assert db.session.scalar(select(PositionPaper)) is None


def test_a_partner_sees_only_the_responses_their_organisation_is_invited_to(
        client, make_user, make_condition, make_measure):
    staff = make_user("staff")
    hearing = _hearing(make_condition, make_measure)
    drammen = Organisation(name="Drammen kommune", kind="municipality",
                           municipality_number="3301")
    invited = paper_services.draft_for_hearing(hearing, staff)
    invited.invitations.append(Invitation(organisation=drammen, sign_by=date(2027, 2, 1)))
    hidden = paper_services.create_paper(title="Internt notat om høringen", author=staff,
                                         hearing=hearing)
    partner = make_user("partner")
    partner.organisation = drammen
    db.session.commit()
    client.login(partner)
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert invited.title in page and "0 av 1 har signert" in page
    assert hidden.title not in page
    assert "Skriv høringsuttalelse" not in page


def test_the_invitation_offers_the_partners_sign_by_milestone(client, login_as, make_condition,
                                                              make_measure):
    login_as("staff")
    hearing = _hearing(make_condition, make_measure)
    client.submit(f"/papers/from-hearing/{hearing.id}", {}, form_url=f"/hearings/{hearing.id}")
    paper = db.session.scalar(select(PositionPaper))
    page = client.get(f"/papers/{paper.id}/invitations").get_data(as_text=True)
    # 7 days before 15.02.2027 is Monday 08.02.2027.
    assert re.search(r'name="sign_by"[^>]*value="08\.02\.2027"', page) or \
        re.search(r'value="08\.02\.2027"[^>]*name="sign_by"', page)


def test_condition_and_measure_pages_show_their_hearings_and_papers(
        client, login_as, make_condition, make_measure):
    staff = login_as("staff")
    hearing = _hearing(make_condition, make_measure)
    condition, measure = hearing.conditions[0], hearing.measures[0]
    paper = paper_services.draft_for_hearing(hearing, staff)
    db.session.commit()

    condition_page = client.get(f"/conditions/{condition.id}").get_data(as_text=True)
    hearings = condition_page[condition_page.index('id="horinger"'):]
    assert hearing.title in hearings and "frist 15.02.2027" in hearings
    papers = condition_page[condition_page.index('id="uttalelser"'):]
    assert paper.title in papers and "utkast" in papers
    assert condition_page.index('id="horinger"') < condition_page.index('id="uttalelser"') \
        < condition_page.index('id="gjennomslag"')

    measure_page = client.get(f"/measures/{measure.id}").get_data(as_text=True)
    assert hearing.title in measure_page[measure_page.index('id="horinger"'):]
    assert "Koble til en rammebetingelse" in measure_page  # the conditions section stays


def test_a_partner_sees_only_papers_of_their_organisation_on_a_condition(
        client, make_user, make_condition, make_measure):
    staff = make_user("staff")
    hearing = _hearing(make_condition, make_measure)
    hidden = paper_services.draft_for_hearing(hearing, staff)
    partner = make_user("partner")
    partner.organisation = Organisation(name="Drammen kommune", kind="municipality",
                                        municipality_number="3301")
    db.session.commit()
    client.login(partner)
    page = client.get(f"/conditions/{hearing.conditions[0].id}").get_data(as_text=True)
    assert hidden.title not in page
    assert "Ingen uttalelser gjelder denne rammebetingelsen ennå." in page
