"""Inline markup: a block's inline content (bold, italic, links, citations, language spans) as ReportLab
paragraph markup, all text escaped and each run in a font that can draw it."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

from reportlab.lib.styles import ParagraphStyle

from briefgen.errors import LayoutError
from briefgen.content.inline import escape, quoteattr
from briefgen.content.typography import smart_quotes

from briefgen.rendering.context import RenderContext

log = logging.getLogger(__name__)

_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
INLINE_TAGS = {"b", "i", "a", "cite", "anchor", "span", "br"}


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


def is_inline_only(element: ET.Element) -> bool:
    """True when an element holds only text and inline elements."""
    return all(child.tag in INLINE_TAGS for child in element)
