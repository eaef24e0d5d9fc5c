"""Handling markings in dimensions, as the layout defines them: a level in one of its schemes,
handling caveats, and a TLP label beside them.

A layout's ``markings.schemes`` lists its schemes, each with its ordered levels (least to most
restrictive), their portion abbreviations, the caveat words it knows (with theirs) and how a
banner and a portion mark are written; ``markings.equivalences`` declares which levels of two
schemes a house takes as equal (none by default). TLP 2.0 is a fixed scheme of its own: a
sharing label that sits beside a classification, never instead of one. Every word printed
comes from the layout; this module only orders, combines and fills in its formats.

A scheme written as a bare list of levels (layouts before content format 1.2) still works: it
knows no caveats and abbreviates nothing.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from briefgen.layouts.layout import Layout

log = logging.getLogger(__name__)

TLP_LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
TLP_PREFIX = "TLP:"


@dataclass(frozen=True)
class Scheme:
    """One classification scheme of a layout."""

    name: str
    levels: tuple[str, ...]
    portions: tuple[str, ...] = ()
    caveats: tuple[tuple[str, str], ...] = ()  # (word, portion abbreviation), in banner order
    banner: str = "{level}"
    caveat_join: str = " "
    portion: str = "{level}"

    def rank(self, level: str) -> int:
        """The level's position, least restrictive first."""
        return self.levels.index(level)

    def abbreviation(self, level: str) -> str:
        """The level's portion abbreviation (the level itself when the layout gives none)."""
        index = self.rank(level)
        return self.portions[index] if index < len(self.portions) else level

    def caveat(self, word: str) -> tuple[int, str] | None:
        """A known caveat's banner order and portion abbreviation; a word ``REL TO *`` takes any ending."""
        for order, (known, short) in enumerate(self.caveats):
            if word == known:
                return order, short
            if known.endswith("*") and word.startswith(known[:-1]) and len(word) > len(known) - 1:
                return order, short.replace("*", word[len(known) - 1:])
        return None


@dataclass(frozen=True)
class Marking:
    """A marking in its dimensions; ``verbatim`` is a classification no scheme lists, printed as written."""

    level: str | None = None
    scheme: Scheme | None = None
    caveats: tuple[str, ...] = ()
    tlp: str | None = None
    verbatim: str | None = None
    written: str | None = None  # the level and caveats as the author wrote them, printed so when set

    @property
    def empty(self) -> bool:
        """Whether no dimension is set."""
        return not (self.level or self.caveats or self.tlp or self.verbatim)

    def described(self) -> str:
        """The marking in words for messages: ``CONFIDENTIAL//NOFORN``, ``TLP:AMBER``."""
        return " ".join(filter(None, [self.verbatim or banner_text(self), tlp_label(self.tlp)])) or "unmarked"


@dataclass(frozen=True)
class Markings:
    """A layout's marking settings: schemes, equivalences and how marks print."""

    schemes: tuple[Scheme, ...]
    equivalences: tuple[dict[str, str], ...] = ()
    required: bool = False
    portion_marks: bool = True
    portion_format: str = "({mark})"
    tlp_join: str = " "


def tlp_label(tlp: str | None) -> str:
    """``AMBER`` → ``TLP:AMBER``; nothing for no label."""
    return f"{TLP_PREFIX}{tlp}" if tlp else ""


def _scheme(entry: Any, index: int) -> Scheme:
    if isinstance(entry, list):  # a bare list of levels (layouts written before format 1.2)
        return Scheme(f"scheme {index + 1}", tuple(_norm(level) for level in entry))
    caveats = entry.get("caveats") or {}
    pairs = caveats.items() if isinstance(caveats, dict) else ((word, word) for word in caveats)
    return Scheme(str(entry.get("name", f"scheme {index + 1}")), tuple(_norm(level) for level in entry.get("levels", [])),
                  tuple(str(p) for p in entry.get("portions", [])), tuple((_norm(w), str(s)) for w, s in pairs),
                  str(entry.get("banner", "{level}")), str(entry.get("caveat_join", " ")),
                  str(entry.get("portion", "{level}")))


