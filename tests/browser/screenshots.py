"""Regenerate the README's screenshots from the demo: ``python -m tests.browser.screenshots``.

Builds the demo app on a temporary SQLite file, serves it on 127.0.0.1, logs in as the
demo's county adviser in Debian's chromium and writes, 1280 px wide and full page:

- ``docs/overview.png``: the overview;
- ``docs/condition.png``: the page of the top-ranked framework condition.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.browser.live import CHROMIUM, build_demo_app, launch_chromium, log_in, serve

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTH = 1280


def take_screenshots(out_dir: Path) -> list[Path]:
    """Serve the demo, take both screenshots into ``out_dir``; return their paths."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    overview, condition = out_dir / "overview.png", out_dir / "condition.png"
    with tempfile.TemporaryDirectory(prefix="advocacy-screenshots-") as tmp:
        app = build_demo_app(Path(tmp) / "demo.sqlite")
        with serve(app) as base_url, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                # Same locale and width as a desktop user in the county's offices.
                context = browser.new_context(viewport={"width": WIDTH, "height": 800},
                                              locale="nb-NO")
                page = context.new_page()
                log_in(page, base_url, "staff")
                # The login greeting is a one-off message, not part of the overview.
                page.goto(base_url + "/")
                page.screenshot(path=str(overview), full_page=True)
                page.locator("table.ranking tbody th a").first.click()
                page.wait_for_url(f"{base_url}/conditions/*")
                page.screenshot(path=str(condition), full_page=True)
                context.close()
            finally:
                browser.close()
    return [overview, condition]


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
