"""What changed between two versions of a paper's text, word by word, for people.

:func:`compare` matches the sections of two versions (by heading, then by position),
pairs the blocks of each matched section (paragraphs, sub-headings, lists and their
items) and diffs the words of each pair (a long text sentence by sentence first, within a
bound on the work, so that no text takes long). Formatting is part of a word: a word made
bold, or a link given a new address, counts as changed. The result is a small tree of
frozen dataclasses that renders itself as escaped HTML, with ``<del>``/``<ins>`` and
hidden words around each change so that screen readers say where it starts and ends.
:func:`summary` is the cheap section-level answer the history page lists.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from itertools import chain, groupby
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from advocacy.papers import markdown

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"

#: Below this share of common words, two blocks or sections are told apart rather than paired.
PAIRING_CUTOFF = 0.4
#: Texts this short (both together, in characters) are compared word by word in order, and
#: letter by letter, paired when this share of their letters is the same.
SHORT_TEXT, SHORT_CUTOFF = 80, 0.75
#: Sections this alike are one section even when it moved and its heading changed.
MOVED_CUTOFF = 0.6
#: In regions bigger than this (old blocks × new blocks), blocks are paired only with those
#: at most ``NEAR`` places from their own, to keep the work in proportion to the text.
MAX_PAIRING, NEAR = 400, 5
#: Texts are compared word by word while difflib's work on them stays small: at most
#: ``MAX_WORDS`` tokens (both together) and ``MAX_WORD_PAIRS`` pairs of equal words (a text
#: of few distinct words has many, and difflib's time grows faster than their number).
#: Longer texts are compared sentence by sentence first, then word by word between the
#: sentences they have in common; where that is still too much, changed sentences are
#: paired and compared one pair at a time, and a pair still beyond the limits is shown as
#: one sentence removed and one inserted. ``MAX_WORK`` is the pairs of equal words one
#: comparison of two versions may take in all, so that many such texts cannot add up.
MAX_WORDS, MAX_WORD_PAIRS, MAX_WORK = 4000, 5000, 100_000
#: Sentences longer than this many tokens (a long text without full stops, say) are cut
#: after commas, semicolons and colons, and after the words whose checksum ends in four zero
#: bits (one word in sixteen, the same wherever it stands), so that their pieces still match
#: where the words around them changed.
LONG_SENTENCE = 80
#: Blocks or sentences found more often than this in the new version cannot start a match
#: (as with difflib's autojunk), so that a text repeating itself costs no more than others.
POPULAR = 50

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_SENTENCE_ENDS = frozenset(".!?")


@dataclass(frozen=True)
class Token:
    """A word, a run of whitespace or one punctuation mark, with its formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Same:
    """Tokens both versions have."""

    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Change:
    """Tokens of the old version replaced by tokens of the new (either may be empty)."""

    old: tuple[Token, ...]
    new: tuple[Token, ...]


Part = Same | Change


@dataclass(frozen=True)
class Line:
    """A paragraph's, sub-heading's or list item's words; ``number`` for numbered items."""

    status: str
    parts: tuple[Part, ...]
    number: int | None = None

    @property
    def html(self) -> Markup:
        return parts_html(self.parts)


@dataclass(frozen=True)
class BlockDiff:
    """One block of a section: ``paragraph``, ``heading``, ``bullets`` or ``numbers``."""

    kind: str
    status: str
    lines: tuple[Line, ...]

    def html(self, heading_level: int = 4) -> Markup:
        """The block as HTML; a sub-heading at ``heading_level``."""
        if self.kind == "paragraph":
            return Markup("<p>%s</p>") % self.lines[0].html
        if self.kind == "heading":
            level = min(heading_level, 6)
            return Markup("<h%d>%s</h%d>") % (level, self.lines[0].html, level)
        if self.kind == "bullets":
            items = Markup("").join(Markup("<li>%s</li>") % line.html for line in self.lines)
            return Markup("<ul>%s</ul>") % items
        items = Markup("").join(Markup('<li value="%d">%s</li>') % (line.number, line.html)
                                for line in self.lines)
        return Markup("<ol>%s</ol>") % items


