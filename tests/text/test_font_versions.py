"""A font file edited in place is read again by a process that registered it before (the API, watch),
and the name briefgen registers a face under never reaches the PDF."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import briefgen
from tests.helpers import ROOT, fonts, minimal, write_yaml

BASE_FONTS = ROOT / "briefgen" / "layouts" / "base" / "fonts"


def _layout(folder: Path) -> Path:
    """A layout extending the one-pager whose serif family is one file of its own, ``fonts/Body.ttf``."""
    layout = folder / "house"
    (layout / "fonts").mkdir(parents=True)
    (layout / "layout.yaml").write_text(
        f"extends: {ROOT / 'briefgen' / 'layouts' / 'one-page'}\n"
        "fonts:\n  serif:\n    regular: fonts/Body.ttf\n", encoding="utf-8")
    return layout


def _save(source: Path, target: Path, age: int) -> None:
    """Copy a font over ``target`` with a distinct modification time (a second apart), as a save would."""
    shutil.copyfile(source, target)
    os.utime(target, ns=(1_700_000_000 * 10**9 + age * 10**9,) * 2)


def _faces(pdf: bytes) -> set[str]:
    """The embedded faces, without their subset prefix (``ABCDEF+NotoSerif`` → ``NotoSerif``)."""
    return {name.split("+", 1)[-1] for name in fonts(io.BytesIO(pdf))}  # type: ignore[arg-type]


def test_an_edited_font_file_is_read_again_in_the_same_process(tmp_path: Path) -> None:
    layout = _layout(tmp_path)
    body = layout / "fonts" / "Body.ttf"
    _save(BASE_FONTS / "NotoSerif-Regular.ttf", body, age=0)
    brief = briefgen.load(write_yaml(tmp_path, minimal()))
    first = _faces(briefgen.render(brief, "one-page", layout=layout).pdf)
    assert "NotoSerif-Regular" in first
    _save(BASE_FONTS / "NotoSans-Regular.ttf", body, age=1)  # same path, other face
    second = _faces(briefgen.render(brief, "one-page", layout=layout).pdf)
    assert "NotoSerif-Regular" not in second and "NotoSans-Regular" in second


def test_a_touched_font_gets_a_new_name_and_the_same_pdf(tmp_path: Path) -> None:
    """Same bytes, new modification time: registered again under another name, PDF byte for byte the same."""
    from briefgen.text.fonts import font_name

    layout = _layout(tmp_path)
    body = layout / "fonts" / "Body.ttf"
    _save(BASE_FONTS / "NotoSerif-Regular.ttf", body, age=0)
    brief = briefgen.load(write_yaml(tmp_path, minimal()))
    before, first = font_name(body), briefgen.render(brief, "one-page", layout=layout).pdf
    os.utime(body, ns=(1_700_000_000 * 10**9 + 10**9,) * 2)
    after, second = font_name(body), briefgen.render(brief, "one-page", layout=layout).pdf
    assert before != after and before.startswith("Body-") and after.startswith("Body-")
    assert second == first


def test_an_unchanged_font_is_registered_once_and_an_edited_one_again(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics

    from briefgen.text.fonts import register_file

    body = tmp_path / "Body.ttf"
    _save(BASE_FONTS / "NotoSerif-Regular.ttf", body, age=0)
    name = register_file(body)
    registered = pdfmetrics.getFont(name)
    assert register_file(body) == name and pdfmetrics.getFont(name) is registered
    _save(BASE_FONTS / "NotoSerif-Bold.ttf", body, age=1)
    edited = register_file(body)
    assert edited != name
    assert pdfmetrics.getFont(edited).face.name == b"NotoSerif-Bold"
    assert pdfmetrics.getFont(name).face.name == b"NotoSerif-Regular"
