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


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_make_since_a_tag_builds_change_tracked_editions(tmp_path: Path) -> None:
    from tests.helpers import FIXTURES

    for name in ("Makefile", "pyproject.toml", "briefgen", "scripts", ".venv"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "content").mkdir()
    editions = FIXTURES / "editions" / "since"
    git = ["git", "-C", str(tmp_path), "-c", "user.name=Desk", "-c", "user.email=desk@example.org", "-c", "commit.gpgsign=false"]
    shutil.copy(editions / "grain-corridor.yaml", tmp_path / "content" / "danube.yaml")
    for args in (["init", "-q"], ["add", "content"], ["commit", "-q", "-m", "v12"], ["tag", "v12"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    shutil.copy(editions / "grain-corridor-later.yaml", tmp_path / "content" / "danube.yaml")
    shutil.copy(ROOT / "tests" / "fixtures" / "minimal.yaml", tmp_path / "content" / "rhine.yaml")  # new since v12
    done = subprocess.run(["make", "-o", ".venv/.installed", "SINCE=v12"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ".venv/bin/briefgen build content/danube.yaml --since 'v12' --out output --deps output/.deps/since.d" \
        in done.stdout
    built = sorted(p.name for p in (tmp_path / "output").glob("*-since-*.pdf"))
    assert built == ["danube-grain-long-form-since-2026-03-02.pdf", "danube-grain-one-page-since-2026-03-02.pdf"]
    again = subprocess.run(["make", "-o", ".venv/.installed", "SINCE=v12"], cwd=tmp_path, capture_output=True, text=True)
    assert "--since" not in again.stdout  # up to date
    wrong = subprocess.run(["make", "-o", ".venv/.installed", "SINCE=v99"], cwd=tmp_path, capture_output=True, text=True)
    assert wrong.returncode != 0 and "SINCE=v99: no such git revision here" in wrong.stderr
