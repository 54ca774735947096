"""Measurements inside one Python process: queries per page, Word export, import,
reminders and search.

``bench.run`` runs each part as its own process (``python -m bench.inproc <part>
<manifest.json>``) with a time limit, so that a job that hangs or crashes is recorded
rather than stopping the benchmark. Each part prints one JSON object as its last line.

Parts:

- ``pages``: every page of ``bench.pages.PAGES`` through Flask's test client, logged in
  with a real POST; the SQL statements of one request are counted with an
  ``after_cursor_execute`` listener (gunicorn's workers cannot be counted from outside);
- ``word``: ``paper_docx`` of the 40-section, 50-signatory paper;
- ``search``: the conditions and measures lists searched for a word (test client);
- ``reminders``: the reminder job at the dataset's base moment, dry run, first run (records
  and sends the digests to a folder) and second run (finds everything recorded);
- ``import``: 2,000 hearings in Stortinget's XML format through the app's importer, twice.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.generate import DATA, import_fixture, make_app
from bench.pages import PAGES

_queries = {"n": 0, "on": False}


@event.listens_for(Engine, "after_cursor_execute")
def _count(conn, cursor, statement, parameters, context, executemany) -> None:
    if _queries["on"]:
        _queries["n"] += 1


@contextmanager
def counting():
    """Count the SQL statements run inside the block; yields a dict with ``n``."""
    _queries["n"], _queries["on"] = 0, True
    box = {"n": 0}
    try:
        yield box
    finally:
        _queries["on"] = False
        box["n"] = _queries["n"]


def timed(function, runs: int = 5, budget_s: float = 10.0) -> tuple[list[float], object]:
    """Run ``function`` up to ``runs`` times within ``budget_s``; times in ms and last result."""
    times, result, started = [], None, time.perf_counter()
    for _ in range(runs):
        t0 = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - started > budget_s:
            break
    return times, result


def login(app, email: str, password: str):
    """A test client logged in with a real POST of the login form (CSRF token included)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"csrf_token": token, "email": email,
                                         "password": password})
    if answer.status_code != 302:
        raise RuntimeError(f"login as {email} failed: HTTP {answer.status_code}")
    client.get("/")  # shows (and so clears) the welcome message
    return client


#: A request that the page cache (advocacy.pagecache) renders afresh, as a hard reload.
FRESH = {"Cache-Control": "no-cache"}


def part_pages(manifest: dict) -> dict:
    """Queries and in-process time of one request per page."""
    app = make_app(manifest["url"])
    clients = {None: app.test_client(),
               "staff": login(app, manifest["staff_email"], manifest["password"]),
               "partner": login(app, manifest["partner_email"], manifest["password"])}
    results = {}
    for page in PAGES:
        client, url = clients[page.role], page.url(manifest)
        fresh, again = {**dict(page.headers), **FRESH}, dict(page.headers)
        try:
            client.get(url, headers=fresh)  # warm-up: templates compiled, caches filled
            # Rendered afresh (not from the page cache): what the page costs.
            with counting() as queries:
                t0 = time.perf_counter()
                response = client.get(url, headers=fresh)
                first_ms = (time.perf_counter() - t0) * 1000
            times, _ = timed(lambda: client.get(url, headers=fresh), runs=2, budget_s=3.0)
            # And asked again as a reload asks: what a page kept in the page cache costs.
            with counting() as kept:
                client.get(url, headers=again)
            results[page.name] = {"status": response.status_code, "queries": queries["n"],
                                  "kept_queries": kept["n"],
                                  "bytes": len(response.get_data()),
                                  "ms": round(statistics.median([first_ms, *times]), 1)}
        except Exception as error:  # noqa: BLE001 - recorded, the others still run
            results[page.name] = {"error": f"{type(error).__name__}: {error}"[:300]}
        print(f"  in-process {page.name}: {results[page.name]}", file=sys.stderr)
    return results


def part_word(manifest: dict) -> dict:
    """Time ``paper_docx`` for the Word paper (loaded as the route loads it)."""
    from advocacy.papers.export import paper_docx
    from advocacy.papers.services import get_paper

    from advocacy.extensions import db

    app = make_app(manifest["url"])
    with app.app_context():
        def export():
            db.session.expire_all()
            return paper_docx(get_paper(manifest["word_paper_id"]))

        export()
        with counting() as queries:
            data = export()
        times, _ = timed(export, runs=5)
        return {"ms": round(statistics.median(times), 1), "runs": len(times),
                "queries": queries["n"], "bytes": len(data)}


