"""Fonts without parsing them again: a TrueType face rebuilt from its cached metrics.

Parsing a face costs ≈ 25 ms (a CJK face much more); briefgen caches what ReportLab's
``TTFontFace`` parsed and builds the ``TTFont`` from it. That means creating both objects
without their constructors (``__new__``) and setting ReportLab's private attributes
(``_ttf_data``, ``_pdfScale``, ``_asciiReadable``): hence here, behind the door, where
:func:`briefgen.text.rl.check` compares the attributes with those of a font ReportLab made.
"""

from __future__ import annotations

import logging
import mmap
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

log = logging.getLogger(__name__)

_MAPPED_ABOVE = 4 << 20  # CJK faces (5–15 MB) are mapped, not read: a subset touches few pages


def _font_data(path: Path) -> bytes | mmap.mmap:
    """A font file's bytes for ReportLab's subsetter (which only slices them)."""
    if path.stat().st_size <= _MAPPED_ABOVE:
        return path.read_bytes()
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


class _Metrics(Sequence):
    """A face's (advance, left side bearing) per glyph, kept as one array: 65,000 glyphs of a CJK
    face load ten times faster than as a list of tuples."""

    def __init__(self, flat: array):
        self.flat = flat

    def __len__(self) -> int:
        return len(self.flat) // 2

    def __getitem__(self, glyph):  # type: ignore[override]
        return self.flat[2 * glyph], self.flat[2 * glyph + 1]


def _scale(units_per_em: int):
    factor = 1000 / units_per_em
    return (lambda x: x) if units_per_em == 1000 else (lambda x: x * factor)


def parse_font(name: str, path: Path) -> TTFont:
    """A TTFont parsed by ReportLab, shapable (briefgen shapes only where :mod:`briefgen.text.rl.shaping` asks)."""
    return TTFont(name, str(path), shapable=True)


def font_from_state(name: str, path: Path, state: dict[str, Any]) -> TTFont:
    """A TTFont named ``name`` for the file at ``path``, from a face's state saved by :func:`face_state`."""
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    for key in state.pop("_name_bytes"):
        setattr(face, key, TTFNameBytes(state[key]))
    face.hmetrics = _Metrics(array("H", state["hmetrics"]))
    face._ttf_data, face._pdfScale = _font_data(path), _scale(face.unitsPerEm)
    font = TTFont.__new__(TTFont)
    font.fontName, font.face, font.encoding = name, face, TTEncoding()
    font.state, font._asciiReadable = WeakKeyDictionary(), rl_config.ttfAsciiReadable
    font.shapable = True  # shaping happens only where briefgen.text.rl.shaping asks for it
    return font


def face_state(face: TTFontFace) -> dict[str, Any]:
    """What :func:`font_from_state` needs of a parsed face, as values ``marshal`` can store."""
    state = {k: v for k, v in vars(face).items() if k not in ("_ttf_data", "_pdfScale")}
    names = [k for k, v in state.items() if isinstance(v, TTFNameBytes)]
    state = {k: bytes(v) if k in names else v for k, v in state.items()}
    state["_name_bytes"] = names
    state["hmetrics"] = array("H", [value for pair in face.hmetrics for value in pair]).tobytes()
    return state
