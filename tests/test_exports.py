"""Every list as Excel and CSV: the page's filters, order and access, real dates, streamed."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from advocacy import exports
from advocacy.auth.models import Organisation
from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing
from advocacy.papers import pdf, services as paper_services
from advocacy.papers.models import Invitation
from advocacy.plan.models import Measure
from tests.conftest import IN_CI
from tests.test_query_counts import count_queries


def _has_calc() -> bool:
    """Whether LibreOffice with Calc (which opens .xlsx) is installed."""
    program = pdf.soffice()
    return program is not None and (Path(os.path.realpath(program)).parent / "libsclo.so").exists()


#: Skipped where Calc is missing, except in CI (CI=true), where a missing Calc is a failure.
needs_calc = pytest.mark.skipif(not _has_calc() and not IN_CI,
                                reason="LibreOffice Calc is not installed (make libreoffice)")

BOM = "\ufeff".encode()


def _sheet(response):
    """The only sheet of the workbook in ``response``."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == exports.XLSX_MIMETYPE
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert len(workbook.worksheets) == 1
    return workbook.worksheets[0]


def _values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    data = response.data
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.fixture
def conditions(make_user, make_condition, make_measure, make_link):
    """Three conditions: two high-priority ones (one linked), one low."""
    anne = make_user("staff", name="Anne Aas")
    made = {
        "skatt": make_condition("Inntektssystemet", kind="funding", priority="high",
                                responsible=anne, our_position="Mer til distriktene"),
        "plan": make_condition("Statlige planretningslinjer", priority="high"),
        "hytte": make_condition("Hytteforskriften", priority="low"),
    }
    make_link(make_measure("Flere lærlingplasser"), made["skatt"], effect="hinders")
    make_link(make_measure("Bredbånd til alle"), made["skatt"], effect="enables")
    return made


def test_the_condition_list_as_excel_has_the_page_filters_headings_and_real_dates(
        client, login_as, conditions):
    login_as("viewer")
    response = client.get("/conditions/export.xlsx?priority=high&sort=tittel")
    assert response.is_streamed
    disposition = response.headers["Content-Disposition"]
    assert disposition == ('attachment; filename="Rammebetingelser 26.11.2026.xlsx"; '
                           "filename*=UTF-8''Rammebetingelser%2026.11.2026.xlsx")
    sheet = _sheet(response)
    rows = _values(sheet)
    assert rows[0] == ["Tittel", "Type", "Eier", "Prioritet", "Status",
                       "Hindrer / nødvendig for", "Fremmer", "Ansvarlig", "Vårt standpunkt",
                       "Sist endret"]
    # The low-priority one is filtered out, as on the page; sorted by title as asked.
    assert [r[0] for r in rows[1:]] == ["Inntektssystemet", "Statlige planretningslinjer"]
    assert rows[1][1:9] == ["Økonomisk ordning", "Kommunal- og distriktsdepartementet", "Høy",
                            "Følges med på", 1, 1, "Anne Aas", "Mer til distriktene"]
    changed = sheet["J2"]
    assert changed.is_date and changed.value == datetime(2026, 11, 26, 10, 0)  # Oslo time
    assert changed.number_format == "dd.mm.yyyy hh:mm"
    # A header row that stays in view and filters; columns as wide as their content needs.
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J3"
    assert sheet.column_dimensions["A"].width > 40


def test_the_condition_list_as_csv_opens_in_norwegian_excel(client, login_as, conditions):
    login_as("viewer")
    response = client.get("/conditions/export.csv?q=inntekt")
    assert response.is_streamed
    assert response.headers["Content-Disposition"].endswith(
        "filename*=UTF-8''Rammebetingelser%2026.11.2026.csv")
    rows = _csv(response)
    assert rows[0][:3] == ["Tittel", "Type", "Eier"] and rows[0][-1] == "Sist endret"
    assert len(rows) == 2
    assert rows[1][0] == "Inntektssystemet" and rows[1][-1] == "26.11.2026 10:00"
    assert response.data.split(b"\r\n")[0].count(b";") == 9


def test_the_download_links_carry_the_filters_but_not_the_page(client, login_as, conditions):
    login_as("viewer")
    page = client.get("/conditions/?priority=high&sort=-tittel&page=1&fmt=pdf").get_data(
        as_text=True)
    links = re.findall(r'href="(/conditions/export\.[a-z]+[^"]*)"', page)
    assert links == ["/conditions/export.xlsx?priority=high&amp;sort=-tittel",
                     "/conditions/export.csv?priority=high&amp;sort=-tittel"]
    assert ">Last ned Excel</a>" in page and ">Last ned CSV</a>" in page


