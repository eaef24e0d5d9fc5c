"""The timeline chart: numbered markers along a time axis, placed so that nothing overlaps.

Each event is an interval of days (``2019`` the whole year, ``2022-06`` the month,
``2024-02-15`` the day) and its marker stands at the interval's middle. The axis counts
years, months or days, whichever the span and the coarsest date of the content call for,
and labels only as many ticks as fit side by side.

Markers are placed in date order, each on the lowest level where it overlaps no marker
of its level and where no stem crosses a marker: its own stem none below it, no stem of a
higher marker through it. Events that find no such place join their nearest neighbour in
one marker labelled with the range of their numbers (``6–8``), drawn over a bar on the
axis that spans their dates; the placement then starts again, so the result depends on
the dates alone. Numbers are the events' positions in the content, as in the timeline table.
Every size and colour comes from the layout's ``timeline_chart`` style.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen.content.dates import month_names
from briefgen.layouts.furniture import Furniture
from briefgen.layouts.layout import length
from briefgen.text.fonts import coverage
from briefgen.rendering.graphics import DrawingFlowable
from briefgen.text.styles import StyleSheet

log = logging.getLogger(__name__)

_UNITS = ("day", "month", "year")
_STEPS = {"day": (1, 2, 7, 14, 28), "month": (1, 2, 3, 6, 12),
          "year": (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000)}
YEARS = (2, 9997)  # the axis and its margins stay inside the calendar Python can count
_SHORTEST = {"day": 7, "month": 3, "year": 3}  # an axis shows at least this many units


@dataclass(frozen=True)
class TimelineStyle:
    """The ``timeline_chart`` style resolved: points and colours."""

    height: float  # the tallest the chart may be: it sets how many levels markers may stagger on
    font: str
    label_size: float
    marker_size: float  # a marker's height, the diameter of a one-number marker
    stem_length: float  # from the axis to the lowest markers
    level_gap: float  # between levels of markers
    gap: float  # clear space beside a marker: to the next marker, to a stem
    marker: Color
    number: Color
    axis: Color
    axis_label: Color
    axis_width: float
    stem_width: float
    months: tuple[str, ...] = ()


def timeline_style(sheet: StyleSheet, name: str, language: str = "en") -> TimelineStyle:
    """Resolve a timeline chart style from the layout; the axis names months in the brief's language (CLDR's
    abbreviations, or the style's ``months``) when the axis font draws them, else numbers them."""
    s = sheet.resolved(name)
    font = sheet.font_name(s)
    months = tuple(str(m) for m in s.get("months") or ()) or month_names(language)
    if not all(ord(char) in coverage(font) for char in "".join(months)):
        months = ()  # 1월, 1月, يناير: the axis numbers months (2024-03) in its Latin font
    label = length(s.get("label_size", 7))
    return TimelineStyle(
        height=length(s.get("height", 70)), font=font, label_size=label,
        marker_size=length(s.get("marker_size", label * 1.9)), stem_length=length(s.get("stem_length", label)),
        level_gap=length(s.get("level_gap", label * 0.4)), gap=length(s.get("gap", label * 0.3)),
        marker=sheet.color(s.get("color_on", "accent")), number=sheet.color(s.get("text_on", "white")),
        axis=sheet.color(s.get("border_color", "rule")), axis_label=sheet.color(s.get("text_off", "muted")),
        axis_width=length(s.get("axis_width", 0.8)), stem_width=length(s.get("stem_width", 0.4)),
        months=months,
    )


# ---------------------------------------------------------------- dates and the axis


