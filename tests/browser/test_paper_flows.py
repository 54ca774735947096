"""Position papers through the UI in a real browser: staff draft a paper and invite a
partner organisation, the partner signs through their own login, staff download the Word
file and it holds the text and the co-signatory."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from advocacy import clock
from tests.browser.live import log_in, log_out, paste_html

pytestmark = pytest.mark.browser

TITLE = "Felles uttalelse om fylkesveiene (nettlesertest)"
#: Each section's text as the editor receives it when pasted from Word.
SECTIONS = [
    ("Bakgrunn", "<p>Fylkesveiene i Buskerud har et <b>stort</b> vedlikeholdsetterslep.</p>"
                 "<p>Kommunene og fylkeskommunen står sammen om uttalelsen.</p>"),
    ("Våre krav", "<p>Vi ber departementet om å:</p>"
                  "<ul><li>øke rammetilskuddet til fylkesveier</li>"
                  "<li>prioritere rassikring langs fv. 7</li>"
                  "<li>gi en egen ordning for bruer</li></ul>"),
]
BULLETS = ["øke rammetilskuddet til fylkesveier", "prioritere rassikring langs fv. 7",
           "gi en egen ordning for bruer"]
SIGNER = ("Pål Partner", "Ordfører", "Formannskapet i Drammen, sak 77/26")


def _log_out(page) -> None:
    log_out(page)
    expect(page.get_by_role("button", name="Logg inn")).to_be_visible()


def test_draft_invite_sign_and_download_docx(page_as, base_url):
    """Draft with two sections and a list → invite Drammen → Drammen's partner signs →
    the .docx has the headings, the bullet items and Drammen kommune as co-signatory."""
    page = page_as(None)
    sign_by = clock.today() + timedelta(days=10)

    # Staff draft the paper.
    log_in(page, base_url, "staff")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name=re.compile("uttalelser", re.I)).click()
    page.get_by_role("link", name="Ny uttalelse").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Tittel").fill(TITLE)
    page.get_by_label("Mottaker").fill("Samferdselsdepartementet")
    page.get_by_role("button", name="Lagre").click()
    expect(page).to_have_url(re.compile(r"/papers/\d+$"))
    paper_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    page.get_by_role("link", name="Rediger tekst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rediger teksten")
    # Two sections: the skeleton's extra ones go, in the page.
    while page.locator(".section-editor").count() > 2:
        page.get_by_role("button", name=re.compile("^Fjern del")).last.click()
    headings = page.get_by_role("textbox", name="Overskrift")
    bodies = page.get_by_role("textbox", name=re.compile("^Tekst"))
    expect(headings).to_have_count(2)
    for i, (heading, body) in enumerate(SECTIONS):
        headings.nth(i).fill(heading)
        bodies.nth(i).click()
        paste_html(bodies.nth(i), body)
    page.get_by_role("button", name="Lagre ny versjon").click()
    expect(page).to_have_url(paper_url)
    expect(page.get_by_text(re.compile(r"Teksten er lagret som versjon \d+\."))).to_be_visible()
    text = page.locator("article.paper-text")
    expect(text.get_by_role("heading", level=3)).to_have_text([h for h, _ in SECTIONS])
    expect(text.get_by_role("listitem")).to_have_text(BULLETS)

    # Staff invite Drammen kommune with a sign-by date.
    page.get_by_role("link", name="Inviter organisasjoner til å signere").click()
    page.get_by_role("checkbox", name="Drammen kommune", exact=True).check()
    page.get_by_label(re.compile("^Frist for å signere")).fill(sign_by.strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Send invitasjoner").click()
    expect(page.get_by_text("Invitert til å signere: Drammen kommune.")).to_be_visible()
    signatures = page.get_by_role("region", name="Medsignering")
    expect(signatures.get_by_role("row", name=re.compile("^Drammen kommune"))).to_contain_text(
        "Ikke svart")
    _log_out(page)

    # The Drammen partner finds the paper, and signs it for Drammen kommune.
    log_in(page, base_url, "partner")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name=re.compile("uttalelser", re.I)).click()
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(paper_url)
    expect(page.get_by_role("link", name="Rediger tekst")).to_have_count(0)
    page.get_by_role("link", name="Signer eller takk nei for Drammen kommune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Svar for Drammen kommune")
    name, title, mandate = SIGNER
    page.get_by_label("Navn").fill(name)
    page.get_by_label("Stilling").fill(title)
    page.get_by_label("Fullmakt").fill(mandate)
    page.get_by_role("button", name="Signer for Drammen kommune").click()
    expect(page).to_have_url(paper_url + "#medsignering")
    expect(page.get_by_text("Uttalelsen er signert for Drammen kommune.")).to_be_visible()
    row = page.get_by_role("region", name="Medsignering").get_by_role(
        "row", name=re.compile("^Drammen kommune"))
    expect(row).to_contain_text("Signert")
    expect(row).to_contain_text(f"{name}, {title}")
    _log_out(page)

    # Staff download the Word file.
    log_in(page, base_url, "staff")
    page.goto(paper_url)
    expect(page.get_by_text("1 av 1 organisasjon", exact=True)).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned Word-fil").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    document = Document(BytesIO(Path(download.path()).read_bytes()))

    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", TITLE) in paragraphs
    assert [t for s, t in paragraphs if s == "Heading 1"][:2] == [h for h, _ in SECTIONS]
    assert [t for s, t in paragraphs if s == "List Bullet"] == BULLETS
    after = [t for s, t in paragraphs[paragraphs.index(("Heading 2", "Uttalelsen støttes av")) + 1:]]
    assert after and after[0].startswith("Drammen kommune"), after[:3]
    assert f"{name}, {title}" in after[0]
