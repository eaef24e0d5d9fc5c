"""Charts drawn from data, as a stranger types them: negative values, 55,500-scale values, long
labels, gaps, one category, all zeros, tiny and huge magnitudes, six series, a one-page column.

The PDFs are read back: the chart's text extracts with grouped thousands, no glyph prints on
another, chart text stays inside its figure and the live area, every font is embedded, and a
second build in another process (another hash seed, a fresh matplotlib cache, a hostile
``matplotlibrc``) gives the same bytes.
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.interface.cli import main
from tests.helpers import FIXTURES, fonts, minimal, pdf_text, squash, write_yaml

LONG = ["Sudan (White Nile confluence)", "South Sudan (Upper Nile State)", "Ethiopia (Gambela Region)",
        "Egypt (Aswan Governorate, upper reaches)"]


def chart(id_: str, kind: str, x: list, series: list, priority: int = 4, **extra: str) -> dict:
    return {"id": id_, "chart": {"kind": kind, "x": x, "series": series, **extra},
            "caption": f"The {id_} chart.", "priority": priority}


FIGURES = [
    chart("growth", "bar", ["2021", "2022", "2023", "2024"], [{"name": "Growth", "values": [3.2, -1.5, 0.4, 2.1]}],
          1, title="GDP growth", unit="per cent a year"),
    chart("aid", "bar", LONG, [{"name": "Pledged", "values": [55500, 41200, 38750, 12000]},
                               {"name": "Delivered", "values": [55500, 30100, 21900, 11800]}], 1,
          unit="tonnes of food aid"),
    chart("flows", "line", [f"2025-{m:02d}" for m in range(1, 13)],
          [{"name": "Border gauge", "values": [310, 295, None, 260, 140, None, 120, None, 180, 220, 250, 300]},
           {"name": "Decade mean", "values": [300] * 12}], 1, unit="cubic metres a second"),
    chart("one", "bar", ["2024"], [{"name": "Launches", "values": [60]}]),
    chart("zeros", "bar", ["Jan", "Feb", "Mar"], [{"name": "Incidents", "values": [0, 0, 0]}], unit="incidents"),
    chart("tiny", "line", ["2021", "2022", "2023"], [{"name": "Residue", "values": [0.000001, 0.0000025, 0.0000018]}],
          unit="grams per litre"),
    chart("huge", "bar", ["2021", "2022", "2023"], [{"name": "Budget", "values": [1e9, 1.25e9, 9.8e8]}],
          unit="US dollars"),
    chart("parties", "bar", ["North", "South", "East"],
          [{"name": f"Party {c}", "values": [12 - i, 15 - 2 * i, 9 + i]} for i, c in enumerate("ABCDE")]
          + [{"name": "Independent candidates", "values": [2, 1, None]}], title="Votes by party and region"),
    chart("scripts", "bar", ["서울특별시", "大阪市", "القاهرة", "Paris (Île-de-France)"],
          [{"name": "Population", "values": [9411000, 2752000, 10025000, 2102650]}]),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both products built by the command, in a fresh process, as a user runs it."""
    folder = tmp_path_factory.mktemp("charts")
    write_yaml(folder, minimal(figures=FIGURES, title="Water, money and missiles in numbers"), "charts.yaml")
    command = [sys.executable, "-m", "briefgen", "build", str(folder / "charts.yaml"), "--out", str(folder / "out"),
               "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return folder


def pdfs(built: Path) -> list[Path]:
    return [built / "out" / "charts-one-page.pdf", built / "out" / "charts-long-form.pdf"]


# ---------------------------------------------------------------- reading the pages back


def _glyphs(page: pdfium.PdfPage) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """Each drawn character's core box (middle half of its height, middle 70 % of its width): upright
    characters, and characters turned a quarter (their boxes are as tight)."""
    text = page.get_textpage()
    found = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        angle = pdfium_c.FPDFText_GetCharAngle(text.raw, index) % math.pi
        if not char.strip() or min(angle, math.pi - angle, abs(angle - math.pi / 2)) > 0.01:
            continue
        x0, y0, x1, y1 = text.get_charbox(index, loose=False)
        w, h = x1 - x0, y1 - y0
        if abs(angle - math.pi / 2) < 0.01:  # turned: the glyph's width runs up the page
            found.append((index, char, (x0 + 0.25 * w, y0 + 0.15 * h, x1 - 0.25 * w, y1 - 0.15 * h)))
        else:
            found.append((index, char, (x0 + 0.15 * w, y0 + 0.25 * h, x1 - 0.15 * w, y1 - 0.25 * h)))
    return found


def collisions(page: pdfium.PdfPage) -> list[str]:
    """Pairs of characters printed over each other (not neighbours in one word), as in
    /work/shared/tools/collisions.py, turned characters included."""
    chars = sorted(_glyphs(page), key=lambda item: item[2][1])
    hits = []
    for n, (i, ci, a) in enumerate(chars):
        for j, cj, b in chars[n + 1:]:
            if b[1] > a[3]:
                break
            if min(a[2], b[2]) - max(a[0], b[0]) <= 0.5 or min(a[3], b[3]) - max(a[1], b[1]) <= 0.5:
                continue
            if unicodedata.category(ci)[0] == "M" or unicodedata.category(cj)[0] == "M":
                continue
            if abs(i - j) <= 2:
                continue  # neighbours in one word: kerning, ligatures
            hits.append(ci + cj)
    return hits


def _marks(obj: object) -> list[str]:
    names = []
    for number in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, number)
        buffer, length = (ctypes.c_ushort * 64)(), ctypes.c_ulong()
        pdfium_c.FPDFPageObjMark_GetName(mark, buffer, 128, ctypes.byref(length))
        names.append(bytes(buffer)[:length.value].decode("utf-16-le").rstrip("\x00"))
    return names


