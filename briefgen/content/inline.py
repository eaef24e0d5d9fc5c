"""The inline text subset: ``**bold**``, ``*italic*``, ``[label](url)``, ``[@source-id]`` and ``[text]{lang=xx}``.

Names, speakers, roles and table cells take language spans alone (:func:`name_markup`,
content format 1.2); anything else there that looks like markup is reported by
:func:`markup_in_name` and prints as written. Everything else is literal text. Parsing uses markdown-it-py with every rule off except
emphasis and links, plus two rules of ours: citations and language spans (Pandoc's
bracketed-span syntax, content format 1.1). The result is a tree of :class:`Span`;
:func:`to_markup` writes it as the inline elements of the block description (``<b>``,
``<i>``, ``<a href>``, ``<cite>``, ``<span lang>``), escaping all text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape as _html_escape
from typing import TYPE_CHECKING, Any

from briefgen.memo import memoized

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for XML text (xml.sax.saxutils would import urllib)."""
    return _html_escape(text, quote=False)


def quoteattr(text: str) -> str:
    """A double-quoted, escaped XML attribute value."""
    return f'"{_html_escape(text, quote=True)}"'


_CITE = re.compile(r"\[@([^\s\];,]+)((?:\s*[;,]\s*@[^\s\];,]+)*)\]")
LANGUAGE_TAG = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*"
_LANG_SPAN_END = re.compile(r"\]\{\s*lang=(" + LANGUAGE_TAG + r")\s*\}")


@dataclass(frozen=True)
class Span:
    """A piece of inline text: plain text, or a styled, linked or cited run."""

    kind: str  # "text", "strong", "em", "link", "cite" or "lang"
    text: str = ""
    children: tuple[Span, ...] = ()
    href: str = ""  # a link's target; a language span's BCP 47 tag
    ids: tuple[str, ...] = ()


def _cite_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    found = _CITE.match(state.src, state.pos)
    if not found:
        return False
    if not silent:
        state.push("cite", "", 0).meta = {"ids": _cite_ids(found)}
    state.pos = found.end()
    return True


def _cite_ids(found: re.Match[str]) -> tuple[str, ...]:
    """The source ids of one ``[@a; @b]`` match of ``_CITE``."""
    rest = [part.strip().lstrip("@") for part in re.split(r"[;,]", found.group(2)) if part.strip()]
    return (found.group(1), *rest)


def _only_citations(text: str) -> list[re.Match[str]] | None:
    """The citations of a text in which every ``[`` opens a citation or a plain language span, else
    None (the parser is needed).

    There markdown-it finds exactly these citations and no link: its citation rule is the first
    to match at a ``[`` (emphasis takes only ``*`` and ``_``); a ``[`` that is not ``[@`` and
    whose first ``]`` (no ``[`` before it) is followed by ``{lang=xx}`` opens a language span,
    which cannot hold a citation or link without a ``[`` of its own; and a link needs a ``[`` of
    its own. ``validate`` checks citations and links this way without importing markdown-it
    (≈ 35 ms) for briefs that have no links. A NUL or carriage return, which markdown-it
    normalises first, goes to the parser.
    """
    if "\0" in text or "\r" in text:
        return None
    found = []
    position = text.find("[")
    while position >= 0:
        if text.startswith("[@", position):
            citation = _CITE.match(text, position)
            if citation is None:
                return None
            found.append(citation)
            end = citation.end()
        else:
            close = text.find("]", position + 1)
            span = _LANG_SPAN_END.match(text, close) if close > 0 and "[" not in text[position + 1:close] else None
            if span is None:
                return None
            end = span.end()
        position = text.find("[", end)
    return found


def _lang_rule(state: StateInline, silent: bool) -> bool:
    """``[text]{lang=ko}``: a run of text in another language; its inside is parsed as inline text."""
    if state.src[state.pos] != "[" or state.src.startswith("[@", state.pos):
        return False
    end = state.md.helpers.parseLinkLabel(state, state.pos, False)  # links and citations may nest inside
    found = _LANG_SPAN_END.match(state.src, end) if end >= 0 else None
    if not found:
        return False
    if not silent:
        state.push("lang_open", "", 1).meta = {"lang": found.group(1)}
        outer_max, state.pos, state.posMax = state.posMax, state.pos + 1, end
        state.md.inline.tokenize(state)
        state.posMax = outer_max
        state.push("lang_close", "", -1)
    state.pos = found.end()
    return True


