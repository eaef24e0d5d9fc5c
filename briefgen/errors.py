"""Typed errors shared by every stage; only the CLI turns them into exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a content file: ``PATH:LINE:COLUMN: field: message``.

    ``path``, ``line`` and ``column`` are None for content given as a mapping (the Python
    API); a message that starts with ``warning:`` is a warning, any other an error.
    """

    path: str | None
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.path, self.line, self.column) if part is not None)
        return f"{where}: {self.field}: {self.message}" if where else f"{self.field}: {self.message}"

    @property
    def is_warning(self) -> bool:
        """Whether this is a warning (the build goes on) rather than an error."""
        return self.message.startswith("warning: ")

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order of reporting: by file, then position, then field."""
        return (self.path or "", self.line or 0, self.column or 0, self.field, self.message)


class BriefgenError(Exception):
    """Base class for every error briefgen reports without a traceback."""


class ContentError(BriefgenError):
    """A content file (brief or manifest) has one or more problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class LayoutError(BriefgenError):
    """A layout folder, template or font is missing or broken."""


class FitError(BriefgenError):
    """The core of a one-page brief does not fit on one page."""


class RenderError(BriefgenError):
    """ReportLab could not place a block on a page."""


class OutputError(BriefgenError):
    """An output file could not be written."""
