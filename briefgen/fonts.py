"""Embedded TrueType fonts: registered once per process, and checked for missing glyphs."""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace

from briefgen.cache import cache_dir
from briefgen.errors import LayoutError
from briefgen.layout import Layout

log = logging.getLogger(__name__)

FACES = ("regular", "bold", "italic", "bold_italic")


def _cache_file(path: Path, raw: bytes) -> Path | None:
    folder = cache_dir("fonts")
    if folder is None:
        return None
    key = hashlib.sha1(raw).hexdigest() + f"-rl{reportlab.Version}-py{sys.version_info[0]}{sys.version_info[1]}"
    return folder / f"{path.stem}-{key}.marshal"


def _scale(units_per_em: int):
    factor = 1000 / units_per_em
    return (lambda x: x) if units_per_em == 1000 else (lambda x: x * factor)


def load_font(name: str, path: Path) -> TTFont:
    """A TTFont, its parsed metrics read from the cache when present (parsing costs ~25 ms a face)."""
    raw = path.read_bytes()
    cached = _cache_file(path, raw)
    if cached is not None and cached.is_file():
        try:
            state = marshal.loads(cached.read_bytes())
            face = TTFontFace.__new__(TTFontFace)
            face.__dict__.update(state)
            for key in state.pop("_name_bytes"):
                setattr(face, key, TTFNameBytes(state[key]))
            face._ttf_data, face._pdfScale = raw, _scale(face.unitsPerEm)
            font = TTFont.__new__(TTFont)
            font.fontName, font.face, font.encoding = name, face, TTEncoding()
            font.state, font._asciiReadable = WeakKeyDictionary(), rl_config.ttfAsciiReadable
            font.shapable = False
            return font
        except (ValueError, EOFError, TypeError, KeyError, AttributeError):
            log.debug("font cache %s unreadable; parsing the font", cached)
    font = TTFont(name, str(path), shapable=False)
    if cached is not None:
        _save_metrics(font.face, cached)
    return font


def _save_metrics(face: TTFontFace, cached: Path) -> None:
    state = {k: v for k, v in vars(face).items() if k not in ("_ttf_data", "_pdfScale")}
    names = [k for k, v in state.items() if isinstance(v, TTFNameBytes)]
    state = {k: bytes(v) if k in names else v for k, v in state.items()}
    state["_name_bytes"] = names
    try:
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(state))
        os.replace(temporary, cached)
    except (OSError, ValueError):
        log.debug("could not write font cache %s", cached)


@cache
def register_file(path: Path) -> str:
    """Register one TrueType file and return its ReportLab font name."""
    name = f"{path.stem}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
    try:
        pdfmetrics.registerFont(load_font(name, path))
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
        for face, (bold, italic) in zip(FACES, ((0, 0), (1, 0), (0, 1), (1, 1)), strict=True):
            addMapping(faces["regular"], bold, italic, faces[face])
        names[family] = faces
    return names


@cache
def coverage(font_name: str) -> frozenset[int]:
    """Code points a registered TrueType font has glyphs for."""
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)

