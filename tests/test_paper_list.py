"""The paper list: a deadline column, filters, search, sorting and «Bare mine».

Partners see the papers their organisation is invited to, as before: no filter or sort
shows them another organisation's paper, or tells them about its invitations.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.hearings.services import deadline_at
from advocacy.papers import services
from advocacy.papers.models import Answer, Invitation
from tests.conftest import Client
from tests.helpers import row_titles, text
from tests.test_list_sorting import header_link, sorted_header
from tests.test_query_counts import count_queries


@pytest.fixture
def world(app, make_user):
    """Papers with and without hearings, in every state, and two partner municipalities."""
    anne = make_user("staff", name="Anne Aas")
    bjorn = make_user("staff", name="Bjørn Berg")
    drammen = Organisation(name="Drammen kommune", kind="municipality", municipality_number="3301")
    lier = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    hearing = Hearing(title="Høring om næringsarealer",
                      issuer="Kommunal- og distriktsdepartementet",
                      deadline_at=deadline_at(date(2027, 1, 15)), status="responding")
    db.session.add_all([drammen, lier, hearing])
    db.session.flush()

    def paper(title, *, status="draft", responsible=None, **fields):
        made = services.create_paper(title=title, author=anne)
        made.status, made.responsible = status, responsible
        for name, value in fields.items():
            setattr(made, name, value)
        db.session.flush()
        return made

    papers = {
        # Answers the hearing: its deadline is the hearing's, whatever the sign-by days.
        "areal": paper("Arealuttalelse", status="signing", responsible=anne, hearing=hearing),
        # No hearing: the earliest sign-by day of the invitations.
        "vei": paper("Veiuttalelse", status="signing", responsible=bjorn),
        # Submitted without a hearing or invitations: the day it was sent.
        "skole": paper("Skoleuttalelse", status="submitted", submitted_on=date(2026, 10, 3),
                       recipient="Kunnskapsdepartementet"),
        # Nothing at all.
        "kultur": paper("Kulturuttalelse"),
    }
    areal, vei = papers["areal"], papers["vei"]
    areal.invitations += [Invitation(organisation=drammen, sign_by=date(2026, 12, 4))]
    vei.invitations += [Invitation(organisation=drammen, sign_by=date(2026, 12, 20),
                                   answer=Answer.SIGNED, signed_hash=vei.current.content_hash),
                        Invitation(organisation=lier, sign_by=date(2026, 12, 10))]
    partners = {}
    for key, org in (("drammen", drammen), ("lier", lier)):
        partners[key] = make_user("partner", email=f"p@{key}.example")
        partners[key].organisation = org
    db.session.commit()
    return {"anne": anne, "bjorn": bjorn, "papers": papers, "partners": partners,
            "hearing": hearing}


@pytest.fixture
def client_for(app):
    def make(user) -> Client:
        client = Client(app.test_client())
        client.login(user)
        return client
    return make


def deadline_cells(response) -> dict[str, str]:
    """Each row's title and its deadline cell (the third column)."""
    body = response.get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a [^>]*>([^<]*)</a></th>\s*<td>[^<]*</td>\s*'
                      r"<td>([^<]*)</td>", body)
    return dict(rows)


def test_the_deadline_column(client_for, world):
    response = client_for(world["anne"]).get("/papers/")
    assert deadline_cells(response) == {
        "Arealuttalelse": "15.01.2027",  # the hearing's deadline
        "Veiuttalelse": "10.12.2026",  # the earliest sign-by day
        "Skoleuttalelse": "03.10.2026",  # the day it was submitted
        "Kulturuttalelse": "–",
    }
    assert sorted_header(response) == [("descending", "Sist endret")]


