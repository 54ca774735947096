"""The picker in a real browser: a WAI-ARIA 1.2 combobox driven by the keyboard alone.

Type to search, arrows move ``aria-activedescendant``, Enter chooses, Escape closes, and
the form sends the choice under the field's name; axe finds nothing wrong with the list
open; at 320 px nothing makes the page scroll sideways.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import axe_violations, describe_violations, structure_problems

pytestmark = pytest.mark.browser

CONDITION = "Fagskoleloven og finansieringen av fagskolene"
MEASURE = "Sikring og formidling av bergverksarven i Kongsberg og Modum"

_STATE = """(input) => {
  const listbox = document.getElementById(input.getAttribute('aria-controls'));
  const activeId = input.getAttribute('aria-activedescendant');
  const options = [...listbox.querySelectorAll('[role=option]')];
  return {
    expanded: input.getAttribute('aria-expanded'),
    visible: !listbox.hidden,
    active: activeId ? options.findIndex(o => o.id === activeId) : -1,
    selected: options.filter(o => o.getAttribute('aria-selected') === 'true').map(o => o.id),
    activeId,
    options: options.map(o => o.textContent),
    focused: document.activeElement === input,
  };
}"""


def _state(combobox) -> dict:
    """The combobox's popup as a screen reader sees it, read from the ARIA attributes."""
    return combobox.evaluate(_STATE)


def _tab_to_combobox(page, name: str, limit: int = 150):
    """Press Tab until the combobox whose label starts with ``name`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
          const el = document.activeElement;
          return el.getAttribute('role') === 'combobox'
            ? document.getElementById(el.id + '-label').textContent.trim() : null;
        }""")
        if focused and focused.startswith(name):
            return page.locator(":focus")
    raise AssertionError(f"Tab never reached the combobox {name!r}")


def _path_of(page, base_url: str, search_url: str, title: str) -> str:
    """The path of a row's page, found through the search page (no script needed)."""
    page.goto(base_url + search_url)
    href = page.get_by_role("link", name=title, exact=True).get_attribute("href")
    return urlsplit(href).path


def test_link_a_measure_with_the_keyboard_only(page_as, base_url):
    page = page_as("staff")
    condition_path = _path_of(page, base_url, "/conditions/search?q=fagskoleloven", CONDITION)
    page.goto(base_url + condition_path)
    expect(page.locator("main table tbody th a", has_text=MEASURE)).to_have_count(0)

    combobox = _tab_to_combobox(page, "Tiltak")
    expect(combobox).to_have_attribute("aria-autocomplete", "list")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    # The no-script «Søk» button is gone; the field's name is on a hidden input.
    expect(page.locator("form.link-form").get_by_role("button", name=re.compile("^Søk"))) \
        .to_have_count(0)

    page.keyboard.type("kongsberg")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(combobox).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    total = options.count()
    assert total >= 3, _state(combobox)
    expect(page.locator("#measure_id-status")).to_have_text(f"{total} treff")
    state = _state(combobox)
    assert state["active"] == -1 and state["focused"]

    page.keyboard.press("ArrowDown")
    assert _state(combobox)["active"] == 0
    page.keyboard.press("ArrowDown")
    state = _state(combobox)
    assert state["active"] == 1 and state["selected"] == [state["activeId"]]
    page.keyboard.press("ArrowUp")
    assert _state(combobox)["active"] == 0
    page.keyboard.press("End")
    assert _state(combobox)["active"] == total - 1
    page.keyboard.press("Home")
    assert _state(combobox)["active"] == 0

    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    state = _state(combobox)
    assert state["expanded"] == "false" and state["activeId"] is None and state["focused"]
    expect(combobox).to_have_value("kongsberg")  # Escape closes; the text stays

    # Down opens the list again; move to the measure and choose it with Enter.
    page.keyboard.press("ArrowDown")
    expect(listbox).to_be_visible()
    wanted = next(i for i, text in enumerate(_state(combobox)["options"]) if MEASURE in text)
    for _ in range(wanted):
        page.keyboard.press("ArrowDown")
    assert MEASURE in _state(combobox)["options"][_state(combobox)["active"]]
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()
    expect(combobox).to_have_value(MEASURE)
    expect(page).to_have_url(base_url + condition_path)  # Enter chose, it did not send
    expect(page.locator("#measure_id-status")).to_have_text(f"Valgt: {MEASURE}")

    # Tab to the submit button and press Enter: the link is made.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Koble til tiltaket":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"«{MEASURE}» er koblet til «{CONDITION}».")).to_be_visible()
    expect(page.locator("main table tbody th a", has_text=MEASURE)).to_have_count(1)


