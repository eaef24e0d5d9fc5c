"""pytest's shared set-up: ReportLab's patches installed as the command installs them, and the
example built once per session. The helpers themselves are in tests/helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.text.rl import install
from briefgen.interface.cli import main
from tests.helpers import EXAMPLE, FIXTURES

install()  # ReportLab's patches, as the command installs them at start-up


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example and the fixture briefs, built once in both formats."""
    out = tmp_path_factory.mktemp("built")
    briefs = [EXAMPLE, *sorted(FIXTURES.glob("*.yaml"))]
    code = main(["build", *map(str, briefs), "--out", str(out), "--jobs", "2"])
    assert code == 0
    return out
