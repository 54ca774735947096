"""A sent paper for the county's archive: a Noark 5 arkivmelding with the letter in a zip.

``arkivmelding_zip(paper)`` gives a zip with ``arkivmelding.xml`` after KS Fiks Arkiv's
schema ``no.ks.fiks.arkiv.v2.arkivering.arkivmelding.opprett.xsd`` (with its
``metadatakatalog.xsd``; copies and their source in ``tests/fixtures/fiks-arkiv-v2/``) and
the files it names: the letter as sent (PDF/A when LibreOffice is installed, else the
Word file) as the main document, and one confirmation per co-signing organisation as
attachments. The archive imports the zip, or the county's Fiks Arkiv integration sends it.

The XML holds one ``registrering`` of type ``journalpost`` (outgoing, ``U``) placed in the
case the archive number names. Code values come from the specification's code lists
(``Schema/V2/kodelister``). Elements follow the schema's sequence order; the children of
code types (``kode``, ``beskrivelse``), of the external key (``fagsystem``,
``noekkel``) and of the case number belong to the metadatakatalog namespace.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, replace

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from advocacy.extensions import db
from advocacy.formatting import datetime_nb
from advocacy.papers import pdf
from advocacy.papers.docx_render import render_paper_docx
from advocacy.papers.export import (active_template, paper_document, recipient_block,
                                    short_title)
from advocacy.papers.models import Invitation, PaperStatus, PositionPaper

ARKIVMELDING = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v2"
METADATAKATALOG = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: The app as the archive knows it: ``system`` and the external key's ``fagsystem``.
SYSTEM = "Fellesstemme"
XML_NAME = "arkivmelding.xml"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_POSTAL_LINE = re.compile(r"^(\d{4})\s+(\S.*)$")
_SECTION = re.compile(r"§\s*(\d+\s*[a-z]?)", re.IGNORECASE)


class ArchiveRefused(ValueError):
    """The paper cannot be exported for the archive; the message says why, in Norwegian."""


@dataclass(frozen=True, kw_only=True)
class ArchiveFile:
    """One document file in the zip, and how the arkivmelding describes it."""

    #: The file's name in the zip (``referanseDokumentfil``): ASCII, unique.
    name: str
    #: The name to save it under (``filnavn``), as people read it.
    display_name: str
    title: str
    data: bytes
    mimetype: str
    #: PRONOM format id and its name.
    format_code: str
    format_label: str
    #: ``A`` arkivformat (PDF/A, plain text) or ``P`` produksjonsformat (Word).
    variant: str
    #: ``H`` main document or ``V`` attachment.
    role: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


_VARIANTS = {"A": "Arkivformat", "P": "Produksjonsformat"}
_ROLES = {"H": "Hoveddokument", "V": "Vedlegg"}


def archive_refusal(paper: PositionPaper) -> str | None:
    """Why the paper has no arkivmelding yet, or ``None`` when it can be exported."""
    if paper.status != PaperStatus.SUBMITTED:
        return ("Arkivmeldingen lages når uttalelsen er markert som sendt inn. Uttalelsen har "
                f"status «{paper.status_label}».")
    if not paper.archive_reference:
        return ("Uttalelsen har ikke noe arkivnummer. Den ble markert som sendt inn før "
                "arkivnummeret ble registrert i deler; registrer den i arkivet for hånd.")
    return None


def zip_name(paper: PositionPaper) -> str:
    """``arkivmelding-2026-1428-3.zip``."""
    return (f"arkivmelding-{paper.archive_year}-{paper.archive_sequence}-"
            f"{paper.archive_document}.zip")


def arkivmelding_zip(paper: PositionPaper) -> bytes:
    """The zip for the archive: ``arkivmelding.xml`` and every file it names."""
    if reason := archive_refusal(paper):
        raise ArchiveRefused(reason)
    files = archive_files(paper)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(XML_NAME, arkivmelding_xml(paper, files))
        for item in files:
            archive.writestr(item.name, item.data)
    return buffer.getvalue()


def archive_files(paper: PositionPaper) -> list[ArchiveFile]:
    """The letter as sent, then one confirmation per organisation that signed its text."""
    signed = _signed_invitations(paper)
    files = [_main_document(paper)]
    for number, invitation in enumerate(signed, start=1):
        files.append(ArchiveFile(
            name=f"medsignering-{number}.txt",
            display_name=f"Medsignering - {short_title(invitation.organisation.name)}.txt",
            title=f"Bekreftelse på medsignering – {invitation.organisation.name}",
            data=confirmation_text(paper, invitation).encode("utf-8"),
            mimetype="text/plain; charset=utf-8", format_code="x-fmt/111",
            format_label="Ren tekst (UTF-8)", variant="A", role="V"))
    return files


def _signed_invitations(paper: PositionPaper) -> list[Invitation]:
    """The invitations signed on the paper's current text, by organisation name (one query)."""
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.paper_id == paper.id)
        .options(joinedload(Invitation.organisation), joinedload(Invitation.revision),
                 joinedload(Invitation.signer))).all()
    return sorted((i for i in invitations if i.is_current), key=lambda i: i.organisation.name)


