"""The Markdown subset of paper sections: parsing to a tree, and the escaped preview."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from advocacy.papers.markdown import (
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Span,
    is_safe_url,
    parse,
    parse_inlines,
    plain_text,
    from_html,
    to_html,
    to_markdown,
)


def test_paragraphs_are_split_by_blank_lines_and_lines_joined() -> None:
    blocks = parse("Første linje\nandre linje.\n\n\nNytt avsnitt.")
    assert blocks == [
        Paragraph((Span("Første linje andre linje."),)),
        Paragraph((Span("Nytt avsnitt."),)),
    ]


def test_empty_and_blank_text_give_no_blocks() -> None:
    assert parse("") == []
    assert parse("  \n\n\t\n") == []


def test_windows_line_endings() -> None:
    assert parse("a\r\nb\r\n\r\n- c\r\n") == [
        Paragraph((Span("a b"),)),
        ListBlock(is_ordered=False, items=((Span("c"),),)),
    ]


def test_bullet_lists_with_dash_and_star_and_continuation_lines() -> None:
    [block] = parse("- én\n* to\n  fortsatt to\n- tre")
    assert block == ListBlock(
        is_ordered=False, items=((Span("én"),), (Span("to fortsatt to"),), (Span("tre"),))
    )


def test_numbered_lists_keep_their_start_and_break_on_a_paragraph() -> None:
    blocks = parse("1. a\n2. b\n\n3. c\n\nTekst\n\n4. d\n5) e")
    assert blocks == [
        ListBlock(is_ordered=True, items=((Span("a"),), (Span("b"),), (Span("c"),)), start=1),
        Paragraph((Span("Tekst"),)),
        ListBlock(is_ordered=True, items=((Span("d"),), (Span("e"),)), start=4),
    ]


def test_switching_list_kind_starts_a_new_list() -> None:
    blocks = parse("- a\n1. b\n- c")
    assert [type(b) for b in blocks] == [ListBlock, ListBlock, ListBlock]
    assert [b.is_ordered for b in blocks if isinstance(b, ListBlock)] == [False, True, False]


def test_norwegian_dates_and_numbers_inside_paragraphs_are_not_lists() -> None:
    blocks = parse("1. januar 2027 trer loven i kraft.\n\nVi viser til\n3. avsnitt i brevet.")
    assert blocks == [
        Paragraph((Span("1. januar 2027 trer loven i kraft."),)),
        Paragraph((Span("Vi viser til 3. avsnitt i brevet."),)),
    ]


def test_bold_italic_and_both() -> None:
    assert parse_inlines("a **fet** b *kursiv* c ***begge***") == (
        Span("a "),
        Span("fet", bold=True),
        Span(" b "),
        Span("kursiv", italic=True),
        Span(" c "),
        Span("begge", bold=True, italic=True),
    )


def test_nested_emphasis() -> None:
    assert parse_inlines("*kursiv **og fet** igjen*") == (
        Span("kursiv ", italic=True),
        Span("og fet", bold=True, italic=True),
        Span(" igjen", italic=True),
    )


def test_stray_and_unclosed_stars_stay_literal() -> None:
    for text in ("5 * 3 = 15", "**ikke lukket", "en * og en **", "*", "* *"):
        assert parse_inlines(text) == (Span(text),), text


def test_everything_else_is_literal_text() -> None:
    text = "#Ikke overskrift <script>alert(1)</script> & _x_ `kode` > sitat"
    assert parse(text) == [Paragraph((Span(text),))]


def test_links_to_safe_schemes() -> None:
    text = "Se [Lovdata](https://lovdata.no/lov/2006-05-19-16) og [oss](mailto:post@bfk.no)."
    inlines = parse_inlines(text)
    assert inlines == (
        Span("Se "),
        Link("https://lovdata.no/lov/2006-05-19-16", (Span("Lovdata"),)),
        Span(" og "),
        Link("mailto:post@bfk.no", (Span("oss"),)),
        Span("."),
    )


def test_link_text_may_carry_emphasis_and_emphasis_may_wrap_links() -> None:
    assert parse_inlines("**se [*her*](https://a.no/x_(y))**") == (
        Span("se ", bold=True),
        Link("https://a.no/x_(y)", (Span("her", bold=True, italic=True),)),
    )


def test_links_to_other_schemes_stay_literal() -> None:
    for text in (
        "[x](javascript:alert(1))", "[x](data:text/html,hei)", "[x](ftp://a.no)", "[x](/lokal)"
    ):  # fmt: skip
        assert parse_inlines(text) == (Span(text),), text


def test_is_safe_url() -> None:
    assert is_safe_url("https://www.regjeringen.no/")
    assert is_safe_url("HTTP://a.no")
    assert is_safe_url("mailto:post@bfk.no")
    assert not is_safe_url("https:/a.no")
    assert not is_safe_url("JavaScript:alert(1)")
    assert not is_safe_url("mailto:")
    assert not is_safe_url("http://[::1")


def test_plain_text() -> None:
    assert plain_text(parse_inlines("a **b** [c](https://a.no)")) == "a b c"


def test_to_html_escapes_everything() -> None:
    html = to_html(parse("<script>alert(1)</script> & **<b>**\n\n- <i>x</i>\n\n3. tre"))
    assert isinstance(html, Markup)
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>&lt;b&gt;</strong></p>\n"
        "<ul><li>&lt;i&gt;x&lt;/i&gt;</li></ul>\n"
        '<ol start="3"><li>tre</li></ol>'
    )


def test_to_html_links_and_emphasis() -> None:
    html = to_html(parse('*a* [b **c**](https://a.no/?x=1&y="2")'))
    assert html == (
        '<p><em>a</em> <a href="https://a.no/?x=1&amp;y=&#34;2&#34;" '
        'rel="noopener noreferrer nofollow">b <strong>c</strong></a></p>'
    )


def test_to_html_shows_an_unsafe_hand_built_link_as_text() -> None:
    block = Paragraph((Link("javascript:alert(1)", (Span("klikk"),)),))
    assert to_html([block]) == "<p>klikk</p>"


def test_to_html_of_nothing_is_empty() -> None:
    assert to_html([]) == ""


# --- Sub-headings and escapes -------------------------------------------------------------


def test_a_line_starting_with_hashes_is_a_sub_heading() -> None:
    assert parse("Før\n## Våre *merknader* ##\n- punkt") == [
        Paragraph((Span("Før"),)),
        Heading((Span("Våre "), Span("merknader", italic=True), Span(" ##"))),
        ListBlock(False, ((Span("punkt"),),)),
    ]
    assert to_html(parse("### Om saken")) == Markup("<h4>Om saken</h4>")
    assert to_html(parse("# Om saken"), heading_level=3) == Markup("<h3>Om saken</h3>")


def test_a_backslash_makes_markup_characters_literal() -> None:
    assert parse(r"\*ikke kursiv\* og \[ikke](https://lenke.no) og C:\\mappe") == [
        Paragraph((Span("*ikke kursiv* og [ikke](https://lenke.no) og C:\\mappe"),))]
    assert parse(r"\- ikke liste") == [Paragraph((Span("- ikke liste"),))]
    assert parse(r"1\. ikke nummer") == [Paragraph((Span("1. ikke nummer"),))]
    assert parse(r"\## ikke overskrift") == [Paragraph((Span("## ikke overskrift"),))]
    # A backslash before anything else is a backslash.
    assert parse(r"a\b") == [Paragraph((Span(r"a\b"),))]


# --- Writing a tree back as text ------------------------------------------------------------


def test_to_markdown_writes_what_parse_reads() -> None:
    blocks = [
        Heading((Span("Våre merknader"),)),
        Paragraph((Span("Vi ber om "), Span("mer", bold=True), Span(" og "),
                   Span("raskere", italic=True), Span(" støtte, "),
                   Link("https://lovdata.no/a b", (Span("se loven", bold=True),)), Span("."))),
        ListBlock(True, ((Span("første"),), (Span("andre *stjerne*"),)), start=3),
        ListBlock(False, ((Span("punkt"),),)),
        Paragraph((Span("- ikke en liste, 5 * 3 [klammer]"),)),
    ]
    text = to_markdown(blocks)
    assert text == ("## Våre merknader\n\n"
                    "Vi ber om **mer** og *raskere* støtte, "
                    "[**se loven**](https://lovdata.no/a%20b).\n\n"
                    "3. første\n4. andre \\*stjerne\\*\n\n"
                    "- punkt\n\n"
                    "\\- ikke en liste, 5 \\* 3 \\[klammer\\]")
    assert parse(text) == [blocks[0],
                           Paragraph(blocks[1].inlines[:5] + (
                               Link("https://lovdata.no/a%20b", (Span("se loven", bold=True),)),
                               Span("."))),
                           *blocks[2:]]


def test_to_markdown_drops_unsafe_links_but_keeps_their_text() -> None:
    blocks = [Paragraph((Link("javascript:alert(1)", (Span("klikk"),)),))]
    assert to_markdown(blocks) == "klikk"


_WORDS = st.text(alphabet=st.sampled_from(list("ab *[]()\\#-1.:_<>&")), min_size=1, max_size=8)
_SPANS = st.builds(Span, _WORDS, st.booleans(), st.booleans())
_LINKS = st.builds(Link, st.sampled_from(["https://x.no/a(b)", "https://x.no/a b", "mailto:a@b.no",
                                          "https://x.no/\\*", "javascript:alert(1)"]),
                   st.lists(_SPANS, min_size=1, max_size=3).map(tuple))
_INLINES = st.lists(st.one_of(_SPANS, _SPANS, _LINKS), min_size=1, max_size=6).map(tuple)
_BLOCKS = st.one_of(st.builds(Paragraph, _INLINES), st.builds(Heading, _INLINES),
                    st.builds(ListBlock, st.booleans(),
                              st.lists(_INLINES, min_size=1, max_size=3).map(tuple),
                              st.integers(1, 5)))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_BLOCKS, min_size=1, max_size=4))
def test_any_tree_survives_writing_and_reading_again(blocks) -> None:
    """Once written, a text is a fixed point: saving it again from the editor changes
    nothing, so an unchanged text never makes a new version (and stale signatures)."""
    once = parse(to_markdown(blocks))
    assert parse(to_markdown(once)) == once
    assert to_markdown(parse(to_markdown(once))) == to_markdown(once)
    words = [w for w in "".join(_visible(b) for b in blocks).split() if w]
    assert "".join(words).replace(" ", "") == "".join(_visible(b) for b in once).replace(" ", "")


def _visible(block) -> str:
    if isinstance(block, ListBlock):
        return "".join(plain_text(item) for item in block.items)
    return plain_text(block.inlines)


# --- Reading the editor's HTML --------------------------------------------------------------

WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal {margin:0cm;} </style><!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]-->
</head><body lang=NO-BOK style='tab-interval:35.4pt'>
<h2 style='mso-style-name:"Overskrift 2"'><span style='font-family:Calibri'>Våre merknader</span></h2>
<p class=MsoNormal><span style='color:red'>Fylket ber om </span><b>mer</b> <i>støtte</i>
<a href="https://www.regjeringen.no/høring">se høringen</a><o:p></o:p></p>
<ul><li class=MsoListParagraph>første<ul><li>nøstet</li></ul></li><li>andre</li></ul>
<ol start="2"><li>to</li></ol>
<table><tr><td>celle</td></tr></table>
<img src="data:image/png;base64,AAAA" width=5000>
</body></html>"""


