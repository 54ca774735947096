"""What the formatted editor sends (HTML, text_format=html) on its way to the stored
Markdown subset: kept formatting, hostile input cleaned in every place the text shows,
too much text refused, and an unchanged text making no new version."""

from __future__ import annotations

import io

import docx
import pytest
from sqlalchemy import func, select

from advocacy.extensions import db
from advocacy.papers.models import PaperRevision, PositionPaper
from advocacy.papers.views import render_body
from tests.test_markdown import XSS_PAYLOADS


def _paper(client) -> PositionPaper:
    response = client.submit("/papers/new", {"title": "Uttalelse fra editoren", "hearing_id": 0,
                                             "responsible_id": 0, "recipient": "",
                                             "our_reference": "", "their_reference": "",
                                             "exemption_basis": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return db.session.scalar(select(PositionPaper).order_by(PositionPaper.id.desc()))


def _from_editor(sections: list[tuple[str, str]], base: int, title="Uttalelse fra editoren"):
    data = {"title": title, "base_number": base, "action": "save", "text_format": "html"}
    for index, (heading, html) in enumerate(sections):
        data[f"sections-{index}-heading"] = heading
        data[f"sections-{index}-body"] = html
    return data


def _save_as_typed(client, paper: PositionPaper, body: str) -> None:
    """Save version 2 with one section «Del» typed as Markdown, without the editor."""
    client.submit(f"/papers/{paper.id}/text", {
        "title": "Uttalelse fra editoren", "base_number": 1, "action": "save",
        "sections-0-heading": "Del", "sections-0-body": body})


def _revisions(paper_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(PaperRevision)
                             .where(PaperRevision.paper_id == paper_id))


def _current(paper_id: int) -> PaperRevision:
    db.session.expire_all()
    return db.session.get(PositionPaper, paper_id).current


def test_editor_html_is_stored_as_the_markdown_subset(client, login_as):
    login_as("staff")
    paper = _paper(client)
    html = ('<h3>Om <em>tog</em></h3><p>Vi ber om <strong>mer</strong> og '
            '<a href="https://www.regjeringen.no/" rel="noopener">se høringen</a>.</p>'
            '<ol><li>første</li><li>andre</li></ol><p>5 * 3 = 15 [sic]</p>')
    response = client.submit(f"/papers/{paper.id}/text",
                             _from_editor([("Våre merknader", html)], 1))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _current(paper.id).sections == [{"heading": "Våre merknader", "body": (
        "## Om *tog*\n\n"
        "Vi ber om **mer** og [se høringen](https://www.regjeringen.no/).\n\n"
        "1. første\n2. andre\n\n"
        "5 \\* 3 = 15 \\[sic\\]")}]
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "<h4>Om <em>tog</em></h4>" in page and "<strong>mer</strong>" in page
    assert "<p>5 * 3 = 15 [sic]</p>" in page


def test_opening_the_editor_and_saving_makes_no_new_version(client, login_as):
    """The editor starts from the stored text as HTML; sent back unchanged, nothing is
    saved, even when the stored text was typed in another Markdown spelling."""
    login_as("staff")
    paper = _paper(client)
    typed = "Punkt:\n\n* en\n* to\n\n__ikke fet__ og *kursiv*"
    _save_as_typed(client, paper, typed)
    assert _current(paper.id).number == 2
    response = client.submit(f"/papers/{paper.id}/text",
                             _from_editor([("Del", render_body(typed))], 2))
    assert response.status_code == 302
    assert "Ingen endringer å lagre." in client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert _current(paper.id).number == 2 and _current(paper.id).sections[0]["body"] == typed


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_html_never_reaches_the_page_or_the_letter(client, login_as, payload):
    login_as("staff")
    paper = _paper(client)
    response = client.submit(f"/papers/{paper.id}/text",
                             _from_editor([("Del", f"<p>Før {payload} etter</p>")], 1))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    body = _current(paper.id).sections[0]["body"]
    assert "javascript:" not in body.lower() and "data:text" not in body.lower()
    pages = [client.get(f"/papers/{paper.id}").get_data(as_text=True),
             client.get(f"/papers/{paper.id}/text").get_data(as_text=True),
             client.get(f"/papers/{paper.id}/versions/2").get_data(as_text=True),
             client.get(f"/papers/{paper.id}/diff?old=1&new=2").get_data(as_text=True)]
    for page in pages:
        lowered = page.lower()
        for bad in ("<script>alert", "<iframe", "<svg", "<img", "onerror=", "onload=",
                    "onclick=", "onmouseover=", "href=\"javascript:", "<math", "<style>body"):
            assert bad not in lowered, (bad, payload)
    letter = docx.Document(io.BytesIO(client.get(f"/papers/{paper.id}.docx").data))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Før" in text and "etter" in text
    assert "<script" not in text and "onerror" not in text
    assert all(link.url.startswith("https://")
               for p in letter.paragraphs for link in p.hyperlinks)


def test_a_megabyte_of_text_is_refused_and_nothing_changes(client, login_as):
    login_as("staff")
    paper = _paper(client)
    huge = "<p>" + ("Buskerud trenger flere lærlingplasser. " * 27_000) + "</p>"
    assert len(huge) > 1_000_000
    response = client.submit(f"/papers/{paper.id}/text", _from_editor([("Del", huge)], 1))
    assert response.status_code == 422
    assert "Teksten i en del kan være høyst 100000 tegn" in response.get_data(as_text=True)
    assert _revisions(paper.id) == 1


def test_more_editor_html_than_any_section_holds_is_not_saved(client, login_as):
    """Markup far beyond what a section can hold is refused and nothing is saved."""
    login_as("staff")
    paper = _paper(client)
    flood = "<b></b>" * 400_000
    response = client.submit(f"/papers/{paper.id}/text",
                             _from_editor([("Del", f"<p>tekst{flood}</p>")], 1))
    assert response.status_code == 422
    assert _revisions(paper.id) == 1


def test_partners_cannot_send_editor_text(client, login_as):
    login_as("staff")
    paper = _paper(client)
    client.submit("/logout", {})
    login_as("partner")
    response = client.submit(f"/papers/{paper.id}/text",
                             _from_editor([("Del", "<p>Endret av partner</p>")], 1),
                             form_url="/logout")
    assert response.status_code in (403, 404)
    assert _revisions(paper.id) == 1


def test_too_much_editor_html_comes_back_as_plain_text_with_a_message(client, login_as):
    """Markup beyond what a section can hold is not read as HTML; its text is kept, as
    plain text, so nothing the adviser wrote is lost."""
    login_as("staff")
    paper = _paper(client)
    flood = "<b>fet</b>" * 150_000
    response = client.submit(f"/papers/{paper.id}/text",
                             _from_editor([("Del", f"<p>Min tekst {flood}</p>")], 1))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "for mye formatering til å kunne leses" in page
    assert 'href="#sections-0-body"' in page  # the error summary links to the section
    assert "Min tekst fetfet" in page and "&lt;b&gt;" not in page
    assert _revisions(paper.id) == 1


def test_enter_in_the_title_saves_rather_than_moving_a_section(client, login_as):
    """The form's first submit button saves: it is what Enter in a field presses."""
    login_as("staff")
    paper = _paper(client)
    page = client.get(f"/papers/{paper.id}/text").get_data(as_text=True)
    form = page[page.index('<form method="post" action="/papers/'):]
    first = form[form.index("<button"):]
    assert first.startswith('<button type="submit" name="action" value="save"')


def test_more_sections_than_a_paper_may_have_are_refused(client, login_as):
    login_as("staff")
    paper = _paper(client)
    sections = [(f"Del {n}", "<p>tekst</p>") for n in range(201)]
    response = client.submit(f"/papers/{paper.id}/text", _from_editor(sections, 1))
    assert response.status_code == 422
    assert "En uttalelse kan ha høyst 200 deler." in response.get_data(as_text=True)
    assert _revisions(paper.id) == 1


def test_an_untouched_numbered_list_keeps_where_it_starts(client, login_as):
    """The editor cannot keep a list's start number; a section it did not change keeps
    its stored text, so no new version (and no stale signature) comes of it."""
    login_as("staff")
    paper = _paper(client)
    typed = "Innledning.\n\n3. tredje\n4. fjerde"
    _save_as_typed(client, paper, typed)
    as_quill_sends_it = "<p>Innledning.</p><ol><li>tredje</li><li>fjerde</li></ol>"
    client.submit(f"/papers/{paper.id}/text", _from_editor([("Del", as_quill_sends_it)], 2))
    assert _current(paper.id).number == 2 and _current(paper.id).sections[0]["body"] == typed


def test_no_break_spaces_are_kept_and_quills_spaces_are_spaces(client, login_as):
    login_as("staff")
    paper = _paper(client)
    client.submit(f"/papers/{paper.id}/text",
                  _from_editor([("Del", "<p>Etter&nbsp;§\u00a05&nbsp;i&nbsp;loven</p>")], 1))
    assert _current(paper.id).sections[0]["body"] == "Etter §\u00a05 i loven"
