"""pytest's shared set-up: ReportLab's patches installed as the command installs them, the
examples and fixtures built once per session, and the page invariants checked on every PDF
briefgen builds in the suite (tests/pagecheck.py). The helpers themselves are in tests/helpers.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.layouts.fetched import fonts_folder
from briefgen.text.rl import install
from briefgen.interface.cli import main
from tests.helpers import EXAMPLES, FIXTURES
from tests.pagecheck import MARKER, SWEEP, new_pdfs

install()  # ReportLab's patches, as the command installs them at start-up

# The fetched script fonts, named before any test points BRIEFGEN_CACHE at a temporary folder (a
# test of missing fonts points BRIEFGEN_FONTS elsewhere itself).
if "BRIEFGEN_FONTS" not in os.environ and (_FONTS := fonts_folder()) is not None:
    os.environ["BRIEFGEN_FONTS"] = str(_FONTS)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples (content/*.yaml) and the fixture briefs, built once in both formats."""
    out = tmp_path_factory.mktemp("built")
    briefs = [*EXAMPLES, *sorted(FIXTURES.glob("*.yaml"))]
    code = main(["build", *map(str, briefs), "--out", str(out), "--jobs", "2"])
    assert code == 0
    return out


# --- every PDF briefgen builds in the suite keeps the page invariants (tests/pagecheck.py) ---------

def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}(reason): the test builds pages that break a page invariant "
                                       "on purpose; its PDFs are not checked (tests/pagecheck.py)")


@pytest.fixture(scope="session", autouse=True)
def _page_sweep_base(tmp_path_factory: pytest.TempPathFactory) -> None:
    SWEEP.base = tmp_path_factory.getbasetemp()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """The PDFs a test wrote while it ran: checked when it ends; a problem fails the test."""
    marker = item.get_closest_marker(MARKER)
    if marker is not None and not marker.kwargs.get("reason"):
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{MARKER} needs a reason=")
    before = SWEEP.snapshot()
    result = yield
    problems = SWEEP.check(new_pdfs(before, SWEEP.snapshot()), exempt=marker is not None)
    if problems:
        raise AssertionError("pages this test built break the page invariants (tests/invariants.py):\n  "
                             + "\n  ".join(problems))
    return result


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """PDFs that fixtures wrote and no test checked: checked now; a problem fails the session."""
    problems = SWEEP.check(list(SWEEP.snapshot()))
    if not problems:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "pages built by fixtures break the page invariants (tests/invariants.py)", red=True)
        for problem in problems:
            reporter.write_line(problem)
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many PDFs the page checks read, in how long, and the known problems they let pass."""
    if not SWEEP.pdfs:
        return
    terminalreporter.write_line(f"page invariants: {SWEEP.pdfs} PDFs checked in {SWEEP.seconds:.1f} s")
    for reason, files in sorted(SWEEP.known.items()):
        terminalreporter.write_line(f"  known, not failing: {reason} ({', '.join(sorted(files)[:4])}"
                                    f"{', …' if len(files) > 4 else ''})")
