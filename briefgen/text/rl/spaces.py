"""Word splitting that keeps no-break spaces: ReportLab's paragraph ``split``, minus two of its breaks.

ReportLab 5.1 splits a paragraph's text into words at every character of its ``_wsc`` list,
which leaves out U+00A0 NO-BREAK SPACE but lists U+202F NARROW NO-BREAK SPACE and U+2007
FIGURE SPACE, both no-break spaces in Unicode (UAX #14 class GL). French sets a narrow no-break
space inside « » and before ; ! ? — so a French line could end on « or begin with »  or : .
:func:`split_keeping_no_break` answers as ReportLab's ``split`` for every text without those two
characters (the same words, so the same bytes), and for text with them splits only where
ReportLab would split a text holding U+00A0 (its own ``_wsc`` rule), minus the two.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from reportlab.platypus import paragraph

log = logging.getLogger(__name__)

_NO_BREAK = "\u202f\u2007"
_original_split: Callable[..., list[str]] = paragraph.split
_split_at_breaks = re.compile("[%s]+" % re.escape("".join(c for c in paragraph._wsc if c not in _NO_BREAK))).split


def split_keeping_no_break(text: str | bytes, delim: str | bytes | None = None) -> list[str]:
    """ReportLab's ``split`` of paragraph text into words, never at a narrow no-break or figure space."""
    if delim is None and isinstance(text, str) and any(space in text for space in _NO_BREAK):
        return _split_at_breaks(text)
    return _original_split(text, delim)
