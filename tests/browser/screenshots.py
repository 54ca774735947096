"""Regenerate the README's screenshots from the demo: ``python -m tests.browser.screenshots``.

Builds the demo app on a temporary SQLite file, serves it on 127.0.0.1 and, in Debian's
chromium, writes full-page screenshots at a desktop width (1280 px) and a phone width
(390 px, an iPhone 12–15):

- ``docs/overview.png``, ``docs/overview-390.png``: the county adviser's overview;
- ``docs/condition.png``, ``docs/condition-390.png``: the page of the top-ranked framework
  condition;
- ``docs/partner-390.png``: a partner's overview on a phone ("Mitt arbeid": what their
  organisation is asked to sign).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.browser.live import CHROMIUM, build_demo_app, launch_chromium, log_in, serve

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTH = 1280
PHONE_WIDTH = 390


def take_screenshots(out_dir: Path) -> list[Path]:
    """Serve the demo, take the screenshots into ``out_dir``; return their paths."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="advocacy-screenshots-") as tmp:
        app = build_demo_app(Path(tmp) / "demo.sqlite")
        with serve(app) as base_url, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                for width, suffix in ((WIDTH, ""), (PHONE_WIDTH, f"-{PHONE_WIDTH}")):
                    written += _adviser(browser, base_url, out_dir, width, suffix)
                written += _partner(browser, base_url, out_dir)
            finally:
                browser.close()
    return written


def _adviser(browser, base_url: str, out_dir: Path, width: int, suffix: str) -> list[Path]:
    overview, condition = out_dir / f"overview{suffix}.png", out_dir / f"condition{suffix}.png"
    # Same locale as a user in the county's offices.
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="nb-NO")
    page = context.new_page()
    log_in(page, base_url, "staff")
    # The login greeting is a one-off message, not part of the overview.
    page.goto(base_url + "/")
    page.screenshot(path=str(overview), full_page=True)
    # The top condition, from the ranking's table (the overview shows it as a chart).
    page.goto(base_url + "/conditions/ranking")
    page.goto(base_url + page.locator("table.ranking tbody th a").first.get_attribute("href"))
    page.wait_for_url(f"{base_url}/conditions/*")
    page.screenshot(path=str(condition), full_page=True)
    context.close()
    return [overview, condition]


def _partner(browser, base_url: str, out_dir: Path) -> list[Path]:
    path = out_dir / f"partner-{PHONE_WIDTH}.png"
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800},
                                  locale="nb-NO")
    page = context.new_page()
    log_in(page, base_url, "partner")
    page.goto(base_url + "/")
    page.screenshot(path=str(path), full_page=True)
    context.close()
    return [path]


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS,
                        help=f"folder to write the PNG files to (default {DOCS})")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"chromium not found at {CHROMIUM}; `make chromium` installs it.", file=sys.stderr)
        return 1
    for path in take_screenshots(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
