"""What a comparison of two editions returns: typed, ordered changes, each located in both files.

:func:`briefgen.content.diff.compare` builds these; the command line words them
(:mod:`briefgen.content.diff_words`), and a renderer can put a change bar beside the
paragraph, bullet or row a :class:`Change` locates (``new.path``, ``new.line``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from briefgen.content.diff_match import WordEdit

Kind = Literal["added", "removed", "changed", "moved"]

# Sections in the order a brief prints them; changes come in this order, then by place in the section.
SECTIONS = ("id", "title", "subtitle", "classification", "caveats", "tlp", "authors", "organization", "audience",
            "tags", "likelihood_scale", "language", "summary", "key_points", "background", "timeline",
            "key_quotes", "actors", "outlook.summary", "outlook.horizon", "outlook.confidence",
            "outlook.scenarios", "outlook.indicators", "implications", "sources", "figures")


@dataclass(frozen=True)
class Location:
    """Where an item is written: its field path (``background[2]``), line and column (None for a mapping given
    to the Python API), and its 0-based place in its list (None for a single value such as the summary)."""

    path: str
    line: int | None
    column: int | None
    index: int | None = None


@dataclass(frozen=True)
class FieldChange:
    """One field of an item, before and after.

    ``direction``: for ``likelihood`` and ``confidence`` "up", "down" or "same" (another word for the same
    band); for ``priority`` "raised" or "lowered" (1 is the most important). ``scale`` and ``ranks``: for a
    likelihood, the scale and the 1-based band of each term on it (band order, least likely first).
    ``edits``: for text, the word-level edits; None when both texts are set and the text was rewritten.
    """

    field: str
    old: Any
    new: Any
    direction: str | None = None
    scale: str | None = None
    ranks: tuple[int | None, int | None] | None = None
    edits: tuple[WordEdit, ...] | None = None

    @property
    def is_move(self) -> bool:
        """Whether this is a likelihood that moved to another band."""
        return self.field == "likelihood" and self.direction in ("up", "down")


@dataclass(frozen=True)
class Change:
    """One change between editions.

    ``section`` is a key of the brief (``actors``, ``outlook.scenarios``); ``part`` a list inside the
    section's item (an actor's ``motives``), None for the item itself. ``label`` names the item as a
    reader knows it (an actor's name, a scenario's title, a source's id, an event's date, a quote's
    speaker; None for prose) and ``text`` gives its words (NEW's, OLD's for a removed item).
    ``matched_by`` says how OLD and NEW items were paired: ``name``, ``title``, ``id``,
    ``speaker and words``, ``date and text``, ``same words``, ``similarity``, ``place`` (a lone item
    between the same neighbours), or by likeness: ``speaker and similar words``, ``words`` (a quote given
    another speaker), ``similar name``, ``similar title``, ``similar text``; ``similarity``
    is the word-level score of a pairing by likeness. ``moved``: the item also changed places.
    """

    kind: Kind
    section: str
    label: str | None = None
    text: str | None = None
    part: str | None = None
    matched_by: str | None = None
    fields: tuple[FieldChange, ...] = ()
    old: Location | None = None
    new: Location | None = None
    similarity: float | None = None
    moved: bool = False

    @property
    def likelihood_move(self) -> FieldChange | None:
        """The likelihood that moved band, if this change has one."""
        return next((f for f in self.fields if f.is_move), None)


@dataclass(frozen=True)
class Edition:
    """One side of a comparison: where it was read from, its id, date and title."""

    path: str
    id: str
    date: str
    title: str


@dataclass(frozen=True)
class Changes:
    """Every change from ``old`` to ``new``, in the order the brief prints its sections (NEW's order within a
    section, a removed item at its old place)."""

    old: Edition
    new: Edition
    items: tuple[Change, ...]

    def __iter__(self) -> Iterator[Change]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def likelihood_moves(self) -> list[Change]:
        """The changes whose likelihood moved band."""
        return [change for change in self.items if change.likelihood_move]
