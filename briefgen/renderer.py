"""Stage 4, render: one registry maps each block type to ReportLab flowables.

:func:`build_story` walks a composed block description and calls the renderer
registered for each element (``@renders("para")``…). Inline elements become ReportLab
paragraph markup, with all text escaped. Page furniture (marking banners, running
header, footer, page numbers) comes from :mod:`briefgen.pages`.
"""

from __future__ import annotations

import copy
import logging
from contextlib import nullcontext
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import HRFlowable

from briefgen.errors import LayoutError
from briefgen.inline import escape, quoteattr
from briefgen.contents import Contents
from briefgen.graphics import (
    ChartFigure,
    ChartStyle,
    FigureStyle,
    ImageFigure,
    LikelihoodBar,
    PdfFigure,
    TimelineChart,
    VectorFigure,
)
from briefgen.layout import length
from briefgen.scales import SCALES
from briefgen.styles import StyleSheet
from briefgen.tagging import StructElement, Tagged, Tagger
from briefgen.textlayout import complex_text_style, install as install_text_layout, visual_frag_line
from briefgen.typography import smart_quotes

install_text_layout()  # CJK line breaks, right-to-left shaping and order (once per process)
log = logging.getLogger(__name__)

Renderer = Callable[[ET.Element, "RenderContext"], list[Flowable]]
RENDERERS: dict[str, Renderer] = {}
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
INLINE_TAGS = {"b", "i", "a", "cite", "anchor", "span", "br"}


class Deferred:
    """Text known only after layout (page numbers): drawn as PDF forms defined just before saving.

    A page or flowable draws ``canvas.doForm(name)`` where the text goes and registers how to
    draw it; :meth:`define` draws every form once the page of every heading and the page
    count are known. This keeps the long form to a single layout pass.
    """

    def __init__(self) -> None:
        self.forms: dict[str, tuple[Callable[[Any, int, dict[str, int]], None], bool]] = {}
        self.heading_pages: dict[str, int] = {}

    def use(self, canvas: Any, name: str, draw: Callable[[Any, int, dict[str, int]], None],
            artifact: bool = False) -> None:
        """Place form ``name`` here; ``draw(canvas, total_pages, heading_pages)`` fills it later.

        A form of page furniture (``artifact``) marks its own content as an artifact: a
        validator checks a form once, so it must carry its marking inside.
        """
        canvas.doForm(name)
        self.forms[name] = (draw, artifact)

    def define(self, canvas: Any, total_pages: int) -> None:
        """Define every form used, now that the numbers are known."""
        for name, (draw, artifact) in self.forms.items():
            canvas.beginForm(name)
            if artifact and getattr(canvas, "tags", None) is not None:
                with canvas.tags.artifact(canvas):
                    draw(canvas, total_pages, self.heading_pages)
            else:
                draw(canvas, total_pages, self.heading_pages)
            canvas.endForm()


@dataclass(frozen=True)
class ContentsEntry:
    """A heading as the contents lists it."""

    level: int
    title: str
    key: str


def number_headings(root: ET.Element) -> list[ContentsEntry]:
    """Give every heading a stable key (``h1``, ``h2``…) and list those meant for the contents."""
    entries = []
    for number, heading in enumerate(root.iter("heading"), start=1):
        heading.set("key", f"h{number}")
        if heading.get("toc", "yes") != "no":
            title = " ".join("".join(heading.itertext()).split())
            entries.append(ContentsEntry(int(heading.get("level", "1")), title, f"h{number}"))
    return entries


@dataclass
class RenderContext:
    """What a block renderer needs: the styles, the width it may fill, fitting results."""

    sheet: StyleSheet
    width: float
    omitted: int = 0
    anchor_prefix: str = ""
    deferred: Deferred = field(default_factory=lambda: Deferred())
    contents: list[ContentsEntry] = field(default_factory=list)
    split_rows: bool = False  # let table rows and boxes break across pages (only for blocks taller than a page)
    tags: Tagger = field(default_factory=lambda: Tagger(enabled=False))
    language: str = "en"  # the document's language: its quotation marks
    parent: StructElement | None = None  # the structure element new blocks belong to

    def narrower(self, by: float) -> RenderContext:
        """The same context for content inset by ``by`` points."""
        return replace(self, width=self.width - by)

    def within(self, element: StructElement) -> RenderContext:
        """The same context for blocks that belong to ``element``."""
        return replace(self, parent=element)

    def element(self, role: str, **attributes: Any) -> StructElement:
        """A new structure element under the current parent, in logical order."""
        return self.tags.add(role, self.parent, **attributes)

    def tag(self, flowable: Flowable, role: str, **attributes: Any) -> Flowable:
        """Give ``flowable`` a new structure element; what it draws is marked as that element."""
        flowable.struct = self.element(role, **attributes)
        return flowable


