"""The skeleton new papers start from: the built-in sections of a hearing response and of
other papers, and the administrators' page that changes them (issue 14, part 2)."""

from datetime import date

import pytest
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing
from advocacy.papers import services
from advocacy.papers.models import PositionPaper, SkeletonEntry
from tests.helpers import count, text

URL = "/papers/skeleton"


def _hearing(*conditions) -> Hearing:
    hearing = Hearing(title="Høring – endringer i inntektssystemet",
                      issuer="Kommunal- og distriktsdepartementet", reference="26/200",
                      deadline_at=hearing_services.deadline_at(date(2027, 3, 1)))
    hearing.conditions = list(conditions)
    db.session.add(hearing)
    db.session.commit()
    return hearing


def _headings(paper: PositionPaper) -> list[str]:
    return [s["heading"] for s in paper.current.sections]


def _entries(*entries) -> dict:
    """Form data for the skeleton page: (kind, bokmål, nynorsk, body) per entry."""
    data = {"action": "save"}
    for i, (kind, nb, nn, body) in enumerate(entries):
        data |= {f"entries-{i}-kind": kind, f"entries-{i}-heading_nb": nb,
                 f"entries-{i}-heading_nn": nn, f"entries-{i}-body": body}
    return data


def _stored(which: str = "hearing") -> list[tuple]:
    return [(e.kind, e.heading_nb, e.heading_nn, e.body) for e in db.session.scalars(
        select(SkeletonEntry).where(SkeletonEntry.skeleton == which)
        .order_by(SkeletonEntry.position))]


# --- the built-in skeleton -----------------------------------------------------------------


def test_a_hearing_response_starts_with_a_section_per_linked_condition(
        make_user, make_condition):
    staff = make_user("staff")
    hearing = _hearing(make_condition("Tilskudd til regional utvikling"),
                       make_condition("Inntektssystemet for kommunene"))
    paper = services.draft_for_hearing(hearing, staff)
    db.session.commit()
    assert _headings(paper) == [
        "Innledning", "Sammendrag", "Våre merknader",
        "Merknader om Inntektssystemet for kommunene",
        "Merknader om Tilskudd til regional utvikling", "Avslutning"]
    assert all(s["body"] == "" for s in paper.current.sections)


def test_a_hearing_response_without_linked_conditions_has_no_condition_sections(make_user):
    paper = services.draft_for_hearing(_hearing(), make_user("staff"))
    db.session.commit()
    assert _headings(paper) == ["Innledning", "Sammendrag", "Våre merknader", "Avslutning"]


def test_a_new_paper_without_a_hearing_starts_with_the_short_skeleton(client, login_as):
    login_as("staff")
    response = client.submit("/papers/new", {"title": "Uttalelse om ferjene", "hearing_id": 0,
                                              "responsible_id": 0, "language": "nb"})
    assert response.status_code == 302
    paper = db.session.scalar(select(PositionPaper))
    assert _headings(paper) == ["Innledning", "Våre merknader", "Avslutning"]
    assert "Våre merknader" in text(client.get(f"/papers/{paper.id}"))


def test_the_built_in_headings_follow_the_authors_language(client, make_user):
    author = make_user("staff")
    author.language = "nn"
    db.session.commit()
    client.login(author)
    response = client.submit("/papers/new", {"title": "Fråsegn om ferjene", "hearing_id": 0,
                                              "responsible_id": 0, "language": "nn"})
    assert response.status_code == 302
    paper = db.session.scalar(select(PositionPaper))
    assert paper.language == "nn"
    assert _headings(paper) == ["Innleiing", "Merknadene våre", "Avslutning"]


# --- the administrators' page --------------------------------------------------------------


def test_the_page_shows_the_built_in_skeleton_until_an_admin_saves_one(client, login_as):
    login_as("admin")
    page = text(client.get(URL))
    assert "Standardoppsettet brukes" in page
    for heading in ("Innledning", "Sammendrag", "Våre merknader", "Merknader om", "Avslutning"):
        assert f'value="{heading}"' in page
    assert "Del 4: Én del per rammebetingelse" in page
    # The other papers' skeleton has no per-condition entry to offer.
    other = text(client.get(f"{URL}/paper"))
    assert 'value="Sammendrag"' not in other and 'value="Våre merknader"' in other
    assert "Legg til én del per rammebetingelse" not in other
    assert _stored() == [] and _stored("paper") == []


def test_an_admin_saves_a_skeleton_that_new_papers_start_from(client, login_as, make_user,
                                                              make_condition):
    admin = login_as("admin")
    response = client.submit(URL, _entries(
        ("heading", "Om oss", "Om oss", "Kort om hvem som står bak uttalelsen."),
        ("heading", "Hovedpunkter", "Hovudpunkt", ""),
        ("conditions", "Om", "", "Hva betyr endringen for oss?"),
        ("heading", "Kontakt", "", "")))
    assert response.status_code == 302
    assert _stored() == [
        ("heading", "Om oss", "Om oss", "Kort om hvem som står bak uttalelsen."),
        ("heading", "Hovedpunkter", "Hovudpunkt", ""),
        ("conditions", "Om", "", "Hva betyr endringen for oss?"),
        ("heading", "Kontakt", "", "")]
    page = text(client.get(URL))
    assert "Standardoppsettet brukes" not in page and admin.name in page

    hearing = _hearing(make_condition("Kulturminneloven"))
    staff = make_user("staff")
    bokmal = services.draft_for_hearing(hearing, staff)
    assert [(s["heading"], s["body"]) for s in bokmal.current.sections] == [
        ("Om oss", "Kort om hvem som står bak uttalelsen."), ("Hovedpunkter", ""),
        ("Om Kulturminneloven", "Hva betyr endringen for oss?"), ("Kontakt", "")]
    nynorsk = services.create_paper(title="Fråsegn", author=staff, skeleton="hearing",
                                    language="nn", conditions=list(hearing.conditions))
    # Nynorsk headings where given, else the bokmål ones.
    assert _headings(nynorsk) == ["Om oss", "Hovudpunkt", "Om Kulturminneloven", "Kontakt"]
    # The other papers' skeleton is untouched: still the built-in one.
    plain = services.create_paper(title="Notat", author=staff)
    assert _headings(plain) == ["Innledning", "Våre merknader", "Avslutning"]


