"""Bokmål and nynorsk (issue 17): every string marked and translated; pages follow the
user, mails the recipient, the letter its paper."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from advocacy import i18n
from advocacy.auth.models import Organisation, User
from advocacy.extensions import db
from advocacy.notify import mail
from tests import i18n_scan
from tests.conftest import Client

TRANSLATIONS = Path(i18n_scan.ROOT, "advocacy", "translations")
NYNORSK = TRANSLATIONS / "nn" / "LC_MESSAGES" / "messages.po"


# --- The catalogues --------------------------------------------------------------------


def test_every_user_visible_string_is_marked_for_translation():
    found = i18n_scan.unmarked(["advocacy", "templates"])
    assert not found, "Not marked for translation (mark them, or add '# i18n: not ui' to a " \
        "code):\n" + "\n".join(map(str, found))


def _catalogue(path: Path):
    with path.open("rb") as file:
        return read_po(file, locale="nn")


def test_the_nynorsk_catalogue_translates_every_marked_string():
    catalogue = _catalogue(NYNORSK)
    missing = []
    for msgid, plural in i18n_scan.extract(["advocacy", "templates"]).items():
        message = catalogue.get(msgid)
        strings = () if message is None else (
            message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None or message.fuzzy or not all(strings) or (
                plural and not isinstance(message.id, tuple)):
            missing.append(msgid)
    assert not missing, "No nynorsk for:\n" + "\n".join(map(repr, missing))


@pytest.mark.parametrize("domain", ["messages", "wtforms"])
def test_translations_keep_the_placeholders_of_their_message(domain):
    catalogue = _catalogue(TRANSLATIONS / "nn" / "LC_MESSAGES" / f"{domain}.po")
    problems = [(message.id, [str(error) for error in errors])
                for message, errors in catalogue.check()]
    assert not problems


def test_the_compiled_catalogues_are_current():
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, \
            f"{mo} is missing or older than its .po: run `make translations`"


def test_the_scanner_finds_unmarked_text_in_a_template_and_a_module(tmp_path, monkeypatch):
    """The check above can fail: it finds what a careless change would leave."""
    template = tmp_path / "page.html"
    template.write_text('<h1>{{ _("Høringer") }}</h1>\n<p>Ingen frister</p>\n'
                        '<button aria-label="Lukk">×</button>\n'
                        '{{ field(label="Tittel") }}\n'
                        '{% trans n=2 %}{{ n }} høringer{% endtrans %}\n', encoding="utf-8")
    module = tmp_path / "views.py"
    module.write_text('from flask_babel import gettext as _\n'
                      'def view():\n'
                      '    flash(_("Lagret."))\n'
                      '    flash("Slettet.")\n'
                      '    code = "utgående"  # i18n: not ui\n'
                      '    return "Ingen treff"\n', encoding="utf-8")
    monkeypatch.setattr(i18n_scan, "ROOT", tmp_path)
    found = {(Path(f.path).name, f.text) for f in i18n_scan.unmarked([template, module])}
    assert found == {("page.html", "Ingen frister"), ("page.html", "Lukk"),
                     ("page.html", "Tittel"), ("views.py", "Slettet."),
                     ("views.py", "Ingen treff")}
    assert set(i18n_scan.extract([template, module])) == {"Høringer", "%(n)s høringer",
                                                          "Lagret."}


# --- Who gets which standard -----------------------------------------------------------


def _organisation(name: str, number: str, language: str = "nb") -> Organisation:
    organisation = Organisation(name=name, kind="municipality", municipality_number=number,
                                language=language)
    db.session.add(organisation)
    return organisation


@pytest.fixture
def partners(app, make_user) -> dict[str, User]:
    """A partner from Hol (nynorsk) and one from Drammen (bokmål)."""
    hol = _organisation("Hol kommune", "3330", "nn")
    drammen = _organisation("Drammen kommune", "3301")
    users = {"hol": make_user("partner", email="partnar@hol.example", name="Halvor Hol"),
             "drammen": make_user("partner", email="partner@drammen.example", name="Pål Partner")}
    users["hol"].organisation, users["drammen"].organisation = hol, drammen
    db.session.commit()
    return users


def _client(app, user: User) -> Client:
    client = Client(app.test_client())
    client.login(user)
    return client


def _page(response) -> str:
    assert response.status_code in (200, 422), response.status_code
    return response.get_data(as_text=True)


def test_a_partner_from_hol_reads_nynorsk_and_one_from_drammen_bokmal(app, partners):
    hol = _page(_client(app, partners["hol"]).get("/"))
    assert '<html lang="nn">' in hol
    assert "Høyringar" in hol and "Fråsegner" in hol and "Rammevilkår" in hol
    assert "Høringer" not in hol and "Uttalelser" not in hol

    drammen = _page(_client(app, partners["drammen"]).get("/"))
    assert '<html lang="nb">' in drammen
    assert "Høringer" in drammen and "Uttalelser" in drammen and "Høyringar" not in drammen


def test_a_users_own_choice_goes_before_their_organisations(app, partners):
    client = _client(app, partners["hol"])
    response = client.submit("/profile/language", {"language": "nb"})
    assert response.status_code == 302
    page = _page(client.get("/profile"))
    assert '<html lang="nb">' in page and "Språkvalget er lagret." in page
    assert db.session.get(User, partners["hol"].id).language == "nb"

    # Back to the organisation's: nynorsk again, and said so in nynorsk.
    client.submit("/profile/language", {"language": ""})
    page = _page(client.get("/profile"))
    assert '<html lang="nn">' in page and "Språkvalet er lagra." in page
    db.session.expire_all()
    assert db.session.get(User, partners["hol"].id).language is None


def test_an_unknown_language_is_refused_in_the_users_language_and_changes_nothing(
        app, partners):
    client = _client(app, partners["hol"])
    response = client.submit("/profile/language", {"language": "de"})
    assert response.status_code == 422
    page = _page(response)
    assert "Ikkje eit gyldig val." in page  # WTForms' own message, in our nynorsk
    db.session.expire_all()
    assert db.session.get(User, partners["hol"].id).language is None

    response = client.submit("/profile", {"name": ""})
    assert response.status_code == 422 and "Skriv namnet ditt." in _page(response)


def test_before_login_the_browser_language_decides(client):
    assert '<html lang="nn">' in _page(client.get(
        "/login", headers={"Accept-Language": "nn-NO,nn;q=0.9,nb;q=0.8"}))
    assert '<html lang="nb">' in _page(client.get(
        "/login", headers={"Accept-Language": "nb-NO,no;q=0.9,en;q=0.5"}))
    assert '<html lang="nb">' in _page(client.get("/login"))


def test_only_an_admin_sets_an_organisations_malform(app, partners, make_user, login_as):
    hol = partners["hol"].organisation
    data = {"name": hol.name, "kind": "municipality", "municipality_number": "3330",
            "org_number": "", "contact_email": "", "language": "nb"}
    url = f"/admin/organisations/{hol.id}/edit"
    staff = _client(app, make_user("staff", email="radgiver@buskerud.example"))
    assert staff.get(url).status_code == 403
    assert _client(app, partners["hol"]).get(url).status_code == 403
    db.session.expire_all()
    assert db.session.get(Organisation, hol.id).language == "nn"

    login_as("admin")
    client = Client(app.test_client())
    client.login(make_user("admin", email="admin@buskerud.example"))
    assert client.submit(url, data | {"language": "klingon"}).status_code == 422
    db.session.expire_all()
    assert db.session.get(Organisation, hol.id).language == "nn"
    assert client.submit(url, data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, hol.id).language == "nb"
    assert '<html lang="nb">' in _page(_client(app, partners["hol"]).get("/"))


# --- Mails follow the recipient ---------------------------------------------------------


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html_lang(message) -> str:
    html = message.get_body(preferencelist=("html",)).get_content()
    return re.search(r'<html lang="(\w+)"', html).group(1)


def test_hol_is_invited_and_reminded_in_nynorsk_and_drammen_in_bokmal(
        app, partners, make_user, mail_server):
    from tests.test_signing import _draft_through_pages, _invite

    staff_user = make_user("staff", email="radgiver@buskerud.example", name="Åse Ærlig")
    staff = _client(app, staff_user)
    paper = _draft_through_pages(staff, staff_user)
    hol, drammen = partners["hol"].organisation, partners["drammen"].organisation
    _invite(staff, paper, hol, drammen)

    [to_hol] = mail_server.to("partnar@hol.example")
    [to_drammen] = mail_server.to("partner@drammen.example")
    assert "Blir teksten endra etter at de har signert, får de beskjed og blir bedne om å " \
        "stadfeste på nytt." in _body(to_hol)
    assert "Endres teksten etter at dere har signert" in _body(to_drammen)
    assert (_html_lang(to_hol), _html_lang(to_drammen)) == ("nn", "nb")

    invitation = {i.organisation.name: i for i in db.session.get(type(paper), paper.id)
                  .invitations}
    for name in ("Hol kommune", "Drammen kommune"):
        response = staff.submit(f"/invitations/{invitation[name].id}/remind", {},
                                form_url=f"/papers/{paper.id}")
        assert response.status_code == 302
    [reminder] = [m for m in mail_server.to("partnar@hol.example") if m is not to_hol]
    assert reminder["Subject"].startswith("Påminning: svar på «")
    assert reminder["Subject"].endswith("» innan 20.12.2026")
    [reminder] = [m for m in mail_server.to("partner@drammen.example") if m is not to_drammen]
    assert reminder["Subject"].startswith("Påminnelse: svar på «")


def test_the_deadline_digest_is_in_each_recipients_language(app, partners, mail_server):
    from datetime import date, datetime

    from advocacy import clock
    from advocacy.hearings import services
    from advocacy.hearings.models import Hearing
    from advocacy.notify.reminders import run_reminders

    hearing = Hearing(title="Høring – ny kulturmiljølov", issuer="Klima- og miljødepartementet",
                      deadline_at=services.deadline_at(date(2026, 12, 10)), status="assessing")
    hearing.followers.extend(partners.values())
    db.session.add(hearing)
    db.session.commit()
    run_reminders(datetime(2026, 12, 3, 7, 0, tzinfo=clock.OSLO))
    [to_hol] = mail_server.to("partnar@hol.example")
    [to_drammen] = mail_server.to("partner@drammen.example")
    assert to_hol["Subject"] == "Påminning: 1 frist nærmar seg – Fellesstemme"
    assert to_drammen["Subject"] == "Påminnelse: 1 frist nærmer seg – Fellesstemme"
    assert "Høyringsfrist" in _body(to_hol) and "om 7 dagar" in _body(to_hol)
    assert "Høringsfrist" in _body(to_drammen) and "om 7 dager" in _body(to_drammen)


def test_a_mail_is_in_its_recipients_language_not_the_senders(app, partners):
    from datetime import datetime, timezone

    def reset_mail(**recipient):
        return mail.read(mail.build_message(
            mail.Recipient("a@example.org", "A", **recipient), "auth/password_reset",
            user=partners["hol"], link="https://x.example/reset",
            expires_at=datetime(2026, 12, 1, 12, tzinfo=timezone.utc)))

    with i18n.force_locale("nn"):  # sent while serving a nynorsk user, say
        assert "Noen (forhåpentligvis du) har bedt om" in _body(reset_mail())
        assert _html_lang(reset_mail()) == "nb"
    assert "Nokon (forhåpentleg du) har bede om" in _body(reset_mail(language="nn"))
    assert _html_lang(reset_mail(language="nn")) == "nn"


# --- The letter is in its paper's language ---------------------------------------------


def _letter(client, paper_id: int):
    response = client.get(f"/papers/{paper_id}.docx")
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.data))


def _language_of(document) -> str:
    lang = document.styles.element.find(
        "{*}docDefaults/{*}rPrDefault/{*}rPr/{*}lang".replace(
            "{*}", "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"))
    return lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")


def test_a_paper_set_to_nynorsk_exports_a_nynorsk_letter(app, make_user):
    from datetime import datetime, timezone

    from advocacy.hearings.models import Hearing
    from advocacy.papers.models import PositionPaper

    adviser = make_user("staff", email="radgiver@buskerud.example", name="Kari Hansen")
    client = _client(app, adviser)
    hearing = Hearing(title="Høring om endringer i inntektssystemet", issuer="KDD",
                      deadline_at=datetime(2026, 12, 15, 11, tzinfo=timezone.utc))
    db.session.add(hearing)
    db.session.commit()
    response = client.submit("/papers/new", {
        "title": "Felles høringssvar", "hearing_id": hearing.id, "recipient": "KDD",
        "our_reference": "26/100", "exemption_basis": "", "responsible_id": adviser.id,
        "language": "nn"})
    assert response.status_code == 302
    paper = db.session.scalar(select(PositionPaper).order_by(PositionPaper.id.desc()))
    assert paper.language == "nn"

    document = _letter(client, paper.id)
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Høyringssvar – " in texts and "Med helsing" in texts
    assert "Høringssvar" not in texts and "Med hilsen" not in texts
    assert _language_of(document) == "nn-NO" and document.core_properties.language == "nn-NO"
    assert 'filename="Hoyringssvar - Felles horingssvar' in client.get(
        f"/papers/{paper.id}.docx").headers["Content-Disposition"]

    # The same paper set to bokmål: the adviser's pages stay as they were.
    edit = _page(client.get(f"/papers/{paper.id}/edit"))
    assert '<option selected value="nn">' in edit or 'value="nn" selected' in edit
    paper.language = "nb"
    db.session.commit()
    document = _letter(client, paper.id)
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Høringssvar – " in texts and "Med hilsen" in texts
    assert _language_of(document) == "nb-NO"


def test_a_new_paper_starts_in_its_authors_language(app, make_user, partners):
    adviser = make_user("staff", email="radgiver@buskerud.example")
    adviser.language = "nn"
    db.session.commit()
    page = _page(_client(app, adviser).get("/papers/new"))
    assert re.search(r'<option (selected )?value="nn"( selected)?>Nynorsk', page)
    assert i18n.for_user(adviser) == "nn"


def test_the_demo_writes_nynorsk_to_the_nynorsk_municipalities(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "partnar@hol.example" in result.output
    languages = dict(db.session.execute(select(Organisation.name, Organisation.language)).all())
    assert {name for name, language in languages.items() if language == "nn"} == {
        "Hol kommune", "Ål kommune", "Gol kommune", "Hemsedal kommune", "Nesbyen kommune",
        "Nore og Uvdal kommune"}
    assert languages["Drammen kommune"] == languages["Buskerud fylkeskommune"] == "nb"

    hol = db.session.scalar(select(User).filter_by(email="partnar@hol.example"))
    client = Client(app.test_client())
    client.login(hol, "demo-partnar-passord")
    page = _page(client.get("/"))
    assert '<html lang="nn">' in page and "Høyringar" in page
