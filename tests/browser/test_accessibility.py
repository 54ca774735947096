"""axe-core on every page template in its main states: no WCAG 2.0/2.1 A or AA violation.

Pages are found the way a user finds them (following links from the ranking and from a
hearing's page), once per module; rows the demo lacks (a hearing with warnings, an
unanswered invitation, a reset link) come from ``tests/browser/scenario.py``. Error
states are reached by filling in and submitting the forms. The checker itself is tested
too: break a label, the contrast or the page's structure and the checks must say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from advocacy import clock
from tests.browser import scenario as scenario_data
from tests.browser.a11y import axe_violations, describe_violations, structure_problems

pytestmark = pytest.mark.browser

#: The demo's meeting with a state secretary, shared with Drammen, with an open follow-up.
CONTACT = "Møte med statssekretæren i KDD om inntektssystemet"


@pytest.fixture(scope="module")
def paths(browser, base_url, logged_in_state, scenario) -> dict[str, str]:
    """Paths of the demo's pages with content, found by following links as staff.

    Also ``measure_first_condition``: the title of a condition that measure is linked to.
    Admin pages and the single-use links are opened by the scenario's ids and tokens.
    """
    context = browser.new_context(storage_state=logged_in_state("staff"))
    page = context.new_page()

    def follow(locator) -> str:
        """The path a link leads to (read, not clicked: one page load saved per link)."""
        href = locator.first.get_attribute("href")
        return urlsplit(base_url + href if href.startswith("/") else href).path

    try:
        page.goto(base_url + "/conditions/ranking")
        found = {"condition": follow(page.locator("table.ranking tbody th a"))}
        page.goto(base_url + found["condition"])
        rows = page.locator("main table tbody")
        found |= {
            "condition_edit": follow(page.get_by_role("link", name="Rediger", exact=True)),
            "condition_delete": follow(page.get_by_role("link", name="Slett", exact=True)),
            "link_edit": follow(rows.get_by_role("link", name="Endre koblingen")),
            "link_delete": follow(rows.get_by_role("link", name="Fjern koblingen")),
            "measure": follow(rows.locator("th a")),
        }
        page.goto(base_url + found["measure"])
        found["measure_edit"] = follow(page.get_by_role("link", name="Rediger", exact=True))
        found["measure_first_condition"] = rows.locator("th a").first.inner_text()
        # The full-page link form has no link to it (the inline form posts to it).
        found["measure_link_new"] = found["measure"] + "/links/new"

        page.goto(base_url + "/hearings/")
        found["hearing"] = follow(page.get_by_role("link", name=scenario_data.HEARING))
        page.goto(base_url + found["hearing"])
        milestones = page.get_by_role("region", name="Internfrister")
        found |= {
            "hearing_edit": follow(page.get_by_role("link", name="Rediger", exact=True)),
            "hearing_delete": follow(page.get_by_role("link", name="Slett", exact=True)),
            "milestone_new": follow(milestones.get_by_role("link", name="Legg til internfrist")),
            "milestone_edit": follow(milestones.get_by_role("link", name=re.compile("^Endre"))),
            "milestone_delete": follow(milestones.get_by_role("link", name=re.compile("^Fjern"))),
        }
    finally:
        context.close()
    context = browser.new_context(storage_state=logged_in_state("staff"))
    page = context.new_page()
    try:
        # Searched for: papers the other browser tests make may push it off the first page.
        page.goto(base_url + "/papers/?q=" + quote("høringsuttalelse om inntektssystemet"))
        found["demo_paper"] = follow(page.get_by_role("link", name=re.compile(
            "^Felles høringsuttalelse om inntektssystemet")))
        page.goto(base_url + "/dialog/")
        found["contact"] = follow(page.get_by_role("link", name=CONTACT))
        page.goto(base_url + found["contact"])
        found["person"] = follow(page.get_by_role("link", name="Marte Eksempelsen"))
    finally:
        context.close()
    signed = f"/papers/{scenario.signed_paper_id}"
    found |= {
        "paper": signed,
        "paper_edit": signed + "/edit",
        "paper_text": signed + "/text",
        "paper_history": signed + "/history",
        "paper_diff": signed + "/diff?old=1&new=2",
        "paper_revision": signed + "/versions/1",
        "paper_comments": signed + "/comments",
        "paper_import": signed + "/import",
        "paper_delete": signed + "/delete",
        "paper_invite": signed + "/invitations",
        "paper_sign": signed + "/sign",
        "demo_paper_sign": found["demo_paper"] + "/sign",
        "paper_submit": f"/papers/{scenario.final_paper_id}/submit",
        "paper_outcomes": f"/papers/{scenario.submitted_paper_id}/outcomes",
        "contact_edit": found["contact"] + "/rediger",
        "follow_up_new": found["contact"] + "/oppfolging/ny",
    }
    found |= {
        "organisation_edit": f"/admin/organisations/{scenario.organisation_id}/edit",
        "user_edit": f"/admin/users/{scenario.user_id}/edit",
        "invitation": f"/invitation/{scenario.invitation_token}",
        "reset": f"/password/reset/{scenario.reset_token}",
    }
    return found


def _open(key_or_path: str) -> Callable:
    """A state that is a page opened by its path, or by its key in ``paths``."""

    def go(page, base, paths):
        page.goto(base + paths.get(key_or_path, key_or_path))

    return go


def _next_page(path: str) -> Callable:
    """A state: the second page of the list at ``path``, reached by its pagination."""

    def go(page, base, paths):
        page.goto(base + path)
        page.get_by_role("navigation", name="Sider").first.get_by_role(
            "link", name="Neste side").click()
        page.wait_for_url("**page=2")

    return go


def _submit_empty(key_or_path: str, button: str = "Lagre") -> Callable:
    """A state: the form at a path (or key in ``paths``) submitted with nothing filled in."""

    def go(page, base, paths):
        page.goto(base + paths.get(key_or_path, key_or_path))
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_selector(".error-summary")

    return go


def _forgot_invalid_email(page, base, paths):
    """Ask for a reset link with something that is not an email address."""
    page.goto(base + "/password/forgot")
    page.get_by_label("E-postadresse").fill("ikke-en-adresse")
    page.get_by_role("button", name="Send lenke").click()
    page.wait_for_selector(".error-summary")


def _passwords_too_short_and_different(key: str) -> Callable:
    """A state: a set-password link's form with a short password and a different repeat."""

    def go(page, base, paths):
        page.goto(base + paths[key])
        page.get_by_label("Nytt passord").fill("kort")
        page.get_by_label("Gjenta passordet").fill("annet")
        page.get_by_role("button", name="Lagre passordet").click()
        page.wait_for_selector(".error-summary")

    return go