def event_span(value: str) -> tuple[int, int, str]:
    """A date of the content as days ``(first, after last)`` and its precision (``year``, ``month``, ``day``)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1).toordinal(), dt.date(parts[0] + 1, 1, 1).toordinal(), "year"
    start = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    if len(parts) == 3:
        return start.toordinal(), start.toordinal() + 1, "day"
    return start.toordinal(), _add_months(start, 1).toordinal(), "month"


def drawable(dates: Sequence[str]) -> bool:
    """Whether a chart can be drawn for ``dates``: some, all between the years 2 and 9997."""
    return bool(dates) and all(YEARS[0] <= int(date[:4]) <= YEARS[1] for date in dates)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Axis:
    """The axis: its first and last day (ordinals), its unit, the unit boundaries (``major`` where a
    label's unit begins, ``minor`` the others) and the labels, each at the middle of its unit."""

    start: int
    end: int
    unit: str
    labels: tuple[tuple[float, str], ...]
    major: tuple[int, ...]
    minor: tuple[int, ...]


def axis_unit(dates: Sequence[str]) -> str:
    """``year``, ``month`` or ``day``: what the span calls for, never finer than the coarsest date."""
    spans = [event_span(date) for date in dates]
    days = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
    by_span = "year" if days > 3 * 366 else "month" if days > 62 else "day"
    return max([by_span, *(precision for _, _, precision in spans)], key=_UNITS.index)


def _bounds(spans: Sequence[tuple[int, int, str]], unit: str) -> tuple[dt.date, dt.date]:
    """The axis' first and last day for ``unit``: whole units, at least the shortest axis."""
    first = dt.date.fromordinal(min(start for start, _, _ in spans))
    last = dt.date.fromordinal(max(end for _, end, _ in spans) - 1)
    if unit == "year":
        count = last.year + 1 - first.year
        before = max(0, _SHORTEST[unit] - count) // 2
        after = max(0, _SHORTEST[unit] - count) - before
        return dt.date(first.year - before, 1, 1), dt.date(last.year + 1 + after, 1, 1)
    if unit == "month":
        start = dt.date(first.year, first.month, 1)
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        before = max(0, _SHORTEST[unit] - count) // 2
        return _add_months(start, -before), _add_months(start, max(count, _SHORTEST[unit]) - before)
    count = (last - first).days + 1
    before = max(0, _SHORTEST[unit] - count) // 2
    start = first - dt.timedelta(days=before)
    return start, start + dt.timedelta(days=max(count, _SHORTEST[unit]))


def _candidates(start: dt.date, end: dt.date, unit: str) -> list[dt.date]:
    """Every unit boundary from ``start`` to ``end``, both included."""
    if unit == "year":
        return [dt.date(year, 1, 1) for year in range(start.year, end.year + 1)]
    if unit == "month":
        count = (end.year - start.year) * 12 + end.month - start.month
        return [_add_months(start, k) for k in range(count + 1)]
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]


def _tick_label(day: dt.date, unit: str, first: bool, months: Sequence[str]) -> str:
    if unit == "year":
        return str(day.year)
    month = months[day.month - 1] if len(months) == 12 else f"{day.month:02d}"
    if unit == "month":
        return f"{month} {day.year}" if first or day.month == 1 else month
    text = f"{day.day} {month}" if len(months) == 12 else f"{day.month:02d}-{day.day:02d}"
    return f"{text} {day.year}" if first or (day.month, day.day) == (1, 1) else text


def _labelled(day: dt.date, unit: str, step: int, start: dt.date) -> bool:
    if unit == "year":
        return day.year % step == 0
    if unit == "month":
        return (day.month - 1) % step == 0
    return (day - start).days % step == 0


def make_axis(dates: Sequence[str], length_pt: float, label_width: Callable[[str], float], room: float,
              months: Sequence[str] = ()) -> Axis:
    """The axis for ``dates`` drawn ``length_pt`` long: the unit, and the finest step of labelled
    units whose labels (measured with ``label_width``) stand at least ``room`` apart."""
    spans = [event_span(date) for date in dates]
    unit = axis_unit(dates)
    start, end = _bounds(spans, unit)
    days = max(1, (end - start).days)
    bounds = _candidates(start, end, unit)
    units = list(zip(bounds, bounds[1:]))
    labels: tuple[tuple[float, str], ...] = ()
    major: list[dt.date] = []
    for step in _STEPS[unit]:
        major = [first for first, _ in units if _labelled(first, unit, step, start)] or [units[0][0]]
        labels = tuple(((first.toordinal() + after.toordinal()) / 2, _tick_label(first, unit, n == 0, months))
                       for n, (first, after) in enumerate(u for u in units if u[0] in major))
        if all((b - a) / days * length_pt >= (label_width(la) + label_width(lb)) / 2 + room
               for (a, la), (b, lb) in zip(labels, labels[1:])):
            break
    spacing = length_pt / max(1, len(units))
    ends = {start, end}
    major_days = tuple(sorted({day.toordinal() for day in (*major, *ends)}))
    minor = tuple(day.toordinal() for day in bounds if day.toordinal() not in major_days) if spacing >= 3 else ()
    return Axis(start.toordinal(), end.toordinal(), unit, labels, major_days, minor)


