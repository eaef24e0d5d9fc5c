"""Numbers as the brief's language writes them, and chart alt text written from the data."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from briefgen.content.figures import describe_chart
from briefgen.content.numbers import decimals_for, format_number


@pytest.mark.parametrize("value, language, text", [
    (55500, "en", "55,500"), (55500, "en-GB", "55,500"), (55500, "fr", "55\u202f500"), (55500, "de", "55.500"),
    (-1.5, "en", "-1.5"), (-1.5, "fr", "-1,5"), (2.0, "en", "2"), (0.1 + 0.2, "en", "0.3"),
    (0.000001, "en", "0.000001"), (1e9, "en", "1,000,000,000"), (-0.0, "en", "0"), (None, "en", ""),
    (55500, "xx-Unknown", "55,500"), (1234.5, "pt-BR", "1.234,5"),
])
def test_numbers_follow_the_language(value: float | None, language: str, text: str) -> None:
    assert format_number(value, language) == text


def test_axis_ticks_share_the_decimals_their_step_needs() -> None:
    assert [format_number(v, "en", decimals_for(0.25)) for v in (0, 0.25, 0.5, -1e-17)] == ["0.00", "0.25", "0.50", "0.00"]
    assert decimals_for(20000) == 0 and decimals_for(5e-7) == 7 and decimals_for(2.5) == 1
    assert format_number(40000, "fr", decimals_for(20000)) == "40\u202f000"


def chart(kind: str, x: list[str], *series: tuple[str, list[float | None]], unit: str = "", title: str = "") -> object:
    return SimpleNamespace(kind=kind, x=x, unit=unit, title=title,
                           series=[SimpleNamespace(name=name, values=values) for name, values in series])


def test_alt_text_names_the_gaps_and_writes_numbers_in_the_briefs_language() -> None:
    bars = chart("bar", ["2023-05", "2023-06", "2024-02"], ("Statements", [1, None, 2]), unit="statements a month")
    assert describe_chart(bars) == ("Bar chart: statements a month, 2023-05 to 2024-02; highest 2 in 2024-02, "
                                    "lowest 1 in 2023-05, no value for 2023-06")
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    flows = chart("line", months, ("Gauge", [310, None, None, 260, None, 140, 120, None, 180, 220, 250, 55500]),
                  ("Mean", [300] * 12), unit="cubic metres a second")
    assert describe_chart(flows, "fr") == ("Line chart: cubic metres a second, 2025-01 to 2025-12; Gauge: highest "
                                           "55\u202f500 in 2025-12, lowest 120 in 2025-07, no value for 4 of 12; "
                                           "Mean: 300 in each")
    assert describe_chart(chart("bar", ["2024"], ("A", [60]), ("B", [None]))) == \
        "Bar chart: values, 2024; A: 60 in 2024; B: no values"
    assert describe_chart(chart("line", ["Q1", "Q2", "Q3"], ("A", [None, 2, None]))) == \
        "Line chart: values, Q1 to Q3; 2 in Q2, no value for Q1 and Q3"


def test_compact_numbers_for_an_axis_whose_full_numbers_collide() -> None:
    from briefgen.content.numbers import format_compact

    assert [format_compact(500e12, "en"), format_compact(1.5e9, "fr"), format_compact(-2e6, "de")] == [
        "500T", "1,5\u00a0Md", "-2\u00a0Mio."]
    assert format_compact(1.5e9, "ko") == "1.5B"  # the axis is set in the Latin face: no 15억