@dataclass(frozen=True)
class SectionDiff:
    """One section in both versions, or in one of them; positions count from 1."""

    status: str
    heading: tuple[Part, ...]
    blocks: tuple[BlockDiff, ...]
    old_position: int | None
    new_position: int | None
    is_moved: bool = False

    @property
    def is_heading_changed(self) -> bool:
        return any(isinstance(part, Change) for part in self.heading)

    @property
    def heading_html(self) -> Markup:
        return parts_html(self.heading)


@dataclass(frozen=True)
class PaperDiff:
    """The title and the sections, in the new version's order (removed ones where they were)."""

    title: tuple[Part, ...]
    sections: tuple[SectionDiff, ...]

    @property
    def is_title_changed(self) -> bool:
        return any(isinstance(part, Change) for part in self.title)

    @property
    def title_html(self) -> Markup:
        return parts_html(self.title)

    @property
    def has_changes(self) -> bool:
        return self.is_title_changed or any(s.status != SAME or s.is_moved
                                            for s in self.sections)


@dataclass(frozen=True)
class Summary:
    """Which sections (by heading) a version added, removed, changed or moved."""

    is_title_changed: bool
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    moved: tuple[str, ...]

    @property
    def has_changes(self) -> bool:
        return bool(self.is_title_changed or self.added or self.removed or self.changed
                    or self.moved)


class WorkBudget:
    """What one comparison may still spend on comparing words (see ``MAX_WORK``)."""

    def __init__(self, work: int = MAX_WORK) -> None:
        self.left = work

    def spend(self, work: int) -> bool:
        """Take ``work`` if that much is left."""
        if work > self.left:
            return False
        self.left -= work
        return True


# --- comparing -----------------------------------------------------------------------------

def compare(old_title: str, old_sections: Sequence[dict], new_title: str,
            new_sections: Sequence[dict]) -> PaperDiff:
    """The word-level differences between two versions of a paper's text."""
    old_sections, new_sections = list(old_sections), list(new_sections)
    budget = WorkBudget()
    title = diff_words(plain_tokens(old_title), plain_tokens(new_title), budget)
    sections = []
    for i, j, is_moved in match_sections(old_sections, new_sections):
        old = old_sections[i] if i is not None else None
        new = new_sections[j] if j is not None else None
        sections.append(_section_diff(old, new, i, j, is_moved, budget))
    return PaperDiff(title, tuple(sections))


def summary(old_title: str, old_sections: Sequence[dict], new_title: str,
            new_sections: Sequence[dict]) -> Summary:
    """What a version changed, section by section, without diffing any words."""
    old_sections, new_sections = list(old_sections), list(new_sections)
    added, removed, changed, moved = [], [], [], []
    for i, j, is_moved in match_sections(old_sections, new_sections):
        if i is None:
            added.append(_heading(new_sections[j]))
        elif j is None:
            removed.append(_heading(old_sections[i]))
        else:
            if _text(old_sections[i]) != _text(new_sections[j]):
                changed.append(_heading(new_sections[j]))
            if is_moved:
                moved.append(_heading(new_sections[j]))
    return Summary(old_title.strip() != new_title.strip(), tuple(added), tuple(removed),
                   tuple(changed), tuple(moved))


def match_sections(old: Sequence[dict], new: Sequence[dict]
                   ) -> list[tuple[int | None, int | None, bool]]:
    """Pairs (old index, new index, is moved) in the order to show them.

    Sections with the same heading are paired first; the others are paired by position:
    between the same paired neighbours, the most alike headings or texts; then, anywhere,
    the very alike ones (a section moved and renamed). New sections
    come in their new order; a removed one comes after the section it followed.
    """
    pairs = _pair_by_heading(old, new)
    pairs |= _pair_by_position(old, new, pairs)
    pairs |= _pair_moved(old, new, pairs)
    in_order = _kept_in_order(sorted(pairs.items(), key=lambda p: p[1]))
    old_of_new = {j: i for i, j in pairs.items()}
    after: dict[int | None, list[int]] = {}
    for i in range(len(old)):
        if i not in pairs:
            anchor = max((k for k in in_order if k < i), default=None)
            after.setdefault(anchor, []).append(i)
    result: list[tuple[int | None, int | None, bool]] = [
        (k, None, False) for k in after.get(None, [])]
    for j in range(len(new)):
        i = old_of_new.get(j)
        result.append((i, j, i is not None and i not in in_order))
        if i is not None:
            result += [(k, None, False) for k in after.get(i, [])]
    return result


