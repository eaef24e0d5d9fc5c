"""Stage 6: briefing packs — cover, contents, bookmarks per item, duplex, watermark, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import EXAMPLE, FIXTURES, ROOT, outline_titles, pdf_text, run, write_yaml


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    for path in (EXAMPLE, FIXTURES / "realistic.yaml", FIXTURES / "minimal.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


MANIFEST = """\
title: Meeting pack written by another desk
date: 2025-04-11
classification: UNCLASSIFIED
duplex: true
watermark: DRAFT
items:
  - {brief: dprk-japan-overture.yaml, format: one-page}
  - {brief: realistic.yaml, format: long-form}
  - {brief: dprk-japan-overture.yaml, format: long-form}
  - {brief: minimal.yaml, format: one-page}
  - {brief: dprk-japan-overture.yaml, format: one-page}
"""


@pytest.fixture(scope="module")
def pack(pack_dir: Path) -> tuple[Path, str]:
    import io
    from contextlib import redirect_stderr

    from briefgen.cli import main

    write_yaml(pack_dir, MANIFEST, "meeting.yaml")
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        assert main(["pack", str(pack_dir / "meeting.yaml"), "--out", str(pack_dir / "out" / "meeting.pdf")]) == 0
    return pack_dir / "out" / "meeting.pdf", stderr.getvalue()


def test_cover_names_the_pack_and_lists_items(pack: tuple[Path, str]) -> None:
    pages = pdf_text(pack[0])
    assert "Meeting pack written by another desk" in pages[0]
    assert "Arvan basin water talks stall" in pages[0] and "Minimal brief" in pages[0]
    assert "Contents" in pages[1]


def test_one_top_level_bookmark_per_item_with_its_own_nested(pack: tuple[Path, str]) -> None:
    titles = outline_titles(pack[0])
    top = [title for depth, title in titles if depth == 0]
    assert top[:2] == ["Cover", "Contents"]
    items = top[2:]
    assert len(items) == 5
    assert items[1] == "Arvan basin water talks stall as dry season nears (long-form brief)"
    assert items[0].endswith("(one-page brief)")
    assert (1, "Outlook") in titles and (2, "Talks drift past the deadline") in titles


def test_duplex_starts_every_item_on_an_odd_page(pack: tuple[Path, str]) -> None:
    reader = PdfReader(pack[0])
    starts = []
    for item in [o for o in reader.outline if not isinstance(o, list)][2:]:
        starts.append(reader.get_destination_page_number(item) + 1)
    assert len(starts) == 5 and all(page % 2 == 1 for page in starts), starts
    blanks = [i for i, text in enumerate(pdf_text(pack[0]), start=1) if "intentionally left blank" in text]
    assert blanks and all(page % 2 == 0 for page in blanks)
    for page in blanks:
        assert pdf_text(pack[0])[page - 1].count("UNCLASSIFIED") == 2


def test_watermark_and_pack_page_number_on_every_page(pack: tuple[Path, str]) -> None:
    pages = pdf_text(pack[0])
    for number, text in enumerate(pages, start=1):
        assert "DRAFT" in text
        assert f"Pack page {number} of {len(pages)}" in text
    assert PdfReader(pack[0]).page_labels[:3] == ["1", "2", "3"]


def test_contents_page_numbers_match_the_items(pack: tuple[Path, str]) -> None:
    reader = PdfReader(pack[0])
    contents = pdf_text(pack[0])[1]
    for item in [o for o in reader.outline if not isinstance(o, list)][2:]:
        assert str(reader.get_destination_page_number(item) + 1) in contents


def test_marking_mismatch_warns_naming_the_item(pack: tuple[Path, str]) -> None:
    assert "warning: item 2 is marked 'TLP:AMBER'; the pack is marked 'UNCLASSIFIED'" in pack[1]
    assert "warning: item 4 is marked 'with no marking'" in pack[1]


def test_items_are_reused_when_up_to_date(pack_dir: Path, pack: tuple[Path, str], capsys) -> None:
    item = pack_dir / "out" / "realistic-long-form.pdf"
    stamp = item.stat().st_mtime_ns
    code, _, _ = run(capsys, "pack", pack_dir / "meeting.yaml", "--out", pack_dir / "out" / "again.pdf")
    assert code == 0 and item.stat().st_mtime_ns == stamp
    assert (pack_dir / "out" / "again.pdf").read_bytes() == pack[0].read_bytes()


def test_missing_brief_and_unknown_format_are_both_reported(tmp_path: Path, capsys) -> None:
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "minimal.yaml")
    manifest = write_yaml(tmp_path, "title: Broken pack\ndate: 2025-01-01\nitems:\n"
                                    "  - {brief: missing.yaml, format: one-page}\n"
                                    "  - {brief: minimal.yaml, format: two-page}\n", "broken.yaml")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "out" / "broken.pdf")
    assert code == 1
    assert f"{manifest}:4:13: items[0].brief: brief 'missing.yaml' not found" in err
    assert f"{manifest}:5:35: items[1].format: 'two-page' is not allowed; expected one of 'one-page' or 'long-form'" in err
    assert not (tmp_path / "out").exists()


def test_invalid_item_is_reported_against_the_manifest(tmp_path: Path, capsys) -> None:
    write_yaml(tmp_path, "title: x\n", "bad.yaml")
    manifest = write_yaml(tmp_path, "title: P\ndate: 2025-01-01\nitems:\n  - {brief: bad.yaml, format: long-form}\n", "p.yaml")
    code, _, err = run(capsys, "pack", manifest)
    assert code == 1 and f"{manifest}:4:13: items[0].brief: brief 'bad.yaml' is invalid: " in err


def test_example_pack_manifest_is_valid(capsys) -> None:
    code, _, err = run(capsys, "validate", ROOT / "content" / "packs" / "korea-desk.yaml")
    assert code == 0, err


def test_validate_checks_a_manifests_items(tmp_path: Path, capsys) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    manifest = write_yaml(packs, "title: P\ndate: 2025-01-01\nitems:\n  - {brief: nope.yaml, format: one-page}\n", "p.yaml")
    code, _, err = run(capsys, "validate", manifest)
    assert code == 1 and f"{manifest}:4:13: items[0].brief: brief 'nope.yaml' not found" in err
