r"""The small Markdown subset of paper sections: a parser to a block tree, and HTML.

Supported: paragraphs (separated by blank lines), sub-headings (a line starting with
``#`` to ``######`` and a space; all one level, under the section's own heading), bullet
lists (``-`` or ``*``), numbered lists (``1.`` or ``1)``), ``**bold**``, ``*italic*`` and
``[text](url)`` links to http, https and mailto addresses. A backslash before ASCII
punctuation makes it literal (``\*``, ``\[``, ``\#``, ``\\``). Everything else is literal
text: ``<script>``, ``&``, ``_x_``, a stray ``*`` and a link to any other scheme stay as
typed. Lists are flat; an indented or plain line right after an item continues that item.

The tree is what the web preview (:func:`to_html`), the Word export and the diff render,
so they cannot disagree about what a text means. The editor in the browser sends HTML:
:func:`from_html` cleans it with nh3 and reads it into the same tree, and
:func:`to_markdown` writes a tree back as text that parses to the same tree.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import lxml.html
import nh3
from lxml import etree
from markupsafe import Markup, escape

#: Link schemes that may become links; anything else (javascript:, data:, …) stays text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class Span:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Link:
    """A link; its text is one or more spans."""

    url: str
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        """The link's visible text."""
        return "".join(span.text for span in self.spans)


Inline = Span | Link


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline content."""

    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    """A bullet list, or a numbered list counting from ``start``."""

    is_ordered: bool
    items: tuple[tuple[Inline, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section."""

    inlines: tuple[Inline, ...]


Block = Paragraph | ListBlock | Heading

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*)$")
#: What a backslash may escape, and the private-use characters that stand in for the
#: escaped character while the line and inline rules run.
_ESCAPABLE = string.punctuation
_ESCAPE = re.compile(r"\\([%s])" % re.escape(_ESCAPABLE))
_PRIVATE = 0xE000
_PRIVATE_CHARS = re.compile("[\uE000-\uE0FF]")

_BULLET = re.compile(r"^ {0,3}[-*][ \t]+(?P<text>.*)$")
_NUMBER = re.compile(r"^ {0,3}(?P<number>\d{1,3})(?P<delimiter>[.)])[ \t]+(?P<text>.*)$")
# "1. januar 2027 …" at the start of a line is a Norwegian date, not a list item.
_DATE_REST = re.compile(
    r"(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b"
)
# One level of balanced parentheses in the URL lets Wikipedia-style addresses through.
_LINK = re.compile(r"\[(?P<text>[^\[\]\n]+)\]\((?P<url>(?:[^\s()]|\([^\s()]*\))+)\)")
_STARS = re.compile(r"\*+")


