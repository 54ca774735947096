"""Accounts through the UI in a real browser: staff invite a partner by mail, the partner
follows the link from the mail, chooses a password and is in, with a partner's rights."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.browser.live import log_out

pytestmark = pytest.mark.browser

PARTNER_EMAIL = "kari.nettlesertest@kongsberg.example"
PARTNER_NAME = "Kari Kongsberg"
PARTNER_PASSWORD = "en lang setning om Buskerudbyen"


def _nav(page, name: str) -> None:
    """Follow a link in the main menu."""
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=name).click()


def _mail_to(outbox: Path, address: str) -> email.message.EmailMessage:
    """The one message in the outbox addressed to ``address``."""
    found = []
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if any(a.addr_spec == address for a in message["To"].addresses):
            found.append(message)
    assert len(found) == 1, f"{len(found)} messages to {address} in {outbox}"
    return found[0]


def test_staff_invite_a_partner_who_sets_a_password(page_as, base_url, outbox):
    """Invite → mail with a link → choose a password → logged in as a partner who cannot
    add conditions; the link works once, and the new password logs in."""
    staff = page_as("staff")
    staff.goto(base_url + "/")
    _nav(staff, "Inviter")
    staff.get_by_label("E-postadresse").fill(PARTNER_EMAIL)
    staff.get_by_label("Navn").fill(PARTNER_NAME)
    staff.get_by_label("Organisasjon").select_option(label="Kongsberg kommune")
    # Staff may invite partners and readers, not staff or administrators.
    expect(staff.get_by_label("Rolle").locator("option")).to_have_text(["Partner", "Leser"])
    staff.get_by_label("Rolle").select_option(label="Partner")
    staff.get_by_role("button", name="Send invitasjon").click()

    expect(staff.get_by_text(f"Invitasjonen er sendt til {PARTNER_EMAIL}.")).to_be_visible()
    pending = staff.get_by_role("table", name="Ubesvarte invitasjoner")
    expect(pending.get_by_role("row", name=re.compile(PARTNER_NAME))).to_contain_text(
        "Kongsberg kommune")

    message = _mail_to(outbox, PARTNER_EMAIL)
    assert message["Subject"] == "Invitasjon til Fellesstemme – Buskerud fylkeskommune"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"Hei {PARTNER_NAME}," in text
    link = re.search(r"https?://\S+/invitation/\S+", text).group(0)
    assert link.startswith(base_url + "/invitation/"), link
    assert link in message.get_body(preferencelist=("html",)).get_content()

    partner = page_as(None)
    partner.goto(link)
    expect(partner.get_by_role("heading", level=1)).to_have_text("Velkommen til Fellesstemme")
    expect(partner.get_by_role("main")).to_contain_text(f"{PARTNER_NAME} ({PARTNER_EMAIL})")
    partner.get_by_label("Nytt passord").fill(PARTNER_PASSWORD)
    partner.get_by_label("Gjenta passordet").fill(PARTNER_PASSWORD)
    partner.get_by_role("button", name="Lagre passordet").click()

    expect(partner).to_have_url(base_url + "/")
    expect(partner.get_by_text("Velkommen! Kontoen din er klar.")).to_be_visible()
    header = partner.locator("header")
    expect(header.get_by_role("link", name=re.compile(f"^{PARTNER_NAME}"))).to_be_visible()
    expect(header).to_contain_text("Partner, Kongsberg kommune")
    _nav(partner, "Rammebetingelser")
    main = partner.get_by_role("main")
    expect(main.locator("table tbody tr").first).to_be_visible()
    expect(main.get_by_role("link", name="Ny rammebetingelse")).to_have_count(0)
    menu = partner.get_by_role("navigation", name="Hovedmeny")
    expect(menu.get_by_role("link", name="Inviter")).to_have_count(0)

    # The link was for one use only.
    response = partner.goto(link)
    assert response.status == 410
    expect(partner.get_by_role("heading", level=1)).to_have_text("Lenken kan ikke brukes")
    expect(partner.get_by_text("Lenken er allerede brukt", exact=False)).to_be_visible()

    # The invitation is answered, and the chosen password logs in.
    staff.reload()
    expect(pending.get_by_role("row", name=re.compile(PARTNER_NAME))).to_have_count(0)
    log_out(partner)
    partner.get_by_label("E-postadresse").fill(PARTNER_EMAIL)
    partner.get_by_label("Passord").fill(PARTNER_PASSWORD)
    partner.get_by_role("button", name="Logg inn").click()
    expect(partner.get_by_text(f"Velkommen, {PARTNER_NAME}.")).to_be_visible()
