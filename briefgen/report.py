"""What the command line tells people and machines: errors, warnings, omissions, one line per brief.

Stages return :class:`Message` objects (an error, a warning, an omission, a result);
a :class:`Reporter` prints them in one of three formats:

- ``text`` (default), on standard error: every error and warning as
  ``PATH:LINE:COLUMN: field: message``, one line per brief built, omissions only with
  ``--verbose``; ``--quiet`` prints errors alone.
- ``github``, on standard output: workflow commands (``::error file=…,line=…,col=…::…``)
  that GitHub Actions shows as annotations on the changed lines.
- ``json``, on standard output: one JSON object a line.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import IO, Any

from briefgen.errors import Problem

FORMATS = ("text", "github", "json")


@dataclass(frozen=True)
class Message:
    """One thing to report: ``kind`` is error, warning, omission or result."""

    kind: str
    text: str
    problem: Problem | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, problem: Problem) -> Message:
        """A located problem as a message (a warning when its text says so)."""
        return cls("warning" if problem.is_warning else "error", str(problem), problem)


def errors(texts: list[str]) -> list[Message]:
    """Unlocated error lines as messages."""
    return [Message("error", text) for text in texts]


class Reporter:
    """Prints messages in the chosen format and verbosity."""

    def __init__(self, fmt: str = "text", quiet: bool = False, verbose: bool = False,
                 text_stream: IO[str] | None = None, machine_stream: IO[str] | None = None):
        self.fmt, self.quiet, self.verbose = fmt, quiet, verbose
        self.text_stream = text_stream
        self.machine_stream = machine_stream
        self.seen: set[Message] = set()

    def shows(self, message: Message) -> bool:
        """Whether this verbosity prints the message."""
        if message.kind == "error":
            return True
        if self.quiet:
            return False
        return message.kind != "omission" or self.verbose

    def emit(self, messages: list[Message]) -> None:
        """Print each message once (a problem met twice, in two formats of one brief, prints once)."""
        for message in messages:
            if message in self.seen or not self.shows(message):
                continue
            self.seen.add(message)
            if self.fmt == "json":
                self._write(json.dumps(_as_json(message), ensure_ascii=False), machine=True)
            elif self.fmt == "github":
                self._write(_as_github(message), machine=True)
            else:
                self._write(message.text, machine=False)

    def _write(self, line: str, machine: bool) -> None:
        stream = (self.machine_stream or sys.stdout) if machine else (self.text_stream or sys.stderr)
        print(line, file=stream)


def _as_json(message: Message) -> dict[str, Any]:
    problem = message.problem
    record: dict[str, Any] = {"severity": message.kind}
    if problem is not None:
        record.update(file=problem.path, line=problem.line, column=problem.column, field=problem.field,
                      message=problem.message.removeprefix("warning: "))
    else:
        record["message"] = message.text
    return {**record, **message.details}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _as_github(message: Message) -> str:
    command = {"error": "error", "warning": "warning", "omission": "notice"}.get(message.kind)
    if command is None:
        return message.text
    problem = message.problem
    if problem is None:
        return f"::{command}::{_escape_data(message.text)}"
    where = [f"file={_escape_property(problem.path)}"] if problem.path else []
    where += [f"line={problem.line}"] if problem.line is not None else []
    where += [f"col={problem.column}"] if problem.column is not None else []
    text = f"{problem.field}: {problem.message.removeprefix('warning: ')}"
    return f"::{command} {','.join(where)}::{_escape_data(text)}" if where else f"::{command}::{_escape_data(text)}"
