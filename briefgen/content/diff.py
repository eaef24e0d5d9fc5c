"""Comparing two editions of a brief by meaning, not by line.

``compare(old, new)`` pairs the items of two validated editions by identity (quotes by speaker
and words, actors by name, scenarios by title, sources and figures by id, events by date and
text) and prose (paragraphs, key points, implications, indicators, an actor's motives) by the
likeness of its words (:mod:`briefgen.content.diff_match`), and returns every item added,
removed, changed or moved as :class:`Changes` (types in :mod:`briefgen.content.diff_model`).

Content format 1.2 forms are read through small accessors (:mod:`briefgen.content.diff_sections`,
which also says how each section's items are paired): a section may be absent, and a
prose item may be text or a mapping ``{text, marking, caveats}``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from briefgen.content.diff_match import IN_PLACE, Pair, identity, moved, pair, plain_text, printed, similarity, word_edits
from briefgen.content.diff_sections import ITEMS, MARKINGS, ItemSpec, as_list, get_field, prose_text
from briefgen.content.diff_model import Change, Changes, Edition, FieldChange, Kind, Location
from briefgen.content.load import FieldPath, format_path
from briefgen.content.scales import SCALES
from briefgen.content.validate import Validated

__all__ = ["Change", "Changes", "Edition", "FieldChange", "Location", "compare"]

log = logging.getLogger(__name__)

_CONFIDENCE = ("low", "moderate", "high")
_TEXT_FIELDS = {"text", "description", "context", "note", "caption", "credit", "alt", "title", "stance"}
_METADATA = ("id", "classification", "caveats", "tlp", "authors", "organization", "audience", "tags",
             "likelihood_scale", "language")


def _value(value: Any) -> Any:
    """A field's value as plain JSON data; empty text and lists read as absent."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value] or None
    return None if value == "" else value


# ---------------------------------------------------------------- one side of the comparison


@dataclass(frozen=True)
class _Side:
    validated: Validated

    @property
    def brief(self) -> Any:
        return self.validated.model

    def at(self, path: FieldPath) -> Location:
        loaded = self.validated.loaded
        index = path[-1] if path and isinstance(path[-1], int) else None
        if not loaded.located:
            return Location(format_path(path), None, None, index)
        mark = loaded.mark(path)
        return Location(format_path(path), mark.line, mark.column, index)

    def edition(self) -> Edition:
        return Edition(self.validated.loaded.path, self.validated.id, self.brief.date.isoformat(),
                       plain_text(prose_text(self.brief.title)))


@dataclass(frozen=True)
class _Pairing:
    old: _Side
    new: _Side

    def scale(self, side: _Side) -> Any:
        return SCALES.get(get_field(side.brief, "likelihood_scale") or "ICD-203")


# ---------------------------------------------------------------- fields


def _likelihood(ctx: _Pairing, old: Any, new: Any) -> FieldChange:
    old_scale, new_scale = ctx.scale(ctx.old), ctx.scale(ctx.new)
    old_band = old_scale.lookup(old) if old_scale and old else None
    new_band = new_scale.lookup(new) if new_scale and new else None
    rank = (old_scale.bands.index(old_band) + 1 if old_band else None,
            new_scale.bands.index(new_band) + 1 if new_band else None)
    direction = None
    if old_band and new_band:
        old_mid, new_mid = old_band.low + old_band.high, new_band.low + new_band.high
        direction = "up" if new_mid > old_mid else "down" if new_mid < old_mid else "same"
    scale = new_scale.name if new_scale and old_scale and new_scale.name == old_scale.name else None
    return FieldChange("likelihood", old, new, direction, scale, rank)


def field_change(ctx: _Pairing, name: str, old: Any, new: Any) -> FieldChange | None:
    """How one field changed, or None when its values are equal."""
    old, new = _value(old), _value(new)
    if old == new:
        return None
    if name == "likelihood":
        return _likelihood(ctx, old, new)
    if name == "priority" and isinstance(old, int) and isinstance(new, int):
        return FieldChange(name, old, new, "raised" if new < old else "lowered")
    if name == "confidence" and old in _CONFIDENCE and new in _CONFIDENCE:
        return FieldChange(name, old, new, "up" if _CONFIDENCE.index(new) > _CONFIDENCE.index(old) else "down")
    if name in _TEXT_FIELDS and isinstance(old, str) and isinstance(new, str):
        if printed(old) == printed(new):
            return None
        return FieldChange(name, old, new, edits=word_edits(old, new))
    return FieldChange(name, old, new)


