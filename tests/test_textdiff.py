"""The word-level diff of two versions: sections matched, blocks paired, words compared with
their formatting, and HTML that marks each change without colour and escapes every text."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy.papers import markdown, textdiff
from advocacy.papers.textdiff import ADDED, CHANGED, REMOVED, SAME, Change, Same, Token

DEL_START = '<del><span class="visually-hidden">[Fjernet:] </span>'
INS_START = '<ins><span class="visually-hidden">[Satt inn:] </span>'
END = '<span class="visually-hidden"> [slutt]</span>'


def _sections(*pairs) -> list[dict]:
    return [{"heading": heading, "body": body} for heading, body in pairs]


def _body_html(old: str, new: str, heading_level: int = 4) -> str:
    """The HTML of one section's body when it changes from ``old`` to ``new``."""
    diff = textdiff.compare("T", _sections(("Del", old)), "T", _sections(("Del", new)))
    [section] = diff.sections
    return "".join(block.html(heading_level) for block in section.blocks)


def test_a_changed_word_is_deleted_and_inserted_with_words_for_screen_readers() -> None:
    html = _body_html("første linje\nandre linje", "første linje\nendret linje")
    assert html == (f"<p>første linje {DEL_START}andre{END}</del>"
                    f"{INS_START}endret{END}</ins> linje</p>")


def test_formatting_stays_and_a_word_made_bold_counts_as_changed() -> None:
    html = _body_html("Vi ber om *mer* penger.", "Vi ber om *mer* **penger**.")
    assert html == (f"<p>Vi ber om <em>mer</em> {DEL_START}penger{END}</del>"
                    f"{INS_START}<strong>penger</strong>{END}</ins>.</p>")


def test_a_link_keeps_its_address_and_a_new_address_counts_as_changed() -> None:
    kept = _body_html("Les [saken](https://a.example/) nå.", "Les [saken](https://a.example/) i dag.")
    assert '<a href="https://a.example/" rel="noopener noreferrer nofollow">saken</a>' in kept
    assert f"{DEL_START}nå{END}</del>{INS_START}i dag{END}</ins>" in kept
    moved = _body_html("Les [saken](https://a.example/).", "Les [saken](https://b.example/).")
    assert (f'{DEL_START}<a href="https://a.example/" rel="noopener noreferrer nofollow">saken'
            f'</a>{END}</del>') in moved
    assert 'href="https://b.example/"' in moved.split("<ins>")[1]


def test_a_rewritten_phrase_is_one_change_not_word_space_word() -> None:
    parts = textdiff.diff_words(textdiff.plain_tokens("vi ber om mer penger nå"),
                                textdiff.plain_tokens("vi ber om færre regler nå"))
    assert [type(p) for p in parts] == [Same, Change, Same]
    assert "".join(t.text for t in parts[1].old) == "mer penger"
    assert "".join(t.text for t in parts[1].new) == "færre regler"


def test_a_word_found_again_later_is_shown_changed_where_it_changed() -> None:
    html = _body_html("Vi ber om trygghet for alle og trygghet for barn.",
                      "Vi ber om arbeid for alle og trygghet for barn.")
    assert html == (f"<p>Vi ber om {DEL_START}trygghet{END}</del>{INS_START}arbeid{END}</ins>"
                    " for alle og trygghet for barn.</p>")
    parts = textdiff.diff_words(
        textdiff.plain_tokens("Tilskudd til lag i Buskerud og til lag i Viken"),
        textdiff.plain_tokens("Tilskudd til idrett i Buskerud og til lag i Viken"))
    assert _changes(parts) == [("lag", "idrett")]


def test_only_the_blank_that_differs_is_changed() -> None:
    parts = textdiff.diff_words(textdiff.plain_tokens("vi ber  om mer"),
                                textdiff.plain_tokens("vi ber om mer"))
    assert [type(p) for p in parts] == [Same, Change, Same]
    assert _changes(parts) == [("  ", " ")]


