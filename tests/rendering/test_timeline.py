"""The timeline chart's placement: markers never overlap, stems never cross a marker, every event's
number appears once; the axis unit follows the span and the coarsest date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.interface.cli import main
from briefgen.layouts.layout import load_layout
from briefgen.rendering.timeline import (
    Marker,
    TimelineChart,
    axis_unit,
    event_span,
    make_axis,
    numbers_label,
    timeline_style,
)
from briefgen.text.styles import StyleSheet
from tests.helpers import numbers_in, minimal, pdf_text, write_yaml
from tests.structure import read_tree

DAYS_APART = ["2024-03-01", "2024-03-03", "2024-03-04", "2024-03-10", "2024-03-11", "2024-03-12"]


@pytest.fixture(scope="module")
def sheet() -> StyleSheet:
    return StyleSheet(load_layout("long-form"))


def chart(dates: list[str], sheet: StyleSheet, width: float = 460) -> TimelineChart:
    flowable = TimelineChart(dates, timeline_style(sheet, "timeline_chart"))
    flowable.wrap(width, 1000)
    return flowable




def assert_readable(markers: list[Marker], count: int, width: float, gap: float) -> None:
    """Every number once; no marker over another or outside the chart; no stem through a marker."""
    assert sorted(n for m in markers for n in numbers_in(m.label)) == list(range(1, count + 1))
    for marker in markers:
        assert -0.01 <= marker.left and marker.right <= width + 0.01
        assert marker.left - 0.01 <= marker.x <= marker.right + 0.01  # the stem meets its own marker
        for other in markers:
            if other is marker:
                continue
            if other.level == marker.level:
                assert marker.right + gap <= other.left + 0.01 or other.right + gap <= marker.left + 0.01
            if other.level < marker.level:  # marker's stem rises past the lower one
                assert not other.left - gap < marker.x < other.right + gap


def test_numbers_label_writes_runs_as_ranges() -> None:
    assert [numbers_label(n) for n in ([6, 7], [8, 6, 7], [3, 5, 6], [12])] == ["6–7", "6–8", "3, 5–6", "12"]


@pytest.mark.parametrize(("dates", "unit"), [
    (DAYS_APART, "day"), (["1994", "2024-03-01"], "year"), (["2023-01-05", "2023-12-24"], "month"),
    (["2024-02-15"] * 4, "day"), (["2019-03-05", "2019"], "year"), (["2024-03-01", "2024-05"], "month"),
])
def test_axis_unit_follows_span_and_coarsest_date(dates: list[str], unit: str) -> None:
    assert axis_unit(dates) == unit


def test_partial_dates_are_their_whole_month_or_year() -> None:
    assert event_span("2019") == (dt.date(2019, 1, 1).toordinal(), dt.date(2020, 1, 1).toordinal(), "year")
    assert event_span("2024-02") == (dt.date(2024, 2, 1).toordinal(), dt.date(2024, 3, 1).toordinal(), "month")
    assert event_span("2024-02-29")[1] - event_span("2024-02-29")[0] == 1


def test_axis_labels_never_crowd(sheet: StyleSheet) -> None:
    style = timeline_style(sheet, "timeline_chart")
    width = chart(["1900", "2024"], sheet).width
    axis = make_axis(["1900", "2024"], width, lambda t: len(t) * 4.0, 10, style.months)
    middles = [x for x, _ in axis.labels]
    spacing = min(b - a for a, b in zip(middles, middles[1:])) / (axis.end - axis.start) * width
    assert spacing >= 4.0 * 4 + 10 and len(axis.labels) >= 5
    assert all(int(label) % 10 == 0 for _, label in axis.labels)  # round years


def test_days_apart_in_a_30_year_span_group_with_ranges(sheet: StyleSheet) -> None:
    flowable = chart(["1994", "2001-09-11", *DAYS_APART, "2014-02-27"], sheet)
    labels = [m.label for m in flowable.markers]
    assert "3–8" in labels  # six events in twelve days of thirty years: one marker
    assert_readable(flowable.markers, 9, flowable.width, timeline_style(sheet, "timeline_chart").gap)


def test_days_apart_alone_get_a_day_axis_and_a_marker_each(sheet: StyleSheet) -> None:
    flowable = chart(DAYS_APART, sheet)
    assert [m.label for m in flowable.markers] == ["1", "2", "3", "4", "5", "6"]


def test_the_japan_timeline_no_longer_hides_marker_6(sheet: StyleSheet) -> None:
    dates = ["2002", "2018-06", "2019-02", "2023-05-29", "2023-05", "2024-01-05", "2024-02", "2024-02-15"]
    flowable = chart(dates, sheet)
    assert_readable(flowable.markers, 8, flowable.width, timeline_style(sheet, "timeline_chart").gap)
    assert flowable.height <= timeline_style(sheet, "timeline_chart").height


def test_one_event_and_one_day(sheet: StyleSheet) -> None:
    assert [m.label for m in chart(["2019-06-12"], sheet).markers] == ["1"]
    assert [m.label for m in chart(["2024-02-15"] * 4, sheet).markers] == ["1–4"]


def test_fifteen_events_in_one_year_read_on_a_month_axis(sheet: StyleSheet) -> None:
    days = [(1, 5), (1, 9), (2, 1), (2, 14), (2, 20), (3, 3), (4, 18), (4, 19), (4, 20), (6, 1), (7, 7), (7, 30),
            (9, 9), (11, 11), (12, 24)]
    flowable = chart([f"2023-{m:02d}-{d:02d}" for m, d in days], sheet)
    assert len(flowable.markers) >= 10  # grouped only where events are days apart
    assert_readable(flowable.markers, 15, flowable.width, timeline_style(sheet, "timeline_chart").gap)


def test_the_drawing_is_deterministic(sheet: StyleSheet) -> None:
    dates = ["1994", "2001-09-11", *DAYS_APART]
    first, second = chart(dates, sheet), chart(dates, sheet)
    assert first.markers == second.markers and first.height == second.height


DATES = st.builds(
    lambda year, month, day, precision: (f"{year}" if precision == 0 else f"{year}-{month:02d}" if precision == 1
                                         else f"{year}-{month:02d}-{day:02d}"),
    st.integers(1990, 2025), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dates=st.lists(DATES, min_size=1, max_size=30), width=st.sampled_from([220.0, 460.0]))
def test_any_timeline_reads(sheet: StyleSheet, dates: list[str], width: float) -> None:
    flowable = chart(dates, sheet, width)
    style = timeline_style(sheet, "timeline_chart")
    assert_readable(flowable.markers, len(dates), width, style.gap)
    assert flowable.height <= max(style.height, flowable._level_y(0) + style.marker_size)
    assert all(re.fullmatch(r"\d+(–\d+)?(, \d+(–\d+)?)*", m.label) for m in flowable.markers)


@pytest.mark.parametrize("dates", [["0002", "9997"], ["0002-01-01"], ["9997-12-31"], ["9997-12"]])
def test_the_calendar_s_ends_still_draw(sheet: StyleSheet, dates: list[str]) -> None:
    flowable = chart(dates, sheet)
    assert len(flowable.markers) >= 1


def test_years_beyond_the_calendar_s_ends_build_without_a_chart(tmp_path: Path) -> None:
    brief = write_yaml(tmp_path, minimal(timeline=[{"date": "0001", "text": "Early"}, {"date": "9999-12-31",
                                                                                          "text": "Late"}]))
    assert main(["build", str(brief), "--format", "long-form", "--out", str(tmp_path), "--quiet"]) == 0
    path = tmp_path / "brief-long-form.pdf"
    assert "31 December 9999" in " ".join(pdf_text(path))
    alts = [node.alt or "" for node in read_tree(path).walk() if node.role == "Figure"]
    assert not any(alt.startswith("Timeline chart") for alt in alts)
    kept = write_yaml(tmp_path, minimal(timeline=[{"date": "0002", "text": "Early"}]), "kept.yaml")
    assert main(["build", str(kept), "--format", "long-form", "--out", str(tmp_path), "--quiet"]) == 0
    assert any((node.alt or "").startswith("Timeline chart") for node in read_tree(tmp_path / "kept-long-form.pdf").walk())