def _pair_by_heading(old: Sequence[dict], new: Sequence[dict]) -> dict[int, int]:
    """old index → new index for sections with the same (non-empty) heading."""
    free: dict[str, list[int]] = {}
    for i, section in enumerate(old):
        if key := _heading_key(section):
            free.setdefault(key, []).append(i)
    pairs = {}
    for j, section in enumerate(new):
        if (key := _heading_key(section)) and free.get(key):
            pairs[free[key].pop(0)] = j
    return pairs


def _pair_by_position(old: Sequence[dict], new: Sequence[dict],
                      pairs: dict[int, int]) -> dict[int, int]:
    """Pair the most alike sections left over between the same paired neighbours."""
    old_of_new = {j: i for i, j in pairs.items()}
    by_gap: dict[int | None, tuple[list[int], list[int]]] = {}
    for i in range(len(old)):
        if i not in pairs:
            gap = max((k for k in pairs if k < i), default=None)
            by_gap.setdefault(gap, ([], []))[0].append(i)
    for j in range(len(new)):
        if j not in old_of_new:
            before = max((k for k in old_of_new if k < j), default=None)
            gap = old_of_new[before] if before is not None else None
            by_gap.setdefault(gap, ([], []))[1].append(j)
    @cache
    def likeness(i: int, j: int) -> float:
        return _section_likeness(old[i], new[j])

    found = {}
    for old_left, new_left in by_gap.values():
        found |= {i: j for i, j in _pair_alike(old_left, new_left, likeness)
                  if i is not None and j is not None}
    return found


def _pair_moved(old: Sequence[dict], new: Sequence[dict],
                pairs: dict[int, int]) -> dict[int, int]:
    """Pair the sections still left over that are very alike, wherever they are."""
    old_left = [i for i in range(len(old)) if i not in pairs]
    new_left = sorted(set(range(len(new))) - set(pairs.values()))
    if len(old_left) * len(new_left) > MAX_PAIRING:
        return {}
    scores = sorted(((_section_likeness(old[i], new[j]), i, j)
                     for i in old_left for j in new_left), reverse=True)
    found: dict[int, int] = {}
    for score, i, j in scores:
        if score >= MOVED_CUTOFF and i not in found and j not in found.values():
            found[i] = j
    return found


def _section_likeness(old: dict, new: dict) -> float:
    """How alike two sections are, by heading or by text, whichever is more."""
    return max(_likeness(_heading(old), _heading(new)),
               _likeness(old.get("body") or "", new.get("body") or ""))


def _kept_in_order(pairs: list[tuple[int, int]]) -> set[int]:
    """The old indices of the longest run of pairs (in new order) that kept their order."""
    olds = [i for i, _j in pairs]
    best: list[list[int]] = []  # best[k]: an increasing run of length k + 1
    for i in olds:
        k = next((k for k, run in enumerate(best) if run[-1] >= i), len(best))
        run = (best[k - 1] if k else []) + [i]
        if k == len(best):
            best.append(run)
        else:
            best[k] = run
    return set(best[-1]) if best else set()


def _section_diff(old: dict | None, new: dict | None, i: int | None, j: int | None,
                  is_moved: bool, budget: WorkBudget) -> SectionDiff:
    old_blocks = markdown.parse(old.get("body") or "") if old else []
    new_blocks = markdown.parse(new.get("body") or "") if new else []
    heading = diff_words(plain_tokens(_heading(old) if old else ""),
                         plain_tokens(_heading(new) if new else ""), budget)
    blocks = tuple(diff_blocks(old_blocks, new_blocks, budget))
    if old is None or new is None:
        status = ADDED if old is None else REMOVED
    elif any(isinstance(p, Change) for p in heading) or any(b.status != SAME for b in blocks):
        status = CHANGED
    else:
        status = SAME
    return SectionDiff(status, heading, blocks, None if i is None else i + 1,
                       None if j is None else j + 1, is_moved)