def test_a_new_paragraph_is_inserted_whole_and_the_edited_one_is_diffed_by_word() -> None:
    diff = textdiff.compare(
        "T", _sections(("Del", "Første avsnitt om vei.\n\nAndre avsnitt om bane og buss.")),
        "T", _sections(("Del", "Første avsnitt om vei.\n\nHelt nytt avsnitt.\n\n"
                               "Andre avsnitt om bane og båt.")))
    blocks = diff.sections[0].blocks
    assert [b.status for b in blocks] == [SAME, ADDED, CHANGED]
    assert blocks[1].html() == f"<p>{INS_START}Helt nytt avsnitt.{END}</ins></p>"
    assert f"bane og {DEL_START}buss{END}</del>{INS_START}båt{END}</ins>" in blocks[2].html()


def test_list_items_are_paired_and_numbered_as_in_their_version() -> None:
    html = _body_html("1. Vei\n2. Bane til Kongsberg\n3. Buss",
                      "1. Vei\n2. Jernbane til Kongsberg\n3. Ferje\n4. Buss")
    assert html.startswith('<ol><li value="1">Vei</li>')
    assert (f'<li value="2">{DEL_START}Bane{END}</del>{INS_START}Jernbane{END}</ins> til '
            'Kongsberg</li>') in html
    assert f'<li value="3">{INS_START}Ferje{END}</ins></li>' in html
    assert '<li value="4">Buss</li></ol>' in html
    removed = _body_html("- Vei\n- Bane", "- Vei")
    assert removed == f"<ul><li>Vei</li><li>{DEL_START}Bane{END}</del></li></ul>"


def test_one_item_in_place_of_one_other_is_that_item_edited() -> None:
    html = _body_html("- Endre retningslinjene\n- Styrke tilskuddet",
                      "- Endre retningslinjene\n- Øke tilskuddet med 20 %")
    assert html == (f"<ul><li>Endre retningslinjene</li><li>{DEL_START}Styrke{END}</del>"
                    f"{INS_START}Øke{END}</ins> tilskuddet{INS_START} med 20 %{END}</ins>"
                    "</li></ul>")


def test_a_bullet_list_made_numbered_is_a_removed_list_and_an_added_one() -> None:
    diff = textdiff.compare("T", _sections(("Del", "- Vei\n- Bane")),
                            "T", _sections(("Del", "1. Vei\n2. Bane")))
    assert [(b.kind, b.status) for b in diff.sections[0].blocks] == [
        ("bullets", REMOVED), ("numbers", ADDED)]


@pytest.mark.skipif(not hasattr(markdown, "Heading"), reason="no sub-headings in the subset yet")
def test_a_sub_heading_in_a_section_is_diffed_at_the_level_given() -> None:
    html = _body_html("## Bakgrunn\n\nTekst.", "## Bakgrunnen\n\nTekst.", heading_level=3)
    assert html.startswith(f"<h3>{DEL_START}Bakgrunn{END}</del>{INS_START}Bakgrunnen{END}</ins></h3>")
    assert html.endswith("<p>Tekst.</p>")


def test_sections_are_matched_by_heading_then_position() -> None:
    old = _sections(("Innledning", "Vi mener."), ("Bakgrunn", "Lang tekst om vei."),
                    ("Forslag", "Bygg mer."), ("Gammel del", "Skal bort helt."))
    new = _sections(("Innledning", "Vi mener."), ("Bakgrunnen", "Lang tekst om vei og bane."),
                    ("Ny del", "Noe helt annet her."), ("Forslag", "Bygg mye mer."))
    diff = textdiff.compare("T", old, "T", new)
    got = [(s.status, s.old_position, s.new_position) for s in diff.sections]
    assert got == [(SAME, 1, 1), (CHANGED, 2, 2), (ADDED, None, 3), (CHANGED, 3, 4),
                   (REMOVED, 4, None)]
    renamed = diff.sections[1]
    assert renamed.is_heading_changed
    assert renamed.heading_html == f"{DEL_START}Bakgrunn{END}</del>{INS_START}Bakgrunnen{END}</ins>"
    assert not diff.sections[0].is_heading_changed
    assert [s.is_moved for s in diff.sections] == [False] * 5


def test_a_moved_section_says_so_and_is_shown_where_it_now_is() -> None:
    old = _sections(("A", "aa"), ("B", "bb"), ("C", "cc"))
    new = _sections(("C", "cc"), ("A", "aa"), ("B", "bb"))
    diff = textdiff.compare("T", old, "T", new)
    assert [(s.old_position, s.is_moved, s.status) for s in diff.sections] == [
        (3, True, SAME), (1, False, SAME), (2, False, SAME)]
    assert diff.has_changes


