"""Every PDF briefgen builds in the suite is checked against the page invariants (tests/invariants.py).

The hooks in tests/conftest.py use this:

* a PDF that briefgen writes under pytest's temporary folder while a test runs is checked when
  the test ends, and a problem fails that test (so ``xfail`` applies to it);
* PDFs that fixtures write are checked at the end of the session, and a problem fails the
  session, unless a test already checked the same bytes (``SWEEP.claim``);
* a test that builds broken pages on purpose says so with
  ``@pytest.mark.page_invariants_exempt(reason="...")``; its PDFs are not checked.

PDFs are told apart from the files tests draw themselves (figures to embed, stand-ins) by their
``/Creator``: briefgen. Each distinct PDF (by content) is checked once. PDFs built in memory
(``build_brief``, ``briefgen.render``) are not seen here: tests/products/test_generated_pages.py
checks such builds itself.

``KNOWN`` lists problems the shipped code is known to still have, each with its reason (none
today): the automatic check reports them in the summary without failing the test that built the
pages. Add one only with an open issue behind it, and delete it when the fix is merged.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from tests.invariants import page_problems

MARKER = "page_invariants_exempt"

KNOWN: list[tuple[re.Pattern[str], str]] = []  # (pattern, reason) of problems the shipped code still has: none


def known(problem: str) -> str | None:
    """Why a problem is known (issue 21, fixed in another branch), or None."""
    return next((reason for pattern, reason in KNOWN if pattern.search(problem)), None)


@dataclass
class Sweep:
    """What the session has seen: PDFs checked (by content), their problems, and time spent."""

    base: Path | None = None
    checked: dict[str, list[str]] = field(default_factory=dict)  # sha256 -> problems
    exempt: set[str] = field(default_factory=set)
    owned: set[str] = field(default_factory=set)  # checked for a test: its outcome is that test's
    known: dict[str, set[str]] = field(default_factory=dict)  # reason -> files, for the summary
    seconds: float = 0.0
    pdfs: int = 0

    def snapshot(self) -> dict[Path, int]:
        """Every PDF under the session's temporary folder, with its modification time."""
        found: dict[Path, int] = {}
        if self.base is None or not self.base.exists():
            return found
        for folder, _, files in os.walk(self.base):
            for name in files:
                if name.lower().endswith(".pdf"):
                    path = Path(folder, name)
                    try:
                        found[path] = path.stat().st_mtime_ns
                    except OSError:
                        continue
        return found

    def check(self, paths: list[Path], exempt: bool = False) -> list[str]:
        """Problems of the PDFs named that no other test owns, less the known ones; this test
        owns them from now on (or, exempt, nobody checks them)."""
        problems: list[str] = []
        for path in sorted(paths):
            digest, data = _read(path)
            if data is None or digest in self.owned or digest in self.exempt:
                continue
            if exempt:
                self.exempt.add(digest)
                continue
            self.owned.add(digest)
            for problem in self._problems(digest, data, path.name):
                reason = known(problem)
                if reason is None:
                    problems.append(problem)
                else:
                    self.known.setdefault(reason, set()).add(path.name)
        return problems

    def claim(self, path: Path) -> list[str]:
        """Every problem of one PDF, known or not, for a test that checks it itself."""
        digest, data = _read(path)
        assert data is not None, f"{path} is not a PDF briefgen built"
        self.owned.add(digest)
        return self._problems(digest, data, path.name)

    def _problems(self, digest: str, data: bytes, name: str) -> list[str]:
        if digest not in self.checked:
            started = time.perf_counter()
            try:
                self.checked[digest] = page_problems(data, name)
            except Exception as exc:  # noqa: BLE001 - an unreadable PDF is a problem to report
                self.checked[digest] = [f"{name}: cannot be read for the page checks: {exc!r}"]
            self.seconds += time.perf_counter() - started
            self.pdfs += 1
        return self.checked[digest]


def _read(path: Path) -> tuple[str, bytes | None]:
    """The content's digest and bytes of a PDF briefgen built (None for anything else)."""
    try:
        data = path.read_bytes()
    except OSError:
        return "", None
    if not data.startswith(b"%PDF") or not _by_briefgen(data):
        return "", None
    return hashlib.sha256(data).hexdigest(), data


def _by_briefgen(data: bytes) -> bool:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return str(pdf.docinfo.get("/Creator", "")).startswith("briefgen")
    except pikepdf.PdfError:
        return False


def new_pdfs(before: dict[Path, int], after: dict[Path, int]) -> list[Path]:
    """PDFs written (or rewritten) between two snapshots."""
    return [path for path, stamp in after.items() if before.get(path) != stamp]


SWEEP = Sweep()
