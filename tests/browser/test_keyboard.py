"""A core task with the keyboard alone: log in, find a condition, edit it, save.

After the first page load nothing but the keyboard drives the browser: Tab, Shift+Tab,
Enter and typing. ``page.evaluate`` only reads which element has focus and how it looks.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.live import DEMO_LOGINS

pytestmark = pytest.mark.browser

CONDITION = "Vannforskriften og de regionale vannforvaltningsplanene"

#: What the focused element is and whether its focus indicator is drawn.
_FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.innerText || el.value || '').trim(),
    label: label.trim(),
    outline: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    focusVisible: el.matches(':focus-visible'),
  };
}"""


def _focused(page) -> dict:
    """Describe the element that has focus now."""
    return page.evaluate(_FOCUSED)


def _tab_to(page, matches, *, limit: int = 60, key: str = "Tab") -> dict:
    """Press Tab (or ``key``, e.g. Shift+Tab) until the focused element satisfies ``matches``;
    every stop must show focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        focused = _focused(page)
        if focused["tag"] != "body":
            # WCAG 2.4.7: every element reached with Tab shows where focus is.
            assert focused["focusVisible"], focused
            assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, focused
        if matches(focused):
            return focused
        seen.append(focused["text"] or focused["label"] or focused["tag"])
    raise AssertionError(f"never reached the element; Tab stops were: {seen}")


def _link(text: str):
    """Match a focused link by its text."""
    return lambda f: f["tag"] == "a" and f["text"] == text


def _field(label: str):
    """Match a focused form field by its label."""
    return lambda f: f["tag"] in ("input", "select", "textarea") and f["label"] == label


def _button(text: str):
    """Match a focused button by its text."""
    return lambda f: f["tag"] == "button" and f["text"] == text


def test_log_in_find_edit_and_save_with_keyboard_only(page, base_url):
    """Login → search → open a condition → edit → save, by keyboard, with focus always shown."""
    email, password = DEMO_LOGINS["staff"]
    page.goto(base_url + "/login")

    # The skip link is the first Tab stop and moves focus to the main content.
    first = _tab_to(page, lambda f: True, limit=1)
    assert first["text"] == "Hopp til hovedinnholdet", first
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"

    _tab_to(page, _field("E-postadresse"))
    page.keyboard.type(email)
    _tab_to(page, _field("Passord"))
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Velkommen, Siri Rådgiver.")).to_be_visible()

    # The overview opens at its top (the login page's #main from the skip link is not
    # carried on), so the menu is a few Tab stops away.
    assert page.url == base_url + "/"
    _tab_to(page, _link("Rammebetingelser"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nasjonale rammebetingelser")

    _tab_to(page, _field("Søk"))
    page.keyboard.type("vannforskriften")
    page.keyboard.press("Enter")
    expect(page.locator("main table tbody tr")).to_have_count(1)

    _tab_to(page, _link(CONDITION))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(CONDITION)

    _tab_to(page, _link("Rediger"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rediger rammebetingelse")

    new_state = "Endret med tastaturet: fristen for vannområdene er flyttet til 2033."
    _tab_to(page, _field("Dagens situasjon"))
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(new_state)
    _tab_to(page, _field("Prioritet"))
    # A select changes with the arrow keys, without opening it.
    page.keyboard.press("Home")
    _tab_to(page, _button("Lagre"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("Endringene er lagret.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(CONDITION)
    state = page.get_by_role("region", name="Dagens situasjon")
    expect(state).to_contain_text(new_state)
    expect(page.locator(".facts")).to_contain_text("Høy")
