"""Stage 3, compose: a layout's Jinja2 template turns a brief into a block description.

The template is XML of a small, documented vocabulary (``docs/blocks.md``): blocks such
as ``<para>``, ``<heading>``, ``<list>``, ``<table>``, ``<quote>``, and inline ``<b>``,
``<i>``, ``<a>``, ``<cite>``. Jinja2 runs with ``StrictUndefined`` and autoescaping, and
the brief is passed as data, so nothing in content can become markup or template code:
the only markup in inline text is what :func:`briefgen.content.inline.to_markup` writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import traceback
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from briefgen import __version__
from briefgen.content import inline
from briefgen.content.inline import escape
from briefgen.cache import cache_dir
from briefgen.errors import LayoutError
from briefgen.memo import memoized
from briefgen.layouts.furniture import Furniture, furniture
from briefgen.layouts.layout import Layout
from briefgen.content.load import format_path
from briefgen.content.scales import SCALES, Scale
from briefgen.content.catalogs import translated_terms
from briefgen.content.dates import format_date
from briefgen.content.numbers import number_locale
from briefgen.content.typography import marks, strip_quote_marks
from briefgen.content.validate import Validated
from briefgen.compose.since import Since, bar_functions

log = logging.getLogger(__name__)

def long_date(value: dt.date | str | None, language: str = "en") -> str:
    """``2024-02-15`` → ``15 February 2024`` (``15 février 2024`` in French); partial dates print as
    ``February 2024`` or ``2024`` (CLDR, :mod:`briefgen.content.dates`)."""
    return format_date(value, language, "long")


def short_date(value: dt.date | str | None, language: str = "en") -> str:
    """Like :func:`long_date` with abbreviated months: ``15 Feb 2024``, ``15 févr. 2024``."""
    return format_date(value, language, "short")


def language_name(tag: str, language: str = "en") -> str:
    """A language's name in the brief's language, from CLDR: ``ko`` → ``Korean`` (``coréen`` in French);
    ``ko-KP`` → ``Korean``; ``zh-Hans`` → ``Simplified Chinese``; a tag CLDR does not know as written."""
    from babel import Locale

    names = number_locale(language).languages
    parts = tag.replace("_", "-").split("-")
    with_script = "_".join(parts[:2]) if len(parts) > 1 and len(parts[1]) == 4 else None
    for key in (with_script, parts[0]):
        if key and key in names:
            return str(names[key])
    try:
        return str(Locale.parse(tag, sep="-").get_language_name(number_locale(language)) or tag)
    except (ValueError, TypeError, LookupError):
        return tag


def gettext_callables(words: Furniture) -> dict[str, Any]:
    """gettext's functions for a template (Jinja's i18n extension, new style): ``_("Key points")``,
    ``{% trans %}``, ``_("Figure %(number)s.", number=3)``. Translations are layout data, escaped like
    text; variables are escaped unless they are markup already."""
    def gettext(message: str, **variables: Any) -> Markup:
        return _formatted(words.gettext(message), variables)

    def ngettext(singular: str, plural: str, n: int, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        return _formatted(words.ngettext(singular, plural, n), variables)

    def pgettext(context: str, message: str, **variables: Any) -> Markup:
        return _formatted(words.gettext(message, context), variables)

    def npgettext(context: str, singular: str, plural: str, n: int, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        return _formatted(words.ngettext(singular, plural, n, context), variables)

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def _formatted(text: str, variables: dict[str, Any]) -> Markup:
    escaped = Markup.escape(text)
    return escaped % variables if variables else escaped


@dataclass
class Composed:
    """A block description and what it was made from."""

    root: ET.Element
    validated: Validated
    layout: Layout
    numbers: dict[str, int]
    since: Since | None = None


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them costs ~70 ms a process).

    Jinja keys compiled code by the template's source only, but the code also depends on the
    environment this module builds (which filters take the context, the i18n extension): a
    bytecode compiled by another version of this module calls filters wrongly. So the cache
    lives in a folder named by this module's source and Jinja's version.
    """
    maker = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()[:16]
    folder = cache_dir(f"templates/{maker}")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