def diff_blocks(old: Sequence[Any], new: Sequence[Any], budget: WorkBudget | None = None
                ) -> Iterator[BlockDiff]:
    """The blocks of two section bodies, paired, with the words of each pair diffed."""
    budget = budget if budget is not None else WorkBudget()
    for a, b in align(old, new, _block_likeness):
        if a is None or b is None:
            yield _whole_block(a if b is None else b, ADDED if a is None else REMOVED)
        elif _block_kind(a) in ("bullets", "numbers"):
            yield _list_diff(a, b, budget)
        else:
            parts = diff_words(inline_tokens(a.inlines), inline_tokens(b.inlines), budget)
            status = SAME if a == b else CHANGED
            yield BlockDiff(_block_kind(b), status, (Line(status, parts),))


def _whole_block(block: Any, status: str) -> BlockDiff:
    """A block only one version has: all of it inserted or deleted."""
    def whole(inlines) -> tuple[Part, ...]:
        tokens = inline_tokens(inlines)
        return (Change((), tokens) if status == ADDED else Change(tokens, ()),)

    kind = _block_kind(block)
    if kind in ("bullets", "numbers"):
        return BlockDiff(kind, status, tuple(
            Line(status, whole(item), block.start + n if kind == "numbers" else None)
            for n, item in enumerate(block.items)))
    return BlockDiff(kind, status, (Line(status, whole(block.inlines)),))


def _list_diff(old: Any, new: Any, budget: WorkBudget) -> BlockDiff:
    """Two lists of one kind, item by item; numbers are those each item has in its version."""
    lines = []
    old_number, new_number = old.start, new.start
    for a, b in align(old.items, new.items, _item_likeness):
        if b is None:
            status, parts = REMOVED, (Change(inline_tokens(a), ()),)
        elif a is None:
            status, parts = ADDED, (Change((), inline_tokens(b)),)
        else:
            status = SAME if a == b else CHANGED
            parts = diff_words(inline_tokens(a), inline_tokens(b), budget)
        number = old_number if b is None else new_number
        lines.append(Line(status, parts, number if new.is_ordered else None))
        old_number += a is not None
        new_number += b is not None
    status = SAME if all(line.status == SAME for line in lines) else CHANGED
    return BlockDiff(_block_kind(new), status, tuple(lines))


def align(old: Sequence[Any], new: Sequence[Any], likeness: Callable[[Any, Any], float]
          ) -> Iterator[tuple[Any, Any]]:
    """(old, new) pairs in order; ``None`` on the side a block is missing from.

    Equal runs pair up as they are; in between, the most alike blocks are paired first
    (as difflib's ``ndiff`` does with lines) and the rest are removed or added. One block
    in place of one other is that block edited, unless ``likeness`` is negative (a
    paragraph made a list, say).
    """
    old, new = list(old), list(new)
    old_keys, new_keys, matcher = _keyed_matcher(old, new)
    block_of = dict(zip(old_keys + new_keys, old + new, strict=True))
    key_likeness = cache(lambda a, b: likeness(block_of[a], block_of[b]))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from zip(old[i1:i2], new[j1:j2], strict=True)
            continue
        pairs = _pair_alike(old_keys[i1:i2], new_keys[j1:j2], key_likeness, lone_cutoff=0.0)
        old_left, new_left = iter(old[i1:i2]), iter(new[j1:j2])
        for a, b in pairs:  # the keys stand for the blocks, in the same order
            yield (None if a is None else next(old_left)), (None if b is None else next(new_left))


def _keyed_matcher(old: Sequence[Any], new: Sequence[Any]
                   ) -> tuple[list[int], list[int], SequenceMatcher]:
    """difflib's matcher over numbers standing for the items (equal items, equal numbers:
    difflib hashes each item many times, a number is cheap); items found more than
    ``POPULAR`` times in ``new`` cannot start a match."""
    keys: dict[Any, int] = {}
    old_keys = [keys.setdefault(item, len(keys)) for item in old]
    new_keys = [keys.setdefault(item, len(keys)) for item in new]
    popular = {key for key, count in Counter(new_keys).items() if count > POPULAR}
    return old_keys, new_keys, SequenceMatcher(popular.__contains__, old_keys, new_keys,
                                               autojunk=False)


