"""Bar and line charts laid out by matplotlib and written as SVG whose text stays text.

matplotlib (imported only here, only when a brief has a chart) places the axes, ticks,
bars, lines, value labels and legend; this module decides what a reader needs and then
checks the result the way print would show it: every text's box, measured at the width
ReportLab will draw it (unkerned, so a little wider than matplotlib's), must lie inside
the figure and clear of every other text, and a value label clear of the other bars.
When the check fails, the plan changes and the chart is drawn again: value labels go,
line-chart dates are thinned, a bar chart whose category labels do not fit under their
bars turns into horizontal bars, the legend takes fewer columns. Settings come from one
``rc_context`` built from matplotlib's defaults, so no ``matplotlibrc`` changes the output.

Sizes are points: the figure is drawn at 72 dpi, so one SVG unit is one point.
"""

from __future__ import annotations

import io
import logging
import math
import threading
from dataclasses import replace
from typing import Any

from briefgen.content.figures import ChartSpec
from briefgen.content.numbers import format_number
from briefgen.rendering.chartparts import (
    LEADING,
    PAD,
    Drawn,
    Look,
    Plan,
    Typesetter,
    bar_group,
    draw_bars,
    draw_lines,
    heading,
    legend,
    lines_needed,
    numbers,
    rows_height,
    tick_texts,
    upright_height,
    value_ticks,
    widest_line,
)

log = logging.getLogger(__name__)

LOCK = threading.Lock()  # rcParams and the font list are matplotlib globals: one chart at a time
_ATTEMPTS = 8
_LINE_INSET = 0.12  # of the size: Noto's line box (1.36 em) less what its letters and accents fill


def chart_svg(spec: ChartSpec, look: Look, typeset: Typesetter) -> tuple[str, float]:
    """The chart as SVG text, and its height in points (horizontal bars grow with their rows)."""
    import matplotlib

    with LOCK, matplotlib.rc_context(_rc(look, typeset.face("0")[0])):
        plan = _first_plan(spec, look, typeset)
        for _attempt in range(_ATTEMPTS):
            drawn, height = _draw(spec, look, typeset, plan)
            buffer = io.StringIO()
            drawn.figure.savefig(buffer, format="svg", metadata={"Date": None})
            problems = _problems(drawn, look, typeset, height)  # checks the drawing just written
            if not problems:
                break
            better = _better(plan, problems, spec, look, typeset, len(drawn.ticks))
            if better == plan:
                log.warning("chart %r: text still touches other text (%s)", spec.title or spec.unit,
                            ", ".join(sorted(problems)))
                break
            plan = better
        return buffer.getvalue(), height


def _rc(look: Look, family: str) -> dict[str, Any]:
    """matplotlib's defaults (never a ``matplotlibrc``) with briefgen's settings."""
    import matplotlib

    rc = {key: value for key, value in matplotlib.rcParamsDefault.items() if key != "backend"}
    size = look.label_size
    rc.update({
        "svg.fonttype": "none", "svg.hashsalt": "briefgen", "svg.id": None, "text.parse_math": False,
        "text.usetex": False, "axes.unicode_minus": False, "figure.dpi": 72, "savefig.dpi": 72,
        "figure.facecolor": "none", "axes.facecolor": "none", "savefig.facecolor": "none",
        "savefig.edgecolor": "none", "savefig.transparent": False, "legend.frameon": False,
        "font.family": [family], "font.size": size, "xtick.labelsize": size, "ytick.labelsize": size,
        "legend.fontsize": size, "text.color": look.ink, "axes.edgecolor": look.muted,
        "xtick.color": look.muted, "ytick.color": look.muted, "xtick.labelcolor": look.ink,
        "ytick.labelcolor": look.ink, "ytick.major.size": 0,
        "xtick.minor.visible": False, "ytick.minor.visible": False,
        "axes.spines.top": False, "axes.spines.right": False, "axes.spines.left": False,
        "axes.grid": False, "grid.color": look.grid, "axes.axisbelow": True,
        "lines.linewidth": look.line_width, "lines.markersize": look.marker_size, "lines.solid_capstyle": "butt",
        "legend.borderaxespad": 0.0, "path.simplify": False,
    })
    for key, value in look.plot:  # the layout's weights and spacing (layout.yaml: chart.plot)
        rc.update(dict.fromkeys(_PLOT_KEYS[key], value))
    return rc


