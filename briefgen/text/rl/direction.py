"""Direction: right-to-left and mixed lines put in visual order when drawn, and the paragraph style
such text needs.

Lines are broken in logical order; :func:`visual_frag_line` reorders each line's words, spaces
and marks by the Unicode bidirectional algorithm on the paragraph's base direction, reading
ReportLab's shaped strings (their private ``__shapeData__`` and ``_sdSimple``: hence here,
behind the door). :func:`complex_text_style` sends CJK, right-to-left and URL text through
ReportLab's word-by-word path, where the patches of :mod:`briefgen.text.rl.linebreak` apply.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.pdfbase import ttfonts

from briefgen.text.scripts import (bidi_levels, char_class, has_rtl, has_strong_ltr, mirrored, mostly_rtl,
                                   visual_order)

log = logging.getLogger(__name__)


def mirror_unshaped(text: str) -> str:
    """A neutral word set right to left: brackets mirrored and characters reversed."""
    return "".join(mirrored(char) for char in reversed(text))


def visual_text(text: str, rtl: bool) -> str:
    """A short unshaped string (a list number, ``1.``) in visual order on a base direction: ``.1`` right to left."""
    if not rtl or not text:
        return text
    levels = bidi_levels(text, rtl)
    return "".join(mirrored(text[index]) if levels[index] % 2 else text[index] for index in visual_order(levels))


def complex_text_style(frags: list, style: Any) -> tuple[Any, bool]:
    """The style a paragraph with CJK, right-to-left text or a URL needs, and whether it is set RTL.

    Such a paragraph goes through ReportLab's word-by-word path (``shaping`` on, which this
    module limits to right-to-left words), where the breaks above apply; one mostly in a
    right-to-left script is set ragged left, aligned right. Other paragraphs keep their style.
    """
    text = "".join(getattr(frag, "text", "") or "" for frag in frags)
    if starts_right(style):
        return _on_rtl_page(text, style)
    has_url = "://" in text or "www." in text  # a URL too long for a line breaks after / or .
    if not has_url and (text.isascii() or not any(char_class(char) is not None for char in text)):
        return style, False
    rtl = mostly_rtl(text)  # most of its letters right to left: the paragraph is set right to left
    if style.shaping and not rtl:
        return style, rtl
    changed = copy.copy(style)
    changed.shaping = 1
    if rtl:  # ragged left, and a list item's hanging indent on the right, where its bullet goes
        if changed.alignment in (TA_LEFT, TA_JUSTIFY):
            changed.alignment = TA_RIGHT
        changed.leftIndent, changed.rightIndent = changed.rightIndent, changed.leftIndent
        changed.direction = "rtl"  # its bullet goes on the right
    return changed, rtl


def starts_right(style: Any) -> bool:
    """Whether a paragraph style starts its lines on the right: a style of a mirrored (right-to-left)
    layout, or one turned for a right-to-left paragraph. Its bullet goes on the right."""
    return getattr(style, "direction", "ltr") == "rtl"


def _on_rtl_page(text: str, style: Any) -> tuple[Any, bool]:
    """A paragraph on a right-to-left page: its alignment and indents are the mirrored layout's (an
    English sentence too, so the page keeps one edge); it reads right to left unless most of its
    letters are left to right. Justified text is set ragged left, as the last line must end right."""
    changed = copy.copy(style)
    changed.shaping = 1  # the word-by-word path, where lines are put in visual order
    if changed.alignment == TA_JUSTIFY:
        changed.alignment = TA_RIGHT
    return changed, mostly_rtl(text) or not has_strong_ltr(text)


def visual_frag_line(line: Any, rtl: bool) -> Any:
    """A copy of a broken line (ReportLab's kind 1) with its words, spaces and marks in visual order."""
    items = _line_items(line.words)
    proxies = "".join(_proxy(frag, text) for frag, text in items)
    if not has_rtl(proxies) and not rtl:
        return line
    items, item_levels = _level_units(items, bidi_levels(proxies, rtl), rtl)
    ordered: list[tuple[Any, str]] = []
    for index in visual_order(item_levels):
        frag, text = items[index]
        if text and item_levels[index] % 2 and not _is_shaped(text):
            text = mirror_unshaped(text)
        ordered.append((frag, text))
    visual = copy.copy(line)
    visual.words = _merge_items(ordered)
    return visual


def _level_units(items: list[tuple[Any, str]], levels: list[int], rtl: bool) -> tuple[list, list[int]]:
    """Items with one bidi level each: a shaped word keeps its highest level; an unshaped piece
    is cut where its level changes (``٢٠٢٤.`` at the end of an Arabic sentence: the digits run
    left to right, the stop belongs to the sentence)."""
    units: list[tuple[Any, str]] = []
    unit_levels: list[int] = []
    position = 0
    for frag, text in items:
        own = levels[position:position + max(len(text), 1)]
        position += max(len(text), 1)
        if not text:
            units.append((frag, text))
            unit_levels.append(1 if rtl else 0)
        elif _is_shaped(text) or len(set(own)) == 1:
            units.append((frag, text))
            unit_levels.append(max(own))
        else:
            start = 0
            for index in range(1, len(text) + 1):
                if index == len(text) or own[index] != own[start]:
                    units.append((frag, text[start:index]))
                    unit_levels.append(own[start])
                    start = index
    return units, unit_levels


def _line_items(frags: list) -> list[tuple[Any, str]]:
    """A line's frags cut into words and single spaces; callbacks (marks, anchors) stay whole."""
    items: list[tuple[Any, str]] = []
    for frag in frags:
        if hasattr(frag, "cbDefn"):
            items.append((frag, ""))
            continue
        text, start = frag.text, 0
        data = getattr(text, "__shapeData__", None)
        for index, char in enumerate(text):
            if char == " " and (not data or data[index] is ttfonts._sdSimple):  # not a shaped ZWNJ
                if index > start:
                    items.append((frag, text[start:index]))
                items.append((frag, text[index:index + 1]))
                start = index + 1
        if start < len(text):
            items.append((frag, text[start:]))
    return items


def _proxy(frag: Any, text: str) -> str:
    """Characters standing in, one for one, for what a piece says, for the bidi algorithm."""
    if not text:
        return "\ufffc"  # a callback: a neutral object
    if _is_shaped(text):
        return "\u05d0" * len(text)  # shaped glyphs: a right-to-left word
    return str(text)


def _is_shaped(text: str) -> bool:
    data = getattr(text, "__shapeData__", None)
    return bool(data) and any(item is not ttfonts._sdSimple for item in data)


def _merge_items(items: list[tuple[Any, str]]) -> list:
    merged: list = []
    for frag, text in items:
        if hasattr(frag, "cbDefn"):
            merged.append(frag)
        elif merged and not hasattr(merged[-1], "cbDefn") and merged[-1]._source is frag:
            merged[-1].text = merged[-1].text + text
        else:
            clone = frag.clone(text=text)
            clone._source = frag
            merged.append(clone)
    return merged
