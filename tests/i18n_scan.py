"""Find user-visible Norwegian text that is not marked for translation.

Used by ``tests/test_i18n.py``, and from the shell while marking::

    python -m tests.i18n_scan unmarked advocacy/papers templates/papers
    python -m tests.i18n_scan missing translations.json advocacy/papers

The rules are heuristics, written to err on the side of flagging:

- **Templates**: every piece of text between tags, and every ``alt``, ``title``,
  ``aria-label``, ``placeholder`` … attribute, that has letters in it and is not inside
  ``_()`` / ``{% trans %}``; and every string literal in a Jinja expression that reads as
  Norwegian or is given as a label-like argument (``label="…"``).
- **Python**: every string literal that reads as Norwegian (æ, ø, å or a common Norwegian
  word), and every string in a place that is always shown (a form field's label, a
  validator's ``message``, ``flash``, ``ValidationError``), unless it is the argument of a
  gettext function, a docstring, a log message, or on a line ending ``# i18n: not ui``
  (``{# i18n: not ui #}`` in a template).

Modules that are not UI (the operator's CLI, the JSON API, demo data, archive codes) are
listed in ``EXEMPT`` with the reason.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import i18n as jinja_i18n

ROOT = Path(__file__).resolve().parent.parent

#: Paths (relative to the repository) that hold no UI text, with the reason.
EXEMPT = {
    "advocacy/cli.py": "the operator's command line",
    "advocacy/backup.py": "the operator's command line (backup and restore)",
    "advocacy/demo.py": "demo data",
    "advocacy/demo_data.py": "demo data",
    "advocacy/api": "the JSON API, read by programs",
    "advocacy/bodies/representatives.py": "an importer run from the command line",
    "advocacy/papers/archive.py": "Noark 5 codes (journalposttype, korrespondanseparttype …)",
    "advocacy/papers/make_default_template.py": "builds the default Word template's styles",
    "advocacy/i18n.py": "the language machinery itself",
    "advocacy/static/vendor": "third-party code, vendored as built",
}

PRAGMA = "i18n: not ui"
GETTEXT_NAMES = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext",
                 "pgettext", "lazy_pgettext", "npgettext"}
#: Template calls whose string arguments are codes, not text.
CODE_CALLS = {"url_for", "url_with", "public_url"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}

#: Common Norwegian words that English and identifiers rarely contain as whole words.
_WORDS = """
og ikke er på til med som av har kan må skal det eller fra ved om ny nytt nye alle ingen
finnes lagre slett endre frist tiltak uttalelse uttalelser tittel navn beskrivelse dato velg
vis legg fjern avbryt tilbake neste forrige side merknad notat fil vedlegg kontakt etat
møte brev ukjent bruker brukere passord lenke dager uker siden enn ble blir være etter hvis
hva hvem når noe inn ut opp ned ja nei annet annen sendt mottatt vedtatt lukket utkast
versjon endret opprettet slettet lagret organisasjon organisasjoner kommune fylkeskommune
rammebetingelse rammebetingelser rammevilkår høring høringer skriv finner fant mangler
gyldig ugyldig denne dette disse din ditt dine vår våre vi du deg seg sin sitt
""".split()
NORWEGIAN = re.compile(r"[æøåÆØÅ]|\b(?:" + "|".join(map(re.escape, _WORDS)) + r")\b",
                       re.IGNORECASE)
LETTERS = re.compile(r"[A-Za-zÆØÅæøåÉé]{2,}")
#: Text that is the same in both standards and never translated.
KEEP = re.compile(r"Subject:|Fellesstemme|Buskerudplanen|Buskerud|PDF|Word|Excel|CSV|iCal|ICS|"
                  r"API|URL|Noark|XML|JSON|ZIP|SVG|PNG|OK|ID|nb|nn|FAQ|WCAG|Nynorsk|Bokmål")
#: Attributes whose values are read out or shown.
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description",
                   "aria-roledescription", "aria-valuetext", "label", "summary"}
#: Keyword arguments (Python calls and Jinja macro calls) that are always shown.
LABEL_KEYWORDS = {"label", "description", "message", "heading", "title", "legend",
                  "hint", "caption", "placeholder", "aria_label", "empty", "help",
                  "button", "submit", "text", "summary", "prompt"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _relative(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def is_exempt(path: Path) -> bool:
    rel = _relative(path)
    return any(rel == key or rel.startswith(key + "/") for key in EXEMPT)


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if not path.is_absolute():
            path = ROOT / path
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.suffix in {".py", ".html", ".txt"} and candidate.is_file() \
                    and "__pycache__" not in candidate.parts and not is_exempt(candidate):
                yield candidate


def _visible(text: str) -> bool:
    return bool(LETTERS.search(KEEP.sub("", text)))


# --- Python ---------------------------------------------------------------------------


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_log_call(node: ast.Call) -> bool:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in LOG_METHODS):
        return False
    owner = ast.unparse(func.value)
    return "log" in owner.lower()


def scan_python(path: Path) -> list[Finding]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip: set[int] = set()   # ids of constants not to report
    always: set[int] = set()  # ids of constants shown whatever their language

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # attribute docstrings (#: style is a comment anyway)
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name in GETTEXT_NAMES or _is_log_call(node):
                skip.update(id(sub) for sub in ast.walk(node))
                continue
            shown = []
            if name.endswith("Field") and node.args:
                shown.append(node.args[0])
            if name in {"flash", "ValidationError", "StopValidation"} and node.args:
                shown.append(node.args[0])
            shown += [kw.value for kw in node.keywords if kw.arg in LABEL_KEYWORDS]
            for value in shown:
                always.update(id(sub) for sub in ast.walk(value))

    findings = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in skip:
            continue
        text = node.value
        if not _visible(text):
            continue
        if not (NORWEGIAN.search(text) or id(node) in always):
            continue
        span = lines[node.lineno - 1:(node.end_lineno or node.lineno)]
        if any(PRAGMA in line for line in span):
            continue
        findings.append(Finding(_relative(path), node.lineno, text))
    return findings


# --- Templates ------------------------------------------------------------------------

_ENV = Environment(extensions=[jinja_i18n])
_HOLE = "\x00"  # stands for a Jinja expression or a translated block in the text
_RAW_TAGS = {"script", "style", "code", "pre", "kbd", "samp"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._raw = 0

    def handle_starttag(self, tag, attrs):
        if tag in _RAW_TAGS:
            self._raw += 1
        for name, value in attrs:
            if value and name in TEXT_ATTRIBUTES:
                self.found.append((self.getpos()[0], value))
            if value and name == "value" and tag == "input" and \
                    dict(attrs).get("type") in {"submit", "button"}:
                self.found.append((self.getpos()[0], value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _RAW_TAGS:
            self._raw -= 1

    def handle_endtag(self, tag):
        if tag in _RAW_TAGS and self._raw:
            self._raw -= 1

    def handle_data(self, data):
        if not self._raw:
            self.found.append((self.getpos()[0], data))


def scan_template(path: Path) -> list[Finding]:
    source = path.read_text(encoding="utf-8")
    rel = _relative(path)
    findings: list[Finding] = []
    document: list[str] = []
    tokens = list(_ENV.lex(source))
    in_trans = False
    previous: list[tuple[str, str]] = []  # the last tokens inside the current tag
    for index, (lineno, kind, value) in enumerate(tokens):
        solid = [token for token in previous if token[0] != "whitespace"]
        if kind == "name" and solid and solid[-1][0] == "block_begin":
            if value == "trans":
                in_trans = True
            elif value == "endtrans":
                in_trans = False
        if kind in {"variable_begin", "block_begin"}:
            previous = []
        if kind == "data":
            # Keep the line count so the parser's positions are the template's lines.
            document.append(re.sub(r"[^\n]+", _HOLE, value) if in_trans else value)
        elif kind in {"variable_begin", "block_begin"}:
            document.append(_HOLE)
        elif kind == "comment_begin":
            document.append(_HOLE)
        else:
            document.append("\n" * str(value).count("\n") if kind in {"comment", "raw"} else "")
        if kind == "string" and not in_trans:
            value = value[1:-1]  # lex() gives the literal with its quotes
            words = [v for k, v in previous if k not in {"whitespace"}]
            called = len(words) >= 2 and words[-1] == "(" and words[-2] in GETTEXT_NAMES
            call, first_argument = _innermost_call(previous)
            in_gettext_args = call in GETTEXT_NAMES
            # Addresses and sort keys are codes: url_for('…'), sort_header(label, 'key', …).
            if call in CODE_CALLS or (call == "sort_header" and not first_argument):
                previous.append((kind, str(value)))
                continue
            keyword = len(words) >= 2 and words[-1] == "=" and words[-2] in LABEL_KEYWORDS
            if not (called or in_gettext_args) and _visible(value) and (
                    NORWEGIAN.search(value) or keyword):
                findings.append(Finding(rel, lineno, value))
        previous.append((kind, str(value)))

    collector = _TextCollector()
    collector.feed("".join(document))
    collector.close()
    # A line with the comment {# i18n: not ui #} holds codes (sort keys, anchors), not text.
    exempt = {number for number, line in enumerate(source.splitlines(), 1) if PRAGMA in line}
    findings = [finding for finding in findings if finding.line not in exempt]
    for lineno, text in collector.found:
        if lineno in exempt:
            continue
        text = text.replace(_HOLE, " ")
        if _visible(text):
            findings.append(Finding(rel, lineno, " ".join(text.split())))
    return findings


def _innermost_call(previous: list[tuple[str, str]]) -> tuple[str, bool]:
    """The name of the call whose parentheses the tokens so far leave us in ("" for none),
    and whether we are in its first argument."""
    previous = [token for token in previous if token[0] != "whitespace"]
    depth, first = 0, True
    for i in range(len(previous) - 1, -1, -1):
        kind, value = previous[i]
        if value in {")", "]", "}"}:
            depth += 1
        elif value in {"(", "[", "{"}:
            if depth == 0:
                name = previous[i - 1][1] if value == "(" and i > 0 else ""
                return name, first
            depth -= 1
        elif value == "," and depth == 0:
            first = False
    return "", first


# --- Both -------------------------------------------------------------------------------


def unmarked(paths: Iterable[str | Path]) -> list[Finding]:
    """Every unmarked user-visible string in ``paths`` (files or folders)."""
    findings: list[Finding] = []
    for path in _files(paths):
        if path.suffix == ".py":
            findings += scan_python(path)
        else:
            findings += scan_template(path)
    return findings


def extract(paths: Iterable[str | Path]) -> dict[str, str | None]:
    """The marked message ids in ``paths``: ``{msgid: plural msgid or None}``."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    keywords = dict(DEFAULT_KEYWORDS, _l=None, lazy_gettext=None, lazy_ngettext=(1, 2))
    messages: dict[str, str | None] = {}
    for path in _files(paths):
        method = "python" if path.suffix == ".py" else "jinja2"
        options = {} if method == "python" else {"trimmed": "true"}
        for _lineno, message, _comments, _context in extract_from_file(
                method, str(path), keywords=keywords, options=options):
            if isinstance(message, tuple):
                messages[message[0]] = message[1]
            else:
                messages[message] = None
    return messages


def _missing(json_path: str, paths: list[str]) -> list[str]:
    table = json.loads(Path(json_path).read_text(encoding="utf-8"))
    missing = []
    for msgid, plural in extract(paths).items():
        if not table.get(msgid):
            missing.append(msgid)
        if plural and not table.get(plural):
            missing.append(plural)
    return missing


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "unmarked":
        found = unmarked(argv[1:])
        for finding in found:
            print(finding)
        return 1 if found else 0
    if len(argv) >= 3 and argv[0] == "missing":
        found = _missing(argv[1], argv[2:])
        for msgid in found:
            print(repr(msgid))
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