def _calendar_link_created(page, base, paths):
    """Make a calendar link on the profile page; the page shows it to copy."""
    page.goto(base + "/profile")
    page.get_by_role("button", name=re.compile(r"^Lag (kalenderlenke|ny lenke)")).click()
    expect(page.get_by_label("Din kalenderlenke")).to_have_value(re.compile(r"/calendar/.+\.ics$"))


def _municipality_without_number(page, base, paths):
    """Register a municipality without its number and with a malformed org number."""
    page.goto(base + "/admin/organisations/new")
    page.get_by_label("Navn").fill("Nettlesertest kommune")
    page.get_by_label("Type").select_option(label="Kommune")
    page.get_by_label("Organisasjonsnummer (valgfritt)").fill("123")
    page.get_by_role("button", name="Lagre").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link", name="En kommune må ha kommunenummer.")).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Organisasjonsnummeret"))).to_be_visible()


def _invite_with_pending(page, base, paths):
    """The invitation page, listing the scenario's unanswered invitation."""
    page.goto(base + "/admin/users/invite")
    pending = page.get_by_role("table", name="Ubesvarte invitasjoner")
    expect(pending.get_by_role("rowheader", name=scenario_data.INVITED[1])).to_be_visible()


def _platform_item_text(page, base, paths):
    """The form for an item's own wording, reached from the 2027 draft."""
    page.goto(base + "/platform/2027")
    page.get_by_role("link", name=re.compile("^Skriv egen tekst")).first.click()
    page.wait_for_url("**/tekst")


def _support_without_reason(page, base, paths):
    """The top condition's answer form, «does not back» sent without why (Drammen)."""
    page.goto(base + paths["condition"])
    page.get_by_label("Støtter ikke standpunktet").check()
    page.get_by_role("button", name=re.compile("^Lagre nytt svar")).click()
    page.wait_for_selector(".error-summary")


def _consultation_too_long(page, base, paths):
    """The partner's consultation form with one answer over the length limit."""
    page.goto(base + "/planhoring/")
    page.locator("textarea").nth(1).fill("For langt svar. " * 400)
    page.get_by_role("button", name="Lagre svarene").click()
    page.wait_for_selector(".error-summary")


def _consultation_question(page, base, paths):
    """One question's answers from every organisation, reached from the overview."""
    page.goto(base + "/planhoring/")
    page.get_by_role("link", name=re.compile("svar på spørsmål 1$")).click()
    page.wait_for_url("**/planhoring/sporsmal/*")


def _consultation_question_edit(page, base, paths):
    """A question's form with its delete button, reached from the overview."""
    page.goto(base + "/planhoring/")
    page.get_by_role("link", name="Rediger spørsmål 5").click()
    page.wait_for_url("**/rediger")


def _audit_filtered(page, base, paths):
    """Narrow the change log to hearings through its filter form."""
    page.goto(base + "/audit/")
    page.get_by_label("Type").select_option(label="Høring")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**type=hearing**")
    expect(page.locator("main table tbody tr").first).to_be_visible()
    # The empty date fields sent along are no error to show.
    expect(page.get_by_text("Datoen må skrives")).to_have_count(0)