def test_sorting_by_deadline_puts_papers_without_one_last(client_for, world):
    client = client_for(world["anne"])
    response = client.get("/papers/?sort=frist")
    assert row_titles(response) == ["Skoleuttalelse", "Veiuttalelse", "Arealuttalelse",
                                    "Kulturuttalelse"]
    assert sorted_header(response) == [("ascending", "Frist")]
    assert row_titles(client.get("/papers/?sort=-frist")) == [
        "Arealuttalelse", "Veiuttalelse", "Skoleuttalelse", "Kulturuttalelse"]


@pytest.mark.parametrize(("sort", "titles", "label"), [
    ("tittel", ["Arealuttalelse", "Kulturuttalelse", "Skoleuttalelse", "Veiuttalelse"],
     "Tittel"),
    ("-status", ["Skoleuttalelse", "Arealuttalelse", "Veiuttalelse", "Kulturuttalelse"],
     "Status"),
    ("ansvarlig", ["Arealuttalelse", "Veiuttalelse", "Kulturuttalelse", "Skoleuttalelse"],
     "Ansvarlig"),
    ("horing", ["Arealuttalelse", "Kulturuttalelse", "Skoleuttalelse", "Veiuttalelse"],
     "Høring"),
])
def test_sorting_by_other_columns(client_for, world, sort, titles, label):
    response = client_for(world["anne"]).get("/papers/", query_string={"sort": sort})
    assert row_titles(response) == titles
    assert sorted_header(response)[0][1] == label


@pytest.mark.parametrize("sort", ["ukjent", "-", "updated_at desc", "frist;--"])
def test_an_unknown_sort_gives_the_default_order(client_for, world, sort):
    client = client_for(world["anne"])
    response = client.get("/papers/", query_string={"sort": sort})
    assert response.status_code == 200
    assert row_titles(response) == row_titles(client.get("/papers/"))
    assert sorted_header(response) == [("descending", "Sist endret")]


def test_filters(client_for, world):
    client = client_for(world["anne"])
    assert row_titles(client.get("/papers/?status=submitted")) == ["Skoleuttalelse"]
    assert row_titles(client.get("/papers/?hearing=med")) == ["Arealuttalelse"]
    assert sorted(row_titles(client.get("/papers/?hearing=uten"))) == [
        "Kulturuttalelse", "Skoleuttalelse", "Veiuttalelse"]
    # Both papers in signing have someone who has not answered.
    assert sorted(row_titles(client.get("/papers/?waiting=y"))) == ["Arealuttalelse",
                                                                   "Veiuttalelse"]
    assert row_titles(client.get("/papers/?mine=y")) == ["Arealuttalelse"]
    assert row_titles(client.get("/papers/?mine=y&hearing=uten")) == []
    response = client.get("/papers/?status=nonsense&hearing=kanskje")
    assert response.status_code == 200
    assert len(row_titles(response)) == 4


def test_waiting_counts_declines_as_answers_and_old_signatures_as_not(client_for, world):
    vei = world["papers"]["vei"]
    lier_invitation = next(i for i in vei.invitations if i.organisation.name == "Lier kommune")
    lier_invitation.answer = Answer.DECLINED
    db.session.commit()
    client = client_for(world["anne"])
    assert row_titles(client.get("/papers/?waiting=y")) == ["Arealuttalelse"]
    # A new text makes Drammen's signature stale: Veiuttalelse waits again.
    services.save_revision(vei, title=vei.title, author=world["anne"],
                           base_number=vei.current.number,
                           sections=[{"heading": "Innledning", "body": "Ny tekst"}])
    db.session.commit()
    assert sorted(row_titles(client.get("/papers/?waiting=y"))) == ["Arealuttalelse",
                                                                   "Veiuttalelse"]


def test_search(client_for, world):
    client = client_for(world["anne"])
    assert row_titles(client.get("/papers/?q=skole")) == ["Skoleuttalelse"]
    assert row_titles(client.get("/papers/?q=kunnskapsdep")) == ["Skoleuttalelse"]
    response = client.get("/papers/?q=finnes+ikke")
    assert row_titles(response) == []
    assert "Ingen uttalelser passer med søket og filtrene" in text(response)
    response = client.get("/papers/?q=uttalelse&status=signing&sort=tittel")
    assert row_titles(response) == ["Arealuttalelse", "Veiuttalelse"]
    link = header_link(response, "Frist")
    assert "q=uttalelse" in link and "status=signing" in link and "sort=frist" in link


