"""Editions of a brief: a file, or ``REV:path``, the file as it was in a git revision.

``briefgen diff OLD NEW`` (and later ``build --since``) read their editions here. A revision
is read with ``git cat-file`` in the repository that holds the path (a path is relative to the
working folder, as on the command line; ``:path`` is the version staged in the index). The
loaded text keeps the name it was given, so a problem reads ``HEAD~1:content/x.yaml:12:3: …``.
Figure files the old edition names are checked as they were in that revision.
"""

from __future__ import annotations

import logging
import os
import posixpath
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.content.load import MAX_FILE_BYTES, Loaded, decode, load_text
from briefgen.content.validate import Validated, load_brief, validate_brief
from briefgen.errors import BriefgenError, ContentError, Problem

log = logging.getLogger(__name__)

GIT_TIMEOUT = 60  # seconds


class RevisionError(BriefgenError):
    """A ``REV:path`` cannot be read: no git, no repository, no such revision or file."""


class MissingInRevision(RevisionError):
    """The repository and revision exist, but the file was not in that revision (a brief new since)."""


class EditionsError(ContentError):
    """Problems in the editions compared: ``previous`` holds the OLD edition's, ``current`` the NEW one's."""

    def __init__(self, current: list[Problem], previous: list[Problem]):
        self.current = sorted(current, key=Problem.sort_key)
        self.previous = sorted(previous, key=Problem.sort_key)
        super().__init__(previous + current)


@dataclass(frozen=True)
class Spec:
    """An edition as named on the command line: a file, or a path in a git revision (``""``: the index)."""

    shown: str
    path: str
    revision: str | None = None


def parse_spec(text: str) -> Spec:
    """``HEAD~1:content/x.yaml`` → revision and path; an existing file, or a name without a colon, is a file."""
    revision, colon, path = text.partition(":")
    if not colon or Path(text).exists() or not path:
        return Spec(text, text)
    if len(revision) == 1 and revision.isalpha() and path[:1] in ("\\", "/"):  # C:\briefs\x.yaml
        return Spec(text, text)
    return Spec(text, path, revision)


# ---------------------------------------------------------------- git


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise RevisionError("git is not installed; it is needed to read a REV:path edition")
    log.debug("git -C %s %s", folder, " ".join(args))
    try:
        return subprocess.run([git, "-C", str(folder), *args], capture_output=True, timeout=GIT_TIMEOUT,
                              check=False, env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"git could not be run: {exc}") from None


@dataclass(frozen=True)
class _Place:
    """A path inside a repository: the repository's top folder and the path relative to it (POSIX)."""

    top: Path
    relative: str


