"""axe-core on every page template in its main states: no WCAG 2.0/2.1 A or AA violation.

Pages are found the way a user finds them (following links from the ranking), once per
module; error states are reached by filling in and submitting the forms. The checker
itself is tested too: break a label or the contrast on a real page and axe must say so.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from tests.browser.a11y import axe_violations, describe_violations, structure_problems

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def paths(browser, base_url, logged_in_state) -> dict[str, str]:
    """Paths of the demo's pages with content, found by following links as staff.

    Also ``measure_first_condition``: the title of a condition that measure is linked to.
    """
    context = browser.new_context(storage_state=logged_in_state("staff"))
    page = context.new_page()

    def follow(locator) -> str:
        """The path a link leads to (read, not clicked: one page load saved per link)."""
        href = locator.first.get_attribute("href")
        return urlsplit(base_url + href if href.startswith("/") else href).path

    try:
        page.goto(base_url + "/conditions/ranking")
        found = {"condition": follow(page.locator("table.ranking tbody th a"))}
        page.goto(base_url + found["condition"])
        rows = page.locator("main table tbody")
        found |= {
            "condition_edit": follow(page.get_by_role("link", name="Rediger", exact=True)),
            "condition_delete": follow(page.get_by_role("link", name="Slett", exact=True)),
            "link_edit": follow(rows.get_by_role("link", name="Endre koblingen")),
            "link_delete": follow(rows.get_by_role("link", name="Fjern koblingen")),
            "measure": follow(rows.locator("th a")),
        }
        page.goto(base_url + found["measure"])
        found["measure_edit"] = follow(page.get_by_role("link", name="Rediger", exact=True))
        found["measure_first_condition"] = rows.locator("th a").first.inner_text()
        # The full-page link form has no link to it (the inline form posts to it).
        found["measure_link_new"] = found["measure"] + "/links/new"
    finally:
        context.close()
    return found


def _open(key_or_path: str) -> Callable:
    """A state that is a page opened by its path, or by its key in ``paths``."""

    def go(page, base, paths):
        page.goto(base + paths.get(key_or_path, key_or_path))

    return go


def _next_page(path: str) -> Callable:
    """A state: the second page of the list at ``path``, reached by its pagination."""

    def go(page, base, paths):
        page.goto(base + path)
        page.get_by_role("navigation", name="Sider").first.get_by_role(
            "link", name="Neste side").click()
        page.wait_for_url("**page=2")

    return go


def _submit_empty(path: str) -> Callable:
    """A state: the form at ``path`` submitted with nothing filled in."""

    def go(page, base, paths):
        page.goto(base + path)
        page.get_by_role("button", name="Lagre").click()
        page.wait_for_selector(".error-summary")

    return go


def _invalid_lovdata(page, base, paths):
    """Edit a condition with a Lovdata id that is no valid date."""
    page.goto(base + paths["condition_edit"])
    page.get_by_label("Lovdata-id (valgfri)").fill("LOV-2008-13-45-1")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".error-summary")


def _duplicate_link(page, base, paths):
    """Link the top condition to a measure it is already linked to, from its page."""
    page.goto(base + paths["condition"])
    linked = page.locator("main table tbody th a").first.inner_text()
    form = page.locator("form.link-form")
    form.get_by_label("Tiltak").select_option(label=linked)
    form.get_by_role("button", name="Koble til tiltaket").click()
    page.wait_for_selector(".error-summary")


def _duplicate_link_from_measure(page, base, paths):
    """On the full-page link form, link a measure to a condition it is already linked to."""
    page.goto(base + paths["measure_link_new"])
    page.get_by_label("Rammebetingelse").select_option(label=paths["measure_first_condition"])
    page.get_by_role("button", name="Lagre koblingen").click()
    page.wait_for_selector(".error-summary")


def _failed_login(page, base, paths):
    """Log in with a wrong password."""
    page.goto(base + "/login")
    page.get_by_label("E-postadresse").fill("radgiver@buskerud.example")
    page.get_by_label("Passord").fill("feil passord")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_selector(".error-summary")


#: (state id, role or None for anonymous, how to get there, status expected)
STATES = [
    ("login", None, _open("/login"), 200),
    ("login-failed", None, _failed_login, 422),
    ("accessibility-statement", None, _open("/tilgjengelighet"), 200),
    ("overview", "staff", _open("/"), 200),
    ("logout-confirm", "staff", _open("/logout"), 200),
    ("conditions-list", "staff", _open("/conditions/"), 200),
    ("conditions-list-page-2", "staff", _next_page("/conditions/"), 200),
    ("conditions-list-empty", "staff", _open("/conditions/?q=finnes-ikke-xyz"), 200),
    ("condition-detail", "staff", _open("condition"), 200),
    ("condition-detail-viewer", "viewer", _open("condition"), 200),
    ("condition-new", "staff", _open("/conditions/new"), 200),
    ("condition-new-errors", "staff", _submit_empty("/conditions/new"), 422),
    ("condition-edit", "staff", _open("condition_edit"), 200),
    ("condition-edit-lovdata-error", "staff", _invalid_lovdata, 422),
    ("condition-delete-confirm", "staff", _open("condition_delete"), 200),
    ("ranking", "staff", _open("/conditions/ranking"), 200),
    ("link-new-from-condition-error", "staff", _duplicate_link, 422),
    ("link-new-from-measure", "staff", _open("measure_link_new"), 200),
    ("link-new-from-measure-error", "staff", _duplicate_link_from_measure, 422),
    ("link-edit", "staff", _open("link_edit"), 200),
    ("link-delete-confirm", "staff", _open("link_delete"), 200),
    ("measures-list", "staff", _open("/measures/"), 200),
    ("measures-list-empty", "staff", _open("/measures/?q=finnes-ikke-xyz"), 200),
    ("measure-detail", "staff", _open("measure"), 200),
    ("measure-new", "staff", _open("/measures/new"), 200),
    ("measure-new-errors", "staff", _submit_empty("/measures/new"), 422),
    ("measure-edit", "staff", _open("measure_edit"), 200),
    ("not-found", "staff", _open("/conditions/999999"), 404),
    ("forbidden", "viewer", _open("/conditions/new"), 403),
]


@pytest.mark.parametrize(("role", "reach", "status"),
                         [pytest.param(*state[1:], id=state[0]) for state in STATES])
def test_page_has_no_wcag_violations(page_as, base_url, paths, role, reach, status):
    """The page in this state has no WCAG 2.0/2.1 A/AA violation, and its structure holds."""
    page = page_as(role)
    responses = []
    page.on("response", lambda r: responses.append(r)
            if r.request.is_navigation_request() else None)
    reach(page, base_url, paths)
    page.wait_for_load_state()
    assert responses and responses[-1].status == status, (
        f"{page.url} answered {responses[-1].status if responses else 'nothing'}, "
        f"expected {status}")
    violations = axe_violations(page)
    assert not violations, (f"axe found violations on {page.url}:\n"
                            + describe_violations(violations))
    assert structure_problems(page) == [], page.url


def test_checker_reports_a_missing_label(page_as, base_url):
    """Removing a form field's label on a real page is reported as a 'label' violation."""
    page = page_as("staff")
    page.goto(base_url + "/conditions/new")
    assert axe_violations(page) == []
    page.evaluate("document.querySelector('label[for=title]').remove()")
    violations = {v["id"]: v for v in axe_violations(page)}
    assert "label" in violations, list(violations)
    assert [node["target"] for node in violations["label"]["nodes"]] == [["#title"]]


def test_checker_reports_poor_contrast(page_as, base_url):
    """Light grey text (#bbb on white, 1.9:1) on a real page is a 'color-contrast' violation."""
    page = page_as("staff")
    page.goto(base_url + "/conditions/ranking")
    page.evaluate("document.querySelector('main h1').style.color = '#bbb'")
    violations = {v["id"]: v for v in axe_violations(page)}
    assert "color-contrast" in violations, list(violations)
    assert [node["target"] for node in violations["color-contrast"]["nodes"]] == [["h1"]]


def test_checker_reports_a_broken_structure(page_as, base_url):
    """Our own checks catch a second h1 and an error message no longer tied to its field."""
    page = page_as("staff")
    page.goto(base_url + "/conditions/new")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".error-summary")
    assert structure_problems(page) == []
    page.evaluate("""() => {
      document.querySelector('main').append(document.createElement('h1'));
      document.getElementById('title').removeAttribute('aria-describedby');
    }""")
    assert structure_problems(page) == [
        "2 h1 elements, expected exactly one",
        "#title is invalid but its error message is not tied to it",
    ]