def _audit_empty(page, base, paths):
    """The change log narrowed to a time before any change."""
    page.goto(base + "/audit/?date_to=2000-01-01")
    expect(page.get_by_text("Ingen endringer passer med filtrene.")).to_be_visible()


def _hearings_empty(page, base, paths):
    """The hearing list filtered to a status no hearing has: both lists say so."""
    page.goto(base + "/hearings/?status=not_responding")
    expect(page.get_by_text("Ingen åpne høringer.")).to_be_visible()
    expect(page.get_by_text("Ingen høringer.")).to_be_visible()


def _hearings_with_warnings(page, base, paths):
    """The hearing list, its buckets showing the scenario's warnings."""
    page.goto(base + "/hearings/")
    # The table of a bucket is a region named by its caption; a row counts its warnings.
    region = page.get_by_role("region", name=re.compile("^Frist innen 30 dager"))
    expect(region.get_by_role("link", name=re.compile(r"^\d+ merknad(er)? om "))
           .first).to_be_visible()


def _invalid_lovdata(page, base, paths):
    """Edit a condition with a Lovdata id that is no valid date."""
    page.goto(base + paths["condition_edit"])
    page.get_by_label("Lovdata-id (valgfri)").fill("LOV-2008-13-45-1")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".error-summary")


def _duplicate_link(page, base, paths):
    """Link the top condition to a measure it is already linked to, from its page."""
    page.goto(base + paths["condition"])
    linked = page.locator("main table tbody th a").first.inner_text()
    form = page.locator("form.link-form")
    form.get_by_role("combobox", name=re.compile("^Tiltak")).fill(linked)
    form.get_by_role("option", name=linked).click()
    form.get_by_role("button", name="Koble til tiltaket").click()
    page.wait_for_selector(".error-summary")


def _duplicate_link_from_measure(page, base, paths):
    """On the full-page link form, link a measure to a condition it is already linked to."""
    page.goto(base + paths["measure_link_new"])
    page.get_by_role("combobox", name=re.compile("^Rammebetingelse")).fill(
        paths["measure_first_condition"])
    page.get_by_role("option", name=paths["measure_first_condition"]).click()
    page.get_by_role("button", name="Lagre koblingen").click()
    page.wait_for_selector(".error-summary")


def _failed_login(page, base, paths):
    """Log in with a wrong password."""
    page.goto(base + "/login")
    page.get_by_label("E-postadresse").fill("radgiver@buskerud.example")
    page.get_by_label("Passord").fill("feil passord")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_selector(".error-summary")


# --- Position papers ---------------------------------------------------------------------

def _in_nynorsk(path: str, text: str) -> Callable:
    """A state: a page in nynorsk, saying so in its lang, showing ``text``."""

    def go(page, base, paths):
        _expect_text(path, text)(page, base, paths)
        expect(page.locator("html")).to_have_attribute("lang", "nn")

    return go


def _expect_text(key_or_path: str, *texts: str) -> Callable:
    """A state: a page opened by its path (or key), showing each of ``texts``."""

    def go(page, base, paths):
        page.goto(base + paths.get(key_or_path, key_or_path))
        for text in texts:
            expect(page.get_by_text(text, exact=False).first).to_be_visible()

    return go


def _charts_open(path: str, *names: str) -> Callable:
    """A state: a page whose charts are drawn from data, each an image a screen reader
    names (its title and its summary, matched by ``names``), with every chart's table
    opened so that axe checks the tables too."""

    def go(page, base, paths):
        page.goto(base + path)
        for name in names:
            expect(page.get_by_role("img", name=re.compile(name))).to_be_visible()
        for summary in page.locator("details.chart-data > summary").all():
            summary.click()
        expect(page.locator("details.chart-data:not([open])")).to_have_count(0)

    return go


#: The overview's charts with data in them: the demo's ranking, the scenario's hearing
#: with its deadline and milestones in the coming weeks, the demo's submitted papers.
_OVERVIEW_CHARTS = (r"^Stolpediagram: de \d+ rammebetingelsene .* Øverst står «",
                    r"^Tidslinje: .* [1-9]\d* høringsfrist(er)? og [1-9]\d* internfrist",
                    r"^Stolpediagram: andel gjennomslag per år .* \d+ %")


def _papers_of_partner(page, base, paths):
    """A Drammen partner's list: only the papers Drammen is invited to."""
    page.goto(base + "/papers/")
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.get_by_role("link", name=scenario_data.FINAL_PAPER)).to_have_count(0)


def _exempt_without_basis(page, base, paths):
    """A new paper exempt from public access, with no legal basis given."""
    page.goto(base + "/papers/new")
    page.get_by_label("Tittel").fill("Nettlesertest: unntatt uten hjemmel")
    page.get_by_label("Unntatt offentlighet").check()
    page.get_by_role("button", name="Lagre").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link", name="Skriv hjemmelen for unntak fra offentlighet."
                               )).to_be_visible()