@memoized("templates", holds="a Jinja environment", bound=16,
          key="the template folders (Jinja reads a template again when its modification time changes)")
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(folders)),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        extensions=["jinja2.ext.i18n"],
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # gettext(…, **variables) formats and escapes
    env.filters.update(plain=inline.plain)
    env.filters["long_date"] = jinja2.pass_context(lambda context, value: long_date(value, context["language"]))
    env.filters["short_date"] = jinja2.pass_context(lambda context, value: short_date(value, context["language"]))
    env.filters["language_name"] = jinja2.pass_context(lambda context, tag: language_name(tag, context["language"]))
    env.filters["inline"] = _inline_filter
    env.filters["quoted"] = _quoted_filter
    env.filters["spans"] = lambda text: Markup(_portion(text) + inline.name_markup(str(text or "")))  # names: spans only
    env.filters["trim_stop"] = lambda markup: Markup(str(markup).rstrip().rstrip(".;"))  # run-in list items
    env.filters["end_stop"] = lambda markup: Markup(_end_stop(markup))
    env.filters["uncited"] = uncited
    env.globals["path"] = lambda *parts: format_path(parts)
    return env


def uncited(source_ids: list[str], text: str | None) -> list[str]:
    """An event's ``sources`` that its text does not already cite, each once: one place cites a source once."""
    cited = set(inline.cited_ids(text or ""))
    return [source_id for source_id in dict.fromkeys(source_ids) if source_id not in cited]


@jinja2.pass_context
def _quoted_filter(context: jinja2.runtime.Context, text: str | None, stop: bool = False) -> Markup:
    """Inline text inside the language's quotation marks: quotations in it nest (secondary marks), and marks
    the writer put around the whole text are not doubled. ``stop``: end the text with a full stop, inside."""
    language = context.get("language", "en")
    written = text or ""
    body = inline.to_markup(strip_quote_marks(written) or written, context["numbers"], language, nested=True)
    if stop:
        body = _end_stop(body)
    chosen = marks(language)
    return Markup(f"{_portion(text)}{escape(chosen[0])}{body}{escape(chosen[1])}")


def _portion(text: Any) -> str:
    """The portion mark a marked part prints before its text (``(C//NF) ``), as escaped markup; else nothing.
    Real text in the paragraph: it extracts, and a screen reader reads it."""
    portion = getattr(text, "portion", "")
    return f"{escape(portion)} " if portion else ""


def _end_stop(markup: str) -> str:
    text = str(markup).rstrip()
    return text + ("" if text[-1:] in ".?!…" else ".")


@jinja2.pass_context
def _inline_filter(context: jinja2.runtime.Context, text: str | None) -> Markup:
    return Markup(_portion(text) + inline.to_markup(text or "", context["numbers"], context.get("language", "en")))


SECTIONS = ("summary", "background", "timeline", "key_quotes", "actors", "outlook", "implications")


def figure_context(validated: Validated, words: Furniture | None = None) -> dict[str, list[dict[str, Any]]]:
    """Figures grouped by the section they follow, numbered in the order they print."""
    from briefgen.content.figures import KINDS, describe_chart, resolve
    from briefgen.content.validate import brief_folder

    figures = validated.model.figures
    placed: dict[str, list[dict[str, Any]]] = {section: [] for section in SECTIONS}
    order = sorted(enumerate(figures), key=lambda pair: (SECTIONS.index(pair[1].after), pair[0]))
    for number, (index, figure) in enumerate(order, start=1):
        src = resolve(figure.image, brief_folder(validated.loaded)) if figure.image else None
        placed[figure.after].append({
            "number": number, "index": index, "figure": figure, "src": str(src) if src else "",
            "kind": KINDS[src.suffix.lower()] if src else "chart",
            "alt": figure.alt or (describe_chart(figure.chart, validated.model.language, words) if figure.chart else ""),
        })
    return placed


