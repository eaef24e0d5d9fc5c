"""Drawn figures: the likelihood scale (the timeline is in timeline.py). Sizes and colours come from styles.

They are Flowables that draw with ``reportlab.graphics`` shapes, readable in grayscale:
the selected likelihood band is dark with light text and a heavy outline, the others
light.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from briefgen.content.figures import ChartSpec, number_text, prepared_raster
from briefgen.content.scales import Scale
from briefgen.pdf.tagging import Tagged
from briefgen.text.rl.canvas import append_operator


@dataclass(frozen=True)
class FigureStyle:
    """Resolved figure settings, in points and colours."""

    height: float
    font: str
    label_size: float
    color_on: Color
    color_off: Color
    text_on: Color
    text_off: Color
    border: Color
    gap: float = 1.2
    stroke_on: float = 1.2
    stroke_off: float = 0.3


class DrawingFlowable(Tagged, Flowable):
    """A Flowable whose drawing is made once its width is known; tagged as a ``Figure`` by the renderer."""

    style: FigureStyle

    def __init__(self, space_before: float, space_after: float):
        super().__init__()
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.drawing: Drawing | None = None

    def make(self, width: float) -> Drawing:  # pragma: no cover - abstract
        """Return the drawing for ``width``."""
        raise NotImplementedError

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.drawing = self.make(availWidth)
        self.drawing.initialFontName = self.style.font  # else renderPDF selects (unembedded) Helvetica
        self.drawing.initialFontSize = self.style.label_size
        self.width, self.height = self.drawing.width, self.drawing.height
        return self.width, self.height

    def draw(self) -> None:
        if self.drawing is not None:
            self.drawing.drawOn(self.canv, 0, 0)


class LikelihoodBar(DrawingFlowable):
    """The scale's bands side by side; the band of the judgement is filled dark."""

    def __init__(self, scale: Scale, low: int, high: int, style: FigureStyle, labels: bool, **space: float):
        super().__init__(**space)
        self.scale, self.low, self.high, self.style, self.labels = scale, low, high, style, labels

    def make(self, width: float) -> Drawing:
        style = self.style
        label_room = style.label_size * 1.6 if self.labels else 0
        drawing = Drawing(width, style.height + label_room)
        count = len(self.scale.bands)
        gap = style.gap
        cell = (width - gap * (count - 1)) / count
        for index, band in enumerate(self.scale.bands):
            on = (band.low, band.high) == (self.low, self.high)
            x = index * (cell + gap)
            drawing.add(Rect(x, label_room, cell, style.height, fillColor=style.color_on if on else style.color_off,
                             strokeColor=style.color_on if on else style.border,
                             strokeWidth=style.stroke_on if on else style.stroke_off))
            if self.labels:
                self._label(drawing, band.band_text.lstrip("≈"), x + cell / 2, label_room + style.height / 2 - style.label_size / 3,
                            style.text_on if on else style.text_off)
                self._label(drawing, band.label, x + cell / 2, 1, style.text_off if not on else style.color_on)
        return drawing

    def describe(self) -> str:
        """Alt text from the data: ``likely: 55–80% on the ICD-203 scale``."""
        band = next((b for b in self.scale.bands if (b.low, b.high) == (self.low, self.high)), None)
        if band is None:
            return f"Likelihood scale {self.scale.name}, no band marked"
        return f"{band.label}: {band.band_text} on the {self.scale.name} scale"

    def _label(self, drawing: Drawing, text: str, x: float, y: float, color: Color) -> None:
        drawing.add(String(x, y, text, fontName=self.style.font, fontSize=self.style.label_size,
                           fillColor=color, textAnchor="middle"))


# ---------------------------------------------------------------- figures of the content


@dataclass(frozen=True)
class ChartStyle:
    """Resolved chart settings: size, font, colours in series order, ink for axes and labels."""

    height: float
    font: str
    bold_font: str
    label_size: float
    palette: tuple[Color, ...]
    ink: Color
    muted: Color
    grid: Color


_MARKERS = ("FilledCircle", "FilledSquare", "FilledTriangle", "FilledDiamond", "Circle", "Square")


