"""Matching the items of two editions: exact identity keys first, then similarity, then place.

Pure functions over plain values, used by :mod:`briefgen.content.diff`:

- :func:`words` and :func:`similarity`: text compared by its words (markup, citations and
  quotation-mark styles left out; each CJK character a word, since those scripts write no spaces);
- :func:`pair`: which OLD item is which NEW item, deterministically (best score first, ties to
  the earlier item);
- :func:`moved`: which matched items changed places (not part of the longest run kept in order);
- :func:`word_edits`: a short word-level account of a small edit, or None for a rewrite.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

from briefgen.content.inline import cited_ids, link_targets, plain
from briefgen.memo import memoized

log = logging.getLogger(__name__)

T = TypeVar("T")

SIMILAR = 0.6  # word-level ratio above which two texts are one item edited
IN_PLACE = 0.3  # a lone bullet between the same neighbours, this similar, is one bullet rewritten
MAX_EDITS = 3  # more word-level edits than this (or a longer one) reads as "rewritten"
MAX_EDIT_WORDS = 6

_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)\]])")
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)


@memoized("diff plain texts", holds="inline text as a reader sees it", key="the text", bound=4096)
def plain_text(text: str) -> str:
    """The words of inline text as a reader sees them: no markup or citations, whitespace collapsed
    (and none left before punctuation where a citation stood: ``size [@a].`` reads ``size.``)."""
    return _BEFORE_PUNCTUATION.sub(r"\1", plain(text))


@memoized("diff words", holds="the case-folded words of a text", key="the text", bound=4096)
def words(text: str) -> tuple[str, ...]:
    """The case-folded words of inline text, punctuation left out."""
    return tuple(_WORD.findall(plain_text(text).casefold()))


def printed(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """What a reader gets from inline text: its words, the sources it cites and the links it holds.
    Emphasis, quotation-mark style and line wrapping are left out: changing them is no change."""
    return plain_text(text), tuple(cited_ids(text)), tuple(link_targets(text))


def identity(text: str | None) -> str:
    """A key that ignores markup, case and spacing: ``**Kim** Jong-un`` and ``kim jong-un`` are one name."""
    return " ".join(plain_text(text or "").casefold().split())


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0 to 1: the share of words they have in common, in order."""
    a, b = words(old), words(new)
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):  # cheap upper bounds first
        if (score := bound()) < IN_PLACE:
            return score
    return matcher.ratio()


@dataclass(frozen=True)
class Pair:
    """An OLD item and the NEW item it became; either index is None for a removed or added item."""

    old: int | None
    new: int | None
    how: str | None = None  # how they were matched: "key", "similar" or "place"
    score: float | None = None


def pair(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable],
         similar: Callable[[T, T], float] | None = None, threshold: float = SIMILAR,
         in_place: float | None = None) -> list[Pair]:
    """Match two lists: equal keys (in order of appearance), then the most similar pairs above ``threshold``,
    then, with ``in_place`` set, a lone unmatched item on each side between the same matched neighbours,
    when they are at least ``in_place`` similar (0: a paragraph replaced where it stood is one rewritten).

    The result lists every index of both sides once, in NEW order with removed items at their old place.
    """
    matches: dict[int, Pair] = {}
    free_new: dict[Hashable, list[int]] = {}
    for j, item in enumerate(new):
        free_new.setdefault(key(item), []).append(j)
    for i, item in enumerate(old):
        waiting = free_new.get(key(item))
        if waiting:
            matches[i] = Pair(i, waiting.pop(0), "key", 1.0)
    if similar is not None:
        _pair_similar(old, new, matches, similar, threshold)
        if in_place is not None:
            _pair_in_place(old, new, matches, similar, in_place)
    return _ordered(len(old), len(new), matches)


def _unmatched(count: int, taken: set[int]) -> list[int]:
    return [index for index in range(count) if index not in taken]


