"""Whether two text fragments of a paragraph share one style: ReportLab's ``sameFrag``, in Python.

ReportLab's line breaker asks it of neighbouring fragments to join them into words and
lines. ``rl_accel``'s C version looks each of eight attributes up by name, and most of our
fragments lack ``us_lines``, ``link``, ``backColor`` or ``nobr``, so it raises and clears an
``AttributeError`` for each: about four times slower than reading the fragments' dictionaries
(≈ 10 % of a 100-page build). :func:`same_frag` answers exactly as the C version does
(a missing attribute equals only a missing one; values compared with ``!=``). It reads
dictionaries only for ReportLab's plain ``ParaFrag``, which keeps none of these names on its
class, and asks the C version of anything else (the only kind our builds pass is ``ParaFrag``).
"""

from __future__ import annotations

import logging
from typing import Any

from reportlab.lib.rl_accel import sameFrag as _c_same_frag
from reportlab.platypus.paraparser import ParaFrag

log = logging.getLogger(__name__)

_COMPARED = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_MISSING = object()


def same_frag(f: Any, g: Any) -> bool:
    """Whether fragments ``f`` and ``g`` can join (same font, size, colour, rise, lines, link, background,
    no-break, and neither holds an image or a line break): ReportLab's ``sameFrag``."""
    if type(f) is not ParaFrag or type(g) is not ParaFrag:
        return _c_same_frag(f, g)
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "cbDefn" in gd or "lineBreak" in fd or "lineBreak" in gd:
        return False
    for key in _COMPARED:
        a = fd.get(key, _MISSING)
        b = gd.get(key, _MISSING)
        if a is not b and (a is _MISSING or b is _MISSING or a != b):
            return False
    return True