def _text_conflict(page, base, paths):
    """Save the text from an editor that started on version 1 while version 3 is newest."""
    page.goto(base + paths["paper_text"])
    page.locator("input[name=base_number]").evaluate("input => input.value = '1'")
    page.get_by_label("Tittel").fill(scenario_data.SIGNED_PAPER + " (konflikt)")
    page.get_by_role("button", name="Lagre ny versjon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Noen andre lagret teksten mens du skrev")
    # Nothing is lost: the other text is in the diff, and what was typed stays in the form.
    expect(page.get_by_role("region", name=re.compile("^Forskjeller"))).to_be_visible()
    expect(page.get_by_label("Tittel")).to_have_value(scenario_data.SIGNED_PAPER + " (konflikt)")


def _text_empty_title(page, base, paths):
    """Save the text without a title."""
    page.goto(base + paths["paper_text"])
    page.get_by_label("Tittel").fill("")
    page.get_by_role("button", name="Lagre ny versjon").click()
    page.wait_for_selector(".error-summary")


def _invite_past_date(page, base, paths):
    """Invite nobody, with a sign-by date in the past."""
    page.goto(base + paths["paper_invite"])
    page.get_by_label(re.compile("^Frist for å signere")).fill("01.01.2020")
    page.get_by_role("button", name="Send invitasjoner").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link", name="Velg minst én organisasjon.")).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("tilbake i tid"))).to_be_visible()


def _sign_without_mandate(page, base, paths):
    """Confirm a stale signature with the title and mandate emptied."""
    page.goto(base + paths["paper_sign"])
    page.get_by_label("Stilling").fill("")
    page.get_by_label("Fullmakt").fill("")
    page.get_by_role("button", name="Bekreft signaturen for Drammen kommune").click()
    page.wait_for_selector(".error-summary")


def _decline_without_comment(page, base, paths):
    """Decline without saying why."""
    page.goto(base + paths["paper_sign"])
    page.get_by_role("button", name="Takk nei for Drammen kommune").click()
    page.wait_for_selector(".error-summary")


def _submit_bad_reference(page, base, paths):
    """Mark a final paper as submitted with a case year of two digits, not four."""
    page.goto(base + paths["paper_submit"])
    page.get_by_label("Saksår").fill("26")
    page.get_by_role("button", name="Marker som sendt inn").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link", name=re.compile("fire sifre"))).to_be_visible()


def _outcome_pending_with_date(page, base, paths):
    """A decision date on an outcome still pending: refused on that row's date field."""
    page.goto(base + paths["paper_outcomes"])
    page.get_by_label("Vedtaksdato (valgfri)").first.fill(clock.today().strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Lagre gjennomslag").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link", name=re.compile("har ingen vedtaksdato"))).to_be_visible()


def _reminder_preference_saved(page, base, paths):
    """Choose weekly reminders on the profile page."""
    page.goto(base + "/profile")
    page.get_by_role("radio", name="Ukentlig sammendrag (mandager)").check()
    page.get_by_role("button", name="Lagre valget").click()
    expect(page.get_by_role("radio", name="Ukentlig sammendrag (mandager)")).to_be_checked()


def _template_refused(page, base, paths):
    """Upload a file named .docx that is no Word document."""
    page.goto(base + "/admin/template")
    page.get_by_label("Word-mal (.docx)").set_input_files(files=[{
        "name": "ikke-word.docx", "mimeType": "application/octet-stream",
        "buffer": b"Dette er ikke et Word-dokument."}])
    page.get_by_role("button", name=re.compile("^Last opp")).click()
    page.wait_for_selector(".error-summary")


def _diff_in_words(page, base, paths):
    """The diff between two versions marks each change by <del>/<ins> with words for screen
    readers where it starts and ends, and by a strike-through or an underline: not by
    colour alone (WCAG 1.4.1)."""
    page.goto(base + paths["paper_diff"])
    diff = page.get_by_role("region", name="Forskjeller mellom versjon 1 og 2")
    marks = diff.locator("ins, del")
    expect(marks.first).to_be_visible()
    for i in range(marks.count()):
        mark = marks.nth(i)
        said = mark.locator(".visually-hidden").all_text_contents()
        assert len(said) == 2 and re.match(r"^\[(Satt inn|Fjernet):\] $", said[0]), (i, said)
        assert said[1] == " [slutt]", (i, said)
        line = mark.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert line == ("underline" if mark.evaluate("e => e.tagName") == "INS"
                        else "line-through"), (i, line)


def _hearing_muted(page, base, paths):
    """Turn off the reminders about a hearing from its page (and the page says so)."""
    page.goto(base + paths["hearing"])
    button = page.get_by_role("button", name="Ingen påminnelser om denne")
    if button.count():
        button.click()
    expect(page.get_by_role("button", name="Send meg påminnelser igjen")).to_be_visible()


