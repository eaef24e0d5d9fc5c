"""pytest's shared set-up: ReportLab's patches installed as the command installs them, and the
example built once per session. The helpers themselves are in tests/helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.layouts.fetched import fonts_folder
from briefgen.text.rl import install
from briefgen.interface.cli import main
from tests.helpers import EXAMPLE, FIXTURES

install()  # ReportLab's patches, as the command installs them at start-up

# The fetched script fonts, named before any test points BRIEFGEN_CACHE at a temporary folder (a
# test of missing fonts points BRIEFGEN_FONTS elsewhere itself).
if "BRIEFGEN_FONTS" not in os.environ and (_FONTS := fonts_folder()) is not None:
    os.environ["BRIEFGEN_FONTS"] = str(_FONTS)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example and the fixture briefs, built once in both formats."""
    out = tmp_path_factory.mktemp("built")
    briefs = [EXAMPLE, *sorted(FIXTURES.glob("*.yaml"))]
    code = main(["build", *map(str, briefs), "--out", str(out), "--jobs", "2"])
    assert code == 0
    return out
