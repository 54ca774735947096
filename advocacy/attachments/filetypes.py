"""What an uploaded file is, read from its bytes, and whether its name agrees.

Only the types the brief allows are accepted: PDF, Word (.docx), Excel (.xlsx), PNG and
JPEG. A .docx or .xlsx is a ZIP archive: its type is read from ``[Content_Types].xml``
without unpacking anything else, and an archive whose members would unpack to more than
``ZIP_MAX_UNPACKED`` bytes (a zip bomb) or that has very many members is refused from the
sizes in its central directory.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l

#: Largest total size a .docx or .xlsx may unpack to, by its central directory.
ZIP_MAX_UNPACKED = 200 * 1024 * 1024
#: Most members a .docx or .xlsx may have.
ZIP_MAX_MEMBERS = 5000
#: Largest ``[Content_Types].xml`` read.
_CONTENT_TYPES_MAX = 256 * 1024


@dataclass(frozen=True)
class FileType:
    """One accepted type: how it is named to users, its MIME type and file endings."""

    key: str
    #: With its article, as in «innholdet er et PNG-bilde».
    label: str
    mimetype: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", _l("en PDF-fil"), "application/pdf", (".pdf",))
DOCX = FileType("docx", _l("et Word-dokument (.docx)"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                (".docx",))
XLSX = FileType("xlsx", _l("et Excel-regneark (.xlsx)"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                (".xlsx",))
PNG = FileType("png", _l("et PNG-bilde"), "image/png", (".png",))
JPEG = FileType("jpeg", _l("et JPEG-bilde"), "image/jpeg", (".jpg", ".jpeg"))
TYPES = (PDF, DOCX, XLSX, PNG, JPEG)

#: Shown beside the file field and in refusals.
ACCEPTED = _l("PDF, Word (.docx), Excel (.xlsx), PNG eller JPEG")
#: The ``accept`` attribute of the file input.
ACCEPT_ATTRIBUTE = ",".join(e for t in TYPES for e in t.extensions)

_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


class RefusedFile(ValueError):
    """A file that is not accepted; the message says why, in Norwegian."""


def sniff(data: bytes) -> FileType | None:
    """The accepted type ``data`` is, by its content; ``None`` for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def _office_type(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise RefusedFile(_("Filen har for mange deler til å være et vanlig "
                                    "Office-dokument."))
            if sum(m.file_size for m in members) > ZIP_MAX_UNPACKED:
                raise RefusedFile(_("Filen pakker seg ut til mer enn %(size)d MB og blir ikke "
                                    "tatt imot.", size=ZIP_MAX_UNPACKED // (1024 * 1024)))
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > _CONTENT_TYPES_MAX:
                return None
            content_types = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        if isinstance(error, RefusedFile):
            raise
        return None
    if _DOCX_MAIN in content_types:
        return DOCX
    if _XLSX_MAIN in content_types:
        return XLSX
    return None


def extension(filename: str) -> str:
    """The file name's ending in lower case, with its dot; ``""`` if it has none."""
    stem, dot, ending = filename.rpartition(".")
    return f".{ending.lower()}" if dot and stem and ending else ""


def check(filename: str, data: bytes, max_bytes: int) -> FileType:
    """The type of an upload named ``filename``; ``RefusedFile`` with the reason otherwise.

    Refused: an empty file, one over ``max_bytes``, one whose content is not an accepted
    type, and one whose name ends otherwise than its content is.
    """
    if not data:
        raise RefusedFile(_("Filen «%(filename)s» er tom. Velg en fil med innhold.",
                            filename=filename))
    if len(data) > max_bytes:
        raise RefusedFile(_("Filen «%(filename)s» er på %(size)s; vedlegg kan være på høyst "
                            "%(limit)s.", filename=filename, size=size_label(len(data)),
                            limit=size_label(max_bytes)))
    found = sniff(data)
    if found is None:
        raise RefusedFile(_("Innholdet i «%(filename)s» er ikke %(types)s. Bare slike filer kan "
                            "legges ved.", filename=filename, types=ACCEPTED))
    ending = extension(filename)
    if ending not in found.extensions:
        if ending:
            raise RefusedFile(_("Filen heter %(ending)s, men innholdet er %(type)s. Gi filen "
                                "riktig endelse (%(right)s) eller velg en annen fil.",
                                ending=ending, type=found.label, right=found.extensions[0]))
        raise RefusedFile(_("Filnavnet har ingen endelse, men innholdet er %(type)s. Gi filen "
                            "riktig endelse (%(right)s) eller velg en annen fil.",
                            type=found.label, right=found.extensions[0]))
    return found


def size_label(size: int) -> str:
    """A file size as Norwegians write it: «820 kB», «2,4 MB»."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    megabytes = size / (1024 * 1024)
    text = f"{megabytes:.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')} MB"


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def clean_filename(name: str, found: FileType | None = None) -> str:
    """``name`` as shown and offered on download: no folders, no control or reserved
    characters, at most 200 characters with its ending kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name).strip().strip(".").strip()
    if len(name) > 200:
        ending = extension(name)
        name = name[:200 - len(ending)].rstrip() + ending
    if not name:
        name = "vedlegg" + (found.extensions[0] if found else "")  # i18n: not ui
    return name
