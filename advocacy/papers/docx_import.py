"""Reading a Word draft (.docx) into a paper's sections: bytes in, sections and notes out.

Kept: headings (the highest level used starts a section, deeper levels become sub-headings),
paragraphs, bullet and numbered lists, bold, italic and links to http, https and mailto
addresses. Everything else is dropped and counted per kind in ``ImportResult.dropped``.

The file is untrusted: the zip directory is checked before anything is unpacked (size,
ratio, entries), only the parts needed are read, and XML is parsed without DTDs, entities
or network access.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from lxml import etree

from advocacy.papers import markdown
from advocacy.papers.markdown import Link, ListBlock, Paragraph, Span

#: The most a section's body may hold, in characters (the text page sets no limit of its own).
MAX_SECTION_CHARS = 100_000
#: A section heading is one line of at most this many characters, as on the text page.
MAX_HEADING_CHARS = 300
#: The most sections a paper's text may have (the text page's form allows no more).
MAX_SECTIONS = 200
#: Zip bomb limits, checked on the zip directory before anything is unpacked.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 100
#: Entries smaller than this may have any ratio (a tiny XML part compresses well).
RATIO_FLOOR_BYTES = 1024 * 1024
#: The largest XML part that is parsed.
MAX_PART_BYTES = 20 * 1024 * 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_MAIN = ("application/vnd.openxmlformats-officedocument.wordprocessingml.template."
                  "main+xml")
_MACRO_MAINS = ("application/vnd.ms-word.document.macroEnabled.main+xml",
                "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc files and encrypted .docx
_FALSE = ("0", "false", "off", "none")  # i18n: not ui
#: A number as Word writes one: ASCII digits only ("²" passes ``isdigit`` but not ``int``),
#: and short enough for ``int`` (it refuses more than 4300 digits) and for any list.
_DECIMAL = re.compile(r"[0-9]{1,9}")


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


class DocxImportError(ValueError):
    """The file cannot be read as a Word document; the message says why, for the user."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class ImportResult:
    """The sections read from a document, and what was dropped: kind -> count."""

    sections: list[dict]
    dropped: dict[str, int] = field(default_factory=dict)


def read_docx(data: bytes, *, max_section_chars: int = MAX_SECTION_CHARS) -> ImportResult:
    """Read a .docx file into sections (heading and Markdown body).

    :raises DocxImportError: the file is not a Word document, is too large unpacked,
        corrupt, holds no text, or a section is longer than ``max_section_chars``.
    """
    package = _Package(data)
    styles = _Styles(package.xml("styles"))
    numbering = _Numbering(package.xml("numbering"), styles)
    reader = _BodyReader(styles, numbering, package.links)
    items = reader.read(package.document)
    dropped = reader.dropped
    if headers := package.headers_with_text():
        dropped["headers"] = headers
    sections = _sections(items)
    _check(sections, max_section_chars)
    return ImportResult(sections=sections, dropped={k: n for k, n in dropped.items() if n})


# --- the package: checks, parts, relationships -----------------------------------------

_NOT_WORD = _l("Filen er ikke et gyldig Word-dokument (.docx).")
_CORRUPT = _l("Word-dokumentet er skadet og kan ikke leses. Åpne det i Word, lagre det på nytt "
              "og prøv igjen.")


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


