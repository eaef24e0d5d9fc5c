"""Korean, Japanese, Chinese, Arabic, Persian and Hebrew: runs, line breaks, order and extraction."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from fontTools.ttLib import TTFont

from briefgen.layouts.layout import load_layout
from briefgen.text.scripts import NO_LINE_END, NO_LINE_START, cjk_breaks, script_key, script_runs, visual_order
from briefgen.text.styles import StyleSheet
from briefgen.content.validate import printed_strings
from tests.helpers import FIXTURES, pdf_text, run, squash

SCRIPTS = yaml.safe_load((FIXTURES / "scripts.yaml").read_text(encoding="utf-8"))
_RTL_WORD = re.compile(r"[\u05d0-\u05ea\u0621-\u065f\u066e-\u06d3\u200c]+")  # letters and marks, no digits
_CJK_NO_START = set("、。，．）」』】〕〉》〙〗｝］々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー：；？！")
_SPAN = re.compile(r"\[([^\]@]+)\]\{lang=[^}]+\}")


def _words(text: str) -> str:
    return _SPAN.sub(r"\1", text)


# ---------------------------------------------------------------- pure functions


def test_runs_split_by_script_and_keep_inner_spaces() -> None:
    assert script_runs("Kim (김여정 부부장) said 「拉致問題」 and مرحبا بكم ۱۴۰۳ ok") == [
        ("Kim (", None), ("김여정 부부장", "hangul"), (") said ", None), ("「拉致問題」", "cjk"),
        (" and ", None), ("مرحبا بكم ۱۴۰۳", "arabic"), (" ok", None)]


def test_han_follows_kana_then_language_tag_then_layout_default() -> None:
    assert script_key("拉致問題は", "cjk", None, "zh-Hans") == "ja"
    assert script_key("岸田文雄", "cjk", "ja", "zh-Hans") == "ja"
    assert script_key("臺北", "cjk", "zh-TW", "zh-Hans") == "zh-Hant"
    assert script_key("毛宁", "cjk", "en", "zh-Hans") == "zh-Hans"
    assert script_key("김여정", "hangul", "ja", "zh-Hans") == "ko"


def test_kinsoku_never_starts_a_line_with_a_stop_or_ends_one_with_an_opening_bracket() -> None:
    text = "日本は「拉致問題」について、NHKに語った。"
    for index in cjk_breaks(text):
        assert text[index] not in NO_LINE_START and text[index - 1] not in NO_LINE_END
    assert 3 in cjk_breaks(text) and 4 not in cjk_breaks(text)  # before 「, never after it
    assert text.index("NHK") + 1 not in cjk_breaks(text)  # Latin words stay whole
    assert cjk_breaks("조선중앙통신 보도") == []  # Korean breaks only at spaces


def test_stops_join_a_right_to_left_word_brackets_do_not() -> None:
    assert script_runs("نخواهیم کرد. (Kim) «لن» ok") == [
        ("نخواهیم کرد.", "arabic"), (" (Kim) «", None), ("لن", "arabic"), ("» ok", None)]


def test_visual_order_reverses_right_to_left_runs() -> None:
    assert visual_order([0, 1, 1, 2, 1, 0]) == [0, 4, 3, 2, 1, 5]


# ---------------------------------------------------------------- the every-script brief


@pytest.fixture(scope="module")
def scripts_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("scripts")
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", str(FIXTURES / "scripts.yaml"), "--out", str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def test_every_script_builds_in_both_formats_without_a_warning(scripts_built: tuple[Path, str]) -> None:
    out, stderr = scripts_built
    assert "warning" not in stderr, stderr
    assert (out / "scripts-one-page.pdf").is_file() and (out / "scripts-long-form.pdf").is_file()
    assert len(pikepdf.open(out / "scripts-one-page.pdf").pages) == 1


def test_every_character_has_a_font_that_draws_it() -> None:
    sheet = StyleSheet(load_layout("long-form"))
    for family in ("serif", "sans"):
        for path, text in printed_strings(SCRIPTS):
            for bold in (False, True):
                for run_text, font in sheet.script_fonts.runs(text, family, bold, "en-GB"):
                    assert "\ufffd" not in run_text, (path, text)


def test_embedded_glyphs_are_real_glyphs(scripts_built: tuple[Path, str]) -> None:
    """Every code a page shows maps, in the embedded subset, to a glyph that is not .notdef and,
    unless it stands for a space or a joiner, has outlines. (The space's glyph, drawn with no advance,
    also spells each later letter of a ligature: lam-alef's alef; see ``shaping._UNSEEN``.)"""
    out, _ = scripts_built
    faces = set()
    for pdf_name in ("scripts-long-form.pdf", "scripts-one-page.pdf"):
        pdf = pikepdf.open(out / pdf_name)
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                faces.add(str(font.BaseFont).split("+")[-1])
                program = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
                cmap, glyf = program["cmap"].tables[0].cmap, program["glyf"]
                meaning = _to_unicode(font)
                for code in _used_codes(page, font):
                    name = cmap.get(code, ".notdef")
                    assert name != ".notdef", (font.BaseFont, code, meaning.get(code))
                    if glyf[name].numberOfContours == 0 and name != cmap.get(0x20):
                        assert all(char.isspace() or unicodedata.category(char) == "Cf"
                                   for char in meaning.get(code, " ")), (font.BaseFont, code, meaning.get(code))
    for face in ("NotoSerifKR-Regular", "NotoSerifJP-Regular", "NotoSerifSC-Regular", "NotoSerifTC-Regular",
                 "Amiri-Regular", "NotoSerifHebrew-Regular", "NotoSansKR-Bold"):
        assert face in faces, sorted(faces)


def _to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    pairs = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", font.ToUnicode.read_bytes().decode("ascii"))
    return {int(code, 16): bytes.fromhex(text).decode("utf-16-be") for code, text in pairs[1:]}


def _used_codes(page: pikepdf.Page, font: pikepdf.Dictionary) -> set[int]:
    """Character codes shown with ``font`` on ``page`` (simple fonts: one byte a code)."""
    names = [key for key, value in page.Resources.Font.items() if value.objgen == font.objgen]
    used: set[int] = set()
    current = None
    for operands, operator in pikepdf.parse_content_stream(page):
        if operator == pikepdf.Operator("Tf"):
            current = str(operands[0])
        elif current in names and operator in (pikepdf.Operator("Tj"), pikepdf.Operator("TJ")):
            strings = operands[0] if operator == pikepdf.Operator("TJ") else [operands[0]]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    used.update(bytes(item))
    return used


def test_cjk_strings_extract_as_written(scripts_built: tuple[Path, str]) -> None:
    out, _ = scripts_built
    text = squash(" ".join(pdf_text(out / "scripts-long-form.pdf")))
    for value in [SCRIPTS["key_points"][0], SCRIPTS["key_points"][1], SCRIPTS["key_points"][2],
                  SCRIPTS["key_points"][3], SCRIPTS["key_quotes"][0]["original"]["text"],
                  SCRIPTS["key_quotes"][1]["original"]["text"], SCRIPTS["key_quotes"][0]["role"],
                  SCRIPTS["sources"][0]["title"], SCRIPTS["actors"][2]["motives"][0], "조선중앙통신", "岸田文雄"]:
        assert squash(_words(value)) in text, value


def test_right_to_left_words_extract_in_logical_order(scripts_built: tuple[Path, str]) -> None:
    out, _ = scripts_built
    text = " ".join(pdf_text(out / "scripts-long-form.pdf")).replace("\u200d", "")
    sources = [*SCRIPTS["background"][:3], *(quote["original"]["text"] for quote in SCRIPTS["key_quotes"][2:]),
               SCRIPTS["actors"][3]["name"], SCRIPTS["actors"][4]["name"], SCRIPTS["sources"][2]["title"]]
    for source in sources:
        for word in _RTL_WORD.findall(_words(source)):
            assert word in text, (word, source)


def test_hebrew_sentence_is_drawn_from_the_right(scripts_built: tuple[Path, str]) -> None:
    """Checked by glyph position: pdfium gives the text in logical order, so the sentence's
    first letter must lie to the right of its last."""
    out, _ = scripts_built
    sentence = SCRIPTS["key_quotes"][4]["original"]["text"].rstrip(".")
    for page in pdfium.PdfDocument(out / "scripts-long-form.pdf"):
        textpage = page.get_textpage()
        drawn = textpage.get_text_range()
        if sentence in drawn:
            start = drawn.index(sentence)
            first_letter, last_letter = textpage.get_charbox(start), textpage.get_charbox(start + len(sentence) - 1)
            assert first_letter[0] > last_letter[2]
            return
    pytest.fail("the Hebrew sentence is not on any page")


def test_a_stop_after_digits_ends_the_arabic_sentence_on_the_left(scripts_built: tuple[Path, str]) -> None:
    """``… في ٢٠٢٤.``: the digits run left to right, the stop goes to the sentence's end, leftmost."""
    out, _ = scripts_built
    for page in pdfium.PdfDocument(out / "scripts-long-form.pdf"):
        textpage = page.get_textpage()
        drawn = textpage.get_text_range()
        if "٢٠٢٤" in drawn:  # pdfium puts the stop before or after the digits: find it by position
            start = drawn.index("٢٠٢٤")
            digits = [textpage.get_charbox(start + offset)[0] for offset in range(4)]
            stop_index = start - 1 if drawn[start - 1] == "." else start + 4
            assert drawn[stop_index] == "."
            assert digits == sorted(digits) and textpage.get_charbox(stop_index)[0] < min(digits)
            return
    pytest.fail("the Arabic sentence is not on any page")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_reads_each_right_to_left_run_in_logical_order(scripts_built: tuple[Path, str]) -> None:
    out, _ = scripts_built
    text = subprocess.run(["pdftotext", str(out / "scripts-long-form.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = re.sub("[\u202a-\u202e\u200d]", "", text)
    for phrase in ["משרד החוץ הודיע כי השיחות יתחדשו בשבוע הבא", "وزارت امور خارجه اعلام کرد که می\u200cخواهیم",
                   "أعلنت وزارة الخارجية أن المحادثات ستستأنف في الأسبوع المقبل", "岸田文雄", "조선중앙통신"]:
        assert phrase in text, phrase


def test_no_line_starts_with_a_prohibited_mark(scripts_built: tuple[Path, str]) -> None:
    out, _ = scripts_built
    for page_text in pdf_text(out / "scripts-one-page.pdf") + pdf_text(out / "scripts-long-form.pdf"):
        for line in page_text.splitlines():
            stripped = line.strip()
            assert not stripped or stripped[0] not in _CJK_NO_START, line


def test_korean_words_are_never_broken(scripts_built: tuple[Path, str]) -> None:
    """The one-pager's narrow column wraps the Korean key point: only at spaces."""
    out, _ = scripts_built
    lines = [line for page in pdf_text(out / "scripts-one-page.pdf") for line in page.splitlines()]
    sentence = SCRIPTS["key_points"][0].split(": ", 1)[1]
    wrapped = [line for line in lines if any(word in line for word in sentence.split())]
    assert len(wrapped) >= 2  # it does wrap
    for word in sentence.split():
        assert any(word in line for line in lines), word


def test_missing_script_font_file_names_the_fix(tmp_path: Path, capsys) -> None:
    layout = tmp_path / "house"
    (layout / "templates").mkdir(parents=True)
    (layout / "layout.yaml").write_text(
        "extends: long-form\nfonts:\n  serif-ko:\n    regular: nowhere/Missing-Regular.ttf\n", encoding="utf-8")
    brief = tmp_path / "ko.yaml"
    brief.write_text((FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace(
        "Only the required keys.", "김여정 said so."), encoding="utf-8")
    code, _, err = run(capsys, "build", brief, "--layout", layout, "--format", "long-form", "--out", tmp_path)
    assert code == 1  # a layout's own font, not one `briefgen fonts` fetches: the layout is wrong
    assert f"font serif-ko: file {layout.resolve() / 'nowhere' / 'Missing-Regular.ttf'} not found" in err


def test_an_arabic_brief_quotes_with_guillemets(tmp_path: Path, capsys) -> None:
    data = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))
    data.update(language="ar", summary='كررت أن القضية "قد حُسمت".')
    brief = tmp_path / "ar.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run(capsys, "build", brief, "--format", "one-page", "--out", tmp_path)[0] == 0
    text = pdf_text(tmp_path / "ar-one-page.pdf")[0]
    assert "«" in text and "»" in text and '"' not in text and "“" not in text


def test_shaped_output_does_not_depend_on_what_the_process_built_before(tmp_path: Path,
                                                                         scripts_built: tuple[Path, str]) -> None:
    """A glyph's width was once taken from its first (kerned) use in the process: the every-script
    brief came out different when the Gulf-desk brief was built before it."""
    subprocess.run([sys.executable, "-m", "briefgen", "build", str(FIXTURES / "gulf-desk.yaml"),
                    str(FIXTURES / "scripts.yaml"), "--out", str(tmp_path), "--jobs", "1", "--quiet"],
                   check=True, capture_output=True)
    out, _ = scripts_built
    for name in ("scripts-one-page.pdf", "scripts-long-form.pdf"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_metadata_and_bookmarks_carry_the_scripts(scripts_built: tuple[Path, str]) -> None:
    out, _ = scripts_built
    from pypdf import PdfReader

    from tests.helpers import outline_titles

    reader = PdfReader(out / "scripts-long-form.pdf")
    assert reader.metadata.title == "Seven scripts: 김여정, 岸田文雄, 毛宁, 臺北, طهران"
    titles = [title for _, title in outline_titles(out / "scripts-long-form.pdf")]
    assert "김여정 (Kim Yo Jong)" in titles and "وزارة الخارجية" in titles and "משרד החוץ" in titles


def test_a_right_to_left_list_item_has_its_bullet_on_the_right(built: Path) -> None:
    document = pdfium.PdfDocument(built / "gulf-desk-long-form.pdf")
    for page in document:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        if "قال المتحدث" not in text:
            continue
        first = textpage.get_charbox(text.index("قال المتحدث"))  # the item's first letter: its rightmost
        bullets = [textpage.get_charbox(index) for index, char in enumerate(text) if char == "•"]
        same_line = [box for box in bullets if abs(box[1] - first[1]) < 4]
        assert same_line and all(box[0] > first[2] for box in same_line)
        return
    pytest.fail("the Arabic key point is not on any page")


def test_has_cjk_breaks_agrees_with_cjk_breaks() -> None:
    """The line breaker's fast path skips text with no kana, Han or CJK punctuation."""
    from briefgen.text.scripts import cjk_breaks, has_cjk_breaks

    for text in ["plain", "“curly” — dash", "한국어 문장", "שלום", "拉致問題", "カナ", "a、b", "Ｘy", "x—y"]:
        assert has_cjk_breaks(text) or cjk_breaks(text) == [], text
    assert not has_cjk_breaks("“curly” — dash 한국어 שלום")
    assert all(has_cjk_breaks(text) for text in ["拉致問題", "カナ", "a、b", "Ｘ"])
