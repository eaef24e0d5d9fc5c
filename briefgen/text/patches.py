"""ReportLab behind one door: every patch of a ReportLab internal is installed from here.

:func:`install` is called once at start-up by the interface (the command line, the API, watch,
and each worker process of a parallel build) before anything is measured or drawn;
:func:`installed` lets the render stage refuse to lay out text without them.
"""

from __future__ import annotations

from briefgen.text import shaping


def install() -> None:
    """Install every ReportLab patch (idempotent)."""
    shaping.install()


def installed() -> bool:
    """Whether :func:`install` has run in this process."""
    return shaping.is_installed()