def test_a_section_moved_and_renamed_is_still_one_section() -> None:
    old = _sections(("Mål", "Vi vil ha flere arbeidsplasser i distriktene i Buskerud."),
                    ("Tiltak", "Bygg vei."))
    new = _sections(("Tiltak", "Bygg vei."),
                    ("Målene", "Vi vil ha flere arbeidsplasser i distriktene i hele Buskerud."))
    diff = textdiff.compare("T", old, "T", new)
    assert [(s.status, s.old_position, s.new_position) for s in diff.sections] == [
        (SAME, 2, 1), (CHANGED, 1, 2)]


def test_the_removed_section_comes_where_it_was() -> None:
    diff = textdiff.compare("T", _sections(("A", "a"), ("B", "b"), ("C", "c")),
                            "T", _sections(("A", "a"), ("C", "c")))
    assert [(s.status, s.old_position) for s in diff.sections] == [
        (SAME, 1), (REMOVED, 2), (SAME, 3)]
    assert diff.sections[1].blocks[0].html() == f"<p>{DEL_START}b{END}</del></p>"


def test_the_title_and_no_change_at_all() -> None:
    sections = _sections(("A", "a"))
    diff = textdiff.compare("Gammel tittel", sections, "Ny tittel", sections)
    assert diff.is_title_changed and diff.has_changes
    assert diff.title_html == f"{DEL_START}Gammel{END}</del>{INS_START}Ny{END}</ins> tittel"
    same = textdiff.compare("T", sections, "T", sections)
    assert not same.has_changes and not same.is_title_changed


def test_summary_names_the_sections_without_diffing_words() -> None:
    old = _sections(("A", "a"), ("B", "b"), ("C", "c"), ("D", "d"))
    new = _sections(("A", "a endret"), ("D", "d"), ("B", "b"), ("E", "helt ny"))
    summary = textdiff.summary("T", old, "Ny T", new)
    assert summary.is_title_changed and summary.has_changes
    assert summary.changed == ("A",) and summary.added == ("E",)
    assert summary.removed == ("C",) and summary.moved == ("D",)
    assert not textdiff.summary("T", old, "T", old).has_changes


XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[klikk](javascript:alert(1))",
    "[klikk](data:text/html,<script>alert(1)</script>)",
    "<a href=\"javascript:alert(1)\">lenke</a>",
    "**<svg onload=alert(1)>**",
    "*<iframe src=//evil.example>*",
    "' onmouseover='alert(1)",
    "&lt;script&gt; &amp; &#x3C;",
    "[x](https://ok.example/\"onmouseover=\"alert(1))",
    "- <style>body{display:none}</style>\n- {{ 7*7 }} {% raw %}",
]

#: What the diff may write: these elements, these attributes, and only safe addresses.
ALLOWED = {"p": set(), "ul": set(), "ol": set(), "li": {"value"}, "del": set(), "ins": set(),
           "span": {"class"}, "strong": set(), "em": set(), "a": {"href", "rel"},
           "h3": set(), "h4": set()}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        self.text.append(data)


def _diff_html(diff: textdiff.PaperDiff) -> str:
    html = [diff.title_html]
    for section in diff.sections:
        html.append(section.heading_html)
        html += [block.html(4) for block in section.blocks]
    return "".join(html)


