"""Reflow (WCAG 2.1 SC 1.4.10): every page works at 320 px without sideways page scrolling.

The pages are the states of ``test_accessibility.STATES`` (every page template, in its
main states, as the role that sees it) plus every page in the main navigation of each
role, each at 320 px and at 1366 px wide. Tables scroll inside their own labelled,
focusable region (``macros/tables.html``), so only the page as a whole is measured.

One browser context per role and width is shared by the whole module, so the ~200 page
visits take about a minute.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import axe_violations, describe_violations, structure_problems
# ``paths`` is a module-scoped fixture: imported, it is this module's fixture too.
from tests.browser.test_accessibility import STATES, _open, paths  # noqa: F401

pytestmark = pytest.mark.browser

NARROW, WIDE = 320, 1366
WIDTHS = (NARROW, WIDE)
#: Every role that logs in (``partner-uninvited`` is a scenario user without papers).
ROLES = ("staff", "viewer", "partner", "admin", "partner-uninvited")

#: Pages the accessibility states leave out.
EXTRA_STATES = [
    ("conditions-search", "staff", _open("/conditions/search?q=vann"), 200),
    ("measures-search", "staff", _open("/measures/search?q=regional"), 200),
    ("overview-viewer", "viewer", _open("/"), 200),
    ("overview-partner", "partner", _open("/"), 200),
    ("overview-admin", "admin", _open("/"), 200),
    ("profile-admin", "admin", _open("/profile"), 200),
]

#: What sticks out past the right edge of the window, outermost elements first.
_OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' && s.overflowX !== 'clip') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const loose = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
    if (r.width === 0 || r.right <= width + 0.5 || (clipped(el) && !loose)) continue;
    const parent = el.parentElement.getBoundingClientRect();
    if (!loose && parent.right > width + 0.5 && el.parentElement !== document.body) continue;
    out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
             + `${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : ''}`
             + ` right=${Math.round(r.right)}: ${(el.textContent || '').trim().slice(0, 60)}`);
    if (out.length >= 8) break;
  }
  return out;
}"""

_SIDEWAYS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture(scope="module")
def page_for(browser, logged_in_state):
    """``page_for(role, width)``: one page per role and width, kept for the module.

    ``page.last_status`` is the status of the page's last navigation.
    """
    contexts, pages = [], {}

    def get(role: str | None, width: int, *, javascript: bool = True):
        key = (role, width, javascript)
        if key not in pages:
            context = browser.new_context(
                viewport={"width": width, "height": 800}, locale="nb-NO",
                java_script_enabled=javascript,
                storage_state=logged_in_state(role) if role else None)
            context.set_default_timeout(10_000)
            contexts.append(context)
            page = context.new_page()

            def remember(response, page=page):
                if response.request.is_navigation_request() and response.request.frame == page.main_frame:
                    page.last_status = response.status

            page.on("response", remember)
            pages[key] = page
        return pages[key]

    yield get
    for context in contexts:
        context.close()


def assert_no_sideways_scrolling(page) -> None:
    """The page is no wider than the window; if it is, say which elements stick out."""
    page.wait_for_load_state()
    scroll_width, inner_width = page.evaluate(_SIDEWAYS)
    assert scroll_width <= inner_width, (
        f"{page.url} scrolls sideways at {inner_width} px: {scroll_width} px wide; "
        f"sticking out:\n  " + "\n  ".join(page.evaluate(_OVERFLOWING)))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("role", "reach", "status"),
                         [pytest.param(*state[1:], id=state[0])
                          for state in STATES + EXTRA_STATES])
