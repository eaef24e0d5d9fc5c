"""Passes over the block description, between compose and render: headings left empty, numbering headings for the contents."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

@dataclass(frozen=True)
class ContentsEntry:
    """A heading as the contents lists it."""

    level: int
    title: str
    key: str


def number_headings(root: ET.Element) -> list[ContentsEntry]:
    """Give every heading a stable key (``h1``, ``h2``…) and list those meant for the contents."""
    entries = []
    for number, heading in enumerate(root.iter("heading"), start=1):
        heading.set("key", f"h{number}")
        if heading.get("toc", "yes") != "no":
            title = " ".join("".join(heading.itertext()).split())
            entries.append(ContentsEntry(int(heading.get("level", "1")), title, f"h{number}"))
    return entries


_NOT_CONTENT = frozenset(("heading", "page-break", "next-template"))


def drop_empty_headings(root: ET.Element) -> None:
    """Remove every heading with nothing under it: no block before the next heading of its level or
    higher (a section a brief leaves empty prints no heading; a sub-heading alone is not content).
    A ``<section>`` left with nothing goes too."""
    parents = {id(child): parent for parent in root.iter() for child in parent}
    for parent in reversed(list(root.iter())):  # inner blocks first: a section left empty is gone when its parent is read
        children = list(parent)
        for index, child in enumerate(children):
            if child.tag == "heading" and not _has_content(children[index + 1:], int(child.get("level", "1"))):
                parent.remove(child)
        if parent.tag == "section" and len(parent) == 0 and id(parent) in parents:
            parents[id(parent)].remove(parent)


def _has_content(following: list[ET.Element], level: int) -> bool:
    for element in following:
        opens = _opening_level(element)
        if opens is not None and opens <= level:
            return False  # the next heading of this level or higher, or a section it opens
        if element.tag not in _NOT_CONTENT:
            return True
    return False


def _opening_level(element: ET.Element) -> int | None:
    """The level of the heading a block opens with: a heading's own, or a section's first heading's."""
    if element.tag == "heading":
        return int(element.get("level", "1"))
    if element.tag == "section" and len(element) and element[0].tag == "heading":
        return int(element[0].get("level", "1"))
    return None