def markings_of(layout: Layout) -> Markings:
    """The marking settings of a layout."""
    listed = layout.get("markings", "schemes", default=[]) or []
    schemes = tuple(_scheme(entry, index) for index, entry in enumerate(listed))
    return Markings(schemes, tuple(dict(e) for e in layout.get("markings", "equivalences", default=[]) or []),
                    bool(layout.get("markings", "required", default=False)),
                    bool(layout.get("markings", "portion_marks", default=True)),
                    str(layout.get("markings", "portion_format", default="({mark})")),
                    str(layout.get("markings", "tlp_join", default=" ")))


def _norm(text: Any) -> str:
    return " ".join(str(text).upper().split())


# ---------------------------------------------------------------- reading markings


def parse_tlp(text: Any) -> str | None:
    """``TLP:AMBER`` or ``AMBER`` → ``AMBER``; None when it is no TLP 2.0 label."""
    word = _norm(text).removeprefix(TLP_PREFIX)
    return word if word in TLP_LEVELS else None


def find_level(settings: Markings, text: str, caveats: Iterable[str] = ()) -> tuple[Scheme, str] | None:
    """The scheme and level a word names: the first scheme listing it that knows the caveats too."""
    level = _norm(text)
    listing = [scheme for scheme in settings.schemes if level in scheme.levels]
    for scheme in listing:
        if all(scheme.caveat(_norm(word)) for word in caveats):
            return scheme, level
    return (listing[0], level) if listing else None


def parse_marking(settings: Markings, text: str | None, caveats: Iterable[str] = (), tlp: str | None = None) -> Marking:
    """A marking from a ``classification`` (or part ``marking``) string, caveats and a TLP label.

    A TLP label alone is the TLP dimension; a banner written out (``SECRET//NOFORN``) is read
    back into its level and caveats; any other string no scheme lists is kept verbatim.
    """
    words = tuple(_norm(word) for word in caveats)
    label = parse_tlp(tlp) if tlp else None
    if text is None or not str(text).strip():
        return Marking(None, None, words, label)
    if _norm(text).startswith(TLP_PREFIX) and parse_tlp(text):
        return Marking(None, None, words, label or parse_tlp(text))
    found = find_level(settings, text, words)
    if found:
        return Marking(found[1], found[0], words, label)
    written = _written_banner(settings, str(text))
    if written:
        return replace(written, caveats=tuple(dict.fromkeys((*written.caveats, *words))), tlp=label)
    return Marking(None, None, words, label, str(text))


def _written_banner(settings: Markings, text: str) -> Marking | None:
    """``SECRET//NOFORN`` or ``OFFICIAL-SENSITIVE UK EYES ONLY`` read as a level and known caveats."""
    norm = _norm(text)
    for scheme in settings.schemes:
        prefix = scheme.banner.split("{caveats}")[0].replace("{level}", "\0")
        for level in sorted(scheme.levels, key=len, reverse=True):
            head = prefix.replace("\0", level)
            if "{caveats}" in scheme.banner and norm.startswith(head) and len(norm) > len(head):
                words = tuple(w.strip() for w in norm[len(head):].split(scheme.caveat_join.strip() or " ") if w.strip())
                if scheme.caveat_join.strip() == "" and words:
                    words = (" ".join(words),)
                if words and all(scheme.caveat(w) for w in words):
                    return Marking(level, scheme, words)
    return None