def test_page_fits_the_window(page_for, base_url, paths, role, reach, status, width):
    """The page in this state does not scroll sideways at 320 px or at 1366 px."""
    page = page_for(role, width)
    reach(page, base_url, paths)
    page.wait_for_load_state()
    assert page.last_status == status, f"{page.url} answered {page.last_status}"
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_in_the_navigation_fits(page_for, base_url, role, width):
    """Each page the role's main navigation leads to fits at this width."""
    page = page_for(role, width)
    page.goto(base_url + "/")
    hrefs = page.locator("nav.main-nav a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) >= 6, hrefs
    for href in hrefs:
        page.goto(href)
        assert page.last_status == 200, href
        assert_no_sideways_scrolling(page)


# --- The header ------------------------------------------------------------------------

def _menu(page):
    return page.get_by_role("button", name="Meny")


def test_menu_button_opens_and_closes_the_navigation_by_keyboard(page_for, base_url):
    """At 320 px the navigation hides behind «Meny»: Enter and Space open and close it,
    Escape closes it and puts focus back on the button, and Tab goes from the button
    into the links."""
    page = page_for("admin", NARROW)
    page.goto(base_url + "/conditions/")
    menu = _menu(page)
    nav = page.get_by_role("navigation", name="Hovedmeny")
    first = nav.get_by_role("link", name="Oversikt")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    controlled = menu.get_attribute("aria-controls")
    assert controlled and page.locator(f"#{controlled}").count() == 1
    expect(first).to_be_hidden()

    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(first).to_be_visible()
    expect(nav.get_by_role("link", name="Word-mal")).to_be_visible()
    expect(menu).to_be_focused()
    # The open menu pushes the page down rather than covering it, and still fits.
    assert_no_sideways_scrolling(page)
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(menu).to_be_focused()

    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(first).to_be_hidden()
    expect(menu).to_be_focused()

    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    # The open menu has no WCAG violations either.
    page.keyboard.press("Enter")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.keyboard.press("Enter")


def test_menu_button_is_only_on_narrow_screens(page_for, base_url):
    """At 1366 px there is no menu button: the links show, and the admin's nineteen links
    sit in two designed rows (main pages, then «Administrasjon»), each on one line."""
    page = page_for("admin", WIDE)
    page.goto(base_url + "/")
    expect(_menu(page)).to_be_hidden()
    nav = page.get_by_role("navigation", name="Hovedmeny")
    links = nav.get_by_role("link")
    expect(links).to_have_count(19)
    for i in range(links.count()):
        expect(links.nth(i)).to_be_visible()
    rows = nav.locator("ul")
    assert rows.count() == 2
    expect(nav.get_by_role("list", name="Administrasjon")).to_be_visible()
    for i in range(rows.count()):
        tops = rows.nth(i).locator("a").evaluate_all(
            "links => links.map(a => Math.round(a.getBoundingClientRect().top))")
        assert len(set(tops)) == 1, f"row {i} of the navigation wraps: {tops}"


def test_navigation_without_javascript(page_for, base_url):
    """Without JavaScript there is no menu button, and at 320 px every link is shown as a
    wrapped list and reached with Tab."""
    page = page_for("admin", NARROW, javascript=False)
    page.goto(base_url + "/")
    expect(_menu(page)).to_be_hidden()
    nav = page.get_by_role("navigation", name="Hovedmeny")
    links = nav.get_by_role("link")
    expect(links).to_have_count(19)
    names = links.all_inner_texts()
    reached = []
    # The header's last control before the navigation is the search button.
    page.locator("header").get_by_role("search").get_by_role("button", name="Søk").focus()
    for _ in range(len(names)):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert reached == names
    assert_no_sideways_scrolling(page)


def test_header_user_line_is_short_on_narrow_screens(page_for, base_url):
    """At 320 px the user line is the name and «Logg ut» on one line; the role and the
    organisation are left to the profile page. At 1366 px they show."""
    narrow = page_for("partner", NARROW)
    narrow.goto(base_url + "/")
    session = narrow.locator("header .session")
    profile = session.get_by_role("link", name=re.compile("min profil$"))
    logout = session.get_by_role("button", name="Logg ut")
    expect(session.locator(".session-detail")).to_be_hidden()
    assert abs(profile.bounding_box()["y"] - logout.bounding_box()["y"]) < 8
    wide = page_for("partner", WIDE)
    wide.goto(base_url + "/")
    expect(wide.locator("header .session .session-detail")).to_be_visible()


# --- Tables ----------------------------------------------------------------------------

def test_wide_table_scrolls_in_a_labelled_focusable_region(page_for, base_url):
    """At 320 px the condition list's table scrolls inside a region named by the table's
    caption; the region takes focus, shows it, and the arrow keys scroll it."""
    page = page_for("staff", NARROW)
    page.goto(base_url + "/conditions/")
    region = page.get_by_role("region", name="Rammebetingelser")
    expect(region.get_by_role("table", name="Rammebetingelser")).to_be_visible()
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    assert region.evaluate("el => el.matches(':focus-visible') || getComputedStyle(el).outlineStyle !== 'none'")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())


def test_table_that_fits_is_no_tab_stop(page_for, base_url):
    """At 1366 px a table that fits is no extra tab stop: the script takes the region out
    of the tab order while nothing in it scrolls."""
    page = page_for("staff", WIDE)
    page.goto(base_url + "/papers/")
    region = page.get_by_role("region", name=re.compile("^Uttalelser"))
    expect(region).to_be_visible()
    assert not region.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(region).not_to_have_attribute("tabindex", "0")


def test_every_table_is_in_a_scroll_region(page_for, base_url, paths):
    """Every table on the pages with tables sits in a region named by its caption."""
    page = page_for("staff", NARROW)
    for path in ("/", "/conditions/", paths["condition"], paths["measure"], "/hearings/",
                 paths["hearing"], "/papers/", paths["paper"], paths["paper_history"],
                 "/audit/", "/measures/", "/conditions/ranking", "/dialog/"):
        page.goto(base_url + paths.get(path, path))
        tables = page.locator("main table")
        assert tables.count(), path
        for i in range(tables.count()):
            table = tables.nth(i)
            wrapped = table.evaluate("""t => {
              const r = t.parentElement;
              const id = r.getAttribute('aria-labelledby');
              return r.classList.contains('table-scroll') && r.getAttribute('role') === 'region'
                && !!id && document.getElementById(id) === t.caption;
            }""")
            assert wrapped, f"{path}: table {i} is not in a region named by its caption"


@pytest.mark.parametrize("path", ["/conditions/", "/hearings/", "condition", "/papers/new",
                                  "/audit/", "/dialog/", "contact", "/dialog/ny"])
def test_narrow_pages_have_no_wcag_violations(page_for, base_url, paths, path):
    """axe and the structure checks at 320 px, scroll regions and all."""
    page = page_for("staff", NARROW)
    page.goto(base_url + paths.get(path, path))
    page.wait_for_load_state()
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n" + describe_violations(violations)
    assert structure_problems(page) == [], page.url
