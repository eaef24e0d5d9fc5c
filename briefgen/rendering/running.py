"""Room for running heads and feet: every slot gets a width budget, and text over it is shortened.

A header or footer has up to three slots: ``left`` (starts at the left margin), ``center``
(centred on the page) and ``right`` (ends at the right margin). Their texts never come
closer than one em. When they do not fit, the slots that show the title give way first,
down to two fifths of the text width; if that is not enough, the widest slots shrink
until all fit ("water-filling", so a short slot such as a date or a page number is the
last to be cut). A text over its budget is cut at a word boundary (between characters in
Chinese and Japanese) and ends with an ellipsis.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from briefgen.text.scripts import cjk_breaks

log = logging.getLogger(__name__)

ELLIPSIS = "…"
TITLE_FIELDS = ("{title}", "{short_title}")
TITLE_FLOOR = 0.4  # a title slot gives way alone down to this share of the text width
_TRAILING = " \u00a0,;:–—-·/(|"  # stripped before the ellipsis: "Tokyo:…" reads as a mistake


@dataclass(frozen=True)
class RunningLine:
    """Where a running line may print: its left and right margins and the page's middle, in points."""

    left: float
    right: float
    middle: float
    em: float

    def fits(self, widths: Mapping[str, float]) -> bool:
        """Whether slots of these widths stand at least an em apart, inside the margins."""
        left, center, right = (widths.get(slot) for slot in ("left", "center", "right"))
        if center is None:
            return sum(w for w in (left, right) if w is not None) + (self.em if left and right else 0) \
                <= self.right - self.left + 1e-6
        half = center / 2
        room_left, room_right = self.middle - half - self.left, self.right - self.middle - half
        return (room_left >= (left + self.em if left else 0) - 1e-6
                and room_right >= (right + self.em if right else 0) - 1e-6)


def _capped(widths: Mapping[str, float], cap: float, slots: set[str]) -> dict[str, float]:
    return {slot: min(width, cap) if slot in slots else width for slot, width in widths.items()}


def _largest_cap(widths: Mapping[str, float], line: RunningLine, slots: set[str], floor: float = 0.0) -> float | None:
    """The largest cap on ``slots`` (not below ``floor``) that makes the line fit, or None."""
    if not line.fits(_capped(widths, floor, slots)):
        return None
    low, high = floor, max(widths.values())
    for _ in range(40):  # bisection: deterministic, and exact to far below a point
        middle = (low + high) / 2
        low, high = (middle, high) if line.fits(_capped(widths, middle, slots)) else (low, middle)
    return low


def slot_budgets(widths: Mapping[str, float], line: RunningLine, title_slots: set[str]) -> dict[str, float]:
    """The width each slot may use: its own width when all fit, else less (see the module's rule)."""
    if not widths or line.fits(widths):
        return dict(widths)
    titles = title_slots & set(widths)
    if titles:
        floor = TITLE_FLOOR * (line.right - line.left)
        cap = _largest_cap(widths, line, titles, floor)
        if cap is not None:
            return _capped(widths, cap, titles)
    cap = _largest_cap(widths, line, set(widths))
    return _capped(widths, cap or 0.0, set(widths))


def _cuts(text: str) -> list[int]:
    """Offsets where ``text`` may be cut, longest first: before a space, or between CJK characters."""
    spaces = [index for index, char in enumerate(text) if char.isspace() and index > 0]
    return sorted(set(spaces) | set(cjk_breaks(text)), reverse=True)


def shorten(text: str, budget: float, width: Callable[[str], float]) -> str:
    """``text`` if it fits ``budget``, else its longest beginning cut at a word boundary that fits
    with an ellipsis; a first word too long is cut between characters; ``""`` when nothing fits."""
    if width(text) <= budget + 1e-6:
        return text
    for cuts in (_cuts(text), list(range(len(text) - 1, 0, -1))):
        for cut in cuts:
            head = text[:cut].rstrip(_TRAILING)
            if head and width(head + ELLIPSIS) <= budget + 1e-6:
                return head + ELLIPSIS
    return ELLIPSIS if width(ELLIPSIS) <= budget + 1e-6 else ""
