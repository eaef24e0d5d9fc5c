"""A Japanese brief end to end: kinsoku line breaks, Japanese quotation marks, no synthetic italics."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from briefgen.text.scripts import NO_LINE_END, NO_LINE_START
from tests.helpers import FIXTURES

JAPANESE = FIXTURES / "cjk-desk.yaml"


@pytest.fixture(scope="module")
def one_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ja")
    from briefgen.interface.cli import main

    assert main(["build", str(JAPANESE), "--out", str(out), "--format", "one-page", "-q"]) == 0
    return out / "cjk-desk-one-page.pdf"


def lines(path: Path) -> list[str]:
    text = pypdfium2.PdfDocument(str(path))[0].get_textpage().get_text_range()
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def test_no_line_starts_or_ends_with_a_forbidden_mark(one_page: Path) -> None:
    found = lines(one_page)
    body = [line for line in found if any("\u3040" <= char <= "\u9fff" for char in line)]
    assert len(body) > 20
    assert [line for line in body if line[0] in NO_LINE_START and not line.startswith("— ")] == []  # an attribution
    assert [line for line in body if line[-1] in NO_LINE_END] == []


def test_japanese_quotation_marks(one_page: Path) -> None:
    text = "".join(lines(one_page))
    assert "「前進あるのみ」" in text  # typed as "…" in the content
    assert "「目に見える進展」" in text and "“" not in text and "”" not in text


def test_japanese_pages_are_left_to_right_without_synthetic_italics(one_page: Path) -> None:
    with pikepdf.open(one_page) as pdf:
        assert "/Direction" not in pdf.Root.ViewerPreferences
        fonts = {str(font.BaseFont) for page in pdf.pages for font in page.Resources.Font.values()}
    assert not any("Italic" in name and "JP" in name for name in fonts)


@pytest.mark.parametrize(("language", "xml", "tag"), [
    ("ja", "<para>これは<i>重要</i>だ</para>", "b"),
    ("ja", "<para>これは<i>GloFAS</i>だ</para>", "b"),  # a Japanese brief's emphasis is bold throughout
    ("ar", "<para>هذا <i>مهم</i></para>", "b"),
    ("en", "<para>An <i>important</i> point</para>", "i"),
    ("en", "<para><i>Asahi Shimbun (朝日新聞)</i></para>", "i"),  # an English brief's italics stay
])
def test_emphasis_is_bold_in_languages_whose_scripts_have_no_italic(language: str, xml: str, tag: str) -> None:
    import xml.etree.ElementTree as ET

    from briefgen.layouts.direction import for_language
    from briefgen.layouts.layout import load_layout
    from briefgen.rendering.context import RenderContext
    from briefgen.rendering.markup import inline_markup
    from briefgen.text.styles import sheet_for

    sheet = sheet_for(for_language(load_layout("one-page"), language))
    markup = inline_markup(ET.fromstring(xml), RenderContext(sheet, 300, language=language))
    assert f"<{tag}>" in markup and f"<{'i' if tag == 'b' else 'b'}>" not in markup


@pytest.mark.parametrize(("text", "spaced"), [
    ("援助国はGloFASやCopernicusの", "援助国は\u00a0GloFAS\u00a0や\u00a0Copernicus\u00a0の"),
    ("2024年4月10日", "2024年4月10日"),  # a date is one unit: no gap beside digits
    ("A案を3件", "A\u00a0案を3件"),
    ("R・タムシン", "R・タムシン"),  # punctuation takes no gap
    ("終了した。 乾季まで", "終了した。乾季まで"),  # a folded YAML line's space
    ("GloFAS や", "GloFAS や"),  # the writer's own space stays
])
def test_japanese_and_chinese_spacing(text: str, spaced: str) -> None:
    from briefgen.text.scripts import cjk_spacing

    assert cjk_spacing(text) == spaced


def test_the_quarter_em_gap_is_set_in_japanese_not_in_korean(one_page: Path, tmp_path: Path) -> None:
    text = "".join(lines(one_page))
    assert "GloFAS\u00a0や" in text or "GloFAS や" in text  # pdfium may read a no-break space as a space
    from briefgen.interface.cli import main
    from tests.helpers import minimal, write_yaml

    brief = write_yaml(tmp_path, minimal(language="ko", summary="원조국은 GloFAS를 지원한다."))
    assert main(["build", str(brief), "--out", str(tmp_path), "--format", "one-page", "-q"]) == 0
    korean = "".join(lines(tmp_path / "brief-one-page.pdf"))
    assert "GloFAS를" in korean
