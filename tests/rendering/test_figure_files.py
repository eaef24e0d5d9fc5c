"""A figure file replaced in place is read again by a process that drew it before (the API, watch)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

import briefgen
from tests.helpers import drawn_images, minimal, write_yaml


def _png(path: Path, size: tuple[int, int], age: int) -> None:
    """Write a PNG and give it a distinct modification time (a second apart), as a save would."""
    Image.new("RGB", size, (40, 60, 90)).save(path)
    os.utime(path, ns=(1_700_000_000 * 10**9 + age * 10**9,) * 2)


def _brief(folder: Path) -> Path:
    figure = {"id": "chart", "image": "chart.png", "alt": "A block of colour", "caption": "Replaced in place",
              "priority": 1}
    return write_yaml(folder, minimal(figures=[figure]), "brief.yaml")


@pytest.mark.parametrize("product", ["long-form", "one-page"])
def test_a_png_replaced_in_place_is_drawn_at_its_new_size(tmp_path: Path, product: str) -> None:
    """150 × 100 px prints 72 × 48 pt (at the figure style's 150 dpi floor); the same file
    rewritten as 300 × 100 px, in the same process, prints 144 × 48 pt."""
    _png(tmp_path / "chart.png", (150, 100), age=0)
    brief = briefgen.load(_brief(tmp_path))
    assert drawn_images(briefgen.render(brief, product).pdf) == [(150, 100, 72.0, 48.0)]
    _png(tmp_path / "chart.png", (300, 100), age=1)
    assert drawn_images(briefgen.render(brief, product).pdf) == [(300, 100, 144.0, 48.0)]


def test_an_unchanged_png_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size of a figure is kept while its file keeps its identity: a second render does not open it to measure."""
    from briefgen.rendering import figures

    _png(tmp_path / "chart.png", (150, 100), age=0)
    brief = briefgen.load(_brief(tmp_path))
    first = briefgen.render(brief, "long-form").pdf
    opened: list[str] = []
    original = Image.open
    monkeypatch.setattr(Image, "open", lambda path, *a, **k: opened.append(str(path)) or original(path, *a, **k))
    assert briefgen.render(brief, "long-form").pdf == first
    assert figures._pixel_size(str(tmp_path / "chart.png")) == (150, 100)
    assert opened.count(str(tmp_path / "chart.png")) == 1  # only to draw it (downsampled), never to measure it


def test_the_fitter_measures_a_replaced_figure_again(tmp_path: Path) -> None:
    """Block heights are kept for the process by content; a figure file's identity is part of it, so the
    same brief with its PNG rewritten taller (150 × 100 → 150 × 200 px) measures 48 pt more (set in
    one column: the long form's layout)."""
    from briefgen.compose.template import compose
    from briefgen.content.validate import load_brief
    from briefgen.layouts.layout import load_layout
    from briefgen.names import PAPER_SIZES
    from briefgen.products.fit import Fitter
    from briefgen.rendering.document import frame_box
    from briefgen.text.styles import Scaling, sheet_for

    _png(tmp_path / "chart.png", (150, 100), age=0)
    validated = load_brief(str(_brief(tmp_path)))
    layout = load_layout("long-form")
    root = compose(validated, layout).root
    frame = frame_box(sheet_for(layout), PAPER_SIZES["a4"])[2:]

    def height() -> float:
        return Fitter(layout, root, validated.loaded, frame).height_of(Scaling(), 0)

    before = height()
    _png(tmp_path / "chart.png", (150, 200), age=1)
    assert round(height() - before, 6) == 48
