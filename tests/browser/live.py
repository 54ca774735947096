"""The demo app served on 127.0.0.1 and Debian's chromium: shared by the browser tests
and the screenshot script, so both see the same app the same way.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from advocacy import create_app
from advocacy.demo import DEMO_USERS
from advocacy.extensions import db

#: Debian's chromium; the CHROMIUM variable (as in the Makefile) points elsewhere.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

#: No sandbox (containers run as root), and nothing that talks to the internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]

#: role -> (email, password) of the first demo user with that role (the partner is
#: Drammen's, who reads bokmål); "partner-nn" is the partner from Hol, who reads nynorsk.
DEMO_LOGINS: dict[str, tuple[str, str]] = {}
for _role, _email, _name, _password in DEMO_USERS:
    DEMO_LOGINS.setdefault(str(_role), (_email, _password))
    if _email == "partnar@hol.example":
        DEMO_LOGINS["partner-nn"] = (_email, _password)


def _login_for(role: str) -> tuple[str, str]:
    """The demo user with ``role``, or a user the browser tests' scenario adds."""
    if role in DEMO_LOGINS:
        return DEMO_LOGINS[role]
    from tests.browser.scenario import LOGINS

    return LOGINS[role]


def build_demo_app(database_path: Path, per_page: int | None = None,
                   outbox: Path | None = None) -> Flask:
    """The app on a fresh SQLite file at ``database_path``, with the demo loaded.

    ``per_page`` shortens the list pages, so that the demo's lists get a second page.
    Mail is never sent: it is written as ``.eml`` files to ``outbox`` (default: an
    ``outbox`` folder beside the database), where a test can read it.
    """
    from advocacy.demo import seed_demo

    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test-secret",
        # A cheap hash: the demo users' passwords are hashed at every seed.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(database_path),
        "MAIL_SERVER": None,
        "MAIL_OUTBOX": str(outbox or database_path.parent / "outbox"),
        "ATTACHMENTS_DIR": str(database_path.parent / "attachments"),
        **({"PER_PAGE": per_page} if per_page else {}),
    })
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.remove()
    return app


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    # One line per request on stderr would drown pytest's output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="advocacy-live-server",
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            # Close pooled SQLite connections so no ResourceWarning escapes later.
            db.engine.dispose()


def launch_chromium(playwright):
    """Launch Debian's headless chromium through Playwright (no downloaded browser)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS)


#: Logged-in browser states per role, reused by the ``logged_in_state`` fixture. Logging
#: out ends every session of that user (a new session token), so ``log_out`` forgets them.
SAVED_LOGINS: dict[str, dict] = {}


def log_out(page) -> None:
    """Log out with the header's button; saved logins are no longer valid after it."""
    page.locator("header").get_by_role("button", name="Logg ut").click()
    SAVED_LOGINS.clear()


def log_in(page, base_url: str, role: str) -> None:
    """Log in through the login form as the demo user with ``role`` (or a scenario user:
    ``scenario.LOGINS``)."""
    email, password = _login_for(role)
    page.goto(base_url + "/login")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(base_url + "/")
    # Only a logged-in page has the logout button; an error page would not.
    page.locator("header").get_by_role("button", name="Logg ut").wait_for()


def paste_html(editor, html: str) -> None:
    """Paste ``html`` into a formatted editor as the clipboard of a word processor would."""
    editor.evaluate("""(root, html) => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', root.innerText);
        root.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                        cancelable: true}));
    }""", html)
