"""The marking of a pack's own pages, dimension by dimension.

Each item's marking is the banner of the edition the pack prints (its release edition when
the manifest sets ``release:``). The pack's level is the highest item level within one scheme,
or through an equivalence the ``pack`` layout declares; its caveats are the union of the items';
its TLP label is the highest. An explicit ``classification`` sets the dimensions it names and
must not sit below any item in them. Items whose levels no scheme orders are an error that says
how a layout declares an equivalence.
"""

from __future__ import annotations

import logging
from typing import Any

from briefgen.content.validate import Validated
from briefgen.errors import ContentError, Problem
from briefgen.layouts.layout import load_layout
from briefgen.layouts.markings import (TLP_LEVELS, Marking, Markings, banner_text, full_text, highest, level_rank,
                                       markings_of, parse_marking, tlp_label)
from briefgen.products.portions import mark_brief

PackItem = Any  # briefgen.products.pack.PackItem (number, index, brief, fmt, marking), which imports this module

log = logging.getLogger(__name__)

PACK_LAYOUT = "pack"


def _item_markings(pack: Validated, items: list[PackItem]) -> tuple[list[tuple[PackItem, Marking]], list[Problem]]:
    """Each item's banner, as the edition the pack prints; problems (a release the item cannot make) located."""
    marks, problems = [], []
    for item in items:
        try:
            marked = mark_brief(item.brief, load_layout(item.fmt), pack.model.release)
        except ContentError as exc:
            details = "; ".join(str(p) for p in exc.problems[:5])
            problems.append(pack.loaded.problem(("items", item.index, "brief"),
                                                f"item {item.number} cannot be printed in this pack: {details}"))
            continue
        item.marking = marked.marking
        item.keywords = list(marked.validated.model.tags)
        marks.append((item, marked.banner))
    return marks, problems


def pack_marking(pack: Validated, items: list[PackItem]) -> tuple[Marking | None, list[Problem]]:
    """The marking of the pack's own pages (None: unmarked), and every problem with it."""
    settings = markings_of(load_layout(PACK_LAYOUT))
    marks, problems = _item_markings(pack, items)
    if problems:
        return None, problems
    found = highest(settings, [mark for _, mark in marks])
    explicit = pack.model.classification
    if explicit:
        own = parse_marking(settings, explicit)
        problems = [p for item, mark in marks for p in _below(settings, pack, item, own, mark)]
        if found is None and not (own.level or own.verbatim):
            problems.append(_unordered(settings, pack, marks))
        return _with(own, found), problems
    if found is None:
        return None, [_unordered(settings, pack, marks)]
    return (None if found.empty else found), []


def _with(own: Marking, found: Marking | None) -> Marking:
    """The explicit marking's dimensions, the items' where it sets none; caveats of both."""
    found = found or Marking()
    levelled = own if (own.level or own.verbatim) else found
    caveats = tuple(dict.fromkeys((*own.caveats, *found.caveats)))
    tlp = max(filter(None, [own.tlp, found.tlp]), key=TLP_LEVELS.index, default=None)
    return Marking(levelled.level, levelled.scheme, caveats, tlp, levelled.verbatim)


def _below(settings: Markings, pack: Validated, item: PackItem, own: Marking, mark: Marking) -> list[Problem]:
    """Problems when the pack's explicit marking sits below the item's in a dimension it sets."""
    where = ("items", item.index, "brief")
    problems = []
    own_level, item_level = banner_text(Marking(own.level, own.scheme, (), None, own.verbatim)), \
        banner_text(Marking(mark.level, mark.scheme, (), None, mark.verbatim))
    if own_level and item_level and own_level != item_level:
        rank = level_rank(settings, mark, own.scheme) if own.scheme and own.level else None
        if rank is None:
            problems.append(pack.loaded.problem(where, f"item {item.number} is marked {item_level!r}, which cannot be "
                                                f"ordered against the pack's marking {own_level!r} (no marking scheme "
                                                f"of the layout lists both); {_how_to_relate(settings)}"))
        elif own.scheme and own.level and rank > own.scheme.rank(own.level):
            problems.append(_above(pack, where, item, item_level, own_level))
    if own.tlp and mark.tlp and TLP_LEVELS.index(mark.tlp) > TLP_LEVELS.index(own.tlp):
        problems.append(_above(pack, where, item, tlp_label(mark.tlp), tlp_label(own.tlp)))
    return problems


def _above(pack: Validated, where: tuple, item: PackItem, theirs: str, ours: str) -> Problem:
    return pack.loaded.problem(where, f"item {item.number} is marked {theirs!r}, above the pack's marking {ours!r}; "
                               f"a pack is never marked below its contents: mark it {theirs!r} or higher")


def _unordered(settings: Markings, pack: Validated, marks: list[tuple[PackItem, Marking]]) -> Problem:
    """Items whose levels no one scheme (and no declared equivalence) orders."""
    listed = ", ".join(dict.fromkeys(repr(banner_text(Marking(m.level, m.scheme, (), None, m.verbatim)))
                                     for _, m in marks if m.level or m.verbatim))
    named = ", ".join(f"{item.number} ({m.scheme.name if m.scheme else 'no scheme'})"
                      for item, m in marks if m.level or m.verbatim)
    return pack.loaded.problem(("items",), f"the items carry markings that no one scheme orders ({listed}; items "
                               f"{named}); {_how_to_relate(settings)}")


def _how_to_relate(settings: Markings) -> str:
    """How to make two schemes comparable: an equivalence in a layout (an example from the layout's own
    schemes), or one scheme for every item."""
    firsts = [(scheme.name, scheme.levels[0]) for scheme in settings.schemes if scheme.levels][:2]
    pair = ", ".join(f"{name}: {level}" for name, level in firsts) or "US: UNCLASSIFIED, UK: OFFICIAL"
    return ("re-mark the items in one scheme, or declare which levels a house takes as equal in a layout "
            f"named `{PACK_LAYOUT}` (./layouts/{PACK_LAYOUT}/layout.yaml, or a folder on $BRIEFGEN_LAYOUTS; it extends "
            "the shipped one):\n"
            f"    extends: {PACK_LAYOUT}\n    markings:\n      equivalences:\n        - {{{pair}}}")


def pack_page_marks(marking: Marking | None) -> tuple[str | None, str | None, str | None]:
    """What the pack's own pages print: every dimension on one line, the banner, and the TLP label."""
    if marking is None or marking.empty:
        return None, None, None
    settings = markings_of(load_layout(PACK_LAYOUT))
    return full_text(settings, marking), banner_text(marking) or None, tlp_label(marking.tlp) or None
