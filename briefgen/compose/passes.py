"""Passes over the block description, between compose and render: numbering headings for the contents."""

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
