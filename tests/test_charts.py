"""The charts: the ranking's stacked bars, the deadline timeline and the win rate over time.

Each chart is an SVG with role ``img`` and a name, and a table beside it with the same
numbers; the tests read both from the page as a browser would get them.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from advocacy import clock
from advocacy.charts.geometry import axis, shorten
from advocacy.charts.timeline import deadline_timeline
from advocacy.conditions import services as condition_services
from advocacy.extensions import db
from advocacy.hearings.models import Hearing, Milestone, MilestoneKind
from advocacy.hearings.services import add_default_milestones, deadline_at
from advocacy.papers import services as paper_services
from advocacy.papers.models import Outcome
from tests.conftest import FIXED_NOW
from tests.test_query_counts import count_queries

# conftest's FIXED_NOW is Thursday 26.11.2026 10:00 in Oslo, in ISO week 48: the
# timeline's first week is 23.11.–29.11., its twelfth 08.02.–14.02.2027.
MONDAY = date(2026, 11, 23)


def _page(client, url: str = "/") -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _chart(soup: BeautifulSoup, chart_id: str):
    chart = soup.find(id=chart_id)
    assert chart is not None, f"no #{chart_id} on the page"
    return chart


def _accessible_name(soup: BeautifulSoup, svg) -> str:
    """The name and description the SVG gets through ``aria-labelledby``."""
    return " ".join(soup.find(id=ref).get_text(" ", strip=True)
                    for ref in svg["aria-labelledby"].split())


def _text(element) -> str:
    """The element's text as read aloud: words with single spaces."""
    return " ".join(element.get_text(" ").split())


def _numbers(row) -> list[int]:
    return [int(cell.get_text(strip=True)) for cell in row.find_all("td", class_="num")]


def _hearing(title: str, deadline, status: str = "assessing", **fields) -> Hearing:
    hearing = Hearing(title=title, issuer="Kommunal- og distriktsdepartementet",
                      deadline_at=deadline, status=status, **fields)
    db.session.add(hearing)
    return hearing


@pytest.fixture
def ranked(make_condition, make_measure, make_link, plan):
    """Conditions with different scores: the first holds back measures under both goals."""
    def make(n: int, start: int = 0):
        measures = [make_measure(goal=plan.goals[i % 2]) for i in range(4)]
        conditions = []
        for i in range(start, start + n):
            condition = make_condition(f"Rammebetingelse {i:02d}")
            for j, measure in enumerate(measures[:1 + i % 4]):
                make_link(measure, condition, strength=1 + (i + j) % 3)
            conditions.append(condition)
        return conditions
    return make


# --- The ranking chart -------------------------------------------------------------------

def test_overview_ranking_chart_is_an_image_with_a_name_and_a_description(client, login_as,
                                                                           ranked):
    ranked(3)
    login_as("viewer")
    soup = _page(client)
    svg = _chart(soup, "ranking-chart").find("svg")
    assert svg["role"] == "img"
    name = _accessible_name(soup, svg)
    assert name.startswith("Stolpediagram: de 3 rammebetingelsene som holder planen mest")
    assert "styrkepoeng" in name and "tabellen under diagrammet" in name
    assert svg.has_attr("viewbox") and "width" not in svg.attrs  # scales to its box


def test_ranking_chart_shows_the_top_15_in_ranking_order_with_the_parts_of_the_score(
        client, login_as, ranked):
    ranked(18)
    login_as("viewer")
    chart = _chart(_page(client), "ranking-chart")
    bars = chart.find("svg").find_all("g", class_="chart-row")
    expected = condition_services.leverage_ranking(limit=15)
    assert [int(b["data-condition-id"]) for b in bars] == [r.condition.id for r in expected]
    assert len({r.score.total for r in expected}) > 1  # the order is not a tie everywhere
    for bar, row in zip(bars, expected):
        parts = {rect["data-part"]: int(rect["data-value"]) for rect in bar.find_all("rect")}
        assert parts == {key: value for key, value in (
            ("strength", row.score.strength_points), ("measures", row.score.measures),
            ("goals", 2 * row.score.goals), ("breadth", row.score.breadth)) if value}
        assert sum(parts.values()) == int(bar["data-total"]) == row.score.total


