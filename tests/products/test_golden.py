"""Golden text snapshots: the words of each page of the example products.

Extracted text per page, whitespace-normalised. Structure (pages, fonts, outline) is
checked elsewhere; bytes are never compared across ReportLab versions. After an
intended change to content or layouts, run ``make update-golden`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers import pdf_text

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CASES = ["dprk-japan-overture-one-page", "dprk-japan-overture-long-form", "realistic-long-form",
         "hostile-one-page", "orthography-one-page"]


def snapshot(pdf: Path) -> str:
    pages = [" ".join(re.sub(r"\s+", " ", text).split()) for text in pdf_text(pdf)]
    return "".join(f"--- page {number}\n{text}\n" for number, text in enumerate(pages, start=1))


@pytest.mark.parametrize("name", CASES)
def test_text_matches_golden(built: Path, name: str) -> None:
    actual = snapshot(built / f"{name}.pdf")
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("BRIEFGEN_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
        pytest.skip("golden file updated")
    assert golden.exists(), f"no golden file {golden.name}: run `make update-golden`"
    assert actual == golden.read_text(encoding="utf-8")