def _bounds(obj: object) -> tuple[float, float, float, float]:
    values = [ctypes.c_float() for _ in range(4)]
    pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in values))
    return tuple(v.value for v in values)  # type: ignore[return-value]


def figures_and_text(page: pdfium.PdfPage) -> tuple[dict[int, tuple[float, ...]], list[tuple[float, ...]],
                                                     list[tuple[float, ...]]]:
    """Each figure's box (union of what its marked content draws, by MCID), the boxes of its text
    objects, and the boxes of all other text objects of the page that is not page furniture."""
    figures: dict[int, tuple[float, ...]] = {}
    inside, outside = [], []
    for number in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, number)
        marks, box = _marks(obj), _bounds(obj)
        text = pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_TEXT
        if "Figure" in marks:
            mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
            old = figures.get(mcid, box)
            figures[mcid] = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))
            if text:
                inside.append(box)
        elif text and "Artifact" not in marks:
            outside.append(box)
    return figures, inside, outside


def live_area(layout: str, page: pdfium.PdfPage) -> tuple[float, float, float, float]:
    from briefgen.layouts.layout import length, load_layout

    margins = load_layout(layout).get("page", "margins")
    width, height = page.get_size()
    return (length(margins["left"]), length(margins["bottom"]), width - length(margins["right"]),
            height - length(margins["top"]))


# ---------------------------------------------------------------- the pages


def test_chart_text_extracts_with_the_languages_grouping(built: Path) -> None:
    long_form = squash("".join(pdf_text(built / "out" / "charts-long-form.pdf")))
    for words in ("55,500", "41,200", "60,000", "-1.5", "1,000,000,000", "0.000001", *LONG, "Independent candidates",
                  "서울특별시", "大阪市", "القاهرة", "10,025,000", "GDP growth", "tonnes of food aid"):
        assert squash(words) in long_form, words
    one_page = squash(pdf_text(built / "out" / "charts-one-page.pdf")[0])
    for words in ("55,500", "60,000", "-1.5", *LONG, "2025-01", "Border gauge"):
        assert squash(words) in one_page, words
    assert "100,000" not in one_page  # the value axis ends at a round number just past 55,500


def test_no_chart_glyph_prints_over_another(built: Path) -> None:
    for path in pdfs(built):
        document = pdfium.PdfDocument(path)
        hits = {number + 1: collisions(document[number]) for number in range(len(document))}
        assert {page: found for page, found in hits.items() if found} == {}, path.name