@pytest.mark.parametrize("payload", XSS)
def test_hostile_text_in_the_old_and_new_version_comes_out_escaped(payload: str) -> None:
    old = _sections((payload, f"Før {payload} etter."), ("Fast", payload))
    new = _sections((payload + " x", f"Før endret {payload}."), ("Ny " + payload, payload + "!"))
    html = _diff_html(textdiff.compare(payload, old, "Ny " + payload, new))
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED and set(attrs) <= ALLOWED[tag], (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith(("https://", "http://", "mailto:")), attrs
        if tag == "span":
            assert attrs["class"] == "visually-hidden"
    assert "<script" not in html and "<img" not in html and "javascript:alert(1)\"" not in html
    text = "".join(parser.text)
    for tag in re.findall(r"<\w+", payload):
        assert tag in text  # shown as typed, not taken as markup


def test_a_hand_made_unsafe_link_is_written_as_text() -> None:
    html = textdiff.tokens_html((Token("klikk", url="javascript:alert(1)"),
                                 Token("<b>", bold=True)))
    assert html == "klikk<strong>&lt;b&gt;</strong>"


_text = st.text(alphabet=st.sampled_from(list("ab c*-[]()#\n<>&\"'1.æ")), max_size=40)
_section_lists = st.lists(st.fixed_dictionaries({"heading": st.sampled_from(["", "A", "B", "C"]),
                                                 "body": _text}), max_size=5)


@given(_text, _text)
@settings(max_examples=200, deadline=None)
def test_the_parts_give_back_both_texts(old: str, new: str) -> None:
    parts = textdiff.diff_words(textdiff.plain_tokens(old), textdiff.plain_tokens(new))
    olds = [t for p in parts for t in (p.tokens if isinstance(p, Same) else p.old)]
    news = [t for p in parts for t in (p.tokens if isinstance(p, Same) else p.new)]
    assert "".join(t.text for t in olds) == old and "".join(t.text for t in news) == new


@given(_section_lists, _section_lists)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_section_is_shown_once_and_new_ones_in_order(old, new) -> None:
    matched = textdiff.match_sections(old, new)
    assert sorted(i for i, _j, _m in matched if i is not None) == list(range(len(old)))
    assert [j for _i, j, _m in matched if j is not None] == list(range(len(new)))
    parser = _Tags()
    parser.feed(_diff_html(textdiff.compare("T", old, "T", new)))
    assert all(tag in ALLOWED and set(attrs) <= ALLOWED[tag] for tag, attrs in parser.tags)
    assert not textdiff.compare("T", old, "T", old).has_changes


# --- long texts: every diff finishes quickly (the times are measured by hand, not here) ---

_VOCABULARY = ("vi ber om at fylkeskommunen styrker tilskuddet til lokale lag og foreninger i "
               "hele Buskerud slik at flere kan delta i aktiviteter som gir arbeid bolig og "
               "trygghet for alle uansett alder bakgrunn bosted kommunene regionen vei bane "
               "buss ferje skole helse kultur idrett næring landbruk reiseliv").split()


def _words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(_VOCABULARY) + (str(rng.randrange(30)) if rng.random() < 0.2 else "")
            for _ in range(count)]


