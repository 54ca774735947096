"""The yearly platform (/platform/<year>): a draft from the ranking, items chosen and
ordered by staff, adoption that freezes it, the Word export, and who may do what."""

import io
from datetime import date

import docx
import pytest
from sqlalchemy import select

from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation
from advocacy.dialogue.models import Contact
from advocacy.extensions import db
from advocacy.papers import services as paper_services
from advocacy.papers.models import Outcome
from advocacy.platform import services
from advocacy.platform.models import Platform
from tests.test_query_counts import count_queries


def _ranked(make_condition, make_measure, make_link, plan, n=3):
    """``n`` conditions whose scores fall with their number (1 ranks first)."""
    conditions = []
    for i in range(1, n + 1):
        condition = make_condition(f"Sak {i}", our_position=f"Endre sak {i}")
        for j in range(n + 1 - i):
            make_link(make_measure(f"Tiltak {i}-{j}", goal=plan.goals[j % 2]), condition,
                      strength=3)
        conditions.append(condition)
    return conditions


@pytest.fixture
def ranked(make_condition, make_measure, make_link, plan):
    return _ranked(make_condition, make_measure, make_link, plan)


def _draft(year=2027, **fields) -> Platform:
    platform = services.create_draft(year, fields.pop("kind", "plattform"), **fields)
    db.session.commit()
    return platform


def _titles(platform) -> list[str]:
    db.session.expire_all()
    return [item.condition.title for item in db.session.get(Platform, platform.id).items]


