"""New content never breaks the page: a brief written the way a stranger would (a 140-character
title, a long office name, events days apart in a thirty-year timeline, photographs of any size),
built on A4 and Letter and read back from the PDF with pdfium."""

from __future__ import annotations

import ctypes
import unicodedata
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from briefgen.interface.cli import main
from briefgen.layouts.layout import length, load_layout
from briefgen.names import PAPER_SIZES
from briefgen.rendering.document import frame_box
from briefgen.text.styles import StyleSheet
from tests.helpers import numbers_in, minimal, write_yaml

TITLE = ("Kyiv grain corridor after the strikes: shipping insurers, Danube ports and the Black Sea naval "
         "balance in a year of attrition and doubt")
OFFICE = "Europe and Eurasia Directorate, Office of Analysis for Regional Security"
DATES = ["1994", "2001-09-11", "2014-02", "2022-02-24", "2024-03-01", "2024-03-03", "2024-03-04", "2024-03-10",
         "2024-03-11", "2024-03-12"]
PHOTOS = {"panorama.jpg": (3000, 1000), "snapshot.jpg": (600, 400)}  # wider than the text; narrower at 150 dpi


def stranger(folder: Path, **changes: Any) -> Path:
    for name, size in PHOTOS.items():
        photo = Image.new("RGB", size, (190, 200, 210))
        ImageDraw.Draw(photo).rectangle([0, size[1] // 2, size[0], size[1]], fill=(40, 60, 90))
        photo.save(folder / name, quality=85)
    data = minimal(
        title=TITLE, organization=OFFICE, classification="UNCLASSIFIED",
        timeline=[{"date": date, "text": f"Event {n} on the corridor, reported by the port authority."}
                  for n, date in enumerate(DATES, start=1)],
        figures=[{"id": name.split(".")[0], "image": name, "alt": f"Photograph {name}", "caption": "Izmail port",
                  "credit": "Photo: desk", "after": "timeline"} for name in PHOTOS])
    data.update(changes)
    return write_yaml(folder, data)


def build(folder: Path, brief: Path, paper: str) -> Path:
    out = folder / paper
    assert main(["build", str(brief), "--format", "long-form", "--paper", paper, "--out", str(out), "--quiet"]) == 0
    return out / f"{brief.stem}-long-form.pdf"


@pytest.fixture(scope="module", params=["a4", "letter"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp(f"stranger-{request.param}")
    return build(folder, stranger(folder), request.param), request.param


# ---------------------------------------------------------------- reading the PDF back


def text_objects(page: Any) -> list[tuple[str, tuple[float, ...], tuple[int, int, int]]]:
    """(text, bounds, fill colour) of every text object on a page."""
    textpage, found = page.get_textpage(), []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,), max_depth=8):
        obj.textpage = textpage
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
        found.append((obj.extract().strip(), tuple(obj.get_bounds()), (r.value, g.value, b.value)))
    return found


def paths(page: Any) -> list[tuple[float, ...]]:
    return [tuple(obj.get_bounds()) for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=8)]


def collisions(page: Any) -> list[str]:
    """Characters printed over others (the invariant of /work/shared/tools/collisions.py): cores of
    glyph boxes (middle half of the height, middle 70 % of the width) that overlap, neighbours
    within one word excepted."""
    textpage, chars = page.get_textpage(), []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        angle = raw.FPDFText_GetCharAngle(textpage.raw, i)
        if char.strip() and min(angle, 6.2832 - angle) < 0.01 and unicodedata.category(char)[0] != "M":
            x0, y0, x1, y1 = textpage.get_charbox(i, loose=False)
            w, h = x1 - x0, y1 - y0
            chars.append((i, char, (x0 + 0.15 * w, y0 + 0.25 * h, x1 - 0.15 * w, y1 - 0.25 * h)))
    hits = []
    for n, (i, ci, a) in enumerate(chars):
        for j, cj, b in chars[n + 1:]:
            if min(a[2], b[2]) - max(a[0], b[0]) <= 0.5 or min(a[3], b[3]) - max(a[1], b[1]) <= 0.5:
                continue
            same_line = abs((a[1] + a[3]) - (b[1] + b[3])) < 0.3 * (a[3] - a[1])
            if abs(i - j) <= 2 and same_line:
                continue
            hits.append(ci + cj)
    return hits




def chart_on(pdf: Any) -> tuple[Any, list, list]:
    """The page with the timeline chart, its marker labels (white text) and marker boxes."""
    for page in pdf:
        labels = [(text, box) for text, box, fill in text_objects(page) if fill == (255, 255, 255)]
        if labels:
            markers = [box for box in paths(page)
                       if any(box[0] <= (l[0] + l[2]) / 2 <= box[2] and box[1] <= (l[1] + l[3]) / 2 <= box[3]
                              and box[3] - box[1] < 20 for _, l in labels)]
            return page, labels, markers
    raise AssertionError("no timeline chart found")


def overlap(a: tuple[float, ...], b: tuple[float, ...], slack: float = 0.3) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


# ---------------------------------------------------------------- the checks


def test_no_glyph_is_printed_over_another(built: tuple[Path, str]) -> None:
    pdf = pdfium.PdfDocument(built[0])
    assert {n + 1: hits for n, page in enumerate(pdf) if (hits := collisions(page))} == {}


def test_every_event_number_is_on_one_marker_and_markers_stand_clear(built: tuple[Path, str]) -> None:
    page, labels, markers = chart_on(pdfium.PdfDocument(built[0]))
    assert sorted(n for text, _ in labels for n in numbers_in(text)) == list(range(1, len(DATES) + 1))
    assert any("–" in text for text, _ in labels)  # the days-apart events share one marker
    assert len(markers) == len(labels)
    for n, box in enumerate(markers):
        assert not any(overlap(box, other) for other in markers[n + 1:])
    stems = [b for b in paths(page) if b[2] - b[0] < 1.0 and b[3] - b[1] > 6]
    assert stems and all(not overlap(stem, box, 0.6) for stem in stems for box in markers)


def header_band(page: Any, paper: str, place: str) -> list[tuple[str, tuple[float, ...]]]:
    """Characters (not spaces) on the running head's or foot's baseline, left to right."""
    layout = load_layout("long-form")
    inset = length(layout.get("page", f"{place}_inset"))
    y = PAPER_SIZES[paper][1] - inset if place == "header" else inset
    textpage, found = page.get_textpage(), []
    for i in range(textpage.count_chars()):
        char, box = textpage.get_text_range(i, 1), textpage.get_charbox(i)
        if char.strip() and y - 3 <= (box[1] + box[3]) / 2 <= y + 6:
            found.append((char, box))
    return sorted(found, key=lambda item: item[1][0])


def test_running_heads_and_feet_keep_an_em_apart_and_the_title_is_shortened(built: tuple[Path, str]) -> None:
    path, paper = built
    em = StyleSheet(load_layout("long-form")).paragraph("header").fontSize
    pdf = pdfium.PdfDocument(path)
    for page in list(pdf)[1:]:  # the cover has no running head
        for place in ("header", "footer"):
            band = header_band(page, paper, place)
            gaps = [b[1][0] - a[1][2] for a, b in zip(band, band[1:])]
            assert max(gaps) >= em, (place, "".join(c for c, _ in band))
            assert min(gaps) > -0.5  # nothing drawn over anything
        head = "".join(char for char, _ in header_band(page, paper, "header"))
        assert "…" in head and "Europe and Eurasia Directorate," in page.get_textpage().get_text_range()
    assert PdfReader(path).metadata.title == TITLE


def test_photographs_are_centred_at_the_text_width(built: tuple[Path, str]) -> None:
    path, paper = built
    x, _, width, _ = frame_box(StyleSheet(load_layout("long-form")), PAPER_SIZES[paper])
    boxes = [tuple(obj.get_bounds()) for page in pdfium.PdfDocument(path)
             for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=8)]
    assert len(boxes) == 2
    panorama, snapshot = sorted(boxes, key=lambda b: b[0] - b[2])
    assert panorama[2] - panorama[0] == pytest.approx(width, abs=0.5)  # scaled to the text width
    assert snapshot[2] - snapshot[0] == pytest.approx(600 * 72 / 150, abs=0.5)  # never below 150 dpi
    for box in (panorama, snapshot):
        assert box[0] - x == pytest.approx(x + width - box[2], abs=0.5)  # centred


