"""The flowables briefgen draws with: tagged paragraphs, list items and headings, rules and tables whose
decoration is an artifact."""

from __future__ import annotations

import copy
import logging
import re
from contextlib import nullcontext
from typing import Any

from reportlab.platypus import KeepTogether, Paragraph
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import HRFlowable

from briefgen.memo import Memo
from briefgen.pdf.tagging import StructElement, Tagged
from briefgen.text.rl.canvas import DecoratedTable, ParsedOnceParagraph
from briefgen.text.rl.direction import complex_text_style, starts_right, visual_frag_line, visual_text
from briefgen.text.scripts import has_cjk_breaks


log = logging.getLogger(__name__)


class Decoration(HRFlowable):
    """A rule: drawn as an artifact, never read out."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab API
        with _artifact(canvas):
            super().drawOn(canvas, x, y, _sW)


class LayoutTable(DecoratedTable):
    """A table whose backgrounds and rules are artifacts; its cells' flowables carry the structure."""

    def decoration(self) -> Any:
        """Backgrounds and rules are drawn as a layout artifact."""
        return _artifact(self.canv)


def _artifact(canvas: Any) -> Any:
    """Mark what is drawn inside as a layout artifact (a canvas that does not tag draws it unmarked)."""
    tags = getattr(canvas, "tags", None)
    return tags.artifact(canvas, "Layout") if tags is not None else nullcontext()


# ---------------------------------------------------------------- text blocks


_PARSED: Memo[tuple] = Memo("parsed paragraphs", holds="ReportLab's parse of a paragraph's markup", bound=20_000,
                             key="markup, style object (from a style sheet: new when a layout or font changes), "
                                 "bullet")


class Para(Tagged, ParsedOnceParagraph):
    """A Paragraph that never runs past its column.

    ReportLab 5.1 does not split an over-long word (a long URL, a 300-letter string) when
    hyphenation or URL splitting is on; such a paragraph is re-wrapped with both off, so
    ``splitLongWords`` breaks the word instead. A title or heading (``fit_long_words``) is
    never cut like that: its type is set smaller until its longest word fits the line.
    """

    fit_long_words = False

    def __init__(self, text: str | None, style=None, *args, **kwargs):
        self.source_markup = text
        super().__init__(text, style, *args, **kwargs)
        self.style, self.rtl = complex_text_style(self.frags, self.style)

    def parse_cache(self) -> Memo[tuple]:
        """Parses shared by every paragraph of the process."""
        return _PARSED

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 - ReportLab API
        """Draw with each line's words in visual order when the paragraph holds right-to-left text."""
        lines = getattr(self.blPara, "lines", None)
        if not self.style.shaping or not lines or getattr(self.blPara, "kind", 0) != 1:
            return super().drawPara(debug)
        logical, bullet = self.blPara, self.bulletText
        self.blPara = copy.copy(logical)
        self.blPara.lines = [visual_frag_line(line, self.rtl) for line in lines]
        if starts_right(self.style) and bullet:
            self._draw_bullet_right(bullet, lines[0])
            self.bulletText = None
        try:
            return super().drawPara(debug)
        finally:
            self.blPara, self.bulletText = logical, bullet

    def _draw_bullet_right(self, bullet: str, first_line: Any) -> None:
        """A right-to-left list item's bullet, at its right edge (ReportLab puts it on the left)."""
        style = self.style
        bullet = visual_text(bullet, True)
        width = self.canv.stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
        text = self.canv.beginText(self.width - style.bulletIndent - width,
                                   self.height - getattr(first_line, "ascent", style.fontSize))
        text.setFont(style.bulletFontName, style.bulletFontSize)
        text.setFillColor(getattr(style, "bulletColor", style.textColor))
        text.textOut(bullet)
        self.canv.drawText(text)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        """Lines at ``availWidth``; broken once per width: measuring, balancing columns, splitting
        and drawing each asked again, and breaking lines is most of the time a build takes."""
        memo = self.__dict__.get("_wrapped")
        if (memo is not None and memo[0] == availWidth and memo[1] is self.style and memo[2] is self.frags
                and memo[3] is self.__dict__.get("blPara")):
            self.width, self.height = memo[4]
            return memo[4]
        size = self._break(availWidth, availHeight)
        self._wrapped = (availWidth, self.style, self.frags, self.blPara, size)
        return size

    def _break(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        widest = _widest_word(self.frags) if self.fit_long_words else 0.0  # before wrapping turns frags into words
        size = super().wrap(availWidth, availHeight)
        hyphenating = self.style.hyphenationLang or self.style.uriWasteReduce
        if hyphenating and self.source_markup is not None and (_overflows(self) or _badly_hyphenated(self)):
            Paragraph.__init__(self, self.source_markup, without_hyphenation(self.style), bulletText=self.bulletText)
            size = super().wrap(availWidth, availHeight)
        room = availWidth - self.style.leftIndent - self.style.rightIndent
        if self.fit_long_words and self.source_markup is not None and widest > room > 0:
            factor = room / widest * 0.98  # whatever it takes: a cut word misreads worse than small type
            smaller = copy.copy(self.style)
            smaller.fontSize, smaller.leading = self.style.fontSize * factor, self.style.leading * factor
            log.info("a word of %r is wider than its line: set at %.0f %% of its size", self.source_markup[:40],
                     100 * factor)
            Paragraph.__init__(self, self.source_markup, smaller, bulletText=self.bulletText)
            self.fit_long_words = False
            size = super().wrap(availWidth, availHeight)
        return size


def _widest_word(frags: list) -> float:
    """The width of the widest space-separated word of a paragraph's text (URLs excepted: they break)."""
    widest = 0.0
    for frag in frags:
        for word in (getattr(frag, "text", "") or "").split():
            if "://" not in word and not word.startswith("www."):
                widest = max(widest, stringWidth(word, frag.fontName, frag.fontSize))
    return widest


def _words(frags: list) -> list[list[tuple[str, str, float]]]:
    """The paragraph's words, each as (text, font, size) pieces: a word may change font (``x<b>y</b>``)."""
    words: list[list[tuple[str, str, float]]] = [[]]
    for frag in frags:
        if getattr(frag, "lineBreak", False):
            words.append([])
            continue
        pieces = re.split(r"(\s+)", getattr(frag, "text", "") or "")
        for piece in pieces:
            if piece.isspace():
                words.append([])
            elif piece:
                words[-1].append((piece, frag.fontName, frag.fontSize))
    return [word for word in words if word]


def least_width(flowable: Any) -> float:
    """The narrowest width a paragraph can be set at without cutting a word: its widest word (a URL
    or a run of Chinese or Japanese may break, so counts as its widest character pair) and indents."""
    frags = getattr(flowable, "frags", None)
    if not isinstance(flowable, Paragraph) or not frags:
        return 0.0
    widest = 0.0
    for word in _words(frags):
        text = "".join(piece for piece, _, _ in word)
        if "://" in text or text.startswith("www."):
            continue
        if has_cjk_breaks(text):
            width = 2 * max(stringWidth(char, font, size) for piece, font, size in word for char in piece)
        else:
            width = sum(stringWidth(piece, font, size) for piece, font, size in word)
        widest = max(widest, width)
    return widest + flowable.style.leftIndent + flowable.style.rightIndent


def natural_width(flowable: Any) -> float:
    """The width a paragraph takes unbroken (its widest forced line), with indents; 0 for anything else."""
    frags = getattr(flowable, "frags", None)
    if not isinstance(flowable, Paragraph) or not frags:
        return 0.0
    lines, width = [], 0.0
    for frag in frags:
        if getattr(frag, "lineBreak", False):
            lines.append(width)
            width = 0.0
        else:
            width += stringWidth(getattr(frag, "text", "") or "", frag.fontName, frag.fontSize)
    return max([*lines, width]) + flowable.style.leftIndent + flowable.style.rightIndent


def _overflows(paragraph: Paragraph) -> bool:
    lines = getattr(getattr(paragraph, "blPara", None), "lines", [])
    return any((line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0)) < -0.5 for line in lines)