#: A PDF small enough to type: what the minutes of a meeting are attached as.
_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _condition_with_note_and_file(page, base, paths):
    """A note and a PDF added from a condition's panel «Notater og vedlegg» (each visit, at
    each width, adds one more: the checks look for the first)."""
    page.goto(base + paths["condition"])
    panel = page.get_by_role("region", name="Notater og vedlegg")
    panel.get_by_label("Notat").fill("Nettlesertest: ring KDD om saken neste uke.")
    panel.get_by_role("button", name="Lagre notatet").click()
    expect(panel.get_by_text("Nettlesertest: ring KDD om saken neste uke.").first).to_be_visible()
    panel.get_by_label("Fil").set_input_files(files=[{
        "name": "Referat fra møtet.pdf", "mimeType": "application/pdf", "buffer": _PDF}])
    panel.get_by_role("button", name="Legg ved filen").click()
    expect(panel.get_by_role("link", name="Referat fra møtet.pdf").first).to_be_visible()


def _attachment_refused(page, base, paths):
    """Attach a PDF named as a Word document: refused with the reason."""
    page.goto(base + paths["condition"])
    panel = page.get_by_role("region", name="Notater og vedlegg")
    panel.get_by_label("Fil").set_input_files(files=[{
        "name": "Referat.docx", "mimeType": "application/pdf", "buffer": _PDF}])
    panel.get_by_role("button", name="Legg ved filen").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link", name=re.compile("^Filen heter .docx, men innholdet er en "
                                                       "PDF-fil"))).to_be_visible()


#: The demo's proposals: Drammen's waits for staff; Ringerike's (the first) was accepted.
PENDING_PROPOSAL = "Momskompensasjon for utleieboliger i kommunal regi"


def _proposal(title: str, link: str | None = None) -> Callable:
    """A state: the proposal ``title`` opened from the proposal list, then (for staff) the
    decision page behind the link ``link``."""

    def go(page, base, paths):
        page.goto(base + "/forslag/")
        page.get_by_role("link", name=title).click()
        page.wait_for_url("**/forslag/*")
        if link:
            page.get_by_role("link", name=link, exact=True).click()
            page.wait_for_selector("main form")

    return go


def _decline_without_reason(page, base, paths):
    """Staff decline the pending proposal without a reason: refused with the message."""
    _proposal(PENDING_PROPOSAL, "Avslå")(page, base, paths)
    page.get_by_role("button", name="Avslå", exact=True).click()
    page.wait_for_selector(".error-summary")


