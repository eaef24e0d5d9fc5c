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
from briefgen.content.typography import primary_subtag, smart_quotes
from briefgen.text.scripts import cjk_spacing

from briefgen.rendering.context import RenderContext

log = logging.getLogger(__name__)

_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
INLINE_TAGS = {"b", "i", "a", "cite", "anchor", "span", "br"}
CITATION_SEPARATOR = ",\u202f"  # a comma and a narrow no-break space: "2, 5" never breaks across lines


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
    if primary_subtag(ctx.language) in _listed(ctx, "cjk_latin_space"):
        text = cjk_spacing(text)
    runs = ctx.sheet.script_fonts.runs(text, state.family, state.bold, state.language or ctx.language)
    return "".join(escape(run) if font is None else f'<font name="{font}">{escape(run)}</font>'
                   for run, font in runs)


def inline_markup(element: ET.Element, ctx: RenderContext, state: TextState = TextState()) -> str:
    """ReportLab paragraph markup for an element's inline content; text is escaped.

    Citations that stand side by side print as one mark: each source once, in order,
    runs of three or more as a range (``2–4``), others separated by commas (``2, 5``).
    """
    parts = [text_markup(element.text, ctx, state)]
    children = list(element)
    index = 0
    while index < len(children):
        child = children[index]
        if child.tag != "cite":
            parts.append(_inline_child(child, ctx, state))
            parts.append(text_markup(child.tail, ctx, state))
            index += 1
            continue
        group = [child]
        while not (group[-1].tail or "").strip() and index + len(group) < len(children) \
                and children[index + len(group)].tag == "cite":
            group.append(children[index + len(group)])
        parts[-1] = parts[-1].rstrip()  # a citation mark hugs the word before it
        parts.append(citation_markup([str(cite.get("n", "")) for cite in group], ctx))
        parts.append(text_markup(group[-1].tail, ctx, state))
        index += len(group)
    return "".join(parts).strip()


def citation_groups(numbers: list[str]) -> list[list[str]]:
    """Source numbers cited side by side, each once, sorted, in runs: ``[4, 2, 3, 2, 7]`` → ``[[2, 3, 4], [7]]``."""
    unique = sorted(dict.fromkeys(numbers), key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0, n))
    groups: list[list[str]] = []
    for number in unique:
        last = groups[-1][-1] if groups else ""
        if last.isdigit() and number.isdigit() and int(number) == int(last) + 1:
            groups[-1].append(number)
        else:
            groups.append([number])
    return groups


def citation_markup(numbers: list[str], ctx: RenderContext) -> str:
    """One superscript mark for citations side by side: ``2–4``, ``2, 3``; each number links to its source."""
    pieces = []
    for group in citation_groups(numbers):
        if len(group) >= 3:
            pieces.append(f"{_cite_link(group[0], ctx)}\u2013{_cite_link(group[-1], ctx)}")
        else:
            pieces.extend(_cite_link(number, ctx) for number in group)
    return f"<super>{CITATION_SEPARATOR.join(pieces)}</super>"


def _cite_link(number: str, ctx: RenderContext) -> str:
    link = quoteattr(str(ctx.sheet.layout.get("colors", "link", default="#000000")))
    ctx.tags.descriptions[f"{ctx.anchor_prefix}src-{number}"] = ctx.tags.gettext("Go to source %(number)s") % {"number": number}
    return f"<a href={quoteattr(f'#{ctx.anchor_prefix}src-{number}')} color={link}>{escape(number)}</a>"


def styled_markup(element: ET.Element, ctx: RenderContext, style: ParagraphStyle) -> str:
    """:func:`inline_markup` starting in the family, weight and language of a paragraph style."""
    return inline_markup(element, ctx, text_state(style, ctx, element.get("lang")))


def _collapse(text: str | None) -> str:
    return _WHITESPACE.sub(" ", text or "")


def _inline_child(child: ET.Element, ctx: RenderContext, state: TextState) -> str:
    link = quoteattr(str(ctx.sheet.layout.get("colors", "link", default="#000000")))
    tag = "b" if child.tag == "i" and upright_emphasis(ctx) else child.tag
    if tag == "b":
        state = replace(state, bold=True)
    elif child.tag == "span" and child.get("lang"):
        state = replace(state, language=child.get("lang"))
    inner = inline_markup(child, ctx, state) if len(child) or child.text else ""
    if tag in ("b", "i"):
        return f"<{tag}>{inner}</{tag}>"
    if child.tag == "a":
        return f"<a href={quoteattr(child.get('href', ''))} color={link}>{inner}</a>"
    if child.tag == "cite":
        return citation_markup([str(child.get("n", ""))], ctx)
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


def upright_emphasis(ctx: RenderContext) -> bool:
    """Whether emphasis is set bold: in a brief whose language the layout lists under
    ``upright_emphasis`` (Japanese, Korean, Chinese, Arabic…: their scripts have no italic). A
    run in such a script inside an italic phrase of another language's brief stays upright."""
    return primary_subtag(ctx.language) in _listed(ctx, "upright_emphasis")


def _listed(ctx: RenderContext, key: str) -> set[str]:
    """The languages a layout lists under ``key`` (primary subtags, lower case)."""
    return {str(tag).lower() for tag in ctx.sheet.layout.get(key, default=[]) or []}


def is_inline_only(element: ET.Element) -> bool:
    """True when an element holds only text and inline elements."""
    return all(child.tag in INLINE_TAGS for child in element)
