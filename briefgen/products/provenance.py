"""Provenance: what a PDF records about where it came from, and the fingerprints behind it.

Every PDF names its source file (its path) and records SHA-256s of its content, its layout folders and
briefgen's code, and briefgen's version. A PDF whose record matches is up to date: builds skip
it and packs reuse it. These helpers are shared by build, fit, jobs and pack.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import __version__
from briefgen.cache import file_identity, remembered
from briefgen.memo import FileMemo, memoized

if TYPE_CHECKING:  # imported for types only: the model (pydantic) is not needed to name a file
    from briefgen.content.validate import Validated
    from briefgen.layouts.layout import Layout

PACKAGE = Path(__file__).resolve().parent.parent
# The keys that must match for a PDF to count as built from the same content, layout and code.
PROVENANCE_KEYS = ("BriefgenSourceSHA256", "BriefgenLayoutSHA256", "BriefgenVersion", "BriefgenCodeSHA256")


def source_name(path: str | Path) -> str:
    """The path a PDF records for the file it was built from.

    Relative to the working folder when the file is inside it (``content/brief.yaml``: the
    same in every clone, so ``make`` builds byte-identical PDFs anywhere), absolute
    otherwise; standard input as ``-``. Two briefs with one file name in two folders
    record different paths, so neither replaces the other's PDFs unnoticed.
    """
    text = str(path)
    if text == "-" or text.startswith("<"):
        return text
    absolute = Path(os.path.abspath(text))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def same_source(recorded: str, path: str | Path) -> bool:
    """Whether a PDF that records ``recorded`` (see :func:`source_name`) was built from the file at ``path``.

    A recorded path that names no file here (built in another working folder or clone, or by a
    version that recorded file names alone) can only be compared by file name.
    """
    if recorded == source_name(path):
        return True
    candidate = Path(recorded)
    if candidate.is_file():
        try:
            return candidate.samefile(path)
        except OSError:
            return False
    return candidate.name == Path(path).name


def layout_fingerprint(layout: Layout) -> str:
    """SHA-256 over every file of the layout chain (names and bytes), computed once per version of the files.

    Fetched fonts (a folder with a ``.fetched`` mark) are pinned by the hashed ``fetch.yaml``
    and not read again: they are 150 MB.
    """
    folders = tuple(layout.folders)
    return _FINGERPRINTS.lookup_files(folders, lambda: _fingerprint(folders))


_FINGERPRINTS: FileMemo[str] = FileMemo(
    "layout fingerprints", holds="SHA-256 over a layout chain's files", bound=16,
    key="the folders; valid while every file and folder in them keeps its identity")


def _fingerprint(folders: tuple[Path, ...]) -> tuple[str, list[Path]]:
    """The fingerprint, and what it depends on: the files hashed and the folders (a file added or
    removed changes its folder's time); fetched fonts count by their folder only."""
    found = [p for folder in folders for p in folder.rglob("*")]
    files = sorted(p for p in found if p.is_file() and not (p.parent / ".fetched").is_file())
    watched = [*folders, *(p for p in found if p.is_dir()), *files]
    return remembered("fingerprints", file_identity(files), lambda: _digest(files)), watched


def _digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def provenance(validated: Validated, layout: Layout) -> dict[str, str]:
    """What a PDF records about its origin: source file path, content, layout and code hashes, layout name, version."""
    return {
        "BriefgenSourceName": source_name(validated.loaded.path),
        "BriefgenSourceSHA256": hashlib.sha256(validated.loaded.text.encode("utf-8")).hexdigest(),
        "BriefgenLayout": layout.name,
        "BriefgenLayoutSHA256": layout_fingerprint(layout),
        "BriefgenVersion": __version__,
        "BriefgenCodeSHA256": code_fingerprint(),
    }


def previous_edition(previous: Validated) -> dict[str, str]:
    """What a change-tracked edition records of the edition it is compared with: its content's SHA-256
    (as that edition's own PDF records it), date and where it was read (a file, or ``REV:path``)."""
    return {
        "BriefgenPreviousSHA256": hashlib.sha256(previous.loaded.text.encode("utf-8")).hexdigest(),
        "BriefgenPreviousDate": previous.model.date.isoformat(),
        "BriefgenPreviousSource": _edition_name(previous.loaded.path),
    }


def _edition_name(shown: str) -> str:
    """Where an edition was read, as a PDF records it: a file as :func:`source_name` does, ``REV:path`` with its
    path so (``HEAD~1:content/x.yaml`` in every clone)."""
    from briefgen.content.revisions import parse_spec

    spec = parse_spec(shown)
    return f"{spec.revision}:{source_name(spec.path)}" if spec.revision is not None else source_name(shown)


@memoized("code fingerprint", holds="SHA-256 of briefgen's source files",
          key="none: the code a process runs does not change", bound=1)
def code_fingerprint() -> str:
    """SHA-256 over briefgen's own source files: a PDF built by other code is not reused as up to date."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
