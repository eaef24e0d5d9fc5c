"""Stage 6: briefing packs — cover, contents, bookmarks per item, duplex, watermark, errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import EXAMPLE, FIXTURES, ROOT, outline_titles, pdf_text, run, write_yaml


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    for path in (EXAMPLE, FIXTURES / "realistic.yaml", FIXTURES / "minimal.yaml"):
        shutil.copy(path, folder / path.name)
    shutil.copytree(EXAMPLE.parent / "figures", folder / "figures")  # the example's map
    example = folder / EXAMPLE.name  # a TLP pack holds TLP items: mark the example's copy in that scheme
    example.write_text(example.read_text(encoding="utf-8").replace("classification: UNCLASSIFIED",
                                                                    "classification: TLP:GREEN"), encoding="utf-8")
    return folder


MANIFEST = """\
title: Meeting pack written by another desk
date: 2025-04-11
classification: TLP:AMBER
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

    from briefgen.interface.cli import main

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
        assert pdf_text(pack[0])[page - 1].count("TLP:AMBER") == 2


def test_watermark_and_pack_page_number_on_every_page(pack: tuple[Path, str]) -> None:
    pages = pdf_text(pack[0])
    for number, text in enumerate(pages, start=1):
        assert text.count("DRAFT") == 1
        assert re.findall(r"Pack page \d+ of \d+", text) == [f"Pack page {number} of {len(pages)}"]


def test_contents_page_numbers_match_the_items(pack: tuple[Path, str]) -> None:
    reader = PdfReader(pack[0])
    contents = pdf_text(pack[0])[1]
    for item in [o for o in reader.outline if not isinstance(o, list)][2:]:
        assert str(reader.get_destination_page_number(item) + 1) in contents


def test_page_labels_set_front_matter_blanks_and_items_apart(pack: tuple[Path, str]) -> None:
    reader = PdfReader(pack[0])
    labels = reader.page_labels
    assert labels[:3] == ["Cover", "Contents", "1-1"]
    blanks = [i for i, text in enumerate(pdf_text(pack[0])) if "intentionally left blank" in text]
    assert blanks and all(labels[i] == "Blank" for i in blanks)
    item_pages = [label for label in labels[2:] if label != "Blank"]
    assert item_pages[:2] == ["1-1", "2-1"] and item_pages[-1] == "5-1"


def test_pack_writes_only_its_own_file(pack_dir: Path, pack: tuple[Path, str]) -> None:
    assert sorted(p.name for p in (pack_dir / "out").iterdir()) == ["meeting.pdf"]


def test_items_are_reused_when_up_to_date(pack_dir: Path, pack: tuple[Path, str], capsys) -> None:
    out = pack_dir / "out"
    assert run(capsys, "build", pack_dir / "realistic.yaml", "--format", "long-form", "--out", out)[0] == 0
    item = out / "realistic-long-form.pdf"
    stamp = item.stat().st_mtime_ns
    code, _, _ = run(capsys, "pack", pack_dir / "meeting.yaml", "--out", out / "again.pdf")
    assert code == 0 and item.stat().st_mtime_ns == stamp
    assert (out / "again.pdf").read_bytes() == pack[0].read_bytes()
    item.unlink()


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


# ---------------------------------------------------------------- markings, files, ids (issue: packs that never mislead)


def _marked(folder: Path, name: str, marking: str | None) -> Path:
    from tests.helpers import minimal

    return write_yaml(folder, minimal(classification=marking, id=name), f"{name}.yaml")


def _manifest(folder: Path, marking: str | None, *names: str) -> Path:
    lines = ["title: Marking test", "date: 2025-01-01"] + ([f"classification: '{marking}'"] if marking else [])
    lines += ["items:"] + [f"  - {{brief: {name}.yaml, format: one-page}}" for name in names]
    return write_yaml(folder, "\n".join(lines) + "\n", "pack.yaml")


def test_pack_marked_below_an_item_is_an_error_and_writes_nothing(tmp_path: Path, capsys) -> None:
    _marked(tmp_path, "open", "TLP:CLEAR")
    _marked(tmp_path, "secret", "TLP:RED")
    manifest = _manifest(tmp_path, "TLP:CLEAR", "open", "secret")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "out" / "p.pdf")
    assert code == 1
    assert err.strip() == (f"{manifest}:6:13: items[1].brief: item 2 is marked 'TLP:RED', above the pack's marking "
                           "'TLP:CLEAR'; a pack is never marked below its contents: mark it 'TLP:RED' or higher")
    assert not (tmp_path / "out").exists()