#: (state id, role or None for anonymous, how to get there, status expected)
STATES = [
    ("login", None, _open("/login"), 200),
    ("login-failed", None, _failed_login, 422),
    ("accessibility-statement", None, _open("/tilgjengelighet"), 200),
    ("overview", "staff", _charts_open("/", *_OVERVIEW_CHARTS), 200),
    ("logout-confirm", "staff", _open("/logout"), 200),
    ("conditions-list", "staff", _open("/conditions/"), 200),
    ("conditions-list-page-2", "staff", _next_page("/conditions/"), 200),
    ("conditions-list-empty", "staff", _open("/conditions/?q=finnes-ikke-xyz"), 200),
    ("condition-detail", "staff", _open("condition"), 200),
    ("condition-detail-viewer", "viewer", _open("condition"), 200),
    ("condition-note-and-file", "staff", _condition_with_note_and_file, 200),
    ("condition-attachment-refused", "staff", _attachment_refused, 422),
    ("condition-new", "staff", _open("/conditions/new"), 200),
    ("condition-new-errors", "staff", _submit_empty("/conditions/new"), 422),
    ("condition-edit", "staff", _open("condition_edit"), 200),
    ("condition-edit-lovdata-error", "staff", _invalid_lovdata, 422),
    ("condition-delete-confirm", "staff", _open("condition_delete"), 200),
    ("ranking", "staff", _charts_open("/conditions/ranking", _OVERVIEW_CHARTS[0]), 200),
    ("link-new-from-condition-error", "staff", _duplicate_link, 422),
    ("link-new-from-measure", "staff", _open("measure_link_new"), 200),
    ("link-new-from-measure-error", "staff", _duplicate_link_from_measure, 422),
    ("link-edit", "staff", _open("link_edit"), 200),
    ("link-delete-confirm", "staff", _open("link_delete"), 200),
    ("measures-list", "staff", _open("/measures/"), 200),
    ("measures-list-empty", "staff", _open("/measures/?q=finnes-ikke-xyz"), 200),
    ("measure-detail", "staff", _open("measure"), 200),
    ("measure-new", "staff", _open("/measures/new"), 200),
    ("measure-new-errors", "staff", _submit_empty("/measures/new"), 422),
    ("measure-edit", "staff", _open("measure_edit"), 200),
    ("not-found", "staff", _open("/conditions/999999"), 404),
    ("forbidden", "viewer", _open("/conditions/new"), 403),
    # Accounts
    ("forgot-password", None, _open("/password/forgot"), 200),
    ("forgot-password-error", None, _forgot_invalid_email, 422),
    ("invitation", None, _open("invitation"), 200),
    ("invitation-errors", None, _passwords_too_short_and_different("invitation"), 422),
    ("reset-password", None, _open("reset"), 200),
    ("reset-password-errors", None, _passwords_too_short_and_different("reset"), 422),
    ("link-error", None, _open("/password/reset/ugyldig-lenke"), 410),
    ("profile", "staff", _open("/profile"), 200),
    ("profile-password-errors", "staff", _submit_empty("/profile", "Bytt passord"), 422),
    ("profile-calendar-link", "viewer", _calendar_link_created, 200),
    # Administration
    ("organisations-list", "admin", _open("/admin/organisations/"), 200),
    ("organisation-new", "admin", _open("/admin/organisations/new"), 200),
    ("organisation-new-errors", "admin", _municipality_without_number, 422),
    ("organisation-edit", "admin", _open("organisation_edit"), 200),
    ("users-list", "admin", _open("/admin/users/"), 200),
    ("user-edit", "admin", _open("user_edit"), 200),
    ("invite-staff", "staff", _invite_with_pending, 200),
    ("invite-admin", "admin", _open("/admin/users/invite"), 200),
    ("invite-errors", "staff", _submit_empty("/admin/users/invite", "Send invitasjon"), 422),
    # Change log
    ("audit-list", "staff", _open("/audit/"), 200),
    ("audit-list-filtered", "admin", _audit_filtered, 200),
    ("audit-list-empty", "staff", _audit_empty, 200),
    # Hearings
    ("hearings-list", "staff", _hearings_with_warnings, 200),
    ("hearings-list-empty", "staff", _hearings_empty, 200),
    ("hearing-new", "staff", _open("/hearings/new"), 200),
    ("hearing-new-errors", "staff", _submit_empty("/hearings/new"), 422),
    ("hearing-detail", "staff", _open("hearing"), 200),
    ("hearing-detail-viewer", "viewer", _open("hearing"), 200),
    ("hearing-edit", "staff", _open("hearing_edit"), 200),
    ("hearing-delete-confirm", "staff", _open("hearing_delete"), 200),
    ("milestone-new", "staff", _open("milestone_new"), 200),
    ("milestone-new-errors", "staff", _submit_empty("milestone_new"), 422),
    ("milestone-edit", "staff", _open("milestone_edit"), 200),
    ("milestone-delete-confirm", "staff", _open("milestone_delete"), 200),
    ("hearing-detail-muted", "viewer", _hearing_muted, 200),
    ("profile-reminders-saved", "viewer", _reminder_preference_saved, 200),
    # In nynorsk: the partner from Hol
    ("overview-nynorsk", "partner-nn", _in_nynorsk("/", "Høyringar"), 200),
    ("profile-nynorsk", "partner-nn", _in_nynorsk("/profile", "Kva målform"), 200),
    ("papers-list-nynorsk", "partner-nn", _in_nynorsk("/papers/", "Fråsegner"), 200),
    # Position papers
    ("papers-list", "staff", _expect_text("/papers/", scenario_data.SIGNED_PAPER), 200),
    ("papers-list-partner", "partner", _papers_of_partner, 200),
    ("papers-list-partner-empty", "partner-uninvited",
     _expect_text("/papers/", "Organisasjonen din er ikke invitert"), 200),
    ("paper-new", "staff", _open("/papers/new"), 200),
    ("paper-new-errors", "staff", _exempt_without_basis, 422),
    ("paper-detail", "staff",
     _expect_text("paper", "signerte en tidligere versjon", "Takket nei",
                  scenario_data.DECLINE_COMMENT), 200),
    ("paper-detail-partner", "partner",
     _expect_text("paper", "signerte en tidligere versjon"), 200),
    ("paper-detail-demo", "staff", _expect_text("demo_paper", "Pål Partner"), 200),
    ("paper-detail-viewer", "viewer", _open("paper"), 200),
    ("paper-edit", "staff", _open("paper_edit"), 200),
    ("paper-text", "staff", _open("paper_text"), 200),
    ("paper-text-errors", "staff", _text_empty_title, 422),
    ("paper-text-conflict", "staff", _text_conflict, 409),
    ("paper-history", "staff", _open("paper_history"), 200),
    ("paper-diff", "staff", _diff_in_words, 200),
    ("paper-revision", "staff", _open("paper_revision"), 200),
    ("paper-revision-partner", "partner", _open("paper_revision"), 200),
    ("paper-comments", "staff", _open("paper_comments"), 200),
    ("paper-comments-partner", "partner", _open("paper_comments"), 200),
    ("paper-import", "staff", _open("paper_import"), 200),
    ("paper-skeleton", "admin", _open("/papers/skeleton"), 200),
    ("paper-delete-confirm", "staff", _open("paper_delete"), 200),
    ("paper-invite", "staff", _open("paper_invite"), 200),
    ("paper-invite-errors", "staff", _invite_past_date, 422),
    ("paper-sign-stale", "partner", _expect_text("paper_sign", "Endret siden dere signerte"),
     200),
    ("paper-sign-signed", "partner", _open("demo_paper_sign"), 200),
    ("paper-sign-errors", "partner", _sign_without_mandate, 422),
    ("paper-decline-errors", "partner", _decline_without_comment, 422),
    ("paper-not-invited", "partner-uninvited", _open("paper"), 404),
    ("paper-submit", "staff", _open("paper_submit"), 200),
    ("paper-submit-errors", "staff", _submit_bad_reference, 422),
    ("paper-outcomes", "staff", _open("paper_outcomes"), 200),
    ("paper-outcomes-errors", "staff", _outcome_pending_with_date, 422),
    # Dialogue with the state
    ("dialogue-list", "staff", _expect_text("/dialog/", CONTACT), 200),
    ("dialogue-list-partner", "partner", _expect_text("/dialog/", CONTACT), 200),
    ("dialogue-list-partner-empty", "partner-uninvited",
     _expect_text("/dialog/", "Ingen kontakter med staten er delt"), 200),
    ("dialogue-detail", "staff",
     _expect_text("contact", "Send tallgrunnlaget", "Marte Eksempelsen"), 200),
    ("dialogue-detail-partner", "partner", _open("contact"), 200),
    ("dialogue-not-shared", "partner-uninvited", _open("contact"), 404),
    ("dialogue-new", "staff", _open("/dialog/ny"), 200),
    ("dialogue-new-errors", "staff", _submit_empty("/dialog/ny"), 422),
    ("dialogue-edit", "staff", _open("contact_edit"), 200),
    ("follow-up-new", "staff", _open("follow_up_new"), 200),
    ("follow-up-new-errors", "staff", _submit_empty("follow_up_new"), 422),
    ("person-with-dialogue", "staff", _expect_text("person", "Kontakt med personen"), 200),
    # The yearly platform: the demo's 2027 draft, the scenario's adopted 2026 platform
    ("platform-list", "staff", _expect_text("/platform/", "Interessepolitisk plattform 2027"),
     200),
    ("platform-list-partner", "partner",
     _expect_text("/platform/", "Interessepolitisk plattform 2026"), 200),
    ("platform-draft", "staff", _expect_text("/platform/2027", "Flytt ned", "Dialogen så langt"),
     200),
    ("platform-draft-viewer", "viewer", _expect_text("/platform/2027", "Støttes av"), 200),
    ("platform-adopted-partner", "partner",
     _expect_text("/platform/2026", "vises slik den ble vedtatt"), 200),
    ("platform-draft-partner", "partner", _open("/platform/2027"), 404),
    ("platform-new", "staff", _open("/platform/ny"), 200),
    ("platform-new-errors", "staff", _submit_empty("/platform/ny", "Lag utkastet"), 422),
    ("platform-edit", "staff", _open("/platform/2027/rediger"), 200),
    ("platform-add-item", "staff", _open("/platform/2027/saker/ny"), 200),
    ("platform-add-item-errors", "staff", _submit_empty("/platform/2027/saker/ny", "Legg til"),
     422),
    ("platform-item-text", "staff", _platform_item_text, 200),
    ("platform-adopt", "staff", _open("/platform/2027/vedta"), 200),
    # Standing together: eleven municipalities (Drammen among them) back the top condition
    ("support-overview-partner", "partner",
     _expect_text("/sta-sammen", "Deres svar: støtter standpunktet"), 200),
    ("support-overview-staff", "staff", _expect_text("/sta-sammen", "støttes av 11 av 18"), 200),
    ("support-condition-staff", "staff",
     _expect_text("condition", "Støttes av 11 av 18 kommuner", "Lukk for nye svar"), 200),
    ("support-condition-partner", "partner",
     _expect_text("condition", "Svaret fra Drammen kommune", "Trekk tilbake svaret"), 200),
    ("support-answer-errors", "partner", _support_without_reason, 422),
    # The plan consultation: the demo's five questions, Drammen has answered one
    ("consultation-overview", "staff", _expect_text("/planhoring/", "Hvem har svart"), 200),
    ("consultation-partner", "partner", _expect_text("/planhoring/", "Lagre svarene"), 200),
    ("consultation-partner-errors", "partner", _consultation_too_long, 422),
    ("consultation-viewer", "viewer", _open("/planhoring/"), 200),
    ("consultation-question", "viewer", _consultation_question, 200),
    ("consultation-settings", "staff", _open("/planhoring/innstillinger"), 200),
    ("consultation-question-edit", "staff", _consultation_question_edit, 200),
    ("consultation-question-new-errors", "staff", _submit_empty("/planhoring/sporsmal/ny"),
     422),
    # Partners' proposals: Drammen's pending one, Ringerike's accepted one (404 to Drammen)
    ("proposals-queue", "staff",
     _expect_text("/forslag/", "Forslag til rammebetingelser", "Ringerike kommune"), 200),
    ("proposals-mine", "partner", _expect_text("/forslag/", "Mine forslag", PENDING_PROPOSAL),
     200),
    ("proposal-partner", "partner", _proposal(PENDING_PROPOSAL), 200),
    ("proposal-accepted", "staff", _proposal("Statlige innsigelser til sentrumsplaner"), 200),
    ("proposal-other-organisation", "partner", _open("/forslag/1"), 404),
    ("proposal-new", "partner", _open("/forslag/ny"), 200),
    ("proposal-new-staff", "staff", _open("/forslag/ny"), 200),
    ("proposal-new-errors", "partner", _submit_empty("/forslag/ny", "Send forslaget"), 422),
    ("proposal-accept", "staff", _proposal(PENDING_PROPOSAL, "Godta som ny"), 200),
    ("proposal-merge", "staff", _proposal(PENDING_PROPOSAL, "Slå sammen"), 200),
    ("proposal-decline-errors", "staff", _decline_without_reason, 422),
    ("admin-template", "admin", _open("/admin/template"), 200),
    ("admin-template-refused", "admin", _template_refused, 422),
    ("admin-reminders", "admin", _expect_text("/admin/reminders/", "Connection refused"), 200),
]