def test_adding_moving_and_removing_entries_saves_nothing_until_saved(client, login_as):
    login_as("admin")
    data = _entries(("heading", "Første", "", ""), ("heading", "Andre", "", ""))
    page = text(client.submit(URL, data | {"action": "down-0"}))
    assert page.index('value="Andre"') < page.index('value="Første"')
    page = text(client.submit(URL, data | {"action": "add-heading"}))
    assert "Del 3" in page and 'name="entries-2-heading_nb"' in page
    page = text(client.submit(URL, data | {"action": "add-conditions"}))
    assert "Del 3: Én del per rammebetingelse" in page
    assert 'name="entries-2-kind" type="hidden" value="conditions"' in page
    page = text(client.submit(URL, data | {"action": "remove-0"}))
    assert 'value="Første"' not in page and 'value="Andre"' in page
    assert _stored() == []


def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, login_as):
    login_as("admin")
    saved = [("heading", "Innledning", "Innleiing", ""), ("heading", "Avslutning", "", "")]
    assert client.submit(URL, _entries(*saved)).status_code == 302

    refused = [
        (_entries(("heading", "", "", "")), "Skriv overskriften."),
        (_entries(("heading", "Innledning", "", ""), ("heading", "   ", "Tom", "")),
         "Del 2: Skriv overskriften."),
        (_entries(("heading", "O" * 101, "", "")), "Overskriften kan ha høyst 100 tegn."),
        (_entries(("heading", "Innledning", "N" * 101, "")),
         "Overskriften kan ha høyst 100 tegn."),
        (_entries(("heading", "Innledning", "", "x" * 2001)),
         "Startteksten kan ha høyst 2000 tegn."),
        (_entries(*[("heading", f"Del {i}", "", "") for i in range(30)]),
         "Disposisjonen kan ha høyst 20 deler."),
        (_entries(("conditions", "Om", "", ""), ("conditions", "Merknader om", "", "")),
         "Bare én del kan bli én del per rammebetingelse."),
        (_entries(("chapter", "Innledning", "", "")), "Ukjent slags del."),
    ]
    for data, message in refused:
        response = client.submit(URL, data)
        assert response.status_code == 422, message
        page = text(response)
        assert "Skjemaet har feil – ingenting er lagret" in page and message in page
        assert _stored() == saved, message
    # Other papers have no hearing to take conditions from.
    response = client.submit(f"{URL}/paper", _entries(("conditions", "Om", "", "")))
    assert response.status_code == 422
    assert "Bare høringssvar har rammebetingelser fra høringen." in text(response)
    assert _stored("paper") == []


def test_a_twenty_first_entry_cannot_be_added(client, login_as):
    login_as("admin")
    data = _entries(*[("heading", f"Del {i}", "", "") for i in range(20)])
    response = client.submit(URL, data | {"action": "add-heading"})
    assert response.status_code == 422
    page = text(response)
    assert "Disposisjonen kan ha høyst 20 deler. Fjern en del før du legger til en ny." in page
    assert 'name="entries-20-heading_nb"' not in page
    assert "Legg til en del" not in page
    assert _stored() == []


def test_an_admin_goes_back_to_the_built_in_skeleton(client, login_as, make_user):
    login_as("admin")
    client.submit(URL, _entries(("heading", "Alt i ett", "", "")))
    assert "Bruk standardoppsettet igjen" in text(client.get(URL))
    response = client.submit(URL, {"action": "reset"})
    assert response.status_code == 302
    assert _stored() == []
    paper = services.draft_for_hearing(_hearing(), make_user("staff"))
    assert _headings(paper) == ["Innledning", "Sammendrag", "Våre merknader", "Avslutning"]


def test_without_a_token_nothing_is_saved_or_reset(client, login_as):
    login_as("admin")
    client.submit(URL, _entries(("heading", "Alt i ett", "", "")))
    assert client.post(URL, data=_entries(("heading", "Annet", "", ""))).status_code == 400
    assert client.post(URL, data={"action": "reset"}).status_code == 400
    assert _stored() == [("heading", "Alt i ett", "", "")]


@pytest.mark.parametrize("role", ["staff", "partner", "viewer"])
def test_only_admins_see_or_change_the_skeleton(client, login_as, role):
    login_as(role)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}/paper").status_code == 403
    token = client.token("/logout")
    response = client.post(URL, data=_entries(("heading", "Kapittel 1", "", ""))
                           | {"csrf_token": token})
    assert response.status_code == 403
    response = client.post(URL, data={"action": "reset", "csrf_token": token})
    assert response.status_code == 403
    assert count(SkeletonEntry) == 0