def is_safe_url(url: str) -> bool:
    """Whether ``url`` may be shown as a link (http/https with a host, or mailto)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return False
    return bool(parts.netloc) if scheme != "mailto" else bool(parts.path)


def _hide_escapes(source: str) -> str:
    """Replace each backslash escape by a private-use character no rule matches."""
    source = _PRIVATE_CHARS.sub("", source)
    return _ESCAPE.sub(lambda m: chr(_PRIVATE + _ESCAPABLE.index(m.group(1))), source)


def _reveal(text: str) -> str:
    """Turn the stand-ins of :func:`_hide_escapes` back into the characters they hide."""
    return _PRIVATE_CHARS.sub(lambda m: _ESCAPABLE[ord(m.group()) - _PRIVATE], text)


def parse(source: str) -> list[Block]:
    """Parse section text in the Markdown subset into blocks."""
    return [_revealed(block) for block in _parse(_hide_escapes(source))]


def _revealed(block: Block) -> Block:
    if isinstance(block, ListBlock):
        return ListBlock(block.is_ordered, tuple(_revealed_inlines(i) for i in block.items),
                         block.start)
    return type(block)(_revealed_inlines(block.inlines))


def _revealed_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return tuple(Span(_reveal(i.text), i.bold, i.italic) if isinstance(i, Span)
                 else Link(_reveal(i.url), tuple(Span(_reveal(s.text), s.bold, s.italic)
                                                 for s in i.spans))
                 for i in inlines)


def _parse(source: str) -> list[Block]:
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    kind: str | None = None  # "bullet" or "number" while a list is open
    start = 1
    after_blank = False

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(parse_inlines(" ".join(paragraph))))
            paragraph.clear()

    def close_list() -> None:
        nonlocal kind
        if kind is not None:
            blocks.append(
                ListBlock(
                    is_ordered=kind == "number",
                    items=tuple(parse_inlines(" ".join(item)) for item in items),
                    start=start,
                )
            )
            items.clear()
            kind = None

    for line in lines:
        if not line.strip():
            close_paragraph()
            after_blank = True
            continue
        if heading := _HEADING.match(line):
            close_paragraph()
            close_list()
            blocks.append(Heading(parse_inlines(heading.group("text").rstrip(" \t"))))
            after_blank = False
            continue
        marker = _list_marker(line, is_in_paragraph=bool(paragraph))
        if marker:
            new_kind, number, text = marker
            if new_kind != kind:
                close_paragraph()
                close_list()
                kind, start = new_kind, number
            items.append([text])
        elif kind is not None and not (after_blank and not line.startswith((" ", "\t"))):
            # A line right after an item (or indented after a blank) continues the item.
            items[-1].append(line.strip())
        else:
            close_list()
            paragraph.append(line.strip())
        after_blank = False
    close_paragraph()
    close_list()
    return blocks


def _list_marker(line: str, *, is_in_paragraph: bool) -> tuple[str, int, str] | None:
    """The list kind, start number and item text if ``line`` starts a list item."""
    if bullet := _BULLET.match(line):
        return "bullet", 1, bullet.group("text").strip()
    number = _NUMBER.match(line)
    if not number or (number.group("delimiter") == "." and _DATE_REST.match(number.group("text"))):
        return None
    start = int(number.group("number"))
    if is_in_paragraph and start != 1:
        # As in CommonMark: "3. …" inside a paragraph is text, not a new list.
        return None
    return "number", start, number.group("text").strip()


@dataclass
class _Delim:
    """A run of ``*`` that may open or close emphasis."""

    count: int
    can_open: bool
    can_close: bool
    #: The run's length as written (the rule of three looks at it, not at what is left).
    length: int = 0

    def __post_init__(self) -> None:
        self.length = self.length or self.count


@dataclass
class _Emph:
    """Emphasis found by the delimiter algorithm, before flattening."""

    is_strong: bool
    children: list[_Node]


_Node = str | Link | _Delim | _Emph


def parse_inlines(text: str, *, with_links: bool = True) -> tuple[Inline, ...]:
    """Parse one paragraph's or item's text into spans and links."""
    nodes = list(_tokens(text, with_links=with_links))
    _match_emphasis(nodes)
    return tuple(_merge(_flatten(nodes, bold=False, italic=False)))


def _tokens(text: str, *, with_links: bool) -> Iterator[_Node]:
    """Split text into plain strings, safe links and runs of stars."""
    links = [m for m in _LINK.finditer(text) if with_links and is_safe_url(m.group("url"))]
    position = 0
    for match in [*links, None]:
        end = match.start() if match else len(text)
        for star in _STARS.finditer(text, position, end):
            if star.start() > position:
                yield text[position : star.start()]
            # Flanking is judged on the whole text, so stars may hug a link.
            before = text[star.start() - 1] if star.start() else " "
            after = text[star.end()] if star.end() < len(text) else " "
            yield _Delim(len(star.group()), not after.isspace(), not before.isspace())
            position = star.end()
        if end > position:
            yield text[position:end]
        if match:
            spans = parse_inlines(match.group("text"), with_links=False)
            yield Link(match.group("url"), tuple(s for s in spans if isinstance(s, Span)))
            position = match.end()


_OPENER_REACH = 200


def _find_opener(nodes: list[_Node], closer_index: int) -> int | None:
    """The index of the nearest star run before ``closer_index`` that can open it."""
    closer = nodes[closer_index]
    assert isinstance(closer, _Delim)
    # Looking no further back than this keeps a text of thousands of unmatched stars
    # linear; emphasis spanning more than a hundred star runs is not written by people.
    for index in range(closer_index - 1, max(-1, closer_index - 1 - _OPENER_REACH), -1):
        node = nodes[index]
        if isinstance(node, _Delim) and node.can_open and node.count:
            # CommonMark's rule of three: ``**a*b***`` is <strong>a<em>b</em></strong>.
            if ((node.can_close or closer.can_open)
                    and (node.length + closer.length) % 3 == 0
                    and (node.length % 3 or closer.length % 3)):
                continue
            return index
    return None


def _match_emphasis(nodes: list[_Node]) -> None:
    """Pair star runs into emphasis in place (CommonMark's delimiter algorithm, simplified)."""
    index = 0
    while index < len(nodes):
        closer = nodes[index]
        opener_index = None
        if isinstance(closer, _Delim) and closer.can_close and closer.count:
            opener_index = _find_opener(nodes, index)
        if opener_index is None:
            index += 1
            continue
        opener = nodes[opener_index]
        assert isinstance(opener, _Delim) and isinstance(closer, _Delim)
        used = 2 if opener.count >= 2 and closer.count >= 2 else 1
        opener.count -= used
        closer.count -= used
        emphasis = _Emph(is_strong=used == 2, children=nodes[opener_index + 1 : index])
        nodes[opener_index + 1 : index] = [emphasis]
        index = opener_index + 2  # the closer again: it may have stars left to match


def _flatten(nodes: Iterable[_Node], *, bold: bool, italic: bool) -> Iterator[Inline]:
    """Turn matched nodes into spans and links; unmatched stars become text."""
    for node in nodes:
        if isinstance(node, str):
            yield Span(node, bold, italic)
        elif isinstance(node, _Delim):
            if node.count:
                yield Span("*" * node.count, bold, italic)
        elif isinstance(node, _Emph):
            yield from _flatten(
                node.children, bold=bold or node.is_strong, italic=italic or not node.is_strong
            )
        else:
            spans = [Span(s.text, s.bold or bold, s.italic or italic) for s in node.spans]
            yield Link(node.url, tuple(s for s in _merge(spans) if isinstance(s, Span)))


def _merge(inlines: Iterable[Inline]) -> Iterator[Inline]:
    """Join neighbouring spans with the same emphasis; drop empty ones."""
    texts: list[str] = []
    style: tuple[bool, bool] | None = None
    for inline in inlines:
        if isinstance(inline, Link):
            if texts:
                yield Span("".join(texts), *style)
                texts = []
            yield inline
        elif not inline.text:
            continue
        elif texts and style == (inline.bold, inline.italic):
            texts.append(inline.text)
        else:
            if texts:
                yield Span("".join(texts), *style)
            texts, style = [inline.text], (inline.bold, inline.italic)
    if texts:
        yield Span("".join(texts), *style)


def plain_text(inlines: Sequence[Inline]) -> str:
    """The text of inline content without its markup."""
    return "".join(inline.text for inline in inlines)


def to_html(blocks: Sequence[Block], *, heading_level: int = 4) -> Markup:
    """Render a block tree as escaped HTML for the web preview; sub-headings are
    ``<h{heading_level}>`` (one below the section heading of the page)."""
    parts: list[Markup] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(Markup("<p>%s</p>") % _inlines_html(block.inlines))
            continue
        if isinstance(block, Heading):
            parts.append(Markup("<h%d>%s</h%d>") % (heading_level, _inlines_html(block.inlines),
                                                     heading_level))
            continue
        items = Markup("").join(Markup("<li>%s</li>") % _inlines_html(i) for i in block.items)
        if not block.is_ordered:
            parts.append(Markup("<ul>%s</ul>") % items)
        elif block.start != 1:
            parts.append(Markup('<ol start="%d">%s</ol>') % (block.start, items))
        else:
            parts.append(Markup("<ol>%s</ol>") % items)
    return Markup("\n").join(parts)


def _inlines_html(inlines: Sequence[Inline]) -> Markup:
    """Escaped HTML of spans and links."""
    out = Markup("")
    for inline in inlines:
        if isinstance(inline, Span):
            out += _span_html(inline)
            continue
        text = Markup("").join(_span_html(span) for span in inline.spans)
        # A Link built by hand may carry any URL: check again rather than trust it.
        if is_safe_url(inline.url):
            out += Markup('<a href="%s" rel="noopener noreferrer nofollow">%s</a>') % (
                inline.url,
                text,
            )
        else:
            out += text
    return out


def _span_html(span: Span) -> Markup:
    """One span, escaped, inside its emphasis tags."""
    html = escape(span.text)
    if span.italic:
        html = Markup("<em>%s</em>") % html
    if span.bold:
        html = Markup("<strong>%s</strong>") % html
    return html


# --- Writing a tree back as text -------------------------------------------------------

_LINE_START_MARKER = re.compile(r"^( {0,3})(?:([-*]|#{1,6})(?=[ \t])|(\d{1,3})(?=[.)][ \t]))")
_URL_UNSAFE = re.compile(r"[\s()\\<>\[\]*]")


def to_markdown(blocks: Sequence[Block]) -> str:
    """The text of ``blocks`` in the Markdown subset, so that ``parse`` gives them back."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            if text := _inlines_markdown(block.inlines):
                parts.append("## " + text)
        elif isinstance(block, Paragraph):
            if text := _inlines_markdown(block.inlines):
                parts.append(_escape_line_start(text))
        else:
            items = [_inlines_markdown(item) for item in block.items]
            number = block.start
            lines = []
            for text in filter(None, items):
                if not block.is_ordered:
                    lines.append(f"- {text}")
                else:  # «2. mars» would read as a date: «2) mars» is an item
                    lines.append(f"{number}{')' if _DATE_REST.match(text) else '.'} {text}")
                number += 1
            if lines:
                parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _escape_line_start(text: str) -> str:
    """Keep a paragraph that starts like a list item or a heading a paragraph."""
    if match := _LINE_START_MARKER.match(text):
        if match.group(3):
            return text[: match.end()] + "\\" + text[match.end():]
        return text[: match.start(2)] + "\\" + text[match.start(2):]
    return text


def _escape_text(text: str) -> str:
    """Plain text with the characters that mean markup escaped."""
    text = _PRIVATE_CHARS.sub("", text.replace("\r", " ").replace("\n", " "))
    return re.sub(r"([\\*\[\]])", r"\\\1", text)


def _inlines_markdown(inlines: Sequence[Inline]) -> str:
    """Spans and links as text that parses back to the same spans and links.

    Star runs cannot say every change of emphasis inside a word (``*a***b*``); where the
    text would read back differently, the emphasis of such a word is evened out, and as
    a last resort the paragraph keeps its words and links without emphasis.
    """
    wanted = _normalised(inlines)
    for _attempt in range(4):
        text = _render_inlines(wanted)
        if _inlines_of(text) == tuple(wanted):
            return text
        evened = _evened(wanted)
        if evened is None:
            break
        wanted = evened
    plain = _normalised([Span(i.text) if isinstance(i, Span)
                         else Link(i.url, tuple(Span(s.text) for s in i.spans)) for i in wanted])
    return _render_inlines(plain)


def _render_inlines(inlines: Sequence[Inline]) -> str:
    out = []
    for group_is_link, group in _groups(inlines):
        if group_is_link:
            link = group[0]
            out.append(f"[{_spans_markdown(link.spans)}]({link.url})")
        else:
            out.append(_spans_markdown(group))
    return "".join(out).strip()


def _inlines_of(text: str) -> tuple[Inline, ...]:
    """What :func:`parse` makes of one paragraph's text."""
    return _revealed_inlines(parse_inlines(_hide_escapes(text)))


def _evened(inlines: list[Inline]) -> list[Inline] | None:
    """The spans with changes of emphasis inside words removed, or None if there are
    none: those whose neighbourhood does not read back by itself (all of them if each
    does). A joined span keeps only the emphasis both sides had, so none spreads."""
    tight = [index for index in range(len(inlines) - 1)
             if isinstance(inlines[index], Span) and isinstance(inlines[index + 1], Span)
             and inlines[index].text and inlines[index + 1].text
             and not inlines[index].text[-1].isspace() and not inlines[index + 1].text[0].isspace()]
    if not tight:
        return None
    chosen = {index for index in tight
              if not _reads_back(inlines[max(0, index - 2):index + 4])} or set(tight)
    out: list[Inline] = []
    for index, inline in enumerate(inlines):
        if index - 1 in chosen:
            left = out.pop()
            assert isinstance(left, Span) and isinstance(inline, Span)
            inline = Span(left.text + inline.text, left.bold and inline.bold,
                          left.italic and inline.italic)
        out.append(inline)
    return list(_merge(out))


def _reads_back(inlines: list[Inline]) -> bool:
    """Whether these inlines alone read back as written (whitespace at the ends aside)."""
    wanted = _trimmed(list(_merge(inlines)))
    return _inlines_of(_render_inlines(wanted)) == wanted


def _normalised(inlines: Sequence[Inline]) -> list[Inline]:
    """Merged spans with whitespace collapsed; unsafe links become their text."""
    flat: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Link) and not (is_safe_url(inline.url) and inline.text.strip()):
            flat.extend(_plain_edges(inline.spans))
        elif isinstance(inline, Link):
            url = _URL_UNSAFE.sub(lambda m: quote(m.group(), safe=""), inline.url)
            flat.append(Link(url, tuple(_merge(_plain_edges(inline.spans)))))
        else:
            flat.extend(_plain_edges([inline]))
    return list(_merge(flat))