def _docx_text(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


# --- The draft ----------------------------------------------------------------------------

def test_a_new_draft_holds_the_top_of_the_ranking_in_ranking_order(
        ranked, make_condition, make_measure, make_link):
    resolved = make_condition("Avsluttet sak", status="resolved")
    for j in range(6):
        make_link(make_measure(f"Løst {j}"), resolved, strength=3)
    make_condition("Uten koblinger")  # scores nothing: not in the ranking
    platform = _draft()
    assert platform.title == "Interessepolitisk plattform 2027"
    assert _titles(platform) == ["Sak 1", "Sak 2", "Sak 3"]
    assert [i.position for i in platform.items] == [1, 2, 3]


def test_a_draft_starts_with_at_most_ten_items(make_condition, make_measure, make_link):
    measure = make_measure()
    for i in range(12):
        make_link(measure, make_condition(f"Sak {i:02d}"))
    assert len(_draft().items) == services.DRAFT_ITEMS == 10


def test_one_platform_a_year(ranked):
    _draft(2027)
    with pytest.raises(services.PlatformError, match="allerede"):
        services.create_draft(2027, "statsbudsjett")


def test_staff_create_a_draft_and_bad_input_changes_nothing(client, login_as, ranked):
    login_as("staff")
    for data, message in (({"year": "20x7", "kind": "plattform"}, "heltall"),
                          ({"year": "1999", "kind": "plattform"}, "mellom 2000 og 2100"),
                          ({"year": "2027", "kind": "manifest"}, "")):
        response = client.submit("/platform/ny", data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Platform.id)) is None
    response = client.submit("/platform/ny", {"year": "2027", "kind": "statsbudsjett",
                                              "introduction": "Buskerud står **samlet**."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/platform/2027")
    page = client.get("/platform/2027").get_data(as_text=True)
    assert "Innspill til statsbudsjettet 2027" in page
    assert "<strong>samlet</strong>" in page
    assert page.index("Sak 1") < page.index("Sak 2") < page.index("Sak 3")
    again = client.submit("/platform/ny", {"year": "2027", "kind": "plattform"})
    assert again.status_code == 422
    assert "Det finnes allerede en plattform for 2027" in again.get_data(as_text=True)


def test_staff_reorder_remove_and_add_items_without_script(client, login_as, ranked,
                                                           make_condition):
    login_as("staff")
    platform = _draft()
    first, second, third = platform.items
    url = "/platform/2027"
    assert client.submit(f"{url}/saker/{third.id}/opp", form_url=url).status_code == 302
    assert _titles(platform) == ["Sak 1", "Sak 3", "Sak 2"]
    # At the top, «up» changes nothing.
    client.submit(f"{url}/saker/{first.id}/opp", form_url=url)
    assert _titles(platform) == ["Sak 1", "Sak 3", "Sak 2"]
    client.submit(f"{url}/saker/{first.id}/ned", form_url=url)
    assert _titles(platform) == ["Sak 3", "Sak 1", "Sak 2"]
    client.submit(f"{url}/saker/{second.id}/fjern", form_url=url)
    assert _titles(platform) == ["Sak 3", "Sak 1"]
    extra = make_condition("Ny sak")
    response = client.submit(f"{url}/saker/ny", {"condition_id": str(extra.id)})
    assert response.status_code == 302
    assert _titles(platform) == ["Sak 3", "Sak 1", "Ny sak"]
    twice = client.submit(f"{url}/saker/ny", {"condition_id": str(extra.id)})
    assert twice.status_code == 422
    assert "«Ny sak» er allerede med" in twice.get_data(as_text=True)
    missing = client.submit(f"{url}/saker/ny", {"condition_id": "999999"})
    assert missing.status_code == 422
    assert [i.position for i in db.session.get(Platform, platform.id).items] == [1, 2, 3]
    # A move without the form's token is refused.
    assert client.post(f"{url}/saker/{first.id}/opp").status_code == 400


def test_an_item_of_another_platform_is_not_found(client, login_as, ranked):
    login_as("staff")
    _draft(2027)
    other = _draft(2028)
    item = other.items[0]
    assert client.submit(f"/platform/2027/saker/{item.id}/ned",
                         form_url="/platform/2027").status_code == 404
    assert client.get(f"/platform/2027/saker/{item.id}/tekst").status_code == 404


def test_an_item_shows_why_who_the_dialogue_and_last_years_outcome(
        client, login_as, ranked, make_user):
    staff = login_as("staff")
    first = ranked[0]
    for day, title, exempt in ((date(2026, 1, 5), "Møte 1", False),
                               (date(2026, 3, 5), "Møte 2", False),
                               (date(2026, 5, 5), "Møte 3", False),
                               (date(2026, 7, 5), "Unntatt møte", True),
                               (date(2026, 9, 5), "Møte 4", False)):
        db.session.add(Contact(kind="meeting", title=title, occurred_on=day, status="held",
                               is_exempt=exempt, conditions=[first],
                               exemption_basis="offl. § 14" if exempt else ""))
    for title, decided, result in (("Uttalelse i fjor", date(2026, 6, 1), "adopted"),
                                   ("Uttalelse i forfjor", date(2025, 6, 1), "not_adopted")):
        paper = paper_services.create_paper(title=title, author=staff, recipient="KDD")
        paper.conditions = [first]
        paper.status = "submitted"
        paper.outcomes = [Outcome(condition=first, result=result, decided_on=decided)]
    # Recorded without the day of the decision: it counts in the year it was submitted.
    undated = paper_services.create_paper(title="Uttalelse uten dato", author=staff,
                                          recipient="KDD")
    undated.conditions, undated.status = [first], "submitted"
    undated.submitted_on = date(2026, 3, 1)
    undated.outcomes = [Outcome(condition=first, result="partly")]
    db.session.commit()
    _draft()
    page = client.get("/platform/2027").get_data(as_text=True)
    item = page[page.index("1. "):page.index("2. ")]
    assert "Endre sak 1" in item
    assert "Holder tilbake 3 tiltak" in item and "Tiltak 1-2" in item
    assert "Mer innenforskap" in item
    # The newest three public contacts, newest first; the exempt one is not named.
    assert "Møte 4" in item and "Møte 3" in item and "Møte 2" in item
    assert "Møte 1" not in item and "Unntatt møte" not in item
    assert item.index("Møte 4") < item.index("Møte 2")
    assert "Utfallet i 2026" in item and "Fikk gjennomslag" in item
    assert "Uttalelse i fjor" in item and "Uttalelse i forfjor" not in item
    assert "Delvis gjennomslag: Uttalelse uten dato" in item


def test_staff_write_the_introduction_and_an_items_own_text(client, login_as, ranked):
    login_as("staff")
    platform = _draft()
    item = platform.items[0]
    response = client.submit("/platform/2027/rediger", {
        "kind": "plattform", "title": "", "introduction": "Vi står sammen."})
    assert response.status_code == 302
    response = client.submit(f"/platform/2027/saker/{item.id}/tekst",
                             {"own_text": "Øk rammen med 200 mill."})
    assert response.status_code == 302
    page = client.get("/platform/2027").get_data(as_text=True)
    assert "Vi står sammen." in page
    assert "Øk rammen med 200 mill." in page and "Endre sak 1" not in page
    long = client.submit("/platform/2027/rediger", {"kind": "plattform", "title": "x" * 201})
    assert long.status_code == 422
    assert db.session.get(Platform, platform.id).title == "Interessepolitisk plattform 2027"


def _back(condition, *names, stance="backs", kind="municipality", withdrawn=False):
    from advocacy import clock
    from advocacy.conditions.support import ConditionSupport

    for name in names:
        organisation = db.session.scalar(select(Organisation).filter_by(name=name))
        if organisation is None:
            organisation = Organisation(name=name, kind=kind)
            db.session.add(organisation)
        db.session.add(ConditionSupport(
            condition=condition, organisation=organisation, stance=stance,
            reason="" if stance == "backs" else "Vi prioriterer annerledes.",
            withdrawn_at=clock.utcnow() if withdrawn else None))
    db.session.commit()


def test_an_item_names_who_backs_the_position(client, login_as, ranked):
    login_as("staff")
    first, second, _ = ranked
    _back(first, "Drammen kommune", "Lier kommune")
    _back(first, "NHO Viken Oslo", kind="organisation")
    _back(first, "Hol kommune", stance="does_not_back")
    _back(first, "Flå kommune", withdrawn=True)
    _back(second, "NHO Innlandet", kind="organisation")
    _draft()
    page = client.get("/platform/2027").get_data(as_text=True)
    item = page[page.index("1. "):page.index("2. ")]
    # Four municipalities in all; Hol does not back it and Flå withdrew.
    assert "2 av 4 kommuner og 1 annen: Drammen kommune, Lier kommune, NHO Viken Oslo" in item
    assert "Hol kommune" not in item and "Flå kommune" not in item
    assert "1 organisasjon: NHO Innlandet" in page
    text = _docx_text(client.get("/platform/2027.docx").data)
    assert "2 av 4 kommuner og 1 annen: Drammen kommune, Lier kommune, NHO Viken Oslo." in text


# --- Adoption -----------------------------------------------------------------------------

def test_an_adopted_platform_is_shown_as_it_was_adopted_and_cannot_change(
        client, login_as, ranked):
    staff = login_as("staff")
    platform = _draft(2026)
    item = platform.items[0]
    response = client.submit("/platform/2026/vedta")
    assert response.status_code == 302
    platform = db.session.get(Platform, platform.id)
    assert platform.is_adopted and platform.adopted_by_id == staff.id
    # The registry moves on; the adopted platform does not.
    _back(ranked[0], "Ringerike kommune")
    ranked[0].title = "Sak 1 med nytt navn"
    ranked[0].our_position = "Noe annet"
    db.session.delete(ranked[2])
    db.session.commit()
    page = client.get("/platform/2026").get_data(as_text=True)
    assert "Sak 1" in page and "Endre sak 1" in page and "Sak 3" in page
    assert "Sak 1 med nytt navn" not in page and "Noe annet" not in page
    assert "Ringerike kommune" not in page  # backed after the adoption
    assert "Flytt opp" not in page and ">Vedta<" not in page
    assert "Vedtatt 26.11.2026" in page
    docx_text = "\n".join(_docx_text(client.get("/platform/2026.docx").data))
    assert "3. Sak 3" in docx_text and "Noe annet" not in docx_text
    assert "UTKAST" not in docx_text
    for url in ("/platform/2026/rediger", f"/platform/2026/saker/{item.id}/tekst",
                "/platform/2026/saker/ny", "/platform/2026/vedta"):
        assert client.get(url).status_code == 403, url
    assert client.submit(f"/platform/2026/saker/{item.id}/ned",
                         form_url="/platform/2026/rediger").status_code in (400, 403)


def test_an_empty_draft_cannot_be_adopted(client, login_as):
    login_as("staff")
    _draft()
    response = client.submit("/platform/2027/vedta", follow_redirects=True)
    assert "En plattform uten saker kan ikke vedtas." in response.get_data(as_text=True)
    assert not db.session.scalar(select(Platform)).is_adopted


def test_every_change_is_in_the_change_log(client, login_as, ranked):
    login_as("staff")
    client.submit("/platform/ny", {"year": "2027", "kind": "plattform"})
    platform = db.session.scalar(select(Platform))
    client.submit(f"/platform/2027/saker/{platform.items[1].id}/opp", form_url="/platform/2027")
    client.submit("/platform/2027/vedta")
    types = {(e.object_type, e.action) for e in db.session.scalars(select(AuditEvent))}
    assert {("platform", "create"), ("platform_item", "create"), ("platform_item", "update"),
            ("platform", "update")} <= types
    log = client.get(f"/audit/?type=platform&id={platform.id}").get_data(as_text=True)
    assert "Vedtatt av" in log


# --- Word -----------------------------------------------------------------------------------

def test_the_platform_exports_as_word_with_items_in_ranking_order(client, login_as, ranked):
    login_as("viewer")
    _draft(introduction="Buskerud står samlet.")
    response = client.get("/platform/2027.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "Interessepolitisk%20plattform%202027.docx" in response.headers["Content-Disposition"]
    text = _docx_text(response.data)
    assert "UTKAST" in text
    assert "Buskerud står samlet." in text
    headings = [t for t in text if t[:2] in ("1.", "2.", "3.")]
    assert headings == ["1. Sak 1", "2. Sak 2", "3. Sak 3"]
    assert "Endre sak 1" in text
    assert "Støttes av" in text
    assert "Med hilsen" not in text  # a platform is no letter


# --- Access ---------------------------------------------------------------------------------

@pytest.fixture
def partner(make_user):
    ringerike = Organisation(name="Ringerike kommune", kind="municipality")
    db.session.add(ringerike)
    user = make_user("partner")
    user.organisation = ringerike
    db.session.commit()
    return user


def test_a_partner_reads_adopted_platforms_and_never_a_draft(client, ranked, partner, make_user):
    adopted = _draft(2026)
    services.adopt(adopted, make_user("staff"))
    _draft(2027)
    client.login(partner)
    listing = client.get("/platform/").get_data(as_text=True)
    assert "plattform 2026" in listing and "plattform 2027" not in listing
    assert client.get("/platform/2026").status_code == 200
    assert client.get("/platform/2026.docx").status_code == 200
    assert client.get("/platform/2027").status_code == 404
    assert client.get("/platform/2027.docx").status_code == 404
    assert client.get("/platform/ny").status_code == 403
    assert client.get("/platform/2027/rediger").status_code == 404


def test_a_viewer_reads_but_does_not_edit(client, login_as, ranked):
    platform = _draft()
    item = platform.items[0]
    login_as("viewer")
    page = client.get("/platform/2027").get_data(as_text=True)
    assert "Sak 1" in page and "Flytt ned" not in page
    for url in ("/platform/ny", "/platform/2027/rediger", "/platform/2027/vedta",
                "/platform/2027/saker/ny", f"/platform/2027/saker/{item.id}/tekst"):
        assert client.get(url).status_code == 403, url
    assert client.submit(f"/platform/2027/saker/{item.id}/fjern",
                         form_url="/platform/2027").status_code == 403
    assert len(db.session.get(Platform, platform.id).items) == 3


def test_an_unknown_year_is_not_found(client, login_as):
    login_as("staff")
    assert client.get("/platform/2031").status_code == 404
    assert client.get("/platform/2031.docx").status_code == 404


# --- Cost -----------------------------------------------------------------------------------

def test_the_page_and_export_cost_the_same_with_3_and_12_items(
        client, login_as, make_condition, make_measure, make_link):
    staff = login_as("staff")
    platform = _draft()

    def add(start, stop):
        for i in range(start, stop):
            condition = make_condition(f"Ekstra {i:02d}")
            make_link(make_measure(f"Ekstratiltak {i:02d}"), condition)
            db.session.add(Contact(kind="letter", title=f"Brev {i}", occurred_on=date(2026, 2, 1),
                                   status="held", conditions=[condition]))
            paper = paper_services.create_paper(title=f"Uttalelse {i}", author=staff,
                                                recipient="KDD")
            paper.status = "submitted"
            paper.conditions = [condition]
            paper.outcomes = [Outcome(condition=condition, result="partly",
                                      decided_on=date(2026, 4, 1))]
            _back(condition, f"Kommune {i}", f"Organisasjon {i}")
            services.add_item(db.session.get(Platform, platform.id), condition)
        db.session.commit()

    def cost(url):
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    add(0, 3)
    few = cost("/platform/2027"), cost("/platform/2027.docx")
    add(3, 12)
    assert (cost("/platform/2027"), cost("/platform/2027.docx")) == few
    assert len(db.session.get(Platform, platform.id).items) == 12


# --- The demo ---------------------------------------------------------------------------------

def test_the_demo_has_a_2027_draft_that_exports_in_ranking_order(client, make_user):
    from advocacy.conditions.services import leverage_ranking
    from advocacy.demo import seed_demo

    seed_demo()
    platform = services.get_by_year(2027)
    assert platform is not None and not platform.is_adopted
    ranking = [r.condition.title for r in leverage_ranking()
               if r.condition.status != "resolved"][:services.DRAFT_ITEMS]
    assert [item.condition.title for item in platform.items] == ranking
    client.login(make_user("viewer"))
    text = _docx_text(client.get("/platform/2027.docx").data)
    headings = [t for t in text if t.split(". ", 1)[0].isdigit()]
    assert headings == [f"{n}. {title}" for n, title in enumerate(ranking, 1)]
    # The top condition with its eleven backing municipalities, right under its heading.
    first = text[text.index(headings[0]):text.index(headings[1])]
    assert any(line.startswith("11 av 18 kommuner: Drammen kommune, Flå kommune, Gol kommune")
               for line in first), first