@pytest.mark.parametrize("url", ["/conditions/", "/conditions/ranking", "/measures/",
                                 "/hearings/", "/papers/", "/audit/"])
def test_every_list_page_links_to_its_excel_and_csv(client, login_as, conditions, url):
    login_as("staff")
    page = client.get(url).get_data(as_text=True)
    hrefs = re.findall(r'<a href="([^"]*export\.(?:xlsx|csv)[^"]*)">Last ned (Excel|CSV)</a>',
                       page)
    assert [kind for _, kind in hrefs] == ["Excel", "CSV"], url
    for href, _ in hrefs:
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href


def test_an_unknown_format_is_not_found_and_a_visitor_must_log_in(client, login_as, conditions):
    assert client.get("/conditions/export.csv").status_code == 302
    login_as("viewer")
    assert client.get("/conditions/export.pdf").status_code == 404


def test_text_that_a_spreadsheet_would_run_is_kept_as_text(client, login_as, make_condition):
    make_condition("=HYPERLINK(\"https://example.com\";\"klikk\")")
    login_as("viewer")
    sheet = _sheet(client.get("/conditions/export.xlsx"))
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "=HYPERLINK(\"https://example.com\";\"klikk\")"
    rows = _csv(client.get("/conditions/export.csv"))
    assert rows[1][0] == "'=HYPERLINK(\"https://example.com\";\"klikk\")"


def test_the_ranking_export_has_places_and_the_parts_of_the_score(client, login_as, conditions):
    login_as("viewer")
    rows = _values(_sheet(client.get("/conditions/ranking/export.xlsx")))
    assert rows[0] == ["Plass", "Rammebetingelse", "Prioritet", "Eier", "Styrkepoeng",
                       "Tiltak holdt tilbake", "Mål berørt", "Bredde", "Poeng"]
    # Only the conditions that hold something back, as on the page.
    assert rows[1:] == [[1, "Inntektssystemet", "Høy", "Kommunal- og distriktsdepartementet",
                         2, 1, 1, 0, 5]]


def test_the_measure_export_is_filtered_and_has_the_columns_of_other_domains(
        client, login_as, plan, conditions):
    other_goal = Measure(title="Grønn skipsfart", goal=plan.goals[1], owner="Havnen")
    db.session.add(other_goal)
    db.session.commit()
    login_as("viewer")
    rows = _csv(client.get(f"/measures/export.csv?goal={plan.goals[0].id}"))
    assert rows[0] == ["Utviklingsmål", "Tiltak", "Temaer", "Ansvarlig", "Status",
                       "Rammebetingelser"]
    assert [r[1] for r in rows[1:]] == ["Bredbånd til alle", "Flere lærlingplasser"]
    assert rows[1][0] == "Mer innenforskap" and rows[1][5] == "1"
    everything = _csv(client.get("/measures/export.csv"))
    assert "Grønn skipsfart" in [r[1] for r in everything]


@pytest.fixture
def hearings(app):
    """Two open hearings and a finished one."""
    def make(title, day, status="new", issuer="Kommunal- og distriktsdepartementet", **fields):
        hearing = Hearing(title=title, issuer=issuer, status=status,
                          deadline_at=hearing_services.deadline_at(day), **fields)
        db.session.add(hearing)
        return hearing

    made = {
        "hytte": make("Hytteforskriften", date(2027, 1, 15), published_on=date(2026, 10, 15),
                      reference="26/1428"),
        "vei": make("Veiprising i byområdene", date(2026, 12, 1), status="responding",
                    issuer="Samferdselsdepartementet"),
        "skole": make("Skolestruktur", date(2026, 10, 1), status="submitted"),
    }
    db.session.commit()
    return made


