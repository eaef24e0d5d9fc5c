"""``briefgen build NEW --since OLD`` on the command line: a file, a git revision of the same file, and bad input."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml

from tests.helpers import FIXTURES, pdf_text, run, write_yaml
from tests.since_pages import bars, text_box

EARLIER = FIXTURES / "editions" / "since" / "grain-corridor.yaml"
LATER = FIXTURES / "editions" / "since" / "grain-corridor-later.yaml"
REWRITTEN = ("Engineers now blame", "ten to twelve days")

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=Desk", "-c", "user.email=desk@example.org",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository whose HEAD holds the earlier edition, the later one in the working tree."""
    folder = tmp_path / "desk"
    folder.mkdir()
    _git(folder, "init", "-q")
    shutil.copy(EARLIER, folder / "danube.yaml")
    _git(folder, "add", "danube.yaml")
    _git(folder, "commit", "-q", "-m", "Monday's edition")
    _git(folder, "tag", "v1")
    shutil.copy(LATER, folder / "danube.yaml")
    return folder


def _check_long_form(pdf: Path) -> None:
    text = " ".join(pdf_text(pdf)[0].split())
    assert "WHAT CHANGED SINCE 2 MARCH 2026" in text
    page, paragraph = text_box(pdf, *REWRITTEN)
    assert [bar for bar in bars(pdf)[page] if bar.overlaps_rows(paragraph)]
    unchanged = text_box(pdf, "Insurers have not raised", "since the autumn")
    assert not [bar for bar in bars(pdf).get(unchanged[0], []) if bar.overlaps_rows(unchanged[1])]


def test_since_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "build", str(LATER), "--since", str(EARLIER), "--out", str(tmp_path))
    assert code == 0, err
    long_form = tmp_path / "danube-grain-long-form-since-2026-03-02.pdf"
    one_page = tmp_path / "danube-grain-one-page-since-2026-03-02.pdf"
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted([long_form.name, one_page.name])
    assert err.strip().endswith("; since 2026-03-02: 4 changes")
    _check_long_form(long_form)


