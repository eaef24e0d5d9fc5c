"""The Makefile as a pipeline uses it: one briefgen process for the changed briefs, and packs rebuilt
only when one of their own items changed (from the rules `briefgen pack --deps` records)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def make(folder: Path) -> list[str]:
    """Run make there (the shared .venv treated as set up); the briefgen commands it ran."""
    done = subprocess.run(["make", "-o", ".venv/.installed"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if line.startswith(".venv/bin/briefgen")]


def test_touching_one_brief_rebuilds_it_and_only_the_packs_that_use_it(tmp_path: Path) -> None:
    for name in ("Makefile", "pyproject.toml", "briefgen", "scripts", ".venv"):
        (tmp_path / name).symlink_to(ROOT / name)
    content = tmp_path / "content"
    (content / "packs").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "figures", content / "figures")
    for brief in ("dprk-japan-overture.yaml", "us-dprk-talks-outlook.yaml"):
        shutil.copy(ROOT / "content" / brief, content / brief)
    shutil.copy(ROOT / "content" / "packs" / "korea-desk.yaml", content / "packs" / "korea-desk.yaml")
    (content / "packs" / "japan.yaml").write_text("title: Japan only\ndate: 2024-03-04\nitems:\n"
                                                 "  - {brief: ../dprk-japan-overture.yaml, format: one-page}\n")
    first = make(tmp_path)
    assert sum(" build " in line for line in first) == 1  # every brief in one process
    assert make(tmp_path) == []
    (content / "us-dprk-talks-outlook.yaml").touch()
    again = make(tmp_path)
    assert again[0] == ".venv/bin/briefgen build content/us-dprk-talks-outlook.yaml --out output"
    assert [line.split()[2] for line in again[1:]] == ["content/packs/korea-desk.yaml"]