def _pair_similar(old: Sequence[T], new: Sequence[T], matches: dict[int, Pair],
                  similar: Callable[[T, T], float], threshold: float) -> None:
    left = _unmatched(len(old), set(matches))
    right = _unmatched(len(new), {m.new for m in matches.values() if m.new is not None})
    scored = sorted(((-score, i, j) for i in left for j in right
                     if (score := similar(old[i], new[j])) >= threshold))
    used_new: set[int] = set()
    for negative, i, j in scored:
        if i not in matches and j not in used_new:
            matches[i] = Pair(i, j, "similar", round(-negative, 3))
            used_new.add(j)


def _pair_in_place(old: Sequence[T], new: Sequence[T], matches: dict[int, Pair],
                   similar: Callable[[T, T], float], minimum: float) -> None:
    """One unmatched OLD item and one unmatched NEW item in the same gap between kept neighbours."""
    anchors = sorted((m.old, m.new) for m in matches.values() if m.old is not None and m.new is not None)
    bounds = [(-1, -1), *[a for a in anchors], (len(old), len(new))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        if i1 <= i0 or j1 <= j0:
            continue  # matched items crossed: no gap to pair in
        gap_old = [i for i in range(i0 + 1, i1) if i not in matches]
        gap_new = [j for j in range(j0 + 1, j1) if not any(m.new == j for m in matches.values())]
        if len(gap_old) == 1 and len(gap_new) == 1:
            score = similar(old[gap_old[0]], new[gap_new[0]])
            if score >= minimum:
                matches[gap_old[0]] = Pair(gap_old[0], gap_new[0], "place", round(score, 3))


def _ordered(old_count: int, new_count: int, matches: dict[int, Pair]) -> list[Pair]:
    """Pairs in NEW order; a removed item right after the matched item that preceded it in OLD,
    before anything added in the same gap (as a reader meets them: what went, then what came)."""
    placed: list[tuple[float, int, Pair]] = []
    after = -1.0  # NEW index of the last matched item met in OLD order
    for i in range(old_count):
        found = matches.get(i)
        if found is None:
            placed.append((after + 0.5, i, Pair(i, None)))
        elif found.new is not None:
            after = float(found.new)
    by_new = {m.new: m for m in matches.values()}
    placed += [(float(j), 0, by_new.get(j) or Pair(None, j)) for j in range(new_count)]
    return [p for _, _, p in sorted(placed, key=lambda entry: entry[:2])]


def moved(pairs: Sequence[Pair]) -> set[int]:
    """OLD indices of matched items that changed places: those outside the longest run kept in order."""
    kept = [(p.new, p.old) for p in pairs if p.old is not None and p.new is not None]
    kept.sort()
    olds = [old for _, old in kept]
    return set(olds) - set(_longest_increasing(olds))


def _longest_increasing(values: list[int]) -> list[int]:
    """The longest strictly increasing subsequence (patience sorting; the earliest on ties)."""
    tails: list[int] = []  # index into values of the smallest tail of each length
    back: list[int | None] = [None] * len(values)
    for index, value in enumerate(values):
        position = bisect.bisect_left([values[t] for t in tails], value)
        back[index] = tails[position - 1] if position else None
        if position == len(tails):
            tails.append(index)
        else:
            tails[position] = index
    run: list[int] = []
    at = tails[-1] if tails else None
    while at is not None:
        run.append(values[at])
        at = back[at]
    return run[::-1]


@dataclass(frozen=True)
class WordEdit:
    """One edit of a text's words: ``old`` replaced by ``new`` (either may be empty)."""

    old: str
    new: str


def word_edits(old: str, new: str) -> tuple[WordEdit, ...] | None:
    """The word-level edits that turn ``old`` into ``new`` (as printed, markup left out), or None when there
    are too many to read as an edit; an empty tuple when the words are the same (citations or links differ)."""
    a, b = plain_text(old).split(), plain_text(new).split()
    opcodes = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(opcodes) > MAX_EDITS or any(max(i2 - i1, j2 - j1) > MAX_EDIT_WORDS for _, i1, i2, j1, j2 in opcodes):
        return None
    return tuple(WordEdit(" ".join(a[i1:i2]), " ".join(b[j1:j2])) for _, i1, i2, j1, j2 in opcodes)