def test_choose_several_conditions_for_a_hearing_with_the_keyboard(page_as, base_url):
    page = page_as("staff")
    page.goto(base_url + "/hearings/new")
    page.get_by_label("Tittel").fill("Høring om fagskolene")
    page.get_by_role("combobox", name=re.compile("^Avsender")).fill("Kunnskapsdep")
    page.get_by_role("option", name=re.compile(r"^Kunnskapsdepartementet \(KD\)")).click()
    page.get_by_label(re.compile("^Høringsfrist")).fill("15.01.2030")

    combobox = page.get_by_role("combobox", name="Søk etter rammebetingelser")
    combobox.focus()
    for query, title in (("fagskole", CONDITION), ("naturmangfold", "Naturmangfoldloven")):
        page.keyboard.type(query)
        expect(page.get_by_role("listbox")).to_be_visible()
        page.keyboard.press("ArrowDown")
        assert title in _state(combobox)["options"][0]
        page.keyboard.press("Enter")
        expect(combobox).to_have_value("")
        expect(page.locator("#condition_ids-status")).to_have_text(f"«{title}» er lagt til.")
        expect(page.get_by_role("checkbox", name=title)).to_be_checked()
    # One more, then remove it again by unchecking its box (Space on the box).
    page.keyboard.type("plan- og bygning")
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chip = page.get_by_role("checkbox", name="Plan- og bygningsloven")
    chip.focus()
    page.keyboard.press("Space")
    expect(chip).not_to_be_checked()

    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Høringen «Høring om fagskolene» er registrert.")).to_be_visible()
    linked = page.get_by_role("region", name=re.compile("^Rammebetingelser"))
    expect(linked.get_by_role("link", name=CONDITION)).to_be_visible()
    expect(linked.get_by_role("link", name="Naturmangfoldloven")).to_be_visible()
    expect(linked.get_by_role("link", name="Plan- og bygningsloven")).to_have_count(0)


def test_filter_hearings_by_a_condition_with_the_combobox(page_as, base_url):
    page = page_as("staff")
    page.goto(base_url + "/hearings/")
    combobox = page.get_by_role("combobox", name="Rammebetingelse")
    combobox.focus()
    page.keyboard.type("kulturminneloven")
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the list is closed: Enter sends the filter form
    page.wait_for_url(re.compile(r"condition=\d+"))
    expect(page.get_by_role("link", name="Høring - NOU 2025: 3 Ny kulturmiljølov")).to_be_visible()
    expect(page.get_by_role("combobox", name="Rammebetingelse")).to_have_value(
        re.compile("^Kulturminneloven"))


@pytest.mark.parametrize("path, name, query", [
    ("/hearings/new", "Søk etter tiltak", "kongsberg"),
    ("/hearings/", "Rammebetingelse", "lov"),
])
def test_no_accessibility_violations_with_the_list_open(page_as, base_url, path, name, query):
    page = page_as("staff")
    page.goto(base_url + path)
    combobox = page.get_by_role("combobox", name=name)
    combobox.focus()
    page.keyboard.type(query)
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("ArrowDown")
    assert _state(combobox)["active"] == 0
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert structure_problems(page) == []


def test_no_accessibility_violations_on_the_condition_page_with_the_list_open(page_as,
                                                                            base_url):
    page = page_as("staff")
    page.goto(base_url + _path_of(page, base_url, "/conditions/search?q=naturmangfold",
                                  "Naturmangfoldloven"))
    combobox = page.get_by_role("combobox", name=re.compile("^Tiltak"))
    combobox.focus()
    page.keyboard.type("plan")
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("ArrowDown")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert structure_problems(page) == []


#: The hearing list's tables are wider than 320 px whatever the filter does: there the
#: filter form, picker and list included, must fit instead of the whole page.
_WHOLE_PAGE = {"/hearings/new": True, "/papers/new": True, "/hearings/": False}


@pytest.mark.parametrize("path, name, query", [
    ("/hearings/new", "Søk etter tiltak", "kongsberg"),
    ("/papers/new", "Søk etter rammebetingelser", "lov"),
    ("/hearings/", "Rammebetingelse", "lov"),
])
def test_the_picker_fits_320_px(browser, logged_in_state, base_url, path, name, query):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nb-NO",
                                  storage_state=logged_in_state("staff"))
    try:
        page = context.new_page()
        page.goto(base_url + path)
        combobox = page.get_by_role("combobox", name=name)
        combobox.focus()
        page.keyboard.type(query)
        expect(page.get_by_role("listbox")).to_be_visible()
        page.keyboard.press("ArrowDown")
        if _WHOLE_PAGE[path]:
            page.keyboard.press("Enter")  # a chosen row's chip must fit too
            expect(page.locator(".picker-chip")).to_have_count(1)
            page.keyboard.type(query)
            expect(page.get_by_role("listbox")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
        else:
            form = page.get_by_role("search", name="Filtrer høringer")
            assert form.evaluate("f => f.scrollWidth <= f.clientWidth")
            box = form.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        box = page.get_by_role("listbox").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        # The focused field shows where focus is (WCAG 2.4.7).
        outline = combobox.evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline != "none"
    finally:
        context.close()