class ChartFigure(Tagged, Flowable):
    """A bar or line chart drawn as vectors: value axis from zero for bars, nulls as gaps,
    a marker shape per series and labels set directly at the series' last value."""

    def __init__(self, spec: ChartSpec, style: ChartStyle, space_before: float = 0, space_after: float = 0):
        super().__init__()
        self.spec, self.style = spec, style
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.drawing: Drawing | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.drawing = self.make(availWidth)
        self.width, self.height = self.drawing.width, self.drawing.height
        return self.width, self.height

    def draw(self) -> None:
        if self.drawing is not None:
            self.drawing.drawOn(self.canv, 0, 0)

    def make(self, width: float) -> Drawing:
        """The chart at ``width``: title and unit above, plot, category labels below."""
        spec, style = self.spec, self.style
        drawing = Drawing(width, style.height)
        drawing.initialFontName, drawing.initialFontSize = style.font, style.label_size
        top = style.height - (style.label_size * 1.6 if spec.title else 0)
        if spec.title:
            drawing.add(String(0, style.height - style.label_size, spec.title, fontName=style.bold_font,
                               fontSize=style.label_size * 1.15, fillColor=style.ink))
        if spec.unit:
            drawing.add(String(0, top - style.label_size, spec.unit, fontName=style.font, fontSize=style.label_size,
                               fillColor=style.muted))
        many = len(spec.labels) > 8
        bottom = style.label_size * (4.2 if many else 2.4)
        right_room = max((len(name) for name, _ in spec.series), default=0) * style.label_size * 0.55 \
            if spec.kind == "line" and len(spec.series) > 1 else style.label_size
        chart = self._bar(spec) if spec.kind == "bar" else self._line(spec)
        chart.x, chart.y = style.label_size * 3.2, bottom
        chart.width = width - chart.x - right_room
        chart.height = top - style.label_size * (3.0 if spec.unit else 1.2) - bottom
        self._axes(chart, many)
        numbers = [v for _, values in spec.series for v in values if v is not None]
        chart.valueAxis.valueMax = _nice_ceiling(max(numbers) if numbers else 1)
        if all(float(v).is_integer() for v in numbers) and chart.valueAxis.valueMax <= 10:
            chart.valueAxis.valueStep = 1  # counts: whole-number ticks
        drawing.add(chart)
        if spec.kind == "line":
            self._direct_labels(drawing, chart)
        elif len(spec.series) > 1:
            self._legend(drawing, chart)
        return drawing

    def _bar(self, spec: ChartSpec) -> Any:
        from reportlab.graphics.charts.barcharts import VerticalBarChart

        chart = VerticalBarChart()
        chart.data = [tuple(values) for _, values in spec.series]
        chart.valueAxis.valueMin = 0
        chart.barSpacing, chart.groupSpacing = 1, 6
        for index in range(len(spec.series)):
            chart.bars[index].fillColor = self.style.palette[index % len(self.style.palette)]
            chart.bars[index].strokeColor = self.style.ink
            chart.bars[index].strokeWidth = 0.4
        chart.barLabelFormat = lambda value: number_text(value) if value else ""  # zero needs no label
        chart.barLabels.fontName, chart.barLabels.fontSize = self.style.font, self.style.label_size * 0.9
        chart.barLabels.fillColor, chart.barLabels.nudge = self.style.ink, 5
        return chart

    def _line(self, spec: ChartSpec) -> Any:
        from reportlab.graphics.charts.linecharts import HorizontalLineChart
        from reportlab.graphics.widgets.markers import makeMarker

        chart = HorizontalLineChart()
        chart.data = [tuple(values) for _, values in spec.series]
        numbers = [v for _, values in spec.series for v in values if v is not None]
        if numbers and min(numbers) >= 0:
            chart.valueAxis.valueMin = 0
        for index in range(len(spec.series)):
            colour = self.style.palette[index % len(self.style.palette)]
            chart.lines[index].strokeColor, chart.lines[index].strokeWidth = colour, 1.4
            marker = makeMarker(_MARKERS[index % len(_MARKERS)])
            marker.size, marker.fillColor, marker.strokeColor = self.style.label_size * 0.8, colour, colour
            chart.lines[index].symbol = marker
        return chart

    def _axes(self, chart: Any, many: bool) -> None:
        style = self.style
        chart.categoryAxis.categoryNames = list(self.spec.labels)
        for axis in (chart.categoryAxis, chart.valueAxis):
            axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = style.font, style.label_size, style.ink
            axis.strokeColor, axis.strokeWidth = style.muted, 0.6
        chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = 1, style.grid
        chart.valueAxis.gridStrokeWidth = 0.4
        chart.valueAxis.labelTextFormat = number_text
        chart.categoryAxis.labels.boxAnchor = "ne" if many else "n"
        chart.categoryAxis.labels.angle = 35 if many else 0
        chart.categoryAxis.labels.dy = -2

    def _direct_labels(self, drawing: Drawing, chart: Any) -> None:
        """Each series named at its last value, instead of a legend."""
        if len(self.spec.series) < 2:
            return
        step = chart.width / max(len(self.spec.labels), 1)
        low, high = chart.valueAxis.valueMin or 0, chart.valueAxis.valueMax
        for index, (name, values) in enumerate(self.spec.series):
            points = [(i, v) for i, v in enumerate(values) if v is not None]
            if not points or high == low:
                continue
            last, value = points[-1]
            y = chart.y + (value - low) / (high - low) * chart.height
            drawing.add(String(chart.x + step * (last + 0.5) + 5, y - self.style.label_size / 3, name,
                               fontName=self.style.font, fontSize=self.style.label_size,
                               fillColor=self.style.palette[index % len(self.style.palette)]))

    def _legend(self, drawing: Drawing, chart: Any) -> None:
        x = chart.x
        for index, (name, _) in enumerate(self.spec.series):
            colour = self.style.palette[index % len(self.style.palette)]
            drawing.add(Rect(x, 2, 7, 7, fillColor=colour, strokeColor=self.style.ink, strokeWidth=0.4))
            drawing.add(String(x + 10, 2.5, name, fontName=self.style.font, fontSize=self.style.label_size,
                               fillColor=self.style.ink))
            x += 20 + len(name) * self.style.label_size * 0.55