@pytest.mark.parametrize(("role", "reach", "status"),
                         [pytest.param(*state[1:], id=state[0]) for state in STATES])
def test_page_has_no_wcag_violations(page_as, base_url, paths, role, reach, status):
    """The page in this state has no WCAG 2.0/2.1 A/AA violation, and its structure holds."""
    page = page_as(role)
    responses = []
    page.on("response", lambda r: responses.append(r)
            if r.request.is_navigation_request() else None)
    reach(page, base_url, paths)
    page.wait_for_load_state()
    assert responses and responses[-1].status == status, (
        f"{page.url} answered {responses[-1].status if responses else 'nothing'}, "
        f"expected {status}")
    violations = axe_violations(page)
    assert not violations, (f"axe found violations on {page.url}:\n"
                            + describe_violations(violations))
    assert structure_problems(page) == [], page.url


def test_checker_reports_a_missing_label(page_as, base_url):
    """Removing a form field's label on a real page is reported as a 'label' violation."""
    page = page_as("staff")
    page.goto(base_url + "/conditions/new")
    assert axe_violations(page) == []
    page.evaluate("document.querySelector('label[for=title]').remove()")
    violations = {v["id"]: v for v in axe_violations(page)}
    assert "label" in violations, list(violations)
    assert [node["target"] for node in violations["label"]["nodes"]] == [["#title"]]


