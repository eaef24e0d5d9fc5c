"""``briefgen diff OLD NEW``: files and ``REV:path`` editions, text and JSON, and every bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.helpers import FIXTURES, run, write_yaml

MONDAY = FIXTURES / "editions" / "baltic-cables-0512.yaml"
THURSDAY = FIXTURES / "editions" / "baltic-cables-0515.yaml"
FOUR_CHANGES = (
    "Changes from 2025-05-12 to 2025-05-15: Baltic Sea cable damage and the shadow fleet\n"
    '  scenario "Intent is proven in court": unlikely → roughly even chance (up)\n'
    '  key point 4 added: "Estonia has asked for the ship’s voyage data recorder to be…"\n'
    "  actor removed: Government of China\n"
    '  background paragraph 2 rewritten: "This is the sixth such incident since October 2023. Each…"\n'
)

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_two_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", MONDAY, THURSDAY) == (0, FOUR_CHANGES, "")


def test_exit_code_says_whether_anything_changed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", "--exit-code", MONDAY, THURSDAY)[0] == 1
    code, out, _ = run(capsys, "diff", "--exit-code", MONDAY, MONDAY)
    assert (code, out.splitlines()[1:]) == (0, ["no changes"])


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diff", "--format", "json", MONDAY, THURSDAY)
    document = json.loads(out)
    assert (code, err, document["counts"]["likelihood_moves"]) == (0, "", 1)
    assert [(c["kind"], c["section"]) for c in document["changes"]] == [
        ("added", "key_points"), ("changed", "background"), ("removed", "actors"), ("changed", "outlook.scenarios")]
    same = json.loads(run(capsys, "diff", "--format", "json", MONDAY, MONDAY)[1])
    assert (same["changed"], same["changes"]) == (False, [])


def test_another_brief_needs_force(capsys: pytest.CaptureFixture[str]) -> None:
    other = FIXTURES / "minimal.yaml"
    code, out, err = run(capsys, "diff", MONDAY, other)
    assert (code, out) == (1, "")
    assert err == (f"briefgen: {MONDAY} is brief 'baltic-cables' and {other} is brief 'minimal' (from its file name): "
                   "not two editions of one brief; add --force to compare them anyway\n")
    code, out, err = run(capsys, "diff", "--force", MONDAY, other)
    assert (code, err) == (0, "") and "  id: baltic-cables → minimal\n" in out


def test_problems_of_both_editions_at_once_the_old_one_s_marked(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load(MONDAY.read_text(encoding="utf-8"))
    data["outlook"]["scenarios"][0]["likelihood"] = "maybe"
    old = write_yaml(tmp_path, data, "old.yaml")
    new = write_yaml(tmp_path, "title: [\n", "new.yaml")
    code, out, err = run(capsys, "diff", old, new)
    line = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).splitlines().index("    likelihood: maybe") + 1
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"previous edition: {old}:{line}:17: outlook.scenarios[0].likelihood: 'maybe' is not a term of the ICD-203 "
        "scale; use one of: almost no chance, remote, very unlikely, highly improbable, unlikely, improbable, roughly "
        "even chance, roughly even odds, likely, probable, very likely, highly probable, almost certain, nearly certain",
        f"{new}:2:1: (yaml): invalid YAML: did not find expected node content",
    ]


# ---------------------------------------------------------------- editions from git


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args], cwd=folder,
                   check=True, capture_output=True, env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose last commit has Monday's edition and whose working tree has Thursday's."""
    folder = tmp_path / "desk"
    (folder / "content").mkdir(parents=True)
    shutil.copy(MONDAY, folder / "content" / "baltic.yaml")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Monday")
    shutil.copy(THURSDAY, folder / "content" / "baltic.yaml")
    monkeypatch.chdir(folder)
    return folder


@needs_git
def test_a_revision_against_the_working_file(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", "HEAD:content/baltic.yaml", "content/baltic.yaml") == (0, FOUR_CHANGES, "")
    assert run(capsys, "diff", ":content/baltic.yaml", "content/baltic.yaml") == (0, FOUR_CHANGES, "")  # the index
    os.chdir(repository / "content")  # a path is relative to the working folder, as on the command line
    assert run(capsys, "diff", "HEAD:baltic.yaml", "baltic.yaml") == (0, FOUR_CHANGES, "")


@needs_git
def test_an_unknown_revision(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", "HEAD~9:content/baltic.yaml", "content/baltic.yaml") == (
        1, "", "briefgen: HEAD~9:content/baltic.yaml: unknown revision 'HEAD~9'\n")


@needs_git
def test_a_file_the_revision_does_not_have(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", "HEAD:content/other.yaml", "content/baltic.yaml") == (
        1, "", "briefgen: HEAD:content/other.yaml: 'content/other.yaml' does not exist in HEAD\n")


@needs_git
def test_a_revision_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # never find a repository above tmp
    shutil.copy(THURSDAY, tmp_path / "baltic.yaml")
    assert run(capsys, "diff", "HEAD:baltic.yaml", "baltic.yaml") == (
        1, "", f"briefgen: HEAD:baltic.yaml: {tmp_path} is not in a git repository; "
               "REV:path reads a file from a repository's history\n")


@needs_git
def test_an_old_edition_that_does_not_validate_is_the_previous_edition_s(repository: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    brief = repository / "content" / "baltic.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("confidence: moderate", "confidence: middling"),
                     encoding="utf-8")
    git(repository, "commit", "-q", "-am", "a slip")
    shutil.copy(THURSDAY, brief)
    code, out, err = run(capsys, "diff", "HEAD:content/baltic.yaml", "content/baltic.yaml")
    assert (code, out) == (1, "")
    assert err == ("previous edition: HEAD:content/baltic.yaml:73:15: outlook.confidence: 'middling' is not allowed; "
                   "expected one of 'low', 'moderate' or 'high'\n")
    code, out, _ = run(capsys, "diff", "--error-format", "json", "HEAD:content/baltic.yaml", "content/baltic.yaml")
    record = json.loads(out)
    assert (record["file"], record["line"], record["edition"]) == ("HEAD:content/baltic.yaml", 73, "previous")
    assert run(capsys, "diff", "HEAD~1:content/baltic.yaml", "content/baltic.yaml")[0] == 0


@needs_git
def test_figures_of_an_old_edition_are_read_from_its_revision(repository: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURES / "figures" / "basin-authority-mark.png", repository / "content" / "map.png")
    brief = repository / "content" / "baltic.yaml"
    data = yaml.safe_load(brief.read_text(encoding="utf-8"))
    data["figures"] = [{"id": "map", "image": "map.png", "alt": "The Gulf of Finland", "caption": "Where the cables run"}]
    write_yaml(brief.parent, data, "baltic.yaml")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "with a map")
    (repository / "content" / "map.png").unlink()
    del data["figures"]
    write_yaml(brief.parent, data, "baltic.yaml")
    code, out, err = run(capsys, "diff", "HEAD:content/baltic.yaml", "content/baltic.yaml")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == ['  figure removed: map, "Where the cables run"']
