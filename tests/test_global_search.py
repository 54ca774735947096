"""One search across conditions, measures, hearings and papers."""

from datetime import date

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing
from advocacy.papers import services as paper_services
from tests.test_query_counts import count_queries


def _hearing(title, issuer="Klima- og miljødepartementet"):
    hearing = Hearing(title=title, issuer=issuer,
                      deadline_at=hearing_services.deadline_at(date(2027, 2, 15)))
    db.session.add(hearing)
    return hearing


def test_one_search_finds_every_kind(client, login_as, make_condition, make_measure):
    staff = login_as("staff")
    make_condition("Kulturminneloven", owner_body="Klima- og miljødepartementet")
    make_measure("Kulturarv som ressurs")
    _hearing("Høring – ny kulturmiljølov")
    paper_services.create_paper(title="Uttalelse om kulturmiljøloven", author=staff)
    make_condition("Inntektssystemet")
    db.session.commit()

    page = client.get("/sok?q=KULTUR").get_data(as_text=True)
    assert "4 treff på «KULTUR»." in page
    for title in ("Kulturminneloven", "Kulturarv som ressurs", "Høring – ny kulturmiljølov",
                  "Uttalelse om kulturmiljøloven"):
        assert title in page
    assert "Inntektssystemet" not in page
    # Found by the owner as well as by the title.
    assert "Kulturminneloven" in client.get("/sok?q=miljødep").get_data(as_text=True)


def test_a_partner_finds_only_papers_of_their_organisation(client, make_user):
    staff = make_user("staff")
    paper_services.create_paper(title="Intern uttalelse om veier", author=staff)
    partner = make_user("partner")
    partner.organisation = Organisation(name="Drammen kommune", kind="municipality",
                                        municipality_number="3301")
    db.session.commit()
    client.login(partner)
    page = client.get("/sok?q=veier").get_data(as_text=True)
    assert "Intern uttalelse om veier" not in page and "0 treff" in page


def test_search_costs_the_same_with_many_matches(client, login_as, make_condition):
    login_as("viewer")

    def count():
        with count_queries() as statements:
            page = client.get("/sok?q=rammebetingelse")
        assert page.status_code == 200
        return len(statements), page.get_data(as_text=True)

    for i in range(3):
        make_condition(f"Rammebetingelse {i:03d}")
    few, _ = count()
    for i in range(3, 60):
        make_condition(f"Rammebetingelse {i:03d}")
    many, page = count()
    assert many == few
    assert "Viser 10 av 60." in page and "Rammebetingelse 010" not in page


def test_search_needs_a_login(client):
    assert client.get("/sok?q=x").status_code == 302


def test_every_page_has_the_search_box_in_the_header(client, login_as):
    login_as("partner")
    page = client.get("/hearings/").get_data(as_text=True)
    header = page[page.index("<header"):page.index("</header>")]
    assert 'action="/sok"' in header and 'role="search"' in header
    assert '<label for="header-q"' in header and 'name="q"' in header