def _main_document(paper: PositionPaper) -> ArchiveFile:
    """The letter dated the day it was sent: PDF/A-2b when LibreOffice can make it."""
    document = replace(paper_document(paper), date=paper.submitted_on)
    docx = render_paper_docx(document, active_template())
    title = short_title(paper.title) or "Uttalelse"
    if pdf.soffice() is not None:
        try:
            data = pdf.docx_to_pdf(docx)
        except pdf.PdfUnavailable:
            pass  # the Word file is the letter too; the archive converts it
        else:
            return ArchiveFile(name="hoveddokument.pdf", display_name=f"{title}.pdf",
                               title=paper.title, data=data, mimetype="application/pdf",
                               format_code="fmt/477", format_label="PDF/A-2b", variant="A",
                               role="H")
    return ArchiveFile(name="hoveddokument.docx", display_name=f"{title}.docx",
                       title=paper.title, data=docx, mimetype=DOCX_MIMETYPE,
                       format_code="fmt/412", format_label="Microsoft Word (.docx)",
                       variant="P", role="H")


def confirmation_text(paper: PositionPaper, invitation: Invitation) -> str:
    """A co-signer's confirmation, as plain text: who signed, with what mandate, on which text."""
    revision = invitation.revision
    lines = [
        "Bekreftelse på medsignering",
        "",
        f"Uttalelse: {paper.title}",
        f"Arkivnummer: {paper.archive_reference}",
        f"Organisasjon: {invitation.organisation.name}",
        f"Signert av: {invitation.signer_name or '–'}",
        f"Stilling: {invitation.signer_title or '–'}",
        f"Fullmakt: {invitation.mandate or '–'}",
        f"Signert: {datetime_nb(invitation.answered_at) or '–'}",
        f"Versjon av teksten: {revision.number if revision is not None else '–'}",
        f"Kontrollsum for teksten (SHA-256): {invitation.signed_hash}",
        "",
        f"Signaturen ble gitt i {SYSTEM} av en bruker hos organisasjonen, på teksten med "
        "kontrollsummen over, som er teksten i hoveddokumentet.",
    ]
    return "\n".join(lines) + "\n"


# --- The XML -----------------------------------------------------------------------------

def _el(parent: etree._Element, name: str, text: object | None = None,
        ns: str = ARKIVMELDING) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = str(text)
    return element


def _code(parent: etree._Element, name: str, code: str, description: str) -> None:
    """An element of a code type: its ``kode`` and ``beskrivelse`` in the metadatakatalog."""
    element = _el(parent, name)
    _el(element, "kode", code, METADATAKATALOG)
    _el(element, "beskrivelse", description, METADATAKATALOG)


