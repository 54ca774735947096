"""A condition's timeline: links, hearings, uttalelser and outcomes, newest first, in one
place, showing only what the reader may see (issue 15, item 5)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

from bs4 import BeautifulSoup

from advocacy import clock
from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing
from advocacy.papers import services as paper_services
from advocacy.papers.models import Invitation, Outcome
from tests.conftest import Client
from tests.helpers import text
from tests.test_query_counts import count_queries


def _moment(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def _events(page: str) -> list[tuple[str, str, str]]:
    """(year heading, «dd.mm.åååå · kind», text) for each event, in page order."""
    soup = BeautifulSoup(page, "html.parser")
    found = []
    for section in soup.select("section.timeline"):
        year = section.h2.get_text(strip=True)
        for item in section.select("li"):
            when, what = item.find_all("p")
            found.append((year, " ".join(when.get_text(" ", strip=True).split()),
                          what.get_text(" ", strip=True)))
    return found


def _world(make_condition, make_measure, make_link, make_user):
    staff = make_user("staff")
    condition = make_condition("Inntektssystemet for fylkeskommunene",
                               created_at=_moment(2025, 3, 3, 9, 0))
    link = make_link(make_measure("Flere unge i arbeid"), condition, "hinders", 3)
    link.created_at = _moment(2025, 5, 12, 12, 30)
    hearing = Hearing(title="Høring om inntektssystemet", issuer="Kommunal- og "
                      "distriktsdepartementet", published_on=date(2026, 1, 10),
                      deadline_at=hearing_services.deadline_at(date(2026, 4, 15)))
    hearing.conditions = [condition]
    db.session.add(hearing)
    paper = paper_services.create_paper(title="Høringssvar om inntektssystemet", author=staff,
                                        hearing=hearing)
    paper.created_at = _moment(2026, 2, 2, 8, 0)
    paper.conditions = [condition]
    paper.submitted_on = date(2026, 4, 14)
    drammen = Organisation(name="Drammen kommune", kind="municipality",
                           municipality_number="3301")
    paper.invitations.append(Invitation(organisation=drammen, sign_by=date(2026, 4, 1)))
    internal = paper_services.create_paper(title="Internt notat om kostnadsnøkkelen",
                                           author=staff)
    internal.created_at = _moment(2026, 6, 1, 8, 0)
    internal.conditions = [condition]
    db.session.add(Outcome(paper=paper, condition=condition, result="partly",
                           decided_on=date(2026, 10, 6), note="Statsbudsjettet for 2027."))
    db.session.commit()
    return condition, drammen


def test_the_timeline_tells_the_conditions_history_newest_first(
        client, login_as, make_condition, make_measure, make_link, make_user):
    condition, _ = _world(make_condition, make_measure, make_link, make_user)
    login_as("viewer")
    detail = text(client.get(f"/conditions/{condition.id}"))
    assert f'href="/conditions/{condition.id}/tidslinje"' in detail
    events = _events(text(client.get(f"/conditions/{condition.id}/tidslinje")))
    assert events == [
        ("2026", "06.10.2026 · Gjennomslag", "Delvis gjennomslag hos staten (etter "
         "«Høringssvar om inntektssystemet»). Statsbudsjettet for 2027."),
        ("2026", "01.06.2026 kl. 10:00 · Uttalelse",
         "Arbeidet med «Internt notat om kostnadsnøkkelen» begynte."),
        ("2026", "15.04.2026 kl. 23:59 · Høringsfrist",
         "Frist for å svare på «Høring om inntektssystemet»."),
        ("2026", "14.04.2026 · Uttalelse", "«Høringssvar om inntektssystemet» ble sendt inn."),
        ("2026", "02.02.2026 kl. 09:00 · Uttalelse",
         "Arbeidet med «Høringssvar om inntektssystemet» begynte."),
        ("2026", "10.01.2026 · Høring", "«Høring om inntektssystemet» sendt på høring fra "
         "Kommunal- og distriktsdepartementet."),
        ("2025", "12.05.2025 kl. 14:30 · Kobling",
         "Koblet til tiltaket «Flere unge i arbeid»: hindrer, styrke 3 – sterk."),
        ("2025", "03.03.2025 kl. 10:00 · Registrert", "Rammebetingelsen ble registrert."),
    ]


def test_a_partner_sees_only_the_uttalelser_of_their_organisation(
        client, make_condition, make_measure, make_link, make_user):
    condition, drammen = _world(make_condition, make_measure, make_link, make_user)
    partner = make_user("partner")
    partner.organisation = drammen
    db.session.commit()
    client.login(partner)
    page = text(client.get(f"/conditions/{condition.id}/tidslinje"))
    assert "Høringssvar om inntektssystemet" in page
    assert "Internt notat" not in page


def test_changes_of_status_are_told_to_those_who_may_read_the_change_log(
        app, client, login_as, make_condition, make_user):
    condition = make_condition("Kulturminneloven", status="monitoring")
    assert condition.status == "monitoring"  # loaded, as the edit form loads it
    condition.status = "active"
    db.session.commit()
    login_as("staff")
    change = "Status endret fra «Følges med på» til «Aktivt påvirkningsarbeid»."
    assert change in text(client.get(f"/conditions/{condition.id}/tidslinje"))
    viewer = Client(app.test_client())
    viewer.login(make_user("viewer"))
    page = text(viewer.get(f"/conditions/{condition.id}/tidslinje"))
    assert "Rammebetingelsen ble registrert." in page and change not in page


def test_meetings_about_the_condition_are_in_its_timeline_for_those_who_may_see_them(
        app, client, login_as, make_condition, make_user):
    from advocacy.dialogue.models import Contact

    condition = make_condition("Inntektssystemet")
    drammen = Organisation(name="Drammen kommune", kind="municipality",
                           municipality_number="3301")
    db.session.add_all([
        Contact(kind="meeting", title="Møte med statssekretæren i KDD",
                occurred_on=date(2026, 11, 2), occurred_time=time(10, 30), status="held",
                conditions=[condition], shared_with=[drammen]),
        Contact(kind="letter", title="Brev til finanskomiteen", occurred_on=date(2026, 10, 1),
                status="held", conditions=[condition], is_exempt=True,
                exemption_basis="Offl. § 14", shared_with=[drammen]),
        Contact(kind="meeting", title="Møte med Stortingets benk", status="planned",
                occurred_on=date(2026, 12, 10), conditions=[condition]),
    ])
    db.session.commit()
    login_as("staff")
    events = _events(text(client.get(f"/conditions/{condition.id}/tidslinje")))
    assert ("2026", "10.12.2026 · Møte", "Møte med Stortingets benk (planlagt)") in events
    assert ("2026", "02.11.2026 kl. 10:30 · Møte", "Møte med statssekretæren i KDD") in events
    assert ("2026", "01.10.2026 · Brev", "Brev til finanskomiteen") in events
    # A partner sees only the public meeting shared with their organisation.
    partner = make_user("partner")
    partner.organisation = drammen
    db.session.commit()
    other = Client(app.test_client())
    other.login(partner)
    seen = [e[2] for e in _events(text(other.get(f"/conditions/{condition.id}/tidslinje")))]
    assert "Møte med statssekretæren i KDD" in seen
    assert "Brev til finanskomiteen" not in seen
    assert "Møte med Stortingets benk (planlagt)" not in seen


def test_a_missing_condition_has_no_timeline(client, login_as):
    login_as("staff")
    assert client.get("/conditions/999999/tidslinje").status_code == 404


def test_the_timeline_costs_the_same_for_few_or_many_events(
        client, login_as, make_condition, make_measure, make_link, make_user):
    from advocacy.dialogue.models import Contact

    login_as("staff")
    staff = make_user("staff")
    condition = make_condition("Vegloven")

    def add(n: int) -> int:
        for i in range(n):
            make_link(make_measure(), condition)
            hearing = Hearing(title=f"Høring {clock.now().isoformat()} {i}", issuer="SD",
                              deadline_at=hearing_services.deadline_at(date(2027, 1, 1 + i % 28)))
            hearing.conditions = [condition]
            db.session.add(hearing)
            paper = paper_services.create_paper(title=f"Uttalelse {i}", author=staff)
            paper.conditions = [condition]
            db.session.add(Outcome(paper=paper, condition=condition, result="adopted",
                                   decided_on=date(2026, 1, 1 + i % 28)))
            db.session.add(Contact(kind="phone", title=f"Samtale {i}", status="held",
                                   occurred_on=date(2026, 2, 1 + i % 28),
                                   conditions=[condition]))
        db.session.commit()
        with count_queries() as statements:
            page = text(client.get(f"/conditions/{condition.id}/tidslinje"))
        assert len(re.findall(r"<li>", page)) >= 5 * n
        return len(statements)

    assert add(2) == add(20)
