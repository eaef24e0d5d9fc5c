"""A brief's markings read against a layout: the brief's own, every part's, the banner they make,
and every problem located (unknown levels and caveats, mixed schemes, a classification below a
part, an unmarked brief).

Validation runs these checks with the others (``validate_brief(..., checks=[marking_check(layout)])``),
so ``briefgen validate`` and ``briefgen build`` report marking problems with every other problem.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefgen.content.fields import marked_parts
from briefgen.content.load import FieldPath, Loaded, format_path
from briefgen.errors import Problem
from briefgen.layouts.layout import Layout
from briefgen.layouts.markings import (TLP_LEVELS, TLP_PREFIX, Marking, Markings, highest, level_rank, markings_of,
                                       parse_marking, parse_tlp, tlp_label, unknown_caveat)

log = logging.getLogger(__name__)


@dataclass
class BriefMarkings:
    """A brief's markings: its own, each marked part's, each part's in effect, and the banner."""

    own: Marking
    parts: dict[FieldPath, Marking | None] = field(default_factory=dict)  # None: the part is not marked
    banner: Marking = Marking()

    @property
    def portioned(self) -> bool:
        """Whether any part carries its own marking."""
        return any(marking is not None for marking in self.parts.values())

    @property
    def unmarked(self) -> Marking:
        """The marking of a part without one: the brief's own when it sets a classification (with its own
        caveats and TLP label, not the ones parts add to the banner), else the banner (the highest part)."""
        return self.own if (self.own.level or self.own.verbatim) else self.banner

    def of(self, path: FieldPath) -> Marking:
        """The marking a part is under: its own, or :attr:`unmarked`."""
        return self.parts.get(path) or self.unmarked


def _words(value: Any) -> list[str]:
    return [str(word) for word in value] if isinstance(value, list) else []


def _level_problem(settings: Markings, text: str) -> str | None:
    """A message when a part's marking names no level of the layout's schemes and no TLP label."""
    marking = parse_marking(settings, text)
    if not marking.verbatim:
        return None
    known = [level for scheme in settings.schemes for level in scheme.levels] + [TLP_PREFIX + t for t in TLP_LEVELS]
    near = difflib.get_close_matches(" ".join(text.upper().split()), list(dict.fromkeys(known)), n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else f"; use one of {', '.join(dict.fromkeys(known))}"
    return f"{text!r} is not a level of the layout's marking schemes or a TLP label{hint}"


def _part_marking(settings: Markings, loaded: Loaded, path: FieldPath, item: Any,
                  problems: list[Problem]) -> Marking | None:
    if not isinstance(item, dict) or (item.get("marking") is None and not item.get("caveats")):
        return None
    text, caveats = item.get("marking"), _words(item.get("caveats"))
    if text is not None:
        message = _level_problem(settings, str(text))
        if message:
            problems.append(loaded.problem(path + ("marking",), message))
            return None
    for index, word in enumerate(caveats):
        if (message := unknown_caveat(settings, word)):
            problems.append(loaded.problem(path + ("caveats", index), message))
    return parse_marking(settings, str(text) if text is not None else None, caveats)


def read_markings(settings: Markings, loaded: Loaded) -> tuple[BriefMarkings, list[Problem]]:
    """The brief's markings and every problem with them, located."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    problems: list[Problem] = []
    caveats = _words(data.get("caveats"))
    for index, word in enumerate(caveats):
        if (message := unknown_caveat(settings, word)):
            problems.append(loaded.problem(("caveats", index), message))
    classification = data.get("classification")
    tlp = data.get("tlp") if isinstance(data.get("tlp"), str) and parse_tlp(data.get("tlp")) else None
    own = parse_marking(settings, str(classification) if classification is not None else None, caveats, tlp)
    result = BriefMarkings(own)
    for path, item in marked_parts(data):
        result.parts[path] = _part_marking(settings, loaded, path, item, problems)
    marked = [(path, m) for path, m in result.parts.items() if m is not None]
    inherit = [replace_dims(own, m) for _, m in marked]
    banner = highest(settings, [own, *inherit])
    if banner is None:
        problems += _mixed(settings, loaded, own, marked)
        banner = own
    problems += _below(settings, loaded, own, marked)
    result.parts = {path: (replace_dims(own, m) if m else None) for path, m in result.parts.items()}
    result.banner = banner
    return result, problems


def replace_dims(own: Marking, part: Marking) -> Marking:
    """A part's marking in effect: what it sets, the brief's level where it sets only caveats or TLP."""
    if part.level or part.verbatim or not (own.level or own.verbatim):
        return part
    return Marking(own.level, own.scheme, part.caveats, part.tlp, own.verbatim)


def _mixed(settings: Markings, loaded: Loaded, own: Marking, marked: list[tuple[FieldPath, Marking]]) -> list[Problem]:
    """Parts in a scheme the brief's other markings cannot be ordered with."""
    explicit = bool(own.level or own.verbatim)
    reference = own if explicit else next((m for _, m in marked if m.level), own)
    reference = Marking(reference.level, reference.scheme, (), None, reference.verbatim)  # the level is what clashes
    problems = []
    for path, marking in marked:
        if marking.level and highest(settings, [reference, marking]) is None:
            where = "the brief's classification" if explicit else "its other parts"
            problems.append(loaded.problem(path + ("marking",), f"{marking.described()!r} cannot be ordered with "
                                           f"{where} ({reference.described()}): the layout declares no "
                                           "equivalence between their schemes; mark every part in one scheme"))
    return problems


def _below(settings: Markings, loaded: Loaded, own: Marking, marked: list[tuple[FieldPath, Marking]]) -> list[Problem]:
    """An explicit classification (or TLP label) below a part: an error at the part naming both."""
    problems = []
    if own.empty:
        return problems
    for path, marking in marked:
        lower = own.level and own.scheme and marking.level and \
            (level_rank(settings, marking, own.scheme) or 0) > own.scheme.rank(own.level)
        lower_tlp = own.tlp and marking.tlp and TLP_LEVELS.index(marking.tlp) > TLP_LEVELS.index(own.tlp)
        if lower or lower_tlp:
            line = loaded.problem(("classification",) if lower else ("tlp",), "").line
            at = f" (line {line})" if line else ""
            theirs, ours = (marking.level, own.level) if lower else (tlp_label(marking.tlp), tlp_label(own.tlp))
            problems.append(loaded.problem(path + ("marking",), f"{format_path(path)} is marked {theirs}, above the "
                                           f"brief's {ours}{at}; raise the brief's marking or lower the part's"))
    return problems


def unmarked_problems(settings: Markings, loaded: Loaded, result: BriefMarkings) -> list[Problem]:
    """A warning (an error when the layout requires a marking) for a brief with no marking at all."""
    if not result.banner.empty:
        return []
    example = settings.schemes[0].levels[0] if settings.schemes and settings.schemes[0].levels else "TLP:CLEAR"
    text = (f"the brief has no `classification`, `caveats` or `tlp`, so its pages carry no handling marking; "
            f"add one (e.g. `classification: {example}`)")
    return [loaded.problem(("title",), text if settings.required else f"warning: {text}")]


def marking_check(layout: Layout) -> Callable[[Loaded], list[Problem]]:
    """A check of a brief's markings against ``layout`` for :func:`briefgen.content.validate.validate_brief`."""
    settings = markings_of(layout)

    def check(loaded: Loaded) -> list[Problem]:
        if not isinstance(loaded.data, dict):
            return []
        result, problems = read_markings(settings, loaded)
        return problems + unmarked_problems(settings, loaded, result)

    return check