def _plain_edges(spans: Iterable[Span]) -> Iterator[Span]:
    """Spans with the whitespace at their ends unformatted: emphasis hugs words."""
    for span in spans:
        text = span.text.replace("\r", " ").replace("\n", " ")
        core = text.strip()
        if not (span.bold or span.italic) or not core:
            yield Span(text)
            continue
        yield Span(text[: len(text) - len(text.lstrip())])
        yield Span(core, span.bold, span.italic)
        yield Span(text[len(text.rstrip()):])


def _groups(inlines: Sequence[Inline]) -> Iterator[tuple[bool, list]]:
    """Runs of spans between links, and each link alone."""
    run: list[Span] = []
    for inline in inlines:
        if isinstance(inline, Link):
            if run:
                yield False, run
                run = []
            yield True, [inline]
        else:
            run.append(inline)
    if run:
        yield False, run


def _spans_markdown(spans: Sequence[Span]) -> str:
    """Spans as text: bold runs in ``**``, italic runs inside or outside them in ``*``."""
    out = []
    index = 0
    while index < len(spans):
        end = index
        while end < len(spans) and spans[end].bold == spans[index].bold:
            end += 1
        inner = "".join(_italic_markdown(spans[index:end]))
        out.append(_wrap(inner, "**") if spans[index].bold else inner)
        index = end
    return "".join(out)


