"""A pack in a right-to-left language: its cover, contents, blank pages and furniture are mirrored.

Two short Arabic briefs, written as an Arabic desk would, in a pack whose ``language`` is ``ar``;
the same briefs in an English pack stay left to right. Positions are read back with pypdfium2.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from tests.helpers import write_yaml

WATER = """\
title: مياه النيل بعد الملء الخامس
date: 2025-02-03
language: ar
classification: TLP:GREEN
summary: لم تُستأنف المفاوضات، ومن غير المرجّح أن تُستأنف قبل الصيف.
background: أعلنت إثيوبيا اكتمال الملء الخامس دون اتفاق ملزم مع مصر والسودان.
key_quotes:
  - text: لن نقبل بأي ضرر لحصتنا المائية.
    speaker: وزير الري
actors:
  - name: الحكومة المصرية
    motives: [حماية الحصة المائية]
outlook:
  summary: جمود دبلوماسي حتى موسم الفيضان المقبل.
"""

SEA = """\
title: أمن البحر الأحمر وحركة الشحن
date: 2025-02-04
language: ar
classification: TLP:GREEN
summary: تراجعت حركة العبور في قناة السويس بنحو النصف منذ مطلع 2024.
background: تحوّل كثير من شركات الشحن إلى طريق رأس الرجاء الصالح.
key_quotes:
  - text: الملاحة الآمنة مصلحة مشتركة لكل دول الإقليم.
    speaker: المتحدث باسم الخارجية
actors:
  - name: هيئة قناة السويس
    motives: [استعادة الإيرادات]
outlook:
  summary: لا عودة سريعة إلى مستويات ما قبل الأزمة.
"""

MANIFEST = """\
title: ملف اجتماع الإدارة الأفريقية
date: 2025-02-05
language: {language}
duplex: true
watermark: {watermark}
items:
  - {{brief: water.yaml, format: one-page}}
  - {{brief: sea.yaml, format: long-form}}
"""


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from briefgen.interface.cli import main

    folder = tmp_path_factory.mktemp("rtl-pack")
    write_yaml(folder, WATER, "water.yaml")
    write_yaml(folder, SEA, "sea.yaml")
    built = {}
    for language, watermark in (("ar", "مسودة"), ("en", "DRAFT")):
        manifest = write_yaml(folder, MANIFEST.format(language=language, watermark=watermark), f"{language}.yaml")
        built[language] = folder / "out" / f"{language}.pdf"
        assert main(["pack", str(manifest), "--out", str(built[language]), "-q"]) == 0
    return built


def _chars(path: Path, page: int) -> list[tuple[str, float, float]]:
    """Every character of a page with the left edge and bottom of its box, in points."""
    text = pypdfium2.PdfDocument(str(path))[page].get_textpage()
    return [(text.get_text_range(index, 1), *text.get_charbox(index)[:2]) for index in range(text.count_chars())]


def _rows(path: Path) -> tuple[list[float], list[float], list[float]]:
    """On the contents page's item lines: x of the item numbers (1, 2), of the page numbers (3, 5) and
    of every letter of the titles (the lines the page numbers stand on)."""
    chars = [(char, x, round(y)) for char, x, y in _chars(path, 1) if 150 < y < 760]
    lines = {y for char, _, y in chars if char in "35"}
    chars = [(char, x) for char, x, y in chars if y in lines]
    numbers = [x for char, x in chars if char in "12"]
    pages = [x for char, x in chars if char in "35"]
    return numbers, pages, [x for char, x in chars if char.isalpha()]


def test_an_arabic_pack_is_shown_right_to_left(packs: dict[str, Path]) -> None:
    with pikepdf.open(packs["ar"]) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.Root.Lang) == "ar"
        assert len(pdf.pages) == 5  # cover, contents, item 1, a blank page, item 2


def test_an_english_pack_of_the_same_briefs_is_unchanged(packs: dict[str, Path]) -> None:
    with pikepdf.open(packs["en"]) as pdf:
        assert "/Direction" not in pdf.Root.ViewerPreferences
    numbers, pages, letters = _rows(packs["en"])
    assert len(numbers) == len(pages) == 2
    assert max(numbers) < min(letters) and min(pages) > max(letters)  # No. on the left, page on the right


def test_arabic_contents_put_page_numbers_left_of_the_titles(packs: dict[str, Path]) -> None:
    numbers, pages, letters = _rows(packs["ar"])
    assert len(numbers) == len(pages) == 2
    assert max(pages) < min(letters) and min(numbers) > max(letters)  # page on the left, No. on the right


def test_arabic_cover_is_set_from_the_right_margin(packs: dict[str, Path]) -> None:
    def kicker(language: str) -> list[float]:  # "Briefing pack" above the title
        return [x for char, x, y in _chars(packs[language], 0) if char.isalpha() and 740 < y < 770]

    def numbers(language: str, low: float, high: float) -> list[str]:  # digits in a band of the items
        return [char for char, x, y in _chars(packs[language], 0)
                if char.isdigit() and 150 < y < 650 and low < x < high]

    assert min(kicker("ar")) > 450 and max(kicker("en")) < 150
    assert numbers("ar", 480, 600) == numbers("en", 0, 110) == ["1", "2"]  # the items' number column
    assert numbers("ar", 0, 110) == numbers("en", 480, 600) == []


def test_arabic_watermark_is_drawn_and_the_pack_number_stays_clear_of_the_tlp_label(packs: dict[str, Path]) -> None:
    pdfium = pypdfium2.PdfDocument(str(packs["ar"]))
    for page in range(len(pdfium)):
        text = pdfium[page].get_textpage().get_text_range()
        assert "مسودة" in text and f"الصفحة {page + 1} من أصل 5" in text
        number = [x for char, x, y in _chars(packs["ar"], page) if char.isdigit() and y < 25]
        assert number and max(number) < 150  # at the left margin; the TLP label is on the right
    assert "هذه الصفحة فارغة" in pdfium[3].get_textpage().get_text_range()  # the blank page, in Arabic
