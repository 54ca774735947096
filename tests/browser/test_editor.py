"""The formatted editor of a paper's text (static/editor.js) in a real browser: written
with the toolbar only, pasted from Word, saved, and exported to Word with the same
structure; sections moved without losing unsaved text; keyboard, axe and 320 px."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.a11y import axe_violations, describe_violations
from tests.browser.live import log_in, paste_html

pytestmark = pytest.mark.browser

WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8">
<style>p.MsoNormal{margin:0cm;font-family:Calibri}</style></head><body lang=NO-BOK>
<!--StartFragment-->
<p class=MsoNormal><span style='color:#C00000;font-size:14pt'>Kommunene </span><b>støtter</b>
<i>forslaget</i> og viser til <a href="https://lovdata.no/lov/2009-06-19-100">naturmangfoldloven</a>.
<script>alert(1)</script><img src="https://evil.example/x.png" onerror="alert(2)"></p>
<ol style='margin-top:0cm'><li class=MsoListParagraph>kartlegge leveområder</li>
<li class=MsoListParagraph>styrke tilskuddet</li></ol>
<!--EndFragment--></body></html>"""


def _new_paper(page, base_url: str, title: str) -> str:
    """Log in as staff, make a paper and open its text page; the paper's address."""
    log_in(page, base_url, "staff")
    page.goto(base_url + "/papers/new")
    page.get_by_label("Tittel").fill(title)
    page.get_by_role("button", name="Lagre").click()
    expect(page).to_have_url(re.compile(r"/papers/\d+$"))
    paper_url = page.url
    page.get_by_role("link", name="Rediger tekst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rediger teksten")
    return paper_url


def _editor(page, index: int):
    return page.locator(".section-editor").nth(index).get_by_role("textbox", name="Tekst")


def _toolbar(page, index: int):
    return page.locator(".section-editor").nth(index).get_by_role("toolbar", name="Formatering")


def test_toolbar_and_word_paste_reach_the_letter(page_as, base_url):
    """Type with the toolbar only (no Markdown characters), paste from a Word-like
    clipboard, save: the page and the .docx have the same bold, list and link structure."""
    page = page_as(None)
    paper_url = _new_paper(page, base_url, "Uttalelse skrevet i editoren (nettlesertest)")
    page.get_by_role("textbox", name="Overskrift").first.fill("Våre merknader")

    editor = _editor(page, 0)
    toolbar = _toolbar(page, 0)
    editor.click()
    page.keyboard.type("Fylket ber om ")
    toolbar.get_by_role("button", name="Fet").click()
    expect(toolbar.get_by_role("button", name="Fet")).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("mer penger")
    toolbar.get_by_role("button", name="Fet").click()
    page.keyboard.type(" til ")
    toolbar.get_by_role("button", name="Kursiv").click()
    page.keyboard.type("fylkesveiene")
    toolbar.get_by_role("button", name="Kursiv").click()
    page.keyboard.type(". Se høringen")
    for _ in "høringen":
        page.keyboard.press("Shift+ArrowLeft")
    page.once("dialog", lambda dialog: dialog.accept("https://www.regjeringen.no/no/dokumenter/"))
    toolbar.get_by_role("button", name="Lenke").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Underoverskrift").click()
    page.keyboard.type("Konkrete krav")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Punktliste").click()
    page.keyboard.type("øke rammetilskuddet")
    page.keyboard.press("Enter")
    page.keyboard.type("prioritere rassikring")

    sections = page.locator(".section-editor").count()
    page.get_by_role("button", name="Legg til en del").click()
    expect(page.locator(".section-editor")).to_have_count(sections + 1)
    expect(page.get_by_role("textbox", name="Overskrift").last).to_be_focused()
    page.keyboard.type("Naturmangfold")
    second = _editor(page, sections)
    second.click()
    paste_html(second, WORD_CLIPBOARD)
    expect(second.locator("strong")).to_have_text("støtter")
    expect(second.locator("img")).to_have_count(0)

    page.get_by_role("button", name="Lagre ny versjon").click()
    expect(page).to_have_url(paper_url)
    expect(page.get_by_text(re.compile(r"Teksten er lagret som versjon 2\."))).to_be_visible()
    text = page.locator("article.paper-text")
    expect(text.locator("strong")).to_have_text(["mer penger", "støtter"])
    expect(text.locator("em")).to_have_text(["fylkesveiene", "forslaget"])
    expect(text.get_by_role("link", name="høringen")).to_have_attribute(
        "href", "https://www.regjeringen.no/no/dokumenter/")
    expect(text.get_by_role("heading", level=4)).to_have_text("Konkrete krav")
    expect(text.locator("ul li")).to_have_text(["øke rammetilskuddet", "prioritere rassikring"])
    expect(text.locator("ol li")).to_have_text(["kartlegge leveområder", "styrke tilskuddet"])
    assert "alert" not in text.inner_html()  # the script went with its content
    assert "<img" not in text.inner_html() and "evil.example" not in text.inner_html()

    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned Word-fil").click()
    document = Document(BytesIO(Path(info.value.path()).read_bytes()))
    paragraphs = document.paragraphs
    styles = [(p.style.name, p.text) for p in paragraphs]
    assert ("Heading 1", "Våre merknader") in styles
    assert ("Heading 2", "Konkrete krav") in styles
    assert [t for s, t in styles if s == "List Bullet"] == ["øke rammetilskuddet",
                                                           "prioritere rassikring"]
    assert [t for s, t in styles if s == "List Number"] == ["kartlegge leveområder",
                                                           "styrke tilskuddet"]
    first = next(p for p in paragraphs if p.text.startswith("Fylket ber om"))
    assert first.text == "Fylket ber om mer penger til fylkesveiene. Se høringen"
    runs = {r.text: (r.bold, r.italic) for r in first.runs}
    assert runs["mer penger"] == (True, None) and runs["fylkesveiene"] == (None, True)
    assert [h.url for h in first.hyperlinks] == ["https://www.regjeringen.no/no/dokumenter/"]
    pasted = next(p for p in paragraphs if p.text.startswith("Kommunene"))
    assert [r.text for r in pasted.runs if r.bold] == ["støtter"]
    assert [h.url for h in pasted.hyperlinks] == ["https://lovdata.no/lov/2009-06-19-100"]


