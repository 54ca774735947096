"""Sortable columns, «Bare mine» and grouping on the condition and measure lists.

(The hearing and paper lists have their own tests in test_hearing_list.py and
test_paper_list.py.)
"""

from __future__ import annotations

import re

import pytest
from advocacy.conditions.models import FrameworkCondition
from advocacy.sorting import Sorting
from tests.helpers import row_titles, text


def sorted_header(response) -> list[tuple[str, str]]:
    """(aria-sort, label) of every header that carries aria-sort."""
    body = response.get_data(as_text=True)
    return re.findall(r'<th scope="col"[^>]* aria-sort="(\w+)"><a [^>]*>([^<]+)<', body)


def header_link(response, label: str) -> str:
    """The address the header ``label`` links to."""
    body = response.get_data(as_text=True)
    match = re.search(r'<th scope="col"[^>]*><a class="sort-link" href="([^"]+)">'
                      + re.escape(label) + "<", body)
    assert match, f"no sort link {label!r}"
    return match.group(1).replace("&amp;", "&")


# --- advocacy.sorting ------------------------------------------------------------------

SORTING = Sorting({"tittel": [FrameworkCondition.title],
                   "frist": [FrameworkCondition.created_at, FrameworkCondition.title]},
                  default="tittel", tie_breaker=FrameworkCondition.id,
                  descending_first=["frist"])


@pytest.mark.parametrize("value", [None, "", "-", "ukjent", "-ukjent", "title; DROP TABLE x",
                                   "--tittel", ["tittel"], "tittel ", " -frist"])
def test_unknown_values_give_the_default_and_known_ones_are_read(value):
    order = SORTING.parse(value)
    if value in ("tittel ",):
        assert (order.key, order.is_descending) == ("tittel", False)
    elif value == " -frist":
        assert (order.key, order.is_descending) == ("frist", True)
    else:
        assert order == SORTING.default_order and order.is_default


def test_a_header_toggles_its_direction_and_another_starts_in_its_own():
    order = SORTING.parse("tittel")
    assert order.aria_sort("tittel") == "ascending" and order.aria_sort("frist") is None
    assert order.toggled("tittel") == "-tittel"
    assert order.toggled("frist") == "-frist"  # newest first
    descending = SORTING.parse("-tittel")
    assert descending.aria_sort("tittel") == "descending"
    assert descending.toggled("tittel") == "tittel"
    assert descending.value == "-tittel" and not descending.is_default


def test_every_order_ends_with_the_tie_breaker():
    clauses = SORTING.parse("-frist").clauses()
    assert str(clauses[0]).endswith("DESC NULLS LAST")
    assert clauses[-1] is SORTING.tie_breaker


def test_a_default_that_is_no_column_is_a_programming_error():
    with pytest.raises(ValueError):
        Sorting({"tittel": [FrameworkCondition.title]}, default="frist",
                tie_breaker=FrameworkCondition.id)


# --- the condition list ----------------------------------------------------------------

@pytest.fixture
def conditions(make_condition, make_user):
    anne, bjorn = make_user("staff", name="Anne Aas"), make_user("staff", name="Bjørn Berg")
    return {
        "b": make_condition("Bompenger", priority="low", kind="funding", responsible=bjorn,
                            owner_body="Samferdselsdepartementet"),
        "a": make_condition("Arealplanlegging", priority="high", responsible=anne,
                            owner_body="Kommunal- og distriktsdepartementet"),
        "c": make_condition("Cirkulær økonomi", priority="medium", kind="priority",
                            owner_body="Klima- og miljødepartementet"),
        "anne": anne,
        "bjorn": bjorn,
    }


def test_condition_list_defaults_to_priority_and_marks_that_column(client, conditions,
                                                                   login_as):
    login_as("viewer")
    response = client.get("/conditions/")
    assert row_titles(response) == ["Arealplanlegging", "Cirkulær økonomi", "Bompenger"]
    assert sorted_header(response) == [("ascending", "Prioritet")]


