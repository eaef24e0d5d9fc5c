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

from briefgen.rendering.changebars import flag, is_changed
from briefgen.rendering.context import RenderContext, build_story, renders
from briefgen.rendering.flowables import LayoutTable, Para, least_width, natural_width, without_hyphenation
from briefgen.rendering.markup import is_inline_only
from briefgen.rendering.text import paragraph

log = logging.getLogger(__name__)


def _box(element: ET.Element, ctx: RenderContext, default_style: str, role: str) -> list[Flowable]:
    sheet, name = ctx.sheet, element.get("style", default_style)
    padding = sheet.value(name, "padding", 6)
    rule = sheet.value(name, "rule_width", 0) or 0
    inner = build_story(list(element), ctx.narrower(2 * padding + rule).within(ctx.element(role)))
    near, far = ("RIGHT", "LEFT") if sheet.rtl else ("LEFT", "RIGHT")  # the rule on the start side
    commands: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), sheet.paragraph("base").fontName),
                (f"{near}PADDING", (0, 0), (-1, -1), padding + rule), (f"{far}PADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]
    background = sheet.color(sheet.value(name, "background"))
    if background:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), background))
    if rule:
        color = sheet.color(sheet.value(name, "rule_color") or sheet.value(name, "border_color") or "accent")
        commands.append(("LINEAFTER" if sheet.rtl else "LINEBEFORE", (0, 0), (0, -1), rule, color))
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


def _width_parts(spec: str | None, columns: int) -> list[str]:
    """The ``widths`` of a table, one part a column: ``N%``, a length, ``auto`` or ``*`` (even shares if unset)."""
    if not spec:
        return ["*"] * columns
    parts = [p.strip() for p in spec.split(",")]
    if len(parts) != columns:
        raise LayoutError(f"<table widths={spec!r}> names {len(parts)} columns; the rows have {columns}")
    return parts


def _provisional_widths(parts: list[str], width: float) -> list[float]:
    """Widths before the cells are measured: fixed parts as given, ``auto`` and ``*`` share what is left."""
    fixed = [None if p in ("auto", "*") else width * float(p[:-1]) / 100 if p.endswith("%") else length(p)
             for p in parts]
    loose = fixed.count(None)
    share = max(width - sum(w for w in fixed if w is not None), 0) / loose if loose else 0
    return [share if w is None else w for w in fixed]


def column_widths(parts: list[str], cells: list[list[list[Flowable]]], width: float, padding: float) -> list[float]:
    """Column widths from the table's ``widths`` and its cells, filling ``width``.

    No column is narrower than its widest word (measured in the cell's own fonts, plus padding),
    unless that word could not fit whatever the other columns gave up;
    an ``auto`` column takes its cells' unbroken width, header included; ``*`` columns share what is
    left. When the words do not all fit, the columns give up room in proportion to what they have
    to spare.
    """
    least = [max((least_width(f) for row in cells for f in row[i]), default=0.0) + 2 * padding
             for i in range(len(parts))]
    # A word wider than a column could ever be (the others at their least) is cut whatever happens:
    # it sets no minimum, rather than starving the other columns.
    least = [lo if lo <= width - (sum(least) - lo) else 2 * padding for lo in least]
    natural = [max((natural_width(f) for row in cells for f in row[i]), default=0.0) + 2 * padding
               for i in range(len(parts))]
    fixed = _provisional_widths([p if p != "auto" else "*" for p in parts], width)
    wanted: list[float | None] = [max(natural[i], least[i]) if p == "auto" else None if p == "*"
                                  else max(fixed[i], least[i]) for i, p in enumerate(parts)]
    free = width - sum(w for w in wanted if w is not None)
    stars = [i for i, w in enumerate(wanted) if w is None]
    widths = [max(free / len(stars), least[i]) if w is None else w for i, w in enumerate(wanted)]
    excess = sum(widths) - width
    if excess > 0.01:
        spare = [max(w - lo, 0.0) for w, lo in zip(widths, least, strict=True)]
        if sum(spare) >= excess:
            widths = [w - excess * s / sum(spare) for w, s in zip(widths, spare, strict=True)]
        else:  # even the words do not fit: every column in proportion to its widest word
            widths = [lo * width / sum(least) for lo in least]
    return widths


def _cell(cell: ET.Element, ctx: RenderContext, width: float, header: bool) -> list[Flowable]:
    inner = ctx.narrower(ctx.width - width)
    if is_inline_only(cell):
        return [paragraph(cell, inner, "table_head" if header else "table_cell")]
    return build_story(list(cell), inner)


def _no_hyphens_in_narrow(data: list[list[list[Flowable]]], widths: list[float], padding: float) -> None:
    """A cell narrower than about 20 characters is never hyphenated."""
    for row in data:
        for flowables, width in zip(row, widths, strict=False):
            for flowable in flowables:
                if isinstance(flowable, Para) and width - 2 * padding < 20 * 0.5 * flowable.style.fontSize:
                    flowable.style = without_hyphenation(flowable.style)


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
    parts = _width_parts(element.get("widths"), len(rows[0].findall("cell")))
    headers = sum(1 for row in rows if row.get("header") == "yes")
    contexts = iter(_table_structure(rows, ctx))
    provisional = _provisional_widths(parts, ctx.width)
    data = [[_cell(cell, next(contexts), w - 2 * padding, row.get("header") == "yes")
             for cell, w in zip(row.findall("cell"), provisional, strict=False)] for row in rows]
    for row, cells in zip(rows, data, strict=True):
        if is_changed(row):
            flag([flowable for cell in cells for flowable in cell])
    widths = column_widths(parts, data, ctx.width, padding)
    _no_hyphens_in_narrow(data, widths, padding)
    if sheet.rtl:  # the first column on the right; the structure tree keeps the logical order
        data, widths = [row[::-1] for row in data], widths[::-1]
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