def test_ranking_chart_table_holds_the_numbers_of_the_bars(client, login_as, ranked):
    ranked(5)
    login_as("viewer")
    chart = _chart(_page(client), "ranking-chart")
    rows = chart.find("table").find("tbody").find_all("tr")
    bars = chart.find("svg").find_all("g", class_="chart-row")
    assert len(rows) == len(bars) == 5
    for row, bar in zip(rows, bars):
        assert row["data-condition-id"] == bar["data-condition-id"]
        strength, measures, goals, breadth, total = _numbers(row)
        parts = {rect["data-part"]: int(rect["data-value"]) for rect in bar.find_all("rect")}
        assert (parts.get("strength", 0), parts.get("measures", 0), parts.get("goals", 0),
                parts.get("breadth", 0)) == (strength, measures, 2 * goals, breadth)
        assert total == int(bar["data-total"])
        assert bar.find("text", class_="chart-value").get_text() == str(total)


def test_ranking_page_shows_the_chart_on_its_first_page_only(client, login_as, ranked, app):
    ranked(4)
    app.config["PER_PAGE"] = 2
    login_as("viewer")
    assert _page(client, "/conditions/ranking").find(id="ranking-chart") is not None
    assert _page(client, "/conditions/ranking?page=2").find(id="ranking-chart") is None


def test_overview_without_ranked_conditions_has_no_chart_but_says_so(client, login_as):
    login_as("viewer")
    soup = _page(client)
    assert soup.find(id="ranking-chart") is None
    assert "Ingen rammebetingelser er ennå koblet til tiltak" in soup.get_text()


def test_overview_and_ranking_page_cost_the_same_with_3_or_30_conditions(client, login_as,
                                                                       ranked):
    login_as("staff")
    ranked(3)

    def count(url):
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    few = {url: count(url) for url in ("/", "/conditions/ranking", "/hearings/")}
    ranked(27, start=3)
    assert {url: count(url) for url in few} == few


# --- The deadline timeline ---------------------------------------------------------------

def _week_row(chart, week: int):
    return chart.find("tbody").find("tr", attrs={"data-week": str(week)})


def _bars(chart, kind: str) -> list[int]:
    """The numbers the SVG's rows carry for ``deadlines`` or ``milestones``."""
    return [int(row[f"data-{kind}"]) for row in chart.find("svg").find_all("g", class_="chart-row")]


def _listed_titles(soup: BeautifulSoup) -> list[str]:
    """The titles of the open hearings the hearing list shows."""
    section = soup.find("section", attrs={"aria-labelledby": "open-heading"})
    return [a.get_text(strip=True) for a in section.select("tbody th[scope=row] > a")]


def test_timeline_puts_a_deadline_in_its_week_and_leaves_out_earlier_weeks_and_week_13(
        client, login_as):
    _hearing("Frist i uke tre", deadline_at(MONDAY + timedelta(days=16)))  # Wed 09.12.
    _hearing("Frist i uke tretten", deadline_at(MONDAY + timedelta(weeks=12, days=1)))
    _hearing("Frist forrige uke", deadline_at(date(2026, 11, 20)))
    _hearing("Frist i går", deadline_at(date(2026, 11, 25)))
    _hearing("Frist i morges", deadline_at(date(2026, 11, 26), time(8, 0)))
    _hearing("Frist i kveld", deadline_at(date(2026, 11, 26)))
    db.session.commit()
    login_as("viewer")
    soup = _page(client)
    chart = _chart(soup, "timeline-chart")
    assert len(chart.find("tbody").find_all("tr")) == 12
    assert "Uke 48" in _week_row(chart, 1).get_text() and "Uke 6" in _week_row(chart, 12).get_text()
    assert _bars(chart, "deadlines") == [3, 0, 1] + [0] * 9
    # The current week counts from its Monday, as its link does: the hearings whose
    # deadline passed this week are still open, and the list of the week shows them.
    this_week = _page(client, _week_row(chart, 1).find("a")["href"])
    assert sorted(_listed_titles(this_week)) == ["Frist i går", "Frist i kveld", "Frist i morges"]
    assert "Frister per uke, fra 23.11.2026" in chart.find("caption").get_text()
    assert _numbers(_week_row(chart, 3)) == [1, 0]
    # The table's row links to the hearing list narrowed to that week, which shows the
    # hearing the bar counts.
    link = _week_row(chart, 3).find("a")
    assert link.get_text(strip=True) == "Høringer med høringsfrist i uke 50"
    week_list = _page(client, link["href"])
    assert _listed_titles(week_list) == ["Frist i uke tre"]
    assert "Viser høringer med høringsfrist i uke 50 (07.12.2026–13.12.2026)" in _text(
        week_list.find(id="week-filter"))
    assert _week_row(chart, 2).find("a") is None