@memoized("inline parser", holds="the markdown-it parser for inline text", key="none (one)", bound=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported when first needed: validate often does without it

    class _InlineParser(MarkdownIt):
        def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's API
            """Accept every link target: the validate stage reports bad schemes with their line."""
            return True

    parser = _InlineParser("zero").enable(["emphasis", "link"])
    parser.inline.ruler.before("link", "cite", _cite_rule)
    parser.inline.ruler.before("link", "lang", _lang_rule)
    return parser


def _build(tokens: Iterable[Any]) -> tuple[Span, ...]:
    stack: list[tuple[str, str, list[Span]]] = [("root", "", [])]
    for token in tokens:
        kind = token.type
        if kind in ("strong_open", "em_open", "link_open", "lang_open"):
            literal = token.markup if token.markup.startswith("_") else ""
            name = "literal" if literal else kind[:-5]
            href = str(token.attrs.get("href", "")) if kind == "link_open" else literal
            stack.append((name, token.meta["lang"] if kind == "lang_open" else href, []))
        elif kind in ("strong_close", "em_close", "link_close", "lang_close") and len(stack) > 1:
            name, extra, children = stack.pop()
            if name == "literal":
                stack[-1][2].extend([Span("text", extra), *children, Span("text", extra)])
            else:
                stack[-1][2].append(Span(name, children=tuple(children), href=extra))
        elif kind == "cite":
            stack[-1][2].append(Span("cite", ids=tuple(token.meta["ids"])))
        else:
            stack[-1][2].append(Span("text", token.content))
    return tuple(stack[0][2])


@memoized("inline parses", holds="a text's inline spans", key="the text", bound=4096)
def parse(text: str) -> tuple[Span, ...]:
    """Parse inline text into spans; anything outside the subset stays literal text."""
    if not text:
        return ()
    return _build(_parser().parseInline(text)[0].children or [])


def walk(spans: Iterable[Span]) -> Iterable[Span]:
    """Yield every span of a tree, depth first."""
    for span in spans:
        yield span
        yield from walk(span.children)


def language_runs(text: str, language: str) -> list[tuple[str, str]]:
    """The words of ``text`` with the language each is in: a ``[…]{lang=xx}`` span's, or ``language``."""
    runs: list[tuple[str, str]] = []

    def visit(spans: Iterable[Span], current: str) -> None:
        for span in spans:
            if span.kind == "text" and span.text:
                runs.append((span.text, current))
            visit(span.children, span.href if span.kind == "lang" else current)

    visit(parse(text), language)
    return runs


def cited_ids(text: str) -> list[str]:
    """Source ids cited in ``text``, in order of appearance."""
    citations = _only_citations(text)
    if citations is not None:
        return [source_id for found in citations for source_id in _cite_ids(found)]
    return [source_id for span in walk(parse(text)) if span.kind == "cite" for source_id in span.ids]


def link_targets(text: str) -> list[str]:
    """Link targets written in ``text``."""
    if _only_citations(text) is not None:
        return []
    return [span.href for span in walk(parse(text)) if span.kind == "link"]


def plain(text: str, language: str = "en") -> str:
    """The words of ``text`` without markup or citations, whitespace collapsed, quotation marks typeset."""
    from briefgen.content.typography import smart_quotes

    marked = "".join(span.text if span.kind == "text" else "\0" for span in walk(parse(smart_quotes(text, language)))
                     if span.kind in ("text", "cite"))
    words = re.sub(r"\s*\0+(?=[.,;:)\]])", "", marked).replace("\0", "")  # "auctions [@x]." → "auctions."
    return " ".join(words.split())


def to_markup(text: str, numbers: Mapping[str, int], language: str = "en", nested: bool = False) -> str:
    """Write ``text`` as escaped block-description inline markup, with typographic quotation marks.

    ``nested``: the layout sets the text inside quotation marks, so quotations in it take the
    language's secondary marks.
    """
    from briefgen.content.typography import smart_quotes

    return "".join(_span_markup(span, numbers) for span in parse(smart_quotes(text, language, nested)))


def _span_markup(span: Span, numbers: Mapping[str, int]) -> str:
    inner = "".join(_span_markup(child, numbers) for child in span.children)
    if span.kind == "strong":
        return f"<b>{inner}</b>"
    if span.kind == "em":
        return f"<i>{inner}</i>"
    if span.kind == "link":
        if not span.href.startswith(ALLOWED_SCHEMES):
            return inner
        return f"<a href={quoteattr(span.href)}>{inner}</a>"
    if span.kind == "lang":
        return f"<span lang={quoteattr(span.href)}>{inner}</span>"
    if span.kind == "cite":
        return "".join(
            f'<cite n="{numbers[source_id]}" ref={quoteattr(source_id)}/>'
            for source_id in dict.fromkeys(span.ids)  # [@a; @a] cites a once
            if source_id in numbers
        )
    return escape(span.text)


# ---------------------------------------------------------------- names: language spans alone

_NAME_SPAN = re.compile(r"\[([^\[\]]+)\]\{\s*lang=(" + LANGUAGE_TAG + r")\s*\}")
_LOOKS_LIKE_MARKUP = (
    (re.compile(r"\[@[^\]]*\]"), "a citation [@…]"),
    (re.compile(r"\[[^\]]*\]\([^)]*\)"), "a link [label](…)"),
    (re.compile(r"\[[^\]]*\]\{[^}]*\}"), "a span […]{…} that is not [text]{lang=xx}"),
    (re.compile(r"\*\*\S(?:[^*]*\S)?\*\*"), "bold **…**"),
    (re.compile(r"(?<![\w*])\*[^*\s](?:[^*]*[^*\s])?\*(?![\w*])"), "italic *…*"),
)


def name_runs(text: str) -> list[tuple[str, str | None]]:
    """A name's pieces with the language of each: ``[text]{lang=xx}`` spans, the rest ``None`` (as written)."""
    runs: list[tuple[str, str | None]] = []
    position = 0
    for found in _NAME_SPAN.finditer(text):
        if found.start() > position:
            runs.append((text[position:found.start()], None))
        runs.append((found.group(1), found.group(2)))
        position = found.end()
    if position < len(text):
        runs.append((text[position:], None))
    return runs


def name_markup(text: str) -> str:
    """A name, speaker, role or table cell as escaped inline markup: its language spans as ``<span lang>``, the
    rest exactly as written (no bold, links or citations there)."""
    return "".join(escape(run) if lang is None else f"<span lang={quoteattr(lang)}>{escape(run)}</span>"
                   for run, lang in name_runs(text))


def name_plain(text: str) -> str:
    """A name's words without its language-span markup, for metadata and plain-text uses."""
    return "".join(run for run, _ in name_runs(text))


def markup_in_name(text: str) -> str | None:
    """What in a name looks like markup it does not take (``"bold **…**"``), or None."""
    rest = _NAME_SPAN.sub(lambda found: found.group(1), text)
    return next((what for pattern, what in _LOOKS_LIKE_MARKUP if pattern.search(rest)), None)