def _italic_markdown(spans: Sequence[Span]) -> Iterator[str]:
    for span in spans:
        text = _escape_text(span.text)
        yield _wrap(text, "*") if span.italic else text


def _wrap(text: str, marker: str) -> str:
    """``text`` in ``marker``s, with its outer whitespace outside them (or none if blank)."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{marker}{core}{marker}{trail}"


# --- Reading the editor's HTML ---------------------------------------------------------

#: What the editor may send; everything else is dropped by nh3 (scripts and styles with
#: their content, other tags keeping their text).
_HTML_TAGS = {"p", "div", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li",
              "h1", "h2", "h3", "h4", "h5", "h6", "span"}
_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def clean_html(html: str) -> str:
    """The editor's HTML with only the tags and link addresses the subset can hold."""
    return nh3.clean(html, tags=_HTML_TAGS, attributes={"a": {"href"}, "ol": {"start"}},
                     url_schemes=set(SAFE_SCHEMES), link_rel=None, strip_comments=True)


def from_html(html: str) -> list[Block]:
    """Read HTML (from the editor, or pasted) into blocks; it is cleaned with nh3 first."""
    # Quill writes every space as the entity &nbsp;; a real no-break space (as in «§ 5»)
    # comes as the character itself and is kept.
    cleaned = clean_html(html.replace("&nbsp;", " "))
    reader = _HtmlReader()
    if cleaned.strip():
        # lxml: Python's own HTMLParser takes 30 µs a tag, a minute for a long paste.
        root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
        if root.text:  # text before the first element
            reader.handle_data(root.text)
        for event, element in etree.iterwalk(root, events=("start", "end")):
            if element is root:
                continue
            if event == "start":
                reader.handle_starttag(element.tag, list(element.attrib.items()))
                if element.text:
                    reader.handle_data(element.text)
            else:
                reader.handle_endtag(element.tag)
                if element.tail:
                    reader.handle_data(element.tail)
    reader.end_block()
    return reader.blocks


