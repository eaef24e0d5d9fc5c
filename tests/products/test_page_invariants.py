"""The examples and the fixture briefs, in both formats, keep every page invariant
(tests/invariants.py): no text over text, no shape over text or text without contrast, nothing
within 6 mm of the paper's edge, no heading left at the foot of a page or column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, FIXTURES
from tests.pagecheck import SWEEP

BRIEFS = [path.stem for path in [*EXAMPLES, *sorted(FIXTURES.glob("*.yaml"))]]

# issue 21: what the shipped code still breaks, each fixed in another branch. Remove an entry once
# its fix is merged (strict=False: a fixed one shows as XPASS until then).
KNOWN_BROKEN: dict[tuple[str, str], str] = {}  # (brief, product) -> why it is expected to fail: none


def _cases() -> list[object]:
    cases = []
    for name in BRIEFS:
        for product in ("one-page", "long-form"):
            reason = KNOWN_BROKEN.get((name, product))
            marks = [pytest.mark.xfail(strict=False, reason=reason)] if reason else []
            cases.append(pytest.param(name, product, marks=marks, id=f"{name}-{product}"))
    return cases


@pytest.mark.parametrize("name, product", _cases())
def test_examples_and_fixtures_keep_the_page_invariants(built: Path, name: str, product: str) -> None:
    pdf = built / f"{name}-{product}.pdf"
    assert pdf.is_file(), f"{pdf.name} was not built (does the brief's id differ from its file name?)"
    problems = SWEEP.claim(pdf)
    assert problems == [], "\n".join(problems)


def test_every_known_broken_case_is_a_case() -> None:
    """An entry for a brief that no longer exists would hide nothing and mislead."""
    assert set(KNOWN_BROKEN) <= {(name, product) for name in BRIEFS for product in ("one-page", "long-form")}
