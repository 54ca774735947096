"""``flask import-hearings``: the command on the real-format samples, from files and over HTTP.

Importing is an upsert by source id in one transaction: twice changes nothing, a moved
deadline moves the hearing and its offset milestones (audited), hearings gone from the
source stay, and a broken feed saves nothing from that run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy import clock
from advocacy.audit.models import AuditEvent
from advocacy.extensions import db
from advocacy.hearings import services
from advocacy.hearings.models import ConditionSuggestion, Hearing, Milestone

FIXTURES = Path(__file__).parent / "fixtures"
RSS = "regjeringen_hoyringar.rss"
STORTINGET = "stortinget_horinger_2025-2026.xml"
KULTURMILJO_ID = "3097469"
OSLO = clock.OSLO


def run(app, source) -> object:
    """Run ``flask import-hearings SOURCE``; returns click's result."""
    return app.test_cli_runner().invoke(args=["import-hearings", str(source)])


def fixture(name: str) -> Path:
    return FIXTURES / name


def hearing_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Hearing))


def state() -> dict[str, int]:
    """How many rows the import could have touched."""
    db.session.expire_all()
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Hearing, Milestone, ConditionSuggestion, AuditEvent)}


def hearing(source_id: str, source: str = "regjeringen") -> Hearing:
    db.session.expire_all()
    return db.session.scalar(select(Hearing).where(Hearing.source == source,
                                                   Hearing.source_id == source_id))


