"""The documented Python API: every example in docs/api.md runs, and the promises it makes hold."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

import briefgen
from tests.helpers import EXAMPLE, FIXTURES, ROOT, minimal

EXAMPLES = [example for page in ("api.md", "pipelines.md") for example in
            re.findall(r"^```python\n(.*?)^```", (ROOT / "docs" / page).read_text(encoding="utf-8"), re.M | re.S)]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding the repository's content, as a script would run in."""
    (tmp_path / "content").symlink_to(ROOT / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_api_pages_have_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("source", EXAMPLES, ids=[f"example-{i}" for i in range(1, len(EXAMPLES) + 1)])
def test_every_documented_example_runs(source: str, project: Path) -> None:
    exec(compile(source, "docs/api.md", "exec"), {"__name__": "example"})  # noqa: S102 - our own documentation


def test_package_root_names_are_the_documented_ones() -> None:
    assert set(briefgen.__all__) >= {"load", "render", "render_pack", "Brief", "Rendered", "ContentError",
                                     "BriefgenError"}
    assert callable(briefgen.render) and callable(briefgen.load)


def test_problems_from_a_file_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\ndate: 2024-02-30\n", encoding="utf-8")
    with pytest.raises(briefgen.ContentError) as error:
        briefgen.load(bad)
    problem = next(p for p in error.value.problems if p.field == "date")
    assert (problem.path, problem.line, problem.column) == (str(bad), 2, 7)


def test_json_files_load_like_yaml(tmp_path: Path) -> None:
    import json

    path = tmp_path / "brief.json"
    path.write_text(json.dumps(minimal(date="2025-01-01"), indent=2), encoding="utf-8")
    assert briefgen.load(path).id == "brief"
    path.write_text('{"title": "T",\n  "date": 2025-01-01}', encoding="utf-8")
    with pytest.raises(briefgen.ContentError) as error:
        briefgen.load(path)
    assert str(error.value) == f"{path}:2:15: (json): invalid JSON: Expecting ',' delimiter"


def test_render_writes_nothing_and_is_repeatable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    brief = briefgen.load(FIXTURES / "minimal.yaml")
    first = briefgen.render(brief, "long-form")
    assert briefgen.render(brief, "long-form").pdf == first.pdf
    assert list(tmp_path.iterdir()) == []


def test_render_from_threads_gives_identical_pdfs() -> None:
    brief = briefgen.load(EXAMPLE)
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(briefgen.render(brief, "one-page").pdf))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3 and len(set(results)) == 1


def test_bad_arguments_are_named() -> None:
    brief = briefgen.load(FIXTURES / "minimal.yaml")
    with pytest.raises(ValueError, match="product must be one of one-page, long-form"):
        briefgen.render(brief, "two-page")
    with pytest.raises(ValueError, match="paper must be one of a4, letter"):
        briefgen.render(brief, "one-page", paper="a5")
    with pytest.raises(TypeError, match="a path"):
        briefgen.load(42)  # type: ignore[arg-type]


def test_cli_and_api_give_the_same_pdf(tmp_path: Path, capsys) -> None:
    from tests.helpers import run

    assert run(capsys, "build", FIXTURES / "minimal.yaml", "--format", "one-page", "--out", tmp_path)[0] == 0
    api = briefgen.render(briefgen.load(FIXTURES / "minimal.yaml"), "one-page").pdf
    assert (tmp_path / "minimal-one-page.pdf").read_bytes() == api


def test_a_mapping_without_an_id_takes_it_from_its_title() -> None:
    """As docs/api.md says: a mapping has no file name, so its title names its output."""
    data = {"title": "Overnight statements on Japan", "date": "2024-03-01", "summary": "Two statements."}
    assert briefgen.load(data).id == "overnight-statements-on-japan"
    assert briefgen.load({**data, "id": "morning"}).id == "morning"
