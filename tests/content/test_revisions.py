"""Naming an edition: a file, or ``REV:path`` in git."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.revisions import Spec, parse_spec


@pytest.mark.parametrize("text, expected", [
    ("content/x.yaml", Spec("content/x.yaml", "content/x.yaml")),
    ("HEAD~1:content/x.yaml", Spec("HEAD~1:content/x.yaml", "content/x.yaml", "HEAD~1")),
    ("v2025-05-12:x.yaml", Spec("v2025-05-12:x.yaml", "x.yaml", "v2025-05-12")),
    (":content/x.yaml", Spec(":content/x.yaml", "content/x.yaml", "")),  # the index
    ("C:\\briefs\\x.yaml", Spec("C:\\briefs\\x.yaml", "C:\\briefs\\x.yaml")),  # a Windows drive
    ("HEAD:", Spec("HEAD:", "HEAD:")),
])
def test_parse_spec(text: str, expected: Spec) -> None:
    assert parse_spec(text) == expected


def test_an_existing_file_with_a_colon_in_its_name_is_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "brief:monday.yaml").write_text("title: x\n", encoding="utf-8")
    assert parse_spec("brief:monday.yaml") == Spec("brief:monday.yaml", "brief:monday.yaml")
