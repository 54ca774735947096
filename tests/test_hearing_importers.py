"""The hearing importers on real-format samples: fields, skips, broken input, DST, fetching."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from advocacy.hearings.importers import (
    FeedError,
    ImportedHearing,
    detect_and_parse,
    end_of_day,
    fetch,
    hearing_id,
    parse_norwegian_date,
    parse_norwegian_deadline,
    parse_regjeringen_html,
    parse_regjeringen_rss,
    parse_stortinget_xml,
    stortinget_moment,
)

FIXTURES = Path(__file__).parent / "fixtures"
OSLO = ZoneInfo("Europe/Oslo")

KULTURMILJO_PATH = "/no/dokumenter/horing-nou-2025-3-ny-kulturmiljolov/id3097469/"
KULTURMILJO_URL = f"https://www.regjeringen.no{KULTURMILJO_PATH}"
SPR_URL = (
    "https://www.regjeringen.no/no/dokumenter/"
    "horing-forslag-til-statlige-planretningslinjer-for-arealbruk-og-mobilitet/id3029441/"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_id(hearings: list[ImportedHearing]) -> dict[str, ImportedHearing]:
    return {hearing.source_id: hearing for hearing in hearings}


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.08.2025", date(2025, 8, 15)),
        ("Høringsfrist: 1.2.2026", date(2026, 2, 1)),
        ("15. august 2025", date(2025, 8, 15)),
        ("2. Desember 2025 kl. 12.00", date(2025, 12, 2)),
        ("31.02.2025", None),
        ("Se høringsbrevet", None),
        ("", None),
    ],
)
def test_parse_norwegian_date(text, expected):
    assert parse_norwegian_date(text) == expected


def test_a_date_alone_means_2359_oslo_time_and_a_given_time_is_kept():
    assert parse_norwegian_deadline("15.08.2025") == datetime(2025, 8, 15, 23, 59, tzinfo=OSLO)
    assert parse_norwegian_deadline("2. desember 2025 kl. 12.00") == datetime(
        2025, 12, 2, 12, 0, tzinfo=OSLO
    )
    assert parse_norwegian_deadline("ingen frist") is None


def test_end_of_day_follows_the_summer_time_switch():
    # Summer time began 29 March 2026 at 02:00 and ended 25 October 2026 at 03:00.
    assert end_of_day(date(2026, 3, 28)).utcoffset() == timedelta(hours=1)
    assert end_of_day(date(2026, 3, 29)).utcoffset() == timedelta(hours=2)
    assert end_of_day(date(2026, 10, 24)).utcoffset() == timedelta(hours=2)
    assert end_of_day(date(2026, 10, 25)).utcoffset() == timedelta(hours=1)
    assert end_of_day(date(2025, 8, 15)).astimezone(timezone.utc) == datetime(
        2025, 8, 15, 21, 59, tzinfo=timezone.utc
    )


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-03-27T12:00:00", datetime(2026, 3, 27, 11, 0, tzinfo=timezone.utc)),
        ("2026-03-30T12:00:00", datetime(2026, 3, 30, 10, 0, tzinfo=timezone.utc)),
        ("2025-10-24T12:00:00", datetime(2025, 10, 24, 10, 0, tzinfo=timezone.utc)),
        ("2025-10-27T12:00:00", datetime(2025, 10, 27, 11, 0, tzinfo=timezone.utc)),
    ],
)
def test_stortinget_local_time_gets_the_oslo_offset_of_its_own_day(text, utc):
    moment = stortinget_moment(text)
    assert moment is not None and moment.tzinfo is not None
    assert moment == utc


def test_stortinget_minimum_date_means_no_date():
    assert stortinget_moment("0001-01-01T00:00:00") is None
    assert stortinget_moment(None) is None
    with pytest.raises(ValueError):
        stortinget_moment("snart")


def test_hearing_id_reads_the_stable_key_from_the_url():
    assert hearing_id(KULTURMILJO_URL) == "3097469"
    assert hearing_id(f"{KULTURMILJO_PATH}?uid=abc") == "3097469"
    assert hearing_id("/no/dokument/hoyringar/id1763/") is None
    assert hearing_id("https://example.org/no/dokumenter/x/id1/") is None


# --- regjeringen.no RSS --------------------------------------------------------------


def test_rss_reads_hearings_and_reports_the_rest():
    result = parse_regjeringen_rss(fixture("regjeringen_hoyringar.rss"))
    hearings = by_id(result.hearings)
    assert sorted(hearings) == ["3029441", "3097469", "3121544"]
    assert hearings["3097469"] == ImportedHearing(
        source="regjeringen",
        source_id="3097469",
        title="Høring - NOU 2025: 3 Ny kulturmiljølov",
        issuer="Klima- og miljødepartementet",
        reference="25/1428",
        url=KULTURMILJO_URL,
        # pubDate is 22:30 GMT on 14 May: already 15 May in Oslo.
        published_on=date(2025, 5, 15),
        deadline_at=datetime(2025, 8, 15, 23, 59, tzinfo=ZoneInfo("Europe/Oslo")),
        status_text="Ferdigbehandlet",
        summary=(
            "Klima- og miljødepartementet sender NOU 2025: 3 Ny kulturmiljølov på høring. "
            "Utvalget foreslår en ny lov som skal erstatte kulturminneloven."
        ),
    )
    spr = hearings["3029441"]
    assert spr.title == (
        "Høring – forslag til statlige planretningslinjer for arealbruk og mobilitet"
    )
    assert spr.url == SPR_URL
    assert spr.reference == "24/1198"
    assert spr.deadline_at == datetime(2024, 6, 12, 23, 59, tzinfo=OSLO)
    # No dc:creator on this item: the ministry is read from the description.
    assert spr.issuer == "Kommunal- og distriktsdepartementet"
    assert spr.published_on == date(2024, 3, 14)
    # A deadline with a time of day keeps that time.
    assert hearings["3121544"].deadline_at == datetime(2025, 12, 2, 12, 0, tzinfo=OSLO)
    assert result.skipped == [
        (
            "Høring – endringer i plan- og bygningsloven om fritidsboliger",
            "mangler høringsfrist som kan leses («Se høringsbrevet»)",
        ),
        (
            "Innspill til Nasjonal transportplan 2029–2040",
            "mangler lenke til høringens side (…/id<tall>/)",
        ),
    ]


def test_malformed_rss_is_refused_naming_the_line():
    with pytest.raises(FeedError, match=r"^Ugyldig XML på linje 37, kolonne \d+: ") as caught:
        parse_regjeringen_rss(fixture("regjeringen_malformed.rss"))
    assert "&amp;" in str(caught.value)


def test_rss_parser_refuses_a_document_that_is_no_feed():
    with pytest.raises(FeedError, match="ikke en RSS-strøm"):
        parse_regjeringen_rss(b"<html><body><p>Hei</p></body></html>")


def test_rss_bytes_are_never_taken_for_a_file_name(tmp_path):
    secret = tmp_path / "feed.xml"
    secret.write_bytes(fixture("regjeringen_hoyringar.rss"))
    with pytest.raises(FeedError):
        parse_regjeringen_rss(str(secret).encode())


# --- regjeringen.no HTML -------------------------------------------------------------


def test_list_page():
    result = parse_regjeringen_html(fixture("regjeringen_hoyringar.html"))
    assert [hearing.source_id for hearing in result.hearings] == [
        "3123980",
        "3121544",
        "3097469",
        "3029441",
    ]
    kulturmiljo = by_id(result.hearings)["3097469"]
    assert kulturmiljo.title == "Høring - NOU 2025: 3 Ny kulturmiljølov"
    assert kulturmiljo.issuer == "Klima- og miljødepartementet"
    assert kulturmiljo.url == KULTURMILJO_URL
    assert kulturmiljo.published_on == date(2025, 5, 15)
    assert kulturmiljo.deadline_at == datetime(2025, 8, 15, 23, 59, tzinfo=ZoneInfo("Europe/Oslo"))
    assert kulturmiljo.status_text == "Ferdigbehandlet"
    assert kulturmiljo.reference is None  # the list does not show "Vår ref."
    assert kulturmiljo.summary == (
        "Klima- og miljødepartementet sender NOU 2025: 3 Ny kulturmiljølov på høring."
    )
    spr = by_id(result.hearings)["3029441"]
    assert (spr.issuer, spr.deadline_at) == (
        "Kommunal- og distriktsdepartementet",
        datetime(2024, 6, 12, 23, 59, tzinfo=OSLO),
    )
    assert by_id(result.hearings)["3123980"].status_text == "På høring"
    assert result.skipped == [
        ("Høring – veileder om planlegging av fritidsboliger", "mangler høringsfrist som kan leses")
    ]


def test_single_hearing_page():
    result = parse_regjeringen_html(fixture("regjeringen_hoyring_kulturmiljolov.html"))
    assert result.skipped == []
    # The replies (…/id3097469/?uid=…) and the related NOU are not hearings of their own.
    assert result.hearings == [
        ImportedHearing(
            source="regjeringen",
            source_id="3097469",
            title="Høring - NOU 2025: 3 Ny kulturmiljølov",
            # Not Finansdepartementet, which is only among the consultees.
            issuer="Klima- og miljødepartementet",
            reference="25/1428",
            url=KULTURMILJO_URL,
            published_on=date(2025, 5, 15),
            deadline_at=datetime(2025, 8, 15, 23, 59, tzinfo=ZoneInfo("Europe/Oslo")),
            status_text="Ferdigbehandlet",
            summary=(
                "Klima- og miljødepartementet sender NOU 2025: 3 Ny kulturmiljølov på høring. "
                "Kulturmiljølovutvalget foreslår en ny lov som skal erstatte kulturminneloven."
            ),
        )
    ]


def test_hearing_page_saved_without_its_address_is_reported():
    page = fixture("regjeringen_hoyring_kulturmiljolov.html").decode()
    page = "\n".join(
        line for line in page.splitlines() if "canonical" not in line and "og:url" not in line
    )
    result = parse_regjeringen_html(page.encode())
    assert result.hearings == []
    assert result.skipped == [
        (
            "Høring - NOU 2025: 3 Ny kulturmiljølov",
            "fant ikke høringens id (id<tall> i sidens adresse)",
        )
    ]


def test_a_page_without_hearings_is_an_error():
    with pytest.raises(FeedError, match="Fant ingen lenker til høringer"):
        parse_regjeringen_html(
            b"<!DOCTYPE html><html><body><h1>Siden finnes ikke</h1></body></html>"
        )


# --- Stortinget ----------------------------------------------------------------------


def test_stortinget_hearings():
    result = parse_stortinget_xml(fixture("stortinget_horinger_2025-2026.xml"))
    hearings = by_id(result.hearings)
    assert sorted(hearings) == ["10543", "10561", "10602", "10615"]
    assert hearings["10543"] == ImportedHearing(
        source="stortinget",
        source_id="10543",
        title="Statsbudsjettet 2026 – rammeområde 18 og 19",
        issuer="Kommunal- og forvaltningskomiteen",
        reference="Prop. 1 S (2025–2026)",
        url="https://www.stortinget.no/no/Hva-skjer-pa-Stortinget/Horing/horing/?h=10543",
        published_on=date(2025, 10, 13),
        deadline_at=datetime(2025, 10, 27, 12, 0, tzinfo=OSLO),
        status_text="Planlagt",
        summary=(
            "Bevilgninger på statsbudsjettet for 2026, kapitler under Kommunal- og "
            "distriktsdepartementet (rammeområde 18 og 19)"
        ),
    )


def test_stortinget_oral_hearing_uses_the_deadline_to_ask_to_speak():
    result = parse_stortinget_xml(fixture("stortinget_horinger_2025-2026.xml"))
    oral = by_id(result.hearings)["10561"]
    # innspillsfrist is the minimum date: read as none, so anmodningsfrist counts.
    assert oral.deadline_at == datetime(2025, 11, 3, 12, 0, tzinfo=OSLO)
    assert oral.issuer == "ENERGI"  # the committee has no <navn> here
    assert oral.summary == (
        "Høring 10.11.2025 kl. 09:00, Stortinget, Høringssalen\n"
        "Muntlig høring: fristen er fristen for å be om å delta."
    )


def test_stortinget_several_cases_minimum_dates_and_fallback_titles():
    hearings = by_id(parse_stortinget_xml(fixture("stortinget_horinger_2025-2026.xml")).hearings)
    joint = hearings["10602"]
    assert joint.title == (
        "Endringer i plan- og bygningsloven (digitale planer) / Endringer i matrikkellova"
    )
    assert joint.reference == "Prop. 58 L (2025–2026); Prop. 59 L (2025–2026)"
    assert joint.published_on is None  # publisert_dato is the minimum date
    # sak_korttittel is nil: the full title stands in.
    assert hearings["10615"].title == "Endringer i vegtrafikkloven (automatisk trafikkontroll)"


def test_stortinget_deadlines_on_both_sides_of_the_spring_switch():
    hearings = by_id(parse_stortinget_xml(fixture("stortinget_horinger_2025-2026.xml")).hearings)
    before, after = hearings["10615"].deadline_at, hearings["10602"].deadline_at
    assert before is not None and after is not None
    assert before.utcoffset() == timedelta(hours=1)  # Friday 27 March 2026, CET
    assert after.utcoffset() == timedelta(hours=2)  # Monday 30 March 2026, CEST
    assert after.astimezone(timezone.utc) == datetime(2026, 3, 30, 10, 0, tzinfo=timezone.utc)
    autumn = hearings["10543"].deadline_at
    assert autumn is not None and autumn.utcoffset() == timedelta(hours=1)  # after 26 October 2025


def test_stortinget_skipped_hearings_are_reported_with_a_reason():
    result = parse_stortinget_xml(fixture("stortinget_horinger_2025-2026.xml"))
    assert result.skipped == [
        (
            "Stortingets høring 10578: Statsbudsjettet 2026 – rammeområde 20 Samferdsel",
            "muntlig høring uten frist for innspill eller påmelding",
        ),
        ("Stortingets høring 10630", "mangler tittel (ingen sak er knyttet til høringen)"),
    ]


def test_truncated_stortinget_export_is_refused_naming_the_line():
    data = fixture("stortinget_truncated.xml")
    last_line = data.count(b"\n") + 1
    expected = rf"^Ugyldig XML på linje {last_line}, kolonne \d+: .*avkortet"
    with pytest.raises(FeedError, match=expected):
        parse_stortinget_xml(data)


STORTINGET_HEAD = b'<?xml version="1.0" encoding="utf-8"?>\n'


def _stortinget(hearings: bytes) -> bytes:
    return (
        STORTINGET_HEAD
        + b'<horinger_oversikt xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
        + b'xmlns="http://data.stortinget.no"><horinger_liste>'
        + hearings
        + b"</horinger_liste><sesjon_id>2025-2026</sesjon_id></horinger_oversikt>"
    )


def test_stortinget_hearing_without_id_names_the_element():
    complete = (
        b"<horing><horing_sak_info_liste><horing_sak_info><sak_korttittel>Sak</sak_korttittel>"
        b"</horing_sak_info></horing_sak_info_liste><id>1</id>"
        b"<innspillsfrist>2026-01-05T12:00:00</innspillsfrist><skriftlig>true</skriftlig></horing>"
    )
    without_id = complete.replace(b"<id>1</id>", b"")
    with pytest.raises(FeedError, match=r"^Elementet <horing> nr\. 2 mangler <id>$"):
        parse_stortinget_xml(_stortinget(complete + without_id))


def test_stortinget_unreadable_deadline_is_skipped():
    hearing = (
        b"<horing><horing_sak_info_liste><horing_sak_info><sak_korttittel>Sak</sak_korttittel>"
        b"</horing_sak_info></horing_sak_info_liste><id>7</id>"
        b"<innspillsfrist>snart</innspillsfrist><skriftlig>true</skriftlig></horing>"
    )
    result = parse_stortinget_xml(_stortinget(hearing))
    assert result.hearings == []
    assert result.skipped == [("Stortingets høring 7: Sak", "mangler høringsfrist som kan leses")]


def test_stortinget_entities_are_refused():
    bomb = (
        STORTINGET_HEAD
        + b'<!DOCTYPE horinger_oversikt [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        + b'<horinger_oversikt xmlns="http://data.stortinget.no">&b;</horinger_oversikt>'
    )
    with pytest.raises(FeedError, match="entiteter"):
        parse_stortinget_xml(bomb)


def test_stortinget_wrong_root_is_refused():
    with pytest.raises(FeedError, match="ventet <horinger_oversikt>"):
        parse_stortinget_xml(b'<saker_oversikt xmlns="http://data.stortinget.no"/>')


# --- detect_and_parse ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source", "count"),
    [
        ("stortinget_horinger_2025-2026.xml", "stortinget", 4),
        ("regjeringen_hoyringar.rss", "regjeringen", 3),
        ("regjeringen_hoyringar.html", "regjeringen", 4),
        ("regjeringen_hoyring_kulturmiljolov.html", "regjeringen", 1),
    ],
)
def test_detect_and_parse_chooses_by_content(name, source, count):
    result = detect_and_parse(fixture(name), name)
    assert len(result.hearings) == count
    assert {hearing.source for hearing in result.hearings} == {source}


@pytest.mark.parametrize("name", ["stortinget_truncated.xml", "regjeringen_malformed.rss"])
def test_detect_and_parse_passes_on_broken_input(name):
    with pytest.raises(FeedError, match="linje"):
        detect_and_parse(fixture(name), name)


@pytest.mark.parametrize(
    "data", [b"", b"tittel;frist\nNoe;15.08.2025\n", b'{"horinger_liste": []}']
)
def test_detect_and_parse_refuses_unknown_formats(data):
    with pytest.raises(FeedError, match=r"^Ukjent format i innspill\.csv: "):
        detect_and_parse(data, "innspill.csv")


# --- fetch ---------------------------------------------------------------------------

USER_AGENT = "Advocacy/0.1 (Buskerud fylkeskommune; +https://example.org/kontakt)"


class _Handler(BaseHTTPRequestHandler):
    """Answers from the server's script, one entry per request; records the User-Agent."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        server = self.server
        server.user_agents.append(self.headers.get("User-Agent"))
        status, headers, body = server.script[min(len(server.user_agents), len(server.script)) - 1]
        if status == "stall":
            server.release.wait(5)
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's signature
        """Keep the test output quiet."""


