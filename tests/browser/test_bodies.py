"""The register of state bodies in a browser: axe-core and the structure checks on its pages
and states, no sideways scrolling at 320 px, and picking a body on the condition form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import axe_violations, describe_violations, structure_problems
from tests.browser.test_reflow import assert_no_sideways_scrolling

pytestmark = pytest.mark.browser


def _kdd_id(page, base_url) -> str:
    page.goto(base_url + "/etater/?q=KDD")
    href = page.get_by_role("link", name=re.compile("^Rediger Kommunal- og distrikts")
                            ).first.get_attribute("href")
    return re.search(r"/etater/(\d+)/", href)[1]


STATES = {
    "list": lambda page, base_url: page.goto(base_url + "/etater/"),
    "list, searched": lambda page, base_url: page.goto(base_url + "/etater/?q=direktorat"),
    "new": lambda page, base_url: page.goto(base_url + "/etater/ny"),
    "new with errors": lambda page, base_url: (
        page.goto(base_url + "/etater/ny"),
        page.get_by_label(re.compile("^Kortnavn")).fill("KDD"),
        page.get_by_role("button", name="Lagre").click(),
        page.wait_for_selector(".error-summary")),
    "edit": lambda page, base_url: page.goto(
        base_url + f"/etater/{_kdd_id(page, base_url)}/rediger"),
    "merge, searched": lambda page, base_url: page.goto(
        base_url + f"/etater/{_kdd_id(page, base_url)}/sla-sammen?q=departementet"),
    "search page": lambda page, base_url: page.goto(base_url + "/etater/sok?q=sd"),
}


@pytest.mark.parametrize("width", [320, 1366])
@pytest.mark.parametrize("state", list(STATES))
def test_register_pages_are_accessible_and_fit(browser, logged_in_state, base_url, state,
                                               width):
    context = browser.new_context(storage_state=logged_in_state("staff"),
                                  viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        STATES[state](page, base_url)
        page.wait_for_load_state()
        violations = axe_violations(page)
        assert not violations, (f"axe found violations on {page.url}:\n"
                                + describe_violations(violations))
        assert structure_problems(page) == [], page.url
        assert_no_sideways_scrolling(page)
    finally:
        context.close()


def test_pick_a_condition_owner_by_its_short_name_with_the_keyboard(page_as, base_url):
    page = page_as("staff")
    page.goto(base_url + "/conditions/new")
    page.get_by_label("Tittel").fill("Forskrift om rammeplan for fagskolene (nettlesertest)")
    combobox = page.get_by_role("combobox", name=re.compile("^Eier"))
    combobox.focus()
    page.keyboard.type("kd")
    expect(page.get_by_role("listbox")).to_be_visible()
    # The exact short name comes first, before names that merely contain the letters.
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text(
        "Kunnskapsdepartementet (KD)")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(combobox).to_have_value("Kunnskapsdepartementet (KD)")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("er lagret.")).to_be_visible()
    expect(page.locator(".facts, dl").first).to_contain_text("Kunnskapsdepartementet (KD)")
