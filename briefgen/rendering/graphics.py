"""Drawn figures: the likelihood scale (the timeline is in timeline.py). Sizes and colours come from styles.

They are Flowables that draw with ``reportlab.graphics`` shapes, readable in grayscale:
the selected likelihood band is dark with light text and a heavy outline, the others
light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from briefgen.content.figures import prepared_raster
from briefgen.content.scales import Band, Scale
from briefgen.layouts.furniture import Furniture
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
    rtl = False  # on a right-to-left page the drawing is mirrored: a scale and a timeline run from the right

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
        if self.rtl:
            mirror_drawing(self.drawing)
        self.drawing.initialFontName = self.style.font  # else renderPDF selects (unembedded) Helvetica
        self.drawing.initialFontSize = self.style.label_size
        self.width, self.height = self.drawing.width, self.drawing.height
        return self.width, self.height

    def draw(self) -> None:
        if self.drawing is not None:
            self.drawing.drawOn(self.canv, 0, 0)


_ANCHORS = {"start": "end", "end": "start", "middle": "middle"}


def mirror_drawing(drawing: Drawing) -> Drawing:
    """Reflect a drawing left to right, its words still reading as written: what stood at the left
    edge stands at the right. Lines, rectangles and strings only (what briefgen draws)."""
    width = drawing.width
    for shape in drawing.contents:
        if isinstance(shape, Rect):
            shape.x = width - shape.x - shape.width
        elif isinstance(shape, Line):
            shape.x1, shape.x2 = width - shape.x1, width - shape.x2
        elif isinstance(shape, String):
            shape.x, shape.textAnchor = width - shape.x, _ANCHORS[shape.textAnchor]
        else:
            raise TypeError(f"cannot mirror a {type(shape).__name__} in a drawn figure")
    return drawing


class LikelihoodBar(DrawingFlowable):
    """The scale's bands side by side; the band of the judgement is filled dark."""

    def __init__(self, scale: Scale, low: int, high: int, style: FigureStyle, labels: bool,
                 words: Furniture | None = None, fonts: Callable[[str], str | None] | None = None,
                 **space: float):
        super().__init__(**space)
        self.scale, self.low, self.high, self.style, self.labels = scale, low, high, style, labels
        self.words = words or Furniture("en")  # the document's language (the layout's furniture)
        self.fonts = fonts or (lambda text: self.style.font)  # a font that draws a label, None: none can here

    def band_label(self, band: Band) -> str:
        """A band's words in the document's language (``probable`` for ``likely`` in French)."""
        return self.words.pgettext(f"likelihood {self.scale.name}", band.label)

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
                self._label(drawing, self.band_label(band), x + cell / 2, 1, style.text_off if not on else style.color_on,
                            room=cell - gap)
        return drawing

    def describe(self) -> str:
        """Alt text from the data: ``likely: 55–80% on the ICD-203 scale``."""
        band = next((b for b in self.scale.bands if (b.low, b.high) == (self.low, self.high)), None)
        if band is None:
            return self.words.gettext("Likelihood scale %(scale)s, no band marked") % {"scale": self.scale.name}
        return self.words.gettext("%(term)s: %(band)s on the %(scale)s scale") % {
            "term": self.band_label(band), "band": band.band_text, "scale": self.scale.name}

    def _label(self, drawing: Drawing, text: str, x: float, y: float, color: Color, room: float = 0) -> None:
        """A label centred at ``x``; one wider than ``room`` (a band's words in German) is set smaller to fit."""
        font = self.fonts(text)
        if font is None:  # right-to-left words a drawing cannot shape: the table and alt text name the band
            return
        size = self.style.label_size
        width = stringWidth(text, font, size)
        if room and width > room:
            size *= room / width
        drawing.add(String(x, y, text, fontName=font, fontSize=size, fillColor=color, textAnchor="middle"))


# ---------------------------------------------------------------- figures of the content


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
