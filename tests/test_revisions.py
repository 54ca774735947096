"""Old versions of a paper's text: reading them, comparing them word by word, restoring one
as a new version; who may do which; and the sign page's «what changed since you signed»."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from flask import render_template
from sqlalchemy import select

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.papers import services, signing, textdiff
from advocacy.papers.forms import TextForm
from advocacy.papers.models import Invitation, PaperRevision, PaperStatus, PositionPaper
from tests.conftest import Client
from tests.helpers import text
from tests.test_paper_races import _run_together

DEL = '<del><span class="visually-hidden">[Fjernet:] </span>'
INS = '<ins><span class="visually-hidden">[Satt inn:] </span>'
END = '<span class="visually-hidden"> [slutt]</span>'

V1 = [{"heading": "Bakgrunn", "body": "Buskerud trenger **større** næringsområder."},
      {"heading": "Forslag", "body": "- Endre planretningslinjene\n- Styrke tilskuddet"}]
V2 = [{"heading": "Bakgrunn", "body": "Buskerud trenger **mye større** næringsområder."},
      {"heading": "Forslag", "body": "- Endre planretningslinjene\n- Øke tilskuddet"}]
V3 = [{"heading": "Bakgrunn", "body": "Buskerud trenger næringsområder nå."},
      {"heading": "Forslag", "body": "- Endre planretningslinjene"},
      {"heading": "Avslutning", "body": "Med vennlig hilsen."}]


@pytest.fixture
def staff(make_user):
    return make_user("staff", name="Åse Ærlig")


@pytest.fixture
def paper(staff) -> PositionPaper:
    """A paper in three versions (1, 2, 3) saved by ``staff``."""
    p = PositionPaper(title="Næringsarealer", responsible=staff)
    db.session.add(p)
    versions = [("Næringsarealer", V1), ("Næringsarealer", V2), ("Om næringsarealer", V3)]
    for number, (title, sections) in enumerate(versions, 1):
        result = services.save_revision(p, title=title, sections=sections, author=staff,
                                        base_number=number - 1 or None)
        assert isinstance(result, PaperRevision)
    db.session.commit()
    return p


def _client(app, user) -> Client:
    client = Client(app.test_client())
    client.login(user)
    return client


def _numbers(paper_id: int) -> list[int]:
    return list(db.session.scalars(select(PaperRevision.number)
                                   .where(PaperRevision.paper_id == paper_id)
                                   .order_by(PaperRevision.number)))


def _partner(make_user, paper: PositionPaper, name: str = "Drammen kommune"):
    """A partner whose organisation is invited to ``paper``."""
    organisation = Organisation(name=name, kind="municipality")
    db.session.add(organisation)
    user = make_user("partner", email=f"post@{name.split()[0].lower()}.example")
    user.organisation = organisation
    db.session.add(Invitation(paper=paper, organisation=organisation, sign_by=date(2026, 12, 20)))
    db.session.commit()
    return user


_HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|base_number)"[^>]*value="([^"]*)"')


def form_fields(client: Client, url: str) -> dict[str, str]:
    """The hidden fields (CSRF token, base_number) of the first form on the page at ``url``
    that has them, as a browser would send them back."""
    return dict(_HIDDEN.findall(client.get(url).get_data(as_text=True)))


def _restore(client: Client, paper_id: int, number: int, **changes):
    """Restore version ``number`` from its page, as the page's button does."""
    url = f"/papers/{paper_id}/versions/{number}"
    return client.raw.post(f"{url}/restore", data={**form_fields(client, url), **changes})


def _someone_else_saves(paper_id: int, author, sections: list[dict], base: int) -> None:
    """Another editor saves version ``base + 1`` (committed, as by another request)."""
    other = db.session.get(PositionPaper, paper_id)
    result = services.save_revision(other, title=other.title, sections=sections,
                                    author=author, base_number=base)
    assert isinstance(result, PaperRevision) and result.number == base + 1
    db.session.commit()


