"""Layouts are data: lookup, extends, styles with inheritance, fonts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.errors import LayoutError
from briefgen.layouts.layout import find_layout, length, load_layout, script_families
from briefgen.text.styles import Scaling, StyleSheet
from tests.helpers import ROOT


def test_lengths() -> None:
    assert length("1in") == 72
    assert round(length("25.4mm"), 6) == 72
    assert length(10) == 10
    with pytest.raises(LayoutError, match="is not a length"):
        length("ten")


def test_extends_merges_child_over_parent() -> None:
    layout = load_layout("one-page")
    assert [folder.name for folder in layout.folders] == ["one-page", "base"]
    assert layout.get("styles", "base", "size") == 9.2  # overridden
    assert layout.get("styles", "base", "font") == "serif"  # inherited
    assert {"serif", "sans", "math", "serif-ko", "naskh-arabic"} <= set(layout.fonts)
    assert script_families(layout.settings) == set(layout.fonts) - {"serif", "sans", "math"}


def test_script_fonts_register_only_when_a_run_needs_them() -> None:
    sheet = StyleSheet(load_layout("long-form"))
    assert set(sheet.fonts) == {"serif", "sans", "math"}  # no CJK face read for a Latin brief
    runs = sheet.script_fonts.runs("Kim 김여정 and [岸田]", "serif", False, "en")
    assert [font and font.split("-")[0] for _, font in runs] == [None, "NotoSerifKR", None, "NotoSerifSC", None]
    assert sheet.script_fonts.runs("岸田文雄", "sans", True, "ja")[0][1].startswith("NotoSansJP-Bold")
    assert sheet.script_fonts.runs("臺北", "serif", False, "zh-Hant")[0][1].startswith("NotoSerifTC-Regular")
    assert sheet.script_fonts.runs("مرحبا", "serif", False, "ar")[0][1].startswith("Amiri-Regular")
    assert sheet.script_fonts.runs("مرحبا", "sans", True, "fa")[0][1].startswith("Vazirmatn-Bold")
    assert sheet.script_fonts.runs("שלום", "sans", False, "he")[0][1].startswith("NotoSansHebrew-Regular")


def test_unknown_layout_lists_available() -> None:
    with pytest.raises(LayoutError, match=r"no layout named 'nope'; available: base, long-form, one-page, pack"):
        find_layout("nope")


def test_layout_folder_path(tmp_path: Path) -> None:
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "layout.yaml").write_text(f"extends: {ROOT / 'briefgen' / 'layouts' / 'one-page'}\nstyles:\n  body: {{color: '#ff0000'}}\n")
    layout = load_layout(str(folder))
    assert layout.name == "house" and layout.get("template") == "brief.xml.j2"
    assert StyleSheet(layout).paragraph("body").textColor.hexval() == "0xff0000"


def test_missing_font_file(tmp_path: Path) -> None:
    folder = tmp_path / "nofont"
    folder.mkdir()
    (folder / "layout.yaml").write_text("fonts:\n  serif: {regular: missing.ttf}\n")
    with pytest.raises(LayoutError, match=r"font serif.regular: file .*missing.ttf not found"):
        load_layout(str(folder))


def test_style_inheritance_and_unknown_style() -> None:
    sheet = StyleSheet(load_layout("long-form"))
    h3 = sheet.paragraph("h3")
    assert h3.fontSize == 8 and h3.textTransform == "uppercase" and "NotoSans-Bold" in h3.fontName
    with pytest.raises(LayoutError, match="no style named 'nope'"):
        sheet.paragraph("nope")


def test_scaling_never_goes_below_the_floor() -> None:
    sheet = StyleSheet(load_layout("one-page"), Scaling(type_scale=0.1, space_scale=0.5))
    assert sheet.paragraph("body").fontSize == 8
    assert sheet.paragraph("source_line").fontSize == 7  # defined below the floor: stays as designed
    assert sheet.paragraph("section").spaceBefore == pytest.approx(4.5)


def test_missing_template(tmp_path: Path) -> None:
    from briefgen.compose.template import render_template

    folder = tmp_path / "notemplate"
    shutil.copytree(ROOT / "briefgen" / "layouts" / "base", folder)
    (folder / "layout.yaml").write_text((folder / "layout.yaml").read_text() + "\ntemplate: missing.xml.j2\n")
    with pytest.raises(LayoutError, match="template 'missing.xml.j2' not found"):
        render_template(load_layout(str(folder)), {})


def test_layout_problems_are_located_all_at_once(tmp_path: Path, capsys) -> None:
    from tests.helpers import FIXTURES, run

    house = tmp_path / "house"
    house.mkdir()
    layout = house / "layout.yaml"
    layout.write_text(f"extends: {ROOT / 'briefgen' / 'layouts' / 'long-form'}\n"
                      "colour: {accent: '#7a1f1f'}\n"
                      "page:\n  margins: {top: 2 inches, bottom: 25mm, left: 24mm, right: 24mm}\n"
                      "styles:\n"
                      "  h1: {parent: heading, color: '#12345'}\n"
                      "  h2: {color: acent, size: big}\n")
    code, _, err = run(capsys, "build", FIXTURES / "minimal.yaml", "--format", "long-form", "--layout", house,
                       "--out", tmp_path / "out")
    assert code == 1 and "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith(str(layout))]
    assert lines == [
        f"{layout}:2:1: colour: unknown setting 'colour'; did you mean 'colors'?",
        f"{layout}:4:18: page.margins.top: '2 inches' is not a length; write a number with pt (the default), mm, cm or in",
        f"{layout}:6:16: styles.h1.parent: no style named 'heading' to inherit from; did you mean 'header'?",
        f"{layout}:6:32: styles.h1.color: '#12345' is not a colour: use #rrggbb or a name from `colors`; colours of "
        "this layout: accent, accent_light, black, change, change_light, ink, link, muted, rule, rule_light, scale_off, scale_on, scale_text, white",
        f"{layout}:7:15: styles.h2.color: 'acent' is not a colour: use #rrggbb or a name from `colors`; did you mean 'accent'?",
        f"{layout}:7:28: styles.h2.size: 'big' is not a length; write a number with pt (the default), mm, cm or in",
    ]
    assert not (tmp_path / "out").exists()


def test_an_edited_layout_is_read_and_checked_again(tmp_path: Path, monkeypatch) -> None:
    """Parsed and checked layouts are cached between processes and in one by file identity, never served stale."""
    import os

    from briefgen import memo

    from briefgen.layouts.check import LayoutProblems

    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "house"
    folder.mkdir()
    settings = folder / "layout.yaml"
    settings.write_text(f"extends: {ROOT / 'briefgen' / 'layouts' / 'one-page'}\nstyles:\n  body: {{color: '#ff0000'}}\n")
    assert StyleSheet(load_layout(str(folder))).paragraph("body").textColor.hexval() == "0xff0000"
    assert list((tmp_path / "cache" / "layouts").iterdir())  # parsed and checked, cached
    memo.clear_all()  # as a new process would start
    assert StyleSheet(load_layout(str(folder))).paragraph("body").textColor.hexval() == "0xff0000"
    settings.write_text(f"extends: {ROOT / 'briefgen' / 'layouts' / 'one-page'}\nstyles:\n  body: {{color: '#00ff00'}}\n")
    os.utime(settings, ns=(settings.stat().st_atime_ns, settings.stat().st_mtime_ns + 10**9))
    assert StyleSheet(load_layout(str(folder))).paragraph("body").textColor.hexval() == "0x00ff00"
    settings.write_text(f"extends: {ROOT / 'briefgen' / 'layouts' / 'one-page'}\nstyles:\n  body: {{colour: '#00ff00'}}\n")
    os.utime(settings, ns=(settings.stat().st_atime_ns, settings.stat().st_mtime_ns + 2 * 10**9))
    with pytest.raises(LayoutProblems, match="unknown setting 'colour'"):
        load_layout(str(folder))


def test_style_sheets_are_built_once_per_layout_and_scaling() -> None:
    from briefgen.text.styles import sheet_for

    layout = load_layout("one-page")
    assert sheet_for(layout) is sheet_for(layout, Scaling())
    assert sheet_for(layout, Scaling(0.9, 0.8)) is not sheet_for(layout)
    assert sheet_for(layout, Scaling(0.9, 0.8)).paragraph("body").fontSize < sheet_for(layout).paragraph("body").fontSize


def test_a_fetched_font_is_found_in_the_layout_folder_else_in_the_user_fonts_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.layouts.fetched import font_file, is_fetched

    folder = (tmp_path / "house").resolve()
    (folder / "fonts" / "scripts").mkdir(parents=True)
    (folder / "fonts" / "scripts" / "Own.ttf").write_bytes(b"")
    monkeypatch.setenv("BRIEFGEN_FONTS", str(tmp_path / "fetched"))
    assert font_file(folder, "fonts/scripts/Own.ttf") == folder / "fonts" / "scripts" / "Own.ttf"
    assert font_file(folder, "fonts/scripts/Fetched.ttf") == (tmp_path / "fetched" / "Fetched.ttf").resolve()
    assert font_file(folder, "fonts/Shipped.ttf") == folder / "fonts" / "Shipped.ttf"  # only fetched fonts move
    assert is_fetched(font_file(folder, "fonts/scripts/Fetched.ttf")) and is_fetched(folder / "fonts/scripts/Own.ttf")
    assert not is_fetched(folder / "fonts" / "Shipped.ttf")
    monkeypatch.delenv("BRIEFGEN_FONTS")
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path / "cache"))
    assert font_file(folder, "fonts/scripts/Fetched.ttf") == tmp_path / "cache" / "script-fonts" / "Fetched.ttf"


def test_change_bars_side_is_checked() -> None:
    from briefgen.layouts.check import check_layout_text

    assert check_layout_text("house.yaml", "change_bars: {side: outside, width: 2pt, colour: change}\n") == [
        "house.yaml:1:21: change_bars.side: 'outside' is not a side for change bars; write one of outer, inner, "
        "left, right, nearest",
        "house.yaml:1:42: change_bars.colour: unknown setting 'colour'; did you mean 'color'?"]
