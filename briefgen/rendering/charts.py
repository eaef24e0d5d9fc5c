"""Charts of the content as vectors: matplotlib lays them out, svglib turns its SVG into a
ReportLab drawing, set in the layout's own embedded fonts.

One file on both sides: each face a chart uses is known to matplotlib under a name of its
own (``briefgen <ReportLab font name>``), so matplotlib measures with the very file the PDF
embeds and svglib's font map turns the name straight back into the registered font (no
match by family name, which a system font of the same name could win). A text is set
whole in one face that has all of its characters (Korean labels in the Korean face), as
svglib sets a string in a single font. Right-to-left labels are shaped like page furniture.

matplotlib is imported only when a brief has a chart, with ``MPLCONFIGDIR`` in briefgen's
cache. A chart's drawing is kept per data, width, style and fonts, so the one-page fitter
measuring it again costs nothing.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from briefgen.cache import cache_dir
from briefgen.content.figures import ChartSpec
from briefgen.errors import LayoutError
from briefgen.layouts.layout import length
from briefgen.pdf.tagging import Tagged
from briefgen.rendering.chartparts import Look
from briefgen.text.fonts import REPLACEMENT, coverage, ensure_registered, font_name, register_file
from briefgen.text.rl.direction import mirror_unshaped
from briefgen.text.rl.shaping import drawn_width, shape_run
from briefgen.text.scripts import bidi_levels, has_rtl, mostly_rtl, visual_order
from briefgen.text.styles import StyleSheet
from briefgen.memo import Memo

log = logging.getLogger(__name__)

_PREFIX = "briefgen "  # matplotlib's name for a face is this and the face's ReportLab name
_STAND_INS = {"\u2212": "-", "\u202f": "\u00a0", "\u00a0": " ", "\u2009": " "}  # for a face that lacks one
_DRAWINGS = Memo("chart drawings", holds="a chart as a drawing, and its height",
                 key="chart data, style, width, tallest, fonts", bound=64)
_KNOWN: set[str] = set()  # faces matplotlib knows under briefgen's names


@dataclass(frozen=True)
class ChartStyle:
    """A chart's look from the layout's style (``chart``): the family key, and the rest as :class:`Look`."""

    family: str
    look: Look


def _hex(colour: Color | None) -> str:
    if colour is None:
        raise LayoutError("a chart colour cannot be 'none'")
    return "#" + colour.hexval()[2:].lower()


def chart_style(sheet: StyleSheet, name: str, language: str) -> ChartStyle:
    """Resolve a chart style (``chart``) from the layout: sizes, font family, palette (see docs/layouts.md)."""
    s = sheet.resolved(name)
    size = length(s.get("label_size", 7))
    palette = tuple(_hex(sheet.color(c)) for c in (s.get("palette") or ["accent", "muted", "rule"]))
    look = Look(
        width=0.0, height=length(s.get("height", 150)), tallest=length(s.get("height", 150)), label_size=size,
        title_size=length(s.get("title_size", size * 1.15)), ink=_hex(sheet.color(s.get("color", "ink"))),
        muted=_hex(sheet.color(s.get("muted", "muted"))), grid=_hex(sheet.color(s.get("grid", "rule_light"))),
        palette=palette, line_width=length(s.get("line_width", 1.4)), marker_size=length(s.get("marker_size", 4)),
        bar_width=length(s.get("bar_width", 28)), value_labels=bool(s.get("value_labels", True)),
        no_value=str(s.get("no_value", "–")), language=language,
        plot=tuple(sorted((str(key), float(value)) for key, value in (s.get("plot") or {}).items())),
    )
    sheet.font_name(s)  # an unknown family is a layout error here, not deep inside matplotlib
    return ChartStyle(str(s.get("font", "serif")), look)


class ChartFonts:
    """Which face sets a chart's text and how wide it prints: the :class:`~chartparts.Typesetter` of a sheet."""

    def __init__(self, sheet: StyleSheet, family: str, language: str):
        self.sheet, self.family, self.language = sheet, family, language
        self.files = {font_name(path): path for faces in sheet.layout.fonts.values() for path in faces.values()}

    def key(self) -> tuple[Any, ...]:
        """What decides the faces: the layout's font files and script table, the family, the language."""
        layout = self.sheet.layout
        table = (layout.get("script_fonts", default={}), layout.get("fallback_fonts", default=[]))
        return self.family, self.language, tuple(sorted((k, str(p)) for k, p in self.files.items())), repr(table)

    def face(self, text: str, bold: bool = False) -> tuple[str, str]:
        """matplotlib's name for the face that sets ``text`` whole, and ``text`` as that face can print it."""
        chosen = self.sheet.font_name({"font": self.family, "bold": bold})
        if not text.isascii():
            needed = {ord(c) for c in text if not c.isspace()}
            runs = self.sheet.script_fonts.runs(text, self.family, bold, self.language)
            for candidate in dict.fromkeys(font for _, font in runs if font):
                if needed <= coverage(ensure_registered(candidate)):
                    chosen = candidate
                    break
        return self._known(chosen), _printable(text, coverage(chosen))

    def width(self, text: str, family: str, size: float) -> float:
        """The width of one line as the PDF draws it (shaped, for right-to-left text)."""
        name = family.removeprefix(_PREFIX)
        if has_rtl(text):
            return drawn_width(shape_run(text, name, size), name, size)
        return float(pdfmetrics.stringWidth(text, name, size))

    def _known(self, name: str) -> str:
        """Tell matplotlib about a face under briefgen's name for it (once per process)."""
        if name not in _KNOWN:
            import dataclasses

            from matplotlib import font_manager, ft2font

            path = self.files.get(name)
            if path is None:
                raise LayoutError(f"chart font {name!r} is not a font of the layout")
            register_file(Path(path))
            entry = font_manager.ttfFontProperty(ft2font.FT2Font(str(path)))
            # A name of its own: no system font of the same family can be chosen instead.
            font_manager.fontManager.ttflist.append(dataclasses.replace(
                entry, name=_PREFIX + name, style="normal", variant="normal", weight=400, stretch="normal"))
            _KNOWN.add(name)
        return _PREFIX + name

    def find_font(self, family: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        """svglib's question: the registered font for a family in the SVG (only briefgen's names occur)."""
        name = family.strip("'\" ")
        if not name.startswith(_PREFIX):
            raise LayoutError(f"chart text asks for font {family!r}, which is not a font of the layout")
        return ensure_registered(name.removeprefix(_PREFIX)), True


def _printable(text: str, covered: frozenset[int]) -> str:
    """``text`` with stand-ins for characters the face lacks (a minus sign as a hyphen-minus)."""
    if all(ord(c) in covered or c.isspace() for c in text):
        return text
    out = []
    for char in text:
        while ord(char) not in covered and char in _STAND_INS:
            char = _STAND_INS[char]
        out.append(char if ord(char) in covered or char.isspace() else REPLACEMENT)
    return "".join(out)


def _import_matplotlib() -> None:
    """matplotlib with its font list cached in briefgen's cache, not the user's ~/.config."""
    if "matplotlib" in sys.modules:
        return
    folder = cache_dir("matplotlib")
    if folder is not None:
        os.environ["MPLCONFIGDIR"] = str(folder)
    import matplotlib  # noqa: F401 - the import reads MPLCONFIGDIR

    log.debug("matplotlib %s imported; its cache in %s", matplotlib.__version__, folder)


def chart_drawing(spec: ChartSpec, style: ChartStyle, width: float, tallest: float,
                  fonts: ChartFonts) -> tuple[Drawing, float]:
    """The chart ``width`` points wide as a ReportLab drawing, and its height: kept per data, width,
    style and fonts (bounded; the one-page fitter measures a figure many times)."""
    key = (_spec_key(spec), style, round(width, 3), round(tallest, 3), fonts.key())
    return _DRAWINGS.lookup(key, lambda: _draw(spec, style, width, tallest, fonts))


def _draw(spec: ChartSpec, style: ChartStyle, width: float, tallest: float, fonts: ChartFonts) -> tuple[Drawing, float]:
    _import_matplotlib()
    from briefgen.rendering.chartplot import chart_svg

    look = replace(style.look, width=width, tallest=max(tallest, style.look.height))
    svg, height = chart_svg(spec, look, fonts)
    return _to_drawing(svg, fonts, style), height


def _spec_key(spec: ChartSpec) -> tuple[Any, ...]:
    return (spec.kind, tuple(spec.labels), tuple((name, tuple(values)) for name, values in spec.series), spec.unit,
            spec.title, spec.language)


def _to_drawing(svg: str, fonts: ChartFonts, style: ChartStyle) -> Drawing:
    """svglib's drawing of the SVG, in the layout's fonts, right-to-left text shaped and in visual order."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")), font_map=fonts)
    if drawing is None:
        raise LayoutError("a chart could not be drawn")
    # svglib starts from Helvetica, and renderPDF would select it (unembedded) before any text
    drawing.initialFontName = fonts.sheet.font_name({"font": style.family})
    drawing.initialFontSize = style.look.label_size
    _visual_text(drawing)
    return drawing


def _visual_text(group: Any) -> None:
    """Replace each string holding right-to-left letters by its runs in visual order, shaped."""
    for index, node in enumerate(getattr(group, "contents", [])):
        if isinstance(node, String) and has_rtl(node.text):
            group.contents[index] = _visual_runs(node)
        elif isinstance(node, Group):
            _visual_text(node)


def _visual_runs(string: String) -> Group:
    """One line of mixed-direction text as strings left to right (Unicode bidi on the line's own
    direction), right-to-left letters shaped, neutrals between them mirrored; where the label's
    anchor put it."""
    text, font, size = str(string.text), string.fontName, string.fontSize
    levels = bidi_levels(text, mostly_rtl(text))
    runs: list[tuple[str, int]] = []
    for char, level in zip(text, levels, strict=True):
        if runs and runs[-1][1] == level:
            runs[-1] = (runs[-1][0] + char, level)
        else:
            runs.append((char, level))
    pieces = []
    for index in visual_order([level for _, level in runs]):
        run, level = runs[index]
        if level % 2:
            run = shape_run(run, font, size) if has_rtl(run) else mirror_unshaped(run)
        pieces.append((run, drawn_width(run, font, size)))
    total = sum(width for _, width in pieces)
    x = string.x - {"start": 0.0, "middle": 0.5, "end": 1.0}.get(string.textAnchor, 0.0) * total
    group = Group()
    for run, width in pieces:
        group.add(String(x, string.y, run, fontName=font, fontSize=size, fillColor=string.fillColor))
        x += width
    return group


class ChartFigure(Tagged, Flowable):
    """A bar or line chart drawn as vectors at the width it is given, tagged ``Figure`` by the renderer."""

    def __init__(self, spec: ChartSpec, style: ChartStyle, fonts: ChartFonts, tallest: float):
        super().__init__()
        self.spec, self.style, self.fonts, self.tallest = spec, style, fonts, tallest
        self.drawing: Drawing | None = None
        self.scale = 1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.drawing, height = chart_drawing(self.spec, self.style, availWidth, self.tallest, self.fonts)
        self.scale = min(1.0, self.tallest / height)  # many long-labelled bars: smaller, never off the page
        self.width, self.height = availWidth * self.scale, height * self.scale
        return self.width, self.height

    def draw(self) -> None:
        if self.drawing is None:
            return
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.drawing.drawOn(self.canv, 0, 0)
        self.canv.restoreState()