def part_search(manifest: dict) -> dict:
    """Search the conditions and the measures for a word, as a user does (test client)."""
    app = make_app(manifest["url"])
    client = login(app, manifest["staff_email"], manifest["password"])
    result = {}
    for name, url in (("conditions", f"/conditions/?q={manifest['search_word']}"),
                      ("measures", f"/measures/?q={manifest['search_word']}")):
        client.get(url, headers=FRESH)
        with counting() as queries:
            status = client.get(url, headers=FRESH).status_code
        times, _ = timed(lambda: client.get(url, headers=FRESH), runs=5)
        result[name] = {"ms": round(statistics.median(times), 1), "queries": queries["n"],
                        "status": status}
    result["ms"] = max(r["ms"] for r in result.values() if isinstance(r, dict))
    return result


def part_reminders(manifest: dict) -> dict:
    """The reminder job over every deadline of the dataset, at its base moment."""
    from advocacy.notify import sources
    from advocacy.notify.reminders import run_reminders

    from advocacy.extensions import db

    outbox = DATA / f"outbox-{manifest['db']}-{manifest['size']}"
    shutil.rmtree(outbox, ignore_errors=True)
    app = make_app(manifest["url"], MAIL_OUTBOX=str(outbox))
    now = datetime.fromisoformat(manifest["base"])
    with app.app_context():
        deadlines = _deadlines_held()
        in_window = len(sources.all_deadlines(now))
        db.session.remove()
        dry_times, dry = timed(lambda: run_reminders(now, dry_run=True), runs=3)
        db.session.remove()
        with counting() as queries:
            t0 = time.perf_counter()
            first = run_reminders(now)
            first_s = time.perf_counter() - t0
        db.session.remove()
        t0 = time.perf_counter()
        second = run_reminders(now)
        second_s = time.perf_counter() - t0
    return {"deadlines": deadlines, "in_window": in_window, "dry_run_s": round(statistics.median(dry_times) / 1000, 3),
            "first_s": round(first_s, 3), "second_s": round(second_s, 3),
            "first_queries": queries["n"],
            "digests": len(first.sent), "reminders": sum(len(v) for v in first.sent.values()),
            "failed": len(first.failed), "second_new": len(second.sent),
            "second_already_recorded": second.already_recorded,
            "mails_written": len(list(outbox.glob("*.eml"))) if outbox.exists() else 0}


def _deadlines_held() -> int:
    """Every deadline the database holds that the job could ever remind of: open hearings,
    their milestones, and unanswered invitations to papers out for signing."""
    from sqlalchemy import func, select

    from advocacy.extensions import db
    from advocacy.hearings.models import DONE_STATUSES, Hearing, Milestone
    from advocacy.papers.models import Invitation, PaperStatus, PositionPaper

    still_open = Hearing.status.not_in(sorted(DONE_STATUSES))
    hearings = db.session.scalar(select(func.count()).select_from(Hearing).where(still_open))
    milestones = db.session.scalar(select(func.count()).select_from(Milestone).join(Hearing)
                                   .where(still_open))
    invitations = db.session.scalar(
        select(func.count()).select_from(Invitation).join(PositionPaper)
        .where(PositionPaper.status == PaperStatus.SIGNING))
    return hearings + milestones + invitations


def part_import(manifest: dict) -> dict:
    """Import 2,000 hearings from a Stortinget XML file, then the same file again."""
    from advocacy.hearings.importers import detect_and_parse, read_file
    from advocacy.hearings.upsert import upsert_hearings

    from advocacy.extensions import db

    path = import_fixture(datetime.fromisoformat(manifest["base"]))
    app = make_app(manifest["url"])
    runs = []
    with app.app_context():
        for _ in range(2):
            db.session.remove()
            with counting() as queries:
                t0 = time.perf_counter()
                result = detect_and_parse(read_file(path, max_bytes=None), str(path))
                report = upsert_hearings(result.hearings)
                db.session.commit()
                seconds = time.perf_counter() - t0
            runs.append({"s": round(seconds, 3), "parsed": len(result.hearings),
                         "created": len(report.created), "updated": len(report.updated),
                         "unchanged": report.unchanged, "suggested": report.suggested,
                         "queries": queries["n"]})
            print(f"  import run: {runs[-1]}", file=sys.stderr)
    return {"first": runs[0], "second": runs[1], "file_bytes": path.stat().st_size}


PARTS = {"pages": part_pages, "word": part_word, "search": part_search,
         "reminders": part_reminders, "import": part_import}


def main(argv: list[str]) -> None:
    """Command line: ``python -m bench.inproc <part> <manifest.json>``."""
    part, manifest_path = argv
    manifest = json.loads(Path(manifest_path).read_text())
    result = PARTS[part](manifest)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
