"""Stage 1, load: read a YAML file safely and keep the line and column of every node.

The result is plain Python data (dicts, lists, scalars) plus a table of marks that maps
each field path, such as ``("key_quotes", 2, "text")``, to where it was written. Only the
standard YAML tags are accepted; anything like ``!!python/object`` is reported, never
constructed. Aliases are expanded with a node budget, so an alias bomb fails fast.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import ContentError, Problem

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000

FieldPath = tuple[str | int, ...]

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

try:  # the C loader is several times faster; the pure one behaves the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a source file."""

    line: int
    column: int


@dataclass
class Loaded:
    """A loaded YAML document: its data, the marks of its values and keys, its path."""

    path: str
    data: Any
    marks: dict[FieldPath, Mark] = field(default_factory=dict)
    key_marks: dict[FieldPath, Mark] = field(default_factory=dict)
    text: str = ""
    located: bool = True  # False for a mapping given to the Python API: problems carry no file or line

    def mark(self, path: FieldPath) -> Mark:
        """Return the mark of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(path[:end])
            if found:
                return found
        return Mark(1, 1)

    def problem(self, path: FieldPath, message: str, *, at_key: bool = False) -> Problem:
        """Build a located :class:`Problem` for the field at ``path``."""
        if not self.located:
            return Problem(None, None, None, format_path(path), message)
        where = (self.key_marks.get(path) if at_key else None) or self.mark(path)
        return Problem(self.path, where.line, where.column, format_path(path), message)


def format_path(path: FieldPath) -> str:
    """Render a field path the way error messages print it: ``key_quotes[2].text``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(document)"


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Converter:
    """Turn a composed node tree into data and marks, collecting every problem."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.marks: dict[FieldPath, Mark] = {}
        self.key_marks: dict[FieldPath, Mark] = {}
        self.nodes = 0
        self.constructor = _Loader("")

    def fail(self, node: yaml.Node, where: FieldPath, message: str) -> None:
        mark = _mark(node)
        self.problems.append(Problem(self.path, mark.line, mark.column, format_path(where), message))

    def convert(self, node: yaml.Node, where: FieldPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node)
        self.marks.setdefault(where, _mark(node))
        if node.tag not in _SAFE_TAGS:
            self.fail(node, where, f"YAML tag {node.tag!r} is not allowed; write plain values")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.convert_mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, where + (i,)) for i, item in enumerate(node.value)]
        return self.convert_scalar(node)

    def convert_mapping(self, node: yaml.MappingNode, where: FieldPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, where, "a key must be a plain word, not a list or mapping")
                continue
            key = self.convert_scalar(key_node)
            key = key if isinstance(key, str) else str(key)
            child = where + (key,)
            if key in result:
                self.fail(key_node, child, f"duplicate key {key!r}; each key may appear once")
                continue
            self.key_marks[child] = _mark(key_node)
            result[key] = self.convert(value_node, child)
        return result

    def convert_scalar(self, node: yaml.Node) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            return node.value  # e.g. an impossible date: the validator explains it


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def decode(path: str, raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM), reporting the first bad byte's position."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        raise ContentError([Problem(path, line, column, "(file)", message)]) from None


def _at(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _quoted_suggestion(line: str) -> str:
    """``title: Japan: the next step`` → ``title: "Japan: the next step"``, for the hint."""
    key, _, value = line.strip().lstrip("- ").partition(": ")
    value = value.strip()
    quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
    return f"{key}: {quoted}"


def _quoted_from(line: str, start: int) -> str:
    """``  - [@s1] reported a launch`` → ``- "[@s1] reported a launch"``: the line with its value from ``start`` quoted."""
    value = line[start:].rstrip()
    if len(value) > 48:  # shortened at a word boundary, never inside a word
        cut = value[:41]
        value = (cut.rsplit(" ", 1)[0] if " " in cut[20:] else cut[:40]).rstrip() + " …"
    quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
    return f"{line[:start].strip()} {quoted}".strip()


def _reserved_start(mark: Any, line: str) -> str | None:
    """A hint when a value starts with ``@`` or ``[@`` (a citation): YAML reserves ``@`` and reads ``[`` as a list."""
    if not mark or line[mark.column:mark.column + 1] != "@":
        return None
    start = mark.column - 1 if mark.column > 0 and line[mark.column - 1] == "[" else mark.column
    return ("a value that starts with '[@' or '@' (a citation) must be in quotes, e.g. "
            f"{_quoted_from(line, start)}")


def explain_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and a plain-words message for a YAML syntax error, with a hint for the common slips."""
    problem, context = str(exc.problem or ""), str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark
    lines = text.splitlines()
    source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "mapping values are not allowed" in problem:
        hint = (f"a value that contains ': ' must be in quotes, e.g. {_quoted_suggestion(source_line)}"
                if ": " in source_line.strip().lstrip("- ").partition(": ")[2] else
                "a value that contains ': ' must be in quotes")
    elif "cannot start any token" in problem and _reserved_start(mark, source_line):
        hint = str(_reserved_start(mark, source_line))
    elif "tab" in problem or (mark and source_line[mark.column:mark.column + 1] == "\t"):
        hint = "a tab is used for indentation here; YAML indents with spaces only"
    elif "quoted scalar" in context and opened:
        hint = f"the quotation mark opened at {_at(opened)} is never closed; add the closing quote"
    elif "flow sequence" in context and opened:
        hint = f"the '[' opened at {_at(opened)} is not closed with ']', or a comma is missing between items"
    elif "flow mapping" in context and opened:
        hint = f"the '{{' opened at {_at(opened)} is not closed with '}}', or a comma is missing between entries"
    elif "expected '-' indicator" in problem and opened:
        hint = (f"this line sits in the list that starts at {_at(opened)} but has no dash: start each list item "
                "with '- ', or indent the line under the item it belongs to")
    elif "simple key" in context and opened:
        mark = opened
        hint = "this line is neither 'key: value' nor a list item: add '- ' if it is a list item, or ': ' after a key"
    else:
        hint = f"{problem or context}"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if hint.startswith("a value that starts with '[@'") and source_line[column - 2:column - 1] == "[":
        column -= 1  # point at the value, where the quotation mark goes
    return line, column, f"invalid YAML: {hint}"


def load_text(path: str, text: str) -> Loaded:
    """Parse YAML text into :class:`Loaded`; raise :class:`ContentError` on any problem."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line, column, message = explain_yaml_error(exc, text)
        raise ContentError([Problem(path, line, column, "(yaml)", message)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(path, 1, 1, "(yaml)", f"invalid YAML: {exc}")]) from None
    if root is None:
        raise ContentError([Problem(path, 1, 1, "(document)", "file is empty")])
    converter = _Converter(path)
    try:
        data = converter.convert(root, ())
    except _TooLarge as exc:
        where = _mark(exc.node)
        message = f"document expands to more than {MAX_NODES} values (too many aliases?)"
        raise ContentError([Problem(path, where.line, where.column, "(document)", message)]) from None
    if converter.problems:
        raise ContentError(converter.problems)
    return Loaded(path, data, converter.marks, converter.key_marks, text)


def load_mapping(data: Any, name: str = "<mapping>") -> Loaded:
    """Content built by a script: data without a file or lines; its canonical JSON stands in for the text."""
    import json

    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return Loaded(name, data, text=text, located=False)


def _check_json(path: str, text: str) -> None:
    """A JSON file is read as YAML (which keeps line marks); JSON's own parser words its syntax errors."""
    import json

    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError([Problem(path, exc.lineno, exc.colno, "(json)", f"invalid JSON: {exc.msg}")]) from None


def load_file(path: str | Path) -> Loaded:
    """Read and parse one content file (YAML, or JSON: ``.json``), with size and encoding checks."""
    shown = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"
            raise ContentError([Problem(shown, 1, 1, "(file)", message)])
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ContentError([Problem(shown, 1, 1, "(file)", f"cannot read: {exc.strerror}")]) from None
    log.debug("loaded %s (%d bytes)", shown, len(raw))
    text = decode(shown, raw)
    if str(path).lower().endswith(".json"):
        _check_json(shown, text)
        try:
            return load_text(shown, text)
        except ContentError:  # valid JSON that YAML 1.1 reads differently (tabs): no line marks, same data
            import json

            return Loaded(shown, json.loads(text), text=text)
    return load_text(shown, text)