def test_the_diff_page_shows_a_changed_word_in_the_formatted_paragraph(app, paper, staff):
    page = _client(app, staff).get(f"/papers/{paper.id}/diff?old=1&new=2").get_data(as_text=True)
    assert (f"<p>Buskerud trenger {INS}<strong>mye </strong>{END}</ins>"
            "<strong>større</strong> næringsområder.</p>") in page
    assert f"<li>{DEL}Styrke{END}</del>{INS}Øke{END}</ins> tilskuddet</li>" in page
    assert "<li>Endre planretningslinjene</li>" in page
    # A section that did not change is its heading and «uendret» only.
    page = _client(app, staff).get(f"/papers/{paper.id}/diff?old=2&new=3").get_data(as_text=True)
    assert "ny del" in page and "Avslutning" in page
    assert f"{DEL}Næringsarealer{END}</del>" in page and f"{INS}Om næringsarealer{END}</ins>" in page
    assert "Lagt til:" not in page  # not the old line diff


def test_an_unchanged_section_is_collapsed_to_its_heading(app, paper, staff):
    db.session.add(paper)
    sections = V3 + [{"heading": "Vedlegg", "body": "Kart over arealene."}]
    services.save_revision(paper, title="Om næringsarealer", sections=sections, author=staff,
                           base_number=3)
    db.session.commit()
    page = text(_client(app, staff).get(f"/papers/{paper.id}/diff?old=3&new=4"))
    assert re.search(r"<h2>Bakgrunn <span class=\"tag\">uendret</span></h2>", page)
    assert "Buskerud trenger næringsområder nå." not in page
    assert "Kart over arealene." in page


def test_history_links_every_version_and_says_what_changed(app, paper, staff):
    page = text(_client(app, staff).get(f"/papers/{paper.id}/history"))
    for number in (1, 2, 3):
        assert f'<a href="/papers/{paper.id}/versions/{number}">Versjon {number}</a>' in page
    assert "Første versjon" in page
    assert "Endret: Bakgrunn, Forslag" in page
    assert "Ny tittel" in page and "Ny del: Avslutning" in page


def test_an_old_version_reads_as_formatted_text_with_who_saved_it(app, paper, staff):
    page = text(_client(app, staff).get(f"/papers/{paper.id}/versions/1"))
    assert "<h1>Versjon 1 av teksten</h1>" in page
    assert "<h3>Bakgrunn</h3>" in page and "<strong>større</strong>" in page
    assert "<li>Styrke tilskuddet</li>" in page
    assert "Åse Ærlig" in page and "26.11.2026" in page
    assert f'href="/papers/{paper.id}/diff?old=1&new=3"' in page
    assert "Gjenopprett denne versjonen" in page
    current = text(_client(app, staff).get(f"/papers/{paper.id}/versions/3"))
    assert "Dette er den gjeldende versjonen." in current
    assert "Gjenopprett denne versjonen" not in current


def test_restoring_version_1_makes_a_new_version_with_its_text(app, paper, staff):
    client = _client(app, staff)
    response = _restore(client, paper.id, 1)
    assert response.status_code == 302
    assert "Versjon 1 er gjenopprettet som en ny versjon, versjon 4." in text(
        client.get(response.headers["Location"]))
    assert _numbers(paper.id) == [1, 2, 3, 4]
    db.session.expire_all()
    old, restored = (db.session.scalar(select(PaperRevision).filter_by(paper_id=paper.id,
                                                                       number=n))
                     for n in (1, 4))
    assert (restored.title, restored.sections) == (old.title, old.sections)
    assert restored.content_hash == old.content_hash and restored.author_id == staff.id
    # Nothing was overwritten: version 3 is as it was.
    v3 = db.session.scalar(select(PaperRevision).filter_by(paper_id=paper.id, number=3))
    assert v3.sections == V3
    assert db.session.get(PositionPaper, paper.id).title == "Næringsarealer"


