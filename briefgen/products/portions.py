"""Portion markings applied to a brief before it is composed, and release editions.

From the brief's markings (read against the layout, :mod:`briefgen.layouts.marking_checks`)
this stage derives the banner (every dimension), gives each part the portion mark the layout
prints before it, and for a release edition (``--release LEVEL``) leaves out every part above
LEVEL, so that nothing of it reaches the template, the page, the outline or the metadata. The
one-pager then fits what is left; the banner is the highest part kept.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

from briefgen.content import inline
from briefgen.content.load import FieldPath, format_path
from briefgen.content.model import Brief, MarkedText
from briefgen.content.validate import Validated
from briefgen.errors import ContentError, Problem
from briefgen.layouts.layout import Layout
from briefgen.layouts.marking_checks import BriefMarkings, read_markings, unmarked_problems
from briefgen.layouts.markings import Marking, Markings, above, full_text, highest, markings_of, parse_marking, \
    portion_text

log = logging.getLogger(__name__)

_LISTS = ("key_points", "background", "implications")
_ITEMS = {"timeline": "text", "key_quotes": "text", "actors": "name", "figures": "caption"}
_ESSENTIAL = (("title",), ("summary",))
_LIST_PATH = re.compile(r"^(key_points|background|implications|timeline|key_quotes|actors|figures|outlook\.scenarios"
                        r"|outlook\.indicators)\[(\d+)\]")
# Printed fields that carry no marking of their own: they are under the brief's marking for unmarked parts, so
# a release below it leaves them out (set to the value here). Every other field of the model is a marked part
# (briefgen.content.fields.marked_parts), inside one, the sources (kept when a part kept cites them) or one
# of MARKING_FIELDS; tests/products/test_markings.py walks the model to keep this complete.
UNMARKED_FIELDS: dict[tuple[str, ...], Any] = {("subtitle",): None, ("tags",): [], ("authors",): [],
                                               ("organization",): None, ("audience",): None,
                                               ("outlook", "horizon"): None, ("outlook", "confidence"): None}
MARKING_FIELDS = (("id",), ("date",), ("classification",), ("caveats",), ("tlp",), ("likelihood_scale",),
                  ("language",))  # the file name, the date, the marking itself and settings: no words of a part


@dataclass(frozen=True)
class LeftOut:
    """A part a release edition leaves out: where it is and its marking."""

    path: str
    line: int | None
    marking: str


@dataclass
class Marked:
    """A brief ready to compose: the model with portion marks (and a release's parts left out)."""

    validated: Validated
    banner: Marking
    settings: Markings
    release: str | None = None
    left_out: list[LeftOut] = field(default_factory=list)
    kept: dict[str, list[int]] = field(default_factory=dict)  # list → the original index of each item kept

    def original(self, path: str) -> str:
        """A path into the edition's lists (``key_points[1].text``) as a path into the brief as written."""
        found = _LIST_PATH.match(path)
        if not found or found.group(1) not in self.kept:
            return path
        kept = self.kept[found.group(1)]
        index = int(found.group(2))
        return f"{found.group(1)}[{kept[index] if index < len(kept) else index}]{path[found.end():]}"

    @property
    def marking(self) -> str | None:
        """Every dimension of the banner on one line (covers, metadata), or None when unmarked."""
        return full_text(self.settings, self.banner) or None


def release_marking(settings: Markings, release: str) -> Marking:
    """The marking a ``--release`` value names; a ContentError when it names no level or TLP label."""
    limit = parse_marking(settings, release)
    if limit.verbatim or limit.empty:
        known = [level for scheme in settings.schemes for level in scheme.levels]
        raise ContentError([Problem(None, None, None, "--release", f"{release!r} is not a level of the layout's "
                                    f"marking schemes or a TLP label; use one of {', '.join(dict.fromkeys(known))} "
                                    "or TLP:CLEAR … TLP:RED")])
    return limit


def mark_brief(validated: Validated, layout: Layout, release: str | None = None) -> Marked:
    """The brief as the layout marks it, and as its ``release`` edition when one is asked for."""
    settings = markings_of(layout)
    markings, problems = read_markings(settings, validated.loaded)
    problems += unmarked_problems(settings, validated.loaded, markings)  # an error when the layout requires one
    if [p for p in problems if not p.is_warning]:
        raise ContentError([p for p in problems if not p.is_warning])
    if release is None and not markings.portioned:
        return Marked(validated, _plain_banner(validated, markings), settings)
    limit = release_marking(settings, release) if release else None
    dropped = _above(settings, validated, markings, limit) if limit else {}
    banner = markings.banner
    if limit is not None:  # the highest part kept, under the brief's own TLP label when the release keeps it
        kept = [markings.of(path) for path in markings.parts if path not in dropped]
        own_tlp = Marking(tlp=markings.own.tlp)
        label = [own_tlp] if markings.own.tlp and not above(settings, own_tlp, limit) else []
        banner = highest(settings, kept + label) or markings.banner
    portions = {path: portion_text(settings, markings.of(path)) for path in markings.parts} \
        if markings.portioned and settings.portion_marks else {}
    model = _edit(validated.model, set(dropped), portions)
    unmarked_out = limit is not None and above(settings, markings.unmarked, limit) is not False
    if unmarked_out:
        model = _without_unmarked(model)
    if unmarked_out or dropped:
        model = model.model_copy(update={"sources": _sources_kept(validated, model, dropped, unmarked_out)})
    left = [LeftOut(format_path(path), validated.loaded.problem(path, "").line, mark.described())
            for path, mark in dropped.items()]
    return Marked(Validated(model, validated.loaded, validated.warnings), banner, settings, release, left,
                  _kept(validated.model, set(dropped)))


def _kept(brief: Brief, dropped: set[FieldPath]) -> dict[str, list[int]]:
    """For each list a release shortened, the original index of every item it keeps."""
    lists = {key: len(getattr(brief, key)) for key in (*_LISTS, *_ITEMS)}
    if brief.outlook is not None:
        lists["outlook.scenarios"] = len(brief.outlook.scenarios)
        lists["outlook.indicators"] = len(brief.outlook.indicators)
    kept = {}
    for key, count in lists.items():
        path = tuple(key.split("."))
        indices = [i for i in range(count) if (*path, i) not in dropped and not (count == 1 and path in dropped)]
        if len(indices) != count:
            kept[key] = indices
    return kept


def _cited(value: Any) -> set[str]:
    """Source ids a part names: citations in its text, its ``source`` and ``sources``."""
    if isinstance(value, str):
        return set(inline.cited_ids(value))
    if isinstance(value, dict):
        ids = {v for k, v in value.items() if k == "source" and isinstance(v, str)}
        ids |= {v for k, vs in value.items() if k == "sources" and isinstance(vs, list) for v in vs if isinstance(v, str)}
        return ids | {i for v in value.values() for i in _cited(v)}
    if isinstance(value, list):
        return {i for v in value for i in _cited(v)}
    return set()


def _sources_kept(validated: Validated, model: Brief, dropped: dict[FieldPath, Marking], uncited_out: bool) -> list[Any]:
    """The sources, less those that only parts left out cite (a source's title can say what the part was), and
    less those no part kept cites when the release leaves out what is under the brief's marking."""
    data = validated.loaded.data
    gone: set[str] = set()
    for path in dropped:
        node: Any = data
        for part in path:
            node = node[part] if isinstance(node, (dict, list)) and not isinstance(node, str) else None
        gone |= _cited(node)
    still = _cited(model.model_dump(mode="json", exclude={"sources"}))
    return [source for source in model.sources if source.id in still or (source.id not in gone and not uncited_out)]


def _without_unmarked(model: Brief) -> Brief:
    """The model without the fields that carry no marking of their own (:data:`UNMARKED_FIELDS`)."""
    top = {path[0]: value for path, value in UNMARKED_FIELDS.items() if len(path) == 1}
    model = model.model_copy(update=top)
    if model.outlook is not None:
        inner = {path[1]: value for path, value in UNMARKED_FIELDS.items() if path[0] == "outlook"}
        model = model.model_copy(update={"outlook": model.outlook.model_copy(update=inner)})
    return model


def _plain_banner(validated: Validated, markings: BriefMarkings) -> Marking:
    """A brief without portion marks keeps its classification exactly as written (with caveats and TLP beside it)."""
    own = markings.own
    if own.level and not validated.model.caveats and validated.model.classification:
        return replace(own, written=str(validated.model.classification))
    return own


def _above(settings: Markings, validated: Validated, markings: BriefMarkings, limit: Marking) -> dict[FieldPath, Marking]:
    """The parts above the release (or that cannot be compared with it); an error when the title or summary is."""
    dropped = {path: markings.of(path) for path in markings.parts if above(settings, markings.of(path), limit) is not False}
    essential = [path for path in _ESSENTIAL if path in dropped]
    if essential:
        raise ContentError([validated.loaded.problem(path, f"is marked {dropped[path].described()}, above the release "
                                                     f"{limit.described()}: a release edition cannot leave out the "
                                                     f"{path[0]}; mark it at or below {limit.described()} (with a "
                                                     "`{text, marking}` mapping) or release at a higher level")
                            for path in essential])
    return dropped


def _marked(value: Any, portion: str | None) -> Any:
    if not portion:
        return value
    if value is None:  # a figure without a caption: the mark alone follows its number
        return MarkedText("", None, (), portion)
    return MarkedText(str(value), getattr(value, "marking", None), getattr(value, "caveats", ()), portion)


def _edit(brief: Brief, dropped: set[FieldPath], portions: dict[FieldPath, str]) -> Brief:
    """A copy of the model without the dropped parts and with portion marks on the kept ones."""
    updates: dict[str, Any] = {key: _marked(getattr(brief, key), portions.get((key,))) for key, in _ESSENTIAL}
    for key in _LISTS:
        single = (key,) in portions or (key,) in dropped  # one text or mapping where a list may stand

        def at(index: int, key: str = key, single: bool = single) -> FieldPath:
            return (key,) if single else (key, index)

        updates[key] = [_marked(v, portions.get(at(i))) for i, v in enumerate(getattr(brief, key)) if at(i) not in dropped]
    for key, attr in _ITEMS.items():
        updates[key] = [item.model_copy(update={attr: _marked(getattr(item, attr), portions.get((key, i)))})
                        for i, item in enumerate(getattr(brief, key)) if (key, i) not in dropped]
    updates["outlook"] = _outlook(brief, dropped, portions)
    return brief.model_copy(update=updates)


def _outlook(brief: Brief, dropped: set[FieldPath], portions: dict[FieldPath, str]) -> Any:
    outlook = brief.outlook
    if outlook is None or ("outlook", "summary") in dropped:
        return None
    scenarios = [s.model_copy(update={"title": _marked(s.title, portions.get(("outlook", "scenarios", i)))})
                 for i, s in enumerate(outlook.scenarios) if ("outlook", "scenarios", i) not in dropped]
    indicators = [_marked(text, portions.get(("outlook", "indicators", i))) for i, text in enumerate(outlook.indicators)
                  if ("outlook", "indicators", i) not in dropped]
    return outlook.model_copy(update={"summary": _marked(outlook.summary, portions.get(("outlook", "summary"))),
                                      "scenarios": scenarios, "indicators": indicators})
