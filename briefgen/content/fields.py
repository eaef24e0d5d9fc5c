"""Where the text of a brief is: walking raw brief data for the strings it prints and the fields that take
inline markup, and for the names that take language spans alone. Shared by validation and warnings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefgen.content.load import FieldPath

_TEXT_LISTS = ("key_points", "implications")


def printed_strings(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Yield ``(path, text)`` for every string in raw brief data: names, roles, titles, cells too."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from printed_strings(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from printed_strings(value, (*path, index))


def text_fields(data: Any) -> Iterator[tuple[FieldPath, str]]:
    """Yield ``(path, text)`` for every inline-text field in raw brief data."""
    if not isinstance(data, dict):
        return
    for key in ("title", "subtitle", "summary"):
        yield from strings_of(data, (key,))
    for key in (*_TEXT_LISTS, "background"):
        yield from strings_of(data, (key,))
    for path, item in items_of(data, ("timeline",)):
        yield from strings_of(item, ("text",), path)
    for path, item in items_of(data, ("key_quotes",)):
        for key in ("text", "context", "note"):
            yield from strings_of(item, (key,), path)
        yield from strings_of(item.get("original"), ("text",), path + ("original",))
    for path, item in items_of(data, ("actors",)):
        for key in ("motives", "constraints", "levers"):
            yield from strings_of(item, (key,), path)
    outlook = data.get("outlook")
    if isinstance(outlook, dict):
        for key in ("summary", "indicators"):
            yield from strings_of(outlook, (key,), ("outlook",))
        for path, item in items_of(outlook, ("scenarios",), ("outlook",)):
            for key in ("title", "description", "indicators"):
                yield from strings_of(item, (key,), path)
    for path, item in items_of(data, ("sources",)):
        for key in ("title", "note"):
            yield from strings_of(item, (key,), path)
    for path, item in items_of(data, ("figures",)):
        for key in ("caption", "credit", "alt"):
            yield from strings_of(item, (key,), path)
        yield from strings_of(item.get("chart"), ("title",), path + ("chart",))


def strings_of(container: Any, key: FieldPath, prefix: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """The string at ``container[key]``, or each string of the list there, with its path."""
    value = container.get(key[0]) if isinstance(container, dict) else None
    path = prefix + key
    if isinstance(value, (str, dict)):
        yield from _prose(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _prose(item, path + (i,))


def _prose(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """A prose item's text: the string, or the ``text`` of a ``{text, marking, caveats}`` mapping."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict) and isinstance(value.get("text"), str):
        yield path + ("text",), value["text"]


def items_of(container: Any, key: FieldPath, prefix: FieldPath = ()) -> Iterator[tuple[FieldPath, dict]]:
    """Each mapping of the list at ``container[key]``, with its path."""
    value = container.get(key[0]) if isinstance(container, dict) else None
    if isinstance(value, list):
        yield from ((prefix + key + (i,), item) for i, item in enumerate(value) if isinstance(item, dict))



def name_fields(data: Any) -> Iterator[tuple[FieldPath, str]]:
    """Yield ``(path, text)`` for every printed field that takes language spans but no other markup (content
    format 1.2): names, speakers, roles, stances, publishers, authors, the organization and audience, the horizon."""
    if not isinstance(data, dict):
        return
    for key in ("organization", "audience", "authors"):
        yield from strings_of(data, (key,))
    for path, item in items_of(data, ("key_quotes",)):
        for key in ("speaker", "role"):
            yield from strings_of(item, (key,), path)
    for path, item in items_of(data, ("actors",)):
        for key in ("name", "stance"):
            yield from strings_of(item, (key,), path)
    yield from strings_of(data.get("outlook"), ("horizon",), ("outlook",))
    for path, item in items_of(data, ("sources",)):
        for key in ("publisher", "author"):
            yield from strings_of(item, (key,), path)


# The parts of a brief that may carry a portion marking (content format 1.2): prose items, written as
# text or as ``{text, marking, caveats}``, and items with ``marking:``/``caveats:`` keys; ``*`` is every
# item of a list (a single text or mapping where a list may stand counts as item 0).
PROSE_PARTS: tuple[FieldPath, ...] = (("title",), ("summary",), ("key_points", "*"), ("background", "*"),
                                      ("outlook", "summary"), ("implications", "*"), ("outlook", "indicators", "*"))
ITEM_PARTS: tuple[FieldPath, ...] = (("timeline", "*"), ("key_quotes", "*"), ("actors", "*"),
                                     ("outlook", "scenarios", "*"), ("figures", "*"))


def marked_parts(data: Any) -> Iterator[tuple[FieldPath, Any]]:
    """Every part of raw brief data that may carry a portion marking, with its path, in reading order;
    the value is the raw item (a string, or a mapping whose ``marking``/``caveats`` keys mark it)."""
    for pattern in (*PROSE_PARTS[:4], *ITEM_PARTS[:3], *ITEM_PARTS[4:], PROSE_PARTS[4], ITEM_PARTS[3], PROSE_PARTS[6],
                    PROSE_PARTS[5]):
        yield from _resolve(data, pattern, ())


def _resolve(node: Any, pattern: FieldPath, path: FieldPath) -> Iterator[tuple[FieldPath, Any]]:
    if not pattern:
        if isinstance(node, (str, dict)):
            yield path, node
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        items = node if isinstance(node, list) else ([node] if isinstance(node, (str, dict)) else [])
        for index, item in enumerate(items):
            yield from _resolve(item, rest, path + (index,) if isinstance(node, list) else path)
    elif isinstance(node, dict) and node.get(head) is not None:
        yield from _resolve(node[head], rest, path + (str(head),))
