"""Line breaking, shaping and direction for scripts ReportLab 5.1 does not set well on its own.

ReportLab breaks lines at spaces and draws words left to right. Three additions, installed
once by :func:`install` (they change nothing for text without CJK or right-to-left letters):

* **Japanese and Chinese** break between characters with the kinsoku rules of
  :func:`briefgen.text.scripts.cjk_breaks`: each word ReportLab finds is cut at those points into
  pieces joined without a space, so the line breaker can end a line there. Korean still
  breaks only at spaces; Latin words stay whole.
* **Shaping**: Arabic, Persian and Hebrew words are shaped with HarfBuzz (through
  ReportLab), right to left, without discretionary ligatures; nothing else is shaped, so
  Latin keeps its speed and its extractable text.
* **Direction**: lines are broken in logical order and each line is put in visual order when
  drawn (:func:`visual_frag_line`), by the Unicode bidirectional algorithm on the paragraph's
  base direction. The glyphs of a shaped word map back to the letters they came from, so text
  copied from the PDF reads as written (:func:`_spell_glyphs`).

Each patch keeps ReportLab's own function for everything else and says why it is there.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph as rl_paragraph

from briefgen.text.scripts import bidi_levels, char_class, cjk_breaks, has_cjk_breaks, has_rtl, mirrored, mostly_rtl, visual_order

log = logging.getLogger(__name__)

_SHAPED_FEATURES = {"kern": True, "liga": True, "dlig": False}
_RTL_CLASSES = ("arabic", "hebrew")
_original_get_frag_words = rl_paragraph._getFragWords
_original_shape = rl_paragraph.shapeFragWord
_original_to_unicode = ttfonts.makeToUnicodeCMap
# Per font face: private code → the letters its glyph spells there (U+034F for a letter's dots).
_SPELLING: dict[str, dict[int, str]] = {}
# Per font face: (glyph, letters) → the private code standing for that glyph spelling those letters.
_CODES: dict[str, dict[tuple[int, str], int]] = {}
_FIRST_CODE = 0xF0000  # Supplementary Private Use Area-A: clear of ReportLab's own U+E000 codes
# What the dots drawn with a letter's skeleton spell: PDF/A and PDF/UA forbid an empty ToUnicode
# value; a combining grapheme joiner is invisible and leaves Arabic joining alone when pasted.
# (The layout's first Arabic faces draw one glyph a letter; this is for fonts that do not.)
_DOTS = "\u034f"
_installed = False


def install() -> None:
    """Put the CJK breaker, selective shaping, the rise fix and a quicker URL test into ReportLab (once)."""
    global _installed
    if _installed:
        return
    rl_paragraph._getFragWords = _frag_words_with_cjk_breaks
    rl_paragraph._uri_split_pairs = _uri_split_pairs
    rl_paragraph.shapeFragWord = _shape_rtl_words_only
    textobject.PDFTextObject.setRise = _set_rise
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    ttfonts.TTFont.hbFont = _hb_font
    _installed = True


def is_installed() -> bool:
    """Whether :func:`install` has run in this process."""
    return _installed


_original_uri_split_pairs = rl_paragraph._uri_split_pairs


def _uri_split_pairs(uri: str | bytes) -> Any:
    """ReportLab's URL split points, asked only of a word that holds ``://`` (its URL pattern
    matches nothing else). ReportLab asks at every word it tries to hyphenate, and its pattern is
    compiled when first used (see :mod:`briefgen.startup`): ≈ 60 ms a process saved."""
    text = uri.decode("utf8") if isinstance(uri, bytes) else uri
    return _original_uri_split_pairs(text) if "://" in text else None


_original_hb_font = ttfonts.TTFont.hbFont


def _hb_font(self: Any, fontSize: float = 10) -> Any:  # noqa: N803 - ReportLab's name
    """ReportLab's HarfBuzz font, but a glyph with no character of its own gets its nominal width.

    ReportLab 5.1 records the advance of the glyph's first shaped use, kerning included, so a
    PDF came out different after another brief had used the glyph first: not deterministic.
    """
    font = _original_hb_font(self, fontSize)
    add_private, face = self.hbAddPrivate, self.face

    def add_nominal(name: str, glyph: int, advance: float) -> int:
        metrics = getattr(face, "hmetrics", None)
        nominal = face._pdfScale(metrics[glyph][0]) if metrics and glyph < len(metrics) else advance
        return add_private(name, glyph, nominal)

    self.hbAddPrivate = add_nominal
    return font


_original_set_rise = textobject.PDFTextObject.setRise


def _set_rise(self: Any, rise: float) -> None:
    """ReportLab 5.1 fails when a line starts with a raised glyph (a shaped mark): its code is empty."""
    if not self._code:
        self._rise = rise
        self._y -= rise
        self._code.append(f"{fp_str(rise)} Ts")
        return
    _original_set_rise(self, rise)


# ---------------------------------------------------------------- CJK line breaks


def _frag_words_with_cjk_breaks(frags: Any, maxWidth: Any = None) -> list:  # noqa: N803 - ReportLab's name
    words = _original_get_frag_words(frags, maxWidth)
    if rl_paragraph._processed_frags(frags):
        return words  # a split paragraph's words, already cut
    width_known = isinstance(maxWidth, (int, float))
    if not any(has_cjk_breaks(getattr(frag, "text", "")) for frag in frags) and not (
            width_known and any(word[0] > maxWidth for word in words)):
        return words  # the common case, decided per fragment rather than per word
    result: list = []
    for word in words:
        if width_known and word[0] > maxWidth and _is_url(_word_text(word)):
            result.extend(_unhyphenated(piece) for piece in _split_word_at(word, _url_breaks(_word_text(word))))
        else:
            result.extend(_split_cjk_word(word))
    return result


def _unhyphenated(word: list) -> list:
    """A piece of a URL: never hyphenated (a hyphen would read as part of the address)."""
    word[1:] = [(frag if hasattr(frag, "cbDefn") else frag.clone(nobr=True), text) for frag, text in word[1:]]
    return word


def _is_url(text: str) -> bool:
    return "://" in text or text.startswith("www.")


def _url_breaks(text: str) -> set[int]:
    """A URL too long for its line breaks after a ``/`` or a ``.`` (never inside ``://``), no hyphen."""
    start = text.find("://") + 3 if "://" in text else 0
    return {index + 1 for index in range(start, len(text) - 1) if text[index] in "/." and text[index + 1] != "/"}


def _word_text(word: list) -> str:
    return "".join(text for frag, text in word[1:] if not hasattr(frag, "cbDefn") and isinstance(text, str))


def _split_cjk_word(word: list) -> list:
    """Cut a ReportLab frag word at CJK break opportunities; the pieces join with no space."""
    text = _word_text(word)
    if text.isascii() or len(text) < 2:
        return [word]
    return _split_word_at(word, set(cjk_breaks(text)))


def _split_word_at(word: list, breaks: set[int]) -> list:
    """A frag word cut before each offset in ``breaks``: pieces a line may end after, joined with no space."""
    if not breaks or type(word) not in (list, rl_paragraph._HSFrag):
        return [word]
    pieces: list = []
    current: list = [0]
    offset = 0
    for frag, piece in word[1:]:
        if hasattr(frag, "cbDefn") or not isinstance(piece, str):
            current.append((frag, piece))
            continue
        start = 0
        for index in range(1, len(piece) + 1):
            if offset + index in breaks or index == len(piece):
                part = piece[start:index]
                if part:
                    current.append((frag, part))
                    current[0] += pdfmetrics.stringWidth(part, frag.fontName, frag.fontSize)
                start = index
                if offset + index in breaks:
                    pieces.append(current)
                    current = [0]
        offset += len(piece)
    if len(current) > 1:
        pieces.append(current)
    if type(word) is rl_paragraph._HSFrag:
        pieces[-1] = rl_paragraph._HSFrag(pieces[-1])
    return pieces


# ---------------------------------------------------------------- shaping


def _is_rtl_word(text: str) -> bool:
    return any(char_class(char) in _RTL_CLASSES for char in text) and has_rtl(text)


def _shape_rtl_words_only(word: list, features: dict | None = None, force: bool = False) -> list:
    """Shape a word only where it is Arabic or Hebrew: each run of one font on its own, so a
    bracket or a Latin letter in the text font beside it keeps its own glyphs."""
    text = _word_text(word)
    if text.isascii() or not _is_rtl_word(text) or isinstance(word, ttfonts.ShapedFragWord) \
            or any(isinstance(item[1], ttfonts.ShapedStr) for item in word[1:]):
        return word  # already shaped (a paragraph split across pages wraps its words again)
    groups: list[tuple[str | None, list]] = []  # (font, items); callbacks join the group before them
    for item in word[1:]:
        font = None if hasattr(item[0], "cbDefn") else item[0].fontName
        if groups and (font is None or groups[-1][0] in (None, font)):
            groups[-1] = (groups[-1][0] or font, [*groups[-1][1], item])
        else:
            groups.append((font, [item]))
    if len(groups) == 1:
        return _shape_group(word, text)
    shaped, width = [], 0.0
    for _, items in groups:
        piece = _shape_group(type(word)([_items_width(items), *items]), _word_text([0, *items]))
        width += piece[0]
        shaped.extend(piece[1:])
    return ttfonts.makeShapedFragWord(word)([width, *shaped])


def _items_width(items: list) -> float:
    return sum(pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
               for frag, text in items if not hasattr(frag, "cbDefn") and isinstance(text, str))


def _shape_group(word: list, text: str) -> list:
    """Shape one font's piece of a word when it is right to left; callbacks stay at its ends."""
    if not _is_rtl_word(text):
        return word
    # ReportLab 5.1 puts callbacks (language marks) back into a shaped word in a form its line
    # breaker cannot read: shape the text alone and keep the callbacks at the word's ends.
    leading, trailing, pieces = [], [], []
    for item in word[1:]:
        if hasattr(item[0], "cbDefn"):
            (trailing if pieces else leading).append(item)
        else:
            pieces.append(item)
    bare = type(word)([word[0], *pieces])
    shaped = _original_shape(bare, features=_SHAPED_FEATURES)
    if shaped is bare:
        return word
    _spell_glyphs(shaped, text)
    shaped[1:] = [*leading, *shaped[1:], *trailing]
    return shaped


def shape_run(text: str, font_name: str, size: float) -> str:
    """One right-to-left run shaped for ``drawString`` (page furniture), its glyphs spelled."""
    word = [pdfmetrics.stringWidth(text, font_name, size), (ABag(fontName=font_name, fontSize=size), text)]
    shaped = _original_shape(word, features=_SHAPED_FEATURES)
    if shaped is word or len(shaped) != 2:
        return text
    _spell_glyphs(shaped, text)
    return shaped[1][1]


def _spell_glyphs(shaped: list, text: str) -> None:
    """Give each glyph of a shaped word a code of its own that extracts as the letters it draws.

    Arabic fonts draw a letter as a shared skeleton plus dots, and join two letters into one
    glyph; one glyph cannot map to one letter. Each (glyph, letters) pair gets a private code
    drawing that glyph: the widest glyph of a HarfBuzz cluster spells the cluster's letters,
    the dots drawn with it U+034F, and the ToUnicode map says so
    (:func:`_to_unicode_cmap`).
    """
    for position, item in enumerate(shaped[1:], start=1):
        if not isinstance(item, tuple) or len(item) != 2 or not getattr(item[1], "__shapeData__", None):
            continue
        frag, string = item
        font = pdfmetrics.getFont(frag.fontName)
        data = string.__shapeData__
        starts = sorted({sd.cluster for sd in data if 0 <= sd.cluster < len(text)})
        ends = {start: (starts[i + 1] if i + 1 < len(starts) else len(text)) for i, start in enumerate(starts)}
        widest: dict[int, int] = {}
        for index, sd in enumerate(data):
            if sd.cluster in ends and (sd.cluster not in widest or sd.x_advance > data[widest[sd.cluster]].x_advance):
                widest[sd.cluster] = index
        chars = []
        for index, (char, sd) in enumerate(zip(string, data, strict=False)):
            if sd.cluster not in ends:
                chars.append(char)
                continue
            letters = text[sd.cluster:ends[sd.cluster]] if widest[sd.cluster] == index else _DOTS
            chars.append(char if letters == char else chr(_code_for(font, ord(char), letters)))
        shaped[position] = (frag, ttfonts.ShapedStr("".join(chars), shapeData=data))


def _code_for(font: Any, char: int, letters: str) -> int:
    """The private code that draws the glyph of ``char`` and spells ``letters``."""
    face = font.face
    name = _face_name(font.fontName)
    glyph = face.charToGlyph[char]
    codes = _CODES.setdefault(name, {})
    key = (glyph, letters)
    if key not in codes:
        code = _FIRST_CODE + len(codes)
        face.charToGlyph[code] = glyph
        face.charWidths[code] = face.charWidths.get(char, 0)
        codes[key] = code
        _SPELLING.setdefault(name, {})[code] = letters
    return codes[key]


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with private glyph codes mapped to the letters they spell."""
    spelling = _SPELLING.get(fontname.split("+", 1)[-1])
    if not spelling or not any(code in spelling for code in subset):
        return _original_to_unicode(fontname, subset)
    lines = _original_to_unicode(fontname, subset).split("\n")
    for index, code in enumerate(subset):
        if code in spelling:
            target = spelling[code].encode("utf-16-be").hex().upper()
            lines = [f"<{index:02X}> <{target}>" if line == f"<{index:02X}> <{code:04X}>" else line for line in lines]
    return "\n".join(lines)


# ---------------------------------------------------------------- direction


def mirror_unshaped(text: str) -> str:
    """A neutral word set right to left: brackets mirrored and characters reversed."""
    return "".join(mirrored(char) for char in reversed(text))


def complex_text_style(frags: list, style: Any) -> tuple[Any, bool]:
    """The style a paragraph with CJK, right-to-left text or a URL needs, and whether it is set RTL.

    Such a paragraph goes through ReportLab's word-by-word path (``shaping`` on, which this
    module limits to right-to-left words), where the breaks above apply; one mostly in a
    right-to-left script is set ragged left, aligned right. Other paragraphs keep their style.
    """
    text = "".join(getattr(frag, "text", "") or "" for frag in frags)
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
    return changed, rtl


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


def _face_name(font_name: str) -> str:
    name = pdfmetrics.getFont(font_name).face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)