def _fields(ctx: _Pairing, old: Any, new: Any, names: Sequence[str]) -> tuple[FieldChange, ...]:
    found = (field_change(ctx, name, get_field(old, name), get_field(new, name)) for name in names)
    return tuple(change for change in found if change is not None)


def _prose_fields(ctx: _Pairing, old: Any, new: Any) -> tuple[FieldChange, ...]:
    text = field_change(ctx, "text", prose_text(old), prose_text(new))
    markings = _fields(ctx, old, new, MARKINGS) if not isinstance(old, str) or not isinstance(new, str) else ()
    return (text, *markings) if text else markings


def _kind(old: Any, new: Any) -> Kind:
    return "added" if old is None else "removed" if new is None else "changed"


# ---------------------------------------------------------------- single values


def _single_prose(ctx: _Pairing, section: str, path: FieldPath) -> Iterator[Change]:
    old, new = _at(ctx.old.brief, path), _at(ctx.new.brief, path)
    old, new = (old or None), (new or None)
    fields = _prose_fields(ctx, old, new)
    if fields:
        yield Change(_kind(old, new), section, text=prose_text(new if new is not None else old), fields=fields,
                     old=ctx.old.at(path) if old is not None else None,
                     new=ctx.new.at(path) if new is not None else None)


def _single_value(ctx: _Pairing, section: str, path: FieldPath) -> Iterator[Change]:
    old, new = _at(ctx.old.brief, path), _at(ctx.new.brief, path)
    change = field_change(ctx, path[-1], old, new)  # type: ignore[arg-type]
    if change:
        yield Change(_kind(change.old, change.new), section, fields=(change,),
                     old=ctx.old.at(path) if change.old is not None else None,
                     new=ctx.new.at(path) if change.new is not None else None)


def _at(brief: Any, path: FieldPath) -> Any:
    value = brief
    for part in path:
        value = get_field(value, str(part)) if value is not None else None
    return value


# ---------------------------------------------------------------- lists of prose


def _by_words(old: Any, new: Any) -> float:
    return similarity(prose_text(old), prose_text(new))


def _prose_list(ctx: _Pairing, section: str, path: FieldPath, old_items: Sequence[Any], new_items: Sequence[Any],
                label: str | None = None, part: str | None = None) -> Iterator[Change]:
    """Prose items paired by their words: the same words, then similar ones, then a lone one in place
    (a background paragraph whatever its words; a bullet only when its words are somewhat alike)."""
    in_place = 0.0 if section == "background" else IN_PLACE
    pairs = pair(old_items, new_items, lambda item: identity(prose_text(item)), _by_words, in_place=in_place)
    shifted = moved(pairs)
    how = {"key": "same words", "similar": "similarity", "place": "place"}
    for p in pairs:
        old = old_items[p.old] if p.old is not None else None
        new = new_items[p.new] if p.new is not None else None
        fields = _prose_fields(ctx, old, new) if old is not None and new is not None else ()
        change = _listed(ctx, section, path, p, fields, shifted, how, label=label, part=part,
                         text=prose_text(new if new is not None else old))
        if change:
            yield change


def _listed(ctx: _Pairing, section: str, path: FieldPath, p: Pair, fields: tuple[FieldChange, ...],
            shifted: set[int], how: dict[str, str], **about: Any) -> Change | None:
    """The change for one pair of a list, or None when the item is the same and in its place."""
    old_at = ctx.old.at((*path, p.old)) if p.old is not None else None
    new_at = ctx.new.at((*path, p.new)) if p.new is not None else None
    if p.old is None or p.new is None:
        return Change("added" if p.old is None else "removed", section, old=old_at, new=new_at, fields=fields, **about)
    is_moved = p.old in shifted
    if not fields and not is_moved:
        return None
    return Change("changed" if fields else "moved", section, matched_by=how.get(p.how or ""), fields=fields,
                  old=old_at, new=new_at, similarity=p.score if p.how != "key" else None, moved=is_moved, **about)


