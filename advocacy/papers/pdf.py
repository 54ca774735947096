"""PDF of a paper: the Word export converted by LibreOffice (headless) to PDF/A-2b.

Each conversion runs in its own temporary directory with its own LibreOffice user
profile, so two at once do not share (and lock) one profile, and is stopped after
``TIMEOUT_SECONDS``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from flask_babel import gettext as _

TIMEOUT_SECONDS = 60
#: writer_pdf_Export with SelectPdfVersion 2: PDF/A-2b.
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


class PdfUnavailable(RuntimeError):
    """No PDF could be made; the message is Norwegian, for the user."""


def soffice() -> str | None:
    """The LibreOffice program, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The .docx ``data`` as PDF/A-2b bytes, or ``PdfUnavailable`` with the reason."""
    program = soffice()
    if program is None:
        raise PdfUnavailable(_("PDF kan ikke lages fordi LibreOffice ikke er installert på "
                               "serveren. Last ned Word-dokumentet i stedet, eller be "
                               "driftsansvarlig installere LibreOffice (se README)."))
    with tempfile.TemporaryDirectory(prefix="fellesstemme-pdf-") as work:
        folder = Path(work)
        source = folder / "uttalelse.docx"  # i18n: not ui
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", PDF_FILTER, "--outdir", str(folder),
                   str(source)]
        try:
            _run(command, timeout, folder)
        except subprocess.TimeoutExpired as error:
            raise PdfUnavailable(_("PDF-en tok for lang tid å lage. Prøv igjen om litt, eller "
                                   "last ned Word-dokumentet.")) from error
        except (subprocess.CalledProcessError, OSError) as error:
            raise PdfUnavailable(_("LibreOffice klarte ikke å lage PDF-en. Last ned "
                                   "Word-dokumentet i stedet.")) from error
        result = folder / "uttalelse.pdf"  # i18n: not ui
        if not result.exists():
            raise PdfUnavailable(_("LibreOffice klarte ikke å lage PDF-en. Last ned "
                                   "Word-dokumentet i stedet."))
        return result.read_bytes()


def _run(command: list[str], timeout: float, folder: Path) -> None:
    """Run LibreOffice in a process group of its own; on timeout the whole group (the
    ``soffice`` script and the ``soffice.bin`` it starts) is killed."""
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    if code != 0:
        raise subprocess.CalledProcessError(code, command)