def renders(tag: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer for one block type."""

    def register(function: Renderer) -> Renderer:
        RENDERERS[tag] = function
        return function

    return register


def build_story(elements: list[ET.Element], ctx: RenderContext) -> list[Flowable]:
    """Render a list of block elements into flowables, in order."""
    story: list[Flowable] = []
    for element in elements:
        renderer = RENDERERS.get(element.tag)
        if renderer is None:
            raise LayoutError(f"unknown block <{element.tag}>; known blocks: {', '.join(sorted(RENDERERS))}")
        story.extend(renderer(element, ctx))
    return story


# ---------------------------------------------------------------- inline markup


@dataclass(frozen=True)
class TextState:
    """What chooses a run's font: the style's family, whether it is bold, and the language."""

    family: str = "serif"
    bold: bool = False
    language: str | None = None


def text_state(style: ParagraphStyle, ctx: RenderContext, language: str | None = None) -> TextState:
    """The text state a paragraph style starts in."""
    family, bold = ctx.sheet.face_of(style.fontName)
    return TextState(family, bold, language or ctx.language)


def text_markup(text: str | None, ctx: RenderContext, state: TextState = TextState()) -> str:
    """Escaped text with typographic quotation marks, each run in a font that can draw it.

    Korean, Japanese, Chinese, Arabic-script and Hebrew runs take the layout's script fonts,
    symbols the text fonts lack a fallback font. Inline content fields arrive with their marks
    already set (with the context of the whole field); this catches plain fields a template
    prints as they are (names, roles).
    """
    text = smart_quotes(_collapse(text), ctx.language)
    if text.isascii():
        return escape(text)
    runs = ctx.sheet.script_fonts.runs(text, state.family, state.bold, state.language or ctx.language)
    return "".join(escape(run) if font is None else f'<font name="{font}">{escape(run)}</font>'
                   for run, font in runs)


def inline_markup(element: ET.Element, ctx: RenderContext, state: TextState = TextState()) -> str:
    """ReportLab paragraph markup for an element's inline content; text is escaped."""
    parts = [text_markup(element.text, ctx, state)]
    previous_cite = False
    for child in element:
        is_cite = child.tag == "cite"
        if is_cite:  # a citation mark hugs the word before it
            parts[-1] = parts[-1].rstrip()
        if is_cite and previous_cite:
            parts.append("<super>,</super>")
        parts.append(_inline_child(child, ctx, state))
        previous_cite = is_cite and not (child.tail or "").strip()
        parts.append(text_markup(child.tail, ctx, state))
    return "".join(parts).strip()


def styled_markup(element: ET.Element, ctx: RenderContext, style: ParagraphStyle) -> str:
    """:func:`inline_markup` starting in the family, weight and language of a paragraph style."""
    return inline_markup(element, ctx, text_state(style, ctx, element.get("lang")))


def _collapse(text: str | None) -> str:
    return _WHITESPACE.sub(" ", text or "")


def _inline_child(child: ET.Element, ctx: RenderContext, state: TextState) -> str:
    link = quoteattr(str(ctx.sheet.layout.get("colors", "link", default="#000000")))
    if child.tag == "b":
        state = replace(state, bold=True)
    elif child.tag == "span" and child.get("lang"):
        state = replace(state, language=child.get("lang"))
    inner = inline_markup(child, ctx, state) if len(child) or child.text else ""
    if child.tag in ("b", "i"):
        return f"<{child.tag}>{inner}</{child.tag}>"
    if child.tag == "a":
        return f"<a href={quoteattr(child.get('href', ''))} color={link}>{inner}</a>"
    if child.tag == "cite":
        ctx.tags.descriptions[f"{ctx.anchor_prefix}src-{child.get('n', '')}"] = f"Go to source {child.get('n', '')}"
        target = quoteattr(f"#{ctx.anchor_prefix}src-{child.get('n', '')}")
        return f"<super><a href={target} color={link}>{escape(child.get('n', ''))}</a></super>"
    if child.tag == "anchor":
        return f"<a name={quoteattr(ctx.anchor_prefix + child.get('name', ''))}/>"
    if child.tag == "br":
        return "<br/>"
    if child.tag == "span":
        space = " " if (child.text or "")[:1].isspace() else ""
        language = child.get("lang")
        if not language:
            return space + inner
        return f'{space}<onDraw name="lang" label={quoteattr(language)}/>{inner}<onDraw name="lang" label=""/>'
    raise LayoutError(f"<{child.tag}> is not an inline element; inline elements: {', '.join(sorted(INLINE_TAGS))}")


def paragraph(element: ET.Element, ctx: RenderContext, default_style: str) -> Paragraph:
    """A tagged Paragraph (``P``, or ``H1`` with ``role="title"``) from an element's inline content and style."""
    style = ctx.sheet.paragraph(element.get("style", default_style))
    para = Para(styled_markup(element, ctx, style), style)
    role = "H1" if element.get("role") == "title" else "P"
    para.fit_long_words = role == "H1"
    return ctx.tag(para, role, lang=element.get("lang"))


def is_inline_only(element: ET.Element) -> bool:
    """True when an element holds only text and inline elements."""
    return all(child.tag in INLINE_TAGS for child in element)


# ---------------------------------------------------------------- tagging


class Decoration(HRFlowable):
    """A rule: drawn as an artifact, never read out."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab API
        with _artifact(canvas):
            super().drawOn(canvas, x, y, _sW)


class LayoutTable(Table):
    """A table whose backgrounds and rules are artifacts; its cells' flowables carry the structure."""

    def _drawBkgrnd(self) -> None:  # noqa: N802 - ReportLab API
        with _artifact(self.canv):
            super()._drawBkgrnd()

    def _drawLines(self) -> None:  # noqa: N802 - ReportLab API
        with _artifact(self.canv):
            super()._drawLines()


def _artifact(canvas: Any) -> Any:
    """Mark what is drawn inside as a layout artifact (a canvas that does not tag draws it unmarked)."""
    tags = getattr(canvas, "tags", None)
    return tags.artifact(canvas, "Layout") if tags is not None else nullcontext()


# ---------------------------------------------------------------- text blocks


_PARSED: dict[tuple, tuple] = {}  # (markup, style, bullet) -> ReportLab's parse of it, for Para._setup
_PARSED_LIMIT = 20_000


class Para(Tagged, Paragraph):
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

    def _setup(self, text, style, bulletText, frags, cleaner) -> None:  # noqa: N803 - ReportLab API
        """Parse the markup once per text and style: fitting sets the same paragraph at each
        measurement, and ``watch`` rebuilds it at every save (ReportLab's parser costs ~0.5 ms)."""
        if frags is not None or not isinstance(text, str) or not isinstance(bulletText, (str, type(None))):
            return super()._setup(text, style, bulletText, frags, cleaner)
        key = (text, style, bulletText)
        parsed = _PARSED.get(key)
        if parsed is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            if len(_PARSED) >= _PARSED_LIMIT:
                _PARSED.clear()  # start again rather than track use (and safe across threads)
            _PARSED[key] = (self.text, self.style, [frag.clone() for frag in self.frags], self.bulletText)
            return
        self.text, self.style, cached_frags, self.bulletText = parsed
        self.frags = [frag.clone() for frag in cached_frags]
        self.debug = 0

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 - ReportLab API
        """Draw with each line's words in visual order when the paragraph holds right-to-left text."""
        lines = getattr(self.blPara, "lines", None)
        if not self.style.shaping or not lines or getattr(self.blPara, "kind", 0) != 1:
            return super().drawPara(debug)
        logical, bullet = self.blPara, self.bulletText
        self.blPara = copy.copy(logical)
        self.blPara.lines = [visual_frag_line(line, self.rtl) for line in lines]
        if self.rtl and bullet:
            self._draw_bullet_right(bullet, lines[0])
            self.bulletText = None
        try:
            return super().drawPara(debug)
        finally:
            self.blPara, self.bulletText = logical, bullet

    def _draw_bullet_right(self, bullet: str, first_line: Any) -> None:
        """A right-to-left list item's bullet, at its right edge (ReportLab puts it on the left)."""
        style = self.style
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
            Paragraph.__init__(self, self.source_markup, _without_hyphenation(self.style), bulletText=self.bulletText)
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


def _without_hyphenation(style):
    plain = copy.copy(style)
    plain.hyphenationLang, plain.uriWasteReduce = "", 0
    return plain


class ListItem(Para):
    """A list item: its bullet or number is marked ``Lbl``, its text ``LBody``."""

    label: StructElement | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab API
        if self.bulletText and self.label is not None and getattr(canvas, "tags", None) is not None:
            canvas.label_pending = self.label  # the canvas marks the next text it draws, the bullet, as Lbl
        super().drawOn(canvas, x, y, _sW)


class Heading(Para):
    """A heading paragraph that the document template turns into a bookmark and TOC entry."""

    fit_long_words = True

    def __init__(self, text: str, style, *args, level: int = 1, title: str = "", key: str = "",
                 in_toc: bool = True, in_outline: bool = True, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.level, self.title, self.key, self.in_toc, self.in_outline = level, title, key, in_toc, in_outline


@renders("para")
def render_para(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<para style>``: one paragraph of inline text."""
    return [paragraph(element, ctx, "body")]


@renders("heading")
def render_heading(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<heading level style toc bookmark>``: a heading; in the contents and bookmarks unless "no"."""
    level = int(element.get("level", "1"))
    title = " ".join("".join(element.itertext()).split())
    style = ctx.sheet.paragraph(element.get("style", f"h{level}"))
    in_toc = element.get("toc", "yes") != "no"
    in_outline = element.get("bookmark", "yes") != "no"
    key = element.get("key") or f"h-{id(element)}"
    heading = Heading(styled_markup(element, ctx, style), style, level=level, title=title, key=key,
                      in_toc=in_toc, in_outline=in_outline)
    ctx.tags.descriptions[key] = f"Go to {title}"
    return [ctx.tag(heading, f"H{min(level + 1, 6)}")]  # H1 is the document's title


@renders("list")
def render_list(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<list style bullet>`` of ``<item>``: bulleted, or numbered with bullet="1"."""
    style_name = element.get("style", "bullet")
    bullet = element.get("bullet", str(ctx.sheet.resolved(style_name).get("bullet", "•")))
    items = []
    listing = ctx.element("L")
    for number, item in enumerate(element.findall("item"), start=1):
        text = f"{number}." if bullet == "1" else bullet
        entry = ctx.tags.add("LI", listing)
        item_style = ctx.sheet.paragraph(style_name)
        flowable = ListItem(styled_markup(item, ctx, item_style), item_style, bulletText=text)
        flowable.label = ctx.tags.add("Lbl", entry)
        flowable.struct = ctx.tags.add("LBody", entry)
        items.append(flowable)
    return items


@renders("rule")
def render_rule(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<rule style>``: a horizontal line across the column."""
    name = element.get("style", "rule_thin")
    sheet = ctx.sheet
    return [Decoration(width="100%", thickness=sheet.value(name, "rule_width", 0.5),
                       color=sheet.color(sheet.value(name, "rule_color", "rule")),
                       spaceBefore=sheet.value(name, "space_before", 0), spaceAfter=sheet.value(name, "space_after", 0))]


@renders("section")
def render_section(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<section>``: a group of blocks (``Sect``); the fitter drops it when only headings remain."""
    return build_story(list(element), ctx.within(ctx.element("Sect")))


@renders("keep")
def render_keep(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<keep>``: blocks kept together on one page."""
    return [KeepTogether(build_story(list(element), ctx))]


@renders("page-break")
def render_page_break(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<page-break template>``: start a new page, optionally with another page template."""
    template = element.get("template")
    return ([NextPageTemplate(template)] if template else []) + [PageBreak()]


@renders("toc")
def render_toc(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<toc style>``: the contents; page numbers are filled in after layout, in one pass."""
    prefix = element.get("style", "toc")
    styles = {level: ctx.sheet.paragraph(f"{prefix}_{level}") for level in (1, 2)}
    toc = ctx.element("TOC")
    links = {entry.key: ctx.tags.add("Link", ctx.tags.add("TOCI", toc)) for entry in ctx.contents}
    def entry(title: str, style: ParagraphStyle) -> Paragraph:
        return Para(text_markup(title, ctx, text_state(style, ctx)), style)

    return [Contents(ctx.contents, styles, ctx.deferred, ctx.sheet.value(prefix, "number_width", 28),
                     ctx.sheet.value(prefix, "gap", 6), links, entry)]


@renders("omission-note")
def render_omission_note(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<omission-note style>``: says what the fitter left out, only when it left anything."""
    if not ctx.omitted:
        return []
    note = str(ctx.sheet.layout.get("fitting", "note", default="{count} {items} omitted to fit."))
    text = note.format(count=ctx.omitted, items="item" if ctx.omitted == 1 else "items")
    return [ctx.tag(Para(escape(text), ctx.sheet.paragraph(element.get("style", "small"))), "P")]


# ---------------------------------------------------------------- boxes and tables


def _box(element: ET.Element, ctx: RenderContext, default_style: str, role: str) -> list[Flowable]:
    sheet, name = ctx.sheet, element.get("style", default_style)
    padding = sheet.value(name, "padding", 6)
    rule = sheet.value(name, "rule_width", 0) or 0
    inner = build_story(list(element), ctx.narrower(2 * padding + rule).within(ctx.element(role)))
    commands: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), sheet.paragraph("base").fontName),
                ("LEFTPADDING", (0, 0), (-1, -1), padding + rule), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]
    background = sheet.color(sheet.value(name, "background"))
    if background:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), background))
    if rule:
        color = sheet.color(sheet.value(name, "rule_color") or sheet.value(name, "border_color") or "accent")
        commands.append(("LINEBEFORE", (0, 0), (0, -1), rule, color))
    border = sheet.value(name, "border_width", 0) or 0
    if border:
        commands.append(("BOX", (0, 0), (-1, -1), border, sheet.color(sheet.value(name, "border_color", "rule"))))
    table = LayoutTable([[inner]], colWidths=[ctx.width], style=TableStyle(commands), hAlign="LEFT",
                        splitInRow=int(ctx.split_rows))
    table.spaceBefore = sheet.value(name, "space_before", 0)
    table.spaceAfter = sheet.value(name, "space_after", 0)
    return [table]


@renders("box")
def render_box(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<box style>``: blocks on a tinted panel with an optional rule on the left (``Div``)."""
    return _box(element, ctx, "box", "Div")


@renders("quote")
def render_quote(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<quote style>``: a pull quote, its text and attribution set off by a rule (``BlockQuote``)."""
    return _box(element, ctx, "quote_block", "BlockQuote")


def _column_widths(spec: str | None, columns: int, width: float) -> list[float]:
    if not spec:
        return [width / columns] * columns
    parts = [p.strip() for p in spec.split(",")]
    if len(parts) != columns:
        raise LayoutError(f"<table widths={spec!r}> names {len(parts)} columns; the rows have {columns}")
    return [width * float(p[:-1]) / 100 if p.endswith("%") else length(p) for p in parts]


def _cell(cell: ET.Element, ctx: RenderContext, width: float, header: bool) -> list[Flowable]:
    inner = ctx.narrower(ctx.width - width)
    if is_inline_only(cell):
        flowables = [paragraph(cell, inner, "table_head" if header else "table_cell")]
    else:
        flowables = build_story(list(cell), inner)
    for flowable in flowables:  # a cell narrower than about 20 characters is never hyphenated
        if isinstance(flowable, Para) and width < 20 * 0.5 * flowable.style.fontSize:
            flowable.style = _without_hyphenation(flowable.style)
    return flowables


def _table_structure(rows: list[ET.Element], ctx: RenderContext) -> list[RenderContext]:
    """``Table`` > ``THead``/``TBody`` > ``TR`` > ``TH`` (scope Column; an artifact when repeated) or ``TD``."""
    table = ctx.element("Table")
    head = ctx.tags.add("THead", table) if any(row.get("header") == "yes" for row in rows) else None
    body = ctx.tags.add("TBody", table)
    cells = []
    for row in rows:
        header = row.get("header") == "yes"
        tr = ctx.tags.add("TR", head if header and head else body)
        for _ in row.findall("cell"):
            attributes = {"scope": "Column", "once": True} if header else {}
            cells.append(ctx.within(ctx.tags.add("TH" if header else "TD", tr, **attributes)))
    return cells


@renders("table")
def render_table(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<table style widths header>`` of ``<row header>`` of ``<cell style>``; header rows repeat."""
    rows = element.findall("row")
    if not rows:
        return []
    sheet, name = ctx.sheet, element.get("style", "table_grid")
    padding = sheet.value(name, "padding", 3)
    widths = _column_widths(element.get("widths"), len(rows[0].findall("cell")), ctx.width)
    headers = sum(1 for row in rows if row.get("header") == "yes")
    contexts = iter(_table_structure(rows, ctx))
    data = [[_cell(cell, next(contexts), w - 2 * padding, row.get("header") == "yes")
             for cell, w in zip(row.findall("cell"), widths, strict=False)] for row in rows]
    # A table that breaks leaves at least two rows on each side (a page with one row of a table
    # and its repeated header reads as a mistake); one taller than a page may break anywhere.
    split_range = None if ctx.split_rows else (headers + 2, -2)
    table = LayoutTable(data, colWidths=widths, repeatRows=headers, hAlign="LEFT", splitInRow=int(ctx.split_rows),
                        style=_table_style(sheet, name, headers, len(rows)), rowSplitRange=split_range)
    table.spaceBefore = sheet.value(name, "space_before", 0)
    table.spaceAfter = sheet.value(name, "space_after", 0)
    return [table]


def _table_style(sheet: StyleSheet, name: str, headers: int, count: int) -> TableStyle:
    padding = sheet.value(name, "padding", 3)
    rule = sheet.color(sheet.value(name, "rule_color", "rule"))
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), sheet.paragraph("base").fontName),
                             ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                             ("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding + 1),
                             ("LINEBELOW", (0, headers), (-1, -2), sheet.value(name, "rule_width", 0.5), rule)]
    if headers:
        commands.append(("LINEBELOW", (0, headers - 1), (-1, headers - 1), length(sheet.value(name, "header_rule_width", 1)),
                         sheet.color(sheet.value(name, "header_rule_color", "accent"))))
    stripe = sheet.color(sheet.value(name, "stripe"))
    if stripe and count - headers > 3:
        commands.append(("ROWBACKGROUNDS", (0, headers), (-1, -1), [None, stripe]))
    return TableStyle(commands)


# ---------------------------------------------------------------- figures


def figure_style(sheet: StyleSheet, name: str) -> FigureStyle:
    """Resolve a figure style (``scale_full``, ``timeline_chart``…) from the layout."""
    s = sheet.resolved(name)
    return FigureStyle(
        height=length(s.get("height", 14)), font=sheet.font_name(s), label_size=length(s.get("label_size", 7)),
        color_on=sheet.color(s.get("color_on", "accent")), color_off=sheet.color(s.get("color_off", "rule_light")),
        text_on=sheet.color(s.get("text_on", "white")), text_off=sheet.color(s.get("text_off", "muted")),
        border=sheet.color(s.get("border_color", "rule")),
        gap=length(s.get("gap", 1.2)), stroke_on=length(s.get("stroke_on", 1.2)),
        stroke_off=length(s.get("stroke_off", 0.3)),
    )


def _spacing(sheet: StyleSheet, name: str) -> dict[str, float]:
    return {"space_before": sheet.value(name, "space_before", 0), "space_after": sheet.value(name, "space_after", 0)}


@renders("likelihood-scale")
def render_likelihood(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<likelihood-scale style scale low high labels>``: the scale drawn, one band marked."""
    name = element.get("style", "scale_full")
    scale = SCALES[element.get("scale", "ICD-203")]
    low, high = int(element.get("low", 0)), int(element.get("high", 0))
    bar = LikelihoodBar(scale, low, high, figure_style(ctx.sheet, name), element.get("labels") == "yes",
                        **_spacing(ctx.sheet, name))
    return [ctx.tag(bar, "Figure", alt=bar.describe())]


@renders("timeline-chart")
def render_timeline_chart(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<timeline-chart style>`` of ``<event date>``: numbered markers along a year axis."""
    dates = [event.get("date", "") for event in element.findall("event")]
    if not dates:
        return []
    name = element.get("style", "timeline_chart")
    chart = TimelineChart(dates, figure_style(ctx.sheet, name), **_spacing(ctx.sheet, name))
    return [ctx.tag(chart, "Figure", alt=chart.describe())]


# ---------------------------------------------------------------- figures of the content


def chart_style(sheet: StyleSheet, name: str) -> ChartStyle:
    """Resolve a chart style (``chart``) from the layout: height, font, palette."""
    s = sheet.resolved(name)
    palette = tuple(sheet.color(c) for c in (s.get("palette") or ["accent", "muted", "rule"]))
    return ChartStyle(height=length(s.get("height", 150)), font=sheet.font_name(s),
                      bold_font=sheet.font_name({**s, "bold": True}), label_size=length(s.get("label_size", 7)),
                      palette=palette, ink=sheet.color(s.get("color", "ink")), muted=sheet.color(s.get("muted", "muted")),
                      grid=sheet.color(s.get("grid", "rule_light")))


def _figure_box(sheet: StyleSheet, name: str, width: float) -> tuple[float, float, float]:
    """Room for a figure: width, the tallest it may be, and the lowest dpi it may print at."""
    s = sheet.resolved(name)
    share = str(s.get("width", "100%"))
    room = width * float(share[:-1]) / 100 if share.endswith("%") else min(length(share), width)
    return room, length(s.get("max_height", 240)), float(s.get("min_dpi", 150))


def _graphic(element: ET.Element, ctx: RenderContext, name: str) -> Flowable:
    from briefgen import figures

    room, tallest, min_dpi = _figure_box(ctx.sheet, name, ctx.width)
    image, chart = element.find("image"), element.find("chart")
    if chart is not None:
        return ChartFigure(figures.chart_from_block(chart), chart_style(ctx.sheet, element.get("chart-style", "chart")))
    assert image is not None
    path, kind = Path(image.get("src", "")), image.get("kind", "png")
    if kind == "svg":
        drawing = _svg(path, ctx)
        scale = min(room / drawing.width, tallest / drawing.height)
        return VectorFigure(drawing, scale)
    if kind == "pdf":
        size = _pdf_size(str(path))
        return PdfFigure(str(path), size, min(room / size[0], tallest / size[1]))
    pixels = _pixel_size(str(path))
    width = min(room, pixels[0] * 72 / min_dpi)
    width = min(width, tallest * pixels[0] / pixels[1])
    return ImageFigure(path, width, width * pixels[1] / pixels[0], float(ctx.sheet.resolved(name).get("dpi", 300)))


@lru_cache(maxsize=64)
def _pixel_size(path: str) -> tuple[int, int]:
    from PIL import Image, ImageOps

    with Image.open(path) as picture:
        return ImageOps.exif_transpose(picture).size


@lru_cache(maxsize=64)
def _pdf_size(path: str) -> tuple[float, float]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
        return box[2] - box[0], box[3] - box[1]


def _svg(path: Path, ctx: RenderContext) -> Any:
    """An SVG as a ReportLab drawing, its text set in the layout's fonts (never an unembedded base font)."""
    from svglib.svglib import svg2rlg

    from briefgen.figures import iter_strings

    drawing = svg2rlg(str(path))
    if drawing is None:
        raise LayoutError(f"{path}: the SVG could not be drawn")
    drawing.initialFontName = ctx.sheet.font_name({"font": "sans"})  # else renderPDF selects unembedded Helvetica
    for string in iter_strings(drawing):
        family = "serif" if "serif" in str(string.fontName).lower() and "sans" not in str(string.fontName).lower() \
            else "sans"
        bold = "bold" in str(string.fontName).lower()
        string.fontName = ctx.sheet.font_name({"font": family, "bold": bold})
    return drawing


@renders("figure")
def render_figure(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<figure style number>`` of ``<image src kind alt>`` or ``<chart kind unit title alt>``, then
    ``<caption>`` and ``<credit>``: kept together, tagged ``Div`` > ``Figure`` (alt text) + ``Caption``."""
    name = element.get("style", "figure")
    group = ctx.element("Div")
    inner = ctx.within(group)
    graphic = _graphic(element, inner, name)
    source = element.find("image") if element.find("image") is not None else element.find("chart")
    graphic.struct = inner.element("Figure", alt=source.get("alt") if source is not None else None)
    parts: list[Flowable] = [graphic]
    for tag, style in (("caption", "figure_caption"), ("credit", "figure_credit")):
        for child in element.findall(tag):
            caption_style = ctx.sheet.paragraph(child.get("style", style))
            para = Para(styled_markup(child, inner, caption_style), caption_style)
            parts.append(inner.tag(para, "Caption"))
    for part in parts[:-1]:
        part.keepWithNext = 1  # the document template keeps the figure with its caption and credit
    before, after = ctx.sheet.value(name, "space_before", 0), ctx.sheet.value(name, "space_after", 0)
    return [Spacer(1, before), *parts, Spacer(1, after)]


# ---------------------------------------------------------------- columns


class Columns(Flowable):
    """Blocks set in ``count`` balanced columns on one page: the shortest height at which they all fit.

    Paragraphs and tables split across columns as a frame would split them; a heading is
    never the last thing in a column. Used by the one-pager, which is one page by
    construction (a column set that cannot fit the page raises ReportLab's LayoutError).
    """

    def __init__(self, story: list[Flowable], count: int, gap: float):
        super().__init__()
        self.story, self.count, self.gap = story, count, gap
        self.placed: list[list[tuple[Flowable, float]]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.column = (availWidth - self.gap * (self.count - 1)) / self.count
        self.heights: dict[int, tuple[Flowable, float]] = {}  # id -> (flowable, height at the column width)
        self.splits: dict[tuple[int, float], list[Flowable]] = {}
        sizes = [self._height(f) + f.getSpaceBefore() + f.getSpaceAfter() for f in self.story]
        total = sum(sizes)
        # Balanced height lies between an even share and an even share plus the tallest block (what a
        # column may leave unused when a block does not split).
        low, high = total / self.count, min(max(total, 1.0), total / self.count + max(sizes, default=0) + 24)
        if self._fill(high) is None:
            high = max(total, 1.0)
            if self._fill(high) is None:
                self.placed, self.width, self.height = [], availWidth, total
                return self.width, self.height
        while high - low > 2:
            middle = (low + high) / 2
            if self._fill(middle) is None:
                low = middle
            else:
                high = middle
        self.placed = self._fill(high) or []
        self.width, self.height = availWidth, high
        return self.width, self.height

    def _height(self, flowable: Flowable) -> float:
        known = self.heights.get(id(flowable))
        if known is None or known[0] is not flowable:
            known = self.heights[id(flowable)] = (flowable, flowable.wrapOn(self.canv, self.column, 10_000_000)[1])
        return known[1]

    def _split(self, flowable: Flowable, height: float) -> list[Flowable]:
        key = (id(flowable), round(height, 1))
        if key not in self.splits:
            flowable.wrapOn(self.canv, self.column, height)
            self.splits[key] = flowable.split(self.column, height)
        return self.splits[key]

    def _fill(self, height: float) -> list[list[tuple[Flowable, float]]] | None:
        """Columns of (flowable, y) at ``height``, or None when the blocks need more columns."""
        queue, columns = list(self.story), []
        for _ in range(self.count):
            placed: list[tuple[Flowable, float]] = []
            used = 0.0
            while queue:
                flowable = queue[0]
                before = flowable.getSpaceBefore() if placed else 0
                keep = flowable.getKeepWithNext()  # a heading: from its style, as ReportLab's frames read it
                needed = self._height(flowable) + (24 if keep else 0)
                if used + before + needed <= height:
                    queue.pop(0)
                    used += before + self._height(flowable)
                    placed.append((flowable, height - used))
                    used += flowable.getSpaceAfter()
                    continue
                parts = [] if keep else self._split(flowable, height - used - before)
                if len(parts) > 1:
                    queue[:1] = parts
                    first = queue.pop(0)
                    used += before + self._height(first)
                    placed.append((first, height - used))
                break
            while queue and len(placed) > 1 and placed[-1][0].getKeepWithNext():
                queue.insert(0, placed.pop()[0])  # a heading goes on with the block it introduces
            columns.append(placed)
        return None if queue else columns

    def draw(self) -> None:
        document = getattr(self.canv, "_doctemplate", None)
        for index, column in enumerate(self.placed):
            for flowable, y in column:
                flowable.wrapOn(self.canv, self.column, 10_000_000)  # a split attempt may have cleared its lines
                flowable.drawOn(self.canv, index * (self.column + self.gap), y)
                if document is not None:
                    document.afterFlowable(flowable)  # headings inside columns are bookmarked too

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        return []  # a one-pager's columns never run over


@renders("columns")
def render_columns(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<columns style>``: blocks set in balanced columns (the layout's ``count`` and ``gap``)."""
    name = element.get("style", "columns")
    count = int(ctx.sheet.value(name, "count", 2) or 2)
    gap = ctx.sheet.value(name, "gap", 12)
    column = (ctx.width - gap * (count - 1)) / count
    return [Columns(build_story(list(element), ctx.narrower(ctx.width - column)), count, gap)]