# ---------------------------------------------------------------- placing the markers


@dataclass(frozen=True)
class Marker:
    """One marker as placed: the events' numbers and label, where its stem stands, its box and level."""

    numbers: tuple[int, ...]
    label: str
    x: float  # the stem, on the axis
    low: float  # the events' extent along the axis (a group's bar)
    high: float
    left: float
    width: float
    level: int

    @property
    def right(self) -> float:
        """The right edge of the marker's box."""
        return self.left + self.width


def numbers_label(numbers: Sequence[int]) -> str:
    """``[6, 7, 8]`` → ``6–8``; ``[3, 5, 6]`` → ``3, 5–6``: runs of consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


@dataclass(frozen=True)
class Room:
    """What the placement may use: the chart's width, marker size and clearance, and its levels."""

    width: float
    marker_size: float
    pad: float  # inside a marker, either side of its label
    gap: float
    levels: int


def place_markers(points: Sequence[tuple[float, int]], room: Room,
                  label_width: Callable[[str], float]) -> list[Marker]:
    """Markers for ``(x, number)`` points: none overlaps another, no stem crosses a marker.

    Placement is greedy in x order, lowest level first; an event that finds no level joins
    the nearer of its neighbours and the placement starts again (at worst all in one marker).
    """
    clusters = [[point] for point in sorted(points)]
    while True:
        placed, failed = _try_levels(clusters, room, label_width)
        if failed is None:
            return placed
        before = clusters[failed][0][0] - clusters[failed - 1][-1][0] if failed > 0 else math.inf
        after = clusters[failed + 1][0][0] - clusters[failed][-1][0] if failed + 1 < len(clusters) else math.inf
        other = failed - 1 if before <= after else failed + 1
        low, high = sorted((failed, other))
        clusters[low:high + 1] = [sorted(clusters[low] + clusters[high])]


def _marker(cluster: list[tuple[float, int]], level: int, room: Room, label_width: Callable[[str], float]) -> Marker:
    numbers = tuple(sorted(number for _, number in cluster))
    label = numbers_label(numbers)
    low, high = cluster[0][0], cluster[-1][0]
    x = (low + high) / 2
    width = max(room.marker_size, label_width(label) + 2 * room.pad)
    left = min(max(x - width / 2, 0.0), max(room.width - width, 0.0))
    return Marker(numbers, label, x, low, high, left, width, level)


def _fits(marker: Marker, placed: list[Marker], gap: float) -> bool:
    for other in placed:
        if other.level == marker.level and marker.left < other.right + gap and other.left < marker.right + gap:
            return False  # side by side on one level
        if other.level < marker.level and other.left - gap < marker.x < other.right + gap:
            return False  # this stem would cross a lower marker
        if other.level > marker.level and marker.left - gap < other.x < marker.right + gap:
            return False  # a higher marker's stem would cross this one
    return True


def _try_levels(clusters: list[list[tuple[float, int]]], room: Room,
                label_width: Callable[[str], float]) -> tuple[list[Marker], int | None]:
    placed: list[Marker] = []
    for index, cluster in enumerate(clusters):
        marker = next((m for level in range(room.levels)
                       if _fits(m := _marker(cluster, level, room, label_width), placed, room.gap)), None)
        if marker is None:
            return placed, index
        placed.append(marker)
    return placed, None


# ---------------------------------------------------------------- the drawing


def _scale(axis: Axis, pad: float, width: float) -> Callable[[float], float]:
    """Days to points: the axis from ``pad`` to ``width - pad``."""
    return lambda day: pad + (day - axis.start) / (axis.end - axis.start) * (width - 2 * pad)


