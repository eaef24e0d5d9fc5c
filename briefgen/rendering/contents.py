"""The contents list: titles with dot leaders and page numbers that are filled in after layout.

Each entry is a link to its heading and, in the structure tree, a ``TOCI`` holding a
``Link``; the dot leaders are artifacts.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from briefgen.content.inline import escape
from briefgen.compose.passes import ContentsEntry
from briefgen.pdf.tagging import StructElement, Tagged
from briefgen.rendering.context import Deferred


class Contents(Tagged, Flowable):
    """One row per heading; each page number is a deferred form, so one layout pass suffices."""

    def __init__(self, entries: list[ContentsEntry], styles: dict[int, ParagraphStyle], deferred: Deferred,
                 number_width: float = 28, leader_gap: float = 6, links: dict[str, StructElement] | None = None,
                 make_paragraph: Callable[[str, ParagraphStyle], Paragraph] | None = None):
        super().__init__()
        # Builds an entry's paragraph from its title: the renderer's, with fonts for every script.
        self.make_paragraph = make_paragraph or (lambda title, style: Paragraph(escape(title), style))
        self.entries, self.styles, self.deferred = entries, styles, deferred
        self.number_width, self.leader_gap = number_width, leader_gap
        self.links = links or {}
        self.rtl = any(getattr(style, "direction", "ltr") == "rtl" for style in styles.values())  # numbers on the left
        self.rows: list[tuple[ContentsEntry, Paragraph, float]] = []

    def _style(self, entry: ContentsEntry) -> ParagraphStyle:
        return self.styles.get(entry.level) or self.styles[max(self.styles)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.width = availWidth
        self.rows = []
        for index, entry in enumerate(self.entries):
            paragraph = _starting_aligned(self.make_paragraph(entry.title, self._style(entry)), self._style(entry))
            _, height = paragraph.wrap(availWidth - self.number_width, availHeight)
            gap = self._style(entry).spaceBefore if index else 0
            self.rows.append((entry, paragraph, height + gap))
        self.height = sum(height for _, _, height in self.rows)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return []
        used, count = 0.0, 0
        for _, _, height in self.rows:
            if used + height > availHeight:
                break
            used, count = used + height, count + 1
        if count == 0:
            return []
        return [Contents(part, self.styles, self.deferred, self.number_width, self.leader_gap, self.links)
                for part in (self.entries[:count], self.entries[count:])]

    def draw(self) -> None:
        y = self.height
        tags = getattr(self.canv, "tags", None)
        for entry, paragraph, height in self.rows:
            style = self._style(entry)
            y -= height
            lines = len(paragraph.blPara.lines)
            baseline = y + paragraph.height - style.fontSize - (lines - 1) * style.leading
            if tags is None:
                self._entry(entry, paragraph, style, y, baseline)
                continue
            with tags.marked(self.canv, self.links.get(entry.key)):
                self._entry(entry, paragraph, style, y, baseline)

    def _entry(self, entry: ContentsEntry, paragraph: Paragraph, style: ParagraphStyle, y: float,
               baseline: float) -> None:
        paragraph.drawOn(self.canv, self.number_width if self.rtl else 0, y)
        tags = getattr(self.canv, "tags", None)
        if tags is None:
            self._leader(paragraph, style, baseline)
        else:
            with tags.aside_artifact(self.canv):
                self._leader(paragraph, style, baseline)
        self._number(entry, style, baseline)
        self.canv.linkRect("", entry.key, (0, y, self.width, y + paragraph.height), relative=1, thickness=0)

    def _leader(self, paragraph: Paragraph, style: ParagraphStyle, baseline: float) -> None:
        line = paragraph.blPara.lines[-1]
        extra = line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0)
        last = self.width - self.number_width - style.rightIndent - extra
        start, end = last + self.leader_gap, self.width - self.number_width + self.leader_gap / 2
        dot = self.canv.stringWidth(". ", style.fontName, style.fontSize)
        if self.rtl:  # mirrored: the title ends on the left, the number is at the left edge
            start, end = self.number_width - self.leader_gap / 2, self.number_width + style.leftIndent + extra
            if end - self.leader_gap - start > dot:
                self.canv.setFont(style.fontName, style.fontSize)
                self.canv.setFillColor(style.textColor)
                self.canv.drawString(start, baseline, " ." * int((end - self.leader_gap - start) / dot))
            return
        if end - start > dot:
            self.canv.setFont(style.fontName, style.fontSize)
            self.canv.setFillColor(style.textColor)
            self.canv.drawRightString(end, baseline, ". " * int((end - start) / dot))

    def _number(self, entry: ContentsEntry, style: ParagraphStyle, baseline: float) -> None:
        right, font, size, color, rtl = self.width, style.fontName, style.fontSize, style.textColor, self.rtl

        def draw(canvas: Any, total: int, pages: dict[str, int]) -> None:
            canvas.setFont(font, size)
            canvas.setFillColor(color)
            if rtl:
                canvas.drawString(0, baseline, str(pages.get(entry.key, "")))
            else:
                canvas.drawRightString(right, baseline, str(pages.get(entry.key, "")))

        self.deferred.use(self.canv, f"contents-{entry.key}", draw)


def _starting_aligned(paragraph: Paragraph, style: ParagraphStyle) -> Paragraph:
    """An entry set in the other direction (an Arabic title in an English contents) starts where the
    others do, so its dot leader runs from its end to the page number instead of over its words."""
    if paragraph.style.alignment != style.alignment:
        fixed = copy.copy(paragraph.style)
        fixed.alignment, fixed.leftIndent, fixed.rightIndent = style.alignment, style.leftIndent, style.rightIndent
        paragraph.style = fixed
    return paragraph