def _pair_alike(old: Sequence[Any], new: Sequence[Any], likeness: Callable[[Any, Any], float],
                lone_cutoff: float = PAIRING_CUTOFF) -> Iterator[tuple[Any, Any]]:
    """Pair the most alike first, then the same in the parts before and after the pair;
    (old, new) in order, ``None`` on the side of one left unpaired.

    The parts wait in a list rather than in recursion: a long section edited throughout
    has as many as it has paragraphs.

    :param lone_cutoff: the likeness that pairs one old with one new (else the cutoff).
    """
    found: list[tuple[int, int]] = []
    parts = [(0, len(old), 0, len(new))]
    while parts:
        i1, i2, j1, j2 = parts.pop()
        pairs = _best_pairs(old, new, (i1, i2, j1, j2), likeness, lone_cutoff)
        if not pairs:
            continue
        found += pairs
        ends = [(i1 - 1, j1 - 1), *pairs, (i2, j2)]
        parts += [(a + 1, c, b + 1, d) for (a, b), (c, d) in zip(ends, ends[1:], strict=False)
                  if a + 1 < c and b + 1 < d]
    i = j = 0
    for next_i, next_j in [*sorted(found), (len(old), len(new))]:
        yield from ((a, None) for a in old[i:next_i])
        yield from ((None, b) for b in new[j:next_j])
        if next_i < len(old):
            yield old[next_i], new[next_j]
        i, j = next_i + 1, next_j + 1


def _best_pairs(old: Sequence[Any], new: Sequence[Any], part: tuple[int, int, int, int],
                likeness: Callable[[Any, Any], float], lone_cutoff: float
                ) -> list[tuple[int, int]]:
    """The positions to pair in ``old[i1:i2]`` and ``new[j1:j2]``, in order.

    In a small part, the most alike pair (the first of equals). In a big one (a long
    section edited throughout), only those near the same place are compared, and all the
    alike ones are taken at once, the most alike first, each that keeps the order of
    those taken before it.
    """
    i1, i2, j1, j2 = part
    if (i2 - i1) * (j2 - j1) <= MAX_PAIRING:
        best = lone_cutoff if i2 - i1 == j2 - j1 == 1 else PAIRING_CUTOFF
        at = None
        for i in range(i1, i2):
            for j in range(j1, j2):
                score = likeness(old[i], new[j])
                if score >= best and (at is None or score > best):
                    best, at = score, (i, j)
        return [at] if at else []
    scores = sorted((-score, i, j)
                    for i in range(i1, i2)
                    for j in range(max(j1, j1 + i - i1 - NEAR), min(j2, j1 + i - i1 + NEAR + 1))
                    if (score := likeness(old[i], new[j])) >= PAIRING_CUTOFF)
    taken_i: list[int] = []
    taken_j: list[int] = []  # in the order of taken_i, which is theirs too
    for _score, i, j in scores:
        k = bisect_left(taken_i, i)
        if ((k == len(taken_i) or (taken_i[k] != i and taken_j[k] > j))
                and (k == 0 or taken_j[k - 1] < j)):
            taken_i.insert(k, i)
            taken_j.insert(k, j)
    return list(zip(taken_i, taken_j, strict=True))


def diff_words(old: Sequence[Token], new: Sequence[Token], budget: WorkBudget | None = None
               ) -> tuple[Part, ...]:
    """The tokens of two texts as runs kept and runs changed.

    Blanks alone between two changes join them, so that a rewritten phrase reads as one
    change rather than word, space, word. A long text is compared sentence by sentence
    first (see ``MAX_WORDS``).
    """
    old, new = tuple(old), tuple(new)
    budget = budget if budget is not None else WorkBudget()
    if old == new:
        return (Same(old),) if old else ()
    if _is_small(old, new, budget):
        return _merged(_word_parts(old, new))
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    parts: list[Part] = []
    for tag, i1, i2, j1, j2 in _keyed_matcher(old_sentences, new_sentences)[2].get_opcodes():
        a, b = _joined(old_sentences[i1:i2]), _joined(new_sentences[j1:j2])
        if tag == "equal":
            parts.append(Same(a))
        elif _is_small(a, b, budget):
            parts += _word_parts(a, b)
        else:
            parts += _sentence_parts(old_sentences[i1:i2], new_sentences[j1:j2], budget)
    return _merged(parts)


