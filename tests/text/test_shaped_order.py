"""The glyph stream of a shaped right-to-left word: marks before neutrals, every glyph where HarfBuzz put it."""

from __future__ import annotations

from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics

from briefgen.layouts.direction import for_language
from briefgen.layouts.layout import load_layout
from briefgen.text.rl import shaping
from briefgen.text.styles import sheet_for

WORD = "قدماً."


def drawn(string: str) -> list[tuple[str, float]]:
    """Each glyph of a shaped string and where it is drawn (pen plus offset), in stream order."""
    places, pen = [], 0.0
    for glyph, sd in zip(string, string.__shapeData__, strict=True):
        places.append((glyph, round(pen + sd.x_offset, 6)))
        pen += sd.x_advance
    return places


def shaped_word(text: str) -> tuple[str, str]:
    """The word shaped by briefgen and by ReportLab's HarfBuzz call alone, in the body's Arabic font."""
    sheet = sheet_for(for_language(load_layout("one-page"), "ar"))
    font = next(font for run, font in sheet.script_fonts.runs(text, "serif", False, "ar") if font)
    frag = ABag(fontName=font, fontSize=10, text=text)
    width = pdfmetrics.stringWidth(text, font, 10)
    ours = shaping.shape_rtl_words_only([width, (frag, text)])[1][1]
    raw = shaping._original_shape([width, (frag, text)], features=shaping._SHAPED_FEATURES)[1][1]
    return ours, raw


def test_a_mark_after_a_stop_is_drawn_first_at_its_own_place() -> None:
    ours, raw = shaped_word(WORD)
    marks = [index for index, sd in enumerate(ours.__shapeData__) if sd.x_advance == 0]
    assert marks and ours.__shapeData__[marks[0]].cluster == WORD.index("\u064b")
    stop = next(index for index, sd in enumerate(ours.__shapeData__) if sd.cluster == WORD.index("."))
    assert marks[0] < stop  # HarfBuzz's visual order has the stop first
    raw_stop = next(index for index, sd in enumerate(raw.__shapeData__) if sd.cluster == WORD.index("."))
    raw_mark = next(index for index, sd in enumerate(raw.__shapeData__) if sd.x_advance == 0)
    assert raw_stop < raw_mark
    ours_places = sorted((sd.cluster, place) for sd, (_, place) in zip(ours.__shapeData__, drawn(ours), strict=True))
    raw_places = sorted((sd.cluster, place) for sd, (_, place) in zip(raw.__shapeData__, drawn(raw), strict=True))
    assert ours_places == raw_places  # nothing moved on the page
    assert sum(sd.x_advance for sd in ours.__shapeData__) == sum(sd.x_advance for sd in raw.__shapeData__)


def test_a_word_without_marks_keeps_harfbuzz_order() -> None:
    ours, raw = shaped_word("الوسيط.")
    assert [sd.cluster for sd in ours.__shapeData__] == [sd.cluster for sd in raw.__shapeData__]
