"""Figures: the likelihood scale, the timeline chart, charts from data, images, SVG and PDF figures, with caption and credit."""

from __future__ import annotations

import copy
import logging
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from reportlab.platypus import (
    Flowable,
    Spacer,
)

from briefgen.errors import LayoutError
from briefgen.memo import memoized
from briefgen.rendering.graphics import (
    FigureStyle,
    ImageFigure,
    LikelihoodBar,
    PdfFigure,
    VectorFigure,
)
from briefgen.rendering.timeline import YEARS, TimelineChart, drawable, timeline_style
from briefgen.layouts.furniture import furniture as layout_words
from briefgen.layouts.layout import length
from briefgen.text.scripts import has_rtl
from briefgen.content.scales import SCALES
from briefgen.text.styles import StyleSheet

from briefgen.rendering.context import RenderContext, renders
from briefgen.rendering.flowables import Para
from briefgen.rendering.markup import styled_markup

log = logging.getLogger(__name__)


def figure_style(sheet: StyleSheet, name: str) -> FigureStyle:
    """Resolve a figure style (``scale_full``, ``timeline_chart``…) from the layout."""
    s = sheet.resolved(name)
    return FigureStyle(
        height=length(s.get("height", 14)), font=sheet.font_name(s), label_size=length(s.get("label_size", 7)),
        color_on=sheet.color(s.get("color_on", "accent")), color_off=sheet.color(s.get("color_off", "rule_light")),
        text_on=sheet.color(s.get("text_on", "white")), text_off=sheet.color(s.get("text_off", "muted")),
        border=sheet.color(s.get("border_color", "rule")),
        gap=length(s.get("gap", 1.2)), stroke_on=length(s.get("stroke_on", 1.2)),
        stroke_off=length(s.get("stroke_off", 0.3)),
    )


def _spacing(sheet: StyleSheet, name: str) -> dict[str, float]:
    return {"space_before": sheet.value(name, "space_before", 0), "space_after": sheet.value(name, "space_after", 0)}