# The layout's ``plot`` settings and the matplotlib settings each one sets.
_PLOT_KEYS = {
    "axis_width": ("axes.linewidth",), "tick_width": ("xtick.major.width", "ytick.major.width"),
    "tick_length": ("xtick.major.size",), "category_pad": ("xtick.major.pad",), "value_pad": ("ytick.major.pad",),
    "grid_width": ("grid.linewidth",), "bar_edge_width": ("patch.linewidth", "hatch.linewidth"),
    "legend_key_length": ("legend.handlelength",), "legend_key_height": ("legend.handleheight",),
    "legend_text_pad": ("legend.handletextpad",), "legend_column_gap": ("legend.columnspacing",),
    "legend_row_gap": ("legend.labelspacing",), "legend_border_pad": ("legend.borderpad",),
}


# ---------------------------------------------------------------- the plan


def _first_plan(spec: ChartSpec, look: Look, typeset: Typesetter) -> Plan:
    """Vertical bars when every category label fits under its bars in two lines; a line chart
    labels every n-th category, n as small as keeps the labels apart."""
    count, size = len(spec.labels), look.label_size
    ticks, short = value_ticks(spec, look.height, look, typeset, False)
    family = typeset.face("0")[0]
    tick_width = max(typeset.width(text, family, size) for text in tick_texts(ticks, look.language, short))
    slot = max(look.width - tick_width - 4 * PAD, 10) / count
    columns = _legend_columns(spec, look, typeset)
    if spec.kind == "line":
        every = 1
        while every < count:
            room = every * slot - 2 * PAD
            if lines_needed(spec.labels, room, size, typeset, cut=False) <= 2 and \
                    widest_line(spec.labels, room, size, typeset) <= room:
                break
            every += 1
        return Plan(False, max(every * slot - 2 * PAD, size * 4), every, False, columns)
    room = 0.85 * slot
    plan = Plan(False, room, 1, look.value_labels and _values_fit(spec, look, typeset, slot), columns)
    if lines_needed(spec.labels, room, size, typeset, cut=False) <= 2 and \
            widest_line(spec.labels, room, size, typeset) <= room:
        return plan
    return _long_labels(replace(plan, values=look.value_labels), spec, look, typeset, slot)


def _values_fit(spec: ChartSpec, look: Look, typeset: Typesetter, slot: float) -> bool:
    """Whether every value label is narrower than its bar (one series: than its category)."""
    width = slot * bar_group(spec, look, slot) / len(spec.series)
    room = width if len(spec.series) > 1 else slot - 2 * PAD
    family = typeset.face("0")[0]
    texts = [format_number(v, look.language) for v in numbers(spec)]
    return max((typeset.width(t, family, look.label_size) for t in texts), default=0.0) <= room


def _long_labels(plan: Plan, spec: ChartSpec, look: Look, typeset: Typesetter, slot: float) -> Plan:
    """Bars whose labels do not fit under them: horizontal, a row per category, while that fits the
    figure's height (first with value labels, then without); else upright bars with labels turned
    to read upwards, every n-th when even those do not fit side by side."""
    top = heading(spec, look, typeset).height
    for values in dict.fromkeys((plan.values, False)):
        across = replace(plan, horizontal=True, rotated=False, wrap=0.4 * look.width, values=values)
        if rows_height(spec, look, typeset, across, top) <= look.tallest:
            return across
    size = look.label_size
    longest = widest_line(spec.labels, math.inf, size, typeset)
    wrap_at = min(longest, max(0.4 * (look.height - top), 0.5 * look.height))  # one line where it can
    lines = lines_needed(spec.labels, wrap_at, size, typeset)
    every = max(1, math.ceil((lines * size * LEADING + PAD) / slot))
    values = plan.values and _values_fit(spec, look, typeset, slot)
    return replace(plan, horizontal=False, rotated=True, wrap=wrap_at, every=every, values=values)