def modified_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of a sample with one piece of text replaced."""
    text = fixture(name).read_text(encoding="utf-8")
    assert old in text, old
    copy = tmp_path / name
    copy.write_text(text.replace(old, new), encoding="utf-8")
    return copy


# --- idempotence -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "count"), [
    (RSS, 3), (STORTINGET, 4), ("regjeringen_hoyringar.html", 4),
    ("regjeringen_hoyring_kulturmiljolov.html", 1)])
def test_importing_twice_creates_nothing_new(app, name, count):
    first = run(app, fixture(name))
    assert first.exit_code == 0, first.output
    assert f"Nye: {count}," in first.output
    after_first = state()
    assert after_first["Hearing"] == count

    second = run(app, fixture(name))
    assert second.exit_code == 0, second.output
    assert "Nye: 0, oppdatert: 0 (flyttet frist: 0)" in second.output
    assert f"uendret: {count}" in second.output
    assert state() == after_first  # not even an audit event


def test_the_import_stores_what_the_source_says(app):
    result = run(app, fixture(RSS))
    assert result.exit_code == 0, result.output
    assert "  + Høring - NOU 2025: 3 Ny kulturmiljølov" in result.output
    kulturmiljo = hearing(KULTURMILJO_ID)
    assert kulturmiljo.title == "Høring - NOU 2025: 3 Ny kulturmiljølov"
    assert kulturmiljo.issuer == "Klima- og miljødepartementet"
    assert kulturmiljo.reference == "25/1428"
    assert kulturmiljo.deadline_at == datetime(2025, 8, 15, 23, 59, tzinfo=OSLO)
    assert kulturmiljo.url.endswith(f"/id{KULTURMILJO_ID}/")
    assert (kulturmiljo.status, kulturmiljo.deadline_sequence) == ("new", 0)
    [created] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "hearing", AuditEvent.object_id == kulturmiljo.id)).all()
    assert created.action == "create" and created.actor_id is None


def test_what_staff_decided_survives_a_new_import(app, make_user):
    run(app, fixture(RSS))
    staff = make_user("staff")
    kulturmiljo = hearing(KULTURMILJO_ID)
    kulturmiljo.status = "responding"
    kulturmiljo.responsible = staff
    db.session.commit()
    result = run(app, fixture(RSS))
    assert result.exit_code == 0, result.output
    kulturmiljo = hearing(KULTURMILJO_ID)
    assert (kulturmiljo.status, kulturmiljo.responsible_id) == ("responding", staff.id)


# --- a moved deadline --------------------------------------------------------------------


def test_a_moved_deadline_updates_the_hearing_and_its_offset_milestones(app, tmp_path):
    run(app, fixture(RSS))
    kulturmiljo = hearing(KULTURMILJO_ID)
    services.add_default_milestones(kulturmiljo)
    fixed = datetime(2025, 8, 1, 10, 0, tzinfo=OSLO)
    kulturmiljo.milestones.append(Milestone(kind="other", title="Fast møte", fixed_at=fixed))
    db.session.commit()
    before = {m.title: m.due_at for m in kulturmiljo.milestones}
    count = hearing_count()

    moved = modified_copy(tmp_path, RSS, "Høringsfrist: 15.08.2025", "Høringsfrist: 29.08.2025")
    result = run(app, moved)
    assert result.exit_code == 0, result.output
    assert "Nye: 0, oppdatert: 1 (flyttet frist: 1), uendret: 2" in result.output
    assert "  ~ Høring - NOU 2025: 3 Ny kulturmiljølov" in result.output
    assert hearing_count() == count

    kulturmiljo = hearing(KULTURMILJO_ID)
    assert kulturmiljo.deadline_at == datetime(2025, 8, 29, 23, 59, tzinfo=OSLO)
    assert kulturmiljo.deadline_sequence == 1
    after = {m.title: m.due_at for m in kulturmiljo.milestones}
    assert after == {m.title: m.falls_at for m in kulturmiljo.milestones}  # kept for SQL
    assert after["Fast møte"] == fixed
    for title, due in before.items():
        if title != "Fast møte":
            assert after[title] - due == timedelta(days=14), title
    assert after["Behandling i fylkesutvalget"] == datetime(2025, 8, 15, 23, 59, tzinfo=OSLO)
    assert all(m.sequence == (0 if m.fixed_at else 1) for m in kulturmiljo.milestones)

    [update] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "hearing", AuditEvent.object_id == kulturmiljo.id,
        AuditEvent.action == "update")).all()
    assert update.changes["deadline_at"] == ["2025-08-15T23:59+02:00", "2025-08-29T23:59+02:00"]
    assert update.changes["deadline_sequence"] == [0, 1]
    assert update.actor_id is None

    again = run(app, moved)  # the same moved deadline once more: nothing to do
    assert "Nye: 0, oppdatert: 0 (flyttet frist: 0)" in again.output
    assert hearing(KULTURMILJO_ID).deadline_sequence == 1


def test_the_moved_deadline_reaches_the_calendar_with_a_higher_sequence(app, client, login_as,
                                                                        tmp_path):
    import icalendar

    run(app, fixture(STORTINGET))
    login_as("viewer")
    budget = hearing("10543", "stortinget")
    url = f"/hearings/{budget.id}.ics"
    uid = f"hearing-{budget.id}-deadline@advocacy.buskerud"

    def event():
        calendar = icalendar.Calendar.from_ical(client.get(url).data)
        return next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid)

    before = event()
    run(app, modified_copy(tmp_path, STORTINGET, "<innspillsfrist>2025-10-27T12:00:00",
                           "<innspillsfrist>2025-11-03T12:00:00"))
    after = event()
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") - before.decoded("DTSTART") == timedelta(days=7)


def test_hearings_gone_from_the_source_are_kept(app, tmp_path):
    run(app, fixture(STORTINGET))
    count = hearing_count()
    text = fixture(STORTINGET).read_text(encoding="utf-8")
    start = text.index("<horing>", text.index("<horinger_liste>"))
    end = text.index("</horing>", start) + len("</horing>")
    assert "<id>10543</id>" in text[start:end]
    shorter = tmp_path / "shorter.xml"
    shorter.write_text(text[:start] + text[end:], encoding="utf-8")

    result = run(app, shorter)
    assert result.exit_code == 0, result.output
    assert "Nye: 0, oppdatert: 0 (flyttet frist: 0), uendret: 3" in result.output
    assert hearing_count() == count
    assert hearing("10543", "stortinget").title == "Statsbudsjettet 2026 – rammeområde 18 og 19"


# --- skipped entries ---------------------------------------------------------------------


def test_entries_without_a_deadline_are_reported_and_the_rest_imported(app):
    result = run(app, fixture(RSS))
    assert result.exit_code == 0, result.output
    assert "hoppet over: 2" in result.output
    assert ("hoppet over «Høring – endringer i plan- og bygningsloven om fritidsboliger»: "
            "mangler høringsfrist som kan leses («Se høringsbrevet»)") in result.output
    assert "hoppet over «Innspill til Nasjonal transportplan 2029–2040»" in result.output
    assert hearing_count() == 3
    assert hearing("3118870") is None

    result = run(app, fixture(STORTINGET))
    assert "Stortingets høring 10578" in result.output
    assert "muntlig høring uten frist for innspill eller påmelding" in result.output
    assert hearing("10578", "stortinget") is None and hearing("10543", "stortinget")


# --- broken input saves nothing ----------------------------------------------------------


@pytest.mark.parametrize(("name", "line"), [("stortinget_truncated.xml", 54),
                                            ("regjeringen_malformed.rss", 37)])
def test_a_broken_feed_is_refused_naming_the_line_and_nothing_is_saved(app, name, line):
    run(app, fixture(RSS))  # what was saved before stays
    before = state()
    result = run(app, fixture(name))
    assert result.exit_code != 0
    assert f"Ugyldig XML på linje {line}, kolonne" in result.output
    assert "Traceback" not in result.output
    assert state() == before


def test_a_feed_cut_off_after_some_hearings_saves_none_of_them(app, tmp_path):
    text = fixture(STORTINGET).read_text(encoding="utf-8")
    cut = text.index("<id>10602</id>")  # after two complete hearings
    truncated = tmp_path / "cut.xml"
    truncated.write_text(text[:cut], encoding="utf-8")
    result = run(app, truncated)
    assert result.exit_code != 0
    assert f"Ugyldig XML på linje {text[:cut].count(chr(10)) + 1}" in result.output
    assert state() == {"Hearing": 0, "Milestone": 0, "ConditionSuggestion": 0, "AuditEvent": 0}


def test_a_database_failure_while_saving_leaves_nothing_from_that_run(app, monkeypatch):
    """One run is one transaction: a failure after some hearings are flushed saves none."""
    from sqlalchemy.exc import OperationalError

    from advocacy.hearings import upsert

    run(app, fixture(RSS))
    before = state()
    calls = []
    real = upsert.Suggester.suggest

    def failing(self, *args):
        calls.append(args)
        if len(calls) == 3:
            db.session.flush()  # the first two hearings reach the database …
            raise OperationalError("INSERT …", {}, Exception("forbindelsen ble brutt"))
        return real(self, *args)

    monkeypatch.setattr(upsert.Suggester, "suggest", failing)
    result = run(app, fixture(STORTINGET))
    assert result.exit_code != 0
    assert len(calls) == 3
    assert "Kunne ikke lagre høringene; ingenting fra denne kjøringen er lagret." in result.output
    assert "forbindelsen ble brutt" in result.output and "Traceback" not in result.output
    assert state() == before  # … and are rolled back with the rest


def test_an_id_too_long_to_store_is_skipped_alike_on_every_database(app, tmp_path):
    long_id = "1" * 150
    source = modified_copy(tmp_path, STORTINGET, "<id>10543</id>", f"<id>{long_id}</id>")
    result = run(app, source)
    assert result.exit_code == 0, result.output
    assert ("hoppet over «Statsbudsjettet 2026 – rammeområde 18 og 19»: "
            "kildens id er lengre enn 100 tegn") in result.output
    assert "Nye: 3," in result.output and "hoppet over: 3" in result.output
    assert hearing_count() == 3 and hearing(long_id, "stortinget") is None


def test_the_sample_path_from_the_issue_works_relative_to_the_project(app, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent.parent)
    result = run(app, f"tests/fixtures/{STORTINGET}")
    assert result.exit_code == 0, result.output
    assert hearing_count() == 4


def test_a_document_of_another_kind_is_refused(app, tmp_path):
    csv = tmp_path / "horinger.csv"
    csv.write_text("tittel;frist\nNoe;15.08.2025\n", encoding="utf-8")
    result = run(app, csv)
    assert result.exit_code != 0
    assert "Ukjent format i" in result.output and "horinger.csv" in result.output
    assert hearing_count() == 0


def test_a_missing_file_is_a_clear_error(app, tmp_path):
    result = run(app, tmp_path / "finnes-ikke.xml")
    assert result.exit_code != 0
    assert "Fant ikke filen" in result.output and "finnes-ikke.xml" in result.output
    assert "Traceback" not in result.output
    result = run(app, tmp_path)  # a folder is no file either
    assert result.exit_code != 0 and "Fant ikke filen" in result.output


# --- size limit --------------------------------------------------------------------------


def test_the_size_limit_is_20_mb_by_default(app):
    assert app.config["IMPORT_MAX_BYTES"] == 20 * 1024 * 1024


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_imported(app):
    size = fixture(STORTINGET).stat().st_size
    app.config["IMPORT_MAX_BYTES"] = size - 1
    result = run(app, fixture(STORTINGET))
    assert result.exit_code != 0
    assert f"er større enn grensen på {size - 1} byte (IMPORT_MAX_BYTES)" in result.output
    assert "ingenting er importert" in result.output and "Traceback" not in result.output
    assert hearing_count() == 0
    app.config["IMPORT_MAX_BYTES"] = size  # exactly at the limit is fine
    result = run(app, fixture(STORTINGET))
    assert result.exit_code == 0, result.output
    assert hearing_count() == 4


@pytest.mark.parametrize("length_header", [True, False])
def test_a_url_over_the_size_limit_is_refused_and_nothing_is_imported(app, length_header):
    sample = fixture(STORTINGET).read_bytes()
    app.config["IMPORT_MAX_BYTES"] = len(sample) - 1
    headers = {"Content-Type": "application/xml"}
    if not length_header:  # the body's size is known only by reading it
        headers["Content-Length"] = None
    with serve([(200, headers, sample)]) as server:
        result = run(app, _url(server))
    assert result.exit_code != 0
    assert f"{_url(server)} er større enn grensen på" in result.output
    assert "Traceback" not in result.output
    assert hearing_count() == 0


def test_a_fetch_reads_at_most_one_byte_past_the_limit():
    from advocacy.hearings.importers import TooLarge, fetch

    asked = []

    class Endless:
        """A response whose body never ends and whose size is not announced."""

        headers: dict = {}

        def read(self, amount=-1):
            assert amount >= 0, "an unbounded read of an endless body"
            asked.append(amount)
            return b"x" * amount

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    class Opener:
        def open(self, request, timeout):
            return Endless()

    with pytest.raises(TooLarge, match="større enn grensen på 1 MB"):
        fetch("https://www.regjeringen.no/no/dokument/hoyringar/", user_agent="test",
              opener=Opener(), max_bytes=1024 * 1024)
    assert asked == [1024 * 1024 + 1]


# --- suggestions -------------------------------------------------------------------------


def test_importing_suggests_matching_framework_conditions(app, client, login_as,
                                                          make_condition):
    condition = make_condition("Kulturminneloven og ny kulturmiljølov",
                               owner_body="Klima- og miljødepartementet")
    make_condition("Inntektssystemet for fylkeskommunene", kind="funding")
    result = run(app, fixture(RSS))
    assert result.exit_code == 0, result.output
    assert "foreslåtte rammebetingelser: 1" in result.output

    [suggestion] = db.session.scalars(select(ConditionSuggestion)).all()
    assert suggestion.hearing.source_id == KULTURMILJO_ID
    assert suggestion.condition_id == condition.id
    assert "kulturm" in suggestion.reason and "samme eier" in suggestion.reason

    login_as("staff")
    page = client.get(f"/hearings/{suggestion.hearing_id}").get_data(as_text=True)
    assert "Foreslåtte rammebetingelser" in page
    assert "Kulturminneloven og ny kulturmiljølov" in page

    # A second import suggests nothing again, and a dismissed suggestion stays dismissed.
    suggestion.is_dismissed = True
    db.session.commit()
    again = run(app, fixture(RSS))
    assert "foreslåtte rammebetingelser: 0" in again.output
    assert db.session.scalar(select(func.count()).select_from(ConditionSuggestion)) == 1


# --- over HTTP ---------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    """Answers each request from the server's script and records its User-Agent."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        server = self.server
        server.requests.append((self.path, self.headers.get("User-Agent")))
        status, headers, body = server.script[min(len(server.requests), len(server.script)) - 1]
        self.send_response(status)
        for name, value in headers.items():
            if value is not None:  # {"Content-Length": None}: send none, end by closing
                self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's signature
        """Keep the test output quiet."""