@contextmanager
def serve(script: list[tuple]) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.script = script
    server.user_agents = []
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


def _url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/eksport/horinger?sesjonid=2025-2026"


# No proxies: the test server is on this machine whatever the environment says.
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def test_fetch_backs_off_on_429_then_returns_the_body():
    sample = fixture("stortinget_horinger_2025-2026.xml")
    waits: list[float] = []
    script = [
        (429, {"Retry-After": "7"}, b""),
        (429, {}, b""),
        (200, {"Content-Type": "text/xml"}, sample),
    ]
    with serve(script) as server:
        data = fetch(_url(server), user_agent=USER_AGENT, sleep=waits.append, opener=NO_PROXY)
    assert data == sample
    assert waits == [7.0, 4.0]  # Retry-After when given, else 2 s doubled per attempt
    assert server.user_agents == [USER_AGENT] * 3
    assert len(parse_stortinget_xml(data).hearings) == 4


def test_fetch_gives_up_after_max_retries():
    waits: list[float] = []
    with serve([(429, {}, b"")]) as server:
        with pytest.raises(FeedError, match="svarte 429"):
            fetch(_url(server), user_agent=USER_AGENT, sleep=waits.append, opener=NO_PROXY)
    assert waits == [2.0, 4.0, 8.0]
    assert len(server.user_agents) == 4


def test_fetch_reports_other_http_errors_without_retrying():
    waits: list[float] = []
    with serve([(404, {}, b"Not found")]) as server:
        with pytest.raises(FeedError, match="svarte 404"):
            fetch(_url(server), user_agent=USER_AGENT, sleep=waits.append, opener=NO_PROXY)
    assert waits == []


def test_fetch_times_out():
    with serve([("stall", {}, b"")]) as server:
        with pytest.raises(FeedError, match="^Tidsavbrudd"):
            fetch(_url(server), user_agent=USER_AGENT, timeout=0.2, opener=NO_PROXY)


def test_fetch_only_fetches_http():
    with pytest.raises(FeedError, match="Bare http"):
        fetch("file:///etc/passwd", user_agent=USER_AGENT)
