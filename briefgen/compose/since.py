"""A change-tracked edition's data for the templates: what changed since the previous edition.

``briefgen build NEW --since OLD`` compares the editions (:func:`briefgen.content.diff.compare`)
and gives the template a :class:`Since`: the previous edition's date, the main changes as
data (the template words them: no English here), and which items get a change bar. The
template marks a changed block with ``changed="yes"`` through ``changed('background', 2)``
(``changed_within`` also counts a change of any part of the item); the render stage draws
the bar beside it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from briefgen.content.diff_match import plain_text
from briefgen.content.diff_model import Change, Changes
from briefgen.content.load import format_path

log = logging.getLogger(__name__)

CHANGED = Markup(' changed="yes"')
_GROUPS = ("likelihood", "added", "removed", "changed")
_NUMBERED = ("key_points", "background", "implications", "outlook.indicators")


@dataclass(frozen=True)
class Entry:
    """One main change as the template words it.

    ``group``: likelihood (a scenario moved band), added, removed or changed; ``section`` and
    ``part`` as in :class:`~briefgen.content.diff_model.Change`; ``label`` the item's name (an
    actor, a scenario's title), ``text`` its words as plain text; ``number`` its 1-based place for
    numbered prose (key point 4); ``old``/``new`` the likelihoods of a move; ``fields`` the names of
    the fields that changed.
    """

    group: str
    section: str
    part: str | None
    label: str | None
    text: str
    number: int | None
    old: Any = None
    new: Any = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Since:
    """What a template is told about the previous edition and the changes since."""

    date: dt.date
    entries: tuple[Entry, ...]
    bars: frozenset[str] = field(default_factory=frozenset)

    @property
    def none(self) -> bool:
        """Whether nothing changed (the template says so; no bars are drawn)."""
        return not self.entries

    def count(self, group: str) -> int:
        """How many main changes of a group (likelihood, added, removed, changed) there are."""
        return sum(entry.group == group for entry in self.entries)


def _number(change: Change) -> int | None:
    location = change.new or change.old
    if change.section not in _NUMBERED and not change.part:
        return None
    return location.index + 1 if location and location.index is not None else None


def _entries(change: Change) -> list[Entry]:
    number = _number(change)
    text = plain_text(change.text or "")
    about = {"section": change.section, "part": change.part, "label": change.label, "text": text, "number": number}
    if change.kind in ("added", "removed"):
        return [Entry(change.kind, **about)]
    if change.kind == "moved":
        return []  # the same words in another place: not a main change
    found = []
    move = change.likelihood_move
    if move:
        found.append(Entry("likelihood", **about, old=move.old, new=move.new))
    rest = tuple(f.field for f in change.fields if f is not move)
    if rest:
        found.append(Entry("changed", **about, fields=rest))
    return found


def _barred(change: Change) -> bool:
    """A change bar stands beside what NEW prints anew: added and changed items, not removed or moved ones."""
    return change.new is not None and change.kind in ("added", "changed")


def since_data(changes: Changes, previous_date: dt.date) -> Since:
    """The template's view of ``changes``: main changes, likelihood moves first, and the barred paths."""
    entries = [entry for change in changes for entry in _entries(change)]
    entries.sort(key=lambda entry: _GROUPS.index(entry.group))  # stable: the brief's order within a group
    bars = frozenset(change.new.path for change in changes if _barred(change) and change.new is not None)
    log.debug("since %s: %d main changes, %d barred items", previous_date, len(entries), len(bars))
    return Since(previous_date, tuple(entries), bars)


def bar_functions(since: Since | None) -> dict[str, Any]:
    """``changed(*path)`` and ``changed_within(*path)`` for a template: the attribute that asks for a change bar
    beside an item that changed (``changed_within``: or any part of it), else nothing."""
    bars = since.bars if since is not None else frozenset()

    def changed(*parts: str | int) -> Markup:
        return CHANGED if bars and format_path(parts) in bars else Markup("")

    def changed_within(*parts: str | int) -> Markup:
        if not bars:
            return Markup("")
        path = format_path(parts)
        inside = any(bar == path or bar.startswith((path + ".", path + "[")) for bar in bars)
        return CHANGED if inside else Markup("")

    return {"since": since, "changed": changed, "changed_within": changed_within}
