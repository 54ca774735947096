"""PDF of a paper: the Word letter through LibreOffice headless, as PDF/A-2b (issue 13)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from advocacy.papers import pdf
from tests.conftest import IN_CI
from tests.test_letter import HEARING, letter  # noqa: F401  (the fixture)

#: Skipped where LibreOffice is missing, except in CI (CI=true), where that is a failure.
needs_soffice = pytest.mark.skipif(pdf.soffice() is None and not IN_CI,
                                   reason="LibreOffice is not installed (make libreoffice)")


@needs_soffice
def test_the_pdf_is_the_letter_as_pdf_a(client, login_as, letter, tmp_path):  # noqa: F811
    login_as("staff")
    response = client.get(f"/papers/{letter.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    data = response.data
    assert data.startswith(b"%PDF")
    assert b"pdfaid:part" in data  # PDF/A identification in the XMP metadata
    disposition = response.headers["Content-Disposition"]
    assert "26.11.2026.pdf" in disposition and "filename*=UTF-8''H%C3%B8ringssvar" in disposition
    if pdftotext := shutil.which("pdftotext"):
        source = tmp_path / "brev.pdf"
        source.write_bytes(data)
        text = subprocess.run([pdftotext, str(source), "-"], check=True, capture_output=True,
                              text=True, timeout=60).stdout
        flat = " ".join(text.split())
        assert f"Høringssvar – {HEARING}" in flat
        assert "Med hilsen" in flat and "UTKAST" in flat
    else:
        assert data.count(b"/Type /Page") >= 1 or data.count(b"/Type/Page") >= 1


def test_without_libreoffice_the_answer_is_a_clear_503(client, login_as, letter, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    login_as("staff")
    response = client.get(f"/papers/{letter.id}.pdf")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "PDF kan ikke lages fordi LibreOffice ikke er installert" in page
    assert f"/papers/{letter.id}.docx" in page


def test_a_conversion_that_hangs_is_stopped(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(fake))
    with pytest.raises(pdf.PdfUnavailable, match="tok for lang tid"):
        pdf.docx_to_pdf(b"PK", timeout=0.5)
