"""Fonts: a script font not installed (`briefgen fonts` not run yet) leaves its runs to the fallbacks,
is named once, and changes nothing for other scripts."""

from __future__ import annotations

from pathlib import Path

from briefgen.layouts.layout import load_layout
from briefgen.text.fonts import REPLACEMENT
from briefgen.text.styles import StyleSheet
from tests.helpers import ROOT


def test_a_script_font_not_installed_prints_its_runs_as_replacement_characters(tmp_path: Path) -> None:
    folder = tmp_path / "no-korean-serif"
    folder.mkdir()
    (folder / "layout.yaml").write_text(f"extends: {ROOT / 'briefgen' / 'layouts' / 'one-page'}\n"
                                        "fonts:\n  serif-ko:\n    regular: fonts/scripts/Missing-KR.ttf\n")
    fonts = StyleSheet(load_layout(str(folder))).script_fonts
    assert fonts.runs("Kim 김여정", "serif", False, "en") == [("Kim " + REPLACEMENT * 3, None)]
    assert fonts.missing("Kim 김여정", "serif", "en") == []  # a warning names the fonts instead
    absent = fonts.not_installed("Kim 김여정 and 김정은", "serif", "en")
    assert list(absent) == ["ko"] and [path.name for path in absent["ko"]] == ["Missing-KR.ttf"]
    assert fonts.not_installed("Kim Yo-jong", "serif", "en") == {}
    # Other scripts, and Korean in the sans family, are set as before; other missing glyphs are still named.
    assert fonts.runs("김여정", "sans", False, "ko")[0][1].startswith("NotoSansKR-Regular")
    assert fonts.runs("岸田文雄", "serif", False, "ja")[0][1].startswith("NotoSerifJP-Regular")
    assert fonts.not_installed("岸田文雄", "serif", "ja") == {}
    assert fonts.missing("김 \u0f40", "serif", "ko") == ["\u0f40"]
