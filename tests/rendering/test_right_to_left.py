"""Right-to-left documents: a brief in Arabic, Persian or Hebrew is set on mirrored pages.

Positions are read back from the PDF with pypdfium2 (Latin words inside the Arabic text mark
where a block went); the mirrored layout is checked as data.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.pdfgen.canvas import Canvas

from briefgen.layouts.direction import for_language, is_rtl, language_direction, mirrored
from briefgen.layouts.layout import load_layout
from briefgen.rendering.blocks import build_story
from briefgen.rendering.context import RenderContext
from briefgen.rendering.graphics import mirror_drawing
from briefgen.text.rl.direction import visual_text
from briefgen.text.styles import sheet_for
from tests.helpers import FIXTURES, minimal, pdf_text, run, write_yaml

ARABIC = FIXTURES / "rtl-desk.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rtl")
    from briefgen.interface.cli import main

    assert main(["build", str(ARABIC), "--out", str(out), "-q"]) == 0
    return {"one-page": out / "rtl-desk-one-page.pdf", "long-form": out / "rtl-desk-long-form.pdf"}


def word_x(path: Path, word: str, page: int = 0) -> list[float]:
    """The left edge of each occurrence of ``word`` on a page, in points."""
    document = pypdfium2.PdfDocument(str(path))
    text = document[page].get_textpage()
    found, searcher = [], text.search(word)
    while (hit := searcher.get_next()) is not None:
        found.append(text.get_charbox(hit[0])[0])
    return found


def test_languages_written_right_to_left_come_from_the_layout() -> None:
    layout = load_layout("one-page")
    assert [language_direction(layout, tag) for tag in ("ar", "ar-EG", "fa", "he-IL", "en", "ko", None)] == \
        ["rtl", "rtl", "rtl", "rtl", "ltr", "ltr", "ltr"]
    assert for_language(layout, "en") is layout and for_language(layout, "ar") is for_language(layout, "he")


def test_the_mirror_exchanges_every_left_and_right_and_leaves_the_layout_alone() -> None:
    layout = load_layout("long-form")
    mirror = mirrored(layout)
    assert is_rtl(mirror) and not is_rtl(layout)
    assert mirror.get("page", "header") == {"right": "{short_title}", "left": "{organization}"}
    assert mirror.get("page", "footer", "left") == layout.get("page", "footer", "right")
    assert mirror.get("styles", "bullet", "indent_right") == 11 and "indent_left" not in mirror.get("styles", "bullet")
    assert mirror.get("styles", "tlp", "align") == "left" and layout.get("styles", "tlp", "align") == "right"
    assert mirror.get("styles", "banner", "align") == "center"
    sheet = sheet_for(mirror)
    assert sheet.paragraph("bullet").rightIndent == 11 and sheet.paragraph("bullet").leftIndent == 0
    assert sheet.paragraph("body").alignment == 4 and sheet.paragraph("body").direction == "rtl"  # justify, kept
    assert not hasattr(sheet_for(layout).paragraph("body"), "direction")


def test_a_list_number_reads_right_to_left() -> None:
    assert (visual_text("1.", True), visual_text("12.", True), visual_text("1.", False)) == (".1", ".12", "1.")


def test_the_one_pagers_first_column_is_on_the_right(built: dict[str, Path]) -> None:
    middle = 595.28 / 2
    first, = word_x(built["one-page"], "GloFAS")  # a key point: the columns' first block
    last, = word_x(built["one-page"], "UNDP")  # an implication: the last block
    assert first > middle > last


def test_a_left_to_right_one_pager_keeps_its_first_column_on_the_left(capsys, tmp_path: Path) -> None:
    brief = write_yaml(tmp_path, minimal(key_points=["Alpha marker point."], implications=["Omega marker step."]))
    assert run(capsys, "build", brief, "--out", tmp_path, "--format", "one-page")[0] == 0
    pdf = tmp_path / "brief-one-page.pdf"
    assert word_x(pdf, "Alpha")[0] < 595.28 / 2
    assert not str(pikepdf.open(pdf).Root.ViewerPreferences.get("/Direction", ""))


def test_right_to_left_documents_ask_viewers_for_right_to_left_pages(built: dict[str, Path]) -> None:
    for path in built.values():
        with pikepdf.open(path) as pdf:
            assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            assert str(pdf.Root.Lang) == "ar"


def test_contents_numbers_stand_at_the_left_margin(built: dict[str, Path]) -> None:
    document = pypdfium2.PdfDocument(str(built["long-form"]))
    text = document[1].get_textpage()
    chars = [(text.get_text_range(index, 1), text.get_charbox(index)) for index in range(text.count_chars())]
    numbers = [box[0] for char, box in chars if char.isdigit() and 150 < box[1] < 780]
    letters = [box[0] for char, box in chars if char.isalpha() and 150 < box[1] < 780]
    assert numbers and max(numbers) < min(letters)  # every page number left of every title


def render_page(xml: str, language: str, folder: Path) -> Path:
    """One block description drawn on a page of the long-form layout in a language; the PDF's path."""
    layout = for_language(load_layout("long-form"), language)
    sheet = sheet_for(layout)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595.28, 841.89))
    from reportlab.platypus import Frame

    frame = Frame(50, 50, 495.28, 740, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList(build_story(list(ET.fromstring(f"<root>{xml}</root>")), RenderContext(sheet, 495.28,
                                                                                            language=language)),
                      canvas)
    canvas.save()
    path = folder / f"blocks-{language}.pdf"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(("language", "first_on_the_right"), [("ar", True), ("en", False)])
def test_table_columns_run_in_the_pages_direction(language: str, first_on_the_right: bool, tmp_path: Path) -> None:
    pdf = render_page('<table widths="50%,50%"><row><cell>Firstcol</cell><cell>Secondcol</cell></row></table>',
                      language, tmp_path)
    assert (word_x(pdf, "Firstcol")[0] > word_x(pdf, "Secondcol")[0]) is first_on_the_right


def test_a_bullet_stands_on_the_right_of_its_item_on_a_right_to_left_page(tmp_path: Path) -> None:
    pdf = render_page('<list><item>Latin words in an Arabic brief</item></list>', "ar", tmp_path)
    document = pypdfium2.PdfDocument(str(pdf))
    text = document[0].get_textpage()
    bullet = text.get_text_range().index("•")
    assert text.get_charbox(bullet)[0] > word_x(pdf, "brief")[0] > 400  # aligned right, bullet outside


SENTENCE = "وقد قال الوسيط إن على الطرفين المضي قدماً."
BACKGROUND = ("اكتمل بناء سد كيشان على أعالي نهر أرفان عام 2024، وتصفه هايريتش بأنه أساسي لخطة الكهرباء لديها، "
              "بينما تقول لوومارك إن جدول ملء سريعاً سيخفض تدفقات موسم الجفاف بمقدار الثلث.")


@pytest.fixture(scope="module")
def sentence_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Arabic one-pager whose summary is one line ending in a tanween and a full stop."""
    from briefgen.interface.cli import main

    out = tmp_path_factory.mktemp("sentence")
    brief = write_yaml(out, minimal(language="ar", title="اختبار الاستخراج", summary=SENTENCE,
                                    background=[BACKGROUND] * 4))
    assert main(["build", str(brief), "--out", str(out), "--format", "one-page", "-q"]) == 0
    return out / "brief-one-page.pdf"


def extracted_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n")]


def test_pdfium_extracts_right_to_left_text_in_logical_order(sentence_pdf: Path) -> None:
    text = pypdfium2.PdfDocument(str(sentence_pdf))[0].get_textpage().get_text_range()
    assert SENTENCE in extracted_lines(text)


def test_pdftotext_extracts_right_to_left_text_in_logical_order(sentence_pdf: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed (Debian: apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", str(sentence_pdf), "-"], capture_output=True, text=True, check=True).stdout
    # poppler marks each run's direction with embedding controls (U+202A–U+202E); the letters are what count
    plain = "".join(char for char in text if not "\u202a" <= char <= "\u202e")
    assert SENTENCE in extracted_lines(plain)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_likelihood_scale_runs_from_the_right_on_a_right_to_left_page(language: str) -> None:
    sheet = sheet_for(for_language(load_layout("long-form"), language))
    story = build_story([ET.fromstring('<likelihood-scale scale="PHIA" low="40" high="50" labels="yes"/>')],
                        RenderContext(sheet, 400, language=language))
    bar, = story
    bar.wrap(400, 200)
    bands = [shape for shape in bar.drawing.contents if isinstance(shape, Rect)]
    assert (bands[0].x > bands[-1].x) is (language == "ar")  # the first band: remote chance
    assert bar.describe() == {"ar": "احتمال واقعي: ≈40–50% وفق مقياس PHIA",
                              "en": "realistic possibility: ≈40–50% on the PHIA scale"}[language]  # in the language


def test_a_mirrored_drawing_keeps_its_words_readable() -> None:
    drawing = Drawing(100, 20)
    drawing.add(Rect(10, 0, 20, 5))
    drawing.add(Line(0, 0, 30, 0))
    drawing.add(String(10, 8, "2019", textAnchor="start"))
    drawing.add(String(50, 8, "2020", textAnchor="middle"))
    mirror_drawing(drawing)
    rect, line, start, middle = drawing.contents
    assert (rect.x, line.x1, line.x2) == (70, 100, 70)
    assert (start.x, start.textAnchor, start.text, middle.x, middle.textAnchor) == (90, "end", "2019", 50, "middle")
    drawing.add(Circle(5, 5, 2))
    with pytest.raises(TypeError, match="cannot mirror a Circle"):
        mirror_drawing(drawing)


def test_the_structure_tree_reads_the_right_column_first(built: dict[str, Path]) -> None:
    from tests.structure import read_tree

    text = read_tree(built["one-page"]).all_text()
    assert 0 <= text.index("GloFAS") < text.index("UNDP")  # drawn on the right, read first
    timeline = [node for node in read_tree(built["long-form"]).walk() if node.role == "Table"][1]
    first_event = [node for node in timeline.walk() if node.role == "TR"][1]  # after the header row
    cells = [cell.all_text().strip() for cell in first_event.children]
    assert cells[0] in ("1", "١") and cells[1] in ("2019", "٢٠١٩")  # drawn right to left, read number first


def page_texts(path: Path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    return "\n".join(document[index].get_textpage().get_text_range() for index in range(len(document)))


def test_the_words_between_fields_are_separated_by_the_arabic_comma(built: dict[str, Path]) -> None:
    text = page_texts(built["long-form"])
    assert "— ر. تامسين، وزير الطاقة في هايريتش، 13 مارس 2025" in text  # a quote's attribution
    assert "أمانة المنظمة الإقليمية، 12 مارس" in text  # a source's publisher and date
    assert "م. أوكافور، ل. برانت" in text  # the authors
    assert "ر. تامسين," not in text and "الإقليمية," not in text
    assert "مجموعة تنسيق المانحين، أبريل" in page_texts(built["one-page"])  # the one-pager's compact sources


def drawn_lines(path: Path) -> list[str]:
    """The Latin letters, figures and signs of each line of each page as drawn, read from left to
    right by their position on the page (not in the order the PDF or an extractor gives them)."""
    document = pypdfium2.PdfDocument(str(path))
    lines: list[str] = []
    for number in range(len(document)):
        text = document[number].get_textpage()
        chars = []
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if char.isascii() and char.isprintable() and char != " " or char in "–≈":
                left, bottom, _, _ = text.get_charbox(index)
                chars.append((bottom, left, char))
        line: list[tuple[float, str]] = []
        for bottom, left, char in sorted(chars):
            if line and bottom - top > 4:  # a new line: lines are 12 pt or more apart, descenders 3
                lines.append("".join(char for _, char in sorted(line)))
                line = []
            top = bottom if not line else top
            line.append((left, char))
        lines.append("".join(char for _, char in sorted(line)))
    return lines


def test_a_percentage_range_reads_left_to_right_as_one_unit(built: dict[str, Path]) -> None:
    long_form = drawn_lines(built["long-form"])
    # the scenario's likelihood line (the brackets are mirrored glyphs, which pdfium reads back unmirrored)
    assert any("PHIA)≈55–75%(" in line for line in long_form) and "≈55–75%" in long_form, long_form  # + table
    assert not any("75%–" in line for line in long_form)  # nowhere reversed, scale labels included
    one_page = drawn_lines(built["one-page"])
    assert any("55–75%" in line for line in one_page) and not any("75%–" in line for line in one_page)


def test_a_web_address_reads_left_to_right_as_written(built: dict[str, Path]) -> None:
    lines = drawn_lines(built["long-form"])
    # a long address breaks after a slash: its first part ends the line on the left, as text read right to left would
    assert any(line.startswith("https://example.org/arvan/") for line in lines), lines
    assert not any("/https:" in line for line in lines)


@pytest.mark.parametrize("product", ["one-page", "long-form"])
def test_a_lam_alef_ligature_copies_as_its_two_letters_in_order(built: dict[str, Path], product: str) -> None:
    # headings and bold labels are set in Vazirmatn, which draws lam-alef as one glyph spelling two letters
    words = ["الخلاصة", "الآفاق", "الاحتمال"]
    text = page_texts(built[product])
    assert [word for word in words if word not in text] == []
    assert [word for word in words if word not in "".join(pdf_text(built[product]))] == []  # pypdf
    if shutil.which("pdftotext") is not None:
        poppler = subprocess.run(["pdftotext", str(built[product]), "-"], capture_output=True, text=True,
                                 check=True).stdout
        assert [word for word in words if word not in poppler] == []