def test_checker_reports_poor_contrast(page_as, base_url):
    """Light grey text (#bbb on white, 1.9:1) on a real page is a 'color-contrast' violation."""
    page = page_as("staff")
    page.goto(base_url + "/conditions/ranking")
    page.evaluate("document.querySelector('main h1').style.color = '#bbb'")
    violations = {v["id"]: v for v in axe_violations(page)}
    assert "color-contrast" in violations, list(violations)
    assert [node["target"] for node in violations["color-contrast"]["nodes"]] == [["h1"]]


def test_checker_reports_a_broken_structure(page_as, base_url):
    """Our own checks catch a second h1 and an error message no longer tied to its field."""
    page = page_as("staff")
    page.goto(base_url + "/conditions/new")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_selector(".error-summary")
    assert structure_problems(page) == []
    page.evaluate("""() => {
      document.querySelector('main').append(document.createElement('h1'));
      document.getElementById('title').removeAttribute('aria-describedby');
    }""")
    assert structure_problems(page) == [
        "2 h1 elements, expected exactly one",
        "#title is invalid but its error message is not tied to it",
    ]


def test_checker_reports_titles_ids_headings_captions_and_legends(page_as, base_url, paths):
    """The structure checks also catch a broken title, a duplicate id, a skipped heading
    level, a table without a caption and radio buttons without a legend."""
    page = page_as("staff")
    page.goto(base_url + paths["milestone_new"])
    assert structure_problems(page) == []
    page.evaluate("""() => {
      document.title = 'Ny internfrist <b> – Fellesstemme';
      document.getElementById('title').id = 'kind';
      document.querySelector('main h1').insertAdjacentHTML('afterend', '<h4>Brått</h4>');
      document.querySelector('main').insertAdjacentHTML('beforeend',
                                                        '<table><tr><td>1</td></tr></table>');
      document.querySelector('fieldset.radios legend').remove();
    }""")
    assert structure_problems(page) == [
        'the title does not name the page: "Ny internfrist <b> – Fellesstemme"',
        "the id kind is used more than once",
        "an h4 follows an h1: Brått",
        "a table has no caption",
        "#mode-0 is one of a group of choices but has no fieldset with a legend",
        "#mode-1 is one of a group of choices but has no fieldset with a legend",
    ]
