"""Text blocks: paragraphs, headings, lists, rules, sections, boxes, quotes, the contents and the omission note."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET

from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)
from reportlab.lib.styles import ParagraphStyle

from briefgen.content.inline import escape
from briefgen.rendering.changebars import is_changed
from briefgen.layouts.furniture import Furniture, furniture as layout_words
from briefgen.rendering.contents import Contents

from briefgen.rendering.context import RenderContext, build_story, renders
from briefgen.rendering.flowables import Decoration, Heading, Keep, ListItem, Para
from briefgen.rendering.markup import styled_markup, text_markup, text_state

log = logging.getLogger(__name__)


def paragraph(element: ET.Element, ctx: RenderContext, default_style: str) -> Paragraph:
    """A tagged Paragraph (``P``, or ``H1`` with ``role="title"``) from an element's inline content and style."""
    style = ctx.sheet.paragraph(element.get("style", default_style))
    para = Para(styled_markup(element, ctx, style), style)
    role = "H1" if element.get("role") == "title" else "P"
    para.fit_long_words = role == "H1"
    return ctx.tag(para, role, lang=element.get("lang"))



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
    ctx.tags.descriptions[key] = ctx.tags.gettext("Go to %(title)s") % {"title": title}
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
        flowable.series = element
        flowable.struct = ctx.tags.add("LBody", entry)
        flowable.change_bar = is_changed(item)
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
    return [Keep(build_story(list(element), ctx))]


@renders("page-break")
def render_page_break(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<page-break template>``: start a new page, optionally with another page template."""
    template = element.get("template")
    return ([NextPageTemplate(template)] if template else []) + [PageBreak()]


@renders("next-template")
def render_next_template(element: ET.Element, ctx: RenderContext) -> list[Flowable]:
    """``<next-template name>``: the next page uses another page template, with no break here."""
    return [NextPageTemplate(element.get("name", "body"))]


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
    text = omission_note(ctx.sheet.layout.get("fitting", default={}) or {}, ctx.omitted,
                         layout_words(ctx.sheet.layout, ctx.language))
    return [ctx.tag(Para(escape(text), ctx.sheet.paragraph(element.get("style", "small"))), "P")]


def omission_note(fitting: dict, omitted: tuple[tuple[str, int], ...], words: Furniture | None = None) -> str:
    """The layout's ``fitting.note`` for what was left out: ``{count}`` items, ``{list}`` naming them by kind
    (``fitting.names``: one form for one item, one for more; classes named alike are counted together), each
    in the brief's language (``words``: the layout's furniture; the names are plural messages)."""
    names = fitting.get("names") or {}
    counted: dict[tuple[str, str], int] = {}
    for kind, count in omitted:
        forms = names.get(kind) or [f"{{n}} {kind}"] * 2
        counted[(str(forms[0]), str(forms[-1]))] = counted.get((str(forms[0]), str(forms[-1])), 0) + count
    plural = words.ngettext if words is not None else (lambda one, more, n: one if n == 1 else more)
    same = words.gettext if words is not None else str
    phrases = [plural(one, more, count).format(n=count) for (one, more), count in counted.items()]
    between, last = [same(str(part)) for part in (fitting.get("name_join") or [", ", " and "])][:2]
    listing = phrases[0] if len(phrases) == 1 else between.join(phrases[:-1]) + last + phrases[-1]
    total = sum(count for _, count in omitted)
    note = same(str(fitting.get("note") or "{count} {items} omitted to fit."))
    return note.format(count=total, items="item" if total == 1 else "items", list=listing)
