"""Shaping (patches of ``reportlab.pdfbase.ttfonts``, ``reportlab.platypus.paragraph`` and
``reportlab.pdfgen.textobject``): Arabic, Persian and Hebrew words shaped with HarfBuzz, and
extractable.

Only right-to-left words are shaped (:func:`shape_rtl_words_only` replaces ``shapeFragWord``),
each font's run on its own and without discretionary ligatures, so Latin keeps its speed and
its extractable text. The glyphs of a shaped word map back to the letters they came from
(:func:`to_unicode_cmap` replaces ``makeToUnicodeCMap``), :func:`hb_font` wraps
``TTFont.hbFont`` for deterministic widths, and :func:`set_rise` wraps
``PDFTextObject.setRise`` for a line that starts raised. Installed by
:func:`briefgen.text.rl.install`.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph as rl_paragraph

from briefgen.text.rl.linebreak import word_text
from briefgen.text.scripts import char_class, has_rtl

log = logging.getLogger(__name__)

_SHAPED_FEATURES = {"kern": True, "liga": True, "dlig": False}
_RTL_CLASSES = ("arabic", "hebrew")
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
# A glyph spelling two letters (lam-alef, لا) extracts as stored with pypdf but turned with pdfium
# and poppler (الخلاصة copied as الخالصة): each glyph spells one letter instead, the ligature its
# first, and the space's glyph, drawn with no advance just left of it (where the next letter is
# drawn), each later one, so all three read them in order.
_UNSEEN = 0x20


_original_hb_font = ttfonts.TTFont.hbFont


def hb_font(self: Any, fontSize: float = 10) -> Any:  # noqa: N803 - ReportLab's name
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


def set_rise(self: Any, rise: float) -> None:
    """ReportLab 5.1 fails when a line starts with a raised glyph (a shaped mark): its code is empty."""
    if not self._code:
        self._rise = rise
        self._y -= rise
        self._code.append(f"{fp_str(rise)} Ts")
        return
    _original_set_rise(self, rise)


def _is_rtl_word(text: str) -> bool:
    return any(char_class(char) in _RTL_CLASSES for char in text) and has_rtl(text)


def shape_rtl_words_only(word: list, features: dict | None = None, force: bool = False) -> list:
    """Shape a word only where it is Arabic or Hebrew: each run of one font on its own, so a
    bracket or a Latin letter in the text font beside it keeps its own glyphs."""
    text = word_text(word)
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
        piece = _shape_group(type(word)([_items_width(items), *items]), word_text([0, *items]))
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
    _marks_before_neutrals(shaped, text)
    shaped[1:] = [*leading, *shaped[1:], *trailing]
    return shaped


def _marks_before_neutrals(shaped: list, text: str) -> None:
    """A mark that follows a full stop or other neutral in a right-to-left word's glyphs goes before it,
    drawn where it was (:func:`_in_order`): the page does not change.

    HarfBuzz gives the word's glyphs in visual order: ``قدماً.`` comes as ``.`` ``ً`` ``ا`` ``م``…,
    and pdfium read that as ``قدما .ً`` (the mark went with the stop); ``ً`` ``.`` ``ا``… it reads
    ``قدماً.``, as poppler reads both. (Moving the stop to the end of the stream instead suits pypdf,
    which keeps a neutral where the stream has it, and breaks pdfium again.)
    """
    for position, item in enumerate(shaped[1:], start=1):
        if not isinstance(item, tuple) or len(item) != 2 or not getattr(item[1], "__shapeData__", None):
            continue
        frag, string = item
        data = list(string.__shapeData__)
        order = list(range(len(data)))
        for index in range(1, len(order)):
            step = index
            while step > 0 and _is_mark(data[order[step]], text) and _is_neutral(data[order[step - 1]], text):
                order[step - 1], order[step] = order[step], order[step - 1]
                step -= 1
        if order != sorted(order):
            shaped[position] = (frag, _in_order(string, data, order))


def _in_order(string: str, data: list, order: list[int]) -> Any:
    """The glyphs of a shaped string in another order, each drawn at the same place, the pen ending
    where it did: each keeps its advance, and its offset makes up the difference."""
    drawn_at, pen = [], 0.0
    for sd in data:
        drawn_at.append(pen + sd.x_offset)
        pen += sd.x_advance
    glyphs, moved, pen = [], [], 0.0
    for index in order:
        glyphs.append(string[index])
        moved.append(data[index]._replace(x_offset=drawn_at[index] - pen))
        pen += data[index].x_advance
    return ttfonts.ShapedStr("".join(str(glyph) for glyph in glyphs), shapeData=moved)


def _source(sd: Any, text: str) -> str:
    return text[sd.cluster] if 0 <= sd.cluster < len(text) else ""


def _is_mark(sd: Any, text: str) -> bool:
    """A glyph with no advance drawn for a combining mark (a tanween, a shadda) of the word."""
    return sd.x_advance == 0 and any(unicodedata.combining(char) for char in _source(sd, text))


def _is_neutral(sd: Any, text: str) -> bool:
    """A glyph of a character with no strong direction of its own: a full stop, a comma, a digit."""
    source = _source(sd, text)
    return bool(source) and unicodedata.bidirectional(source[0]) not in ("R", "AL", "L", "NSM")


def drawn_width(text: str, font: str, size: float) -> float:
    """The width of a string as drawn: a shaped one's HarfBuzz advances, else its font's widths."""
    data = getattr(text, "__shapeData__", None)
    return sum(item.x_advance for item in data) * size / 1000 if data else pdfmetrics.stringWidth(text, font, size)


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
    drawing that glyph: the widest glyph of a HarfBuzz cluster spells the cluster's first letter
    (with its marks), an unseen glyph each later letter of a ligature (``_UNSEEN``), the dots
    drawn with it U+034F, and the ToUnicode map says so
    (:func:`to_unicode_cmap`).
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
        chars, spelled = [], []
        for index, (char, sd) in enumerate(zip(string, data, strict=False)):
            if sd.cluster not in ends:
                chars.append(char)
                spelled.append(sd)
                continue
            letters = _graphemes(text[sd.cluster:ends[sd.cluster]]) if widest[sd.cluster] == index else [_DOTS]
            for extra in reversed(letters[1:]):  # a ligature's later letters, on its left (_UNSEEN)
                chars.append(chr(_code_for(font, _UNSEEN, extra)))
                width = font.face.charWidths.get(_UNSEEN, 0)
                spelled.append(ttfonts.ShapeData(sd.cluster, 0, 0, sd.x_offset, 0, width))
            chars.append(char if letters[0] == char else chr(_code_for(font, ord(char), letters[0])))
            spelled.append(sd)
        shaped[position] = (frag, ttfonts.ShapedStr("".join(chars), shapeData=spelled))


def _graphemes(letters: str) -> list[str]:
    """The letters one glyph draws, each with its marks; marks alone stay one piece."""
    groups: list[str] = []
    for char in letters:
        if groups and unicodedata.combining(char):
            groups[-1] += char
        else:
            groups.append(char)
    return groups


def _code_for(font: Any, char: int, letters: str) -> int:
    """The private code that draws the glyph of ``char`` and spells ``letters``."""
    face = font.face
    name = _face_name(font.fontName)
    glyph = face.charToGlyph[char]
    codes = _CODES.setdefault(name, {})
    key = (glyph, letters)
    if key not in codes:
        codes[key] = _FIRST_CODE + len(codes)
        _SPELLING.setdefault(name, {})[codes[key]] = letters
    code = codes[key]
    if code not in face.charToGlyph:  # first use, or a face read again since (its file was edited)
        face.charToGlyph[code] = glyph
        face.charWidths[code] = face.charWidths.get(char, 0)
    return code


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
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


def _face_name(font_name: str) -> str:
    name = pdfmetrics.getFont(font_name).face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)
