"""``--deps FILE``: a make rule naming everything an output was built from (like gcc's ``-MD``).

Each rule lists the output files, then the content (brief or manifest and every item
brief) and every file of every layout used (its ``layout.yaml``, templates, fonts and
colour profile), with the fetched script fonts it finds in the per-user fonts folder. An empty rule for each prerequisite keeps ``make`` working when one of
them is deleted (gcc's ``-MP``). The Makefile includes these files, so a pack rebuilds
only when one of its own inputs changed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from briefgen.layouts.layout import load_layout
from briefgen.products.write import write_atomic

log = logging.getLogger(__name__)


def layout_files(names: Iterable[str]) -> list[Path]:
    """Every file of the layouts named and of the layouts they extend, and the font files they name
    that are there (fetched fonts live outside the layout folders)."""
    files: set[Path] = set()
    for name in names:
        layout = load_layout(name)
        for folder in layout.folders:
            files.update(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
        files.update(path for faces in layout.fonts.values() for path in faces.values() if path.is_file())
    return sorted(files)


def _shown(path: str | Path) -> str:
    """A path as make reads it: relative to the working folder when inside it; spaces and $ escaped."""
    absolute = Path(path).resolve()
    try:
        text = str(absolute.relative_to(Path.cwd()))
    except ValueError:
        text = str(absolute)
    return text.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")


def rule(outputs: Iterable[str | Path], inputs: Iterable[str | Path]) -> str:
    """``OUT…: IN…`` then an empty rule per input."""
    prerequisites = list(dict.fromkeys(_shown(p) for p in inputs))
    lines = [f"{' '.join(_shown(o) for o in outputs)}: {' '.join(prerequisites)}", ""]
    lines += [f"{p}:" for p in prerequisites]
    return "\n".join(lines) + "\n"


def write_deps(target: str | Path, rules: list[str]) -> None:
    """Write the rules to ``target`` atomically."""
    write_atomic(target, "\n".join(rules).encode("utf-8"))
    log.info("wrote dependencies to %s", os.fspath(target))
