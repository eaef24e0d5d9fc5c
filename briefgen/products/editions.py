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

import logging
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import ActionFlowable, Flowable, PageBreak, Paragraph

from briefgen.layouts.layout import Layout
from briefgen.products.fit import scratch_canvas
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
    heights: dict[bytes, list[Flowable | float]] = {}  # blocks the editions share are measured once
    for edition in editions[:-1]:
        candidate = edition_root(root, edition.name)
        if edition.pages is None or pages_at_least(candidate, sheet, frame, edition.pages, heights) > edition.pages:
            continue
        pdf, pages = render(candidate)
        if pages <= edition.pages:
            log.debug("built the %s edition (%d pages)", edition.name, pages)
            return pdf, pages, edition.name
        log.debug("the %s edition has %d pages, more than %d", edition.name, pages, edition.pages)
    last = editions[-1].name
    pdf, pages = render(edition_root(root, last))
    return pdf, pages, last


def pages_at_least(root: ET.Element, sheet: StyleSheet, frame: tuple[float, float], limit: int,
                   heights: dict[bytes, list[Flowable | float]] | None = None) -> float:
    """A lower bound of the pages the blocks need in frames of ``frame`` (width, height); it stops
    counting once past ``limit`` pages (a long brief is not measured to its end). ``heights`` keeps
    each block's measure for the next call."""
    width, height = frame
    ctx = RenderContext(sheet, width)
    canvas = scratch_canvas()
    known = {} if heights is None else heights
    used = 0.0
    for element in _blocks(root):
        key = ET.tostring(element)
        if key not in known:
            known[key] = [_height(f, width, height, canvas) for f in build_story([element], ctx)]
        for measure in known[key]:
            used = -(-used // height) * height if isinstance(measure, PageBreak) else used + measure
        if used > limit * height:
            break
    return used / height


def _blocks(root: ET.Element) -> list[ET.Element]:
    """The blocks measured one by one: a ``<keep>`` group's own (kept together, they take no less room);
    figures are left out (a lower bound needs no image read)."""
    return [part for element in root for part in (list(element) if element.tag == "keep" else [element])
            if part.tag != "figure"]


def _height(flowable: Flowable, width: float, height: float, canvas: Any) -> Flowable | float:
    """A block's height (spacing left out: a lower bound), or the page break itself."""
    if isinstance(flowable, PageBreak):
        return flowable  # ends the page it is on
    if isinstance(flowable, ActionFlowable):
        return 0.0
    if isinstance(flowable, Paragraph):
        return _paragraph_floor(flowable, width)
    return flowable.wrapOn(canvas, width, height * 1000)[1]


def _paragraph_floor(paragraph: Paragraph, width: float) -> float:
    """At least as many lines as its text is wide, line by forced line: no line breaking needed (a
    little is allowed for the spaces that vanish at line ends)."""
    style = paragraph.style
    room = width - style.leftIndent - style.rightIndent - min(style.firstLineIndent, 0)
    lines, run = 0, 0.0
    for frag in [*paragraph.frags, None]:
        if frag is None or getattr(frag, "lineBreak", False):
            lines += max(1, math.ceil(run * 0.97 / room)) if room > 0 else 1
            run = 0.0
        else:
            run += stringWidth(getattr(frag, "text", "") or "", frag.fontName, frag.fontSize)
    return lines * style.leading