def test_restoring_makes_signatures_on_the_current_text_stale(app, paper, staff, make_user):
    partner = _partner(make_user, paper)
    db.session.add(paper)
    signing.sign(paper, partner, name="Kari", title="ordfører", mandate="Sak 12/26")
    db.session.commit()
    client = _client(app, staff)
    assert _restore(client, paper.id, 2).status_code == 302
    db.session.expire_all()
    invitation = db.session.scalar(select(Invitation))
    assert invitation.answer == "signed" and not invitation.is_current


def test_restoring_the_current_text_changes_nothing(app, paper, staff):
    db.session.add(paper)
    services.save_revision(paper, title="Næringsarealer", sections=V1, author=staff,
                           base_number=3)  # version 4 has version 1's text
    db.session.commit()
    client = _client(app, staff)
    response = _restore(client, paper.id, 1)
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Versjon 1 har samme tekst som den gjeldende versjonen, så ingenting er endret." in page
    assert _numbers(paper.id) == [1, 2, 3, 4]


@pytest.mark.parametrize("status", [PaperStatus.FINAL, PaperStatus.SUBMITTED])
def test_a_final_or_submitted_paper_is_not_restored(app, paper, staff, status):
    db.session.add(paper)
    paper.status = status
    db.session.commit()
    client = _client(app, staff)
    page = text(client.get(f"/papers/{paper.id}/versions/1"))
    assert "Gjenopprett denne versjonen" not in page
    assert "denne versjonen kan ikke gjenopprettes" in page
    token_page = f"/papers/{paper.id}/history"  # any page with the session's token
    response = client.raw.post(f"/papers/{paper.id}/versions/1/restore",
                               data={"csrf_token": _token(client, token_page)})
    assert response.status_code == 409
    assert "Versjon 1 er ikke gjenopprettet." in text(response)
    assert _numbers(paper.id) == [1, 2, 3]


def _token(client: Client, url: str) -> str:
    """The session's CSRF token, read from the (logout) form on any page."""
    return client.token(url)


def test_restoring_needs_the_form_token(app, paper, staff):
    client = _client(app, staff)
    assert client.post(f"/papers/{paper.id}/versions/1/restore").status_code == 400
    assert _numbers(paper.id) == [1, 2, 3]


def test_a_restore_from_a_page_opened_before_someone_saved_is_refused(app, paper, staff,
                                                                      make_user):
    """A opens version 1 while 3 is current; B saves 4; A's restore must not undo B's save."""
    client = _client(app, staff)
    url = f"/papers/{paper.id}/versions/1"
    fields = form_fields(client, url)
    assert fields["base_number"] == "3"
    _someone_else_saves(paper.id, make_user("staff"), V2, base=3)
    response = client.raw.post(f"{url}/restore", data=fields)
    assert response.status_code == 409
    page = text(response)
    assert ("Noen lagret en ny versjon av teksten (versjon 4) mens du så på denne. Versjon 1 "
            "er ikke gjenopprettet.") in page
    assert _numbers(paper.id) == [1, 2, 3, 4]
    db.session.expire_all()
    assert db.session.get(PositionPaper, paper.id).current.sections == V2  # B's text stands
    # The page now shows version 4 as current, and restoring from it works.
    assert f'href="/papers/{paper.id}/diff?old=1&new=4"' in page
    assert 'name="base_number" type="hidden" value="4"' in page
    token = fields["csrf_token"]
    response = client.raw.post(f"{url}/restore", data={"csrf_token": token, "base_number": "4"})
    assert response.status_code == 302
    assert _numbers(paper.id) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("base", [None, "", "²", "9" * 5000, "0", "99"],
                         ids=["missing", "empty", "superscript", "huge", "zero", "future"])