def test_the_hearing_export_has_open_then_finished_hearings_with_real_dates(
        client, login_as, hearings):
    login_as("viewer")
    sheet = _sheet(client.get("/hearings/export.xlsx"))
    rows = _values(sheet)
    assert rows[0] == ["Høring", "Saksnummer", "Avsender", "Publisert", "Høringsfrist",
                       "Status", "Ansvarlig", "Lenke"]
    assert [r[0] for r in rows[1:]] == ["Veiprising i byområdene", "Hytteforskriften",
                                        "Skolestruktur"]
    published, deadline = sheet["D3"], sheet["E3"]
    assert published.is_date and published.value == datetime(2026, 10, 15)
    assert published.number_format == "dd.mm.yyyy"
    assert deadline.is_date and deadline.value == datetime(2027, 1, 15, 23, 59)
    assert deadline.number_format == "dd.mm.yyyy hh:mm"

    filtered = _values(_sheet(client.get("/hearings/export.xlsx?issuer=Samferdselsdepartementet")))
    assert [r[0] for r in filtered[1:]] == ["Veiprising i byområdene"]
    rows = _csv(client.get("/hearings/export.csv?q=hytte"))
    assert rows[1][:5] == ["Hytteforskriften", "26/1428", "Kommunal- og distriktsdepartementet",
                           "15.10.2026", "15.01.2027 23:59"]


def _calc_to_csv(source: Path, shown: bool) -> list[str]:
    """The lines of ``source`` converted to CSV by LibreOffice Calc: the cells as shown
    (by their number formats), or their values in LibreOffice's own format."""
    options = "59,34,76,1,,0,false,true," + ("true" if shown else "false")
    folder = source.parent / ("shown" if shown else "values")
    profile = (source.parent / "profile").as_uri()
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={profile}", "--headless",
                    "--norestore", "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}",
                    "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=120)
    return (folder / f"{source.stem}.csv").read_text(encoding="utf-8").splitlines()


@needs_calc
def test_the_filtered_hearing_workbook_opens_in_libreoffice_with_real_dates(
        client, login_as, hearings, tmp_path):
    login_as("viewer")
    source = tmp_path / "horinger.xlsx"
    source.write_bytes(client.get("/hearings/export.xlsx?status=new").data)
    shown = _calc_to_csv(source, shown=True)
    assert shown[0].startswith("Høring;Saksnummer;Avsender;Publisert;Høringsfrist")
    assert len(shown) == 2  # the filter holds
    assert shown[1].startswith("Hytteforskriften;26/1428;Kommunal- og distriktsdepartementet;"
                               "15.10.2026;15.01.2027 23:59;")
    # Without the number formats Calc writes the dates its own way: they are dates, not text.
    values = _calc_to_csv(source, shown=False)
    assert ";10/15/2026;01/15/2027 23:59:00;" in values[1]


@pytest.fixture
def papers(make_user):
    """A paper Drammen is invited to and one for Lier; two partners, one of each."""
    staff = make_user("staff", name="Siri Stab")
    drammen = Organisation(name="Drammen kommune", kind="municipality", municipality_number="3301")
    lier = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    db.session.add_all([drammen, lier])
    for_drammen = paper_services.create_paper(title="Bare for Drammen", author=staff)
    for_lier = paper_services.create_paper(title="Bare for Lier", author=staff)
    db.session.add_all([Invitation(paper=for_drammen, organisation=drammen,
                                   sign_by=date(2026, 12, 20)),
                        Invitation(paper=for_lier, organisation=lier, sign_by=date(2026, 12, 22))])
    partner = make_user("partner", email="p@drammen.example")
    partner.organisation = drammen
    db.session.commit()
    return {"drammen": for_drammen, "lier": for_lier, "partner": partner}


def test_a_partner_exports_only_the_papers_of_their_organisation(client, papers):
    client.login(papers["partner"])
    for fmt in ("xlsx", "csv"):
        response = client.get(f"/papers/export.{fmt}")
        rows = _values(_sheet(response)) if fmt == "xlsx" else _csv(response)
        assert [r[0] for r in rows[1:]] == ["Bare for Drammen"], fmt
    rows = _values(_sheet(client.get("/papers/export.xlsx")))
    assert rows[0] == ["Tittel", "Høring", "Frist", "Status", "Medsignert", "Invitert",
                       "Ansvarlig", "Sist endret"]
    assert rows[1][2] == datetime(2026, 12, 20)  # the invitation's sign-by day
    assert rows[1][4:7] == [0, 1, "Siri Stab"]


def test_staff_export_every_paper_with_the_page_filters(client, login_as, papers):
    login_as("staff")
    rows = _csv(client.get("/papers/export.csv?sort=tittel"))
    assert [r[0] for r in rows[1:]] == ["Bare for Drammen", "Bare for Lier"]
    assert rows[2][2] == "22.12.2026"
    rows = _csv(client.get("/papers/export.csv?q=lier"))
    assert [r[0] for r in rows[1:]] == ["Bare for Lier"]


