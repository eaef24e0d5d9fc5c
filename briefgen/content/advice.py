"""Warnings: what an author should hear about but that does not stop a build.

Quotes without a source, URLs without an accessed date, long summaries, caron letters in
names, a source listed twice for one event, markup in a field that takes none (it prints
as written), and quotation marks written around a quote's whole text (left out).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefgen.content.fields import items_of, strings_of, name_fields
from briefgen.content.inline import markup_in_name
from briefgen.content.load import FieldPath, Loaded
from briefgen.content.model import Brief
from briefgen.content.typography import strip_quote_marks
from briefgen.errors import Problem

_CARON = re.compile(r"[\u01cd-\u01dc]")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*(?=\s+[A-Z\"“‘(]|\s*$)")


def advice(loaded: Loaded, brief: Brief) -> tuple[Brief, list[Problem]]:
    """The warnings for a valid brief, and the brief with quotes unwrapped from their own quotation marks."""
    brief, quote_warnings = _unwrapped_quotes(loaded, brief)
    found = [*_warnings(loaded, brief), *_listed_twice(loaded), *_markup_in_names(loaded), *quote_warnings]
    return brief, found


def _warnings(loaded: Loaded, brief: Brief) -> Iterator[Problem]:
    for index, quote in enumerate(brief.key_quotes):
        if not quote.source:
            yield loaded.problem(("key_quotes", index), "warning: quote has no source")
    for index, source in enumerate(brief.sources):
        if source.url and not source.accessed:
            yield loaded.problem(("sources", index, "url"), "warning: URL has no accessed date")
    sentences = len(_SENTENCE_END.findall(brief.summary.strip()))
    if sentences > 4:
        yield loaded.problem(("summary",), f"warning: summary has {sentences} sentences; a bottom line has at most 4")
    for path, name in _names(loaded.data):
        letter = _CARON.search(name)
        if letter:
            yield loaded.problem(path, f"warning: {name!r} has the caron letter {letter.group()!r} "
                                 "(U+%04X); McCune–Reischauer uses breves (ŏ ŭ)" % ord(letter.group()))


def _names(data: dict) -> Iterator[tuple[FieldPath, str]]:
    for path, quote in items_of(data, ("key_quotes",)):
        yield from strings_of(quote, ("speaker",), path)
    for path, actor in items_of(data, ("actors",)):
        yield from strings_of(actor, ("name",), path)
    yield from strings_of(data, ("authors",))


# quotation marks in quotes

def _unwrapped_quotes(loaded: Loaded, brief: Brief) -> tuple[Brief, list[Problem]]:
    warnings, quotes = [], list(brief.key_quotes)
    for index, quote in enumerate(quotes):
        inner = strip_quote_marks(quote.text)
        if inner is not None:
            quotes[index] = quote.model_copy(update={"text": inner})
            warnings.append(loaded.problem(("key_quotes", index, "text"), "warning: the quote is written inside its "
                                           "own quotation marks; the layout adds them, so these were left out"))
    return (brief.model_copy(update={"key_quotes": quotes}) if warnings else brief), warnings




def _listed_twice(loaded: Loaded) -> Iterator[Problem]:
    """``timeline[3].sources[1]: warning: source 's1' is listed twice`` (it prints once)."""
    for path, event in items_of(loaded.data, ("timeline",)):
        seen: set[str] = set()
        for index, source_id in enumerate(event.get("sources") or []):
            if isinstance(source_id, str) and source_id in seen:
                yield loaded.problem(path + ("sources", index), f"warning: source {source_id!r} is listed twice")
            seen.add(source_id)


def _markup_in_names(loaded: Loaded) -> Iterator[Problem]:
    for path, text in name_fields(loaded.data):
        what = markup_in_name(text)
        if what:
            yield loaded.problem(path, f"warning: {text!r} looks like {what}, which this field does not take "
                                 "(only language spans [text]{lang=xx}); it prints as written")
