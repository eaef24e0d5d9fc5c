"""Change bars: a rule in the margin beside every block a change-tracked edition prints anew.

A block the template marks ``changed="yes"`` (a paragraph, a list item, a quote, an actor, a
scenario, a table row) has its flowables flagged (:func:`flag`); each flagged flowable reports
where it is drawn (``Tagged.drawOn`` calls the canvas's ``changed_drawn``), and at the end of
the page :class:`ChangeBars` draws one bar per run of changed blocks, as a layout artifact.

The layout's ``change_bars`` says how they look and where: ``color``, ``width``, ``offset``
(from the text frame's edge to the bar), ``join`` (bars closer than this run on as one), and
``side``: ``outer`` (the outer margin: right on odd pages, left on even ones; mirrored for a
right-to-left page), ``inner``, ``left``, ``right``, or ``nearest`` (the margin nearer the
block: a column's own side on a page of two columns).
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Table

from briefgen.layouts.check import BAR_SIDES
from briefgen.layouts.direction import RTL, language_direction
from briefgen.layouts.layout import length
from briefgen.text.rl.canvas import kept_flowables, table_cells
from briefgen.text.styles import StyleSheet

log = logging.getLogger(__name__)



def is_changed(element: ET.Element) -> bool:
    """Whether the template asked for a change bar beside this block."""
    return element.get("changed") == "yes"


def flag(flowables: list[Flowable]) -> list[Flowable]:
    """Flag every drawn part of ``flowables`` (inside kept groups and table cells too) for a change bar."""
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            flag(kept_flowables(flowable))
        elif isinstance(flowable, Table):
            for row in table_cells(flowable):
                for cell in row:
                    flag(cell if isinstance(cell, (list, tuple)) else [cell])
        if hasattr(flowable, "struct"):
            flowable.change_bar = True
    return flowables


def has_changes(root: ET.Element) -> bool:
    """Whether any block of a description asks for a change bar."""
    return any(is_changed(element) for element in root.iter())


@dataclass
class ChangeBars:
    """The bars of one document: where changed blocks were drawn on the current page, and how bars look."""

    frame: tuple[float, float, float, float]  # x, y, width, height of the text frame
    color: Any
    width: float = 2.0
    offset: float = 8.0
    join: float = 8.0
    side: str = "outer"
    rtl: bool = False
    spans: list[tuple[float, float, float]] = field(default_factory=list)  # (bottom, top, centre x) this page
    drawn: list[tuple[int, float, float, float, float]] = field(default_factory=list)  # (page, x, y, w, h)

    @classmethod
    def from_layout(cls, sheet: StyleSheet, frame: tuple[float, float, float, float], language: str) -> ChangeBars:
        """The bars as the layout's ``change_bars`` describes them."""
        spec = sheet.layout.get("change_bars", default={}) or {}
        side = str(spec.get("side", "outer"))
        return cls(frame, sheet.color(spec.get("color", "accent")), length(spec.get("width", 2)),
                   length(spec.get("offset", 8)), length(spec.get("join", 8)),
                   side if side in BAR_SIDES else "outer", language_direction(sheet.layout, language) == RTL)

    def record(self, canvas: Any, flowable: Flowable, x: float, y: float) -> None:
        """A flagged flowable drawn at ``(x, y)`` in the canvas's current coordinates."""
        width, height = float(getattr(flowable, "width", 0) or 0), float(getattr(flowable, "height", 0) or 0)
        if height <= 0:
            return
        left, bottom = canvas.absolutePosition(x, y)
        right, top = canvas.absolutePosition(x + width, y + height)
        self.spans.append((min(bottom, top), max(bottom, top), (left + right) / 2))

    def _x(self, page: int, centre: float) -> float:
        x, _, width, _ = self.frame
        side = self.side
        if side in ("outer", "inner"):
            odd_right = (page % 2 == 1) != self.rtl  # a recto's outer edge is on its right (left when RTL)
            side = "right" if odd_right == (side == "outer") else "left"
        elif side == "nearest":
            side = "right" if centre > x + width / 2 else "left"
        return x + width + self.offset if side == "right" else x - self.offset - self.width

    def runs(self, page: int) -> list[tuple[float, float, float]]:
        """This page's bars: ``(x, bottom, top)``, a run of changed blocks closer than ``join`` as one bar."""
        merged: list[list[float]] = []
        placed = sorted((self._x(page, centre), -top, bottom) for bottom, top, centre in self.spans)
        for x, negative_top, bottom in placed:
            if merged and merged[-1][0] == x and -negative_top >= merged[-1][1] - self.join:
                merged[-1][1] = min(merged[-1][1], bottom)  # runs on from the bar above
            else:
                merged.append([x, bottom, -negative_top])
        return [(x, bottom, top) for x, bottom, top in merged]

    def draw(self, canvas: Any) -> None:
        """Draw this page's bars as a layout artifact (not read out), then start the next page."""
        if not self.spans:
            return
        page = canvas.getPageNumber()
        tags = getattr(canvas, "tags", None)
        with tags.artifact(canvas, "Layout") if tags is not None else nullcontext():
            canvas.saveState()
            canvas.setFillColor(self.color)
            for x, bottom, top in self.runs(page):
                canvas.rect(x, bottom, self.width, top - bottom, stroke=0, fill=1)
                self.drawn.append((page, x, bottom, self.width, top - bottom))
            canvas.restoreState()
        self.spans.clear()
