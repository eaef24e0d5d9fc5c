"""Changes between editions in words a desk officer reads at a glance, and as a stable JSON document.

:func:`report` gives the text ``briefgen diff`` prints: a header, then one line a change,
likelihood moves first, then what was added, removed, changed, and last what only moved.
:func:`as_json` gives the ``--format json`` document (schema in docs/diff.md).
"""

from __future__ import annotations

import logging
from typing import Any

from briefgen.content.diff_match import WordEdit, plain_text
from briefgen.content.diff_model import Change, Changes, FieldChange, Location

log = logging.getLogger(__name__)

JSON_VERSION = 1
EXCERPT = 60  # characters of an item's words quoted in a line
QUOTE_EXCERPT = 40  # characters of a quote's words that name it in a line about its other fields

NOUNS = {"id": "id", "title": "title", "subtitle": "subtitle", "classification": "classification",
         "caveats": "caveats", "tlp": "TLP label", "authors": "authors", "organization": "organization",
         "audience": "audience", "tags": "tags", "likelihood_scale": "likelihood scale", "language": "language",
         "summary": "summary", "key_points": "key point", "background": "background paragraph",
         "timeline": "event", "key_quotes": "quote", "actors": "actor", "outlook.summary": "outlook summary",
         "outlook.horizon": "outlook horizon", "outlook.confidence": "outlook confidence",
         "outlook.scenarios": "scenario", "outlook.indicators": "outlook indicator", "implications": "implication",
         "sources": "source", "figures": "figure"}
PART_NOUNS = {"motives": "motive", "constraints": "constraint", "levers": "lever", "indicators": "indicator"}
_NUMBERED = {"key_points", "background", "outlook.indicators", "implications"}  # prose lists: items by number
_TEXT_FIELDS = {"text", "description", "context", "note", "caption", "credit", "alt", "title", "stance"}
_ORDER = {"likelihood": 0, "added": 1, "removed": 2, "changed": 3, "moved": 4}


def excerpt(text: str | None, limit: int = EXCERPT) -> str:
    """The start of an item's words, as printed, cut at a word and quoted: ``"Two cables were…"``."""
    words = plain_text(text or "")
    if len(words) > limit:
        cut = words[:limit].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
        words = cut.rstrip(",;:") + "…"
    return f'"{words}"'


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "(data)"
    return plain_text(value) if isinstance(value, str) else str(value)


def _edits(edits: tuple[WordEdit, ...]) -> str:
    parts = []
    for edit in edits:
        if not edit.old:
            parts.append(f'added "{edit.new}"')
        elif not edit.new:
            parts.append(f'removed "{edit.old}"')
        else:
            parts.append(f'"{edit.old}" → "{edit.new}"')
    return "; ".join(parts)


def _text(change: FieldChange, name: str) -> str:
    """A text field: ``rewritten: "…"``, ``changed: "four" → "six"``, ``description added: "…"``."""
    lead = f"{name} " if name else ""
    if change.old is None or change.new is None:
        return f"{lead}added: {excerpt(change.new)}" if change.old is None else f"{lead}removed"
    if change.edits is None and max(len(_value(change.old)), len(_value(change.new))) <= EXCERPT:
        whole = f'"{_value(change.old)}" → "{_value(change.new)}"'  # short enough to show both
        return f"{name}: {whole}" if name else f"changed: {whole}"
    if change.edits is None:
        return f"{lead}rewritten: {excerpt(change.new)}"
    if not change.edits:
        return f"{name}: citations or links changed (same words)" if name else \
            ": citations or links changed (same words)"
    return f"{name}: {_edits(change.edits)}" if name else f"changed: {_edits(change.edits)}"


def field_words(change: FieldChange, name: str | None = None) -> str:
    """One field's change: ``unlikely → roughly even chance (up)``, ``priority 1 → 2 (lowered)``,
    ``stance: added "with Estonia"``; ``name`` ("" to leave it out) defaults to the field's."""
    name = change.field if name is None else name
    if change.field == "likelihood":
        note = {"up": " (up)", "down": " (down)", "same": " (same band)"}.get(change.direction or "", "")
        return f"{_value(change.old)} → {_value(change.new)}{note}"
    if change.field in _TEXT_FIELDS and isinstance(change.old or change.new, str):
        return _text(change, name)
    lead = f"{name} " if name else ""
    if isinstance(change.old, dict) and isinstance(change.new, dict):
        return f"{lead}changed"
    if change.old is None:
        return f"{lead}added: {_value(change.new)}"
    if change.new is None:
        return f"{lead}removed: {_value(change.old)}"
    note = f" ({change.direction})" if change.direction else ""
    return f"{lead}{_value(change.old)} → {_value(change.new)}{note}"


def _number(location: Location | None) -> str:
    return str(location.index + 1) if location and location.index is not None else ""


def _subject(change: Change, numbered: bool = True) -> str:
    """What a line is about: ``background paragraph 2``, ``scenario "Talks resume"``, ``quote by X``."""
    noun = NOUNS.get(change.section, change.section)
    where = change.old if change.kind == "removed" else change.new
    if change.part:
        part = PART_NOUNS.get(change.part, change.part)
        return f'{noun} "{change.label}": {part}' + (f" {_number(where)}" if numbered else "")
    if change.section in _NUMBERED:
        return f"{noun} {_number(where)}" if numbered else noun
    if change.section == "key_quotes":  # a speaker may have several quotes: their words tell them apart
        return f"quote by {change.label}, {excerpt(change.text, QUOTE_EXCERPT)}"
    if change.section in ("timeline", "sources", "figures"):
        return f"{noun} {change.label}"
    return f'{noun} "{change.label}"' if change.label is not None else noun