def _place(spec: Spec) -> _Place:
    target = Path(os.path.abspath(spec.path))
    folder = target.parent
    while not folder.is_dir() and folder != folder.parent:  # the file's folder may be gone since
        folder = folder.parent
    found = _git(folder, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise RevisionError(f"{spec.shown}: {folder} is not in a git repository; "
                            "REV:path reads a file from a repository's history")
    top = Path(found.stdout.decode("utf-8", "replace").strip())
    relative = os.path.relpath(os.path.realpath(target), os.path.realpath(top))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise RevisionError(f"{spec.shown}: {spec.path} is outside the repository at {top}")
    return _Place(top, Path(relative).as_posix())


def _check_revision(spec: Spec, place: _Place) -> None:
    if spec.revision and _git(place.top, "rev-parse", "--verify", "--quiet", f"{spec.revision}^{{tree}}").returncode:
        raise RevisionError(f"{spec.shown}: unknown revision {spec.revision!r}")


def _blob(place: _Place, revision: str, relative: str) -> bytes | None:
    found = _git(place.top, "cat-file", "blob", f"{revision}:{relative}")
    return found.stdout if found.returncode == 0 else None


def read_revision(spec: Spec) -> tuple[bytes, _Place]:
    """The bytes of ``spec.path`` as it was in ``spec.revision``; :class:`RevisionError` when it cannot be read."""
    place = _place(spec)
    _check_revision(spec, place)
    raw = _blob(place, spec.revision or "", place.relative)
    if raw is None:
        where = f"in {spec.revision}" if spec.revision else "in the index (staged)"
        raise MissingInRevision(f"{spec.shown}: {place.relative!r} does not exist {where}")
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError([Problem(spec.shown, 1, 1, "(file)", f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")])
    return raw, place


# ---------------------------------------------------------------- editions


def _figure_files(data: object) -> list[str]:
    figures = data.get("figures") if isinstance(data, dict) else None
    return [f["image"] for f in figures or [] if isinstance(f, dict) and isinstance(f.get("image"), str)]


def _relabel(problem: Problem, stand_in: str, shown: str, folder: str, folder_shown: str) -> Problem:
    path = shown if problem.path == stand_in else problem.path
    return replace(problem, path=path, message=problem.message.replace(folder, folder_shown))


def _validate_revision(loaded: Loaded, spec: Spec, place: _Place) -> Validated:
    """Validate an edition read from git, its figure files checked as they were in that revision."""
    images = _figure_files(loaded.data)
    if not images:
        return validate_brief(loaded)
    brief_folder = posixpath.dirname(place.relative)
    with tempfile.TemporaryDirectory(prefix="briefgen-edition-") as tmp:
        for image in images:
            member = posixpath.normpath(posixpath.join(brief_folder, image))
            blob = None if member.startswith("..") else _blob(place, spec.revision or "", member)
            if blob is not None:
                (Path(tmp) / member).parent.mkdir(parents=True, exist_ok=True)
                (Path(tmp) / member).write_bytes(blob)
        stand_in = str(Path(tmp) / place.relative)
        folder, folder_shown = str(Path(stand_in).parent), f"{spec.revision or ''}:{brief_folder or '.'}"
        try:
            validated = validate_brief(Loaded(stand_in, loaded.data, loaded.marks, loaded.key_marks, loaded.text))
        except ContentError as exc:
            raise ContentError([_relabel(p, stand_in, spec.shown, folder, folder_shown) for p in exc.problems]) from None
    validated.loaded = loaded
    validated.warnings = [_relabel(p, stand_in, spec.shown, folder, folder_shown) for p in validated.warnings]
    return validated


def load_edition(text: str) -> Validated:
    """Load and validate one edition: a brief file, or ``REV:path`` read from git."""
    spec = parse_spec(text)
    if spec.revision is None:
        return load_brief(spec.path)
    raw, place = read_revision(spec)
    loaded = load_text(spec.shown, decode(spec.shown, raw))
    validated = _validate_revision(loaded, spec, place)
    validated.file_stem = Path(spec.path).stem  # its id, without an `id:`, is its file's, not 'head-brief'
    return validated


def _id_words(validated: Validated) -> str:
    origin = "" if validated.model.id else " (from its file name)"
    return f"{validated.id!r}{origin}"


def load_editions(old: str, new: str, force: bool = False) -> tuple[Validated, Validated]:
    """Both editions, validated; :class:`EditionsError` lists the problems of either (the OLD one's apart),
    and two different briefs (another ``id``) are an error unless ``force``."""
    editions: dict[str, Validated] = {}
    problems: dict[str, list[Problem]] = {"old": [], "new": []}
    for side, text in (("old", old), ("new", new)):
        try:
            editions[side] = load_edition(text)
        except ContentError as exc:
            problems[side] = exc.problems
    if problems["old"] or problems["new"]:
        raise EditionsError(problems["new"], problems["old"])
    before, after = editions["old"], editions["new"]
    if before.id != after.id and not force:
        raise BriefgenError(f"{old} is brief {_id_words(before)} and {new} is brief {_id_words(after)}: "
                            "not two editions of one brief; add --force to compare them anyway")
    return before, after


# ---------------------------------------------------------------- build --since


_BRIEF_SUFFIXES = (".yaml", ".yml", ".json")


def since_spec(since: str, new_path: str) -> str:
    """What ``--since`` names for the brief at ``new_path``: an existing file, ``REV:path``, or a revision of
    the brief's own file (``HEAD``, ``HEAD~1``, a tag: ``REV:new_path``)."""
    if Path(since).exists() or ":" in since:
        return since
    if since.lower().endswith(_BRIEF_SUFFIXES):
        raise RevisionError(f"--since {since}: no such file")
    if new_path in ("-", "<stdin>"):
        raise RevisionError(f"--since {since}: a brief read from standard input has no file in git; "
                            "name the previous edition's file instead")
    return f"{since}:{new_path}"


def load_previous(since: str, new_path: str, current: Validated, force: bool = False) -> Validated:
    """The previous edition ``--since`` names, validated (:class:`EditionsError` with its problems as the
    previous edition's); another brief (another ``id``) is an error unless ``force``."""
    shown = since_spec(since, new_path)
    try:
        previous = load_edition(shown)
    except ContentError as exc:
        raise EditionsError([], exc.problems) from None
    if previous.id != current.id and not force:
        raise BriefgenError(f"{shown} is brief {_id_words(previous)} and {new_path} is brief {_id_words(current)}: "
                            "not two editions of one brief; add --force to build against it anyway")
    return previous


def revision_files(since: str, new_path: str) -> list[Path]:
    """The files that say what ``--since`` names, for ``--deps``: the previous edition's file, or for a
    revision the git files its name resolves through (``HEAD``, the ref's own file or ``packed-refs``), so
    that a moved tag or a new commit makes ``make`` build again. None when git cannot tell."""
    shown = since_spec(since, new_path)
    spec = parse_spec(shown)
    if spec.revision is None:
        return [Path(spec.path)]
    try:
        place = _place(spec)
    except RevisionError:
        return []
    name = spec.revision.split("~")[0].split("^")[0] or "HEAD"
    full = _git(place.top, "rev-parse", "--symbolic-full-name", name).stdout.decode("utf-8", "replace").strip()
    refs = [name] if name == "HEAD" else []
    refs += [full] if full.startswith("refs/") else []
    if name == "HEAD":
        head = _git(place.top, "symbolic-ref", "-q", "HEAD").stdout.decode("utf-8", "replace").strip()
        refs += [head] if head else []
    found = []
    for ref in [*refs, "packed-refs"] if refs else []:
        where = _git(place.top, "rev-parse", "--git-path", ref).stdout.decode("utf-8", "replace").strip()
        path = Path(where) if os.path.isabs(where) else place.top / where
        if path.is_file():
            found.append(path)
    return found
