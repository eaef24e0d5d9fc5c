"""Tables: column widths from the layout, header cells, rows kept whole, the table style."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from typing import Any

from reportlab.platypus import (
    Flowable,
    TableStyle,
)

from briefgen.errors import LayoutError
from briefgen.layouts.layout import length
from briefgen.text.styles import StyleSheet

from briefgen.rendering.context import RenderContext, build_story, renders
from briefgen.rendering.flowables import LayoutTable, Para, without_hyphenation
from briefgen.rendering.markup import is_inline_only
from briefgen.rendering.text import paragraph

log = logging.getLogger(__name__)


def _box(element: ET.Element, ctx: RenderContext, default_style: str, role: str) -> list[Flowable]:
    sheet, name = ctx.sheet, element.get("style", default_style)
    padding = sheet.value(name, "padding", 6)
    rule = sheet.value(name, "rule_width", 0) or 0
    inner = build_story(list(element), ctx.narrower(2 * padding + rule).within(ctx.element(role)))
    commands: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), sheet.paragraph("base").fontName),
                ("LEFTPADDING", (0, 0), (-1, -1), padding + rule), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]
    background = sheet.color(sheet.value(name, "background"))
    if background:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), background))
    if rule:
        color = sheet.color(sheet.value(name, "rule_color") or sheet.value(name, "border_color") or "accent")
        commands.append(("LINEBEFORE", (0, 0), (0, -1), rule, color))
    border = sheet.value(name, "border_width", 0) or 0
    if border:
        commands.append(("BOX", (0, 0), (-1, -1), border, sheet.color(sheet.value(name, "border_color", "rule"))))
    table = LayoutTable([[inner]], colWidths=[ctx.width], style=TableStyle(commands), hAlign="LEFT",
                        splitInRow=int(ctx.split_rows))
    table.spaceBefore = sheet.value(name, "space_before", 0)
    table.spaceAfter = sheet.value(name, "space_after", 0)
    return [table]


@renders("box")
def render_box(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<box style>``: blocks on a tinted panel with an optional rule on the left (``Div``)."""
    return _box(element, ctx, "box", "Div")


@renders("quote")
def render_quote(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<quote style>``: a pull quote, its text and attribution set off by a rule (``BlockQuote``)."""
    return _box(element, ctx, "quote_block", "BlockQuote")


def _column_widths(spec: str | None, columns: int, width: float) -> list[float]:
    if not spec:
        return [width / columns] * columns
    parts = [p.strip() for p in spec.split(",")]
    if len(parts) != columns:
        raise LayoutError(f"<table widths={spec!r}> names {len(parts)} columns; the rows have {columns}")
    return [width * float(p[:-1]) / 100 if p.endswith("%") else length(p) for p in parts]


def _cell(cell: ET.Element, ctx: RenderContext, width: float, header: bool) -> list[Flowable]:
    inner = ctx.narrower(ctx.width - width)
    if is_inline_only(cell):
        flowables = [paragraph(cell, inner, "table_head" if header else "table_cell")]
    else:
        flowables = build_story(list(cell), inner)
    for flowable in flowables:  # a cell narrower than about 20 characters is never hyphenated
        if isinstance(flowable, Para) and width < 20 * 0.5 * flowable.style.fontSize:
            flowable.style = without_hyphenation(flowable.style)
    return flowables


def _table_structure(rows: list[ET.Element], ctx: RenderContext) -> list[RenderContext]:
    """``Table`` > ``THead``/``TBody`` > ``TR`` > ``TH`` (scope Column; an artifact when repeated) or ``TD``."""
    table = ctx.element("Table")
    head = ctx.tags.add("THead", table) if any(row.get("header") == "yes" for row in rows) else None
    body = ctx.tags.add("TBody", table)
    cells = []
    for row in rows:
        header = row.get("header") == "yes"
        tr = ctx.tags.add("TR", head if header and head else body)
        for _ in row.findall("cell"):
            attributes = {"scope": "Column", "once": True} if header else {}
            cells.append(ctx.within(ctx.tags.add("TH" if header else "TD", tr, **attributes)))
    return cells


@renders("table")
def render_table(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<table style widths header>`` of ``<row header>`` of ``<cell style>``; header rows repeat."""
    rows = element.findall("row")
    if not rows:
        return []
    sheet, name = ctx.sheet, element.get("style", "table_grid")
    padding = sheet.value(name, "padding", 3)
    widths = _column_widths(element.get("widths"), len(rows[0].findall("cell")), ctx.width)
    headers = sum(1 for row in rows if row.get("header") == "yes")
    contexts = iter(_table_structure(rows, ctx))
    data = [[_cell(cell, next(contexts), w - 2 * padding, row.get("header") == "yes")
             for cell, w in zip(row.findall("cell"), widths, strict=False)] for row in rows]
    # A table that breaks leaves at least two rows on each side (a page with one row of a table
    # and its repeated header reads as a mistake); one taller than a page may break anywhere.
    split_range = None if ctx.split_rows else (headers + 2, -2)
    table = LayoutTable(data, colWidths=widths, repeatRows=headers, hAlign="LEFT", splitInRow=int(ctx.split_rows),
                        style=_table_style(sheet, name, headers, len(rows)), rowSplitRange=split_range)
    table.spaceBefore = sheet.value(name, "space_before", 0)
    table.spaceAfter = sheet.value(name, "space_after", 0)
    return [table]


def _table_style(sheet: StyleSheet, name: str, headers: int, count: int) -> TableStyle:
    padding = sheet.value(name, "padding", 3)
    rule = sheet.color(sheet.value(name, "rule_color", "rule"))
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), sheet.paragraph("base").fontName),
                             ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                             ("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding + 1),
                             ("LINEBELOW", (0, headers), (-1, -2), sheet.value(name, "rule_width", 0.5), rule)]
    if headers:
        commands.append(("LINEBELOW", (0, headers - 1), (-1, headers - 1), length(sheet.value(name, "header_rule_width", 1)),
                         sheet.color(sheet.value(name, "header_rule_color", "accent"))))
    stripe = sheet.color(sheet.value(name, "stripe"))
    if stripe and count - headers > 3:
        commands.append(("ROWBACKGROUNDS", (0, headers), (-1, -1), [None, stripe]))
    return TableStyle(commands)
