"""Building products: compose, fit (one-page), render and produce PDF bytes for a brief.

This module strings the stages together for one brief and one product; it writes
nothing. :func:`build_brief` returns the bytes and what happened (page count,
omissions, warnings); the CLI and the pack stage decide where they go.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.platypus.doctemplate import LayoutError as ReportLabLayoutError

from briefgen.content import inline
from briefgen.products.provenance import provenance
from briefgen.compose.template import compose, long_date
from briefgen.errors import FitError, Problem, RenderError
from briefgen.products import editions
from briefgen.products.fit import Fitter, Omission, Summary, cite_only_what_is_printed
from briefgen.products.portions import LeftOut, Marked, mark_brief
from briefgen.layouts.markings import banner_text, tlp_label
from briefgen.layouts.fetched import FETCH_COMMAND
from briefgen.layouts.direction import for_language, is_rtl
from briefgen.layouts.furniture import furniture
from briefgen.layouts.layout import Layout, load_layout
from briefgen.content.catalogs import shipped_languages
from briefgen.rendering.document import PageInfo, build_epoch, canvas_maker, frame_box, make_document
from briefgen.compose.passes import drop_empty_headings, number_headings
from briefgen.rendering.blocks import build_story
from briefgen.rendering.changebars import ChangeBars, has_changes
from briefgen.products.provenance import previous_edition
from briefgen.compose.since import Since, since_data
from briefgen.content.diff import compare
from briefgen.rendering.context import Deferred, RenderContext
from briefgen.rendering.running import shorten
from briefgen.text.styles import Scaling, StyleSheet, sheet_for
from briefgen.pdf.tagging import Tagger
from briefgen.content.typography import smart_quotes
from briefgen.content.validate import Validated, printed_strings
from briefgen.names import DEFAULT_STANDARD, PAPER_SIZES, UNTAGGED

log = logging.getLogger(__name__)

_FIT_RETRIES = 4


@dataclass
class Built:
    """A rendered brief: the PDF bytes and what the build did."""

    pdf: bytes
    pages: int
    omitted: list[Omission] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    scaling: Scaling = Scaling()
    summary: Summary = ()  # what the page's omission note names: (omit class, items), in page order
    since: dict[str, Any] | None = None  # a change-tracked edition: the previous edition's source and date, changes
    left_out: list[LeftOut] = field(default_factory=list)  # parts above a release's level


def page_info(validated: Validated, layout: Layout, marked: Marked | None = None) -> PageInfo:
    """Metadata and page-furniture values for a brief (its banner as ``marked`` derives it)."""
    brief = validated.model
    title = inline.plain(brief.title, brief.language)
    info = PageInfo(
        title=title,
        short_title=shorten(title, 70, len),  # at most 70 characters; the page furniture measures it again
        date=long_date(brief.date, brief.language),
        marking=brief.classification,
        organization=smart_quotes(inline.name_plain(brief.organization or ""), brief.language),
        author=inline.name_plain("; ".join(brief.authors) or brief.organization or ""),
        subject=inline.plain(brief.subtitle or brief.summary),
        keywords=list(brief.tags),
        epoch=build_epoch(brief.date),
        provenance=provenance(validated, layout),
        language=brief.language,
        direction="rtl" if is_rtl(layout) else "ltr",
    )
    if marked is not None:
        info.marking = marked.marking
        info.banner, info.tlp = banner_text(marked.banner), tlp_label(marked.banner.tlp)
        if marked.release:
            info.provenance = {**info.provenance, "BriefgenRelease": marked.release}
            info.keywords = [*info.keywords, marked.release]
    return info


# The scripts a layout's ``script_fonts`` keys name, as a warning about their fonts names them.
_SCRIPTS = {"ko": "Korean", "ja": "Japanese", "zh-Hans": "Simplified Chinese", "zh-Hant": "Traditional Chinese",
            "ar": "Arabic-script", "he": "Hebrew"}


def glyph_warnings(validated: Validated, sheet: StyleSheet) -> list[Problem]:
    """Warn about characters that no font of the layout can draw, in any field, and once per script
    (at its first field) about script fonts not installed."""
    problems = []
    not_installed: dict[str, tuple[str, list[Path]]] = {}  # script key → first field, files
    for path, text in printed_strings(validated.loaded.data):
        runs = inline.language_runs(text, validated.model.language) if not text.isascii() else []
        missing = [char for run, language in runs for char in sheet.missing_characters(run, language)]
        for char in dict.fromkeys(missing):
            name = unicodedata.name(char, "unnamed character")
            problems.append(validated.loaded.problem(
                path, f"warning: no font of the layout has a glyph for {char!r} (U+{ord(char):04X} {name}); "
                      f"it prints as \ufffd"))
        for run, language in runs:
            for key, files in sheet.fonts_not_installed(run, language).items():
                not_installed.setdefault(key, (path, []))[1].extend(files)
    for key, (path, files) in not_installed.items():
        problems.append(validated.loaded.problem(path, _not_installed_warning(key, files)))
    return problems


def furniture_warnings(validated: Validated, layout: Layout) -> list[Problem]:
    """One warning, at the brief's ``language``, when the layout's catalogs leave furniture untranslated."""
    language = validated.model.language
    words = furniture(layout, language)
    missing = words.missing
    if not missing:
        return []
    if not words.has_catalog:
        message = (f"warning: no catalog for {language!r} in layout {layout.name!r}; its furniture prints in "
                   f"English (languages with a catalog: {', '.join(shipped_languages())})")
    else:
        listed = "; ".join(missing)
        message = (f"warning: layout {layout.name!r} has no {language!r} translation for {len(missing)} "
                   f"furniture string{'s' if len(missing) != 1 else ''}, printed in English: {listed}")
    return [validated.loaded.problem(("language",), message)]


def _not_installed_warning(key: str, files: list[Path]) -> str:
    """The warning for script fonts a brief needs that ``briefgen fonts`` has not fetched."""
    names = ", ".join(dict.fromkeys(file.name for file in files))
    return (f"warning: the {_SCRIPTS.get(key, key)} fonts are not installed ({names} not in {files[0].parent}); "
            f"run `{FETCH_COMMAND}` to fetch them, then build again")


def render_root(root: ET.Element, sheet: StyleSheet, info: PageInfo, paper: str, omitted: Summary = (),
                anchor_prefix: str = "", standard: str = DEFAULT_STANDARD) -> tuple[bytes, int]:
    """Render a block description to PDF bytes in one layout pass; returns the bytes and the page count.

    Boxes and table rows move whole to the next page; only when one is taller than a page
    does the build run again letting them break inside. With a PDF standard (the default)
    the pages are tagged as they are drawn and the file is finished as PDF/UA-1 and PDF/A-2u.
    """
    problem: Exception | None = None
    for split_rows in (False, True):
        buffer = io.BytesIO()
        deferred = Deferred()
        tags = Tagger(enabled=standard != UNTAGGED)
        tags.gettext = furniture(sheet.layout, info.language).gettext
        document = make_document(buffer, sheet, info, paper, root.get("first-page", "body"), deferred)
        ctx = RenderContext(sheet, document.width, omitted=omitted, anchor_prefix=anchor_prefix, deferred=deferred,
                            contents=number_headings(root), split_rows=split_rows, tags=tags, language=info.language)
        bars = ChangeBars.from_layout(sheet, frame_box(sheet, PAPER_SIZES[paper]), info.language) \
            if has_changes(root) else None
        maker = canvas_maker(info, sheet.paragraph("body").fontName, tags, bars)
        try:
            document.build(build_story(list(root), ctx), canvasmaker=maker)
        except ReportLabLayoutError as exc:
            problem = exc
            log.debug("a block is taller than a page; building again with rows that may break")
            continue
        if standard == UNTAGGED:
            if tags.forms:
                from briefgen.pdf.conformance import attach_forms_only

                return attach_forms_only(buffer.getvalue(), tags), document.page
            return buffer.getvalue(), document.page
        from briefgen.pdf.conformance import finish  # pikepdf: imported only by renders that tag

        return finish(buffer.getvalue(), tags, info.language), document.page
    raise RenderError(f"{info.title}: a block does not fit on a page and cannot be split ({problem})")


def since_of(previous: Validated, current: Validated) -> Since:
    """What a template is told of the changes from ``previous`` to ``current`` (a change-tracked edition)."""
    return since_data(compare(previous, current), previous.model.date)


def _since_facts(previous: Validated, since: Since | None) -> dict[str, Any]:
    """What a build reports of a change-tracked edition: the previous edition and how many main changes."""
    return {"previous": previous.loaded.path, "date": previous.model.date.isoformat(),
            "changes": len(since.entries) if since is not None else 0}


def _as_written(omission: Omission, marked: Marked, validated: Validated) -> Omission:
    """An omission from a release edition, named by its path (and line) in the brief as written."""
    path = marked.original(omission.path)
    line = validated.loaded.mark(tuple(int(p) if p.isdigit() else p
                                       for p in path.replace("]", "").replace("[", ".").split(".") if p)).line
    return dataclasses.replace(omission, path=path, line=line, parts=tuple(map(marked.original, omission.parts)))


def build_brief(validated: Validated, layout_name: str, paper: str = "a4", standard: str = DEFAULT_STANDARD,
                previous: Validated | None = None, release: str | None = None) -> Built:
    """Build one brief with one layout; one-page layouts are fitted to a single page.

    With a ``previous`` edition, a change-tracked edition: what changed since, change bars, the previous
    edition recorded. With ``release`` (a level or a TLP label), the release edition: only the parts at or
    below it (a previous edition is cut to the same release first, so no change names a higher part).
    """
    layout = for_language(load_layout(layout_name), validated.model.language)
    marked = mark_brief(validated, layout, release)
    validated = marked.validated
    if previous is not None and release:
        previous = mark_brief(previous, layout, release).validated
    composed = compose(validated, layout, since_of(previous, validated) if previous is not None else None,
                       marked.marking)
    drop_empty_headings(composed.root)
    info = page_info(validated, layout, marked)
    if previous is not None:
        info.provenance.update(previous_edition(previous))
    sheet = sheet_for(layout)
    warnings = glyph_warnings(validated, sheet) + furniture_warnings(validated, layout)
    prefix = f"{validated.id}-{layout.get('product', default=layout.name)}-"  # unique anchors inside packs
    frame = frame_box(sheet, PAPER_SIZES[paper])[2:]
    since = _since_facts(previous, composed.since) if previous is not None else None
    if not layout.get("fitting"):
        pdf, pages, _ = editions.choose(composed.root, layout, sheet, frame,
                                        lambda root: render_root(root, sheet, info, paper, (), prefix, standard))
        return Built(pdf, pages, [], warnings, since=since, left_out=marked.left_out)
    for attempt in range(_FIT_RETRIES):
        fitted = Fitter(layout, composed.root, validated.loaded, frame, slack=attempt * 6).fit()
        cite_only_what_is_printed(fitted.root)
        pdf, pages = render_root(fitted.root, sheet_for(layout, fitted.scaling), info, paper, fitted.summary,
                                 prefix, standard)
        if pages == 1:
            omitted = [_as_written(o, marked, validated) for o in fitted.omitted] if marked.kept else fitted.omitted
            return Built(pdf, pages, omitted, warnings, fitted.scaling, fitted.summary, since, marked.left_out)
        log.debug("fitted page measured short; retrying with more slack (%d pages)", pages)
    raise FitError(f"{validated.loaded.path}: one-page: could not fit the page after {_FIT_RETRIES} attempts")