def test_amber_strict_sits_between_amber_and_red(tmp_path: Path, capsys) -> None:
    _marked(tmp_path, "strict", "TLP:AMBER+STRICT")
    assert run(capsys, "validate", _manifest(tmp_path, "TLP:AMBER", "strict"))[0] == 1
    assert run(capsys, "validate", _manifest(tmp_path, "TLP:RED", "strict"))[0] == 0


def test_layout_orders_other_schemes(tmp_path: Path, capsys) -> None:
    _marked(tmp_path, "official", "OFFICIAL")
    _marked(tmp_path, "sensitive", "OFFICIAL-SENSITIVE")
    code, _, err = run(capsys, "validate", _manifest(tmp_path, "OFFICIAL", "official", "sensitive"))
    assert code == 1 and "item 2 is marked 'OFFICIAL-SENSITIVE', above the pack's marking 'OFFICIAL'" in err
    assert run(capsys, "validate", _manifest(tmp_path, "OFFICIAL-SENSITIVE", "official", "sensitive"))[0] == 0


def test_a_tlp_label_sits_beside_a_level_and_unordered_levels_say_how_to_relate_them(tmp_path: Path, capsys) -> None:
    _marked(tmp_path, "us", "UNCLASSIFIED")
    _marked(tmp_path, "tlp", "TLP:GREEN")
    assert run(capsys, "validate", _manifest(tmp_path, None, "us", "tlp"))[0] == 0  # two dimensions, both kept
    assert run(capsys, "validate", _manifest(tmp_path, "TLP:RED", "us", "tlp"))[0] == 0
    _marked(tmp_path, "uk", "OFFICIAL-SENSITIVE")
    manifest = _manifest(tmp_path, None, "us", "uk")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")
    assert code == 1 and err.startswith(f"{manifest}:4:3: items: the items carry markings that no one scheme orders "
                                        "('UNCLASSIFIED', 'OFFICIAL-SENSITIVE'; items 1 (US), 2 (UK)); re-mark the "
                                        "items in one scheme, or declare")
    assert err.rstrip().endswith("    extends: pack\n    markings:\n      equivalences:\n"
                                 "        - {US: UNCLASSIFIED, UK: OFFICIAL}")
    code, _, err = run(capsys, "validate", _manifest(tmp_path, "OFFICIAL-SENSITIVE", "us"))
    assert code == 1 and "item 1 is marked 'UNCLASSIFIED', which cannot be ordered against the pack's marking " \
                         "'OFFICIAL-SENSITIVE'" in err
    _marked(tmp_path, "house", "COMPANY CONFIDENTIAL")
    _marked(tmp_path, "other", "COMPANY RESTRICTED")
    code, _, err = run(capsys, "validate", _manifest(tmp_path, None, "house", "other"))
    assert code == 1 and "no one scheme orders" in err


def test_unmarked_pack_takes_its_most_restrictive_item_marking(tmp_path: Path, capsys) -> None:
    _marked(tmp_path, "green", "TLP:GREEN")
    _marked(tmp_path, "amber", "TLP:AMBER")
    _marked(tmp_path, "plain", None)
    manifest = _manifest(tmp_path, None, "green", "plain", "amber")
    manifest.write_text(manifest.read_text() + "duplex: true\n")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")
    assert code == 0, err
    pages = pdf_text(tmp_path / "p.pdf")
    assert pages[0].count("TLP:AMBER") >= 2 and "TLP:AMBER" in pages[1]  # cover and contents banners
    blanks = [text for text in pages if "intentionally left blank" in text]
    assert blanks and all(text.count("TLP:AMBER") == 2 for text in blanks)