# ---------------------------------------------------------------- lists of items with an identity


def _items(ctx: _Pairing, spec: ItemSpec) -> Iterator[Change]:
    old_items, new_items = as_list(_at(ctx.old.brief, spec.path)), as_list(_at(ctx.new.brief, spec.path))
    pairs = pair(old_items, new_items, spec.key, spec.similar)
    shifted = moved(pairs)
    for p in pairs:
        old = old_items[p.old] if p.old is not None else None
        new = new_items[p.new] if p.new is not None else None
        fuzzy = spec.similar_name(old, new) if callable(spec.similar_name) and old and new else spec.similar_name
        how = {"key": spec.key_name, "similar": fuzzy or "similarity"}
        item = new if new is not None else old
        if old is None or new is None:
            fields = tuple(FieldChange(name, _value(get_field(old, name)), _value(get_field(new, name)))
                           for name in spec.headline)
        else:
            fields = _fields(ctx, old, new, spec.fields)
        change = _listed(ctx, spec.section, spec.path, p, fields, shifted, how, label=spec.label(item),
                         text=spec.text(item))
        if change:
            yield change
        if old is not None and new is not None:
            for part in spec.lists:
                yield from _prose_list(ctx, spec.section, (*spec.path, p.new, part), as_list(get_field(old, part)),
                                       as_list(get_field(new, part)), label=spec.label(new), part=part)


# ---------------------------------------------------------------- the whole brief


def _ids(ctx: _Pairing) -> Iterator[Change]:
    """Another id (compared with ``--force``): the ids the editions build under, key or file name."""
    change = field_change(ctx, "id", ctx.old.validated.id, ctx.new.validated.id)
    if change:
        yield Change("changed", "id", fields=(change,), old=ctx.old.at(("id",)), new=ctx.new.at(("id",)))


def _brief(ctx: _Pairing) -> Iterator[Change]:
    yield from _ids(ctx)
    yield from _single_prose(ctx, "title", ("title",))
    yield from _single_prose(ctx, "subtitle", ("subtitle",))
    for key in _METADATA[1:]:
        yield from _single_value(ctx, key, (key,))
    yield from _single_prose(ctx, "summary", ("summary",))
    for key in ("key_points", "background"):
        yield from _prose_list(ctx, key, (key,), as_list(get_field(ctx.old.brief, key)), as_list(get_field(ctx.new.brief, key)))
    for key in ("timeline", "key_quotes", "actors"):
        yield from _items(ctx, ITEMS[key])
    yield from _single_prose(ctx, "outlook.summary", ("outlook", "summary"))
    yield from _single_value(ctx, "outlook.horizon", ("outlook", "horizon"))
    yield from _single_value(ctx, "outlook.confidence", ("outlook", "confidence"))
    yield from _items(ctx, ITEMS["outlook.scenarios"])
    path = ("outlook", "indicators")
    yield from _prose_list(ctx, "outlook.indicators", path, as_list(_at(ctx.old.brief, path)),
                           as_list(_at(ctx.new.brief, path)))
    yield from _prose_list(ctx, "implications", ("implications",), as_list(get_field(ctx.old.brief, "implications")),
                           as_list(get_field(ctx.new.brief, "implications")))
    for key in ("sources", "figures"):
        yield from _items(ctx, ITEMS[key])


def compare(old: Validated, new: Validated) -> Changes:
    """Every change from the ``old`` edition of a brief to the ``new`` one, in the order the brief prints.

    Items are paired by identity (see the module's docstring); the edition's ``date`` is not a change
    (it is each :class:`Edition`'s own). Two equal editions give an empty (false) :class:`Changes`.
    """
    ctx = _Pairing(_Side(old), _Side(new))
    changes = tuple(_brief(ctx))
    log.debug("compared %s with %s: %d changes", old.loaded.path, new.loaded.path, len(changes))
    return Changes(ctx.old.edition(), ctx.new.edition(), changes)
