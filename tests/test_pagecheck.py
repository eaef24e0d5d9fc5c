"""The suite's own net (tests/pagecheck.py, hooked in tests/conftest.py): a PDF briefgen builds
during a test is checked and a broken one fails that test; one a fixture builds fails the
session; the exempt marker lets a test build broken pages on purpose, and must give a reason.
Run as a separate pytest session, so the outer session's bookkeeping is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

CONFTEST = """
from tests.conftest import (_page_sweep_base, pytest_configure, pytest_runtest_call, pytest_sessionfinish,
                            pytest_terminal_summary)
"""

TESTS = '''
import pytest
from reportlab.pdfgen.canvas import Canvas


def broken(path, creator="briefgen"):
    """A page with a word printed over another, made as briefgen would sign it."""
    canvas = Canvas(str(path))
    canvas.setCreator(creator)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(120, 340, "Sudan")
    canvas.drawString(124, 340, "2022")
    canvas.save()
    return path


@pytest.fixture(scope="session")
def from_a_fixture(tmp_path_factory):
    return broken(tmp_path_factory.mktemp("fixture") / "fixture.pdf")


def test_builds_a_broken_page(tmp_path):
    broken(tmp_path / "built.pdf")


@pytest.mark.xfail(strict=True, reason="known")
def test_xfails_on_a_broken_page(tmp_path):
    broken(tmp_path / "known.pdf")


@pytest.mark.page_invariants_exempt(reason="hostile on purpose")
def test_exempt(tmp_path):
    broken(tmp_path / "hostile.pdf")


@pytest.mark.page_invariants_exempt
def test_exempt_without_a_reason(tmp_path):
    pass


def test_draws_its_own_figure(tmp_path):
    broken(tmp_path / "figure.pdf", creator="a test")


def test_uses_a_fixture(from_a_fixture):
    assert from_a_fixture.is_file()
'''


def test_the_suite_checks_every_pdf_briefgen_builds(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_inner.py").write_text(TESTS)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "test_inner.py"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    out = result.stdout
    assert result.returncode == 1, out
    assert "FAILED test_inner.py::test_builds_a_broken_page" in out
    assert 'built.pdf p1: "2022" overprints "Sudan" at (134, 343)' in out
    assert "XFAIL test_inner.py::test_xfails_on_a_broken_page" in out
    assert "PASSED test_inner.py::test_exempt\n" in out
    assert "FAILED test_inner.py::test_exempt_without_a_reason - pytest.UsageError" in out
    assert "test_exempt_without_a_reason: @pytest.mark.page_invariants_exempt needs a reason=" in out
    assert "PASSED test_inner.py::test_draws_its_own_figure" in out
    assert "PASSED test_inner.py::test_uses_a_fixture" in out
    assert "pages built by fixtures break the page invariants" in out
    assert 'fixture.pdf p1: "2022" overprints "Sudan" at (134, 343)' in out
    assert "page invariants: 3 PDFs checked" in out  # built, known and fixture: not hostile, nor figure
    assert "2 failed, 3 passed, 1 xfailed" in out
