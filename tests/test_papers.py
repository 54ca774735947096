"""Drafting papers: create, text with revisions, conflicts, history, diff, access, export."""

import io

import docx
import pytest
from sqlalchemy import select

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.papers.models import Invitation, PaperRevision, PositionPaper


def _new_paper(client, **changes):
    data = {"title": "Felles uttalelse om inntektssystemet", "hearing_id": 0,
            "recipient": "Kommunal- og distriktsdepartementet", "our_reference": "26/100",
            "their_reference": "", "exemption_basis": "", "responsible_id": 0}
    data.update(changes)
    response = client.submit("/papers/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(select(PositionPaper).order_by(PositionPaper.id.desc()))


def _text(title, sections, base):
    data = {"title": title, "base_number": base, "action": "save"}
    for i, (heading, body) in enumerate(sections):
        data[f"sections-{i}-heading"] = heading
        data[f"sections-{i}-body"] = body
    return data


def test_staff_draft_a_paper_and_every_save_makes_a_revision(client, login_as):
    login_as("staff")
    paper = _new_paper(client)
    assert [r.number for r in paper.revisions] == [1]
    url = f"/papers/{paper.id}/text"
    response = client.submit(url, _text("Felles uttalelse", [
        ("Bakgrunn", "Buskerud har **17 %** unge utenfor.\n\n- punkt én\n- punkt to"),
        ("Forslag", "Vi ber om [endring](https://www.regjeringen.no/)."),
    ], 1))
    assert response.status_code == 302
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "<strong>17 %</strong>" in page and "<li>punkt én</li>" in page
    assert 'href="https://www.regjeringen.no/"' in page
    db.session.expire_all()
    assert [r.number for r in db.session.get(PositionPaper, paper.id).revisions] == [1, 2]
    # Saving the same text again makes no new revision.
    client.submit(url, _text("Felles uttalelse", [
        ("Bakgrunn", "Buskerud har **17 %** unge utenfor.\n\n- punkt én\n- punkt to"),
        ("Forslag", "Vi ber om [endring](https://www.regjeringen.no/)."),
    ], 2))
    assert db.session.scalar(select(PaperRevision).order_by(PaperRevision.number.desc())).number == 2


def test_markup_in_text_is_shown_literally(client, login_as):
    login_as("staff")
    paper = _new_paper(client)
    client.submit(f"/papers/{paper.id}/text", _text("T", [("<b>Overskrift</b>", "<script>alert(1)</script> & æøå")], 1))
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; æøå" in page
    assert "&lt;b&gt;Overskrift&lt;/b&gt;" in page


def test_saving_over_a_newer_revision_shows_a_conflict_and_loses_nothing(client, login_as):
    login_as("staff")
    paper = _new_paper(client)
    url = f"/papers/{paper.id}/text"
    client.submit(url, _text("T", [("Del", "Kollegaens tekst")], 1))  # someone else saves v2
    response = client.submit(url, _text("T", [("Del", "Min tekst som ikke må forsvinne")], 1))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Min tekst som ikke må forsvinne" in page and "Kollegaens tekst" in page
    assert 'name="base_number" type="hidden" value="2"' in page
    db.session.expire_all()
    assert len(db.session.get(PositionPaper, paper.id).revisions) == 2
    # Saving again from the conflict page (now based on v2) works.
    response = client.submit(url, _text("T", [("Del", "Min tekst som ikke må forsvinne")], 2))
    assert response.status_code == 302


def test_sections_can_be_added_moved_and_removed_without_saving(client, login_as):
    login_as("staff")
    paper = _new_paper(client)
    url = f"/papers/{paper.id}/text"
    data = _text("T", [("A", "a"), ("B", "b")], 1)
    data["action"] = "up-1"
    page = client.submit(url, data).get_data(as_text=True)
    assert page.index('value="B"') < page.index('value="A"')
    data["action"] = "add"
    page = client.submit(url, data).get_data(as_text=True)
    assert 'name="sections-2-heading"' in page
    data["action"] = "remove-0"
    page = client.submit(url, data).get_data(as_text=True)
    assert 'value="A"' not in page and 'value="B"' in page
    db.session.expire_all()
    assert len(db.session.get(PositionPaper, paper.id).revisions) == 1


def test_history_and_diff(client, login_as):
    login_as("staff")
    paper = _new_paper(client)
    url = f"/papers/{paper.id}/text"
    client.submit(url, _text("T", [("Del", "første linje\nandre linje")], 1))
    client.submit(url, _text("T", [("Del", "første linje\nendret linje")], 2))
    history = client.get(f"/papers/{paper.id}/history").get_data(as_text=True)
    assert "Se endringene fra versjon 2" in history
    diff = client.get(f"/papers/{paper.id}/diff?old=2&new=3").get_data(as_text=True)
    assert ('<p>første linje <del><span class="visually-hidden">[Fjernet:] </span>andre'
            '<span class="visually-hidden"> [slutt]</span></del><ins><span '
            'class="visually-hidden">[Satt inn:] </span>endret<span class="visually-hidden"> '
            '[slutt]</span></ins> linje</p>') in diff
    assert client.get(f"/papers/{paper.id}/diff?old=2&new=9").status_code == 404


def test_exempt_paper_needs_a_legal_basis(client, login_as):
    login_as("staff")
    response = client.submit("/papers/new", {"title": "Unntatt", "hearing_id": 0,
                                             "is_exempt": "y", "exemption_basis": "",
                                             "responsible_id": 0})
    assert response.status_code == 422
    assert "hjemmelen" in response.get_data(as_text=True)
    assert db.session.scalar(select(PositionPaper)) is None


def _invite(paper, org):
    from datetime import date

    db.session.add(Invitation(paper=paper, organisation=org, sign_by=date(2026, 12, 20)))
    db.session.commit()


def test_partners_see_only_papers_their_organisation_is_invited_to(client, login_as, make_user):
    login_as("staff")
    drammen = Organisation(name="Drammen kommune", kind="municipality", municipality_number="3301")
    lier = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    db.session.add_all([drammen, lier])
    db.session.commit()
    paper = _new_paper(client, title="Bare for Drammen")
    _invite(paper, drammen)
    client.submit("/logout", {})

    lier_user = make_user("partner", email="p@lier.example")
    lier_user.organisation = lier
    drammen_user = make_user("partner", email="p@drammen.example")
    drammen_user.organisation = drammen
    db.session.commit()

    client.login(lier_user)
    assert "Bare for Drammen" not in client.get("/papers/").get_data(as_text=True)
    for url in (f"/papers/{paper.id}", f"/papers/{paper.id}.docx", f"/papers/{paper.id}/history",
                f"/papers/{paper.id}/diff", f"/papers/{paper.id}/edit", f"/papers/{paper.id}/text"):
        assert client.get(url).status_code == 404, url
    client.submit("/logout", {})

    client.login(drammen_user)
    assert "Bare for Drammen" in client.get("/papers/").get_data(as_text=True)
    assert client.get(f"/papers/{paper.id}").status_code == 200
    assert client.get(f"/papers/{paper.id}/text").status_code == 403
    assert client.submit(f"/papers/{paper.id}/text", _text("Endret", [("x", "y")], 1),
                         form_url="/logout").status_code == 403
    db.session.expire_all()
    assert db.session.get(PositionPaper, paper.id).title == "Bare for Drammen"


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_only_staff_create_papers(client, login_as, role):
    login_as(role)
    assert client.get("/papers/new").status_code == 403
    assert client.submit("/papers/new", {"title": "X"}, form_url="/logout").status_code == 403


def test_docx_download_and_cli_export(app, client, login_as, tmp_path):
    login_as("staff")
    paper = _new_paper(client)
    client.submit(f"/papers/{paper.id}/text", _text("Felles uttalelse", [("Bakgrunn", "- en\n- to")], 1))
    response = client.get(f"/papers/{paper.id}.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Uttalelse - Felles uttalelse - 26.11.2026.docx"; '
        "filename*=UTF-8''Uttalelse%20-%20Felles%20uttalelse%20-%2026.11.2026.docx")
    document = docx.Document(io.BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    assert "Felles uttalelse" in texts and "Bakgrunn" in texts and "en" in texts
    out = tmp_path / "notat.docx"
    result = app.test_cli_runner().invoke(args=["export-paper", str(paper.id), str(out)])
    assert result.exit_code == 0, result.output
    assert "Bakgrunn" in [p.text for p in docx.Document(str(out)).paragraphs]
    missing = app.test_cli_runner().invoke(args=["export-paper", "999", str(out)])
    assert missing.exit_code != 0 and "Fant ikke uttalelse" in missing.output


def test_a_word_export_gives_its_memory_back_once_sent(client, login_as, monkeypatch):
    from advocacy import memory

    # Debian's C library has malloc_trim: on the platform we deploy to this is no no-op.
    assert memory.release_freed_memory() is True
    trims = []
    monkeypatch.setattr(memory, "_malloc_trim", lambda pad: trims.append(pad))
    login_as("staff")
    paper = _new_paper(client)
    client.submit(f"/papers/{paper.id}/text", _text("Felles uttalelse", [("Bakgrunn", "x")], 1))
    client.get(f"/papers/{paper.id}").close()
    assert trims == []  # a page builds no document
    response = client.get(f"/papers/{paper.id}.docx", headers={"Cache-Control": "no-cache"})
    assert response.status_code == 200 and trims == []  # not before the answer is sent
    response.close()
    assert trims == [0]


# --- a final or submitted paper's text cannot change: a clear answer, never a 500 ---------

def _facts(paper, **changes):
    data = {"title": paper.title, "hearing_id": 0, "recipient": paper.recipient,
            "our_reference": paper.our_reference, "their_reference": paper.their_reference,
            "exemption_basis": "", "responsible_id": paper.responsible_id or 0,
            "status": paper.status}
    data.update(changes)
    return data


def _set_status(paper, status):
    from advocacy.papers import services

    services.set_status(db.session.get(PositionPaper, paper.id), status)
    db.session.commit()


def _reloaded(paper):
    db.session.expire_all()
    return db.session.get(PositionPaper, paper.id)


@pytest.mark.parametrize("status", ["final", "submitted"])
def test_saving_the_text_of_a_locked_paper_keeps_the_text_and_changes_nothing(
        client, login_as, status):
    login_as("staff")
    paper = _new_paper(client)
    url = f"/papers/{paper.id}/text"
    token = client.token(url)  # the editor opened the text while it was a draft
    _set_status(paper, status)
    response = client.post(url, data={**_text("T", [("Del", "Teksten min om bompenger")], 1),
                                      "csrf_token": token})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Teksten min om bompenger" in page  # still in the form, not lost
    assert "teksten kan ikke lenger endres" in page
    assert [r.number for r in _reloaded(paper).revisions] == [1]
    # Rearranging sections is refused the same way.
    response = client.post(url, data={**_text("T", [("Del", "Teksten min om bompenger")], 1),
                                      "csrf_token": token, "action": "add"})
    assert response.status_code == 409 and "Teksten min om bompenger" in response.get_data(
        as_text=True)
    # Opening the editor of a locked paper leads back to the paper, as before.
    response = client.get(url)
    assert response.status_code == 302 and response.location.endswith(f"/papers/{paper.id}")


def test_changing_the_title_of_a_final_paper_is_refused_and_changes_nothing(client, login_as):
    login_as("staff")
    paper = _new_paper(client)
    _set_status(paper, "final")
    paper = _reloaded(paper)
    response = client.submit(f"/papers/{paper.id}/edit",
                             _facts(paper, title="Ny tittel", recipient="Stortinget"))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "teksten kan ikke endres når uttalelsen er endelig" in page
    assert 'value="Ny tittel"' in page and 'Stortinget</textarea>' in page  # what was typed
    paper = _reloaded(paper)
    assert paper.title == "Felles uttalelse om inntektssystemet"
    assert paper.recipient == "Kommunal- og distriktsdepartementet"
    assert [r.number for r in paper.revisions] == [1]
    # Other facts of a final paper can still change.
    response = client.submit(f"/papers/{paper.id}/edit", _facts(paper, recipient="Stortinget"))
    assert response.status_code == 302
    assert _reloaded(paper).recipient == "Stortinget"


def test_title_change_and_final_status_at_once_is_refused_but_back_to_draft_works(
        client, login_as):
    login_as("staff")
    paper = _new_paper(client)
    response = client.submit(f"/papers/{paper.id}/edit",
                             _facts(paper, title="Ny tittel", status="final"))
    assert response.status_code == 409
    assert "«Utkast»" in response.get_data(as_text=True)
    paper = _reloaded(paper)
    assert paper.status == "draft" and paper.title == "Felles uttalelse om inntektssystemet"
    assert [r.number for r in paper.revisions] == [1]
    # A final paper set back to draft may get a new title in the same save.
    _set_status(paper, "final")
    paper = _reloaded(paper)
    response = client.submit(f"/papers/{paper.id}/edit",
                             _facts(paper, title="Ny tittel", status="draft"))
    assert response.status_code == 302
    paper = _reloaded(paper)
    assert paper.status == "draft" and paper.title == "Ny tittel"
    assert [r.number for r in paper.revisions] == [1, 2]


def test_changing_the_title_of_a_submitted_paper_is_refused(client, login_as):
    login_as("staff")
    paper = _new_paper(client)
    _set_status(paper, "submitted")
    paper = _reloaded(paper)
    response = client.submit(f"/papers/{paper.id}/edit", _facts(paper, title="Ny tittel"))
    assert response.status_code == 409
    assert "Uttalelsen er sendt inn, så tittelen kan ikke lenger endres." in response.get_data(
        as_text=True)
    paper = _reloaded(paper)
    assert paper.title == "Felles uttalelse om inntektssystemet" and paper.status == "submitted"


def test_a_line_break_in_a_title_or_reference_is_saved_as_a_space(client, login_as):
    login_as("staff")
    paper = _new_paper(client, title="Felles uttalelse\r\nom inntektssystemet",
                       their_reference="25/\n1428")
    assert paper.title == "Felles uttalelse om inntektssystemet"
    assert paper.their_reference == "25/ 1428"


def test_an_overlong_login_address_is_a_form_error_not_a_500(client):
    response = client.submit("/login", {"email": "a" * 300 + "@example.no", "password": "x"})
    assert response.status_code == 422
    assert "høyst 254 tegn" in response.get_data(as_text=True)


def test_the_paper_list_counts_signatures_on_the_current_text_in_fixed_queries(
        client, login_as, make_user):
    """The list shows "signed on the current text of invited" per paper, and costs the same
    with 2 or 20 papers (no text or revision list is loaded per row)."""
    from datetime import date

    from advocacy.papers import services
    from advocacy.papers.models import Answer
    from tests.test_query_counts import count_queries

    staff = login_as("staff")
    orgs = [Organisation(name=f"Kommune {i}", kind="municipality") for i in range(3)]
    db.session.add_all(orgs)

    def add_papers(start, stop):
        for i in range(start, stop):
            paper = services.create_paper(title=f"Uttalelse {i:02d}", author=staff)
            db.session.flush()
            old = paper.current
            services.save_revision(paper, title=paper.title, author=staff,
                                   base_number=old.number,
                                   sections=[{"heading": "Innledning", "body": f"Tekst {i}"}])
            db.session.flush()
            on_current, on_old, pending = (
                Invitation(organisation=org, sign_by=date(2027, 1, 10)) for org in orgs)
            on_current.answer, on_current.signed_hash = Answer.SIGNED, paper.current.content_hash
            on_old.answer, on_old.signed_hash = Answer.SIGNED, old.content_hash
            paper.invitations.extend([on_current, on_old, pending])
        db.session.commit()

    def count():
        with count_queries() as statements:
            response = client.get("/papers/")
        assert response.status_code == 200
        return len(statements), response.get_data(as_text=True)

    add_papers(0, 2)
    with_2, page = count()
    assert page.count("1 av 3") == 2
    add_papers(2, 20)
    with_20, page = count()
    assert with_20 == with_2
    assert page.count("1 av 3") == 20


def test_a_recipient_typed_on_several_lines_is_shown_on_several_lines(client, login_as):
    from bs4 import BeautifulSoup

    from advocacy.papers import services

    staff = login_as("staff")
    paper = services.create_paper(title="Brev til departementet", author=staff,
                                  recipient="Kommunal- og distriktsdepartementet\n"
                                            "Postboks 8112 Dep\n0032 Oslo")
    db.session.commit()
    soup = BeautifulSoup(client.get(f"/papers/{paper.id}").get_data(as_text=True),
                         "html.parser")
    shown = soup.find("dt", string="Mottaker").find_next_sibling("dd")
    # The lines are kept, and the page lays them out as lines (white-space: pre-line).
    assert "pre" in shown["class"]
    assert shown.get_text().splitlines() == ["Kommunal- og distriktsdepartementet",
                                             "Postboks 8112 Dep", "0032 Oslo"]