def test_a_restore_without_a_valid_version_number_changes_nothing(app, paper, staff, base):
    """A page from before the field, or a tampered form: refused, and never a 500."""
    client = _client(app, staff)
    url = f"/papers/{paper.id}/versions/1"
    data = {"csrf_token": client.token(url)}
    if base is not None:
        data["base_number"] = base
    response = client.raw.post(f"{url}/restore", data=data)
    assert response.status_code == 409
    assert "Versjon 1 er ikke gjenopprettet, fordi det ikke gikk fram hvilken versjon som var " \
           "gjeldende da du åpnet siden." in text(response)
    assert 'name="base_number" type="hidden" value="3"' in text(response)
    assert _numbers(paper.id) == [1, 2, 3]


def test_simultaneous_restores_make_one_new_version(app, paper, staff, make_user, db_name):
    """Two editors restore (1 and 2) from pages showing version 3, at the same moment."""
    clients = [_client(app, staff), _client(app, make_user("staff"))]
    forms = [(f"/papers/{paper.id}/versions/{n}/restore",
              form_fields(clients[i], f"/papers/{paper.id}/versions/{n}"))
             for i, n in enumerate((1, 2))]
    db.session.commit()  # the test's session holds nothing while they save

    def work(i: int, barrier: threading.Barrier):
        url, data = forms[i]
        barrier.wait()
        response = clients[i].raw.post(url, data=data)
        return response.status_code, text(response)

    results = _run_together(work, 2)
    allowed = {302, 409} | ({503} if db_name == "sqlite" else set())
    assert {r[0] for r in results} <= allowed, [r[0] for r in results]
    assert [r[0] for r in results].count(302) == 1, [r[0] for r in results]
    winner = [r[0] for r in results].index(302)
    assert _numbers(paper.id) == [1, 2, 3, 4]
    restored = db.session.scalar(select(PaperRevision).filter_by(paper_id=paper.id, number=4))
    assert restored.sections == (V1, V2)[winner]
    status, page = results[1 - winner]
    assert status == 503 or "Noen lagret en ny versjon av teksten (versjon 4)" in page


def test_partners_read_versions_and_diffs_but_may_not_restore(app, paper, make_user):
    partner = _client(app, _partner(make_user, paper))
    assert partner.get(f"/papers/{paper.id}/history").status_code == 200
    assert partner.get(f"/papers/{paper.id}/diff?old=1&new=3").status_code == 200
    page = text(partner.get(f"/papers/{paper.id}/versions/1"))
    assert "Styrke tilskuddet" in page and "Gjenopprett denne versjonen" not in page
    token = _token(partner, f"/papers/{paper.id}/versions/1")
    response = partner.raw.post(f"/papers/{paper.id}/versions/1/restore",
                                data={"csrf_token": token})
    assert response.status_code == 403
    assert _numbers(paper.id) == [1, 2, 3]


def test_viewers_may_not_restore(app, paper, make_user):
    viewer = _client(app, make_user("viewer"))
    assert "Gjenopprett denne versjonen" not in text(viewer.get(f"/papers/{paper.id}/versions/1"))
    token = _token(viewer, f"/papers/{paper.id}/versions/1")
    assert viewer.raw.post(f"/papers/{paper.id}/versions/1/restore",
                           data={"csrf_token": token}).status_code == 403
    assert _numbers(paper.id) == [1, 2, 3]


def test_a_partner_not_invited_sees_no_version(app, paper, staff, make_user):
    other = services.create_paper(title="Annen uttalelse", author=staff)
    db.session.commit()
    outsider = _client(app, _partner(make_user, other, name="Lier kommune"))
    for url in (f"/papers/{paper.id}/versions/1", f"/papers/{paper.id}/diff?old=1&new=2",
                f"/papers/{paper.id}/history"):
        assert outsider.get(url).status_code == 404, url
    token = _token(outsider, f"/papers/{other.id}")
    assert outsider.raw.post(f"/papers/{paper.id}/versions/1/restore",
                             data={"csrf_token": token}).status_code == 404