def unknown_caveat(settings: Markings, word: str) -> str | None:
    """A message when no scheme of the layout knows a caveat word, with the nearest known one."""
    if any(scheme.caveat(_norm(word)) for scheme in settings.schemes):
        return None
    known = [w for scheme in settings.schemes for w, _ in scheme.caveats]
    near = difflib.get_close_matches(_norm(word), known, n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else (f"; the layout knows {', '.join(known)}" if known
                                                       else "; the layout knows no caveats")
    return f"{word!r} is not a caveat the layout knows{hint}"


# ---------------------------------------------------------------- ordering and combining


def level_rank(settings: Markings, marking: Marking, target: Scheme) -> int | None:
    """The marking's level as a rank of ``target``: directly, or through a declared equivalence
    (the lowest equivalent at or above it); None when the schemes cannot be compared."""
    if marking.scheme is None or marking.level is None:
        return None
    if marking.scheme.name == target.name:
        return target.rank(marking.level)
    own = marking.scheme.rank(marking.level)
    mapped = []
    for pair in settings.equivalences:
        there, here = pair.get(marking.scheme.name), pair.get(target.name)
        if there and here and _norm(there) in marking.scheme.levels and _norm(here) in target.levels \
                and marking.scheme.rank(_norm(there)) >= own:
            mapped.append((marking.scheme.rank(_norm(there)), target.rank(_norm(here))))
    return min(mapped)[1] if mapped else None


def _tlp_rank(tlp: str | None) -> int:
    return TLP_LEVELS.index(tlp) if tlp else -1


def highest(settings: Markings, markings: list[Marking]) -> Marking | None:
    """Every dimension at its highest: the level within one scheme (or through an equivalence), the
    union of caveats (in the layout's order), the highest TLP label; None when the levels cannot be
    ordered in any one scheme.

    Across schemes, the level is written in the scheme of the item that holds it: an equivalence maps
    a level to the lowest one at or above it, so reading a UK OFFICIAL-SENSITIVE item into US levels
    could raise it (to SECRET, where the house declares no closer pair); the scheme in which the top
    level is an item's own marking never raises anything. Otherwise the first item's scheme.
    """
    levelled = [m for m in markings if m.level]
    verbatim = {m.verbatim for m in markings if m.verbatim}
    tlp = max((m.tlp for m in markings if m.tlp), key=_tlp_rank, default=None)
    caveats = tuple(dict.fromkeys(c for m in markings for c in m.caveats))
    if len(verbatim) > 1 or (verbatim and levelled):
        return None
    if not levelled:
        return Marking(None, None, _ordered(caveats, None), tlp, next(iter(verbatim), None))
    found = []
    for order, target in enumerate(dict.fromkeys(m.scheme for m in levelled if m.scheme)):
        ranks = [level_rank(settings, m, target) for m in levelled]
        if all(rank is not None for rank in ranks):
            top = max(r for r in ranks if r is not None)
            held = any(m.scheme is not None and m.scheme.name == target.name and target.rank(m.level) == top
                       for m in levelled if m.level)
            found.append((not held, order, target, top))
    if not found:
        return None
    _, _, target, top = min(found, key=lambda entry: entry[:2])
    return Marking(target.levels[top], target, _ordered(caveats, target), tlp)


def _ordered(caveats: tuple[str, ...], scheme: Scheme | None) -> tuple[str, ...]:
    if scheme is None:
        return caveats
    return tuple(sorted(caveats, key=lambda word: (scheme.caveat(word) or (len(scheme.caveats), ""))[0]))


def above(settings: Markings, part: Marking, limit: Marking) -> bool | None:
    """Whether ``part`` is above ``limit`` in the dimensions ``limit`` sets (level, TLP);
    None when their levels cannot be compared."""
    if limit.tlp and _tlp_rank(part.tlp) > _tlp_rank(limit.tlp):
        return True
    if limit.level and limit.scheme and part.level:
        rank = level_rank(settings, part, limit.scheme)
        return None if rank is None else rank > limit.scheme.rank(limit.level)
    if limit.level and part.verbatim:
        return None
    return False


# ---------------------------------------------------------------- printing


def banner_text(marking: Marking) -> str:
    """The level and caveats as the scheme writes a banner: ``SECRET//NOFORN``; a verbatim marking as written."""
    if marking.verbatim or marking.written:
        return str(marking.verbatim or marking.written)
    scheme = marking.scheme
    if scheme is None or marking.level is None:
        return " ".join(marking.caveats)
    if not marking.caveats:
        return marking.level
    return scheme.banner.format(level=marking.level, caveats=scheme.caveat_join.join(marking.caveats))


def portion_text(settings: Markings, marking: Marking) -> str:
    """A portion mark as the layout prints it: ``(C//NF)``, ``(OS)``, ``(TLP:GREEN)``."""
    parts = []
    if marking.scheme and marking.level:
        scheme = marking.scheme
        shorts = [(scheme.caveat(word) or (0, word))[1] for word in marking.caveats]
        text = scheme.abbreviation(marking.level)
        parts.append(scheme.portion.format(level=text, caveats=scheme.caveat_join.join(shorts)) if shorts else text)
    elif marking.verbatim:
        parts.append(marking.verbatim)
    if marking.tlp:
        parts.append(tlp_label(marking.tlp))
    return settings.portion_format.format(mark=settings.tlp_join.join(parts)) if parts else ""


def full_text(settings: Markings, marking: Marking) -> str:
    """Every dimension on one line, for covers, contents and metadata: ``OFFICIAL-SENSITIVE TLP:AMBER``."""
    return settings.tlp_join.join(filter(None, [banner_text(marking), tlp_label(marking.tlp)]))