def test_timeline_counts_milestones_when_they_fall_not_when_their_hearing_ends(
        client, login_as):
    # Deadline in week 14, beyond the timeline: its milestones 21, 14 and 7 days before
    # fall in weeks 11, 12 and 13 (the last one left out).
    hearing = _hearing("Lang høring", deadline_at(MONDAY + timedelta(weeks=13, days=2)))
    add_default_milestones(hearing)
    hearing.milestones.append(Milestone(kind=MilestoneKind.OTHER, title="Møte med KDD",
                                        fixed_at=deadline_at(MONDAY + timedelta(days=8))))
    # The current week counts from its Monday; the week before is left out.
    hearing.milestones.append(Milestone(kind=MilestoneKind.OTHER, title="Mandag denne uken",
                                        fixed_at=deadline_at(MONDAY)))
    hearing.milestones.append(Milestone(kind=MilestoneKind.OTHER, title="Forrige uke",
                                        fixed_at=deadline_at(MONDAY - timedelta(days=3))))
    db.session.commit()
    login_as("staff")
    chart = _chart(_page(client), "timeline-chart")
    assert _bars(chart, "milestones") == [1, 1] + [0] * 8 + [1, 1]
    assert _bars(chart, "deadlines") == [0] * 12


def test_timeline_counts_each_milestone_in_the_week_its_hearing_page_shows(client, login_as):
    """Counted back across Christmas and New Year, from deadlines just after midnight too,
    every milestone lands in the week of the day the hearing's own page gives it."""
    deadlines = [deadline_at(date(2026, 12, 28)), deadline_at(date(2027, 1, 4), time(0, 30)),
                 deadline_at(date(2027, 1, 1), time(12)), deadline_at(date(2026, 12, 7)),
                 deadline_at(date(2027, 2, 12)), deadline_at(date(2027, 3, 1), time(0, 15))]
    for i, deadline in enumerate(deadlines):
        hearing = _hearing(f"Høring {i}", deadline)
        for days in (1, 3, 6, 10, 21, 25, 30):
            hearing.milestones.append(Milestone(kind=MilestoneKind.OTHER, title=f"{days}",
                                                offset_days=days))
    db.session.commit()
    expected = [0] * 12
    for milestone in db.session.scalars(select(Milestone)):
        due = milestone.due_at
        if FIXED_NOW <= due < deadline_at(MONDAY + timedelta(weeks=12), time(0)):
            expected[(due.astimezone(clock.OSLO).date() - MONDAY).days // 7] += 1
    assert sum(expected) > 20
    login_as("staff")
    assert _bars(_chart(_page(client), "timeline-chart"), "milestones") == expected


def test_the_timeline_costs_one_query_however_many_hearings_fall_in_its_weeks(
        client, login_as, app):
    login_as("staff")

    def timeline_queries() -> int:
        with app.test_request_context():
            with count_queries() as queries:
                deadline_timeline()
        return len(queries)

    def add(n: int):
        for i in range(n):
            hearing = _hearing(f"Høring {i}", deadline_at(MONDAY + timedelta(days=3 + i % 80),
                                                          time(8 + i % 12, i % 60)))
            add_default_milestones(hearing)
            hearing.milestones.append(Milestone(kind=MilestoneKind.OTHER, title="Møte",
                                                fixed_at=hearing.deadline_at - timedelta(days=2)))
        db.session.commit()

    add(3)
    assert timeline_queries() == 1
    add(600)
    assert timeline_queries() == 1


def test_timeline_table_holds_the_numbers_of_the_bars(client, login_as):
    for i in range(5):
        hearing = _hearing(f"Høring {i}", deadline_at(MONDAY + timedelta(days=30 + 4 * i)))
        add_default_milestones(hearing)
    db.session.commit()
    login_as("viewer")
    soup = _page(client)
    chart = _chart(soup, "timeline-chart")
    svg = chart.find("svg")
    assert svg["role"] == "img"
    assert _accessible_name(soup, svg).startswith(
        "Tidslinje: høringsfrister og internfrister per uke de neste 12 ukene")
    total_deadlines = 0
    for bar in svg.find_all("g", class_="chart-row"):
        deadlines, milestones = _numbers(_week_row(chart, int(bar["data-week"])))
        assert (deadlines, milestones) == (int(bar["data-deadlines"]),
                                          int(bar["data-milestones"]))
        drawn = [int(rect["data-value"]) for rect in bar.find_all("rect")]
        assert drawn == [n for n in (deadlines, milestones) if n]
        total_deadlines += deadlines
    assert total_deadlines == 5
    assert "5 høringsfrister og 15 internfrister" in _accessible_name(soup, svg)


def test_a_partner_sees_in_the_timeline_what_the_hearing_list_shows_as_open(client,
                                                                            login_as):
    _hearing("Åpen høring", deadline_at(MONDAY + timedelta(days=10)))
    _hearing("Besvart høring", deadline_at(MONDAY + timedelta(days=11)), status="submitted")
    _hearing("Høring vi ikke svarer på", deadline_at(MONDAY + timedelta(days=12)),
             status="not_responding", not_responding_reason="Ikke relevant for Buskerud")
    db.session.commit()
    login_as("partner")
    for url in ("/", "/hearings/"):
        chart = _chart(_page(client, url), "timeline-chart")
        assert _bars(chart, "deadlines") == [0, 1] + [0] * 10, url
    week_list = _page(client, _week_row(chart, 2).find("a")["href"])
    assert _listed_titles(week_list) == ["Åpen høring"]


def test_the_hearing_lists_timeline_follows_the_lists_filters(client, login_as):
    _hearing("Åpen høring", deadline_at(MONDAY + timedelta(days=10)))
    _hearing("Mineralhøring", deadline_at(MONDAY + timedelta(days=12)))
    db.session.commit()
    login_as("staff")
    page = _page(client, "/hearings/")
    assert "passer til filtrene" not in page.get_text()
    assert _bars(_chart(page, "timeline-chart"), "deadlines")[1] == 2
    soup = _page(client, "/hearings/?q=mineral")
    assert "passer til filtrene over" in soup.get_text()
    chart = _chart(soup, "timeline-chart")
    assert _bars(chart, "deadlines")[1] == 1
    # The week's link keeps the search, and the search form keeps the week.
    week_list = _page(client, _week_row(chart, 2).find("a")["href"])
    assert _listed_titles(week_list) == ["Mineralhøring"]
    form = week_list.find("form", class_="filters")
    assert form.find("input", attrs={"name": "uke"})["value"] == "2026-W49"
    assert form.find("input", attrs={"name": "q"})["value"] == "mineral"
    # On the narrowed list the timeline still shows every week, so another week is a
    # click away.
    _hearing("Mineralhøring senere", deadline_at(MONDAY + timedelta(days=30)))
    db.session.commit()
    week_list = _page(client, "/hearings/?q=mineral&uke=2026-W49")
    assert _bars(_chart(week_list, "timeline-chart"), "deadlines")[1:5] == [1, 0, 0, 1]
    assert _week_row(_chart(week_list, "timeline-chart"), 5).find("a")["href"] == \
        "/hearings/?uke=2026-W52&q=mineral"
    everything = _page(client, week_list.find(id="week-filter").find("a")["href"])
    assert everything.find(id="week-filter") is None
    assert _listed_titles(everything) == ["Mineralhøring", "Mineralhøring senere"]


@pytest.mark.parametrize("week", ["2026-W54", "uke 49", "2026-W4", "1999-W10", "x" * 300])
def test_a_week_that_is_not_a_week_is_said_and_the_list_shows_every_week(client, login_as,
                                                                          week):
    _hearing("Åpen høring", deadline_at(MONDAY + timedelta(days=10)))
    _hearing("Senere høring", deadline_at(MONDAY + timedelta(days=40)))
    db.session.commit()
    login_as("staff")
    soup = _page(client, "/hearings/?" + urlencode({"uke": week}))
    alert = soup.find(attrs={"role": "alert"}, string=None, class_="notice")
    assert alert is not None and "er ikke en uke; skriv den som 2026-W49" in alert.get_text()
    assert sorted(_listed_titles(soup)) == ["Senere høring", "Åpen høring"]


# --- The win rate over time --------------------------------------------------------------

def _submitted(author, year: int, results: list[str], make_condition):
    paper = paper_services.create_paper(title=f"Uttalelse {year}", author=author)
    paper.status = "submitted"
    paper.submitted_on = date(year, 3, 1)
    conditions = [make_condition() for _ in results]
    paper.conditions = conditions
    db.session.flush()
    for condition, result in zip(conditions, results):
        if result:
            db.session.add(Outcome(paper=paper, condition=condition, result=result))
    db.session.commit()


def test_win_rate_chart_shows_each_year_with_the_same_numbers_as_its_table(
        client, login_as, make_user, make_condition):
    staff = make_user("staff")
    _submitted(staff, 2024, ["adopted", "not_adopted", "partly", "adopted"], make_condition)
    _submitted(staff, 2025, ["not_adopted", "pending", None], make_condition)
    _submitted(staff, 2026, [None], make_condition)
    login_as("viewer")
    soup = _page(client)
    chart = _chart(soup, "win-rate-chart")
    svg = chart.find("svg")
    assert svg["role"] == "img"
    assert _accessible_name(soup, svg) == (
        "Stolpediagram: andel gjennomslag per år Andel gjennomslag per år uttalelsene ble "
        "sendt inn. 2024: 63 % av 4 avgjorte standpunkter; 2025: 0 % av 1 avgjort "
        "standpunkt. Alle tallene står i tabellen under diagrammet.")
    rows = {row["data-year"]: row for row in chart.find("tbody").find_all("tr")}
    assert list(rows) == ["2024", "2025", "2026"]
    assert [c.get_text(strip=True) for c in rows["2024"].find_all("td")] == [
        "2", "1", "1", "0", "63 %"]
    assert [c.get_text(strip=True) for c in rows["2025"].find_all("td")] == [
        "0", "0", "1", "2", "0 %"]
    assert rows["2026"].find_all("td")[-1].get_text(strip=True) == "–"
    drawn = {g["data-year"]: g.find("rect") for g in svg.find_all("g", class_="chart-row")}
    assert drawn["2024"]["data-value"] == "63" and drawn["2025"]["data-value"] == "0"
    assert drawn["2026"] is None and "ingen avgjort ennå" in svg.get_text()
    # The overall rate in words counts every year: 2.5 + 0 of 5 decided.
    assert "Gjennomslag i 50 % av de 5 avgjorte standpunktene" in soup.get_text(" ")


def test_overview_without_submitted_papers_has_no_win_rate_chart(client, login_as):
    login_as("viewer")
    soup = _page(client)
    assert soup.find(id="win-rate-chart") is None
    assert "ingen innsendte standpunkter ennå" in soup.get_text()


# --- Geometry ----------------------------------------------------------------------------

@pytest.mark.parametrize(("maximum", "top", "values"), [
    (29, 30, [0, 10, 20, 30]),
    (7, 8, [0, 2, 4, 6, 8]),
    (1, 1, [0, 1]),
    (0, 1, [0, 1]),
    (230, 250, [0, 50, 100, 150, 200, 250]),
])
def test_axis_ends_at_a_round_number_at_or_above_the_largest_value(maximum, top, values):
    scale, ticks = axis(maximum, 300)
    assert [value for value, _ in ticks] == values
    assert scale(top) == 300 and scale(maximum) <= 300
    assert scale(-1) == 0 and scale(top * 2) == 300  # never outside the drawing


def test_a_long_title_is_cut_at_a_word_and_says_so():
    assert shorten("Nasjonal transportplan 2025–2036 (Meld. St. 14)", 30) == (
        "Nasjonal transportplan…")
    assert shorten("Kort  tittel", 30) == "Kort tittel"
    assert len(shorten("Inntektssystemetforfylkeskommunene", 12)) == 12
