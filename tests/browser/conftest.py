"""Fixtures for the browser tests: the demo app served live, one chromium, a context per test.

These tests do not use the ``app`` fixture of ``tests/conftest.py``: the server runs in
another thread and needs a database of its own, seeded with the demo.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.live import (CHROMIUM, SAVED_LOGINS, build_demo_app, launch_chromium,
                                log_in, serve)
from tests.browser.scenario import Scenario, seed_scenario

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def _chromium_present() -> None:
    """Fail (in CI) or skip (elsewhere) when Debian's chromium is not installed."""
    if not CHROMIUM.exists():
        message = (f"chromium not found at {CHROMIUM}: `make chromium` installs it "
                   "(apt-get install chromium)")
        if IN_CI:
            pytest.fail(message + " – CI=true requires it")
        pytest.skip(message)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The demo app on a fresh SQLite file, ten rows a page so that lists have pages.

    Its mail goes to ``live_app.config["MAIL_OUTBOX"]`` (see the ``outbox`` fixture).
    """
    return build_demo_app(tmp_path_factory.mktemp("browser") / "advocacy.sqlite", per_page=10)


@pytest.fixture(scope="session")
def scenario(live_app) -> Scenario:
    """Hearings with warnings, an unanswered invitation and a reset link, beyond the demo."""
    return seed_scenario(live_app)


@pytest.fixture(scope="session")
def outbox(live_app) -> Path:
    """The folder the app writes its mail to, as ``.eml`` files."""
    return Path(live_app.config["MAIL_OUTBOX"])


@pytest.fixture(scope="session")
def base_url(live_app, _chromium_present):
    """The base URL of the demo app, served for the whole session."""
    with serve(live_app) as url:
        # Links in mail are built on the public address: here, the live server's.
        live_app.config["PUBLIC_URL"] = url
        yield url


@pytest.fixture(scope="session")
def browser(_chromium_present):
    """One headless chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def logged_in_state(browser, base_url):
    """Storage state (cookies) per role, logged in once through the form and reused.

    Saves a login per test; the flows and the keyboard test still log in themselves.
    """
    states = SAVED_LOGINS

    def state(role: str) -> dict:
        if role not in states:
            context = browser.new_context()
            try:
                log_in(context.new_page(), base_url, role)
                states[role] = context.storage_state()
            finally:
                context.close()
        return states[role]

    return state


@pytest.fixture
def page_as(browser, logged_in_state):
    """``page_as(role)``: a page in a fresh context, logged in as ``role`` unless it is None."""
    contexts = []

    def make(role: str | None = None):
        state = logged_in_state(role) if role else None
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO",
                                  storage_state=state)
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(page_as):
    """A page in a fresh context of its own, not logged in."""
    return page_as(None)
