"""The contacts log with the state (/dialog/): forms, bad input, who sees what, history
panels, the change log and what the pages cost."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation
from advocacy.bodies.models import BodyPerson
from advocacy.clock import OSLO
from advocacy.dialogue.models import Contact, FollowUp
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing
from advocacy.papers import services as paper_services
from tests.conftest import FIXED_NOW
from tests.test_query_counts import count_queries

TODAY = FIXED_NOW.astimezone(OSLO).date()  # Thursday 26.11.2026


@pytest.fixture
def kdd_secretary(make_body):
    kdd = make_body("Kommunal- og distriktsdepartementet", "KDD")
    person = BodyPerson(body=kdd, name="Stine Statssekretær", role="statssekretaer")
    db.session.add(person)
    db.session.commit()
    return person


def _hearing(title="Høring om inntektssystemet") -> Hearing:
    hearing = Hearing(title=title, issuer="Kommunal- og distriktsdepartementet",
                      deadline_at=hearing_services.deadline_at(TODAY + timedelta(days=30)))
    db.session.add(hearing)
    db.session.commit()
    return hearing


def _form(**fields) -> dict:
    data = {"kind": "meeting", "title": "Møte med statssekretæren om inntektssystemet",
            "occurred_on": "24.11.2026", "occurred_time": "13:30", "status": "held",
            "summary": "Vi la fram Buskerud-benkens felles innspill.",
            "agreed": "Departementet ser på distriktsindeksen."}
    data.update(fields)
    return data


def _contact(title="Møte om inntektssystemet", *, day=TODAY - timedelta(days=2),
             shared_with=(), is_exempt=False, **links) -> Contact:
    contact = Contact(kind="meeting", title=title, occurred_on=day, status="held",
                      is_exempt=is_exempt,
                      exemption_basis="offentleglova § 14 første ledd" if is_exempt else "",
                      shared_with=list(shared_with), **links)
    db.session.add(contact)
    db.session.commit()
    return contact


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- Logging a contact --------------------------------------------------------------------


def test_an_adviser_logs_a_meeting_about_two_conditions_and_their_pages_show_it(
        client, login_as, make_condition, kdd_secretary):
    me = login_as("staff")
    first, second = make_condition("Inntektssystemet"), make_condition("Distriktstilskudd")
    response = client.submit("/dialog/ny", _form(
        our_people=str(me.id), their_people=str(kdd_secretary.id),
        conditions=[str(first.id), str(second.id)]))
    assert response.status_code == 302
    contact = db.session.scalar(select(Contact))
    assert response.headers["Location"].endswith(f"/dialog/{contact.id}")
    assert contact.occurred_time == time(13, 30) and contact.created_by_id == me.id
    assert [c.title for c in contact.conditions] == ["Distriktstilskudd", "Inntektssystemet"]

    page = client.get(f"/dialog/{contact.id}").get_data(as_text=True)
    assert "24.11.2026 kl. 13:30" in page and "Gjennomført" in page
    assert "Stine Statssekretær" in page and "Statssekretær" in page
    for condition in (first, second):
        history = client.get(f"/conditions/{condition.id}").get_data(as_text=True)
        assert "Dialog med staten" in history
        assert f'href="/dialog/{contact.id}"' in history
    assert f'href="/dialog/{contact.id}"' in client.get(
        f"/etater/personer/{kdd_secretary.id}").get_data(as_text=True)


def test_the_history_is_newest_first(client, login_as, make_condition):
    login_as("staff")
    condition = make_condition()
    _contact("Eldst", day=date(2026, 1, 5), conditions=[condition])
    _contact("Nyest", day=date(2026, 11, 20), conditions=[condition])
    _contact("Midt i", day=date(2026, 6, 1), conditions=[condition])
    page = client.get(f"/conditions/{condition.id}").get_data(as_text=True)
    assert page.index("Nyest") < page.index("Midt i") < page.index("Eldst")


def test_a_new_contact_from_a_hearing_page_is_linked_to_the_hearing(client, login_as):
    login_as("staff")
    hearing = _hearing()
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert f'href="/dialog/ny?hearing={hearing.id}"' in page
    form = client.get(f"/dialog/ny?hearing={hearing.id}").get_data(as_text=True)
    assert f'name="hearings" value="{hearing.id}" checked' in form


def test_a_future_contact_can_only_be_planned(client, login_as):
    login_as("staff")
    next_week = (TODAY + timedelta(days=7)).strftime("%d.%m.%Y")
    response = client.submit("/dialog/ny", _form(occurred_on=next_week, status="held"))
    assert response.status_code == 422
    assert "kan ikke være gjennomført" in response.get_data(as_text=True)
    # Later today counts as the future too.
    response = client.submit("/dialog/ny", _form(occurred_on=TODAY.strftime("%d.%m.%Y"),
                                                 occurred_time="23:00", status="held"))
    assert response.status_code == 422
    assert _count(Contact) == 0

    response = client.submit("/dialog/ny", _form(occurred_on=next_week, status="planned"))
    assert response.status_code == 302
    assert db.session.scalar(select(Contact.status)) == "planned"


def test_an_exempt_contact_needs_its_legal_basis(client, login_as):
    login_as("staff")
    response = client.submit("/dialog/ny", _form(is_exempt="y", exemption_basis=" "))
    assert response.status_code == 422
    assert "Skriv hjemmelen for unntak" in response.get_data(as_text=True)
    assert _count(Contact) == 0
    response = client.submit("/dialog/ny", _form(is_exempt="y",
                                                 exemption_basis="offentleglova § 15"))
    assert response.status_code == 302
    contact = db.session.scalar(select(Contact))
    assert contact.is_exempt and contact.exemption_basis == "offentleglova § 15"


@pytest.mark.parametrize(("field", "message"), [
    ("conditions", "Rammebetingelsen finnes ikke"),
    ("hearings", "Høringen finnes ikke"),
    ("papers", "Uttalelsen finnes ikke"),
    ("their_people", "Personen finnes ikke"),
    ("bodies", "Etaten finnes ikke"),
])
def test_unknown_ids_are_refused(client, login_as, field, message):
    login_as("staff")
    for value in ("99999", "abc"):
        response = client.submit("/dialog/ny", _form(**{field: value}))
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert _count(Contact) == 0


def test_unknown_users_and_organisations_are_refused(client, login_as):
    login_as("staff")
    for field in ("our_people", "partners", "shared_with"):
        response = client.submit("/dialog/ny", _form(**{field: "99999"}))
        assert response.status_code == 422, field
    assert _count(Contact) == 0


def test_editing_changes_links_and_is_in_the_change_log(client, login_as, make_condition):
    login_as("staff")
    old, new = make_condition("Gammel"), make_condition("Ny")
    contact = _contact(conditions=[old])
    response = client.submit(f"/dialog/{contact.id}/rediger",
                             _form(title="Nytt navn", conditions=str(new.id)))
    assert response.status_code == 302
    db.session.expire_all()
    assert [c.title for c in contact.conditions] == ["Ny"]
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "contact", AuditEvent.action == "update"))
    assert event.changes["title"] == ["Møte om inntektssystemet", "Nytt navn"]
    assert event.changes["conditions"] == [["Gammel"], ["Ny"]]
    log = client.get(f"/audit/?type=contact&id={contact.id}").get_data(as_text=True)
    assert "Kontakt med staten" in log and "Rammebetingelser" in log


def test_deleting_a_contact_deletes_its_follow_ups_and_is_logged(client, login_as,
                                                                  make_condition):
    me = login_as("staff")
    condition = make_condition()
    contact = _contact(conditions=[condition])
    contact.follow_ups = [FollowUp(title="Ring KDD", responsible=me, due_on=TODAY)]
    db.session.commit()
    contact_id = contact.id
    response = client.submit(f"/dialog/{contact_id}/slett")
    assert response.status_code == 302
    assert _count(Contact) == 0 and _count(FollowUp) == 0
    assert db.session.get(type(condition), condition.id) is not None
    assert db.session.scalar(select(AuditEvent.object_label).where(
        AuditEvent.object_type == "contact", AuditEvent.action == "delete",
        AuditEvent.object_id == contact_id)) == "Møte om inntektssystemet"


def test_the_people_picker_finds_by_name_and_by_body(client, login_as, kdd_secretary,
                                                     make_body):
    login_as("staff")
    sd = make_body("Samferdselsdepartementet", "SD")
    db.session.add(BodyPerson(body=sd, name="Jon Ekspedisjonssjef", role="ekspedisjonssjef"))
    db.session.add(BodyPerson(body=sd, name="Øystein Ås", role="ekspedisjonssjef"))
    db.session.commit()

    def names(query: str) -> list[str]:
        response = client.get(f"/dialog/sok/personer?q={query}",
                              headers={"Accept": "application/json"})
        return [row["label"] for row in response.get_json()["results"]]

    assert names("stine") == ["Stine Statssekretær"]
    assert names("KDD") == ["Stine Statssekretær"]
    assert sorted(names("departementet")) == ["Jon Ekspedisjonssjef", "Stine Statssekretær",
                                            "Øystein Ås"]
    assert names("%") == [] and names("") == []
    # Case is ignored for æøå as for a–z, on SQLite as on PostgreSQL.
    assert names("øystein") == names("ØYSTEIN ÅS") == ["Øystein Ås"]
    page = client.get("/dialog/sok/personer?q=kdd").get_data(as_text=True)
    assert "Statssekretær, Kommunal- og distriktsdepartementet (KDD)" in page


# --- Who sees what ------------------------------------------------------------------------


@pytest.fixture
def partner_world(make_user, make_condition):
    """A partner in Drammen; contacts shared with Drammen or Lier, public or exempt."""
    drammen = Organisation(name="Drammen kommune", kind="municipality")
    lier = Organisation(name="Lier kommune", kind="municipality")
    db.session.add_all([drammen, lier])
    partner = make_user("partner")
    partner.organisation = drammen
    db.session.commit()
    condition = make_condition("Inntektssystemet")
    hearing = _hearing()
    links = {"conditions": [condition], "hearings": [hearing]}
    return {
        "partner": partner, "condition": condition, "hearing": hearing,
        "shared": _contact("Delt og offentlig", shared_with=[drammen], **links),
        "exempt": _contact("Delt men unntatt", shared_with=[drammen], is_exempt=True, **links),
        "other": _contact("Delt med Lier", shared_with=[lier], **links),
        "private": _contact("Ikke delt", **links),
    }


def test_a_partner_sees_only_public_contacts_shared_with_their_organisation(
        client, partner_world):
    client.login(partner_world["partner"])
    assert client.get(f"/dialog/{partner_world['shared'].id}").status_code == 200
    for hidden in ("exempt", "other", "private"):
        contact = partner_world[hidden]
        assert client.get(f"/dialog/{contact.id}").status_code == 404, hidden
        assert client.get(f"/dialog/{contact.id}/rediger").status_code == 404, hidden
    listing = client.get("/dialog/").get_data(as_text=True)
    assert "Delt og offentlig" in listing
    assert "1 kontakter" in listing
    for title in ("Delt men unntatt", "Delt med Lier", "Ikke delt"):
        assert title not in listing
    for page in (f"/conditions/{partner_world['condition'].id}",
                 f"/hearings/{partner_world['hearing'].id}"):
        history = client.get(page).get_data(as_text=True)
        assert "Delt og offentlig" in history, page
        for title in ("Delt men unntatt", "Delt med Lier", "Ikke delt"):
            assert title not in history, page
        assert "Registrer kontakt" not in history
    # Nor can a partner change a contact they see, or add one.
    assert client.get(f"/dialog/{partner_world['shared'].id}/rediger").status_code == 403
    assert client.get("/dialog/ny").status_code == 403
    assert client.get("/dialog/sok/uttalelser?q=ut").status_code == 403


def test_a_partner_without_an_organisation_sees_none(client, make_user, partner_world):
    loner = make_user("partner")
    client.login(loner)
    assert client.get(f"/dialog/{partner_world['shared'].id}").status_code == 404
    assert "Delt og offentlig" not in client.get("/dialog/").get_data(as_text=True)


def test_a_viewer_reads_every_contact_and_changes_none(client, login_as, partner_world):
    login_as("viewer")
    exempt = partner_world["exempt"]
    page = client.get(f"/dialog/{exempt.id}").get_data(as_text=True)
    assert "Unntatt offentlighet, offentleglova § 14 første ledd" in page
    assert "Rediger" not in page
    assert "4 kontakter" in client.get("/dialog/").get_data(as_text=True)
    assert client.get(f"/dialog/{exempt.id}/rediger").status_code == 403
    response = client.submit(f"/dialog/{exempt.id}/slett", form_url=f"/dialog/{exempt.id}")
    assert response.status_code == 403
    assert db.session.get(Contact, exempt.id) is not None


def test_a_partner_sees_only_the_papers_they_are_invited_to(client, partner_world, make_user):
    staff = make_user("staff")
    secret = paper_services.create_paper(title="Intern uttalelse", author=staff)
    db.session.flush()
    partner_world["shared"].papers = [secret]
    db.session.commit()
    client.login(partner_world["partner"])
    assert "Intern uttalelse" not in client.get(
        f"/dialog/{partner_world['shared'].id}").get_data(as_text=True)


# --- The list -----------------------------------------------------------------------------


def test_the_list_searches_filters_and_sorts(client, login_as):
    me = login_as("staff")
    _contact("Brev om fylkesveiene", day=date(2026, 3, 1)).kind = "letter"
    mine = _contact("Møte om jernbanen", day=date(2026, 5, 1), our_people=[me])
    _contact("Telefon om flom", day=date(2026, 4, 1)).kind = "phone"
    db.session.commit()

    def titles(query: str) -> list[str]:
        page = client.get("/dialog/" + query).get_data(as_text=True)
        return [t for t in ("Brev om fylkesveiene", "Møte om jernbanen", "Telefon om flom")
                if t in page]

    assert titles("?q=jernbane") == ["Møte om jernbanen"]
    assert titles("?kind=letter") == ["Brev om fylkesveiene"]
    assert titles("?mine=y") == [mine.title]
    page = client.get("/dialog/?sort=dato").get_data(as_text=True)
    assert page.index("fylkesveiene") < page.index("flom") < page.index("jernbanen")
    page = client.get("/dialog/").get_data(as_text=True)  # newest first
    assert page.index("jernbanen") < page.index("flom") < page.index("fylkesveiene")
    assert client.get("/dialog/?kind=ukjent&sort=drop%20table").status_code == 200


def _many(n: int, start: int, staff, condition, person, organisation) -> None:
    for i in range(start, start + n):
        contact = Contact(kind="meeting", title=f"Møte {i:03d}", occurred_on=date(2026, 1, 1),
                          status="held", our_people=[staff], their_people=[person],
                          conditions=[condition], shared_with=[organisation])
        contact.follow_ups = [FollowUp(title=f"Oppfølging {i}", responsible=staff,
                                       due_on=date(2026, 12, 1))]
        db.session.add(contact)
    db.session.commit()


def test_list_and_detail_cost_the_same_with_few_or_many_rows(
        app, client, make_user, make_condition, kdd_secretary):
    app.config["PER_PAGE"] = 50
    staff = make_user("staff")
    client.login(staff)
    organisation = Organisation(name="Drammen kommune", kind="municipality")
    db.session.add(organisation)
    condition = make_condition()
    _many(2, 0, staff, condition, kdd_secretary, organisation)
    first = db.session.scalar(select(Contact).order_by(Contact.id))

    def cost(url: str) -> int:
        db.session.expunge_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    pages = ["/dialog/", "/dialog/?q=m%C3%B8te&sort=tittel", f"/conditions/{condition.id}",
             f"/dialog/{first.id}"]
    ids = staff.id, condition.id, kdd_secretary.id, organisation.id
    few = {url: cost(url) for url in pages}
    staff, condition, person, organisation = (
        db.session.get(model, i) for model, i in zip(
            (type(staff), type(condition), BodyPerson, Organisation), ids, strict=True))
    _many(40, 2, staff, condition, person, organisation)
    more = [BodyPerson(body=person.body, name=f"Person {i}", role="saksbehandler")
            for i in range(10)]
    extra = [make_condition() for _ in range(10)]
    db.session.add_all(more)
    first = db.session.get(Contact, first.id)
    first.their_people = [*first.their_people, *more]
    first.conditions = [*first.conditions, *extra]
    first.follow_ups.extend(FollowUp(title=f"Mer {i}", responsible=staff,
                                     due_on=date(2026, 12, 2)) for i in range(10))
    db.session.commit()
    assert {url: cost(url) for url in pages} == few


# --- Follow-ups ---------------------------------------------------------------------------


def test_follow_ups_are_added_done_and_refused_without_a_due_date(client, login_as):
    me = login_as("staff")
    contact = _contact()
    url = f"/dialog/{contact.id}/oppfolging/ny"
    response = client.submit(url, {"title": "Send tallgrunnlaget", "responsible_id": str(me.id),
                                   "due_on": ""})
    assert response.status_code == 422
    response = client.submit(url, {"title": "Send tallgrunnlaget", "responsible_id": "99999",
                                   "due_on": "03.12.2026"})
    assert response.status_code == 422
    assert _count(FollowUp) == 0
    response = client.submit(url, {"title": "Send tallgrunnlaget", "responsible_id": str(me.id),
                                   "due_on": "03.12.2026"})
    assert response.status_code == 302
    follow_up = db.session.scalar(select(FollowUp))
    assert follow_up.due_on == date(2026, 12, 3) and not follow_up.is_done
    client.submit(f"/dialog/oppfolging/{follow_up.id}/utfort", form_url=f"/dialog/{contact.id}")
    db.session.refresh(follow_up)
    assert follow_up.is_done
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.object_type == "follow_up")) == 2


def test_a_viewer_cannot_touch_follow_ups(client, make_user):
    staff = make_user("staff")
    contact = _contact()
    contact.follow_ups = [FollowUp(title="Ring tilbake", responsible=staff, due_on=TODAY)]
    db.session.commit()
    viewer = make_user("viewer")
    client.login(viewer)
    follow_up = contact.follow_ups[0]
    assert client.get(f"/dialog/oppfolging/{follow_up.id}/rediger").status_code == 403
    response = client.submit(f"/dialog/oppfolging/{follow_up.id}/utfort", form_url="/profile")
    assert response.status_code == 403
    assert not db.session.get(FollowUp, follow_up.id).is_done


# --- The demo -----------------------------------------------------------------------------


def test_the_demo_has_meetings_and_letters_on_top_conditions_and_seeds_once(app):
    from advocacy.conditions.services import leverage_ranking
    from advocacy.demo import seed_demo

    seed_demo()
    contacts = db.session.scalars(select(Contact).order_by(Contact.occurred_on)).all()
    assert {c.kind for c in contacts} == {"meeting", "letter"}
    people = {p.name: p for c in contacts for p in c.their_people}
    assert {(p.body.short_name or p.body.name, p.role) for p in people.values()} == {
        ("KDD", "statssekretaer"), ("SD", "ekspedisjonssjef"),
        ("Stortinget", "stortingsrepresentant")}
    members = [p for p in people.values() if p.role == "stortingsrepresentant"]
    assert len(members) == 2 and all(p.party and p.committee for p in members)
    top = {r.condition.id for r in leverage_ranking(5)}
    assert all(top & {c.id for c in contact.conditions} for contact in contacts)
    open_follow_ups = [f for c in contacts for f in c.follow_ups if not f.is_done]
    assert len(open_follow_ups) == 1
    for contact in contacts:  # every one would pass the form's rules
        assert contact.status == "planned" or contact.occurred_on <= TODAY
        assert not contact.is_exempt or contact.exemption_basis

    counts = (_count(Contact), _count(FollowUp), _count(BodyPerson))
    assert not seed_demo().changed
    assert (_count(Contact), _count(FollowUp), _count(BodyPerson)) == counts