def test_each_blank_page_carries_its_own_number_and_one_watermark(tmp_path: Path, capsys) -> None:
    for name in ("a", "b", "c"):
        _marked(tmp_path, name, "OFFICIAL")
    manifest = _manifest(tmp_path, None, "a", "b", "c")
    manifest.write_text(manifest.read_text() + "duplex: true\nwatermark: DRAFT\n")
    assert run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")[0] == 0
    reader = PdfReader(tmp_path / "p.pdf")
    blanks = [i for i, page in enumerate(reader.pages) if "intentionally left blank" in page.extract_text()]
    assert len(blanks) >= 2
    assert len({reader.pages[i].indirect_reference.idnum for i in blanks}) == len(blanks)
    for i in blanks:
        text = reader.pages[i].extract_text()
        assert re.findall(r"Pack page \d+ of \d+", text) == [f"Pack page {i + 1} of {len(reader.pages)}"]
        assert text.count("DRAFT") == 1


def test_pack_never_replaces_the_briefs_own_pdfs(tmp_path: Path, capsys) -> None:
    _marked(tmp_path, "a", "OFFICIAL")
    out = tmp_path / "output"
    assert run(capsys, "build", tmp_path / "a.yaml", "--format", "one-page", "--out", out)[0] == 0
    own = (out / "a-one-page.pdf").read_bytes()
    code, _, err = run(capsys, "pack", _manifest(tmp_path, None, "a"), "--paper", "letter", "--out", out / "p.pdf")
    assert code == 0, err
    assert (out / "a-one-page.pdf").read_bytes() == own  # still the A4 brief
    assert sorted(p.name for p in out.iterdir()) == ["a-one-page.pdf", "p.pdf"]
    assert float(PdfReader(out / "p.pdf").pages[-1].mediabox.width) == 612


def test_failed_pack_leaves_no_item_pdfs_and_says_so(tmp_path: Path, capsys) -> None:
    from tests.dense import dense_brief

    write_yaml(tmp_path, {**dense_brief(paragraphs=2), "summary": " ".join(["word"] * 1500), "id": "huge"}, "huge.yaml")
    _marked(tmp_path, "a", "OFFICIAL")
    manifest = write_yaml(tmp_path, "title: P\ndate: 2025-01-01\nitems:\n  - {brief: a.yaml, format: one-page}\n"
                                    "  - {brief: huge.yaml, format: one-page}\n", "p.yaml")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "out" / "p.pdf")
    assert code == 1 and "the pack was not written" in err
    assert not (tmp_path / "out").exists()


def test_two_briefs_with_one_id_in_a_pack(tmp_path: Path, capsys) -> None:
    _marked(tmp_path, "a", "OFFICIAL")
    (tmp_path / "copy.yaml").write_text((tmp_path / "a.yaml").read_text())
    manifest = write_yaml(tmp_path, "title: P\ndate: 2025-01-01\nitems:\n  - {brief: a.yaml, format: one-page}\n"
                                    "  - {brief: copy.yaml, format: long-form}\n", "p.yaml")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")
    assert code == 1
    assert f"{manifest}:5:13: items[1].brief: brief 'copy.yaml' has the id 'a', like {tmp_path / 'a.yaml'}" in err


def test_wrong_kind_of_file_says_so_in_one_line(tmp_path: Path, capsys) -> None:
    brief = _marked(tmp_path, "a", None)
    manifest = _manifest(tmp_path, None, "a")
    code, _, err = run(capsys, "build", manifest, "--out", tmp_path)
    assert code == 1
    assert err.splitlines() == [f"{manifest}:1:1: (document): this is a pack manifest, not a brief; "
                                f"build it with `briefgen pack {manifest}`", f"{manifest}: nothing was written for this brief"]
    code, _, err = run(capsys, "pack", brief)
    assert code == 1
    assert err.splitlines() == [f"{brief}:1:1: (document): this is a brief, not a pack manifest; "
                                f"build it with `briefgen build {brief}`"]


def test_contents_page_numbers_link_to_their_items(pack: tuple[Path, str]) -> None:
    reader = PdfReader(pack[0])
    starts = [reader.get_destination_page_number(item) for item in
              [o for o in reader.outline if not isinstance(o, list)][2:]]
    targets = []
    for annot in reader.pages[1].get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/Dest") is not None and str(annot["/Contents"]).startswith("Go to item"):
            targets.append(reader.get_page_number(annot["/Dest"][0].get_object()))
    assert targets == starts
