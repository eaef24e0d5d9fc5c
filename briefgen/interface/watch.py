"""``briefgen watch``: rebuild a brief each time it, or a layout, is saved."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.products.jobs import BuildJob, run_job
from briefgen.layouts.layout import search_path
from briefgen.report import Reporter
from briefgen.names import PRODUCTS

log = logging.getLogger(__name__)




def rebuild(path: str, out: str, paper: str, formats: tuple[str, ...] = PRODUCTS) -> bool:
    """Build each format and write it as soon as it is ready, printing what happened; True if all succeeded.

    Unlike ``briefgen build`` (all of a brief's products or none), a save shows in the
    one-pager first, about 0.15 s after it, while the long form is still being laid out; a
    product that fails keeps its previous PDF and says why. The process stays warm between
    saves: fonts, style sheets, parsed paragraphs, templates and the measured height of every
    unchanged block are kept.
    """
    reporter, ok = Reporter(), True
    for fmt in formats:
        result = run_job(BuildJob(path, ((fmt, fmt),), paper, out))
        reporter.emit(result.messages)
        ok = ok and result.ok
        if any(message.kind == "error" and message.problem is not None for message in result.messages):
            break  # located problems of the brief: the other products would report them again
    return ok


def forget_layouts() -> None:
    """Drop what was read from layouts, after one of their files changed."""
    from briefgen import memo

    memo.clear_all()


def watch(path: str, out: str, paper: str, formats: tuple[str, ...] = PRODUCTS) -> int:
    """Build, then rebuild on every change until Ctrl-C. Needs the ``watchfiles`` package."""
    try:
        from watchfiles import watch as changes
    except ImportError:
        raise BriefgenError("watch needs the watchfiles package: pip install watchfiles") from None
    if not Path(path).is_file():
        raise BriefgenError(f"{path}: no such file")
    rebuild(path, out, paper, formats)
    layouts = [f.resolve() for f in search_path() if f.is_dir()]
    folders = [str(Path(path).resolve().parent)] + [str(f) for f in layouts]
    print(f"watching {path} and the layouts; Ctrl-C to stop", file=sys.stderr)
    # step: how long the watcher waits for more events before it reports a save (watchfiles'
    # default, 50 ms, was a third of the time from a save to the rebuilt one-pager).
    for batch in changes(*folders, step=20):
        changed = [Path(name).resolve() for _, name in batch if name.endswith((".yaml", ".json", ".j2", ".ttf"))]
        if any(folder in file.parents for file in changed for folder in layouts):
            forget_layouts()
        if changed:
            rebuild(path, out, paper, formats)
    return 0
