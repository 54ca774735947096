"""The Markdown subset of paper sections: parsing to a tree, and the escaped preview."""

from __future__ import annotations

from markupsafe import Markup

from advocacy.papers.markdown import (
    Link,
    ListBlock,
    Paragraph,
    Span,
    is_safe_url,
    parse,
    parse_inlines,
    plain_text,
    to_html,
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
    text = "# Ikke overskrift <script>alert(1)</script> & _x_ `kode` > sitat"
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
