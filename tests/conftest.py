"""pytest's shared set-up: ReportLab's patches installed as the command installs them, and the
example built once per session. The helpers themselves are in tests/helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.text.rl import install
from briefgen.interface.cli import main
from tests.helpers import EXAMPLE, FIXTURES
from tests.pagecheck import MARKER, SWEEP, new_pdfs

install()  # ReportLab's patches, as the command installs them at start-up


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example and the fixture briefs, built once in both formats."""
    out = tmp_path_factory.mktemp("built")
    briefs = [EXAMPLE, *sorted(FIXTURES.glob("*.yaml"))]
    code = main(["build", *map(str, briefs), "--out", str(out), "--jobs", "2"])
    assert code == 0
    return out


# --- every PDF the suite writes keeps the page invariants (tests/pagecheck.py) ---------------------

def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}(reason): the test builds pages that break an invariant on "
                                       "purpose; its PDFs are not checked (tests/pagecheck.py)")


@pytest.fixture(scope="session", autouse=True)
def _page_sweep_base(tmp_path_factory: pytest.TempPathFactory) -> None:
    SWEEP.base = tmp_path_factory.getbasetemp()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    before = SWEEP.snapshot()
    result = yield
    marker = item.get_closest_marker(MARKER)
    if marker is not None and not marker.kwargs.get("reason"):
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{MARKER} needs reason=")
    problems = SWEEP.check(new_pdfs(before, SWEEP.snapshot()), exempt=marker is not None)
    if problems:
        if os.environ.get("BRIEFGEN_PAGECHECK") == "report":
            with open("/tmp/inv/pagecheck-report.txt", "a", encoding="utf-8") as log:
                log.write("\n".join(f"{item.nodeid}: {p}" for p in problems) + "\n")
        else:
            raise AssertionError("pages this test built break the page invariants:\n  " + "\n  ".join(problems))
    return result


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """PDFs that fixtures wrote and no test checked: checked now; a problem fails the session."""
    problems = SWEEP.check(list(SWEEP.snapshot()))
    if problems:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_sep("=", "pages built by fixtures break the page invariants", red=True)
            for problem in problems:
                reporter.write_line(problem)
        if os.environ.get("BRIEFGEN_PAGECHECK") == "report":
            with open("/tmp/inv/pagecheck-report.txt", "a", encoding="utf-8") as log:
                log.write("\n".join(f"SESSION: {p}" for p in problems) + "\n")
        elif session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SWEEP.pdfs:
        terminalreporter.write_line(f"page invariants: {SWEEP.pdfs} PDFs checked in {SWEEP.seconds:.1f} s")
