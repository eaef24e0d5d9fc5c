"""``briefgen watch``: rebuild a brief each time it, or a layout, is saved."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.jobs import BuildJob, run_job
from briefgen.layout import search_path
from briefgen.report import Reporter

log = logging.getLogger(__name__)


def rebuild(path: str, out: str, paper: str) -> bool:
    """Build both formats once (both or neither are written), printing what happened; True on success."""
    result = run_job(BuildJob(path, (("one-page", "one-page"), ("long-form", "long-form")), paper, out))
    Reporter().emit(result.messages)
    return result.ok


def watch(path: str, out: str, paper: str) -> int:
    """Build, then rebuild on every change until Ctrl-C. Needs the ``watchfiles`` package."""
    try:
        from watchfiles import watch as changes
    except ImportError:
        raise BriefgenError("watch needs the watchfiles package: pip install watchfiles") from None
    if not Path(path).is_file():
        raise BriefgenError(f"{path}: no such file")
    rebuild(path, out, paper)
    folders = [str(Path(path).resolve().parent)] + [str(f) for f in search_path() if f.is_dir()]
    print(f"watching {path} and the layouts; Ctrl-C to stop", file=sys.stderr)
    for batch in changes(*folders):
        if any(str(changed).endswith((".yaml", ".j2", ".ttf")) for _, changed in batch):
            rebuild(path, out, paper)
    return 0
