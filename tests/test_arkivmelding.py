"""The Noark 5 arkivmelding of a sent paper (issue 17): KS Fiks Arkiv V2, with the letter."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date, datetime, time, timezone
from pathlib import Path

import docx
import pytest
import xmlschema
from lxml import etree

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.papers import outcomes, pdf, services
from advocacy.papers.archive import ARKIVMELDING, METADATAKATALOG
from advocacy.papers.models import Answer, Invitation, PositionPaper
from tests.conftest import IN_CI

SCHEMA_DIR = Path(__file__).parent / "fixtures" / "fiks-arkiv-v2"
SCHEMA = SCHEMA_DIR / "no.ks.fiks.arkiv.v2.arkivering.arkivmelding.opprett.xsd"
NS = {"a": ARKIVMELDING, "m": METADATAKATALOG}
KDD = "Kommunal- og distriktsdepartementet"
TITLE = "Felles høringsuttalelse om inntektssystemet"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    """The Word file is the main document unless a test says otherwise (PDF takes seconds)."""
    monkeypatch.setattr(pdf, "soffice", lambda: None)


@pytest.fixture
def sent_paper(app, make_user, make_body):
    """Make a demo-like hearing answer, sent with two co-signers on its text, one co-signer
    on an older text and one who declined: ``sent_paper(is_exempt=False, basis="")``."""

    def make(is_exempt: bool = False, basis: str = "") -> PositionPaper:
        body = make_body(KDD, "KDD")
        body.postal_address = "Postboks 8112 Dep\n0032 Oslo"
        hearing = Hearing(title="Høring om inntektssystemet", issuer="",
                          deadline_at=datetime(2026, 12, 15, 11, tzinfo=timezone.utc))
        hearing.set_issuer(body)
        db.session.add(hearing)
        adviser = make_user("staff", name="Kari Hansen")
        paper = services.create_paper(title=TITLE, author=adviser, hearing=hearing,
                                      their_reference="25/3321")
        paper.status = "final"
        db.session.flush()
        current = paper.current
        orgs = {name: Organisation(name=name, kind="municipality") for name in (
            "Drammen kommune", "Hol kommune", "Kongsberg kommune", "Ringerike kommune")}
        db.session.add_all(orgs.values())
        sign_by = date(2026, 11, 18)
        signed_at = datetime(2026, 11, 17, 13, 15, tzinfo=timezone.utc)
        db.session.add_all([
            Invitation(paper=paper, organisation=orgs["Drammen kommune"], sign_by=sign_by,
                       answer=Answer.SIGNED, signed_hash=current.content_hash, revision=current,
                       signer_name="Monica Myrvold Berg", signer_title="ordfører",
                       mandate="Formannskapets vedtak 12.11.2026, sak 112/26",
                       answered_at=signed_at),
            Invitation(paper=paper, organisation=orgs["Hol kommune"], sign_by=sign_by,
                       answer=Answer.SIGNED, signed_hash=current.content_hash, revision=current,
                       signer_name="Ola Olsen", signer_title="ordfører",
                       mandate="Delegert fullmakt", answered_at=signed_at),
            Invitation(paper=paper, organisation=orgs["Kongsberg kommune"], sign_by=sign_by,
                       answer=Answer.SIGNED, signed_hash="0" * 64,
                       signer_name="Kari Anne Sand", signer_title="ordfører"),
            Invitation(paper=paper, organisation=orgs["Ringerike kommune"], sign_by=sign_by,
                       answer=Answer.DECLINED),
        ])
        outcomes.submit(paper, outcomes.Submission(
            submitted_on=date(2026, 11, 20), submitted_time=time(14, 5), archive_year="2026",
            archive_sequence="1428", archive_document="3", recipient=KDD,
            is_exempt=is_exempt, exemption_basis=basis))
        db.session.commit()
        return paper

    return make


def _zip(client, paper) -> zipfile.ZipFile:
    response = client.get(f"/papers/{paper.id}/arkivmelding.zip")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/zip"
    assert "arkivmelding-2026-1428-3.zip" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def _valid(schema, xml: bytes) -> etree._Element:
    errors = [str(e.reason) + " at " + str(e.path) for e in schema.iter_errors(xml.decode())]
    assert errors == []
    return etree.fromstring(xml)


def _text(root, path: str) -> str | None:
    found = root.find(path, NS)
    return found.text if found is not None else None


def test_a_public_paper_exports_a_valid_journal_post_with_the_letter_and_confirmations(
        client, login_as, sent_paper, schema):
    paper = sent_paper()
    login_as("staff")
    archive = _zip(client, paper)
    root = _valid(schema, archive.read("arkivmelding.xml"))
    post = root.find("a:registrering", NS)
    assert post.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "journalpost"
    assert _text(root, "a:system") == "Fellesstemme" and _text(root, "a:antallFiler") == "3"
    assert _text(post, "a:journalposttype/m:kode") == "U"
    assert _text(post, "a:tittel") == TITLE and _text(post, "a:offentligTittel") == TITLE
    assert _text(post, "a:dokumentetsDato") == "2026-11-20"
    assert _text(post, "a:sendtDato") == "2026-11-20T14:05:00+01:00"
    assert _text(post, "a:referanseForelderMappe/m:saksnummer/m:saksaar") == "2026"
    assert _text(post, "a:referanseForelderMappe/m:saksnummer/m:sakssekvensnummer") == "1428"
    assert _text(post, "a:journalpostnummer") == "3"
    assert _text(post, "a:registreringsID") == "2026/1428-3"
    assert _text(post, "a:referanseEksternNoekkel/m:fagsystem") == "Fellesstemme"
    assert _text(post, "a:referanseEksternNoekkel/m:noekkel") == f"uttalelse-{paper.id}"
    assert post.find("a:skjerming", NS) is None

    # The recipient, with the address the register of state bodies holds.
    party = post.findall("a:korrespondansepart", NS)
    assert len(party) == 1
    assert _text(party[0], "a:korrespondanseparttype/m:kode") == "EM"
    assert _text(party[0], "a:korrespondansepartNavn") == KDD
    assert _text(party[0], "a:postadresse") == "Postboks 8112 Dep"
    assert (_text(party[0], "a:postnummer"), _text(party[0], "a:poststed")) == ("0032", "Oslo")
    assert _text(party[0], "a:deresReferanse") == "25/3321"

    # Every file the XML names is in the zip, with its checksum and size; nothing else is.
    described = post.findall("a:dokumentbeskrivelse", NS)
    assert [_text(d, "a:tilknyttetRegistreringSom/m:kode") for d in described] == ["H", "V", "V"]
    assert _text(post, "a:antallVedlegg") == "2"
    names = [_text(d, "a:dokumentobjekt/a:referanseDokumentfil") for d in described]
    assert sorted(archive.namelist()) == sorted(["arkivmelding.xml", *names])
    for item in described:
        stored = item.find("a:dokumentobjekt", NS)
        data = archive.read(_text(stored, "a:referanseDokumentfil"))
        assert _text(stored, "a:sjekksumAlgoritme") == "SHA256"
        assert _text(stored, "a:sjekksum") == hashlib.sha256(data).hexdigest()
        assert _text(stored, "a:filstoerrelse") == str(len(data))

    # The main document is the letter, dated the day it was sent, with both co-signers.
    letter = docx.Document(io.BytesIO(archive.read(names[0])))
    text = "\n".join(p.text for p in letter.paragraphs) + "\n".join(
        cell.text for table in letter.tables for row in table.rows for cell in row.cells)
    assert "Høringssvar – " in text and "UTKAST" not in text
    assert "Drammen kommune" in text and "Hol kommune" in text
    assert "Kongsberg kommune" not in text  # signed an older text
    assert "20.11.2026" in text or "20. november 2026" in text

    # One confirmation per organisation that signed the text that was sent.
    titles = [_text(d, "a:tittel") for d in described[1:]]
    assert titles == ["Bekreftelse på medsignering – Drammen kommune",
                      "Bekreftelse på medsignering – Hol kommune"]
    drammen = archive.read(names[1]).decode()
    for expected in ("Organisasjon: Drammen kommune", "Signert av: Monica Myrvold Berg",
                     "Stilling: ordfører", "Fullmakt: Formannskapets vedtak 12.11.2026, sak 112/26",
                     "Signert: 17.11.2026 kl. 14:15", "Versjon av teksten: 1",
                     f"Kontrollsum for teksten (SHA-256): {paper.current.content_hash}",
                     "Arkivnummer: 2026/1428-3"):
        assert expected in drammen


def test_an_exempt_paper_carries_its_screening(client, login_as, sent_paper, schema):
    paper = sent_paper(is_exempt=True, basis="Offl. § 14")
    login_as("staff")
    root = _valid(schema, _zip(client, paper).read("arkivmelding.xml"))
    post = root.find("a:registrering", NS)
    assert _text(post, "a:skjerming/a:skjermingshjemmel") == "Offl. § 14"
    assert _text(post, "a:skjerming/a:tilgangsrestriksjon/m:kode") == "14"
    assert _text(post, "a:skjerming/a:tilgangsrestriksjon/m:beskrivelse") == "Offl. § 14"
    assert post.find("a:offentligTittel", NS) is None  # the title may be screened


def test_the_schema_refuses_a_code_in_the_wrong_namespace(app, sent_paper, schema):
    """The schema check is what keeps the export right: a `kode` outside the
    metadatakatalog namespace, or elements out of order, are refused."""
    from advocacy.papers.archive import archive_files, arkivmelding_xml

    paper = sent_paper()
    xml = arkivmelding_xml(paper, archive_files(paper))
    assert schema.is_valid(xml.decode())
    wrong_namespace = xml.replace(b"<mdk:kode>U</mdk:kode>", b"<kode>U</kode>")
    assert wrong_namespace != xml and not schema.is_valid(wrong_namespace.decode())
    root = etree.fromstring(xml)
    post = root.find("a:registrering", NS)
    post.append(post.find("a:tittel", NS))  # the title after the journal post's fields
    assert not schema.is_valid(etree.tostring(root).decode())


@pytest.mark.skipif(pdf.soffice() is None and not IN_CI,
                    reason="LibreOffice is not installed; with CI=true this test fails instead")
def test_with_libreoffice_the_main_document_is_pdf_a(client, login_as, sent_paper, schema,
                                                     monkeypatch):
    monkeypatch.undo()  # LibreOffice back
    paper = sent_paper()
    login_as("staff")
    archive = _zip(client, paper)
    root = _valid(schema, archive.read("arkivmelding.xml"))
    main = root.find("a:registrering/a:dokumentbeskrivelse/a:dokumentobjekt", NS)
    assert _text(main, "a:referanseDokumentfil") == "hoveddokument.pdf"
    assert _text(main, "a:variantformat/m:kode") == "A"
    assert _text(main, "a:mimeType") == "application/pdf"
    assert archive.read("hoveddokument.pdf").startswith(b"%PDF")


# --- Who may download it -----------------------------------------------------------------

@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_viewers_and_invited_partners_are_refused(client, make_user, sent_paper, role):
    paper = sent_paper()
    user = make_user(role)
    if role == "partner":  # invited, so the paper is visible to them
        user.organisation = paper.invitations[0].organisation
        db.session.commit()
    client.login(user)
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "Arkivert som 2026/1428-3" in page and "arkivmelding.zip" not in page
    assert client.get(f"/papers/{paper.id}/arkivmelding.zip").status_code == 403


def test_a_partner_not_invited_gets_not_found(client, make_user, sent_paper):
    paper = sent_paper()
    client.login(make_user("partner"))
    assert client.get(f"/papers/{paper.id}/arkivmelding.zip").status_code == 404


def test_the_paper_page_shows_the_archive_number_and_the_download(client, login_as, sent_paper):
    paper = sent_paper()
    login_as("staff")
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "Arkivert som 2026/1428-3" in page
    assert "20.11.2026 kl. 14:05" in page
    assert f"/papers/{paper.id}/arkivmelding.zip" in page


def test_a_paper_not_sent_has_no_arkivmelding(client, login_as):
    staff = login_as("staff")
    paper = services.create_paper(title="Ikke sendt", author=staff, recipient=KDD)
    paper.status = "final"
    db.session.commit()
    response = client.get(f"/papers/{paper.id}/arkivmelding.zip", follow_redirects=True)
    assert response.mimetype == "text/html"
    assert "markert som sendt inn" in response.get_data(as_text=True)


def test_bad_submission_input_is_refused_and_nothing_is_archived(client, login_as):
    staff = login_as("staff")
    paper = services.create_paper(title="Sendes", author=staff, recipient=KDD)
    paper.status = "final"
    db.session.commit()
    response = client.submit(f"/papers/{paper.id}/submit", {
        "submitted_on": "20.11.2026", "submitted_time": "14:05", "archive_year": "26",
        "archive_sequence": "1428", "archive_document": "3", "recipient": KDD,
        "is_exempt": "y", "exemption_basis": "Offl. § 15"})
    assert response.status_code == 422
    assert "Saksåret skrives med fire sifre" in response.get_data(as_text=True)
    db.session.expire_all()
    paper = db.session.get(PositionPaper, paper.id)
    assert paper.status == "final" and paper.archive_year is None and not paper.is_exempt
    assert client.get(f"/papers/{paper.id}/arkivmelding.zip").status_code == 302


# --- The command -------------------------------------------------------------------------

def test_the_command_writes_the_zip(app, sent_paper, schema, tmp_path):
    paper = sent_paper()
    out = tmp_path / "arkiv.zip"
    result = app.test_cli_runner().invoke(args=["export-arkivmelding", str(paper.id), str(out)])
    assert result.exit_code == 0, result.output
    assert "2026/1428-3" in result.output
    with zipfile.ZipFile(out) as archive:
        _valid(schema, archive.read("arkivmelding.xml"))
        assert "hoveddokument.docx" in archive.namelist()


def test_the_command_refuses_an_unknown_or_unsent_paper(app, make_user, tmp_path):
    out = tmp_path / "arkiv.zip"
    result = app.test_cli_runner().invoke(args=["export-arkivmelding", "999999", str(out)])
    assert result.exit_code != 0 and "Fant ikke uttalelse nummer 999999" in result.output
    paper = services.create_paper(title="Utkast", author=make_user("staff"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["export-arkivmelding", str(paper.id), str(out)])
    assert result.exit_code != 0 and "markert som sendt inn" in result.output
    assert not out.exists()
