"""briefgen watch: which saves rebuild and which empty the process caches, decided without the watcher;
and a rebuild in the same process draws a replaced figure at its new size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from briefgen import memo
from briefgen.interface.watch import Decision, Watched, decide, react, rebuild, watched
from briefgen.layouts import BUILTIN_LAYOUTS
from tests.helpers import drawn_images, minimal, write_yaml

LAYOUTS = BUILTIN_LAYOUTS.resolve()


@pytest.fixture
def state(tmp_path: Path) -> Watched:
    fonts = tmp_path / "user-cache" / "script-fonts"
    return Watched(tmp_path / "brief.yaml", frozenset({tmp_path / "figures" / "map.svg", tmp_path / "photo.jpg"}),
                   (LAYOUTS,), (LAYOUTS / "base" / "fonts", fonts))


@pytest.mark.parametrize(("name", "expected"), [
    ("brief.yaml", Decision(rebuild=True)),
    ("other.json", Decision(rebuild=True)),
    ("figures/map.svg", Decision(rebuild=True)),
    ("photo.jpg", Decision(rebuild=True)),
    ("unused.png", Decision()),
    ("output/brief-one-page.pdf", Decision()),
    (".brief.yaml.swp", Decision()),
    ("notes.ttf", Decision()),  # a font outside the layouts is none of theirs
])
def test_saves_beside_the_brief(state: Watched, tmp_path: Path, name: str, expected: Decision) -> None:
    assert decide([tmp_path / name], state) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("one-page/layout.yaml", Decision(rebuild=True, forget=True)),
    ("base/templates/macros.xml.j2", Decision(rebuild=True, forget=True)),
    ("base/color/sRGB.icc", Decision(rebuild=True, forget=True)),
    ("base/fonts/NotoSerif-Regular.ttf", Decision(rebuild=True, forget=True)),
    ("base/fonts/scripts/NotoSansKR-Regular.otf", Decision(rebuild=True, forget=True)),
    ("layout.py", Decision()),  # briefgen's code beside the shipped layouts
    ("base/color/README.md", Decision()),
])
def test_saves_in_the_layouts(state: Watched, name: str, expected: Decision) -> None:
    assert decide([LAYOUTS / name], state) == expected


def test_a_font_in_the_user_fonts_folder_rebuilds_and_forgets(state: Watched, tmp_path: Path) -> None:
    fonts = tmp_path / "user-cache" / "script-fonts"
    assert decide([fonts / "NotoSansJP-Regular.ttf"], state) == Decision(rebuild=True, forget=True)
    assert decide([fonts / "NotoSansJP-Regular-1a2b.marshal"], state) == Decision()  # parsed metrics, written by builds


def test_a_batch_takes_the_strongest_decision(state: Watched, tmp_path: Path) -> None:
    assert decide([tmp_path / "x.tmp", tmp_path / "brief.yaml"], state) == Decision(rebuild=True)
    assert decide([tmp_path / "photo.jpg", LAYOUTS / "base" / "layout.yaml"], state) == Decision(True, True)
    assert decide([], state) == Decision()


def test_the_folders_watched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The brief's folder (holding its figures folder), the layouts (holding their own fonts) and the
    per-user fonts folder, where fetched fonts live; a figure folder that does not exist is left out."""
    brief, fonts = tmp_path / "brief", tmp_path / "fonts"
    (brief / "figures").mkdir(parents=True)
    fonts.mkdir()
    monkeypatch.setenv("BRIEFGEN_FONTS", str(fonts))
    found = watched(brief / "brief.yaml", ("one-page",), frozenset({brief / "figures" / "map.svg",
                                                                   tmp_path / "elsewhere" / "a.png"}))
    assert found.brief == (brief / "brief.yaml").resolve()
    assert set(found.fonts) == {LAYOUTS / "base" / "fonts", fonts}  # the layout read again with BRIEFGEN_FONTS
    assert found.folders() == sorted([brief, fonts, *found.layouts])


def _png(path: Path, size: tuple[int, int], age: int) -> None:
    Image.new("RGB", size, (40, 60, 90)).save(path)
    os.utime(path, ns=(1_700_000_000 * 10**9 + age * 10**9,) * 2)


def test_a_replaced_figure_is_rebuilt_in_process_at_its_new_size(tmp_path: Path, monkeypatch, capsys) -> None:
    figure = {"id": "chart", "image": "chart.png", "alt": "A block of colour", "caption": "Replaced", "priority": 1}
    brief = write_yaml(tmp_path, minimal(figures=[figure]), "brief.yaml")
    _png(tmp_path / "chart.png", (150, 100), age=0)
    out, formats = tmp_path / "out", ("long-form",)
    done = rebuild(str(brief), str(out), "a4", formats)
    assert done.ok and done.figures == {(tmp_path / "chart.png").resolve()}
    pdf = out / "brief-long-form.pdf"  # the id comes from the file name
    assert drawn_images(pdf) == [(150, 100, 72.0, 48.0)]

    cleared: list[bool] = []
    monkeypatch.setattr(memo, "clear_all", lambda: cleared.append(True))
    state = watched(brief, formats, done.figures)
    _png(tmp_path / "chart.png", (300, 100), age=1)
    assert react([(tmp_path / "chart.png").resolve()], state, str(brief), str(out), "a4", formats) == state
    assert drawn_images(pdf) == [(300, 100, 144.0, 48.0)]
    assert cleared == []  # a figure is keyed by its file's identity: no cache needs emptying
    react([LAYOUTS / "long-form" / "layout.yaml"], state, str(brief), str(out), "a4", formats)
    assert cleared == [True]
    assert capsys.readouterr().err.count(": wrote ") == 3  # the first build and two rebuilds
