"""Embedded TrueType fonts: registered once per process, and checked for missing glyphs."""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from briefgen.errors import LayoutError
from briefgen.layout import Layout

log = logging.getLogger(__name__)

FACES = ("regular", "bold", "italic", "bold_italic")


@lru_cache(maxsize=None)
def register_file(path: Path) -> str:
    """Register one TrueType file and return its ReportLab font name."""
    name = f"{path.stem}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except (TTFError, OSError) as exc:
        raise LayoutError(f"font {path}: cannot load: {exc}") from None
    return name


def register_layout_fonts(layout: Layout) -> dict[str, dict[str, str]]:
    """Register every font family of a layout; return family → face → font name."""
    names: dict[str, dict[str, str]] = {}
    for family, files in layout.fonts.items():
        if "regular" not in files:
            raise LayoutError(f"layout {layout.name!r}: font family {family!r} has no 'regular' face")
        faces = {face: register_file(files.get(face, files["regular"])) for face in FACES}
        for face, (bold, italic) in zip(FACES, ((0, 0), (1, 0), (0, 1), (1, 1))):
            addMapping(faces["regular"], bold, italic, faces[face])
        names[family] = faces
    return names


@lru_cache(maxsize=None)
def coverage(font_name: str) -> frozenset[int]:
    """Code points a registered TrueType font has glyphs for."""
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def missing_characters(text: str, font_names: list[str]) -> list[str]:
    """Characters of ``text`` that none of ``font_names`` can draw (spaces ignored)."""
    covered = [coverage(name) for name in font_names]
    missing = {ch for ch in set(text) if not ch.isspace() and not any(ord(ch) in c for c in covered)}
    return sorted(missing)