def test_sections_move_and_go_without_losing_unsaved_text(page_as, base_url):
    page = page_as(None)
    paper_url = _new_paper(page, base_url, "Uttalelse med tre deler (nettlesertest)")
    page.evaluate("window.stillTheSamePage = true")
    # A new paper starts with the skeleton's sections; keep three of them.
    while page.locator(".section-editor").count() > 3:
        page.get_by_role("button", name=re.compile("^Fjern del")).last.click()
    while page.locator(".section-editor").count() < 3:
        page.get_by_role("button", name="Legg til en del").click()
    headings = page.get_by_role("textbox", name="Overskrift")
    for index, name in enumerate(["Første", "Andre", "Tredje"]):
        headings.nth(index).fill(name)
        _editor(page, index).click()
        page.keyboard.type(f"Utkast til {name.lower()} del")

    page.get_by_role("button", name="Flytt opp del 3").click()
    expect(page.locator("#editor-status")).to_have_text("Delen er nå del 2.")
    expect(page.get_by_role("button", name="Flytt opp del 2")).to_be_focused()
    page.get_by_role("button", name="Fjern del 1").click()
    expect(page.get_by_role("group")).to_have_count(2)
    expect(page.get_by_role("group").first).to_have_accessible_name("Del 1: Tredje")
    expect(_editor(page, 0)).to_have_text("Utkast til tredje del")
    expect(_editor(page, 1)).to_have_text("Utkast til andre del")
    assert page.evaluate("window.stillTheSamePage") is True

    page.get_by_role("button", name="Lagre ny versjon").click()
    expect(page).to_have_url(paper_url)
    text = page.locator("article.paper-text")
    expect(text.get_by_role("heading", level=3)).to_have_text(["Tredje", "Andre"])
    expect(text.locator("p")).to_have_text(["Utkast til tredje del", "Utkast til andre del"])


def test_the_editor_works_by_keyboard_and_tab_leaves_it(page_as, base_url):
    page = page_as(None)
    _new_paper(page, base_url, "Uttalelse skrevet med tastaturet (nettlesertest)")
    page.get_by_role("textbox", name="Overskrift").first.focus()
    page.keyboard.press("Tab")
    toolbar = _toolbar(page, 0)
    expect(toolbar.get_by_role("button", name="Fet")).to_be_focused()
    for _ in range(6):
        page.keyboard.press("Tab")
    editor = _editor(page, 0)
    expect(editor).to_be_focused()
    page.keyboard.press("Control+b")
    page.keyboard.type("viktig")
    page.keyboard.press("Control+b")
    page.keyboard.type(" tekst")
    expect(editor.locator("strong")).to_have_text("viktig")
    expect(toolbar.get_by_role("button", name="Fet")).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Tab")
    expect(editor).not_to_be_focused()
    expect(page.get_by_role("button", name="Flytt ned del 1")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(editor).to_be_focused()


def test_editor_page_passes_axe_and_fits_320_px(page_as, base_url):
    page = page_as(None)
    _new_paper(page, base_url, "Uttalelse for tilgjengelighetstest (nettlesertest)")
    sections = page.locator(".section-editor").count()
    page.get_by_role("button", name="Legg til en del").click()
    expect(page.locator(".rich-editor")).to_have_count(sections + 1)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.set_viewport_size({"width": 320, "height": 640})
    _editor(page, 0).click()
    page.keyboard.type("Et langt ord: " + "rammebetingelsesendringsforslag" * 3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_without_script_the_text_is_markdown_in_textareas(browser, logged_in_state, base_url):
    ctx = browser.new_context(java_script_enabled=False, storage_state=logged_in_state("staff"),
                              locale="nb-NO")
    try:
        page = ctx.new_page()
        page.goto(base_url + "/papers/new")
        page.get_by_label("Tittel").fill("Uttalelse uten skript (nettlesertest)")
        page.get_by_role("button", name="Lagre").click()
        page.get_by_role("link", name="Rediger tekst").click()
        expect(page.locator(".rich-editor")).to_have_count(0)
        expect(page.locator("#markdown-help")).to_be_visible()
        page.get_by_role("textbox", name="Tekst").first.fill("Vi ber om **mer**.\n\n- en\n- to")
        page.get_by_role("button", name="Legg til en del").click()
        expect(page.get_by_role("textbox", name="Tekst").first).to_have_value(
            "Vi ber om **mer**.\n\n- en\n- to")
        page.get_by_role("button", name="Lagre ny versjon").click()
        text = page.locator("article.paper-text")
        expect(text.locator("strong")).to_have_text("mer")
        expect(text.locator("li")).to_have_text(["en", "to"])
    finally:
        ctx.close()