@renders("likelihood-scale")
def render_likelihood(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<likelihood-scale style scale low high labels>``: the scale drawn, one band marked."""
    name = element.get("style", "scale_full")
    scale = SCALES[element.get("scale", "ICD-203")]
    low, high = int(element.get("low", 0)), int(element.get("high", 0))
    style = figure_style(ctx.sheet, name)
    bar = LikelihoodBar(scale, low, high, style, element.get("labels") == "yes",
                        words=layout_words(ctx.sheet.layout, ctx.language),
                        fonts=lambda text: label_font(ctx.sheet, text, style.font, ctx.language), **_spacing(ctx.sheet, name))
    bar.rtl = ctx.sheet.rtl  # the least likely band at the right of a right-to-left page
    return [ctx.tag(bar, "Figure", alt=bar.describe())]


@renders("timeline-chart")
def render_timeline_chart(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<timeline-chart style>`` of ``<event date>``: numbered markers along a time axis, never overlapping."""
    dates = [event.get("date", "") for event in element.findall("event")]
    if not drawable(dates):
        log.info("no timeline chart: no events, or a year outside %d–%d", *YEARS)
        return []
    name = element.get("style", "timeline_chart")
    chart = TimelineChart(dates, timeline_style(ctx.sheet, name, ctx.language), **_spacing(ctx.sheet, name),
                          words=layout_words(ctx.sheet.layout, ctx.language))
    chart.keepWithNext = int(bool(ctx.sheet.resolved(name).get("keep_with_next")))  # with its table's first rows
    chart.rtl = ctx.sheet.rtl  # time runs right to left on a right-to-left page, as its table reads
    return [ctx.tag(chart, "Figure", alt=chart.describe())]


def label_font(sheet: StyleSheet, text: str, font: str, language: str) -> str | None:
    """The font that draws a short label of a drawing (``font`` unless the text needs a script font);
    None for right-to-left text, which a drawing's strings cannot shape."""
    if has_rtl(text):
        return None
    family, bold = sheet.face_of(font)
    runs = sheet.script_fonts.runs(text, family, bold, language)
    return next((chosen for _, chosen in runs if chosen), font) if len(runs) == 1 else font


# ---------------------------------------------------------------- figures of the content


def _figure_box(sheet: StyleSheet, name: str, width: float) -> tuple[float, float, float]:
    """Room for a figure: width, the tallest it may be, and the lowest dpi it may print at."""
    s = sheet.resolved(name)
    share = str(s.get("width", "100%"))
    room = width * float(share[:-1]) / 100 if share.endswith("%") else min(length(share), width)
    return room, length(s.get("max_height", 240)), float(s.get("min_dpi", 150))


_ALIGNMENTS = {"center": "CENTER", "centre": "CENTER", "left": "LEFT", "right": "RIGHT"}


def _alignment(sheet: StyleSheet, name: str) -> str:
    """Where a figure narrower than its column stands: the style's ``align``, centred unless it says otherwise."""
    align = str(sheet.resolved(name).get("align", "center")).lower()
    if align not in _ALIGNMENTS:
        raise LayoutError(f"style {name!r}: align {align!r} is not one of center, left, right")
    return _ALIGNMENTS[align]


def _graphic(element: ET.Element, ctx: RenderContext, name: str) -> Flowable:
    from briefgen.content import figures

    room, tallest, min_dpi = _figure_box(ctx.sheet, name, ctx.width)
    image, chart = element.find("image"), element.find("chart")
    if chart is not None:
        from briefgen.rendering.charts import ChartFigure, ChartFonts, chart_style

        spec = figures.chart_from_block(chart)
        style = chart_style(ctx.sheet, element.get("chart-style", "chart"), spec.language)
        return ChartFigure(spec, style, ChartFonts(ctx.sheet, style.family, spec.language), tallest)
    assert image is not None
    path, kind = Path(image.get("src", "")), image.get("kind", "png")
    if kind == "svg":
        drawing = _svg(path, ctx)
        scale = min(room / drawing.width, tallest / drawing.height)
        return VectorFigure(drawing, scale)
    if kind == "pdf":
        size = _pdf_size(str(path))
        return PdfFigure(str(path), size, min(room / size[0], tallest / size[1]))
    pixels = _pixel_size(str(path))
    width = min(room, pixels[0] * 72 / min_dpi)
    width = min(width, tallest * pixels[0] / pixels[1])
    return ImageFigure(path, width, width * pixels[1] / pixels[0], float(ctx.sheet.resolved(name).get("dpi", 300)))


@memoized("image sizes", holds="a raster figure's size in pixels, upright", key="the image file's identity",
          bound=256, files=lambda path: (path,))
def _pixel_size(path: str) -> tuple[int, int]:
    from PIL import Image, ImageOps

    with Image.open(path) as picture:
        return ImageOps.exif_transpose(picture).size


@memoized("pdf figure sizes", holds="a PDF figure's first page size", key="the PDF file's identity",
          bound=256, files=lambda path: (path,))
def _pdf_size(path: str) -> tuple[float, float]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
        return box[2] - box[0], box[3] - box[1]


def _svg(path: Path, ctx: RenderContext) -> Any:
    """An SVG as a ReportLab drawing, its text set in the layout's fonts (never an unembedded base font)."""
    from svglib.svglib import svg2rlg

    from briefgen.content.figures import iter_strings

    drawing = svg2rlg(str(path))
    if drawing is None:
        raise LayoutError(f"{path}: the SVG could not be drawn")
    drawing.initialFontName = ctx.sheet.font_name({"font": "sans"})  # else renderPDF selects unembedded Helvetica
    for string in iter_strings(drawing):
        family = "serif" if "serif" in str(string.fontName).lower() and "sans" not in str(string.fontName).lower() \
            else "sans"
        bold = "bold" in str(string.fontName).lower()
        string.fontName = ctx.sheet.font_name({"font": family, "bold": bold})
    return drawing


def _caption_indents(graphic: Flowable, width: float) -> tuple[float, float]:
    """Captions stand under the figure, as wide as it is but never narrower than half the column."""
    if not isinstance(graphic, (ImageFigure, VectorFigure, PdfFigure)) or graphic.width >= width:
        return 0.0, 0.0  # a chart takes the column's width
    box = max(graphic.width, width / 2)
    left = {"CENTER": (width - box) / 2, "RIGHT": width - box}.get(graphic.hAlign, 0.0)
    return left, width - box - left


def _indented(style: Any, indents: tuple[float, float]) -> Any:
    if indents == (0.0, 0.0):
        return style
    moved = copy.copy(style)
    moved.leftIndent, moved.rightIndent = style.leftIndent + indents[0], style.rightIndent + indents[1]
    return moved


@renders("figure")
def render_figure(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<figure style number>`` of ``<image src kind alt>`` or ``<chart kind unit title alt>``, then
    ``<caption>`` and ``<credit>``: kept together, tagged ``Div`` > ``Figure`` (alt text) + ``Caption``."""
    name = element.get("style", "figure")
    group = ctx.element("Div")
    inner = ctx.within(group)
    graphic = _graphic(element, inner, name)
    graphic.hAlign = _alignment(ctx.sheet, name)
    source = element.find("image") if element.find("image") is not None else element.find("chart")
    graphic.struct = inner.element("Figure", alt=source.get("alt") if source is not None else None)
    parts: list[Flowable] = [graphic]
    indents = _caption_indents(graphic, ctx.width)
    for tag, style in (("caption", "figure_caption"), ("credit", "figure_credit")):
        for child in element.findall(tag):
            caption_style = _indented(ctx.sheet.paragraph(child.get("style", style)), indents)
            para = Para(styled_markup(child, inner, caption_style), caption_style)
            parts.append(inner.tag(para, "Caption"))
    for part in parts[:-1]:
        part.keepWithNext = 1  # the document template keeps the figure with its caption and credit
    before, after = ctx.sheet.value(name, "space_before", 0), ctx.sheet.value(name, "space_after", 0)
    return [Spacer(1, before), *parts, Spacer(1, after)]