def _edited(words: list[str], every: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Every ``every``-th word replaced by a new one; the new words and the (old, new) pairs."""
    new = [f"endring{k}" if k % every == every // 2 else word for k, word in enumerate(words)]
    return new, [(a, b) for a, b in zip(words, new, strict=True) if a != b]


def _changes(parts) -> list[tuple[str, str]]:
    return [("".join(t.text for t in p.old), "".join(t.text for t in p.new))
            for p in parts if isinstance(p, Change)]


def _both_texts(parts) -> tuple[str, str]:
    old = "".join(t.text for p in parts for t in (p.tokens if isinstance(p, Same) else p.old))
    new = "".join(t.text for p in parts for t in (p.tokens if isinstance(p, Same) else p.new))
    return old, new


def _one_paragraph(old: str, new: str):
    diff = textdiff.compare("T", _sections(("Del", old)), "T", _sections(("Del", new)))
    [block] = diff.sections[0].blocks
    return block.lines[0].parts


def _section_texts(section) -> tuple[str, str]:
    """The old and the new body of a section diff, paragraph by paragraph."""
    old, new = [], []
    for block in section.blocks:
        texts = _both_texts(block.lines[0].parts)
        old += [texts[0]] if block.status != ADDED else []
        new += [texts[1]] if block.status != REMOVED else []
    return "\n\n".join(old), "\n\n".join(new)


@pytest.mark.parametrize("sentence_end", [". ", " "], ids=["sentences", "no-full-stops"])
def test_a_long_paragraph_edited_here_and_there_shows_each_word_changed(sentence_end) -> None:
    words = _words(16_000, seed=1)  # about 110,000 characters in one paragraph
    old_words = [w + (sentence_end if k % 15 == 14 else " ") for k, w in enumerate(words)]
    new_words, edits = _edited(words, every=97)
    new_words = [w + (sentence_end if k % 15 == 14 else " ") for k, w in enumerate(new_words)]
    old, new = "".join(old_words).strip(), "".join(new_words).strip()
    assert len(old) > 100_000
    parts = _one_paragraph(old, new)
    assert _both_texts(parts) == (old, new)
    assert _changes(parts) == edits
    html = textdiff.parts_html(parts)
    assert f"{DEL_START}{edits[1][0]}{END}</del>{INS_START}{edits[1][1]}{END}</ins>" in html


def test_sentences_joined_in_a_long_paragraph_show_the_full_stop_made_a_comma() -> None:
    sentences = [" ".join(_words(12, seed=k)) + "." for k in range(1000)]
    old = " ".join(sentences)
    sentences[500] = sentences[500][:-1] + ","  # one sentence run into the next
    sentences[700] = sentences[700].replace(" ", " nå ", 1)
    new = " ".join(sentences)
    parts = _one_paragraph(old, new)
    assert _both_texts(parts) == (old, new)
    assert [(a.strip(), b.strip()) for a, b in _changes(parts)] == [(".", ","), ("", "nå")]


def _every(sentence: str, count: int, edited: str, every: int) -> tuple[str, str]:
    """``count`` times ``sentence``, and the same with every ``every``-th one ``edited``."""
    return (" ".join([sentence] * count),
            " ".join(edited if k % every == 7 else sentence for k in range(count)))


@pytest.mark.parametrize("old, new", [
    _every("a b", 25_000, "a c", 97),  # few distinct words, no full stops
    _every("a b.", 25_000, "a c.", 97),  # one sentence over and over
    _every("a b a b a b a b a b a b a b a b a b a b.", 2500, "a b a b a b a b a b a b a b.", 9),
], ids=["a-b-a-b", "same-sentence", "same-long-sentence"])
def test_a_long_paragraph_of_few_distinct_words_is_diffed(old: str, new: str) -> None:
    assert len(old) > 99_000
    parts = _one_paragraph(old, new)
    assert _both_texts(parts) == (old, new)
    assert isinstance(parts[0], Same) and old.startswith(_both_texts(parts[:1])[0])
    assert isinstance(parts[-1], Same) and old.endswith(_both_texts(parts[-1:])[0])
    assert any(isinstance(part, Change) for part in parts)


def test_many_paragraphs_of_few_distinct_words_all_edited_are_diffed() -> None:
    old = "\n\n".join(" ".join("ab"[k % 2] for k in range(100)) for _ in range(500))
    new = "\n\n".join(" ".join("ab"[k % 2] if k % 13 else "c" for k in range(100))
                       for _ in range(500))
    section = textdiff.compare("T", _sections(("Del", old)), "T", _sections(("Del", new))
                               ).sections[0]
    assert section.status == CHANGED
    assert _section_texts(section) == (old, new)


def test_a_section_of_1200_paragraphs_each_edited_pairs_each_with_its_own() -> None:
    old = "\n\n".join(f"Avsnitt {k} handler om vei og bane i hele Buskerud." for k in range(1200))
    new = "\n\n".join(f"Avsnitt {k} handler om vei og buss i hele Buskerud." for k in range(1200))
    assert len(old) > 60_000
    blocks = textdiff.compare("T", _sections(("Del", old)), "T", _sections(("Del", new))
                              ).sections[0].blocks
    assert [b.status for b in blocks] == [CHANGED] * 1200
    assert blocks[1100].html() == (f"<p>Avsnitt 1100 handler om vei og {DEL_START}bane{END}"
                                   f"</del>{INS_START}buss{END}</ins> i hele Buskerud.</p>")


def test_in_a_long_section_edited_throughout_a_new_paragraph_is_added_between() -> None:
    old = [f"Punkt {k}: vi vil ha {' '.join(_words(8, seed=k))}." for k in range(100)]
    new = [p.replace("vi vil ha", "vi ønsker") for p in old]
    new.insert(50, "Et helt nytt avsnitt om noe annet enn resten.")
    blocks = textdiff.compare("T", _sections(("Del", "\n\n".join(old))),
                              "T", _sections(("Del", "\n\n".join(new)))).sections[0].blocks
    assert [b.status for b in blocks] == [CHANGED] * 50 + [ADDED] + [CHANGED] * 50
    assert all(f"{DEL_START}vil ha{END}</del>{INS_START}ønsker{END}</ins>" in b.html()
               for b in blocks if b.status == CHANGED)