@needs_git
def test_since_head_and_a_tag(repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    brief = repository / "danube.yaml"
    code, _, err = run(capsys, "build", str(brief), "--since", "HEAD", "--format", "long-form", "--out", str(out_dir))
    assert code == 0, err
    pdf = out_dir / "danube-grain-long-form-since-2026-03-02.pdf"
    _check_long_form(pdf)
    first = pdf.read_bytes()
    code, _, err = run(capsys, "build", str(brief), "--since", "HEAD", "--format", "long-form", "--out", str(out_dir))
    assert code == 0, err
    assert pdf.read_bytes() == first  # the same two editions, byte for byte
    code, _, err = run(capsys, "build", str(brief), "--since", "v1", "--format", "long-form", "--out", str(out_dir))
    assert code == 0, err
    with pikepdf.open(pdf) as document:
        assert str(document.docinfo["/BriefgenPreviousSource"]) == f"v1:{brief}"
        assert str(document.docinfo["/BriefgenPreviousDate"]) == "2026-03-02"


@needs_git
def test_since_head_for_a_brief_without_an_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Its id comes from its file name, in the revision as in the working tree (not 'head-danube')."""
    folder = tmp_path / "desk"
    folder.mkdir()
    _git(folder, "init", "-q")
    for source in (EARLIER, LATER):
        text = "\n".join(line for line in source.read_text().splitlines() if not line.startswith("id:"))
        (folder / "danube.yaml").write_text(text + "\n")
        if source is EARLIER:
            _git(folder, "add", "danube.yaml")
            _git(folder, "commit", "-q", "-m", "Monday's edition")
    (folder / "pack.yaml").write_text("title: Desk pack\ndate: 2026-03-05\nitems:\n  - {brief: danube.yaml, format: one-page}\n")
    code, _, err = run(capsys, "build", str(folder / "danube.yaml"), "--since", "HEAD", "--format", "one-page",
                       "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "danube-one-page-since-2026-03-02.pdf").exists()
    code, _, err = run(capsys, "pack", str(folder / "pack.yaml"), "--since", "HEAD", "--out", str(tmp_path / "p.pdf"))
    assert code == 0, err


@needs_git
def test_deps_lists_a_previous_edition_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deps = tmp_path / "since.d"
    code, _, err = run(capsys, "build", str(LATER), "--since", str(EARLIER), "--format", "one-page",
                       "--out", str(tmp_path), "--deps", str(deps))
    assert code == 0, err
    rule = deps.read_text().splitlines()[0]
    assert rule.startswith(str(tmp_path / "danube-grain-one-page-since-2026-03-02.pdf") + ":")
    assert f" {EARLIER.relative_to(Path.cwd()) if EARLIER.is_relative_to(Path.cwd()) else EARLIER} " in rule + " "


@needs_git
def test_unknown_revision(repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief = repository / "danube.yaml"
    code, out, err = run(capsys, "build", str(brief), "--since", "v99", "--out", str(tmp_path))
    assert code == 1 and list(tmp_path.glob("*.pdf")) == []
    assert f"briefgen: v99:{brief}: unknown revision 'v99'\n" in err + out


@needs_git
def test_a_revision_of_a_file_outside_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    brief = loose / "danube.yaml"
    shutil.copy(LATER, brief)
    code, out, err = run(capsys, "build", str(brief), "--since", "HEAD", "--out", str(tmp_path))
    assert code == 1
    assert (f"briefgen: HEAD:{brief}: {loose} is not in a git repository; "
            "REV:path reads a file from a repository's history\n") in err + out


def test_another_brief_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = write_yaml(tmp_path, {**yaml.safe_load(EARLIER.read_text(encoding="utf-8")), "id": "rhine-barges"}, "other.yaml")
    code, out, err = run(capsys, "build", str(LATER), "--since", str(other), "--format", "one-page", "--out", str(tmp_path))
    assert code == 1 and list(tmp_path.glob("*.pdf")) == []
    assert (f"briefgen: {other} is brief 'rhine-barges' and {LATER} is brief 'danube-grain': not two editions of "
            "one brief; add --force to build against it anyway\n") in err + out
    code, _, err = run(capsys, "build", str(LATER), "--since", str(other), "--format", "one-page", "--force",
                       "--out", str(tmp_path))
    assert code == 0, err


def test_an_invalid_previous_edition_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load(EARLIER.read_text(encoding="utf-8"))
    data["outlook"]["confidence"] = "middling"
    old = write_yaml(tmp_path, data, "old.yaml")
    code, out, err = run(capsys, "build", str(LATER), "--since", str(old), "--format", "one-page", "--out", str(tmp_path))
    assert code == 1 and list(tmp_path.glob("*.pdf")) == []
    problem = next(line for line in (err + out).splitlines() if "confidence" in line)
    assert problem.startswith(f"previous edition: {old}:") and "outlook.confidence" in problem


def test_a_missing_file_and_one_previous_file_for_many(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "build", str(LATER), "--since", str(tmp_path / "gone.yaml"), "--out", str(tmp_path))
    assert code == 1 and f"briefgen: --since {tmp_path / 'gone.yaml'}: no such file\n" in err + out
    code, out, err = run(capsys, "build", str(LATER), str(FIXTURES / "minimal.yaml"), "--since", str(EARLIER),
                         "--out", str(tmp_path))
    assert code == 1 and "one previous edition for 2 briefs" in err + out


def test_same_edition_no_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "build", str(LATER), "--since", str(LATER), "--format", "one-page", "--out", str(tmp_path))
    assert code == 0, err
    assert err.strip().endswith("; since 2026-03-05: no changes")
    assert bars(tmp_path / "danube-grain-one-page-since-2026-03-05.pdf") == {}


@needs_git
def test_pack_since_marks_changed_and_new_items(repository: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    write_yaml(repository, {**yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8")),
                            "id": "rhine-levels"}, "rhine.yaml")
    manifest = write_yaml(repository, {"title": "Inland waterways", "date": "2026-03-05", "items": [
        {"brief": "danube.yaml", "format": "one-page"}, {"brief": "rhine.yaml", "format": "one-page"}]}, "pack.yaml")
    target = tmp_path / "pack.pdf"
    code, out, err = run(capsys, "pack", str(manifest), "--since", "HEAD", "--out", str(target), "--jobs", "1")
    assert code == 0, err
    pages = [" ".join(text.split()) for text in pdf_text(target)]
    front = " ".join(pages[:2])
    assert "2 items · 1 changed, 1 new" in front
    assert "One-page brief, 1 page · changed (4 changes)" in front and "One-page brief, 1 page · new" in front
    assert "Since 2 March 2026:" in " ".join(pages[2:])  # the changed item is its change-tracked edition
    code, out, err = run(capsys, "pack", str(manifest), "--since", "v99", "--out", str(target), "--jobs", "1")
    assert code == 1 and "unknown revision 'v99'" in err + out


@needs_git
def test_deps_lists_the_git_files_a_revision_resolves_through(repository: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    deps = tmp_path / "since.d"
    code, _, err = run(capsys, "build", str(repository / "danube.yaml"), "--since", "v1", "--format", "one-page",
                       "--out", str(tmp_path), "--deps", str(deps))
    assert code == 0, err
    assert f" {repository / '.git' / 'refs' / 'tags' / 'v1'} " in deps.read_text().splitlines()[0]


def test_diff_names_the_four_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", EARLIER, LATER) == (0, (
        "Changes from 2026-03-02 to 2026-03-05: Danube grain corridor: barge traffic after the lock failure\n"
        '  scenario "Lock back in full service by mid-March": unlikely → roughly even chance (up)\n'
        '  key point 4 added: "Serbia has agreed to night-time lock operations from 9…"\n'
        "  actor removed: Serbian dam operator (Elektroprivreda Srbije)\n"
        '  background paragraph 2 rewritten: "Engineers now blame corrosion in the gate’s lower hinge…"\n'), "")
