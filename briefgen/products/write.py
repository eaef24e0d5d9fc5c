"""Stage 5, write: put a finished PDF in place atomically.

The bytes go to a temporary file in the destination folder, are flushed to disk, and
the file is renamed over the destination in one step. A failed, interrupted or
concurrent build therefore never leaves a partial PDF and never replaces a good one
with a broken one.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from briefgen.errors import OutputError

log = logging.getLogger(__name__)


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as exc:  # also Ctrl-C: never leave the temporary file behind
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise
    log.info("wrote %s (%d bytes)", target, len(data))
    return target
