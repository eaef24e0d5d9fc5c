"""Editions: a short brief is not dressed as a long one.

A layout may list ``editions`` (``layout.yaml``), tried in order: the first whose PDF has at
most ``pages`` pages is the one built, and the last is built whatever its length. The
template marks what belongs to which edition: a block with ``editions="cover full"`` is
printed only in those, and ``style-note="title"`` gives a block another style in the
``note`` edition. The long form's editions are a note (title block and body flow on from
the first page), a cover page with a body of two pages, and the full edition with its
contents page.

Whether an edition can fit is first estimated from the blocks' heights (a lower bound: no
page is ever fuller than its frame), so a long brief is laid out once, as the full edition.
"""

from __future__ import annotations

import io
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.platypus import ActionFlowable, Flowable, PageBreak

from briefgen.layouts.layout import Layout
from briefgen.rendering.blocks import build_story
from briefgen.rendering.context import RenderContext
from briefgen.text.styles import StyleSheet

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Edition:
    """One edition of a layout: its name and the most pages it may have (``None``: any number)."""

    name: str
    pages: int | None = None


def editions_of(layout: Layout) -> list[Edition]:
    """The layout's editions in the order they are tried; a layout without any has one, ``full``."""
    listed = layout.get("editions", default=[]) or []
    found = [Edition(str(item["name"]), int(item["pages"]) if item.get("pages") is not None else None)
             for item in listed if isinstance(item, dict) and item.get("name")]
    return found or [Edition("full")]


def edition_root(root: ET.Element, name: str) -> ET.Element:
    """A copy of the block description as edition ``name`` prints it."""
    clone = ET.Element(root.tag, _attributes(root, name))
    clone.text, clone.tail = root.text, root.tail
    for child in root:
        listed = child.get("editions")
        if listed is None or name in listed.split():
            clone.append(edition_root(child, name))
    return clone


def _attributes(element: ET.Element, name: str) -> dict[str, str]:
    attributes = {key: value for key, value in element.attrib.items()
                  if key != "editions" and not key.startswith("style-")}
    if element.get(f"style-{name}"):
        attributes["style"] = str(element.get(f"style-{name}"))
    return attributes


def choose(root: ET.Element, layout: Layout, sheet: StyleSheet, frame: tuple[float, float],
           render: Callable[[ET.Element], tuple[bytes, int]]) -> tuple[bytes, int, str]:
    """Render the first of the layout's editions that keeps within its pages (the last one in any case):
    the PDF, its page count and the edition's name."""
    editions = editions_of(layout)
    for edition in editions[:-1]:
        candidate = edition_root(root, edition.name)
        if edition.pages is None or pages_at_least(candidate, sheet, frame, edition.pages) > edition.pages:
            continue
        pdf, pages = render(candidate)
        if pages <= edition.pages:
            log.debug("built the %s edition (%d pages)", edition.name, pages)
            return pdf, pages, edition.name
        log.debug("the %s edition has %d pages, more than %d", edition.name, pages, edition.pages)
    last = editions[-1].name
    pdf, pages = render(edition_root(root, last))
    return pdf, pages, last


def pages_at_least(root: ET.Element, sheet: StyleSheet, frame: tuple[float, float], limit: int) -> float:
    """A lower bound of the pages the blocks need in frames of ``frame`` (width, height); it stops
    counting once past ``limit`` pages (a long brief is not measured to its end)."""
    width, height = frame
    ctx = RenderContext(sheet, width)
    canvas = _scratch_canvas()
    used = 0.0
    for element in _blocks(root):
        for flowable in build_story([element], ctx):
            used = _after(flowable, used, width, height, canvas)
        if used > limit * height:
            break
    return used / height


def _blocks(root: ET.Element) -> list[ET.Element]:
    """The blocks measured one by one: a ``<keep>`` group's own (kept together, they take no less room)."""
    return [part for element in root for part in (list(element) if element.tag == "keep" else [element])]


def _after(flowable: Flowable, used: float, width: float, height: float, canvas: Any) -> float:
    if isinstance(flowable, PageBreak):
        return -(-used // height) * height  # the end of the page it ends
    if isinstance(flowable, ActionFlowable):
        return used
    return used + flowable.wrapOn(canvas, width, height * 1000)[1]  # spacing left out: a lower bound


@lru_cache(maxsize=1)
def _scratch_canvas() -> Any:
    from reportlab.pdfgen.canvas import Canvas

    return Canvas(io.BytesIO())
