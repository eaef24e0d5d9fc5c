"""The parts of a chart drawn with matplotlib: heading, bars, lines, value axis, legend.

:mod:`briefgen.rendering.chartplot` decides the plan (orientation, wrapping, thinning, value
labels, legend columns) and checks the drawing; this module draws one plan. Lengths are
points (the figure is drawn at 72 dpi); colours are ``#rrggbb``; every text names the
matplotlib family of the one face that prints it whole (:class:`Typesetter`).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from briefgen.content.figures import ChartSpec
from briefgen.content.numbers import format_compact, decimals_for, format_number

log = logging.getLogger(__name__)

PAD = 2.0  # points kept clear around every text
LEADING = 1.2  # line spacing of labels, times their size
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LIGHTEST_LINE = 0.7  # relative luminance above which a line's colour is darkened


class Typesetter(Protocol):
    """What a chart needs to know about fonts: which face sets a text, and how wide it prints."""

    def face(self, text: str, bold: bool = False) -> tuple[str, str]:
        """The matplotlib family of the face that prints ``text`` whole, and the text as it prints."""

    def width(self, text: str, family: str, size: float) -> float:
        """The width of one line of ``text`` as the PDF draws it, in points."""


@dataclass(frozen=True)
class Look:
    """Everything about a chart that is not its data, resolved from the layout: points and ``#rrggbb``."""

    width: float
    height: float
    tallest: float  # the most a chart may take (horizontal bars), from the figure's style
    label_size: float
    title_size: float
    ink: str
    muted: str
    grid: str
    palette: tuple[str, ...]
    line_width: float
    marker_size: float
    bar_width: float  # the widest a bar may be
    value_labels: bool
    no_value: str  # printed where a bar chart has no value
    language: str
    plot: tuple[tuple[str, float], ...] = ()  # the style's ``plot`` weights and spacing, as (key, value)


@dataclass(frozen=True)
class Plan:
    """The choices one drawing makes; the check revises them when text would touch text."""

    horizontal: bool
    wrap: float  # category labels wrap at this width
    every: int  # every n-th category is labelled
    values: bool  # value labels on the bars
    columns: int  # legend columns
    stretch: float = 1.0  # horizontal bars: rows grow by this factor
    rotated: bool = False  # upright bars whose labels read upwards
    bins: int = 0  # intervals of the value axis; 0: as many as its length allows
    compact: bool = False  # value ticks in the language's short form (500T) when full numbers collide


@dataclass
class Drawn:
    """One drawing and the artists the check looks at."""

    figure: Any
    axes: Any
    categories: list[Any] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    bars: list[tuple[Any, Any | None]] = field(default_factory=list)  # (bar, its value label)
    others: list[Any] = field(default_factory=list)  # title and unit
    ticks: list[Any] = field(default_factory=list)  # the value axis's labels
    legend: Any | None = None


# ---------------------------------------------------------------- wrapping by measured width

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_NO_LINE_START = set("、。，．・：；？！）」』】〕〉》”’ーっゃゅょッャュョ")


def _tokens(text: str) -> Iterator[tuple[str, bool]]:
    """Words, each with whether a space precedes it; Chinese and Japanese break between characters
    (never before closing punctuation or a small kana)."""
    for index, word in enumerate(text.split()):
        if not _CJK.search(word):
            yield word, index > 0
            continue
        pieces: list[str] = []
        for char in word:
            latin_run = pieces and not _CJK.match(char) and not _CJK.match(pieces[-1][-1])
            if pieces and (char in _NO_LINE_START or latin_run):
                pieces[-1] += char
            else:
                pieces.append(char)
        for number, piece in enumerate(pieces):
            yield piece, index > 0 and number == 0


def wrap(text: str, width: float, size: float, typeset: Typesetter, cut: bool = True) -> list[str]:
    """``text`` in lines no wider than ``width`` where it has break opportunities; a longer word is
    cut (or, without ``cut``, keeps its own line: plans look for that)."""
    family = typeset.face(text)[0]
    lines: list[str] = []
    for token, spaced in _tokens(text):
        if lines:
            joined = lines[-1] + (" " if spaced else "") + token
            if typeset.width(joined, family, size) <= width:
                lines[-1] = joined
                continue
        lines += _pieces(token, width, size, family, typeset) if cut else [token]
    return lines or [""]


def _pieces(word: str, width: float, size: float, family: str, typeset: Typesetter) -> list[str]:
    """A word wider than ``width`` (a long compound, a URL) cut where it must be; others whole."""
    if len(word) < 8 or typeset.width(word, family, size) <= width:
        return [word]
    pieces = [""]
    for char in word:
        if pieces[-1] and len(pieces[-1]) >= 3 and typeset.width(pieces[-1] + char, family, size) > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def lines_needed(labels: list[str], width: float, size: float, typeset: Typesetter, cut: bool = True) -> int:
    """The most lines any label takes at ``width``."""
    return max((len(wrap(label, width, size, typeset, cut)) for label in labels), default=1)


