"""Page direction: a layout set right to left for a brief in Arabic, Persian, Hebrew…, computed from its data.

Which languages are written right to left is layout data (``right_to_left:`` in the base
layout). For such a brief, :func:`for_language` gives the layout mirrored as a whole, by
rule, not by language: margins, the running head's and foot's slots, every style's
alignment and indents change sides, and ``direction: rtl`` tells the renderers to put a
page's first column, a table's first column, a bullet and a contents entry's page number
on the other side. The mirror is made once per layout object and shared, so its style
sheets are shared too. A layout may also set ``direction: rtl`` itself.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import replace
from typing import Any

from briefgen.content.typography import primary_subtag
from briefgen.layouts.layout import Layout
from briefgen.memo import Memo

log = logging.getLogger(__name__)

RTL = "rtl"
LTR = "ltr"
_SIDES = {"left": "right", "right": "left"}
_SWAPPED_KEYS = (("indent_left", "indent_right"),)

_MIRRORS: Memo[tuple[Layout, Layout]] = Memo(
    "mirrored layouts", holds="a layout mirrored for right-to-left pages", bound=32,
    key="the Layout object (load_layout makes a new one when a layout or font file changes)")


def language_direction(layout: Layout, language: str | None) -> str:
    """``rtl`` when the layout lists the language among ``right_to_left``, else ``ltr``."""
    languages = {primary_subtag(str(tag)) for tag in layout.get("right_to_left", default=[]) or []}
    return RTL if primary_subtag(language) in languages else LTR


def is_rtl(layout: Layout) -> bool:
    """Whether a layout's pages are set right to left."""
    return layout.get("direction", default=LTR) == RTL


def for_language(layout: Layout, language: str | None) -> Layout:
    """The layout a brief in ``language`` is set with: mirrored when the language is written right to left."""
    if is_rtl(layout) or language_direction(layout, language) != RTL:
        return layout
    found = _MIRRORS.get(id(layout))
    if found is None or found[0] is not layout:  # an id reused by a layout read again
        found = _MIRRORS[id(layout)] = (layout, mirrored(layout))
    return found[1]


def mirrored(layout: Layout) -> Layout:
    """A copy of ``layout`` with every left and right exchanged and ``direction: rtl``."""
    settings = copy.deepcopy(layout.settings)
    settings["direction"] = RTL
    page = settings.get("page") or {}
    for key in ("margins", "header", "footer"):
        if isinstance(page.get(key), dict):
            page[key] = _swap_sides(page[key])
    for name, style in (settings.get("styles") or {}).items():
        if isinstance(style, dict):
            settings["styles"][name] = _mirror_style(style)
    log.debug("layout %s mirrored for right-to-left pages", layout.name)
    return replace(layout, settings=settings)


def _swap_sides(values: dict[str, Any]) -> dict[str, Any]:
    """``left`` and ``right`` keys exchanged (margins, running-line slots); other keys kept."""
    return {_SIDES.get(key, key): value for key, value in values.items()}


def _mirror_style(style: dict[str, Any]) -> dict[str, Any]:
    """A style with its alignment and indents on the other side (values inherited stay inherited)."""
    mirrored_style = dict(style)
    if style.get("align") in _SIDES:
        mirrored_style["align"] = _SIDES[style["align"]]
    for one, other in _SWAPPED_KEYS:
        if one in style or other in style:
            mirrored_style.pop(one, None)
            mirrored_style.pop(other, None)
            if other in style:
                mirrored_style[one] = style[other]
            if one in style:
                mirrored_style[other] = style[one]
    return mirrored_style
