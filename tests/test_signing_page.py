"""The partner's sign page: name and «stilling» remembered from their last signature, and
the way back offered after an answer (withdraw after signing, sign after declining)."""

import re

import pytest

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from tests.conftest import Client
from tests.helpers import text as _html
from tests.test_signing import _draft_through_pages, _invite


def text(response) -> str:
    """The page's text without tags."""
    return re.sub(r"<[^>]+>", "", _html(response))


@pytest.fixture
def world(app, make_user):
    """Two papers Drammen is invited to sign, and Drammen's partner."""
    drammen = Organisation(name="Drammen kommune", kind="municipality",
                           municipality_number="3301")
    db.session.add(drammen)
    staff = make_user("staff", email="radgiver@buskerud.example", name="Åse Ærlig")
    partner = make_user("partner", email="post@drammen.example", name="Kari Konto")
    partner.organisation = drammen
    db.session.commit()
    as_staff = _client(app, staff)
    papers = [_draft_through_pages(as_staff, staff, title=title)
              for title in ("Uttalelse om næringsarealer", "Uttalelse om jernbane")]
    for paper in papers:
        _invite(as_staff, paper, drammen)
    return {"papers": papers, "partner": _client(app, partner), "drammen": drammen}


def _client(app, user) -> Client:
    client = Client(app.test_client())
    client.login(user)
    return client


def _sign(world, paper, **data):
    response = world["partner"].submit(f"/papers/{paper.id}/sign", {
        "name": "Kari Nordmann", "title": "ordfører", "mandate": "Kommunestyret, sak 12/26",
        "organisation_id": str(world["drammen"].id)} | data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_name_and_stilling_come_from_the_last_signature_on_any_paper(world):
    first, second = world["papers"]
    page = _html(world["partner"].get(f"/papers/{second.id}/sign"))
    assert 'value="Kari Konto"' in page  # from the account before any signature
    assert 'value="ordfører"' not in page

    _sign(world, first)
    page = _html(world["partner"].get(f"/papers/{second.id}/sign"))
    assert 'value="Kari Nordmann"' in page and 'value="ordfører"' in page
    # The mandate belongs to one paper's decision: not carried over.
    assert "Kommunestyret, sak 12/26" not in page


def test_after_signing_withdraw_is_offered_and_after_declining_signing_is(world):
    first, second = world["papers"]
    partner = world["partner"]
    _sign(world, first)
    page = text(partner.get(f"/papers/{first.id}/sign"))
    assert "Trekk signaturen for Drammen kommune" in page
    assert "Takk nei" not in page
    detail = text(partner.get(f"/papers/{first.id}"))
    assert "Trekk signaturen" in detail and "Trekk tilbake svaret" not in detail

    response = partner.submit(f"/papers/{second.id}/decline", {
        "comment": "Vi støtter ikke forslaget.", "organisation_id": str(world["drammen"].id)},
        form_url=f"/papers/{second.id}/sign")
    assert response.status_code == 302
    page = text(partner.get(f"/papers/{second.id}/sign"))
    assert "Signer for Drammen kommune" in page
    assert "Takk nei for Drammen kommune" not in page
    assert "Trekk tilbake svaret for Drammen kommune" in page
    detail = text(partner.get(f"/papers/{second.id}"))
    assert "Signer likevel for Drammen kommune" in detail
    assert "Trekk tilbake svaret" in detail and "Trekk signaturen" not in detail