def test_chart_text_stays_inside_its_figure_its_column_and_the_live_area(built: Path) -> None:
    for path, layout in zip(pdfs(built), ("one-page", "long-form"), strict=True):
        document = pdfium.PdfDocument(path)
        for number in range(len(document)):
            page = document[number]
            figures, inside, outside = figures_and_text(page)
            left, bottom, right, top = live_area(layout, page)
            column = (right - left - 6 * 72 / 25.4) / 2 if layout == "one-page" else right - left
            for box in figures.values():
                assert left - 0.5 <= box[0] and box[2] <= right + 0.5 and bottom - 0.5 <= box[1] and box[3] <= top + 0.5
                assert box[2] - box[0] <= column + 0.5, (path.name, number, box)
                crossing = [text for text in outside if text[0] < box[2] - 0.5 and box[0] < text[2] - 0.5
                            and text[1] < box[3] - 0.5 and box[1] < text[3] - 0.5]
                assert crossing == [], (path.name, number, box)  # no caption or paragraph under a chart
            assert all(any(f[0] - 0.01 <= t[0] and t[2] <= f[2] + 0.01 for f in figures.values()) for t in inside)
        assert sum(len(figures_and_text(document[n])[0]) for n in range(len(document))) >= \
            (3 if layout == "one-page" else len(FIGURES))


def test_every_font_is_embedded_and_none_is_helvetica(built: Path) -> None:
    for path in pdfs(built):
        used = fonts(path)
        assert used and all(used.values()), used
        assert not [name for name in used if "Helvetica" in name]
    assert any("NotoSansKR" in name for name in fonts(built / "out" / "charts-long-form.pdf"))


def test_same_bytes_from_another_process_whatever_matplotlib_finds_around_it(built: Path, tmp_path: Path) -> None:
    """Another hash seed, a fresh matplotlib cache, a home without a matplotlib folder, and a matplotlibrc
    in the working folder that would change everything: the same PDF, and matplotlib's font
    list goes to briefgen's cache, not ~/.config."""
    from briefgen.cache import cache_dir

    fresh = tmp_path / "cache"
    fresh.mkdir()
    shared = cache_dir("fonts")
    for entry in shared.parent.iterdir() if shared else []:  # parsed fonts kept: only matplotlib starts afresh
        if entry.is_dir() and entry.name != "matplotlib":
            (fresh / entry.name).symlink_to(entry, target_is_directory=True)
    (tmp_path / "matplotlibrc").write_text("font.size: 30\naxes.facecolor: red\nsvg.fonttype: path\n"
                                           "axes.unicode_minus: True\nlines.linewidth: 9\n", encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "BRIEFGEN_CACHE": str(fresh),
           "HOME": str(tmp_path / "home"), "MATPLOTLIBRC": str(tmp_path / "matplotlibrc")}
    env.pop("XDG_CONFIG_HOME", None)
    env.pop("MPLCONFIGDIR", None)
    command = [sys.executable, "-m", "briefgen", "build", str(built / "charts.yaml"), "--out", str(tmp_path / "out"),
               "--format", "long-form", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    again = (tmp_path / "out" / "charts-long-form.pdf").read_bytes()
    assert again == (built / "out" / "charts-long-form.pdf").read_bytes()
    assert list((tmp_path / "cache" / "matplotlib").glob("fontlist-*.json"))
    assert not (tmp_path / "home" / ".config" / "matplotlib").exists()


def test_a_brief_without_charts_never_imports_matplotlib_or_babel(tmp_path: Path) -> None:
    code = ("import sys; from briefgen.interface.cli import main; "
            f"a = main(['build', {str(FIXTURES / 'minimal.yaml')!r}, '--out', {str(tmp_path)!r}, '--quiet']); "
            f"b = main(['validate', {str(FIXTURES / 'figures.yaml')!r}]); "
            "print(a, b, sorted(m for m in ('matplotlib', 'babel', 'numpy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0 0 []"


# ---------------------------------------------------------------- the drawings themselves


@pytest.fixture(scope="module")
def draw() -> object:
    """``draw(spec, width)``: the chart's SVG at ``width`` points, as the one-page layout styles it."""
    from briefgen.layouts.layout import load_layout
    from briefgen.rendering import charts
    from briefgen.rendering.chartplot import chart_svg
    from briefgen.text import rl
    from briefgen.text.styles import sheet_for

    rl.install()
    sheet = sheet_for(load_layout("one-page"))
    charts._import_matplotlib()

    def svg(spec: object, width: float, tallest: float = 150) -> str:
        from dataclasses import replace

        style = charts.chart_style(sheet, "chart", "en")
        look = replace(style.look, width=width, tallest=tallest)
        return chart_svg(spec, look, charts.ChartFonts(sheet, style.family, "en"))[0]

    return svg


def spec(kind: str, labels: list[str], *series: list[float | None]) -> object:
    from briefgen.content.figures import ChartSpec

    return ChartSpec(kind, labels, [(f"Series {i}", list(values)) for i, values in enumerate(series)], "", "")


def test_a_null_breaks_the_line_and_each_value_keeps_its_marker(draw) -> None:
    values = [310, 295, None, 260, 140, None, 120, None, 180, 220, 250, 300]
    svg = draw(spec("line", [f"M{i}" for i in range(12)], values), 246)
    line = re.search(r'<g id="line2d_\d+">\s*<path d="([^"]+)"[^>]*style="fill: none; stroke: #1d3557', svg)
    assert line, "the series' line"
    pairs = sum(1 for a, b in zip(values, values[1:]) if a is not None and b is not None)
    assert line.group(1).count("L") == pairs == 5  # no segment crosses a gap
    markers = svg[line.end():].split("</g>", 2)[0] + svg[line.end():].split("</g>", 2)[1]
    assert markers.count("<use ") == 9


def _axis_of(svg: str, label: str) -> str:
    """Which axis (``x`` or ``y``) carries a label in matplotlib's SVG, and whether it is turned."""
    at = svg.index(label)
    axis = re.findall(r'<g id="([xy])tick_\d+">', svg[:at])[-1]
    return axis + (" turned" if "rotate(-90" in svg[svg.rindex("<text", 0, at):at] else "")


def test_labels_too_long_to_sit_under_their_bars_lie_beside_them_or_read_upwards(draw) -> None:
    across = draw(spec("bar", LONG, [55500, 41200, 38750, 12000]), 246)
    assert {_axis_of(across, label.split(" ")[0] + " ") for label in LONG} == {"y"}  # beside horizontal bars
    months = [f"{month} 2024" for month in ("January", "February", "March", "April", "May", "June", "July",
                                            "August", "September", "October", "November", "December")]
    upright = draw(spec("bar", months, list(range(12)), list(range(12, 0, -1))), 246)
    assert {_axis_of(upright, month) for month in months} == {"x turned"}  # twelve bars a column wide
    short = draw(spec("bar", ["2021", "2022"], [1, 2]), 246)
    assert {_axis_of(short, year) for year in ("2021", "2022")} == {"x"}


_LABELS = st.sampled_from(["2024", "Q1", "Nord", "Sudan (White Nile confluence)", "서울특별시",
                           "Uganda (Lake Albert shoreline districts)", "W07", "Ethiopia"])
_VALUES = st.one_of(st.none(), st.sampled_from([0.0, -1.5, 3.2, 55500.0, -38750.0, 1e-6, 2.5e-6, 1e9, 60.0]))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["bar", "line"]), labels=st.lists(_LABELS, min_size=1, max_size=9),
       series=st.integers(1, 6), width=st.sampled_from([246.0, 451.0]), data=st.data())
