"""Balanced columns on one page (the one-pager's body)."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET

from reportlab.platypus import (
    Flowable,
)


from briefgen.rendering.context import RenderContext, build_story, renders
from briefgen.text.rl.canvas import drawing_template

log = logging.getLogger(__name__)


class Columns(Flowable):
    """Blocks set in ``count`` balanced columns on one page: the shortest height at which they all fit.

    Paragraphs and tables split across columns as a frame would split them (a table keeps two
    rows on each side); a heading is never the last thing in a column, nor followed there by
    only one item of the list it introduces. Used by the one-pager, which is one page by
    construction (a column set that cannot fit the page raises ReportLab's LayoutError).
    """

    def __init__(self, story: list[Flowable], count: int, gap: float, rtl: bool = False):
        super().__init__()
        self.story, self.count, self.gap = story, count, gap
        self.rtl = rtl  # the first column on the right (a right-to-left page)
        self.placed: list[list[tuple[Flowable, float]]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.column = (availWidth - self.gap * (self.count - 1)) / self.count
        self.heights: dict[int, tuple[Flowable, float]] = {}  # id -> (flowable, height at the column width)
        self.splits: dict[tuple[int, float], list[Flowable]] = {}
        sizes = [self._height(f) + f.getSpaceBefore() + f.getSpaceAfter() for f in self.story]
        total = sum(sizes)
        # Balanced height lies between an even share and an even share plus the tallest block (what a
        # column may leave unused when a block does not split).
        low, high = total / self.count, min(max(total, 1.0), total / self.count + max(sizes, default=0) + 24)
        if self._fill(high) is None:
            high = max(total, 1.0)
            if self._fill(high) is None:
                self.placed, self.width, self.height = [], availWidth, total
                return self.width, self.height
        while high - low > 2:
            middle = (low + high) / 2
            if self._fill(middle) is None:
                low = middle
            else:
                high = middle
        self.placed = self._fill(high) or []
        self.width, self.height = availWidth, high
        return self.width, self.height

    def _height(self, flowable: Flowable) -> float:
        known = self.heights.get(id(flowable))
        if known is None or known[0] is not flowable:
            known = self.heights[id(flowable)] = (flowable, flowable.wrapOn(self.canv, self.column, 10_000_000)[1])
        return known[1]

    def _split(self, flowable: Flowable, height: float) -> list[Flowable]:
        key = (id(flowable), round(height, 1))
        if key not in self.splits:
            flowable.wrapOn(self.canv, self.column, height)
            self.splits[key] = flowable.split(self.column, height)
        return self.splits[key]

    def _fill(self, height: float) -> list[list[tuple[Flowable, float]]] | None:
        """Columns of (flowable, y) at ``height``, or None when the blocks need more columns."""
        queue, columns = list(self.story), []
        for _ in range(self.count):
            placed: list[tuple[Flowable, float]] = []
            used = 0.0
            while queue:
                flowable = queue[0]
                before = flowable.getSpaceBefore() if placed else 0
                keep = flowable.getKeepWithNext()  # a heading: from its style, as ReportLab's frames read it
                needed = self._height(flowable) + (24 if keep else 0)
                if used + before + needed <= height:
                    queue.pop(0)
                    used += before + self._height(flowable)
                    placed.append((flowable, height - used))
                    used += flowable.getSpaceAfter()
                    continue
                parts = [] if keep else self._split(flowable, height - used - before)
                if len(parts) > 1:
                    queue[:1] = parts
                    first = queue.pop(0)
                    used += before + self._height(first)
                    placed.append((first, height - used))
                break
            while queue and _moves_on(placed, queue[0]):
                queue.insert(0, placed.pop()[0])
            if queue and placed and placed[-1][0].getKeepWithNext():
                return None  # a heading alone atop a column, its block in the next: this height is too low
            columns.append(placed)
        return None if queue else columns

    def draw(self) -> None:
        document = drawing_template(self.canv)
        for index, column in enumerate(self.placed):
            place = self.count - 1 - index if self.rtl else index
            for flowable, y in column:
                flowable.wrapOn(self.canv, self.column, 10_000_000)  # a split attempt may have cleared its lines
                flowable.drawOn(self.canv, place * (self.column + self.gap), y)
                if document is not None:
                    document.afterFlowable(flowable)  # headings inside columns are bookmarked too

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        return []  # a one-pager's columns never run over


def _moves_on(placed: list[tuple[Flowable, float]], following: Flowable) -> bool:
    """Whether the column's last block goes on to the next column: a heading goes with the block it
    introduces, and a list it introduces keeps at least two items with it (or all, if fewer)."""
    if len(placed) < 2:
        return False  # the column's only block stays: moving it would leave the column empty
    if placed[-1][0].getKeepWithNext():
        return True
    series = getattr(following, "series", None)
    if series is None or getattr(placed[-1][0], "series", None) is not series:
        return False
    items = 0
    for flowable, _ in reversed(placed):
        if getattr(flowable, "series", None) is not series:
            return flowable.getKeepWithNext() and items < 2 and len(placed) > items + 1
        items += 1
    return False


@renders("columns")
def render_columns(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<columns style>``: blocks set in balanced columns (the layout's ``count`` and ``gap``)."""
    name = element.get("style", "columns")
    count = int(ctx.sheet.value(name, "count", 2) or 2)
    gap = ctx.sheet.value(name, "gap", 12)
    column = (ctx.width - gap * (count - 1)) / count
    return [Columns(build_story(list(element), ctx.narrower(ctx.width - column)), count, gap, ctx.sheet.rtl)]