def test_the_change_log_export_has_the_page_filters(client, login_as, conditions):
    login_as("staff")
    conditions["hytte"].priority = "high"
    db.session.commit()
    rows = _csv(client.get(f"/audit/export.csv?type=condition&id={conditions['hytte'].id}"))
    assert rows[0] == ["Tidspunkt", "Hvem", "Handling", "Type", "Objekt",
                       "Endringer (før → etter)"]
    assert [r[2] for r in rows[1:]] == ["Endret", "Opprettet"]
    assert rows[1][0] == "26.11.2026 10:00" and rows[1][4] == "Hytteforskriften"
    assert rows[1][5].startswith("Prioritet: ") and rows[1][5].endswith(" → Høy")
    sheet = _sheet(client.get("/audit/export.xlsx?type=condition"))
    assert sheet["A2"].is_date and sheet["A2"].number_format == "dd.mm.yyyy hh:mm"


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_only_those_who_may_read_the_change_log_export_it(client, login_as, role):
    login_as(role)
    assert client.get("/audit/").status_code == 403
    for fmt in ("xlsx", "csv"):
        assert client.get(f"/audit/export.{fmt}").status_code == 403


# --- cost -----------------------------------------------------------------------------

def _populate(plan, staff, organisation, start: int, stop: int) -> None:
    """Measures, conditions (each linked, scored), hearings and papers numbered ``start``
    to ``stop``, and the change log of their making."""
    numbers = range(start, stop)
    measures = [Measure(title=f"Tiltak {i:03d}", goal=plan.goals[i % 2],
                        themes=[plan.themes[i % 2]]) for i in numbers]
    conditions = [FrameworkCondition(title=f"Rammebetingelse {i:03d}", kind="funding",
                                     owner_body="Departementet", responsible=staff)
                  for i in numbers]
    db.session.add_all(measures + conditions)
    db.session.add_all(Dependency(measure=m, condition=c, effect="hinders", strength=2)
                       for m, c in zip(measures, conditions))
    hearings = [Hearing(title=f"Høring {i:03d}", issuer="Departementet",
                        status="submitted" if i % 3 == 0 else "new", responsible=staff,
                        deadline_at=hearing_services.deadline_at(date(2027, 1, 1 + i % 28)))
                for i in numbers]
    db.session.add_all(hearings)
    for i, hearing in zip(numbers, hearings):
        paper = paper_services.create_paper(title=f"Uttalelse {i:03d}", author=staff,
                                            hearing=hearing if i % 2 else None)
        db.session.add(Invitation(paper=paper, organisation=organisation,
                                  sign_by=date(2026, 12, 20)))
    db.session.commit()


@pytest.fixture
def drammen(app):
    organisation = Organisation(name="Drammen kommune", kind="municipality",
                                municipality_number="3301")
    db.session.add(organisation)
    db.session.commit()
    return organisation


EXPORTS = ["/conditions/export", "/conditions/ranking/export", "/measures/export",
           "/hearings/export", "/papers/export", "/audit/export"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_costs_the_same_queries_for_3_rows_as_for_30(client, login_as, plan, drammen,
                                                               fmt):
    staff = login_as("staff")

    def cost() -> dict[str, int]:
        counts = {}
        for url in EXPORTS:
            with count_queries() as statements:
                response = client.get(f"{url}.{fmt}")
                data = response.data
            assert response.status_code == 200 and data, url
            counts[url] = len(statements)
        return counts

    _populate(plan, staff, drammen, 0, 3)
    few = cost()
    _populate(plan, staff, drammen, 3, 30)
    assert cost() == few
    rows = _csv(client.get("/conditions/ranking/export.csv"))
    assert len(rows) == 31 and rows[-1][0] == "30"


def test_rows_are_fetched_in_batches_with_what_each_batch_needs(client, login_as, plan, drammen,
                                                                monkeypatch):
    staff = login_as("staff")
    _populate(plan, staff, drammen, 0, 7)
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)
    with count_queries() as statements:
        rows = _csv(client.get("/conditions/export.csv?sort=tittel"))
    assert [r[0] for r in rows[1:]] == [f"Rammebetingelse {i:03d}" for i in range(7)]
    assert {r[5] for r in rows[1:]} == {"1"}  # each batch got its own link counts
    link_counts = [s for s in statements if "dependencies" in s and "count" in s.lower()]
    assert len(link_counts) == 4  # batches of 2, 2, 2 and 1
