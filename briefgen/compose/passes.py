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
    for parent in list(root.iter()):
        children = list(parent)
        for index, child in enumerate(children):
            if child.tag == "heading" and not _has_content(children[index + 1:], int(child.get("level", "1"))):
                parent.remove(child)
        if parent.tag == "section" and len(parent) == 0 and id(parent) in parents:
            parents[id(parent)].remove(parent)


def _has_content(following: list[ET.Element], level: int) -> bool:
    for element in following:
        if element.tag == "heading" and int(element.get("level", "1")) <= level:
            return False
        if element.tag not in _NOT_CONTENT:
            return True
    return False