@pytest.mark.parametrize(("sort", "titles", "header"), [
    ("tittel", ["Arealplanlegging", "Bompenger", "Cirkulær økonomi"], ("ascending", "Tittel")),
    ("-tittel", ["Cirkulær økonomi", "Bompenger", "Arealplanlegging"], ("descending", "Tittel")),
    ("type", ["Arealplanlegging", "Bompenger", "Cirkulær økonomi"], ("ascending", "Type")),
    ("-prioritet", ["Bompenger", "Cirkulær økonomi", "Arealplanlegging"],
     ("descending", "Prioritet")),
    ("eier", ["Cirkulær økonomi", "Arealplanlegging", "Bompenger"], ("ascending", "Eier")),
    # No one responsible comes last, in both directions.
    ("ansvarlig", ["Arealplanlegging", "Bompenger", "Cirkulær økonomi"],
     ("ascending", "Ansvarlig")),
    ("-ansvarlig", ["Bompenger", "Arealplanlegging", "Cirkulær økonomi"],
     ("descending", "Ansvarlig")),
])
def test_condition_list_sorts_by_a_column(client, conditions, login_as, sort, titles, header):
    login_as("viewer")
    response = client.get("/conditions/", query_string={"sort": sort})
    assert response.status_code == 200
    assert row_titles(response) == titles
    assert sorted_header(response) == [header]


@pytest.mark.parametrize("sort", ["ukjent", "-", "title;DROP TABLE users", "x" * 5000, "\u00e5"])
def test_condition_list_ignores_an_unknown_sort(client, conditions, login_as, sort):
    login_as("viewer")
    response = client.get("/conditions/", query_string={"sort": sort})
    assert response.status_code == 200
    assert row_titles(response) == ["Arealplanlegging", "Cirkulær økonomi", "Bompenger"]


def test_condition_sort_links_keep_filters_and_go_to_the_first_page(app, client, conditions,
                                                                    login_as):
    app.config["PER_PAGE"] = 1
    login_as("viewer")
    response = client.get("/conditions/", query_string={
        "q": "e", "status": "monitoring", "sort": "tittel", "page": "2"})
    assert row_titles(response) == ["Bompenger"]
    link = header_link(response, "Tittel")
    assert "sort=-tittel" in link and "q=e" in link and "status=monitoring" in link
    assert "page=" not in link
    assert "sort=eier" in header_link(response, "Eier")
    # The filter form sends the chosen order along.
    assert '<input type="hidden" name="sort" value="tittel">' in response.get_data(as_text=True)


def test_condition_list_only_mine(app, client, conditions, make_user):
    client.login(conditions["anne"])
    response = client.get("/conditions/", query_string={"mine": "y"})
    assert row_titles(response) == ["Arealplanlegging"]
    assert "Nullstill filtre" in text(response)
    assert re.search(r'<input checked id="mine" name="mine" type="checkbox" value="y">',
                     response.get_data(as_text=True))
    other = type(client)(app.test_client())
    other.login(conditions["bjorn"])
    assert row_titles(other.get("/conditions/?mine=y&sort=-tittel")) == ["Bompenger"]
    # Someone responsible for nothing sees an empty list, not everyone's.
    nobody = type(client)(app.test_client())
    nobody.login(make_user("staff"))
    assert row_titles(nobody.get("/conditions/?mine=y")) == []
    assert len(row_titles(nobody.get("/conditions/"))) == 3


def test_condition_list_mine_combines_with_search(client, conditions):
    client.login(conditions["anne"])
    assert row_titles(client.get("/conditions/?mine=y&q=bom")) == []


# --- the measure list ------------------------------------------------------------------

@pytest.fixture
def measures(plan, make_measure, make_condition, make_link):
    goal_a, goal_b = plan.goals
    made = {
        "sentrum": make_measure("Sentrumsboliger i Drammen", goal=goal_a, status="ongoing",
                                owner="Drammen kommune"),
        "kultur": make_measure("Kulturarv i Øvre Eiker", goal=goal_a, status="done"),
        "aker": make_measure("Akerselva-modellen", goal=goal_a, status="planned",
                             owner="Avdeling for samfunnsutvikling"),
        "hytte": make_measure("Hytteutbygging i Hallingdal", goal=goal_b, status="planned"),
    }
    condition = make_condition("Bompenger")
    make_link(made["sentrum"], condition)
    make_link(made["aker"], make_condition("Arealplanlegging"))
    make_link(made["aker"], condition, effect="enables")
    return made