def test_a_partner_sees_no_other_organisations_papers_or_invitations(client_for, world):
    lier = client_for(world["partners"]["lier"])
    drammen = client_for(world["partners"]["drammen"])
    for args in ("", "?sort=frist", "?sort=-frist", "?sort=tittel", "?waiting=y",
                 "?hearing=med", "?hearing=uten", "?status=signing", "?q=uttalelse",
                 "?mine=y", "?q=areal", "?sort=ansvarlig&waiting=y"):
        titles = row_titles(lier.get("/papers/" + args))
        assert set(titles) <= {"Veiuttalelse"}, args
        assert "Arealuttalelse" not in text(lier.get("/papers/" + args)), args
    # Lier's deadline is Lier's own sign-by day, not Drammen's (20.12) or the earliest.
    assert deadline_cells(lier.get("/papers/")) == {"Veiuttalelse": "10.12.2026"}
    assert deadline_cells(drammen.get("/papers/")) == {"Arealuttalelse": "15.01.2027",
                                                       "Veiuttalelse": "20.12.2026"}
    # Waiting means waiting for one's own organisation: Drammen has signed Veiuttalelse.
    assert row_titles(drammen.get("/papers/?waiting=y")) == ["Arealuttalelse"]
    assert row_titles(lier.get("/papers/?waiting=y")) == ["Veiuttalelse"]
    # Partners are responsible for nothing, and are not offered «Bare mine».
    assert "Bare mine" not in text(lier.get("/papers/"))
    assert "Bare mine" in text(client_for(world["anne"]).get("/papers/"))


def test_a_partner_without_invitations_sees_an_empty_list_whatever_the_filter(
        app, client_for, make_user, world):
    outsider = make_user("partner", email="p@modum.example")
    outsider.organisation = Organisation(name="Modum kommune", kind="municipality",
                                         municipality_number="3316")
    db.session.commit()
    client = client_for(outsider)
    for args in ("", "?sort=frist", "?waiting=y", "?hearing=med", "?q=uttalelse"):
        assert row_titles(client.get("/papers/" + args)) == [], args


@pytest.mark.parametrize("args", ["?sort=frist&q=uttalelse",
                                  "?sort=-horing&waiting=y&hearing=med&mine=y"])
def test_the_list_costs_the_same_with_more_papers(app, client_for, world, args):
    client = client_for(world["anne"])
    organisations = [Organisation(name=f"Kommune {i}", kind="municipality") for i in range(3)]
    db.session.add_all(organisations)
    db.session.commit()
    ids = {"anne": world["anne"].id, "hearing": world["hearing"].id,
           "organisations": [o.id for o in organisations]}

    def add(start, stop):
        # count() empties the session: load what the new papers refer to again.
        anne = db.session.get(type(world["anne"]), ids["anne"])
        hearing = db.session.get(Hearing, ids["hearing"])
        orgs = [db.session.get(Organisation, i) for i in ids["organisations"]]
        for i in range(start, stop):
            paper = services.create_paper(title=f"Uttalelse {i:02d}", author=anne)
            paper.status, paper.responsible = "signing", anne
            paper.hearing = hearing if i % 2 else None
            paper.invitations += [Invitation(organisation=o, sign_by=date(2027, 1, i % 28 + 1))
                                  for o in orgs]
        db.session.commit()

    def count():
        db.session.expunge_all()
        with count_queries() as statements:
            response = client.get("/papers/" + args)
        assert response.status_code == 200
        return len(statements)

    add(0, 3)
    few = count()
    add(3, 30)
    assert count() == few
