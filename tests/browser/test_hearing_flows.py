"""Hearings through the UI in a real browser: register one, add a milestone, download its
deadlines as an iCalendar file."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from advocacy import clock
from advocacy.hearings.services import deadline_at
from tests.browser import scenario as scenario_data

pytestmark = pytest.mark.browser

CONDITION = "Kulturminneloven og ny kulturmiljølov (NOU 2025: 3)"


def _nav(page, name: str) -> None:
    """Follow a link in the main menu."""
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=name).click()


def _shown(moment) -> str:
    """A moment as the pages show it: 06.12.2026 kl. 23:59."""
    return moment.astimezone(clock.OSLO).strftime("%d.%m.%Y kl. %H:%M")


def test_register_a_hearing_and_add_a_milestone(page_as, base_url):
    """Register a hearing with the default milestones, add one more, find it in the list."""
    title = "Høring – endringer i kulturmiljøforskriften (nettlesertest)"
    milestone = "Behandling i hovedutvalg for kultur"
    deadline_day = clock.today() + timedelta(days=75)
    deadline = deadline_at(deadline_day)
    page = page_as("staff")
    page.goto(base_url + "/")
    _nav(page, "Høringer")
    page.get_by_role("link", name="Registrer høring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer høring")

    page.get_by_label("Tittel").fill(title)
    page.get_by_role("combobox", name=re.compile("^Avsender")).fill("KLD")
    page.get_by_role("option", name=re.compile(r"^Klima- og miljødepartementet \(KLD\)")).click()
    page.get_by_label("Saksnummer (valgfritt)").fill("26/9001")
    page.get_by_label(re.compile("^Høringsfrist")).fill(deadline_day.strftime("%d.%m.%Y"))
    page.get_by_label("Status").select_option(label="Vurderes")
    page.get_by_role("combobox", name="Søk etter rammebetingelser").fill(CONDITION)
    page.get_by_role("option", name=CONDITION).click()
    expect(page.get_by_role("checkbox", name=CONDITION, exact=True)).to_be_checked()
    defaults = page.get_by_role("checkbox", name=re.compile("^Legg til standard internfrister"))
    expect(defaults).to_be_checked()
    page.get_by_role("button", name="Lagre").click()

    expect(page).to_have_url(re.compile(r"/hearings/\d+$"))
    expect(page.get_by_text(f"Høringen «{title}» er registrert.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    facts = page.locator(".facts")
    expect(facts).to_contain_text(_shown(deadline))
    expect(facts).to_contain_text("Vurderes")
    expect(facts).to_contain_text("Siri Rådgiver")
    related = page.get_by_role("region", name="Rammebetingelser og tiltak")
    expect(related.get_by_role("link", name=CONDITION)).to_be_visible()
    milestones = page.get_by_role("region", name="Internfrister").locator("tbody tr")
    expect(milestones).to_have_count(3)

    page.get_by_role("link", name="Legg til internfrist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny internfrist")
    expect(page.get_by_text(f"Høringsfristen er {_shown(deadline)}.")).to_be_visible()
    page.get_by_label("Type internfrist").select_option(label="Politisk behandling")
    page.get_by_label("Tittel").fill(milestone)
    expect(page.get_by_role("radio", name=re.compile("^Et antall dager"))).to_be_checked()
    page.get_by_label("Dager før høringsfristen", exact=True).fill("10")
    page.get_by_role("button", name="Lagre").click()

    expect(page).to_have_url(re.compile(r"/hearings/\d+#internfrister$"))
    expect(page.get_by_text(f"Internfristen «{milestone}» er lagt til.")).to_be_visible()
    expect(milestones).to_have_count(4)
    # Earliest first: the new one falls between 14 and 7 days before the deadline.
    expect(milestones.locator("th")).to_have_text([
        "Utkast til høringsuttalelse klart", "Behandling i fylkesutvalget", milestone,
        "Partnere signerer innen"])
    row = milestones.filter(has_text=milestone)
    expect(row).to_contain_text("Politisk behandling")
    expect(row).to_contain_text(_shown(deadline - timedelta(days=10)))
    expect(row).to_contain_text("10 dager før høringsfristen")

    # The list puts a deadline 75 days away among the later ones.
    _nav(page, "Høringer")
    later = page.get_by_role("region", name=re.compile("^Senere frister"))
    expect(later.get_by_role("link", name=title, exact=True)).to_be_visible()


def test_download_a_hearings_deadlines_as_ics(page_as, base_url, scenario):
    """The .ics download holds the deadline and every milestone, at the moments shown."""
    page = page_as("staff")
    page.goto(base_url + "/hearings/")
    page.get_by_role("link", name=scenario_data.HEARING, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(scenario_data.HEARING)
    rows = page.get_by_role("region", name="Internfrister").locator("tbody tr")
    shown = {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").nth(1).inner_text()
             for i in range(rows.count())}

    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned fristene til kalenderen (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"hoering-{scenario.hearing_id}.ics"
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())

    assert str(calendar["X-WR-CALNAME"]) == scenario_data.HEARING
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    suffix = f": {scenario_data.HEARING}"
    assert set(events) == {"Høringsfrist" + suffix, *(name + suffix for name in shown)}
    deadline = events["Høringsfrist" + suffix]
    assert deadline.decoded("DTSTART") == scenario.deadline
    assert str(deadline["URL"]) == page.url
    for name, when in shown.items():
        assert _shown(events[name + suffix].decoded("DTSTART")) == when, name
    late = events[scenario_data.LATE_MILESTONE + suffix].decoded("DTSTART")
    assert late == scenario.deadline + timedelta(days=2)
    assert len({str(e["UID"]) for e in events.values()}) == len(events)
