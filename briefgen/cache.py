"""A per-user cache for work that does not change between runs (parsed fonts, compiled templates)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path | None:
    """``$BRIEFGEN_CACHE/<kind>`` (default ``~/.cache/briefgen/<kind>``), or None when it cannot be made.

    Nothing in the cache affects output: deleting it only costs time on the next run.
    """
    base = os.environ.get("BRIEFGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "briefgen")
    folder = Path(base) / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