def _line_words(line: Any) -> list[str]:
    words = line[1] if isinstance(line, tuple) else getattr(line, "words", [])
    return [w if isinstance(w, str) else getattr(w, "text", "") for w in words]


def _badly_hyphenated(paragraph: Paragraph) -> bool:
    """Three hyphenated lines in a row, or the paragraph's last word broken: set it without hyphenation."""
    lines = getattr(getattr(paragraph, "blPara", None), "lines", [])
    ends = [bool(words) and words[-1].rstrip().endswith("-") for words in map(_line_words, lines)]
    ladder = any(all(ends[i:i + 3]) for i in range(max(len(ends) - 2, 0)))
    return ladder or (len(ends) > 1 and ends[-2] and len(_line_words(lines[-1])) <= 1)


def without_hyphenation(style):
    plain = copy.copy(style)
    plain.hyphenationLang, plain.uriWasteReduce = "", 0
    return plain


class ListItem(Para):
    """A list item: its bullet or number is marked ``Lbl``, its text ``LBody``."""

    label: StructElement | None = None
    series: object | None = None  # the list it belongs to: columns keep a heading with two of its items

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab API
        if self.bulletText and self.label is not None and getattr(canvas, "tags", None) is not None:
            canvas.label_pending = self.label  # the canvas marks the next text it draws, the bullet, as Lbl
        super().drawOn(canvas, x, y, _sW)


class Keep(KeepTogether):
    """Blocks kept on one page when they fit (``<keep>``); ``parts`` are they, so that a heading
    standing before the group can join it (ReportLab keeps a heading only with a single block)."""

    def __init__(self, flowables: list, maxHeight: float | None = None):  # noqa: N803 - ReportLab API
        super().__init__(flowables, maxHeight)
        self.parts = list(flowables)


class Heading(Para):
    """A heading paragraph that the document template turns into a bookmark and TOC entry."""

    fit_long_words = True

    def __init__(self, text: str, style, *args, level: int = 1, title: str = "", key: str = "",
                 in_toc: bool = True, in_outline: bool = True, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.level, self.title, self.key, self.in_toc, self.in_outline = level, title, key, in_toc, in_outline
