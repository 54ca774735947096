"""The calendar aid of the date fields (static/dateaid.js) in a real browser.

The text field (dd.mm.åååå) is what the form sends; the script adds a native date input
after it as an aid. A date chosen in the aid is written into the text field, a date typed
in the text field shows in the aid, the aid has a name of its own, axe finds nothing wrong,
and at 320 px the page does not scroll sideways. Without script there is no aid.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import axe_violations, describe_violations, structure_problems

pytestmark = pytest.mark.browser

FORM = "/hearings/new"

#: What a user's pick in the native calendar does: a value, then a change event.
_PICK = """(aid, value) => {
  aid.value = value;
  aid.dispatchEvent(new Event('change', {bubbles: true}));
}"""

#: Count the input events the text field gets.
_COUNT_INPUTS = """(input) => {
  window.__inputs = 0;
  input.addEventListener('input', () => { window.__inputs += 1; });
}"""


def _open_form(page, base_url):
    page.goto(base_url + FORM)
    expect(page.locator("input.date-aid")).to_have_count(2)


def test_a_date_picked_in_the_aid_is_typed_into_the_field(page_as, base_url):
    page = page_as("staff")
    _open_form(page, base_url)
    field = page.locator("#deadline_date")
    aid = page.get_by_label("Velg høringsfrist i kalenderen")
    expect(aid).to_have_attribute("type", "date")
    # The aid comes right after its text field, sends nothing, and is not required.
    assert field.evaluate("el => el.nextElementSibling.classList.contains('date-aid')")
    assert aid.get_attribute("name") is None and aid.get_attribute("required") is None
    expect(page.get_by_label("Velg publisert i kalenderen")).to_have_count(1)
    # The text field keeps its label and hint.
    expect(page.get_by_role("textbox", name="Høringsfrist – må fylles ut", exact=True)
           ).to_have_id("deadline_date")
    assert field.get_attribute("aria-describedby") == "deadline_date-hint"

    field.evaluate(_COUNT_INPUTS)
    aid.evaluate(_PICK, "2027-03-04")
    expect(field).to_have_value("04.03.2027")
    assert page.evaluate("window.__inputs") == 1

    # Typing in the text field moves the aid along; what is not a date empties it.
    field.fill("15.12.2026")
    expect(aid).to_have_value("2026-12-15")
    field.fill("2027-01-31")
    expect(aid).to_have_value("2027-01-31")
    field.fill("31.02.2027")
    expect(aid).to_have_value("")
    field.fill("1.2.2027")
    expect(aid).to_have_value("2027-02-01")
    # An emptied aid (a half-typed date) leaves the text alone.
    aid.evaluate(_PICK, "")
    expect(field).to_have_value("1.2.2027")


def test_the_form_sends_the_text_field(page_as, base_url):
    page = page_as("staff")
    _open_form(page, base_url)
    page.get_by_label("Velg høringsfrist i kalenderen").evaluate(_PICK, "2020-01-01")
    page.get_by_role("button", name="Lagre").first.click()
    # The server checks the text field: a deadline in the past is refused with a message,
    # and the field shows what was picked, as typed.
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#deadline_date")).to_have_value("01.01.2020")
    expect(page.locator("input.date-aid")).to_have_count(2)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_aid_passes_axe_and_reflows(page_as, base_url, width):
    page = page_as("staff")
    page.set_viewport_size({"width": width, "height": 800})
    _open_form(page, base_url)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert structure_problems(page) == []
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    for aid in page.locator("input.date-aid").all():
        box = aid.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= inner_width
    if width == 1280:  # room enough: the aid sits beside its text field
        field = page.locator("#deadline_date").bounding_box()
        aid = page.get_by_label("Velg høringsfrist i kalenderen").bounding_box()
        assert abs(aid["y"] - field["y"]) < field["height"] and aid["x"] > field["x"]


def test_without_script_there_is_only_the_text_field(browser, logged_in_state, base_url):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO",
                                  storage_state=logged_in_state("staff"))
    try:
        page = context.new_page()
        page.goto(base_url + FORM)
        expect(page.locator("input[data-date-input]")).to_have_count(2)
        expect(page.locator("input[type=date]")).to_have_count(0)
    finally:
        context.close()