def _sentence_parts(old: Sequence[tuple[Token, ...]], new: Sequence[tuple[Token, ...]],
                    budget: WorkBudget) -> list[Part]:
    """Changed sentences, too many to compare at once: paired, then word by word in a pair."""
    parts: list[Part] = []
    for a, b in align(old, new, _sentence_likeness):
        if a is None or b is None:
            parts.append(Change(a or (), b or ()))
        elif a == b:
            parts.append(Same(a))
        elif _is_small(a, b, budget):
            parts += _word_parts(a, b)
        else:
            parts += _trimmed(a, b)
    return parts


def _is_small(old: Sequence[Token], new: Sequence[Token], budget: WorkBudget) -> bool:
    """Whether difflib may compare these texts word by word: it would take little time,
    and the comparison has that time left (what it takes is then spent)."""
    if len(old) + len(new) > MAX_WORDS:
        return False
    counts = Counter(t for t in new if not t.text.isspace())
    pairs = sum(counts[t] for t in old)  # what difflib looks at, at most, to find a match
    return pairs <= MAX_WORD_PAIRS and budget.spend(pairs)


def _word_parts(old: Sequence[Token], new: Sequence[Token]) -> list[Part]:
    """Runs kept and changed, word by word.

    difflib matches the words and punctuation, longest runs first; the blanks between two
    matched words, and one either side of a run, are kept where both versions have the same.
    Blanks alone match nothing: two words sharing only a space are no match.
    """
    if old and new and _is_blank(old[0]) and old[0] == new[0]:
        return [Same((old[0],)), *_word_parts(old[1:], new[1:])]
    if old and new and _is_blank(old[-1]) and old[-1] == new[-1]:  # after the last sentence
        return [*_word_parts(old[:-1], new[:-1]), Same((old[-1],))]
    old_at = [k for k, token in enumerate(old) if not _is_blank(token)]
    new_at = [k for k, token in enumerate(new) if not _is_blank(token)]
    keys: dict[Token, int] = {}  # difflib hashes each token many times; a number is cheaper
    matcher = SequenceMatcher(None, [keys.setdefault(old[k], len(keys)) for k in old_at],
                              [keys.setdefault(new[k], len(keys)) for k in new_at],
                              autojunk=False)
    parts: list[Part] = []
    i = j = 0  # the tokens before these are in parts
    for a, b, size in matcher.get_matching_blocks():
        for start_a, start_b, length in _runs(old, new, old_at[a:a + size], new_at[b:b + size]):
            if start_a > i and start_b > j and _is_blank(old[start_a - 1]) \
                    and old[start_a - 1] == new[start_b - 1]:
                start_a, start_b, length = start_a - 1, start_b - 1, length + 1
            end_a, end_b = start_a + length, start_b + length
            if end_a < len(old) and end_b < len(new) and _is_blank(old[end_a]) \
                    and old[end_a] == new[end_b]:
                end_a, end_b = end_a + 1, end_b + 1
            if start_a > i or start_b > j:
                parts.append(Change(tuple(old[i:start_a]), tuple(new[j:start_b])))
            parts.append(Same(tuple(old[start_a:end_a])))
            i, j = end_a, end_b
    if i < len(old) or j < len(new):
        parts.append(Change(tuple(old[i:]), tuple(new[j:])))
    return parts


def _runs(old: Sequence[Token], new: Sequence[Token], old_at: Sequence[int],
          new_at: Sequence[int]) -> Iterator[tuple[int, int, int]]:
    """(old start, new start, length) of the runs of equal tokens that matched words at these
    places make, with the blanks between them: a run ends where those blanks differ."""
    if not old_at:
        return
    start = 0
    for k in range(1, len(old_at) + 1):
        if k < len(old_at) and old_at[k] - old_at[k - 1] == new_at[k] - new_at[k - 1] and (
                old_at[k] - old_at[k - 1] == 1 or old[old_at[k] - 1] == new[new_at[k] - 1]):
            continue
        yield old_at[start], new_at[start], old_at[k - 1] - old_at[start] + 1
        start = k


