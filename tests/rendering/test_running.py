"""Running heads and feet: width budgets per slot and shortening at word boundaries."""

from __future__ import annotations

import pytest

from briefgen.rendering.running import RunningLine, shorten, slot_budgets

LINE = RunningLine(left=50, right=550, middle=300, em=8)  # 500 points of text width


def width(text: str) -> float:
    """Five points a character, enough to reason about by hand."""
    return 5.0 * len(text)


def test_slots_that_fit_keep_their_width() -> None:
    assert slot_budgets({"left": 200, "right": 100}, LINE, {"left"}) == {"left": 200, "right": 100}


def test_the_title_gives_way_first_and_keeps_an_em_from_the_office() -> None:
    budgets = slot_budgets({"left": 400, "right": 250}, LINE, {"left"})
    assert budgets["right"] == 250
    assert budgets["left"] == pytest.approx(500 - 250 - 8, abs=0.01)


def test_when_the_title_would_shrink_below_two_fifths_the_widest_slots_share() -> None:
    budgets = slot_budgets({"left": 400, "right": 400}, LINE, {"left"})
    assert budgets["left"] == pytest.approx(budgets["right"], abs=0.01)
    assert budgets["left"] + budgets["right"] + 8 == pytest.approx(500, abs=0.01)


def test_a_centre_slot_keeps_an_em_from_both_sides() -> None:
    budgets = slot_budgets({"left": 300, "center": 60, "right": 300}, LINE, set())
    assert LINE.fits(budgets)
    assert budgets["center"] == 60  # the narrow slot is the last to be cut
    assert budgets["left"] <= 250 - 30 - 8 + 0.01 and budgets["right"] <= 250 - 30 - 8 + 0.01


def test_a_long_title_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = "Pyongyang’s opening to Tokyo: probing Kishida, with the door half shut"
    assert shorten(title, 200, width) == "Pyongyang’s opening to Tokyo: probing…"
    assert shorten(title, 150, width) == "Pyongyang’s opening to Tokyo…"  # no "Tokyo:…"
    assert shorten(title, 1000, width) == title


def test_a_first_word_too_long_is_cut_between_characters_and_nothing_left_is_empty() -> None:
    assert shorten("Internationalisation", 50, width) == "Internati…"
    assert shorten("Anything", 4, width) == ""


def test_chinese_and_japanese_are_cut_between_characters() -> None:
    title = "北朝鮮の対日接近と岸田政権の対応についての分析"
    shortened = shorten(title, 60, width)
    assert shortened.endswith("…") and title.startswith(shortened[:-1]) and width(shortened) <= 60
    assert len(shortened) == 12
