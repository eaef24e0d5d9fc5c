"""``briefgen watch``: rebuild a brief each time it, a figure it draws in, or a layout or font is saved.

What a save does is decided by :func:`decide` from the changed paths alone: the brief or
another YAML/JSON file beside it, or one of the brief's figure files (any kind), rebuilds; a
layout's file or a font file rebuilds and first empties the process caches
(:func:`briefgen.memo.clear_all`). The caches are keyed by file identity, so emptying them is
not needed to see the change; it keeps a long session from holding every version of a layout.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen import memo
from briefgen.errors import BriefgenError
from briefgen.layouts.layout import load_layout, search_path
from briefgen.names import PRODUCTS
from briefgen.products.jobs import BuildJob, run_job
from briefgen.report import Reporter

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = (".yaml", ".yml", ".json")  # the brief, and data files beside it
LAYOUT_SUFFIXES = (".yaml", ".yml", ".json", ".j2", ".icc")  # a layout's settings, templates, colour profile
FONT_SUFFIXES = (".ttf", ".otf")


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild did: whether every product was built, and the figure files the brief draws in
    (None when no product was built, so the brief's figures are not known)."""

    ok: bool
    figures: frozenset[Path] | None = None


@dataclass(frozen=True)
class Watched:
    """What a watch looks at: the brief, its figure files, the layout folders and the folders of
    the layouts' font files (fetched fonts may be outside the layouts)."""

    brief: Path
    figures: frozenset[Path] = frozenset()
    layouts: tuple[Path, ...] = ()
    fonts: tuple[Path, ...] = ()

    def folders(self) -> list[Path]:
        """The folders to watch (each once, none inside another, only those that exist)."""
        wanted = {self.brief.parent, *(figure.parent for figure in self.figures), *self.layouts, *self.fonts}
        present = sorted(folder for folder in wanted if folder.is_dir())
        return [folder for folder in present if not any(other in folder.parents for other in present)]


@dataclass(frozen=True)
class Decision:
    """What a batch of saves calls for: a rebuild, and whether the process caches go first."""

    rebuild: bool = False
    forget: bool = False


def decide(changed: Iterable[Path], watched: Watched) -> Decision:
    """Which changed paths (resolved) rebuild, and which also empty the process caches.

    A font file in a layout or font folder, or a layout's settings, template or colour profile,
    does both; the brief, its figure files and YAML/JSON files in the watched folders rebuild.
    Anything else (written PDFs, the font metrics cache, an editor's temporary files) does nothing.
    """
    rebuild = forget = False
    for path in changed:
        suffix = path.suffix.lower()
        in_layouts = _inside(path, watched.layouts)
        if (suffix in FONT_SUFFIXES and (in_layouts or _inside(path, watched.fonts))) or \
                (in_layouts and suffix in LAYOUT_SUFFIXES):
            rebuild = forget = True
        elif path == watched.brief or path in watched.figures or suffix in SOURCE_SUFFIXES:
            rebuild = True
    return Decision(rebuild, forget)


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(folder in path.parents for folder in folders)


def watched(brief: Path, formats: tuple[str, ...], figures: frozenset[Path] = frozenset()) -> Watched:
    """What to watch for ``brief`` built in ``formats``: its folder and figures, the layout search
    path and the folders holding the fonts of the formats' layouts."""
    layouts = tuple(folder.resolve() for folder in search_path() if folder.is_dir())
    return Watched(brief.resolve(), figures, layouts, _font_folders(formats))


def _font_folders(formats: tuple[str, ...]) -> tuple[Path, ...]:
    folders: set[Path] = set()
    for fmt in formats:
        try:
            layout = load_layout(fmt)
        except BriefgenError:  # the rebuild reports it; the layout folders are watched anyway
            continue
        folders.update(path.parent for faces in layout.fonts.values() for path in faces.values())
    return tuple(sorted(folders))


def rebuild(path: str, out: str, paper: str, formats: tuple[str, ...] = PRODUCTS) -> Rebuilt:
    """Build each format and write it as soon as it is ready, printing what happened.

    Unlike ``briefgen build`` (all of a brief's products or none), a save shows in the
    one-pager first, about 0.15 s after it, while the long form is still being laid out; a
    product that fails keeps its previous PDF and says why. The process stays warm between
    saves: fonts, style sheets, parsed paragraphs, templates and the measured height of every
    unchanged block are kept (see :mod:`briefgen.memo`).
    """
    reporter, ok, figures = Reporter(), True, None
    for fmt in formats:
        result = run_job(BuildJob(path, ((fmt, fmt),), paper, out))
        reporter.emit(result.messages)
        ok = ok and result.ok
        if result.ok:
            figures = frozenset(file.resolve() for file in result.inputs)
        if any(message.kind == "error" and message.problem is not None for message in result.messages):
            break  # located problems of the brief: the other products would report them again
    return Rebuilt(ok, figures)


def react(batch: Iterable[Path], state: Watched, path: str, out: str, paper: str,
          formats: tuple[str, ...]) -> Watched:
    """Act on one batch of changed paths: empty the caches and rebuild as :func:`decide` says;
    return what to watch next (the brief's figures may have changed)."""
    decision = decide(batch, state)
    if decision.forget:
        memo.clear_all()
    if not decision.rebuild:
        return state
    done = rebuild(path, out, paper, formats)
    return watched(state.brief, formats, state.figures if done.figures is None else done.figures)


def watch(path: str, out: str, paper: str, formats: tuple[str, ...] = PRODUCTS) -> int:
    """Build, then rebuild on every change until Ctrl-C. Needs the ``watchfiles`` package."""
    try:
        from watchfiles import watch as changes
    except ImportError:
        raise BriefgenError("watch needs the watchfiles package: pip install watchfiles") from None
    if not Path(path).is_file():
        raise BriefgenError(f"{path}: no such file")
    done = rebuild(path, out, paper, formats)
    state = watched(Path(path), formats, done.figures or frozenset())
    print(f"watching {path}, its figures, the layouts and fonts; Ctrl-C to stop", file=sys.stderr)
    while True:
        folders = state.folders()
        # step: how long the watcher waits for more events before it reports a save (watchfiles'
        # default, 50 ms, was a third of the time from a save to the rebuilt one-pager).
        for batch in changes(*(str(folder) for folder in folders), step=20):
            state = react((Path(name).resolve() for _, name in batch), state, path, out, paper, formats)
            if state.folders() != folders:
                break  # a figure in a folder not watched yet: watch again, with it
        else:
            return 0
