"""The layout fingerprint a PDF records follows the layout's files in a long-lived process."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.layouts.layout import load_layout
from briefgen.products.provenance import layout_fingerprint
from tests.helpers import ROOT


def _save(path: Path, text: str, age: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1_700_000_000 * 10**9 + age * 10**9,) * 2)


def test_an_edited_or_added_layout_file_changes_the_fingerprint_in_the_same_process(tmp_path: Path) -> None:
    folder = tmp_path / "house"
    (folder / "templates").mkdir(parents=True)
    _save(folder / "layout.yaml", f"extends: {ROOT / 'briefgen' / 'layouts' / 'one-page'}\n", 0)
    _save(folder / "templates" / "note.xml.j2", "<note/>", 0)
    layout = load_layout(str(folder))
    first = layout_fingerprint(layout)
    assert layout_fingerprint(layout) == first
    _save(folder / "templates" / "note.xml.j2", "<nota/>", 1)  # a template is not in the layout's own check
    second = layout_fingerprint(layout)
    assert second != first
    _save(folder / "templates" / "extra.xml.j2", "<extra/>", 2)
    assert layout_fingerprint(layout) not in (first, second)
