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
