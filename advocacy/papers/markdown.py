"""The small Markdown subset of paper sections: a parser to a block tree, and HTML.

Supported: paragraphs (separated by blank lines), bullet lists (``-`` or ``*``),
numbered lists (``1.`` or ``1)``), ``**bold**``, ``*italic*`` and ``[text](url)`` links
to http, https and mailto addresses. Everything else is literal text: ``# x``,
``<script>``, ``&``, ``_x_``, a stray ``*`` and a link to any other scheme stay as typed.
Lists are flat; an indented or plain line right after an item continues that item.

The tree is what both the web preview (:func:`to_html`) and the Word export render,
so the two cannot disagree about what a text means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

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


Block = Paragraph | ListBlock

_BULLET = re.compile(r"^ {0,3}[-*][ \t]+(?P<text>.*)$")
_NUMBER = re.compile(r"^ {0,3}(?P<number>\d{1,3})[.)][ \t]+(?P<text>.*)$")
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


def parse(source: str) -> list[Block]:
    """Parse section text in the Markdown subset into blocks."""
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
    if not number or _DATE_REST.match(number.group("text")):
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


def _find_opener(nodes: list[_Node], closer_index: int) -> int | None:
    """The index of the nearest star run before ``closer_index`` that can open."""
    for index in range(closer_index - 1, -1, -1):
        node = nodes[index]
        if isinstance(node, _Delim) and node.can_open and node.count:
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
    pending: Span | None = None
    for inline in inlines:
        if isinstance(inline, Link):
            if pending:
                yield pending
                pending = None
            yield inline
        elif not inline.text:
            continue
        elif pending and (pending.bold, pending.italic) == (inline.bold, inline.italic):
            pending = Span(pending.text + inline.text, pending.bold, pending.italic)
        else:
            if pending:
                yield pending
            pending = inline
    if pending:
        yield pending


def plain_text(inlines: Sequence[Inline]) -> str:
    """The text of inline content without its markup."""
    return "".join(inline.text for inline in inlines)


def to_html(blocks: Sequence[Block]) -> Markup:
    """Render a block tree as escaped HTML for the web preview."""
    parts: list[Markup] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(Markup("<p>%s</p>") % _inlines_html(block.inlines))
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
