"""Fonts too large to ship with briefgen: where they are looked for once ``briefgen fonts`` fetched them.

A layout names a fetched font as ``fonts/scripts/<file>``, relative to its folder, like any other
font. A layout folder that holds the file uses it; otherwise the file is looked for in the per-user
fonts folder: ``$BRIEFGEN_FONTS`` if set, else ``script-fonts`` in the user cache
(``$BRIEFGEN_CACHE``, ``$XDG_CACHE_HOME/briefgen`` or ``~/.cache/briefgen``). Nothing is fetched
into the installed package.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path, PurePosixPath

from briefgen.cache import cache_dir
from briefgen.layouts import BUILTIN_LAYOUTS

log = logging.getLogger(__name__)

FETCHED = PurePosixPath("fonts/scripts")  # where layouts name fetched fonts, relative to their folder
MANIFEST = BUILTIN_LAYOUTS / "base" / "fonts" / "fetch.yaml"  # the packages `briefgen fonts` fetches
FETCH_COMMAND = "briefgen fonts"


def fonts_folder() -> Path | None:
    """The per-user folder of fetched fonts, or None when there is no user cache to hold it."""
    configured = os.environ.get("BRIEFGEN_FONTS")
    if configured:
        return Path(configured).expanduser().resolve()
    return cache_dir("script-fonts")


def font_file(folder: Path, name: str) -> Path:
    """The file a layout in ``folder`` names as ``name``: in that folder, or, for a fetched font
    (``fonts/scripts/…``) the folder does not hold, in the per-user fonts folder."""
    path = (folder / name).resolve()
    if path.is_file() or PurePosixPath(name).parent != FETCHED:
        return path
    fetched = fonts_folder()
    return path if fetched is None else fetched / PurePosixPath(name).name


def is_fetched(path: Path) -> bool:
    """Whether a font file is one ``briefgen fonts`` fetches: named ``fonts/scripts/…`` by its layout."""
    folder = fonts_folder()
    return path.parent.parts[-2:] == FETCHED.parts or (folder is not None and path.parent == folder)
