""""Mitt arbeid" on the overview: each role sees its own next steps, in fixed queries."""

from datetime import date, datetime, timedelta

from advocacy.auth.models import Organisation
from advocacy.clock import OSLO
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing, Milestone
from advocacy.papers import services as paper_services
from advocacy.papers.models import Answer, Invitation
from tests.conftest import FIXED_NOW
from tests.test_query_counts import count_queries

TODAY = FIXED_NOW.astimezone(OSLO).date()  # Thursday 26.11.2026


def _hearing(title, days_ahead, responsible=None, **fields):
    hearing = Hearing(title=title, issuer="Kommunal- og distriktsdepartementet",
                      deadline_at=hearing_services.deadline_at(TODAY + timedelta(days=days_ahead)),
                      responsible=responsible, **fields)
    db.session.add(hearing)
    return hearing


def _section(client) -> str:
    page = client.get("/").get_data(as_text=True)
    start = page.find('id="my-work-heading"')
    return page[start:page.find("</section>", start)] if start >= 0 else ""


def test_an_adviser_sees_own_deadlines_and_milestones_of_the_next_two_weeks(
        client, login_as, make_user):
    me = login_as("staff")
    colleague = make_user("staff")
    _hearing("Min nære høring", 10, me)
    far = _hearing("Min fjerne høring", 40, me)
    far.milestones.append(Milestone(kind="political_meeting", title="Fylkesutvalget",
                                    offset_days=30))  # 10 days from now
    very_far = _hearing("Høring neste år", 300, me)
    very_far.milestones.append(Milestone(kind="other", title="Innspillsmøte",
                                         fixed_at=datetime.combine(TODAY + timedelta(days=3),
                                                                   datetime.min.time(), OSLO)
                                         .replace(hour=12)))
    _hearing("Kollegaens høring", 5, colleague)
    _hearing("Høring om tre uker", 21, me)
    db.session.commit()

    section = _section(client)
    assert "Mine frister de neste 14 dagene" in section
    assert "Høringsfrist: <a" in section and "Min nære høring" in section
    assert "Fylkesutvalget" in section and "Min fjerne høring" in section
    assert "Innspillsmøte" in section and "Høring neste år" in section
    assert "Kollegaens høring" not in section.split("Høringer uten ansvarlig")[0]
    assert "Høring om tre uker" not in section


def test_an_adviser_sees_papers_in_signing_and_hearings_without_anyone(client, login_as):
    me = login_as("staff")
    for i in range(7):
        _hearing(f"Uten ansvarlig {i}", 30 + i)
    _hearing("Avsluttet uten ansvarlig", 5, status="submitted")
    paper = paper_services.create_paper(title="Felles uttalelse om inntektssystemet", author=me)
    paper.status = "signing"
    org = Organisation(name="Drammen kommune", kind="municipality", municipality_number="3301")
    paper.invitations.append(Invitation(organisation=org, sign_by=date(2026, 12, 10)))
    paper_services.create_paper(title="Et utkast", author=me)
    db.session.commit()

    section = _section(client)
    assert "Felles uttalelse om inntektssystemet</a> – 0 av 1 har signert" in section
    assert "Et utkast" not in section
    assert section.count("Uten ansvarlig") == 5
    assert "7 åpne høringer har ingen ansvarlig" in section
    assert "Avsluttet uten ansvarlig" not in section


def test_a_partner_reaches_the_sign_page_in_one_click(client, make_user, login_as):
    staff = make_user("staff")
    drammen = Organisation(name="Drammen kommune", kind="municipality",
                           municipality_number="3301")
    lier = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    waiting = paper_services.create_paper(title="Uttalelse som venter", author=staff)
    waiting.status = "signing"
    waiting.invitations.append(Invitation(organisation=drammen, sign_by=date(2026, 12, 10)))
    signed = paper_services.create_paper(title="Uttalelse vi signerte", author=staff)
    signed.invitations.append(Invitation(organisation=drammen, sign_by=date(2026, 11, 1),
                                         answer=Answer.SIGNED,
                                         answered_at=FIXED_NOW - timedelta(days=3)))
    other = paper_services.create_paper(title="Bare for Lier", author=staff)
    other.status = "signing"
    other.invitations.append(Invitation(organisation=lier, sign_by=date(2026, 12, 10)))
    partner = make_user("partner")
    partner.organisation = drammen
    db.session.commit()
    client.login(partner)

    section = _section(client)
    assert "Venter på svar fra Drammen kommune" in section
    assert "Uttalelse som venter" in section and "svar innen 10.12.2026" in section
    assert "Signert av Drammen kommune" in section and "Uttalelse vi signerte" in section
    assert "Bare for Lier" not in section
    link = f'/papers/{waiting.id}/sign'
    assert f'href="{link}"' in section
    assert client.get(link).status_code == 200


def test_a_viewer_has_no_work_list_but_the_next_deadlines(client, login_as):
    login_as("viewer")
    _hearing("Neste frist", 5)
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Mitt arbeid" not in page
    assert "Neste høringsfrister" in page and "Neste frist" in page


def test_the_overview_costs_the_same_with_few_or_many_rows(client, login_as):
    me = login_as("staff")

    def add(start, stop):
        for i in range(start, stop):
            hearing = _hearing(f"Høring {i}", 2 + i % 30, me if i % 2 else None)
            hearing_services.add_default_milestones(hearing)
            paper = paper_services.create_paper(title=f"Uttalelse {i}", author=me)
            paper.status = "signing"
        db.session.commit()

    def count():
        with count_queries() as statements:
            assert client.get("/").status_code == 200
        return len(statements)

    add(0, 3)
    few = count()
    add(3, 60)
    assert count() == few
    # 11 before the charts; the deadline timeline reads 3 more (the longest milestone
    # offset, the hearings, their milestones), the ranking and win rate charts none; the
    # follow-ups after contacts with the state one.
    assert few <= 15