def _sentences(tokens: Sequence[Token]) -> list[tuple[Token, ...]]:
    """The tokens in sentences, each with the blank after it; long ones in pieces."""
    ends = [k + 1 for k in range(1, len(tokens))
            if tokens[k - 1].text in _SENTENCE_ENDS and tokens[k].text.isspace()]
    return [piece for start, end in zip([0, *ends], [*ends, len(tokens)], strict=True)
            for piece in _pieces(tokens[start:end])]


def _pieces(sentence: Sequence[Token]) -> list[tuple[Token, ...]]:
    """A sentence, or a long one cut after commas and after some words (``LONG_SENTENCE``)."""
    if len(sentence) <= LONG_SENTENCE:
        return [tuple(sentence)] if sentence else []
    ends = [k + 1 for k in range(1, len(sentence))
            if _is_cut(sentence[k - 1].text) and sentence[k].text.isspace()]
    return [tuple(sentence[start:end])
            for start, end in zip([0, *ends], [*ends, len(sentence)], strict=True) if start < end]


def _is_cut(text: str) -> bool:
    return text in ",;:" or zlib.crc32(text.encode()) % 16 == 0


def _joined(sentences: Sequence[tuple[Token, ...]]) -> tuple[Token, ...]:
    return tuple(chain.from_iterable(sentences))


def _sentence_likeness(a: Sequence[Token], b: Sequence[Token]) -> float:
    return _likeness("".join(t.text for t in a), "".join(t.text for t in b))


def _trimmed(old: Sequence[Token], new: Sequence[Token]) -> list[Part]:
    """Two texts as one change, less the tokens they begin and end with alike."""
    most = min(len(old), len(new))
    start = next((k for k in range(most) if old[k] != new[k]), most)
    end = next((k for k in range(most - start) if old[-1 - k] != new[-1 - k]), most - start)
    parts: list[Part] = [Same(tuple(old[:start]))] if start else []
    parts.append(Change(tuple(old[start:len(old) - end]), tuple(new[start:len(new) - end])))
    return parts + ([Same(tuple(old[len(old) - end:]))] if end else [])


def _merged(parts: Sequence[Part]) -> tuple[Part, ...]:
    """Neighbouring runs of one kind joined, and blanks alone between two changes too."""
    joined: list[Part] = []
    for part in parts:
        if joined and isinstance(part, Same) and isinstance(joined[-1], Same):
            joined[-1] = Same(joined[-1].tokens + part.tokens)
        else:
            joined.append(part)
    merged: list[Part] = []
    for index, part in enumerate(joined):
        previous = merged[-1] if merged else None
        if isinstance(part, Change) and isinstance(previous, Change):
            merged[-1] = Change(previous.old + part.old, previous.new + part.new)
        elif (isinstance(part, Same) and isinstance(previous, Change)
              and index + 1 < len(joined) and all(t.text.isspace() for t in part.tokens)):
            merged[-1] = Change(previous.old + part.tokens, previous.new + part.tokens)
        else:
            merged.append(part)
    return tuple(merged)


# --- tokens and likeness -------------------------------------------------------------------

def _is_blank(token: Token) -> bool:
    return token.text.isspace()


def plain_tokens(text: str) -> tuple[Token, ...]:
    """The tokens of unformatted text (titles and headings)."""
    return tuple(Token(t) for t in _TOKEN.findall(text))


def inline_tokens(inlines: Sequence[Any]) -> tuple[Token, ...]:
    """The tokens of formatted text: each carries its span's emphasis and link address."""
    tokens = []
    made: dict[tuple, Token] = {}  # one object per distinct token: quicker to make and compare
    for inline in inlines:
        url = getattr(inline, "url", None)
        for span in getattr(inline, "spans", (inline,)):
            for key in ((t, span.bold, span.italic, url) for t in _TOKEN.findall(span.text)):
                tokens.append(made.get(key) or made.setdefault(key, Token(*key)))
    return tuple(tokens)


