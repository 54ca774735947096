"""The core tasks, each done through the UI in a real browser: no test client, no SQL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.live import DEMO_LOGINS, log_in, log_out

pytestmark = pytest.mark.browser

KULTURMINNELOVEN = "Kulturminneloven og ny kulturmiljølov (NOU 2025: 3)"
MEASURE = "Regional plan for kulturarv med prioriterte kulturmiljøer"


def _nav(page, name: str) -> None:
    """Follow a link in the main menu."""
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=name).click()


def _search_conditions(page, query: str):
    """Search the condition list; return the result table's row-header links."""
    _nav(page, "Rammebetingelser")
    page.get_by_role("main").get_by_role("searchbox", name="Søk").fill(query)
    page.get_by_role("button", name="Filtrer").click()
    return page.locator("main table tbody th a")


def test_log_in_and_out(page, base_url):
    """Logging in greets the user; logging out ends the session and leads to the login page."""
    email, password = DEMO_LOGINS["staff"]
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("Logg inn for å se siden.")).to_be_visible()
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(base_url + "/")
    expect(page.get_by_text("Velkommen, Siri Rådgiver.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oversikt")

    log_out(page)
    expect(page).to_have_url(base_url + "/login")
    expect(page.get_by_text("Du er logget ut.")).to_be_visible()
    # The session is gone: the overview asks for a login again.
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_wrong_password_is_refused(page, base_url):
    """A wrong password keeps the user on the login page with a message tied to the field."""
    email, _ = DEMO_LOGINS["staff"]
    page.goto(base_url + "/login")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill("ikke passordet")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Feil e-postadresse eller passord.")
    expect(page.get_by_label("Passord")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("header").get_by_role("button", name="Logg ut")).to_have_count(0)


@pytest.mark.parametrize("query", ["kulturminne", "KULTURMILJØ"])
def test_find_condition_by_search(page_as, base_url, query):
    """A search, in any case and with æøå, finds the condition and leads to its page."""
    page = page_as("staff")
    page.goto(base_url + "/")
    results = _search_conditions(page, query)
    expect(results.filter(has_text=KULTURMINNELOVEN)).to_have_count(1)
    expect(page.get_by_role("main").get_by_role("searchbox", name="Søk")).to_have_value(query)
    results.filter(has_text=KULTURMINNELOVEN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(KULTURMINNELOVEN)


def test_search_without_hits_says_so(page_as, base_url):
    """A search that matches nothing says so and offers the way back to the full list."""
    page = page_as("staff")
    page.goto(base_url + "/")
    results = _search_conditions(page, "finnes ikke i registeret")
    expect(results).to_have_count(0)
    expect(page.get_by_text("Ingen rammebetingelser passer med søket og filtrene.")).to_be_visible()
    page.get_by_role("link", name="Vis alle").click()
    expect(page.locator("main table tbody tr").first).to_be_visible()


def test_create_condition_and_link_it_to_a_measure(page_as, base_url):
    """Create a condition through its form, then link it to a measure from its page."""
    title = "Forskrift om konsekvensutredninger (nettlesertest)"
    page = page_as("staff")
    page.goto(base_url + "/")
    _nav(page, "Rammebetingelser")
    page.get_by_role("link", name="Ny rammebetingelse").click()
    page.get_by_label("Tittel").fill(title)
    page.get_by_label("Type").select_option(label="Regelverk")
    page.get_by_role("combobox", name=re.compile("^Eier")).fill("KDD")
    page.get_by_role("option", name=re.compile(r"^Kommunal- og distriktsdepartementet \(KDD\)")
                     ).click()
    page.get_by_label("Hva vi vil endre (vårt standpunkt)").fill("Enklere utredningskrav.")
    page.get_by_label("Prioritet").select_option(label="Høy")
    page.get_by_label("Lovdata-id (valgfri)").fill("for-2017-06-21-854")
    page.get_by_role("button", name="Lagre").click()

    expect(page).to_have_url(re.compile(r"/conditions/\d+$"))
    expect(page.get_by_text(f"Rammebetingelsen «{title}» er lagret.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    # The Lovdata id was normalised to upper case.
    expect(page.get_by_role("link", name="FOR-2017-06-21-854")).to_be_visible()
    expect(page.get_by_text("Ingen tiltak er koblet til denne rammebetingelsen ennå.")).to_be_visible()

    form = page.locator("form.link-form")
    form.get_by_role("combobox", name=re.compile("^Tiltak")).fill("kulturarv med")
    form.get_by_role("option", name=MEASURE).click()
    form.get_by_label("Virkning").select_option(label="Hindrer")
    form.get_by_label("Styrke").select_option(label="3 – sterk")
    form.get_by_label("Merknad").fill("Utredningskravene forsinker planen.")
    form.get_by_role("button", name="Koble til tiltaket").click()

    expect(page.get_by_text(f"«{MEASURE}» er koblet til «{title}».")).to_be_visible()
    row = page.locator("main table tbody tr", has_text=MEASURE)
    expect(row).to_contain_text("Hindrer")
    expect(row).to_contain_text("Utredningskravene forsinker planen.")

    # The measure's page shows the link from the other side.
    row.get_by_role("link", name=MEASURE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEASURE)
    expect(page.locator("main table tbody tr", has_text=title)).to_contain_text("Hindrer")


def test_ranking_lists_the_conditions(page_as, base_url):
    """The ranking page ranks at least five conditions, best first, and explains the score."""
    page = page_as("viewer")
    page.goto(base_url + "/")
    _nav(page, "Rangering")
    expect(page.get_by_role("heading", level=1)).to_contain_text("holder planen mest tilbake")
    table = page.get_by_role("table", name=re.compile("Rammebetingelser rangert"))
    rows = table.locator("tbody tr")
    expect(rows.nth(4)).to_be_visible()
    assert rows.count() >= 5
    places = [int(rows.nth(i).locator("td").first.inner_text()) for i in range(rows.count())]
    assert places == sorted(places) and places[0] == 1
    scores = [int(rows.nth(i).locator("td").last.inner_text()) for i in range(rows.count())]
    assert scores == sorted(scores, reverse=True)
    expect(page.get_by_role("heading", name="Slik regnes poengene")).to_be_visible()


def test_viewer_sees_no_edit_buttons(page, base_url):
    """A reader logged in through the form can read everything and is offered no changes."""
    log_in(page, base_url, "viewer")
    main = page.get_by_role("main")
    editing = re.compile(r"^(Ny rammebetingelse|Nytt tiltak|Rediger|Slett|Endre|Fjern)\b")

    _nav(page, "Rammebetingelser")
    expect(main.locator("table tbody tr").first).to_be_visible()
    expect(main.get_by_role("link", name=editing)).to_have_count(0)

    main.locator("table tbody th a").first.click()
    expect(page).to_have_url(re.compile(r"/conditions/\d+$"))
    expect(main.get_by_role("link", name=editing)).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)
    expect(main.locator("form")).to_have_count(0)

    _nav(page, "Tiltak")
    expect(main.locator("table tbody tr").first).to_be_visible()
    expect(main.get_by_role("link", name=editing)).to_have_count(0)
    main.locator("table tbody th a").first.click()
    expect(page).to_have_url(re.compile(r"/measures/\d+$"))
    expect(main.get_by_role("link", name=editing)).to_have_count(0)
    expect(main.locator("form")).to_have_count(0)


def test_search_everything_from_the_header(page_as, base_url):
    """The header's search box finds a condition and a hearing in one search."""
    page = page_as("staff")
    page.goto(base_url + "/hearings/")
    box = page.locator("header").get_by_role("searchbox")
    box.fill("kulturmiljø")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk")
    expect(page.get_by_role("region", name=re.compile("^Rammebetingelser"))
           .get_by_role("link", name=KULTURMINNELOVEN)).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("^Høringer"))
           .get_by_role("link").first).to_be_visible()
