"""The hearing list: sortable columns, search and «Bare mine», open and finished apart."""

from __future__ import annotations

import re
from datetime import date

import pytest

from advocacy.extensions import db
from advocacy.hearings import services
from advocacy.hearings.models import Hearing
from tests.helpers import row_titles, text
from tests.test_list_sorting import header_link, sorted_header


@pytest.fixture
def people(make_user):
    return {"anne": make_user("staff", name="Anne Aas"),
            "bjorn": make_user("staff", name="Bjørn Berg")}


@pytest.fixture
def hearings(people):
    """Open hearings due in a week, in a month and later; two finished ones."""
    def make(title, day, status="new", issuer="Kommunal- og distriktsdepartementet", **fields):
        hearing = Hearing(title=title, issuer=issuer, status=status,
                          deadline_at=services.deadline_at(day), **fields)
        db.session.add(hearing)
        return hearing

    made = {
        "vei": make("Veiprising i byområdene", date(2026, 12, 1), status="responding",
                    issuer="Samferdselsdepartementet", responsible=people["bjorn"],
                    summary="Bompenger og vegprising"),
        "areal": make("Arealreserver for næring", date(2026, 12, 20), responsible=people["anne"]),
        "hytte": make("Hytteforskriften", date(2027, 3, 1), status="assessing",
                      reference="26/1428"),
        "skole": make("Skolestruktur", date(2026, 10, 1), status="submitted",
                      responsible=people["anne"]),
        "kultur": make("Kulturminneloven", date(2026, 11, 1), status="not_responding",
                       not_responding_reason="Ikke relevant"),
    }
    db.session.commit()
    return made


def test_default_order_keeps_the_buckets_and_marks_the_deadline(client, login_as, hearings):
    login_as("viewer")
    response = client.get("/hearings/")
    assert row_titles(response) == ["Veiprising i byområdene", "Arealreserver for næring",
                                    "Hytteforskriften", "Kulturminneloven", "Skolestruktur"]
    body = response.get_data(as_text=True)
    assert 'id="bucket-week"' in body and 'id="bucket-later"' in body
    # Each bucket's table and the finished table say they are sorted by deadline.
    assert sorted_header(response) == [("ascending", "Høringsfrist")] * 3 + [
        ("descending", "Høringsfrist")]


@pytest.mark.parametrize(("sort", "titles", "header"), [
    ("tittel", ["Arealreserver for næring", "Hytteforskriften", "Veiprising i byområdene"],
     ("ascending", "Høring")),
    ("-frist", ["Hytteforskriften", "Arealreserver for næring", "Veiprising i byområdene"],
     ("descending", "Høringsfrist")),
    ("avsender", ["Arealreserver for næring", "Hytteforskriften", "Veiprising i byområdene"],
     ("ascending", "Avsender")),
    # new, assessing, responding: the hearings' own order of statuses.
    ("status", ["Arealreserver for næring", "Hytteforskriften", "Veiprising i byområdene"],
     ("ascending", "Status")),
    # No one responsible comes last either way.
    ("-ansvarlig", ["Veiprising i byområdene", "Arealreserver for næring", "Hytteforskriften"],
     ("descending", "Ansvarlig")),
])
def test_open_hearings_sort_by_a_column_in_one_table(client, login_as, hearings, sort, titles,
                                                     header):
    login_as("viewer")
    response = client.get("/hearings/", query_string={"sort": sort})
    assert response.status_code == 200
    assert row_titles(response)[:3] == titles
    # The finished ones keep their own order.
    assert row_titles(response)[3:] == ["Kulturminneloven", "Skolestruktur"]
    body = response.get_data(as_text=True)
    assert 'id="bucket-' not in body.replace('id="bucket-done"', "")
    assert 'aria-labelledby="open-caption"' in body
    assert sorted_header(response)[0] == header


