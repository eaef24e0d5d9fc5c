"""Every YAML example in README.md and docs/ is valid, so the documentation cannot drift from the code."""

from __future__ import annotations

import re

import pytest

from briefgen.content.load import load_text
from briefgen.content.validate import is_pack, validate_brief, validate_pack
from tests.helpers import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```yaml\n(.*?)^```", re.M | re.S)


def examples() -> list[tuple[str, str]]:
    """(name, text) of every fenced YAML block in the documentation."""
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for number, match in enumerate(_FENCE.finditer(text), start=1):
            line = text[: match.start()].count("\n") + 2
            found.append((f"{document.relative_to(ROOT)}:{line}", match.group(1)))
    return found


def test_the_documentation_has_examples() -> None:
    names = [name for name, _ in examples()]
    assert any(name.startswith("README.md") for name in names) and len(names) >= 3


@pytest.mark.parametrize("name, text", examples(), ids=[name for name, _ in examples()])
def test_every_yaml_example_validates(name: str, text: str) -> None:
    if text.startswith("# layout.yaml"):
        from briefgen.layouts.check import check_layout_text

        assert check_layout_text(name, text) == []
        return
    loaded = load_text(name, text)
    validated = validate_pack(loaded) if is_pack(loaded.data) else validate_brief(loaded)
    assert validated.model is not None