def _nice_ceiling(value: float) -> float:
    """The next round number at or above ``value`` (1, 2, 2.5 or 5 times a power of ten)."""
    import math

    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


class ImageFigure(Tagged, Flowable):
    """A raster image at a fixed printed size; it is turned upright and downsampled only when drawn
    (the one-page fitter measures a figure many times, and measuring needs only its size)."""

    def __init__(self, path: Path, width: float, height: float, dpi: float):
        super().__init__()
        self.path, self.width, self.height, self.dpi = path, width, height, dpi

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.lib.utils import ImageReader

        self.canv.drawImage(ImageReader(prepared_raster(self.path, self.width, self.dpi)), 0, 0, self.width,
                            self.height, mask="auto")


class VectorFigure(Tagged, Flowable):
    """An SVG drawing, scaled to its printed size."""

    def __init__(self, drawing: Drawing, scale: float, space_before: float = 0, space_after: float = 0):
        super().__init__()
        self.drawing, self.scale = drawing, scale
        self.width, self.height = drawing.width * scale, drawing.height * scale
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.drawing.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


class PdfFigure(Tagged, Flowable):
    """A one-page PDF drawn as vectors: a form XObject that the finishing stage copies in by name."""

    def __init__(self, path: str, size: tuple[float, float], scale: float, space_before: float = 0,
                 space_after: float = 0):
        super().__init__()
        self.path, self.scale = path, scale
        self.width, self.height = size[0] * scale, size[1] * scale
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        return self.width, self.height

    def draw(self) -> None:
        name = self.canv.tags.external_form(self.canv.getPageNumber(), self.path)
        append_operator(self.canv, f"q {self.scale:.6f} 0 0 {self.scale:.6f} 0 0 cm /{name} Do Q")