def widest_line(labels: list[str], width: float, size: float, typeset: Typesetter) -> float:
    """The widest line of any label wrapped at ``width``, words uncut (a long word can be wider)."""
    return max((typeset.width(line, typeset.face(label)[0], size)
                for label in labels for line in wrap(label, width, size, typeset, cut=False)), default=0.0)


# ---------------------------------------------------------------- values and ticks


def numbers(spec: ChartSpec) -> list[float]:
    """Every value of the chart that is not a gap."""
    return [v for _, values in spec.series for v in values if v is not None]


def value_range(spec: ChartSpec) -> tuple[float, float]:
    """The values' span; bars start at zero, and lines too while no value is negative."""
    found = numbers(spec) or [0.0]
    low, high = min(found), max(found)
    if spec.kind == "bar" or low >= 0:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        low, high = (0.0, 1.0) if high == 0 else (min(low, 0.0), max(high, 0.0))
    return low, high


def nice_ticks(spec: ChartSpec, bins: int) -> list[float]:
    """At most ``bins`` intervals of 1, 2, 2.5 or 5 times a power of ten covering the values, whole
    numbers when every value is one."""
    from matplotlib.ticker import MaxNLocator

    low, high = value_range(spec)
    if not any(numbers(spec)):
        return [0.0]  # all zeros: one tick, where every value is
    integer = all(float(v).is_integer() for v in numbers(spec))
    locator = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10], integer=integer, min_n_ticks=2)
    ticks = [float(t) for t in locator.tick_values(low, high)]
    while len(ticks) > 2 and ticks[1] <= low:
        ticks.pop(0)
    while len(ticks) > 2 and ticks[-2] >= high:
        ticks.pop()
    return ticks


