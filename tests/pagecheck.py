"""Every PDF the suite writes is checked against the page invariants (tests/invariants.py).

The hooks in tests/conftest.py use this: a PDF a test writes under pytest's temporary folder
while it runs is checked when it ends, and a problem fails that test (so ``xfail`` applies to
it); PDFs that fixtures write are checked once, at the end of the session, unless a test has
already checked the same bytes. A test that builds broken pages on purpose says so with
``@pytest.mark.page_invariants_exempt(reason="...")``.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.invariants import page_problems

MARKER = "page_invariants_exempt"


@dataclass
class Sweep:
    """What the session has seen: PDFs checked (by content), their problems, and time spent."""

    base: Path | None = None
    checked: dict[str, list[str]] = field(default_factory=dict)  # sha256 -> problems
    exempt: set[str] = field(default_factory=set)
    owned: set[str] = field(default_factory=set)  # checked for a test: its outcome is that test's
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

    def check(self, paths: list[Path], exempt: bool = False, own: bool = True) -> list[str]:
        """Problems of the PDFs named (each distinct content checked once), skipping those
        another test owns; own: this test owns them from now on."""
        problems: list[str] = []
        for path in sorted(paths):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            digest = hashlib.sha256(data).hexdigest()
            if exempt:
                self.exempt.add(digest)
                continue
            if digest in self.exempt or digest in self.owned:
                continue
            if digest not in self.checked:
                started = time.perf_counter()
                self.checked[digest] = _problems(data, path)
                self.seconds += time.perf_counter() - started
                self.pdfs += 1
            if own:
                self.owned.add(digest)
            problems += self.checked[digest]
        return problems


def _problems(data: bytes, path: Path) -> list[str]:
    if not data.startswith(b"%PDF"):
        return []  # not a PDF a build wrote (a test's stand-in file): nothing to check
    try:
        return page_problems(data, path.name)
    except Exception as exc:  # noqa: BLE001 - an unreadable PDF is a problem to report, not a crash
        return [f"{path.name}: cannot be read for the page checks: {exc}"]


def new_pdfs(before: dict[Path, int], after: dict[Path, int]) -> list[Path]:
    """PDFs written (or rewritten) between two snapshots."""
    return [path for path, stamp in after.items() if before.get(path) != stamp]


SWEEP = Sweep()