def test_from_html_keeps_what_the_subset_holds_and_drops_the_rest() -> None:
    assert from_html(WORD_CLIPBOARD) == [
        Heading((Span("Våre merknader"),)),
        Paragraph((Span("Fylket ber om "), Span("mer", bold=True), Span(" "),
                   Span("støtte", italic=True), Span(" "),
                   Link("https://www.regjeringen.no/høring", (Span("se høringen"),)))),
        ListBlock(False, ((Span("første"),), (Span("nøstet"),), (Span("andre"),))),
        ListBlock(True, ((Span("to"),),), start=2),
        Paragraph((Span("celle"),)),
    ]


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klikk</a>',
    '<a href="JaVaScRiPt:alert(1)">klikk</a>',
    '<a href=" javascript:alert(1)">klikk</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klikk</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">tekst</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</script>",
    '<a href="https://ok.no" onmouseover="alert(1)">ok</a>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_html_comes_out_as_harmless_text(payload: str) -> None:
    blocks = from_html(payload)
    html = str(to_html(blocks))
    markdown_text = to_markdown(blocks)
    for bad in ("<script", "<iframe", "<svg", "<img", "onerror", "onload", "onclick",
                "onmouseover", "javascript:", "data:text", "<style"):
        assert bad not in html.lower()
        assert bad not in str(to_html(parse(markdown_text))).lower()
    for block in blocks:
        for inline in getattr(block, "inlines", ()):
            if isinstance(inline, Link):
                assert is_safe_url(inline.url)