def tick_texts(ticks: list[float], language: str, compact: bool = False) -> list[str]:
    """Tick labels with the decimals their step needs, grouped as the language writes numbers (or in
    its short form, ``compact``)."""
    if compact:
        return [format_compact(t, language) for t in ticks]
    decimals = decimals_for(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    return [format_number(t, language, decimals) for t in ticks]


def value_ticks(spec: ChartSpec, length: float, look: Look, typeset: Typesetter, across: bool,
                bins: int = 0, compact: bool = False) -> tuple[list[float], bool]:
    """Ticks for a value axis ``length`` points long, and whether their labels take the short form
    (``60K``): ``bins`` intervals, or one per four lines of labels when it stands upright, as many
    as fit side by side when it runs across (the short form before fewer than three intervals:
    0–60K reads better than 0–100,000 for 55,500)."""
    if bins:
        return nice_ticks(spec, bins), compact
    if not across:
        return nice_ticks(spec, max(2, min(6, math.floor(length / (look.label_size * 4))))), compact
    family = typeset.face("0")[0]
    tries = [(count, compact) for count in range(6, 2, -1)]
    tries += [(count, True) for count in range(6, 2, -1)] if not compact else []
    for count, short in [*tries, (2, compact)]:
        ticks = nice_ticks(spec, count)
        widest = max(typeset.width(text, family, look.label_size) for text in tick_texts(ticks, look.language, short))
        if (widest + 4 * PAD) * len(ticks) <= length or len(ticks) <= 2:
            return ticks, short
    return nice_ticks(spec, 1), compact


def colours(look: Look, count: int, kind: str = "bar") -> list[str]:
    """A colour per series: the palette, then the palette again, lighter, for each further round.
    A line is thin: a colour too light to see on paper is darkened towards the ink."""
    from matplotlib.colors import to_hex, to_rgb

    result = []
    ink = to_rgb(look.ink)
    for index in range(count):
        base = to_rgb(look.palette[index % len(look.palette)])
        mix = 1 - 0.55 ** (index // len(look.palette))
        colour = tuple(c + (1 - c) * mix for c in base)
        if kind == "line" and 0.2126 * colour[0] + 0.7152 * colour[1] + 0.0722 * colour[2] > _LIGHTEST_LINE:
            colour = tuple(c + (k - c) * 0.4 for c, k in zip(colour, ink, strict=True))
        result.append(str(to_hex(colour)))
    return result


# ---------------------------------------------------------------- heading: title and unit


@dataclass
class Heading:
    """The chart's title (bold) and unit, flush left above the plot, wrapped to the width."""

    lines: list[tuple[str, str, float, str]]  # text, family, size, colour
    height: float

    def place(self, figure: Any, height: float) -> list[Any]:
        """Put the lines at the top of ``figure``; return their texts."""
        texts, y = [], height
        for text, family, size, colour in self.lines:
            y -= size * LEADING
            texts.append(figure.text(0, (y + size * 0.25) / height, text, ha="left", va="baseline",
                                     fontfamily=family, fontsize=size, color=colour))
        return texts


def heading(spec: ChartSpec, look: Look, typeset: Typesetter) -> Heading:
    """Title and unit lines and the height they take, with a gap before the plot."""
    lines = []
    for text, bold, size, colour in ((spec.title, True, look.title_size, look.ink),
                                     (spec.unit, False, look.label_size, look.muted)):
        if text:
            family, shown = typeset.face(text, bold)
            lines += [(line, family, size, colour) for line in wrap(shown, look.width, size, typeset)]
    height = sum(size * LEADING for _, _, size, _ in lines)
    return Heading(lines, height + (look.label_size * 0.6 if lines else 0))


# ---------------------------------------------------------------- bars


def bar_group(spec: ChartSpec, look: Look, slot: float) -> float:
    """The share of a category's slot its bars take: 0.8, less when bars would be wider than the layout allows."""
    return min(0.8, len(spec.series) * look.bar_width / max(slot, 1.0))


def rows_height(spec: ChartSpec, look: Look, typeset: Typesetter, plan: Plan, top: float) -> float:
    """The height horizontal bars need: a row per category, tall enough for its label and its bars."""
    size = look.label_size
    lines = lines_needed(spec.labels, plan.wrap, size, typeset)
    bar = size * (1.15 if plan.values else 0.55)  # a value label needs the height of its bar
    row = max(lines * size * LEADING, len(spec.series) * bar / 0.8) + size * 0.5
    legend = math.ceil(len(spec.series) / plan.columns) * size * 1.5 + 6 if len(spec.series) > 1 else 0
    return top + len(spec.labels) * row * plan.stretch + size * LEADING + 8 + legend


def upright_height(spec: ChartSpec, look: Look, typeset: Typesetter, plan: Plan, top: float) -> float:
    """The layout's chart height, taller (up to the most a figure may take) when the heading, the
    category labels and the legend would leave the plot less than half of it."""
    size = look.label_size
    labels = [label for index, label in enumerate(spec.labels) if index % plan.every == 0]
    below = min(widest_line(labels, plan.wrap, size, typeset), plan.wrap) if plan.rotated else \
        lines_needed(labels, plan.wrap, size, typeset) * size * LEADING
    legend = math.ceil(len(spec.series) / plan.columns) * size * 1.5 + 6 if len(spec.series) > 1 else 0
    needed = top + below + 3 * PAD + legend + look.height * 0.5
    return min(max(look.height, needed), max(look.tallest, look.height))


def draw_bars(drawn: Drawn, spec: ChartSpec, look: Look, typeset: Typesetter, plan: Plan) -> None:
    """Grouped bars from zero, a zero line, value labels at the bar ends (beyond them for negative values)."""
    axes, count, horizontal = drawn.axes, len(spec.labels), plan.horizontal
    across = look.width * 0.55 if horizontal else look.height
    slot = (rows_height(spec, look, typeset, plan, 0) / max(count, 1)) if horizontal else look.width * 0.85 / count
    group = bar_group(spec, look, slot)
    each = group / len(spec.series)
    for index, ((name, values), colour) in enumerate(zip(spec.series, colours(look, len(spec.series)), strict=True)):
        places = [j - group / 2 + (index + 0.5) * each for j in range(count)]
        present = [(x, v) for x, v in zip(places, values, strict=True) if v is not None]
        draw = axes.barh if horizontal else axes.bar
        bars = draw([x for x, _ in present], [v for _, v in present], each, color=colour, edgecolor=look.ink,
                    linewidth=0.3, label=name, zorder=2)
        labels: list[Any] = [None] * len(present)
        if plan.values:
            labels = list(axes.bar_label(bars, labels=[format_number(v, look.language) for _, v in present],
                                         padding=PAD, fontsize=look.label_size, color=look.ink,
                                         annotation_clip=False))
            drawn.values += labels
            drawn.values += [_no_value(axes, x, look, horizontal) for x, v in zip(places, values, strict=True)
                             if v is None]
        drawn.bars += list(zip(bars, labels, strict=True))
    _category_axis(drawn, spec, look, typeset, plan)
    _value_axis(drawn, spec, look, typeset, across, horizontal, plan)
    (axes.axvline if horizontal else axes.axhline)(0, color=look.ink, linewidth=0.6, zorder=3)
    for side in ("bottom", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="both", length=0)
    if horizontal:
        axes.set_ylim(count - 0.5, -0.5)  # the first category on top
    else:
        axes.set_xlim(-0.5, count - 0.5)


def _no_value(axes: Any, place: float, look: Look, horizontal: bool) -> Any:
    """The mark of a gap in a bar chart, where its bar would start."""
    if horizontal:
        return axes.annotate(look.no_value, (0, place), xytext=(PAD, 0), textcoords="offset points",
                             ha="left", va="center", fontsize=look.label_size, color=look.muted, annotation_clip=False)
    return axes.annotate(look.no_value, (place, 0), xytext=(0, PAD), textcoords="offset points",
                         ha="center", va="bottom", fontsize=look.label_size, color=look.muted, annotation_clip=False)


# ---------------------------------------------------------------- lines


def draw_lines(drawn: Drawn, spec: ChartSpec, look: Look, typeset: Typesetter, plan: Plan) -> None:
    """A line per series with a marker at each value (a value between two gaps still shows); a gap
    (null) breaks the line."""
    axes, count = drawn.axes, len(spec.labels)
    size = min(look.marker_size, 0.6 * look.width / count)  # dense points: smaller markers, still apart
    for index, ((name, values), colour) in enumerate(zip(spec.series, colours(look, len(spec.series), "line"),
                                                          strict=True)):
        ys = [math.nan if v is None else v for v in values]
        axes.plot(range(count), ys, color=colour, marker=_MARKERS[index % len(_MARKERS)], markersize=size,
                  linestyle="-" if index < len(look.palette) else (0, (4, 2)), label=name, clip_on=False, zorder=3)
    _category_axis(drawn, spec, look, typeset, plan)
    _value_axis(drawn, spec, look, typeset, look.height, False, plan)
    low, high = drawn.axes.get_ylim()
    if low < 0 < high:
        axes.axhline(0, color=look.ink, linewidth=0.6, zorder=2)
    axes.tick_params(axis="y", length=0)
    margin = 0.5 if count == 1 else 0.25
    axes.set_xlim(-margin, count - 1 + margin)


# ---------------------------------------------------------------- axes and legend


def _category_axis(drawn: Drawn, spec: ChartSpec, look: Look, typeset: Typesetter, plan: Plan) -> None:
    places = list(range(0, len(spec.labels), plan.every))
    faces = [typeset.face(spec.labels[i]) for i in places]
    texts = ["\n".join(wrap(shown, plan.wrap, look.label_size, typeset)) for _, shown in faces]
    (drawn.axes.set_yticks if plan.horizontal else drawn.axes.set_xticks)(places, labels=texts)
    labels = drawn.axes.get_yticklabels() if plan.horizontal else drawn.axes.get_xticklabels()
    for label, (family, _) in zip(labels, faces, strict=True):
        label.set_fontfamily(family)
        if plan.rotated:
            label.set(rotation=90, rotation_mode="anchor", ha="right", va="center", multialignment="right")
    drawn.categories = labels


def _value_axis(drawn: Drawn, spec: ChartSpec, look: Look, typeset: Typesetter, length: float, across: bool,
                plan: Plan) -> None:
    axes = drawn.axes
    ticks, short = value_ticks(spec, length, look, typeset, across, plan.bins, plan.compact)
    (axes.set_xticks if across else axes.set_yticks)(ticks, labels=tick_texts(ticks, look.language, short))
    (axes.set_xlim if across else axes.set_ylim)(ticks[0], ticks[-1] if len(ticks) > 1 else 1.0)
    (axes.xaxis if across else axes.yaxis).grid(True)
    drawn.ticks = axes.get_xticklabels() if across else axes.get_yticklabels()


def legend(drawn: Drawn, spec: ChartSpec, look: Look, typeset: Typesetter, plan: Plan) -> Any:
    """The series named below the plot, in as many columns as fit the width."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    for index, colour in enumerate(colours(look, len(spec.series), spec.kind)):
        if spec.kind == "bar":
            handles.append(Patch(facecolor=colour, edgecolor=look.ink, linewidth=0.3))
        else:
            handles.append(Line2D([], [], color=colour, marker=_MARKERS[index % len(_MARKERS)],
                                  linestyle="-" if index < len(look.palette) else (0, (4, 2))))
    faces = [typeset.face(name) for name, _ in spec.series]
    names = ["\n".join(wrap(shown, look.width * 0.45, look.label_size, typeset)) for _, shown in faces]
    # matplotlib fills a legend column by column; this order makes the entries read across, row by row
    order = [i for column in range(plan.columns) for i in range(column, len(names), plan.columns)]
    found = drawn.figure.legend([handles[i] for i in order], [names[i] for i in order], loc="outside lower center",
                                ncols=plan.columns)
    for text, index in zip(found.get_texts(), order, strict=True):
        text.set_fontfamily(faces[index][0])
    return found
