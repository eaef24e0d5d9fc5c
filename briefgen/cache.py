"""A per-user cache for work that does not change between runs (parsed fonts, layouts, templates).

Entries are keyed by the identity of the files they were computed from (path, size and
modification time, as ``make`` judges them), so an edited file is simply read again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


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


def store(entry: Path, data: bytes) -> None:
    """Write a cache entry whole (another process reads either the old entry or the new one);
    a cache that cannot be written only costs time."""
    try:
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, entry)
    except OSError:
        log.debug("could not write cache entry %s", entry)


def file_identity(paths: Iterable[Path]) -> str:
    """A hex key for files as they are now: each one's resolved path, size and modification time."""
    digest = hashlib.sha1(f"py{sys.version_info[0]}.{sys.version_info[1]}".encode())
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def remembered(kind: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from an earlier process with the same ``key``.

    For pure work on files whose identity is in ``key`` (see :func:`file_identity`). A
    result that cannot be stored or read back is simply computed again.
    """
    folder = cache_dir(kind)
    entry = folder / f"{key}.pickle" if folder else None
    if entry is not None and entry.is_file():
        try:
            return pickle.loads(entry.read_bytes())  # noqa: S301 - our own cache, written below
        except Exception:  # noqa: BLE001 - a damaged entry is recomputed
            log.debug("cache entry %s unreadable; computing again", entry)
    value = compute()
    if entry is not None:
        try:
            store(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except pickle.PicklingError:
            log.debug("cache entry %s: the value does not pickle", entry)
    return value