def _identity(change: Change) -> str:
    """An added or removed item named for a reader: a name, a quote's speaker and words, an event's date."""
    if change.part or change.section in _NUMBERED:
        return excerpt(change.text)
    if change.section == "actors":
        return change.label or ""
    if change.section == "outlook.scenarios":
        likely = next((f.new if change.kind == "added" else f.old for f in change.fields if f.field == "likelihood"), None)
        return f'"{change.label}"' + (f" ({likely})" if likely else "")
    if change.label is None:  # a single value set or cleared
        field = change.fields[0]
        value = field.new if change.kind == "added" else field.old
        return excerpt(value) if field.field == "text" else _value(value)
    return change.label + (f", {excerpt(change.text)}" if change.text else "")


def _added_or_removed(change: Change) -> str:
    if change.part or change.section in _NUMBERED or change.label is None:
        return f"{_subject(change, numbered=not change.part)} {change.kind}: {_identity(change)}"
    return f"{NOUNS.get(change.section, change.section)} {change.kind}: {_identity(change)}"


def _changed(change: Change, fields: tuple[FieldChange, ...]) -> str:
    subject = _subject(change)
    if change.moved and (change.section in _NUMBERED or change.part):
        subject += f" (was {_number(change.old)})"
    single = change.label is None and change.section not in _NUMBERED and not change.part
    if change.section in ("title", "subtitle") and fields[0].field == "text":
        head = f'{subject} changed: "{_value(fields[0].old)}" → "{_value(fields[0].new)}"'
    elif fields[0].field == "text":
        words = _text(fields[0], "")
        head = subject + (words if words.startswith(":") else f" {words}")
    elif single:  # classification, outlook horizon: the field is the subject
        head = f"{subject}: {field_words(fields[0], '')}"
    else:
        head = f"{subject}: {field_words(fields[0])}"
    return "; ".join([head, *(field_words(f) for f in fields[1:])])


def _moved(change: Change) -> str:
    words = f" moved from {_number(change.old)} to {_number(change.new)}"
    quoted = f": {excerpt(change.text)}" if change.section in _NUMBERED or change.part else ""
    return _subject(change, numbered=False) + words + quoted


def lines(change: Change) -> list[tuple[str, str]]:
    """The report lines of one change, each with its group (likelihood, added, removed, changed, moved)."""
    if change.kind in ("added", "removed"):
        return [(change.kind, _added_or_removed(change))]
    if change.kind == "moved":
        return [("moved", _moved(change))]
    found = []
    move = change.likelihood_move
    if move:
        found.append(("likelihood", f"{_subject(change)}: {field_words(move)}"))
    rest = tuple(f for f in change.fields if f is not move)
    if rest:
        found.append(("changed", _changed(change, rest)))
    return found


def report(changes: Changes) -> str:
    """The text ``briefgen diff`` prints: header, then likelihood moves, added, removed, changed, moved."""
    old, new = changes.old, changes.new
    if old.date != new.date:
        header = f"Changes from {old.date} to {new.date}: {new.title}"
    else:
        header = f"Changes from {old.path} to {new.path} (both dated {new.date}): {new.title}"
    if not changes:
        return f"{header}\nno changes\n"
    found = [entry for change in changes for entry in lines(change)]
    found.sort(key=lambda entry: _ORDER[entry[0]])  # stable: document order within a group
    return header + "\n" + "".join(f"  {text}\n" for _, text in found)


# ---------------------------------------------------------------- JSON


def _location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {"path": location.path, "line": location.line, "column": location.column, "index": location.index}


def _field_json(change: FieldChange) -> dict[str, Any]:
    edits = None if change.edits is None else [{"old": edit.old, "new": edit.new} for edit in change.edits]
    return {"field": change.field, "old": change.old, "new": change.new, "direction": change.direction,
            "scale": change.scale, "ranks": list(change.ranks) if change.ranks else None, "edits": edits}


def change_json(change: Change) -> dict[str, Any]:
    """One change as a JSON object (docs/diff.md)."""
    return {"kind": change.kind, "section": change.section, "part": change.part, "label": change.label,
            "text": change.text, "matched_by": change.matched_by, "similarity": change.similarity,
            "moved": change.moved, "likelihood_move": change.likelihood_move is not None,
            "old": _location(change.old), "new": _location(change.new),
            "fields": [_field_json(f) for f in change.fields], "lines": [text for _, text in lines(change)]}


def as_json(changes: Changes) -> dict[str, Any]:
    """The ``--format json`` document: both editions, counts, and every change in document order."""
    counts = {kind: sum(change.kind == kind for change in changes) for kind in ("added", "removed", "changed", "moved")}
    counts["likelihood_moves"] = len(changes.likelihood_moves())
    return {"briefgen_diff": JSON_VERSION,
            "old": vars(changes.old), "new": vars(changes.new),
            "changed": bool(changes), "counts": counts,
            "changes": [change_json(change) for change in changes]}