def test_an_unknown_version_or_another_papers_version_is_404(app, paper, staff):
    other = services.create_paper(title="Kort uttalelse", author=staff)  # version 1 only
    db.session.commit()
    client = _client(app, staff)
    assert client.get(f"/papers/{paper.id}/versions/9").status_code == 404
    assert client.get(f"/papers/{other.id}/versions/3").status_code == 404  # paper's, not other's
    assert client.get(f"/papers/999999/versions/1").status_code == 404
    token = _token(client, f"/papers/{paper.id}/versions/1")
    assert client.raw.post(f"/papers/{other.id}/versions/3/restore",
                           data={"csrf_token": token}).status_code == 404
    assert _numbers(other.id) == [1]


XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
       '[lenke](javascript:alert(1))']


def test_hostile_text_is_escaped_on_every_version_page(app, staff):
    paper = services.create_paper(title="XSS", author=staff)
    db.session.flush()
    for n, payload in enumerate(XSS, 1):
        services.save_revision(paper, title=f"{payload} {n}",
                               sections=[{"heading": payload, "body": f"{payload} {n}"}],
                               author=staff, base_number=n)
    db.session.commit()
    client = _client(app, staff)
    for url in (f"/papers/{paper.id}/history", f"/papers/{paper.id}/versions/2",
                f"/papers/{paper.id}/diff?old=2&new=4", f"/papers/{paper.id}/diff?old=1&new=3"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert 'href="javascript:' not in page, url
    page = client.get(f"/papers/{paper.id}/diff?old=1&new=2").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_sign_page_shows_what_changed_since_the_organisation_signed(app, paper, staff,
                                                                        make_user):
    partner_user = _partner(make_user, paper)
    db.session.add(paper)
    signing.sign(paper, partner_user, name="Kari", title="ordfører", mandate="Sak 12/26")
    services.save_revision(paper, title="Om næringsarealer", sections=V2, author=staff,
                           base_number=3)
    db.session.commit()
    partner = _client(app, partner_user)
    page = partner.get(f"/papers/{paper.id}/sign").get_data(as_text=True)
    link = f'href="/papers/{paper.id}/diff?old=3&amp;new=4"'
    assert link in page and "Se hva som er endret siden dere signerte" in page
    assert "Signerte en tidligere versjon (versjon 3)" in page
    assert f"{DEL}Avslutning{END}</del>" in page  # the section removed since version 3
    assert f"{INS}<strong>mye større</strong>" in page
    # Back to the text they signed: nothing to show.
    db.session.add(paper)
    services.save_revision(paper, title="Om næringsarealer", sections=V3, author=staff,
                           base_number=4)
    db.session.commit()
    page = partner.get(f"/papers/{paper.id}/sign").get_data(as_text=True)
    assert "Se hva som er endret siden dere signerte" not in page


def test_the_conflict_page_shows_the_word_diff_when_given_one(app, paper, staff):
    """conflict.html with ``text_changes`` (the edit view's new name for the diff)."""
    db.session.add(paper)
    theirs = paper.current
    mine = [dict(s) for s in V3]
    mine[0]["body"] = "Buskerud trenger næringsområder i morgen."
    with app.test_request_context():
        form = TextForm(formdata=None, data={"title": theirs.title, "sections": mine,
                                             "base_number": theirs.number})
        page = render_template("papers/conflict.html", paper=paper, form=form, theirs=theirs,
                               text_changes=textdiff.compare(theirs.title, theirs.sections,
                                                             theirs.title, mine))
    assert f"{DEL}nå{END}</del>{INS}i morgen{END}</ins>" in page
    assert "Vis hele versjon 3 slik den ble lagret" in page
    assert "Buskerud trenger næringsområder nå." in page  # their text, whole, to copy from