class _Package:
    """The zip container of a .docx, checked, with the main document parsed."""

    def __init__(self, data: bytes) -> None:
        if data.startswith(_OLE_SIGNATURE):
            raise DocxImportError(_l("Filen er i det gamle .doc-formatet eller "
                                     "passordbeskyttet. Lagre den som Word-dokument (.docx) "
                                     "uten passord."))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            # A zip that cannot be opened is most likely a Word file cut short.
            raise DocxImportError(_CORRUPT if data.startswith(b"PK\x03\x04")
                                  else _NOT_WORD) from None
        _check_directory(self.zip.infolist())
        self._names = {info.filename.lower(): info.filename for info in self.zip.infolist()}
        main = self._main_part_name()
        self.document = self._parse(main)
        if self.document.tag != w("document"):
            if etree.QName(self.document).namespace == _STRICT_W:
                raise DocxImportError(_l("Dokumentet er lagret som «Strict Open XML». Lagre "
                                         "det som vanlig «Word-dokument» og prøv igjen."))
            raise DocxImportError(_CORRUPT)
        self.rels = self._relationships(main)
        self.links = {rid: target for rid, (kind, target, external) in self.rels.items()
                      if external and kind.endswith("/hyperlink")}

    def _read(self, name: str) -> bytes | None:
        """A part's bytes, or ``None`` if the package has no such part."""
        stored = self._names.get(name.lstrip("/").lower())
        if stored is None:
            return None
        if self.zip.getinfo(stored).file_size > MAX_PART_BYTES:
            raise DocxImportError(_l("Word-dokumentet er for stort til å leses inn. Del det opp "
                                     "i flere dokumenter."))
        try:
            return self.zip.read(stored)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError,
                zlib.error, ValueError):
            raise DocxImportError(_CORRUPT) from None

    def _parse(self, name: str, *, is_required: bool = True):
        """A part's XML root; ``None`` for a missing part that is not required."""
        data = self._read(name)
        if data is None:
            if is_required:
                raise DocxImportError(_CORRUPT)
            return None
        try:
            root = etree.fromstring(data, parser=_safe_parser())
        except (etree.XMLSyntaxError, ValueError):
            raise DocxImportError(_CORRUPT) from None
        if root.getroottree().docinfo.doctype:  # no part of a real document has one
            raise DocxImportError(_CORRUPT)
        return root

    def _main_part_name(self) -> str:
        data = self._read("[Content_Types].xml")
        if data is None:
            raise DocxImportError(_NOT_WORD)
        try:
            types = etree.fromstring(data, parser=_safe_parser())
        except (etree.XMLSyntaxError, ValueError):
            raise DocxImportError(_NOT_WORD) from None
        overrides = {o.get("ContentType"): o.get("PartName", "")
                     for o in types.iter(f"{{{_CT}}}Override")}
        if any(kind in overrides for kind in _MACRO_MAINS):
            raise DocxImportError(_l("Filen inneholder makroer (.docm). Lagre den som .docx "
                                     "uten makroer."))
        if _TEMPLATE_MAIN in overrides:
            raise DocxImportError(_l("Filen er en Word-mal (.dotx). Lagre den som .docx og last "
                                     "opp på nytt."))
        if DOCX_MAIN not in overrides:
            raise DocxImportError(_NOT_WORD)
        return overrides[DOCX_MAIN].lstrip("/")

    def _relationships(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """The part's relationships: id -> (type, target, is external)."""
        folder, name = posixpath.split(part)
        root = self._parse(posixpath.join(folder, "_rels", name + ".rels"), is_required=False)
        rels = {}
        for rel in root.iter(f"{{{_PR}}}Relationship") if root is not None else ():
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if not external:
                target = posixpath.normpath(posixpath.join("/" + folder, target)).lstrip("/")
            rels[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
        return rels

    def xml(self, kind: str):
        """The main part's related part of ``kind`` (``styles``, ``numbering``), or ``None``."""
        for rel_type, target, external in self.rels.values():
            if not external and rel_type.endswith("/" + kind):
                return self._parse(target, is_required=False)
        return None

    def headers_with_text(self) -> int:
        """How many headers and footers hold text (they are not imported)."""
        parts = [self._parse(target, is_required=False)
                 for rel_type, target, external in self.rels.values()
                 if not external and rel_type.endswith(("/header", "/footer"))]
        return sum(part is not None and _has_text(part) for part in parts)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its directory alone: too many entries, too large, too packed."""
    too_large = DocxImportError(_l(
        "Filen er pakket slik et vanlig Word-dokument aldri er (mer enn %(limit)d MB utpakket, "
        "svært tett pakket eller i svært mange deler). Ingenting er lest inn.",
        limit=MAX_UNPACKED_BYTES // (1024 * 1024)))
    if len(infos) > MAX_ENTRIES:
        raise too_large
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise too_large
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES \
                and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise too_large


# --- styles and numbering --------------------------------------------------------------

def _val(element, name: str) -> str | None:
    """The ``w:val`` of the child ``name`` of ``element``, or ``None`` if it is absent."""
    child = element.find(w(name)) if element is not None else None
    return None if child is None else child.get(w("val"), "")


def _is_on(rpr, name: str) -> bool:
    """Whether a toggle such as ``w:b`` is on in run properties."""
    value = _val(rpr, name)
    return value is not None and value.lower() not in _FALSE


_HEADING_NAME = re.compile(r"heading (\d)$")
_LIST_NAME = re.compile(r"list (bullet|number)(?: (\d))?$")


class _Styles:
    """Style lookups along each style's ``basedOn`` chain."""

    def __init__(self, root) -> None:
        self.by_id = {}
        self.default_paragraph = None
        for style in root.iter(w("style")) if root is not None else ():
            style_id = style.get(w("styleId"), "")
            self.by_id[style_id] = style
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                self.default_paragraph = style_id

    def chain(self, style_id: str | None):
        """The style and those it is based on, nearest first."""
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            yield self.by_id[style_id]
            style_id = _val(self.by_id[style_id], "basedOn")

    def heading_level(self, style_id: str | None) -> int | None:
        """1 for Title and Heading 1, 2 for Heading 2 …; ``None`` for other styles."""
        for style in self.chain(style_id):
            name = (_val(style, "name") or "").lower()
            if name == "title":
                return 1
            if match := _HEADING_NAME.match(name):
                return int(match.group(1))
            if level := _outline_level(style.find(w("pPr"))):
                return level
        return None

    def numbering(self, style_id: str | None) -> tuple[str, str | None] | None:
        """The ``(numId, ilvl)`` a paragraph style gives its paragraphs."""
        for style in self.chain(style_id):
            num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
            if num_pr is not None and _val(num_pr, "numId") is not None:
                return _val(num_pr, "numId"), _val(num_pr, "ilvl")
        return None

    def list_by_name(self, style_id: str | None) -> tuple[bool, int] | None:
        """``(is_ordered, level)`` for List Bullet and List Number styles (2, 3 … deeper)."""
        for style in self.chain(style_id):
            if match := _LIST_NAME.match((_val(style, "name") or "").lower()):
                return match.group(1) == "number", int(match.group(2) or 1) - 1
        return None

    def emphasis(self, style_id: str | None) -> tuple[bool, bool]:
        """Bold and italic that a character style gives its runs."""
        bold = italic = None
        for style in self.chain(style_id):
            rpr = style.find(w("rPr"))
            if bold is None and _val(rpr, "b") is not None:
                bold = _is_on(rpr, "b")
            if italic is None and _val(rpr, "i") is not None:
                italic = _is_on(rpr, "i")
        return bool(bold), bool(italic)


def _outline_level(ppr) -> int | None:
    value = _number(_val(ppr, "outlineLvl"))
    return value + 1 if value is not None and value < 9 else None


class _Numbering:
    """numbering.xml: is a list level a bullet or a number, and where does it start."""

    def __init__(self, root, styles: _Styles) -> None:
        self.styles = styles
        self.abstracts = {a.get(w("abstractNumId")): a
                          for a in (root.iter(w("abstractNum")) if root is not None else ())}
        self.nums = {n.get(w("numId")): n
                     for n in (root.iter(w("num")) if root is not None else ())}

    def level(self, num_id: str, ilvl: int, depth: int = 0) -> tuple[str, int] | None:
        """``(format, start)`` of a list level, e.g. ``("bullet", 1)``; ``None`` if unknown."""
        num = self.nums.get(num_id)
        if num is None or depth > 3:
            return None
        override_start = None
        for override in num.iter(w("lvlOverride")):
            if override.get(w("ilvl")) == str(ilvl):
                override_start = _number(_val(override, "startOverride"))
                if (lvl := override.find(w("lvl"))) is not None:
                    return _format_and_start(lvl, override_start)
        abstract = self.abstracts.get(_val(num, "abstractNumId"))
        if abstract is None:
            return None
        for lvl in abstract.iter(w("lvl")):
            if lvl.get(w("ilvl")) == str(ilvl):
                return _format_and_start(lvl, override_start)
        if (link := _val(abstract, "numStyleLink")) and (linked := self.styles.numbering(link)):
            return self.level(linked[0], ilvl, depth + 1)
        return None


def _format_and_start(lvl, override_start: int | None) -> tuple[str, int]:
    start = override_start if override_start is not None else _number(_val(lvl, "start"))
    return _val(lvl, "numFmt") or "decimal", 1 if start is None else start


def _number(value: str | None) -> int | None:
    """An attribute's whole number; ``None`` if it is absent or not a plain number."""
    return int(value) if value and _DECIMAL.fullmatch(value) else None


# --- the body: paragraphs, runs, fields ------------------------------------------------

@dataclass
class _Item:
    """One paragraph of the body: a heading, a list item or a plain paragraph."""

    inlines: list
    heading_level: int | None = None
    #: For list items: numbered or not, and the number the item would show.
    is_ordered: bool | None = None
    number: int = 1


@dataclass
class _Field:
    """A Word field being read: its code, and whether its shown result has begun."""

    code: str = ""
    in_result: bool = False

    @property
    def kind(self) -> str:
        """The field's name in capitals: ``HYPERLINK``, ``TOC``, ``PAGE`` …"""
        return self.code.split()[0].upper() if self.code.split() else ""

    @property
    def url(self) -> str | None:
        """A HYPERLINK field's address, if it may be a link."""
        match = _HYPERLINK_CODE.search(self.code)
        target = (match.group(1) or match.group(2)) if match else ""
        return target if target and markdown.is_safe_url(target) else None


_SKIPPED_FIELDS = ("TOC", "INDEX", "TOA")  # i18n: not ui
_HYPERLINK_CODE = re.compile(r'HYPERLINK\s+(?:"([^"]*)"|(\S+))')


class _BodyReader:
    """Walk the body in order, collecting items and counting what is dropped."""

    def __init__(self, styles: _Styles, numbering: _Numbering, links: dict[str, str]) -> None:
        self.styles, self.numbering, self.links = styles, numbering, links
        self.dropped: Counter = Counter()
        self.fields: list[_Field] = []
        self.items: list[_Item] = []
        self.counters: Counter = Counter()
        self._paragraph_flags: set[str] = set()

    def read(self, document) -> list[_Item]:
        body = document.find(w("body"))
        if body is not None:
            self._blocks(body)
        return self.items

    def _blocks(self, parent) -> None:
        for child in parent:
            if child.tag == w("p"):
                self._paragraph(child)
            elif child.tag == w("tbl"):
                self.dropped["tables"] += 1
            elif child.tag == w("sdt"):
                gallery = child.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
                if gallery is not None and "contents" in gallery.get(w("val"), "").lower():
                    self.dropped["toc"] += 1
                elif (content := child.find(w("sdtContent"))) is not None:
                    self._blocks(content)
            elif child.tag == w("customXml"):
                self._blocks(child)
            elif child.tag == w("altChunk"):
                self.dropped["images"] += 1

    def _paragraph(self, p) -> None:
        ppr = p.find(w("pPr"))
        style_id = _val(ppr, "pStyle") or self.styles.default_paragraph
        self._paragraph_flags = set()
        pieces: list[tuple[Span, str | None]] = []
        self._inlines(p, pieces, None)
        self.dropped.update(self._paragraph_flags)
        inlines = _tidy(pieces)
        if not inlines:
            return
        level = _outline_level(ppr) or self.styles.heading_level(style_id)
        if level is not None:
            self.items.append(_Item(inlines, heading_level=level))
            return
        self.items.append(self._list_item(ppr, style_id, inlines) or _Item(inlines))

    def _list_item(self, ppr, style_id, inlines) -> _Item | None:
        """The paragraph as a list item, if it is numbered or has a list style."""
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        num_id, ilvl = (_val(num_pr, "numId"), _val(num_pr, "ilvl")) if num_pr is not None \
            else (None, None)
        if num_id is None and (by_style := self.styles.numbering(style_id)):
            num_id, ilvl = by_style[0], ilvl or by_style[1]
        if num_id == "0":
            return None
        level = _number(ilvl) or 0
        named = self.styles.list_by_name(style_id)  # List Bullet 2 is deeper, whatever its ilvl
        found = self.numbering.level(num_id, level) if num_id else None
        if found is not None:
            (fmt, start), is_ordered = found, found[0] != "bullet"
            if fmt == "none":
                return None
        elif named is not None:
            is_ordered, start = named[0], 1
        else:
            return None
        level = max(level, named[1] if named else 0)
        if level > 0:
            self.dropped["nested"] += 1
        key = (num_id or style_id, level)
        self.counters[key] += 1
        return _Item(inlines, is_ordered=is_ordered, number=start + self.counters[key] - 1)

    def _inlines(self, parent, pieces: list, url: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self._run(child, pieces, url)
            elif tag == w("hyperlink"):
                self._hyperlink(child, pieces, url)
            elif tag in (w("del"), w("moveFrom")):
                self.dropped["deletions"] += 1
            elif tag == w("fldSimple"):
                field_ = _Field(child.get(w("instr"), ""), in_result=True)  # i18n: not ui
                self._field_begins(field_)
                self.fields.append(field_)
                self._inlines(child, pieces, url)
                self.fields.pop()
            elif tag == w("sdt"):
                if (content := child.find(w("sdtContent"))) is not None:
                    self._inlines(content, pieces, url)
            elif tag in (w("ins"), w("moveTo"), w("smartTag"), w("customXml"), w("dir"),
                         w("bdo")):
                self._inlines(child, pieces, url)
            elif etree.QName(tag).localname in ("oMath", "oMathPara"):
                self.dropped["equations"] += 1

    def _hyperlink(self, element, pieces: list, url: str | None) -> None:
        target = self.links.get(element.get(f"{{{_R}}}id", ""))
        if url is None:
            if target and element.get(w("anchor")):
                target += "#" + element.get(w("anchor"))
            if target and markdown.is_safe_url(target):
                url = target
            elif self._is_shown() and _has_text(element):
                self.dropped["unsafe_links"] += 1
        self._inlines(element, pieces, url)

    def _field_begins(self, field_: _Field) -> None:
        """Count a field whose result begins (or that has none)."""
        if field_.kind in _SKIPPED_FIELDS:
            self.dropped["toc"] += 1
        elif field_.kind != "HYPERLINK":
            self.dropped["fields"] += 1
        elif field_.url is None and self._is_shown():
            self.dropped["unsafe_links"] += 1

    def _field_url(self, url: str | None) -> str | None:
        """The link of the innermost HYPERLINK field whose result is being read, else ``url``."""
        for field_ in reversed(self.fields):
            if field_.kind == "HYPERLINK":
                return field_.url
        return url

    def _is_shown(self) -> bool:
        """Whether text read now is shown: not a field's code, not a table of contents."""
        return all(f.in_result and f.kind not in _SKIPPED_FIELDS for f in self.fields)

    def _field_char(self, char) -> None:
        kind = char.get(w("fldCharType"))
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].in_result = True
            self._field_begins(self.fields[-1])
        elif kind == "end" and self.fields:
            if not self.fields[-1].in_result:  # a field without a shown result
                self._field_begins(self.fields[-1])
            self.fields.pop()

    def _run(self, run, pieces: list, url: str | None) -> None:
        rpr = run.find(w("rPr"))
        if _is_on(rpr, "vanish"):
            self._paragraph_flags.add("hidden")
            return
        bold, italic = self.styles.emphasis(_val(rpr, "rStyle"))
        if _val(rpr, "b") is not None:
            bold = _is_on(rpr, "b")
        if _val(rpr, "i") is not None:
            italic = _is_on(rpr, "i")
        has_text = False
        for child in run:
            text = self._run_child(child)
            if text and self._is_shown():
                pieces.append((Span(text, bold, italic), self._field_url(url)))
                has_text = has_text or bool(text.strip())
        if has_text and _has_formatting(rpr):
            self._paragraph_flags.add("formatting")

    def _run_child(self, child) -> str | None:
        """The text a run's child shows; what it drops is counted."""
        local = etree.QName(child).localname
        if local == "t":
            return child.text or ""
        if local in ("tab", "ptab", "br", "cr"):
            return " "
        if local == "noBreakHyphen":
            return "-"
        if local == "fldChar":
            self._field_char(child)
        elif local == "instrText" and self.fields and not self.fields[-1].in_result:
            self.fields[-1].code += child.text or ""
        elif local in ("drawing", "pict", "object", "AlternateContent") and self._is_shown():
            is_box = next(child.iter("{*}txbx", "{*}textbox", "{*}txbxContent"), None) is not None
            self.dropped["text_boxes" if is_box else "images"] += 1
        elif local in ("footnoteReference", "endnoteReference"):
            self.dropped["footnotes"] += 1
        elif local == "commentReference":
            self.dropped["comments"] += 1
        elif local == "sym":
            self.dropped["symbols"] += 1
        return None


#: Run properties whose look is lost when set: underline, size, highlight and the like.
_FORMATTING = ("u", "sz", "highlight", "strike", "dstrike", "shd", "caps", "smallCaps", "em",
               "outline", "shadow", "emboss", "imprint", "effect")


def _has_formatting(rpr) -> bool:
    """Whether run properties set a look the Markdown subset cannot hold."""
    if rpr is None:
        return False
    color, fonts = _val(rpr, "color"), rpr.find(w("rFonts"))
    return (_val(rpr, "vertAlign") not in (None, "baseline")
            or (color is not None and color.lower() not in ("auto", "000000"))
            or (fonts is not None and bool(fonts.get(w("ascii")) or fonts.get(w("hAnsi"))))
            or any(_is_on(rpr, name) for name in _FORMATTING))


def _has_text(element) -> bool:
    return any((t.text or "").strip() for t in element.iter(w("t")))


# --- inline text: tidy spans into canonical Markdown inlines ---------------------------

#: Blanks that collapse to one space; no-break spaces are kept as typed.
_BLANKS = re.compile(r"[^\S\xa0\u2007\u202f]+")


def _tidy(pieces: list[tuple[Span, str | None]]) -> tuple:
    """Spans (each with its link, if any) as inlines: blanks collapsed, none at the edges
    of links or the paragraph, neighbours with the same look merged."""
    spans: list[tuple[Span, str | None]] = []
    after_blank = True
    for span, url in pieces:
        text = _BLANKS.sub(" ", span.text)
        if after_blank:
            text = text.lstrip(" ")
        if text:
            spans.append((Span(text, span.bold, span.italic), url))
            after_blank = text.endswith(" ")
    inlines: list = []
    for url, group in _by_link(spans):
        if url is None:
            inlines.extend(group)
            continue
        lead, trail = _edges("".join(s.text for s in group))
        inner = _strip_edges(group)
        inlines += [Span(lead)] if lead else []
        inlines += [Link(url, tuple(_merge(inner)))] if inner else []
        inlines += [Span(trail)] if trail and inner else []
    return tuple(_merge(_strip_edges(inlines)))


def _edges(text: str) -> tuple[str, str]:
    """The blanks at the start and at the end of ``text`` (all of it counts as the start)."""
    core = text.strip()  # linear; a regular expression backtracked over long blank runs
    if not core:
        return text, ""
    start = len(text) - len(text.lstrip())
    return text[:start], text[start + len(core):]


def _by_link(spans: list[tuple[Span, str | None]]) -> list[tuple[str | None, list[Span]]]:
    """Neighbouring spans grouped by the link they belong to."""
    groups: list[tuple[str | None, list[Span]]] = []
    for span, url in spans:
        if groups and groups[-1][0] == url:
            groups[-1][1].append(span)
        else:
            groups.append((url, [span]))
    return groups


def _strip_edges(inlines: list) -> list:
    """Inlines without blanks at the start and the end."""
    inlines = [i for i in inlines if not isinstance(i, Span) or i.text]
    if inlines and isinstance(inlines[0], Span):
        first = inlines[0]
        inlines[0] = Span(first.text.lstrip(), first.bold, first.italic)
    if inlines and isinstance(inlines[-1], Span):
        last = inlines[-1]
        inlines[-1] = Span(last.text.rstrip(), last.bold, last.italic)
    return [i for i in inlines if not isinstance(i, Span) or i.text]


def _merge(inlines: list) -> list:
    """Neighbouring spans with the same look joined, without a double space at the join."""
    out: list = []  # a span being joined is a _Joined until the end (one join, not many)
    for inline in inlines:
        if not isinstance(inline, Span):
            out.append(inline)
            continue
        previous = out[-1] if out and isinstance(out[-1], _Joined) else None
        text = inline.text.lstrip(" ") if previous and previous.texts[-1].endswith(" ") \
            else inline.text
        if not text:
            continue
        if previous and previous.look == (inline.bold, inline.italic):
            previous.texts.append(text)
        else:
            out.append(_Joined((inline.bold, inline.italic), [text]))
    return [Span("".join(i.texts), *i.look) if isinstance(i, _Joined) else i for i in out]


@dataclass
class _Joined:
    """Texts of neighbouring spans with one look (bold, italic), to be joined once."""

    look: tuple[bool, bool]
    texts: list[str]


# --- sections ----------------------------------------------------------------------------

def _sections(items: list[_Item]) -> list[dict]:
    """Items grouped into sections at the highest heading level used, as Markdown."""
    levels = [item.heading_level for item in items if item.heading_level is not None]
    top = min(levels, default=None)
    sections: list[tuple[str, list]] = []
    for item in items:
        if item.heading_level == top and top is not None:
            sections.append((markdown.plain_text(item.inlines), []))
            continue
        if not sections:
            sections.append(("", []))
        sections[-1][1].append(item)
    return [{"heading": heading, "body": markdown.to_markdown(_blocks(section_items))}
            for heading, section_items in sections]


def _blocks(items: list[_Item]) -> list:
    """Items as Markdown blocks; neighbouring list items of one kind make one list."""
    blocks: list = []
    for item in items:
        if item.heading_level is not None:
            blocks.append(markdown.Heading(tuple(item.inlines)))
        elif item.is_ordered is None:
            blocks.append(Paragraph(tuple(item.inlines)))
        elif blocks and isinstance(blocks[-1], ListBlock) \
                and blocks[-1].is_ordered == item.is_ordered:
            previous = blocks[-1]
            blocks[-1] = ListBlock(previous.is_ordered, (*previous.items, tuple(item.inlines)),
                                   previous.start)
        else:
            blocks.append(ListBlock(item.is_ordered, (tuple(item.inlines),),
                                    item.number if item.is_ordered else 1))
    return blocks


def _check(sections: list[dict], max_section_chars: int) -> None:
    """Refuse a document without text, with too many sections, an overlong heading or an
    overlong section."""
    if not any(s["heading"] or s["body"] for s in sections):
        raise DocxImportError(_l("Dokumentet har ingen tekst å lese inn."))
    if len(sections) > MAX_SECTIONS:
        raise DocxImportError(_l(
            "Dokumentet ville blitt %(count)d deler, men en tekst kan ha høyst %(limit)d deler. "
            "Hver overskrift på det høyeste nivået i dokumentet begynner en ny del. Gjør noen "
            "av dem til overskrifter på et lavere nivå (for eksempel Overskrift 2) i Word, og "
            "prøv igjen. Ingenting er lest inn.", count=len(sections), limit=MAX_SECTIONS))
    for section in sections:
        if len(section["heading"]) > MAX_HEADING_CHARS:
            raise DocxImportError(_l(
                "Overskriften «%(start)s …» er lengre enn %(limit)d tegn. Gjør den kortere, "
                "eller gi avsnittet en vanlig stil i stedet for en overskriftsstil.",
                start=section["heading"][:60], limit=MAX_HEADING_CHARS))
        if len(section["body"]) > max_section_chars:
            raise DocxImportError(_l(
                "Delen «%(heading)s» har %(length)d tegn, men en del kan ha høyst %(limit)d. "
                "Del teksten opp med flere overskrifter i Word og prøv igjen.",
                heading=section["heading"][:60] or _l("(uten overskrift)"),
                length=len(section["body"]), limit=max_section_chars))


# --- notes for the user ------------------------------------------------------------------

def notes(dropped: dict[str, int]) -> list[str]:
    """What was dropped, one phrase per kind, in the order a reader meets them."""
    phrases = {
        "tables": lambda n: ngettext("%(num)d tabell", "%(num)d tabeller", n),
        "images": lambda n: ngettext("%(num)d bilde, tegning eller innebygd objekt",
                                     "%(num)d bilder, tegninger eller innebygde objekter", n),
        "text_boxes": lambda n: ngettext("%(num)d tekstboks", "%(num)d tekstbokser", n),
        "footnotes": lambda n: ngettext("%(num)d fotnote eller sluttnote",
                                        "%(num)d fotnoter eller sluttnoter", n),
        "comments": lambda n: ngettext("%(num)d kommentar", "%(num)d kommentarer", n),
        "deletions": lambda n: ngettext("%(num)d sporet sletting (den slettede teksten)",
                                        "%(num)d sporede slettinger (den slettede teksten)", n),
        "toc": lambda n: ngettext("%(num)d innholdsfortegnelse",
                                  "%(num)d innholdsfortegnelser", n),
        "fields": lambda n: ngettext("%(num)d felt (teksten det viste, er beholdt)",
                                     "%(num)d felt (teksten de viste, er beholdt)", n),
        "formatting": lambda n: ngettext(
            "understreking, farge, skrifttype eller skriftstørrelse i %(num)d avsnitt",
            "understreking, farge, skrifttype eller skriftstørrelse i %(num)d avsnitt", n),
        "nested": lambda n: ngettext(
            "%(num)d underpunkt i en liste (flyttet opp til listens første nivå)",
            "%(num)d underpunkter i lister (flyttet opp til listens første nivå)", n),
        "unsafe_links": lambda n: ngettext(
            "%(num)d lenke som ikke går til en nettside eller e-postadresse (teksten er "
            "beholdt)",
            "%(num)d lenker som ikke går til en nettside eller e-postadresse (teksten er "
            "beholdt)", n),
        "equations": lambda n: ngettext("%(num)d formel", "%(num)d formler", n),
        "symbols": lambda n: ngettext("%(num)d tegn fra en symbolskrift",
                                      "%(num)d tegn fra en symbolskrift", n),
        "hidden": lambda n: ngettext("skjult tekst i %(num)d avsnitt",
                                     "skjult tekst i %(num)d avsnitt", n),
        "headers": lambda n: ngettext("%(num)d topptekst eller bunntekst",
                                      "%(num)d topptekster eller bunntekster", n),
    }
    return [phrase(dropped[kind]) for kind, phrase in phrases.items() if dropped.get(kind)]