def template_context(validated: Validated, layout: Layout, since: Since | None = None,
                     marking: str | None = None) -> dict[str, Any]:
    """The data a template sees: the brief, source numbers, its scale, the layout's name, the banner's
    ``marking`` in every dimension (or the brief's classification), and for a change-tracked edition what
    changed ``since`` the previous one (:mod:`briefgen.compose.since`)."""
    brief = validated.model
    numbers = {source.id: index for index, source in enumerate(brief.sources, start=1)}
    scale = SCALES[brief.likelihood_scale]
    scenarios = [(s, scale.lookup(s.likelihood, brief.language)) for s in (brief.outlook.scenarios if brief.outlook else [])]
    ranked_quotes = sorted(enumerate(brief.key_quotes), key=lambda pair: (pair[1].priority, pair[0]))
    ranked_actors = sorted(enumerate(brief.actors), key=lambda pair: (pair[1].priority, pair[0]))
    words = furniture(layout, brief.language)
    return {
        **gettext_callables(words),
        "likelihood_word": lambda term: likelihood_word(words, scale, term),
        "band_words": lambda band: " / ".join(dict.fromkeys(likelihood_word(words, scale, term) for term in band.terms)),
        "brief": brief,
        "marking": marking or brief.classification,
        "id": validated.id,
        "numbers": numbers,
        "scale": scale,
        "scenarios": scenarios,
        "ranked_quotes": ranked_quotes,
        "ranked_actors": ranked_actors,
        "language": brief.language,
        "marks": marks(brief.language),  # the language's quotation marks: open, close, single open, single close
        "figures_after": figure_context(validated, words) if brief.figures else {section: [] for section in SECTIONS},
        "source_name": lambda source_id: next((_source_label(s.publisher, s.title) for s in brief.sources
                                               if s.id == source_id), source_id),
        "layout": {"name": layout.name, "product": layout.get("product", default=layout.name),
                   "repeat_summary": bool(layout.get("repeat_summary", default=False))},
        "version": __version__,
        **bar_functions(since),
    }


def likelihood_word(words: Furniture, scale: Scale, term: str) -> str:
    """A scenario's likelihood term as the brief's language prints it: an English term of the scale
    through the catalog, lower case (``Likely`` → ``likely``; ``probable`` in French), a term already in the
    brief's language as written."""
    written = " ".join(term.split())
    english = written.lower()
    if english in translated_terms(scale.name, words.language):  # "probable", French: as the writer wrote it
        return written
    if english in scale.terms():
        translated = words.pgettext(f"likelihood {scale.name}", english)
        return translated.lower() if translated == english else translated  # German nouns keep their capital
    return written


def _source_label(publisher: str | None, title: str) -> Markup | str:
    """A source named in a credit: its publisher (a name: language spans, else as written), or its title's words."""
    return Markup(inline.name_markup(publisher)) if publisher else inline.plain(title)


def _template_location(exc: BaseException) -> str:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}:{frame.lineno}"
    return "template"


def render_template(layout: Layout, context: dict[str, Any]) -> str:
    """Run the layout's template; template errors name the template file and line."""
    name = str(layout.require("template"))
    env = _environment(tuple(str(folder) for folder in layout.template_dirs))
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise LayoutError(f"{exc.filename or name}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        searched = ", ".join(str(folder) for folder in layout.template_dirs) or "no templates folder"
        raise LayoutError(f"layout {layout.name!r}: template {exc.name!r} not found in {searched}") from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise LayoutError(f"{_template_location(exc)}: template error: {exc}") from None


def parse_blocks(source: str, layout: Layout) -> ET.Element:
    """Parse a template's output as block XML; a malformed result names the template."""
    try:
        return ET.fromstring(source)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        text = source.splitlines()[line - 1][:120] if 0 < line <= len(source.splitlines()) else ""
        raise LayoutError(f"layout {layout.name!r}: template {layout.get('template')} produced invalid block XML "
                          f"({exc}); output line {line}: {text!r}") from None


def compose(validated: Validated, layout: Layout, since: Since | None = None, marking: str | None = None) -> Composed:
    """Turn a validated brief into the block description of ``layout``'s product (change-tracked ``since``;
    ``marking``: the banner in every dimension, for the cover)."""
    context = template_context(validated, layout, since, marking)
    root = parse_blocks(render_template(layout, context), layout)
    log.debug("composed %s with %s: %d top-level blocks", validated.id, layout.name, len(root))
    return Composed(root, validated, layout, context["numbers"], since)