@pytest.mark.parametrize(("language", "title", "kept"), [
    ("ja", "北朝鮮の対日接近：岸田政権の首脳会談構想と拉致問題をめぐる駆け引き、そして米朝協議再開の可能性についての分析と今後の見通し",
     "北朝鮮の対日接近"),
    ("ar", "مفاوضات ممر الحبوب بعد الضربات: شركات التأمين البحري وموانئ الدانوب وميزان القوى البحرية في البحر الأسود "
           "خلال عام من الاستنزاف", None),
], ids=["ja", "ar"])
def test_cjk_and_rtl_titles_are_shortened_too(tmp_path: Path, language: str, title: str, kept: str | None) -> None:
    body = [" ".join(["A paragraph long enough to fill the page."] * 12)] * 8  # a body past the cover
    brief = write_yaml(tmp_path, minimal(title=title, organization=OFFICE, language=language, background=body))
    path = build(tmp_path, brief, "a4")
    em = StyleSheet(load_layout("long-form")).paragraph("header").fontSize
    page = pdfium.PdfDocument(path)[1]
    band = header_band(page, "a4", "header")
    assert max(b[1][0] - a[1][2] for a, b in zip(band, band[1:])) >= em
    assert collisions(page) == []
    text = page.get_textpage().get_text_range().replace("...", "…")  # pdfium decomposes … on right-to-left pages
    assert "…" in text and (kept is None or kept in text) and title not in text
