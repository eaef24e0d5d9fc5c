"""Stage 5: atomic writes; failed, interrupted or concurrent builds never lose a good PDF."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from briefgen.errors import OutputError
from briefgen.products.write import write_atomic
from tests.helpers import EXAMPLE, run, write_yaml, minimal


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_write_failing_midway_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"good")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="a.pdf: cannot write: No space left on device"):
        write_atomic(target, b"x" * 100_000)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_interrupt_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"good")

    def interrupted(*args) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(blocker / "a.pdf", b"x")


def test_concurrent_writers_leave_one_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    payloads = [bytes([i]) * 200_000 for i in range(8)]
    threads = [threading.Thread(target=write_atomic, args=(target, p)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in payloads
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_failed_rebuild_leaves_previous_pdfs_byte_for_byte(tmp_path: Path, capsys) -> None:
    path = write_yaml(tmp_path, minimal(id="keep"), "keep.yaml")
    assert run(capsys, "build", path, "--out", tmp_path)[0] == 0
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.pdf")}
    write_yaml(tmp_path, minimal(id="keep", summary=None), "keep.yaml")
    code, _, err = run(capsys, "build", path, "--out", tmp_path)
    assert code == 1 and "summary: required key is missing" in err
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.pdf")} == before


def test_unwritable_output_folder_via_cli(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    code, _, err = run(capsys, "build", EXAMPLE, "--format", "one-page", "--out", blocker)
    assert code == 1
    assert "cannot write" in err and "Traceback" not in err