#: Whitespace as HTML collapses it: not the no-break space.
_HTML_SPACE = re.compile(r"[ \t\n\r\f\v]+")


class _HtmlReader:
    """Blocks from clean HTML, fed as start and end tags and text: paragraphs,
    sub-headings and flat lists."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.inlines: list[Inline] = []
        self.bold = 0
        self.italic = 0
        self.link: tuple[str, list[Span]] | None = None
        self.lists: list[tuple[bool, int]] = []  # the open lists: ordered?, start
        self.items: list[tuple[Inline, ...]] = []
        self.in_item = False
        self.in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.link = (attributes.get("href") or "", [])
        elif tag == "br":
            self.text(" ")
        elif tag in ("ul", "ol"):
            if not self.lists:
                self.end_block()
                start = attributes.get("start") or ""
                is_number = re.fullmatch(r"[0-9]{1,3}", start) is not None
                self.lists.append((tag == "ol", int(start) if is_number else 1))
            else:
                self.end_item()  # a nested list: its items join the outer list
                self.lists.append(self.lists[-1])
        elif tag == "li":
            self.end_item()
            self.in_item = True
        elif tag in _HEADING_TAGS:
            self.end_block()
            self.in_heading = True
        elif tag in _BLOCK_TAGS:
            if self.lists:
                return
            self.end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a" and self.link:
            url, spans = self.link
            self.link = None
            if is_safe_url(url.strip()):
                self.inlines.append(Link(url.strip(), tuple(spans)))
            else:
                self.inlines.extend(spans)
        elif tag in ("ul", "ol") and self.lists:
            self.end_item()
            kind = self.lists.pop()
            if not self.lists:
                self.end_list(kind)
        elif tag == "li":
            self.end_item()
        elif tag in _HEADING_TAGS:
            self.end_block()
        elif tag in _BLOCK_TAGS and not self.lists:
            self.end_block()

    def handle_data(self, data: str) -> None:
        self.text(data)

    def text(self, data: str) -> None:
        data = _HTML_SPACE.sub(" ", data)
        if _PRIVATE_CHARS.search(data):
            data = _PRIVATE_CHARS.sub("", data)
        if not data:
            return
        span = Span(data, bool(self.bold), bool(self.italic))
        if self.link is not None:
            self.link[1].append(span)
        else:
            self.inlines.append(span)

    def take_inlines(self) -> tuple[Inline, ...]:
        inlines = _trimmed(list(_merge(self.inlines)))
        self.inlines = []
        return inlines

    def end_item(self) -> None:
        if self.lists and (self.in_item or self.inlines):
            if inlines := self.take_inlines():
                self.items.append(inlines)
        self.in_item = False

    def end_list(self, kind: tuple[bool, int]) -> None:
        if self.items:
            self.blocks.append(ListBlock(kind[0], tuple(self.items), kind[1]))
        self.items = []

    def end_block(self) -> None:
        if self.lists:
            return
        inlines = self.take_inlines()
        if inlines:
            self.blocks.append(Heading(inlines) if self.in_heading else Paragraph(inlines))
        self.in_heading = False


def _trimmed(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Inlines without whitespace at either end (a span of only whitespace goes)."""
    while inlines and isinstance(inlines[0], Span) and not inlines[0].text.strip():
        inlines.pop(0)
    while inlines and isinstance(inlines[-1], Span) and not inlines[-1].text.strip():
        inlines.pop()
    if inlines and isinstance(inlines[0], Span):
        first = inlines[0]
        inlines[0] = Span(first.text.lstrip(), first.bold, first.italic)
    if inlines and isinstance(inlines[-1], Span):
        last = inlines[-1]
        inlines[-1] = Span(last.text.rstrip(), last.bold, last.italic)
    return tuple(inlines)