class TimelineChart(DrawingFlowable):
    """A time axis with numbered event markers that never overlap; numbers match the timeline table."""

    def __init__(self, dates: list[str], style: TimelineStyle, space_before: float = 0, space_after: float = 0,
                 words: Furniture | None = None):
        super().__init__(space_before, space_after)
        self.dates, self.style = dates, style
        self.words = words or Furniture("en")  # the alt text's language
        self.markers: list[Marker] = []

    def _width_of(self, text: str) -> float:
        return stringWidth(text, self.style.font, self.style.label_size)

    def _level_y(self, level: int) -> float:
        """The middle of the markers on ``level``."""
        s = self.style
        return self._axis_y() + s.stem_length + s.marker_size / 2 + level * (s.marker_size + s.level_gap)

    def _axis_y(self) -> float:
        return self.style.label_size * 2.2

    def make(self, width: float) -> Drawing:
        """The chart at ``width``, as tall as its markers need, never taller than the style's height."""
        s = self.style
        pad = s.axis_width  # the axis spans the column; markers are kept inside it by the placement
        for _ in range(3):  # widen the margins until the end labels stand inside the chart
            axis = make_axis(self.dates, width - 2 * pad, self._width_of, s.label_size * 1.5, s.months)
            x_of = _scale(axis, pad, width)
            ends = [(x_of(axis.labels[0][0]) - self._width_of(axis.labels[0][1]) / 2),
                    width - (x_of(axis.labels[-1][0]) + self._width_of(axis.labels[-1][1]) / 2)]
            if min(ends) >= 0:
                break
            pad -= min(ends) - 0.5
        free = s.height - self._axis_y() - s.stem_length - s.marker_size
        levels = 1 + max(0, math.floor(free / (s.marker_size + s.level_gap)))
        points = [(x_of(sum(event_span(date)[:2]) / 2), number) for number, date in enumerate(self.dates, start=1)]
        self.markers = place_markers(points, Room(width, s.marker_size, s.label_size / 2, s.gap, levels),
                                     self._width_of)
        top = max(marker.level for marker in self.markers)
        drawing = Drawing(width, self._level_y(top) + s.marker_size / 2 + s.stem_width)
        self._draw_axis(drawing, axis, x_of)
        for marker in self.markers:
            self._draw_marker(drawing, marker)
        return drawing

    def _draw_axis(self, drawing: Drawing, axis: Axis, x_of: Callable[[float], float]) -> None:
        s, y = self.style, self._axis_y()
        tick = s.label_size * 0.35
        drawing.add(Line(x_of(axis.start), y, x_of(axis.end), y, strokeColor=s.axis, strokeWidth=s.axis_width))
        for day in axis.minor:
            drawing.add(Line(x_of(day), y - tick / 2, x_of(day), y, strokeColor=s.axis, strokeWidth=s.stem_width))
        for day in axis.major:
            drawing.add(Line(x_of(day), y - tick, x_of(day), y + tick, strokeColor=s.axis, strokeWidth=s.axis_width))
        for middle, label in axis.labels:
            drawing.add(String(x_of(middle), y - s.label_size - tick - 1.5, label, fontName=s.font,
                               fontSize=s.label_size, fillColor=s.axis_label, textAnchor="middle"))

    def _draw_marker(self, drawing: Drawing, marker: Marker) -> None:
        s, axis_y = self.style, self._axis_y()
        middle = self._level_y(marker.level)
        if marker.high - marker.low >= s.stem_width:  # a group: a bar over its events' dates
            drawing.add(Line(marker.low, axis_y, marker.high, axis_y, strokeColor=s.marker,
                             strokeWidth=s.axis_width * 2.5, strokeLineCap=1))
        drawing.add(Line(marker.x, axis_y, marker.x, middle - s.marker_size / 2, strokeColor=s.axis,
                         strokeWidth=s.stem_width))
        radius = s.marker_size / 2
        drawing.add(Rect(marker.left, middle - radius, marker.width, s.marker_size, rx=radius, ry=radius,
                         fillColor=s.marker, strokeColor=None))
        drawing.add(String(marker.left + marker.width / 2, middle - s.label_size * 0.35, marker.label,
                           fontName=s.font, fontSize=s.label_size, fillColor=s.number, textAnchor="middle"))

    def describe(self) -> str:
        """Alt text from the data: how many events, over which years, numbered as in the table."""
        years = sorted(int(date[:4]) for date in self.dates)
        count = len(self.dates)
        if years[0] == years[-1]:
            text = self.words.ngettext("Timeline chart: %(num)s event in %(year)s, numbered in date order as in "
                                       "the timeline table", "Timeline chart: %(num)s events in %(year)s, numbered "
                                       "in date order as in the timeline table", count)
        else:
            text = self.words.ngettext("Timeline chart: %(num)s event from %(first)s to %(last)s, numbered in date "
                                       "order as in the timeline table", "Timeline chart: %(num)s events from "
                                       "%(first)s to %(last)s, numbered in date order as in the timeline table", count)
        return text % {"num": count, "year": years[0], "first": years[0], "last": years[-1]}