def _legend_columns(spec: ChartSpec, look: Look, typeset: Typesetter) -> int:
    """As many legend columns as fit the width (entries run across, row by row)."""
    size, count = look.label_size, len(spec.series)
    entries = [size * 2.1 + widest_line([name], look.width * 0.45, size, typeset) for name, _ in spec.series]
    for columns in range(count, 1, -1):
        widths = [max(entries[start::columns]) for start in range(columns)]
        if sum(widths) + size * 1.4 * (columns - 1) <= look.width - 2 * PAD:
            return columns
    return 1


def _better(plan: Plan, problems: set[str], spec: ChartSpec, look: Look, typeset: Typesetter, ticks: int) -> Plan:
    """The next plan after a failed check (``ticks``: how many the value axis had), the least loss
    of information first."""
    if "legend" in problems and plan.columns > 1:
        return replace(plan, columns=plan.columns - 1)
    large = max((abs(v) for v in numbers(spec)), default=0) >= 10_000
    if "ticks" in problems and large and not plan.compact:  # 60K before fewer, coarser ticks (0–100,000)
        return replace(plan, compact=True, bins=0)
    if "ticks" in problems and ticks > 2 and plan.bins != 1:
        return replace(plan, bins=max(1, min(plan.bins or ticks, ticks - 1) - 1))
    if "ticks" in problems and not plan.compact:
        return replace(plan, compact=True, bins=0)  # 500T: the short form, and as many ticks as fit again
    if "values" in problems and plan.values:
        return replace(plan, values=False)
    if "categories" in problems:
        slot = look.width * 0.85 / len(spec.labels)
        if spec.kind == "bar" and not plan.horizontal and not plan.rotated:
            return _long_labels(plan, spec, look, typeset, slot)
        if plan.horizontal:
            taller = replace(plan, stretch=plan.stretch * 1.25)
            if rows_height(spec, look, typeset, taller, heading(spec, look, typeset).height) <= look.tallest:
                return taller
            return _long_labels(replace(plan, values=False, stretch=1.0), spec, look, typeset, slot) \
                if plan.stretch == 1.0 else replace(plan, horizontal=False, rotated=True, wrap=0.4 * look.height)
        if plan.every < len(spec.labels):
            return replace(plan, every=plan.every + 1)
    if problems - {"legend", "values", "categories", "ticks"} and plan.values:
        return replace(plan, values=False)
    return plan


# ---------------------------------------------------------------- drawing


def _draw(spec: ChartSpec, look: Look, typeset: Typesetter, plan: Plan) -> tuple[Drawn, float]:
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    top = heading(spec, look, typeset)
    height = (rows_height if plan.horizontal else upright_height)(spec, look, typeset, plan, top.height)
    figure = Figure(figsize=(look.width / 72, height / 72), dpi=72)
    FigureCanvasSVG(figure)  # lays out and measures text as the SVG will set it
    axes = figure.add_subplot()
    others = top.place(figure, height)
    drawn = Drawn(figure, axes, others=others)
    (draw_lines if spec.kind == "line" else draw_bars)(drawn, spec, look, typeset, plan)
    if len(spec.series) > 1:
        drawn.legend = legend(drawn, spec, look, typeset, plan)
    # Laid out once, before the one drawing that writes the SVG: what follows moves nothing it measured.
    ConstrainedLayoutEngine(h_pad=2 / 72, w_pad=2 / 72, hspace=0, wspace=0,
                            rect=(0, 0, 1, 1 - top.height / height)).execute(figure)
    if drawn.values:
        _make_room(drawn, plan, typeset)
    return drawn, height


def _make_room(drawn: Drawn, plan: Plan, typeset: Typesetter) -> None:
    """Widen the value axis until every value label lies inside the plot (labels sit a fixed distance
    from their bars, so widening moves them: a second round settles it)."""
    axes = drawn.axes
    for _ in range(3):
        renderer = _renderer(drawn)
        inverse = axes.transData.inverted()
        low, high = axes.get_xlim() if plan.horizontal else axes.get_ylim()
        new_low, new_high = low, high
        for label in drawn.values:
            x0, y0, x1, y1 = _box(label, renderer, typeset)
            (a, b), (c, d) = inverse.transform([(x0 - PAD, y0 - PAD), (x1 + PAD, y1 + PAD)])
            first, last = (a, c) if plan.horizontal else (b, d)
            new_low, new_high = min(new_low, first), max(new_high, last)
        if (new_low, new_high) == (low, high):
            return
        (axes.set_xlim if plan.horizontal else axes.set_ylim)(new_low, new_high)


