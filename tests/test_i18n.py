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