def test_finished_hearings_sort_on_their_own_argument(client, login_as, hearings):
    login_as("viewer")
    response = client.get("/hearings/?ferdig_sort=tittel&sort=-tittel&ferdig=1")
    assert row_titles(response) == ["Veiprising i byområdene", "Hytteforskriften",
                                    "Arealreserver for næring", "Kulturminneloven",
                                    "Skolestruktur"]
    assert sorted_header(response) == [("descending", "Høring"), ("ascending", "Høring")]
    # A header of the finished table changes only its own order and page.
    body = response.get_data(as_text=True)
    links = re.findall(r'href="([^"]*ferdig_sort=-tittel[^"]*)"', body)
    assert links and all("sort=-tittel" in link.replace("ferdig_sort", "")
                         and "ferdig=" not in link for link in links)


@pytest.mark.parametrize("args", [{"sort": "ukjent"}, {"ferdig_sort": "-"},
                                  {"sort": "deadline_at; DROP TABLE hearings"},
                                  {"sort": ["tittel", "-tittel"]}])
def test_unknown_sort_values_give_the_default_order(client, login_as, hearings, args):
    login_as("viewer")
    response = client.get("/hearings/", query_string=args)
    assert response.status_code == 200
    if args.get("sort") == ["tittel", "-tittel"]:  # the first value counts
        assert row_titles(response)[0] == "Arealreserver for næring"
    else:
        assert row_titles(response) == row_titles(client.get("/hearings/"))


def test_search_finds_title_reference_and_summary(client, login_as, hearings):
    login_as("viewer")
    assert row_titles(client.get("/hearings/?q=hytte")) == ["Hytteforskriften"]
    assert row_titles(client.get("/hearings/?q=26/1428")) == ["Hytteforskriften"]
    assert row_titles(client.get("/hearings/?q=BOMPENGER")) == ["Veiprising i byområdene"]
    assert row_titles(client.get("/hearings/?q=skole")) == ["Skolestruktur"]
    response = client.get("/hearings/?q=finnes+ikke")
    assert row_titles(response) == []
    assert "Nullstill filtre" in text(response)
    assert 'value="finnes ikke"' in response.get_data(as_text=True)


def test_search_combines_with_filters_sort_and_bucket_counts(client, login_as, hearings):
    login_as("viewer")
    response = client.get("/hearings/", query_string={"q": "r", "status": "new",
                                                      "sort": "-tittel"})
    assert row_titles(response) == ["Arealreserver for næring"]
    body = text(response)
    assert "Frist innen 30 dager: <strong>1</strong>" in body
    assert "Frist innen 7 dager: <strong>0</strong>" in body
    link = header_link(response, "Avsender")
    assert "q=r" in link and "status=new" in link and "sort=avsender" in link


def test_only_mine(app, client, people, hearings):
    client.login(people["anne"])
    response = client.get("/hearings/?mine=y")
    assert row_titles(response) == ["Arealreserver for næring", "Skolestruktur"]
    assert "Nullstill filtre" in text(response)
    other = type(client)(app.test_client())
    other.login(people["bjorn"])
    assert row_titles(other.get("/hearings/?mine=y&sort=tittel")) == ["Veiprising i byområdene"]


def test_a_sorted_page_keeps_its_order_across_pages(app, client, login_as, hearings):
    app.config["PER_PAGE"] = 2
    login_as("viewer")
    first = row_titles(client.get("/hearings/?sort=-tittel"))[:2]
    second = row_titles(client.get("/hearings/?sort=-tittel&page=2"))[:1]
    assert first + second == ["Veiprising i byområdene", "Hytteforskriften",
                              "Arealreserver for næring"]


def test_finished_hearings_show_no_warnings_column(client, login_as, hearings):
    """Kulturminneloven's deadline (01.11.2026) was a Sunday: history, not a warning."""
    login_as("viewer")
    body = client.get("/hearings/").get_data(as_text=True)
    tables = re.findall(r"<table>.*?</table>", body, re.S)
    done = [t for t in tables if "Ferdigbehandlede høringer" in t]
    open_ = [t for t in tables if "Ferdigbehandlede høringer" not in t]
    assert len(done) == 1 and open_
    assert "Kulturminneloven" in done[0] and "Merknader" not in done[0]
    assert all("Merknader" in t for t in open_)