@contextmanager
def serve(script: list[tuple[int, dict, bytes]]) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.script, server.requests = script, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _url(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/eksport/horinger?sesjonid=2025-2026"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """The test server is on this machine, whatever proxy the environment names."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def test_importing_from_a_url(app):
    sample = fixture(STORTINGET).read_bytes()
    with serve([(200, {"Content-Type": "application/xml"}, sample)]) as server:
        result = run(app, _url(server))
        again = run(app, _url(server))
    assert result.exit_code == 0, result.output
    assert f"Henter {_url(server)}" in result.output
    assert "Nye: 4," in result.output and "Nye: 0," in again.output
    assert hearing_count() == 4
    assert [ua for _, ua in server.requests] == [app.config["IMPORT_USER_AGENT"]] * 2
    assert server.requests[0][0] == "/eksport/horinger?sesjonid=2025-2026"


def test_a_url_answering_429_is_asked_again(app):
    sample = fixture(RSS).read_bytes()
    with serve([(429, {"Retry-After": "0"}, b"for mange"),
                (200, {"Content-Type": "application/rss+xml"}, sample)]) as server:
        result = run(app, _url(server))
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 2 and hearing_count() == 3


def test_a_url_answering_500_is_a_clear_error_and_nothing_is_saved(app):
    run(app, fixture(RSS))
    before = state()
    with serve([(500, {}, b"Internal Server Error")]) as server:
        result = run(app, _url(server))
    assert result.exit_code != 0
    assert f"{_url(server)} svarte 500" in result.output
    assert "Traceback" not in result.output
    assert len(server.requests) == 1  # only 429 is retried
    assert state() == before


def test_a_url_answering_with_a_broken_feed_saves_nothing(app):
    sample = fixture("stortinget_truncated.xml").read_bytes()
    with serve([(200, {"Content-Type": "application/xml"}, sample)]) as server:
        result = run(app, _url(server))
    assert result.exit_code != 0
    assert "Ugyldig XML på linje 54" in result.output
    assert hearing_count() == 0


def test_a_url_nobody_answers_is_a_clear_error(app):
    with serve([]) as server:
        url = _url(server)
    result = run(app, url)  # the server is gone: the port refuses
    assert result.exit_code != 0
    assert f"Kunne ikke hente {url}" in result.output
    assert "Traceback" not in result.output


def test_a_date_only_source_does_not_undo_a_known_time_of_day(app):
    from datetime import date, datetime

    from advocacy import clock
    from advocacy.hearings.importers import ImportedHearing
    from advocacy.hearings.services import deadline_at
    from advocacy.hearings.upsert import upsert_hearings

    def item(moment):
        return ImportedHearing(source="regjeringen", source_id="4242", title="Høring",
                               issuer="Kommunal- og distriktsdepartementet", reference=None,
                               url=None, published_on=None, deadline_at=moment,
                               status_text=None)

    noon = datetime(2026, 12, 2, 12, 0, tzinfo=clock.OSLO)
    upsert_hearings([item(noon)])
    db.session.commit()
    report = upsert_hearings([item(deadline_at(date(2026, 12, 2)))])
    db.session.commit()
    assert report.moved == []
    hearing = db.session.scalar(select(Hearing))
    assert hearing.deadline_at == noon and hearing.deadline_sequence == 0
    report = upsert_hearings([item(deadline_at(date(2026, 12, 3)))])
    assert report.moved == ["Høring"]
