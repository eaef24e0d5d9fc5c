"""Typed errors shared by every stage; only the CLI turns them into exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a content file: ``PATH:LINE:COLUMN: field: message``."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}"


class BriefgenError(Exception):
    """Base class for every error briefgen reports without a traceback."""


class ContentError(BriefgenError):
    """A content file (brief or manifest) has one or more problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LayoutError(BriefgenError):
    """A layout folder, template or font is missing or broken."""


class FitError(BriefgenError):
    """The core of a one-page brief does not fit on one page."""


class RenderError(BriefgenError):
    """ReportLab could not place a block on a page."""


class OutputError(BriefgenError):
    """An output file could not be written."""