def test_a_numbered_item_starting_with_a_month_stays_an_item() -> None:
    """«2. mars» at the start of a line reads as a date; written as «2) mars» it is the
    second item of the list (a timeline in a hearing response)."""
    blocks = [ListBlock(True, ((Span("Frist"),), (Span("mars 2027: høring"),),
                               (Span("mai: vedtak"),)))]
    assert to_markdown(blocks) == "1. Frist\n2) mars 2027: høring\n3) mai: vedtak"
    assert parse(to_markdown(blocks)) == blocks
    assert parse("2. mars er fristen") == [Paragraph((Span("2. mars er fristen"),))]


def test_a_paragraph_starting_like_markup_is_escaped_only_where_needed() -> None:
    for blocks in ([Paragraph((Span(") Se note", italic=True),))],
                   [Paragraph((Span("- ikke punkt"),))], [Paragraph((Span("12. ikke nummer"),))],
                   [Paragraph((Span("## ikke overskrift"),))], [Paragraph((Span("#emneknagg"),))]):
        assert parse(to_markdown(blocks)) == blocks, to_markdown(blocks)
    assert to_markdown([Paragraph((Span(") Se note", italic=True),))]) == "*) Se note*"


def test_from_html_keeps_real_no_break_spaces_and_reads_entities_as_spaces() -> None:
    """Quill writes every space as &nbsp;; a real no-break space (§ 5) is a character."""
    assert from_html("<p>Etter&nbsp;§\u00a05&nbsp;i&nbsp;loven</p>") == [
        Paragraph((Span("Etter §\u00a05 i loven"),))]


def test_from_html_ignores_a_start_that_is_no_number() -> None:
    assert from_html('<ol start="²"><li>x</li></ol>') == [ListBlock(True, ((Span("x"),),))]


def test_emphasis_changed_inside_words_is_evened_out_without_spreading() -> None:
    blocks = [Paragraph((Span("Fylkes", bold=True), Span("kommunen og "), Span("a", bold=True),
                         Span("b", bold=True, italic=True), Span("c", italic=True),
                         Span(" slutt")))]
    once = parse(to_markdown(blocks))
    assert once[0].inlines[0] == Span("Fylkes", bold=True)  # untouched: it reads back
    assert plain_text(once[0].inlines) == "Fylkeskommunen og abc slutt"
    assert parse(to_markdown(once)) == once


def test_thousands_of_unmatched_stars_are_read_as_text() -> None:
    """A closer looks back a bounded number of runs for its opener (no quadratic time)."""
    text = "a* " * 20_000
    assert plain_text(parse(text)[0].inlines) == text.strip()