def test_measure_list_shows_each_goal_once_as_a_group_heading(client, login_as, plan,
                                                              measures):
    login_as("viewer")
    response = client.get("/measures/")
    body = response.get_data(as_text=True)
    goal_a, goal_b = plan.goals
    assert body.count(f"Utviklingsmål: {goal_a.title}") == 1
    assert text(response).count(goal_b.title) == 2  # its heading and its filter option
    assert body.count('<th scope="rowgroup"') == 2
    assert row_titles(response) == ["Akerselva-modellen", "Kulturarv i Øvre Eiker",
                                    "Sentrumsboliger i Drammen", "Hytteutbygging i Hallingdal"]
    assert sorted_header(response) == [("ascending", "Tiltak")]


def test_measure_list_sorts_within_each_goal(client, login_as, plan, measures):
    login_as("viewer")
    response = client.get("/measures/?sort=-tittel")
    assert row_titles(response) == ["Sentrumsboliger i Drammen", "Kulturarv i Øvre Eiker",
                                    "Akerselva-modellen", "Hytteutbygging i Hallingdal"]
    assert sorted_header(response) == [("descending", "Tiltak")]
    # Status in the measures' own order (planned, ongoing, done, paused), not by code.
    assert row_titles(client.get("/measures/?sort=status")) == [
        "Akerselva-modellen", "Sentrumsboliger i Drammen", "Kulturarv i Øvre Eiker",
        "Hytteutbygging i Hallingdal"]
    # A measure without an owner comes last.
    assert row_titles(client.get("/measures/?sort=ansvarlig")) == [
        "Akerselva-modellen", "Sentrumsboliger i Drammen", "Kulturarv i Øvre Eiker",
        "Hytteutbygging i Hallingdal"]
    assert row_titles(client.get("/measures/?sort=nonsense")) == row_titles(
        client.get("/measures/"))


def test_measure_list_filters_and_sorts_together(client, login_as, plan, measures):
    login_as("viewer")
    goal_a = plan.goals[0]
    response = client.get("/measures/", query_string={"goal": goal_a.id, "sort": "-status"})
    assert row_titles(response) == ["Kulturarv i Øvre Eiker", "Sentrumsboliger i Drammen",
                                    "Akerselva-modellen"]
    assert "Hytteutbygging" not in text(response)
    response = client.get("/measures/", query_string={"q": "drammen", "sort": "-status"})
    assert row_titles(response) == ["Sentrumsboliger i Drammen"]


def test_measure_list_counts_conditions_through_the_column_registry(client, login_as,
                                                                    measures):
    login_as("viewer")
    body = client.get("/measures/?sort=tittel").get_data(as_text=True)
    counts = re.findall(r'<td class="num">(\d+)</td>', body)
    assert counts == ["2", "0", "1", "0"]
    assert '<th scope="col" class="num">Rammebetingelser</th>' in body


def test_measure_list_paginates_groups(app, client, login_as, plan, make_measure):
    app.config["PER_PAGE"] = 3
    for i in range(4):
        make_measure(f"Tiltak A{i}", goal=plan.goals[0])
    make_measure("Tiltak B0", goal=plan.goals[1])
    login_as("viewer")
    first = client.get("/measures/")
    assert row_titles(first) == ["Tiltak A0", "Tiltak A1", "Tiltak A2"]
    second = client.get("/measures/?page=2")
    assert row_titles(second) == ["Tiltak A3", "Tiltak B0"]
    # The goal carried over from page 1 is named again at the top of page 2.
    assert second.get_data(as_text=True).count('<th scope="rowgroup"') == 2


def test_measures_have_no_responsible_user_so_no_only_mine(client, login_as, measures):
    # Measure.owner is free text (a department, a municipality), not a user.
    login_as("staff")
    assert "Bare mine" not in text(client.get("/measures/"))