def _block_kind(block: Any) -> str:
    if hasattr(block, "items"):
        return "numbers" if block.is_ordered else "bullets"
    return "paragraph" if isinstance(block, markdown.Paragraph) else "heading"


def _block_text(block: Any) -> str:
    if hasattr(block, "items"):
        return "\n".join(markdown.plain_text(item) for item in block.items)
    return markdown.plain_text(block.inlines)


def _block_likeness(a: Any, b: Any) -> float:
    """How alike two blocks are; -1 for blocks of different kinds, which never pair."""
    if _block_kind(a) != _block_kind(b):
        return -1.0
    return _likeness(_block_text(a), _block_text(b))


def _item_likeness(a: Sequence[Any], b: Sequence[Any]) -> float:
    return _likeness(markdown.plain_text(a), markdown.plain_text(b))


def _likeness(a: str, b: str) -> float:
    """The share of words two texts have in common (1.0 for two empty texts): in order for
    short texts, in any order for long ones (cheap, and enough to tell what pairs).

    Short texts whose words all differ may still be one word edited ("Bakgrunn",
    "Bakgrunnen"): their letters count when nearly all of them are the same.
    """
    is_short = len(a) + len(b) <= SHORT_TEXT
    score = _ratio([t.casefold() for t in _TOKEN.findall(a) if not t.isspace()],
                   [t.casefold() for t in _TOKEN.findall(b) if not t.isspace()],
                   in_order=is_short)
    if score < PAIRING_CUTOFF and is_short:
        letters = _ratio(a.casefold(), b.casefold(), in_order=True)
        if letters >= SHORT_CUTOFF:
            return letters
    return score


def _ratio(a: Sequence[str], b: Sequence[str], *, in_order: bool) -> float:
    """difflib's ratio (or its order-blind bound), 0.0 below the pairing cutoff."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIRING_CUTOFF:
        return 0.0
    unordered = matcher.quick_ratio()
    if unordered < PAIRING_CUTOFF:
        return 0.0
    return matcher.ratio() if in_order else unordered


def _heading(section: dict) -> str:
    return (section.get("heading") or "").strip()


def _heading_key(section: dict) -> str:
    return " ".join(_heading(section).casefold().split())


def _text(section: dict) -> tuple[str, str]:
    return _heading(section), (section.get("body") or "").strip()


# --- HTML ----------------------------------------------------------------------------------

def parts_html(parts: Sequence[Part]) -> Markup:
    """Kept and changed runs as escaped HTML; each change in ``<del>``/``<ins>`` with
    words for screen readers where it starts and ends."""
    out = Markup("")
    for part in parts:
        if isinstance(part, Same):
            out += tokens_html(part.tokens)
            continue
        if part.old:
            out += _marked("del", _("[Fjernet:]"), part.old)
        if part.new:
            out += _marked("ins", _("[Satt inn:]"), part.new)
    return out


def _marked(tag: str, start: str, tokens: Sequence[Token]) -> Markup:
    return Markup('<%s><span class="visually-hidden">%s </span>%s'
                  '<span class="visually-hidden"> %s</span></%s>') % (
        tag, start, tokens_html(tokens), _("[slutt]"), tag)


def tokens_html(tokens: Sequence[Token]) -> Markup:
    """Tokens as escaped HTML in their emphasis and links (safe addresses only)."""
    out = Markup("")
    for url, in_link in groupby(tokens, key=lambda t: t.url):
        text = Markup("").join(
            _emphasis("".join(t.text for t in run), *style)
            for style, run in groupby(in_link, key=lambda t: (t.bold, t.italic)))
        if url is not None and markdown.is_safe_url(url):
            text = Markup('<a href="%s" rel="noopener noreferrer nofollow">%s</a>') % (url, text)
        out += text
    return out


def _emphasis(text: str, bold: bool, italic: bool) -> Markup:
    html = escape(text)
    if italic:
        html = Markup("<em>%s</em>") % html
    if bold:
        html = Markup("<strong>%s</strong>") % html
    return html
