"""Figures: every kind builds in both products with caption, credit and alt text; bad files are clean errors."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageDraw
from pypdf import PdfReader

from tests.helpers import minimal, pdf_text, run, squash, write_yaml
from tests.structure import read_tree

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
       '<rect width="400" height="200" fill="#eef2f6"/><circle cx="100" cy="100" r="6" fill="#1d3557"/>'
       '<text x="112" y="104" font-family="sans-serif" font-size="14">Pyongyang</text></svg>')


def make_files(folder: Path) -> None:
    """A rotated JPEG (EXIF orientation 6), a transparent PNG, an SVG map, a one-page PDF."""
    photo = Image.new("RGB", (3000, 1500), (200, 210, 220))
    ImageDraw.Draw(photo).rectangle([0, 0, 1500, 1500], fill=(30, 50, 90))
    exif = photo.getexif()
    exif[0x0112] = 6  # shown rotated a quarter turn: 1500 wide, 3000 tall
    photo.save(folder / "photo.jpg", exif=exif, quality=85)
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse([20, 20, 380, 180], fill=(29, 53, 87, 180))
    logo.save(folder / "logo.png")
    (folder / "map.svg").write_text(SVG, encoding="utf-8")
    Image.new("RGB", (300, 200), (180, 190, 200)).save(folder / "diagram.pdf")


FIGURES = [
    {"id": "photo", "image": "photo.jpg", "alt": "Protesters outside the ministry", "caption": "The scene",
     "credit": "Photo: test desk", "after": "summary", "priority": 1},
    {"id": "logo", "image": "logo.png", "alt": "A blue ellipse", "caption": "A transparent PNG", "priority": 1},
    {"id": "map", "image": "map.svg", "alt": "Schematic map with Pyongyang", "caption": "The region",
     "credit": "Map: own work", "priority": 1},
    {"id": "bars", "chart": {"kind": "bar", "x": ["2023-05", "2023-06", "2024-02"], "unit": "statements a month",
                             "series": [{"name": "Statements", "values": [1, None, 2]}]},
     "caption": "Statements addressed to Japan", "after": "timeline", "source": "s1"},
    {"id": "lines", "chart": {"kind": "line", "x": ["2021", "2022", "2023"], "title": "Launches", "unit": "a year",
                              "series": [{"name": "Missiles", "values": [8, 37, 25]},
                                         {"name": "Satellites", "values": [0, 2, None]}]},
     "caption": "Launches by year", "alt": "Line chart of launches, highest 37 in 2022"},
    {"id": "diagram", "image": "diagram.pdf", "alt": "A grey rectangle", "caption": "A PDF figure", "after": "actors"},
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built by the command in a fresh process, as a user runs it: Pillow is imported there only
    when a raster figure is drawn (here the tests import it first)."""
    folder = tmp_path_factory.mktemp("figures")
    make_files(folder)
    data = minimal(figures=FIGURES, sources=[{"id": "s1", "title": "Monitoring feed", "publisher": "Test desk"}])
    write_yaml(folder, data, "figures.yaml")
    command = [sys.executable, "-m", "briefgen", "build", str(folder / "figures.yaml"), "--out", str(folder / "out"),
               "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return folder / "out"


def images(pdf: Path) -> list[tuple[int, int]]:
    found = []
    for page in PdfReader(pdf).pages:
        for image in page.images:
            found.append(image.image.size)
    return found


def test_both_raster_images_are_embedded_upright_and_downsampled(built: Path) -> None:
    sizes = images(built / "figures-long-form.pdf")
    portrait = [size for size in sizes if size[1] > size[0]]
    assert portrait and portrait[0][1] <= 260 / 72 * 300 + 1  # max height 260 pt at 300 dpi: downsampled
    assert any(size == (400, 200) for size in sizes)  # the small PNG is never upscaled


def test_captions_credits_chart_labels_and_units_are_printed(built: Path) -> None:
    text = squash("".join(pdf_text(built / "figures-long-form.pdf")))
    for words in ("Figure 1. The scene", "Photo: test desk", "Figure 3. The region", "Map: own work",
                  "statements a month", "Launches", "a year", "Missiles", "Satellites", "2023-05", "Source: Test desk",
                  "Figure 6. A PDF figure", "Pyongyang"):
        assert squash(words) in text, words


def test_every_figures_alt_text_is_in_the_structure_tree(built: Path) -> None:
    alts = [node.alt for node in read_tree(built / "figures-long-form.pdf").walk() if node.role == "Figure"
            and node.alt and not node.alt.startswith(("likely", "Likelihood"))]
    assert "Protesters outside the ministry" in alts and "Schematic map with Pyongyang" in alts
    assert "Bar chart: statements a month, 2023-05 to 2024-02; highest 2 in 2024-02, lowest 1 in 2023-05, no value " \
           "for 2023-06" in alts
    assert "Line chart of launches, highest 37 in 2022" in alts and "A grey rectangle" in alts
    captions = [node for node in read_tree(built / "figures-long-form.pdf").walk() if node.role == "Caption"]
    assert len(captions) >= 6


def test_priority_one_figures_stay_on_the_one_pager(built: Path) -> None:
    assert len(PdfReader(built / "figures-one-page.pdf").pages) == 1
    text = squash(pdf_text(built / "figures-one-page.pdf")[0])
    for caption in ("The scene", "A transparent PNG", "The region"):
        assert squash(caption) in text


def test_svg_text_uses_the_layouts_fonts(built: Path) -> None:
    from tests.helpers import fonts

    assert all(fonts(built / "figures-long-form.pdf").values())  # every font embedded, none a base-14 font


def bad(folder: Path, capsys, figure: dict, name: str = "bad.yaml") -> tuple[int, str, float]:
    path = write_yaml(folder, minimal(figures=[figure]), name)
    started = time.perf_counter()
    code, _, err = run(capsys, "build", path, "--out", folder / "out")
    return code, err, time.perf_counter() - started


@pytest.mark.parametrize("prepare, figure, message", [
    (None, {"id": "f", "image": "missing.png", "alt": "x"}, "'missing.png' not found"),
    ("text", {"id": "f", "image": "fake.png", "alt": "x"}, "'fake.png' is not a PNG file, whatever its name says"),
    ("bomb", {"id": "f", "image": "huge.png", "alt": "x"}, "'huge.png' is larger than 50 megapixels: scale it down"),
    ("svg-href", {"id": "f", "image": "remote.svg", "alt": "x"},
     "'remote.svg' references 'http://example.org/x.png'; an SVG figure may reference nothing outside itself"),
    ("svg-script", {"id": "f", "image": "script.svg", "alt": "x"}, "'script.svg' carries <script>"),
    (None, {"id": "f", "image": "../outside.png", "alt": "x"}, "'../outside.png' is outside the brief's folder"),
    ("pages", {"id": "f", "image": "two.pdf", "alt": "x"}, "'two.pdf' has 2 pages; a PDF figure must have exactly one"),
    (None, {"id": "f", "image": "photo.gif", "alt": "x"}, "use a PNG, JPEG, SVG or PDF file"),
    (None, {"id": "f", "image": "x.png"}, "an image needs `alt`"),
    (None, {"id": "f", "chart": {"kind": "bar", "x": ["a", "b"], "series": [{"name": "s", "values": [1]}]}},
     "has 1 values; `x` has 2 labels"),
    (None, {"id": "f", "chart": {"kind": "line", "x": ["a"], "series": [{"name": "s", "values": [None]}]}},
     "the chart has no numbers to draw"),
])
def test_bad_figures_are_located_errors(tmp_path: Path, capsys, prepare: str | None, figure: dict,
                                        message: str) -> None:
    brief_folder = tmp_path / "brief"
    brief_folder.mkdir()
    if prepare == "text":
        (brief_folder / "fake.png").write_text("not an image")
    elif prepare == "bomb":  # a valid header claiming 20000 × 20000 pixels, with almost no data
        Image.new("1", (20000, 20000)).save(brief_folder / "huge.png", optimize=True)
    elif prepare == "svg-href":
        (brief_folder / "remote.svg").write_text(SVG.replace("<circle", '<image href="http://example.org/x.png"/><circle'))
    elif prepare == "svg-script":
        (brief_folder / "script.svg").write_text(SVG.replace("<circle", "<script>alert(1)</script><circle"))
    elif prepare == "pages":
        pages = [Image.new("RGB", (100, 100)), Image.new("RGB", (100, 100))]
        pages[0].save(brief_folder / "two.pdf", save_all=True, append_images=pages[1:])
    code, err, seconds = bad(brief_folder, capsys, figure)
    assert code == 1 and "Traceback" not in err and seconds < 20
    line = next(line for line in err.splitlines() if message in line)
    assert line.startswith(f"{brief_folder / 'bad.yaml'}:") and ": figures[0]" in line
    assert not (brief_folder / "out").exists()


def test_example_brief_has_a_chart_from_its_timeline_and_a_map() -> None:
    from tests.helpers import EXAMPLE

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    kinds = {figure["id"]: ("chart" if "chart" in figure else Path(figure["image"]).suffix) for figure in data["figures"]}
    assert kinds == {"region-map": ".svg", "messages-by-month": "chart"}