def arkivmelding_xml(paper: PositionPaper, files: list[ArchiveFile]) -> bytes:
    """``arkivmelding.xml`` for the sent paper and ``files`` (the main document first)."""
    root = etree.Element(f"{{{ARKIVMELDING}}}arkivmelding",
                         nsmap={None: ARKIVMELDING, "mdk": METADATAKATALOG, "xsi": XSI})
    _el(root, "system", SYSTEM)
    _el(root, "antallFiler", len(files))
    post = _el(root, "registrering")
    post.set(f"{{{XSI}}}type", "journalpost")

    # registrering, in the schema's order
    folder = _el(post, "referanseForelderMappe")
    case = _el(folder, "saksnummer", ns=METADATAKATALOG)
    _el(case, "saksaar", paper.archive_year, METADATAKATALOG)
    _el(case, "sakssekvensnummer", paper.archive_sequence, METADATAKATALOG)
    if paper.is_exempt:
        screening = _el(post, "skjerming")
        _code(screening, "tilgangsrestriksjon", access_code(paper.exemption_basis),
              paper.exemption_basis)
        _el(screening, "skjermingshjemmel", paper.exemption_basis)
    for number, item in enumerate(files, start=1):
        _document(post, item, number)
    _el(post, "registreringsID", paper.archive_reference)
    _el(post, "tittel", paper.title)
    if not paper.is_exempt:
        _el(post, "offentligTittel", paper.title)
    _recipient(post, paper)
    key = _el(post, "referanseEksternNoekkel")
    _el(key, "fagsystem", SYSTEM, METADATAKATALOG)
    _el(key, "noekkel", external_key(paper), METADATAKATALOG)

    # journalpost
    _el(post, "journalpostnummer", paper.archive_document)
    _code(post, "journalposttype", "U", "Utgående dokument")
    _code(post, "journalstatus", "E", "Ekspedert")
    _el(post, "dokumentetsDato", paper.submitted_on.isoformat())
    if paper.sent_at is not None:
        _el(post, "sendtDato", paper.sent_at.isoformat(timespec="seconds"))
    _el(post, "antallVedlegg", len(files) - 1)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _document(post: etree._Element, item: ArchiveFile, number: int) -> None:
    described = _el(post, "dokumentbeskrivelse")
    if item.role == "H":
        _code(described, "dokumenttype", "KORR", "Korrespondanse")
    _code(described, "dokumentstatus", "F", "Dokumentet er ferdigstilt")
    _el(described, "tittel", item.title)
    _code(described, "tilknyttetRegistreringSom", item.role, _ROLES[item.role])
    _el(described, "dokumentnummer", number)
    stored = _el(described, "dokumentobjekt")
    _el(stored, "versjonsnummer", 1)
    _code(stored, "variantformat", item.variant, _VARIANTS[item.variant])
    _code(stored, "format", item.format_code, item.format_label)
    _el(stored, "mimeType", item.mimetype)
    _el(stored, "filnavn", item.display_name)
    _el(stored, "referanseDokumentfil", item.name)
    _el(stored, "sjekksum", item.sha256)
    _el(stored, "sjekksumAlgoritme", "SHA256")
    _el(stored, "filstoerrelse", len(item.data))


def _recipient(post: etree._Element, paper: PositionPaper) -> None:
    """The recipient as ``korrespondansepart`` EM: the name, then the address lines, the
    last one split into postnummer and poststed when it reads "3019 Drammen"."""
    lines = recipient_block(paper).splitlines() or [paper.recipient or "Ukjent mottaker"]
    name, address = lines[0], lines[1:]
    postal = _POSTAL_LINE.match(address[-1]) if address else None
    if postal:
        address = address[:-1]
    party = _el(post, "korrespondansepart")
    _code(party, "korrespondanseparttype", "EM", "Mottaker")
    _el(party, "korrespondansepartNavn", name)
    for line in address:
        _el(party, "postadresse", line)
    if postal:
        _el(party, "postnummer", postal.group(1))
        _el(party, "poststed", postal.group(2))
    if paper.their_reference:
        _el(party, "deresReferanse", paper.their_reference)


def access_code(basis: str) -> str:
    """The tilgangsrestriksjon code for a legal basis: the section number of «Offl. § 14»
    (``14``), as the county's archives code offentleglova's sections; ``UO`` (unntatt
    offentlighet) when the basis names no section."""
    found = _SECTION.search(basis or "")
    return found.group(1).replace(" ", "") if found else "UO"


def external_key(paper: PositionPaper) -> str:
    """The paper's key in this app, so the archive can tell a second export of it."""
    return f"uttalelse-{paper.id}"