# ---------------------------------------------------------------- the check


def _renderer(drawn: Drawn) -> Any:
    """A renderer that measures text as the SVG backend does (not Agg, which hints glyphs)."""
    from matplotlib.backends.backend_svg import RendererSVG

    width, height = drawn.figure.get_size_inches()
    return RendererSVG(width * 72, height * 72, io.StringIO(), image_dpi=72)


def _box(text: Any, renderer: Any, typeset: Typesetter) -> tuple[float, float, float, float]:
    """A text's box in points, widened to the width ReportLab draws it (no kerning)."""
    box = text.get_window_extent(renderer)
    family = text.get_fontfamily()[0]
    drawn = max((typeset.width(line, family, text.get_fontsize()) for line in text.get_text().split("\n")),
                default=0.0)
    inset = text.get_fontsize() * _LINE_INSET  # the font's line box is taller than its letters
    # One line is anchored in the SVG as aligned; lines of a longer text are placed by their start.
    anchored = "\n" not in text.get_text()
    if round(text.get_rotation()) % 180 == 90:  # reads upwards, ending at its anchor
        extra = max(drawn - box.height, 0.0)
        return box.x0 + inset, box.y0 - (extra if anchored else 0.0), box.x1 - inset, box.y1 + (0.0 if anchored else extra)
    extra = max(drawn - box.width, 0.0)
    align = text.get_horizontalalignment() if anchored else "left"
    left = {"left": 0.0, "center": extra / 2, "right": extra}.get(align, extra / 2)
    return box.x0 - left, box.y0 + inset, box.x1 + extra - left, box.y1 - inset


def _overlap(a: tuple[float, ...], b: tuple[float, ...], pad: float = 0.0) -> bool:
    """Whether two boxes overlap, or come closer than ``pad`` side by side."""
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] and b[1] < a[3]


def _problems(drawn: Drawn, look: Look, typeset: Typesetter, height: float) -> set[str]:
    """What is wrong with a drawing: ``values``, ``categories``, ``legend`` or ``other`` text that touches
    other text, leaves the figure, or (value labels) lies on another bar."""
    renderer = _renderer(drawn)
    boxes: list[tuple[str, tuple[float, float, float, float]]] = []
    for kind, texts in (("categories", drawn.categories), ("values", drawn.values), ("ticks", drawn.ticks),
                        ("other", drawn.others)):
        boxes += [(kind, _box(t, renderer, typeset)) for t in texts if t.get_visible() and t.get_text().strip()]
    if drawn.legend is not None:
        box = drawn.legend.get_window_extent(renderer)
        widths = [_box(t, renderer, typeset) for t in drawn.legend.get_texts()]
        right = max([box.x1, *(w[2] for w in widths)])
        boxes.append(("legend", (box.x0, box.y0, right, box.y1)))
    problems = {kind for kind, box in boxes
                if box[0] < 0 or box[1] < 0 or box[2] > look.width + 0.01 or box[3] > height + 0.01}
    for index, (kind, box) in enumerate(boxes):
        for other_kind, other in boxes[index + 1:]:
            if _overlap(box, other, PAD / 2):
                problems |= {kind, other_kind} - ({"other"} if {kind, other_kind} != {"other"} else set())
    plot = drawn.axes.get_window_extent(renderer)
    plot_box = (plot.x0, plot.y0, plot.x1, plot.y1)
    for kind in ("categories", "ticks"):
        if any(_overlap(box, plot_box) for k, box in boxes if k == kind):
            problems.add(kind)  # a label reaching into the plot
    labels = {id(label) for _, label in drawn.bars if label is not None}
    value_boxes = [(id(t), _box(t, renderer, typeset)) for t in drawn.values if id(t) in labels]
    for patch, own in drawn.bars:
        extent = patch.get_window_extent(renderer)
        bar = (extent.x0, extent.y0, extent.x1, extent.y1)
        if any(key != id(own) and _overlap(bar, box, -0.3) for key, box in value_boxes):
            problems.add("values")
    return problems