def test_any_chart_ends_with_no_text_touching_other_text(draw, caplog, kind, labels, series, width, data) -> None:
    rows = [data.draw(st.lists(_VALUES, min_size=len(labels), max_size=len(labels))) for _ in range(series)]
    if not any(v is not None for row in rows for v in row):
        rows[0][0] = 1.0
    caplog.clear()
    draw(spec(kind, labels, *rows), width)
    assert "touches other text" not in caplog.text


def test_a_one_page_column_keeps_a_nice_range_for_large_values(tmp_path: Path) -> None:
    # 55,500 in a narrow column: 0–60K in the short form, not 0–100,000 with two coarse ticks
    chart = {"kind": "bar", "x": ["Egypt (Aswan High Dam)", "Sudan (White Nile confluence)",
                                  "Ethiopia (Grand Renaissance Dam reservoir)"],
             "series": [{"name": "Change", "values": [-1.5, -0.8, 12.3]},
                        {"name": "Allocation", "values": [55500, 18500, 0]}], "unit": "bcm"}
    brief = write_yaml(tmp_path, minimal(figures=[{"id": "flow", "chart": chart, "caption": "Flows."}]))
    assert main(["build", str(brief), "--format", "one-page", "--out", str(tmp_path / "out"), "--quiet"]) == 0
    text = " ".join(pdf_text(tmp_path / "out" / "brief-one-page.pdf"))
    assert "100,000" not in text and "-50,000" not in text
    assert "60K" in text or "60,000" in text
