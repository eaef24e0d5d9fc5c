"""Stage 6, pack: many briefs, one printable document.

A manifest lists briefs and formats. Every item is checked before anything renders,
and all problems are reported at once against the manifest's lines. Items already
built and up to date (their provenance metadata matches the content, layout, version
and paper) are reused; the rest render in parallel. The pack gets its own cover and
contents from the ``pack`` layout, blank pages for duplex printing, a pack page number
and an optional watermark on every page, one top-level bookmark per item with the
item's own bookmarks under it, and PDF page labels. pypdf merges; the file is written
atomically.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.content import inline
from briefgen.cache import cache_dir
from briefgen.errors import BriefgenError, ContentError, Problem
from briefgen.products.jobs import BuildJob, output_path, page_count, run_jobs, up_to_date
from briefgen.content.load import Loaded, load_file
from briefgen.report import Message
from briefgen.content.validate import Validated, load_brief, validate_pack
from briefgen.names import DEFAULT_STANDARD, UNTAGGED
from briefgen.products.provenance import PROVENANCE_KEYS, provenance

if TYPE_CHECKING:
    from briefgen.layouts.markings import Marking
    from briefgen.rendering.document import PageInfo

log = logging.getLogger(__name__)

@dataclass
class PackItem:
    """One resolved item of a pack: its brief, format, built file and place in the pack."""

    number: int
    index: int  # position in the manifest's items, for messages
    brief: Validated
    fmt: str
    pdf: Path | None = None
    pdf_bytes: bytes | None = None  # rendered in memory (the Python API), instead of a file
    pages: int = 0
    start: int = 0
    blank_before: bool = False
    since: str | None = None  # pack --since: "new" (not in the revision), "changed" or "unchanged"
    changes: int = 0  # pack --since: the main changes since the item's previous revision
    marking: str | None = None  # every dimension of the edition the pack prints, on one line
    keywords: list[str] | None = None  # the tags of the edition the pack prints (a release may leave them out)

    def context(self) -> dict[str, Any]:
        """What the pack template sees of this item."""
        model = self.brief.model
        return {"number": self.number, "title": model.title, "format": self.fmt,
                "marking": self.marking, "date": model.date, "pages": self.pages, "start": self.start,
                "since": self.since, "changes": self.changes}


@dataclass
class PackReport:
    """What building a pack did: the file written, messages for stderr, and what it was made of."""

    output: Path
    pages: int
    messages: list[Message] = field(default_factory=list)
    items: list[PackItem] = field(default_factory=list)


# ---------------------------------------------------------------- checking


def _check_items(loaded: Loaded) -> tuple[list[PackItem], list[Problem]]:
    """Resolve every item's brief; collect problems against the manifest's lines."""
    problems: list[Problem] = []
    resolved: list[PackItem] = []
    files_by_id: dict[str, Path] = {}
    items = loaded.data.get("items") if isinstance(loaded.data, dict) else None
    base = Path(loaded.path).parent
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("brief"), str):
            continue
        where = ("items", index, "brief")
        path = base / item["brief"]
        if not path.is_file():
            problems.append(loaded.problem(where, f"brief {item['brief']!r} not found (looked for {path})"))
            continue
        try:
            brief = load_brief(path)
        except ContentError as exc:
            details = "; ".join(str(p) for p in exc.problems[:5])
            more = f" (and {len(exc.problems) - 5} more)" if len(exc.problems) > 5 else ""
            problems.append(loaded.problem(where, f"brief {item['brief']!r} is invalid: {details}{more}"))
            continue
        first = files_by_id.setdefault(brief.id, path.resolve())
        if first != path.resolve():
            problems.append(loaded.problem(where, f"brief {item['brief']!r} has the id {brief.id!r}, like {first}; "
                                           "two different briefs in one pack need different ids"))
            continue
        resolved.append(PackItem(len(resolved) + 1, index, brief, str(item.get("format"))))
    return resolved, problems


def check_pack(manifest: str | Path | Loaded) -> tuple[Validated, list[PackItem], Marking | None]:
    """Validate a manifest and every item it names; raise ContentError with every problem.

    Returns the manifest, its items and the marking of the pack's own pages (see :func:`pack_marking`).
    """
    loaded = manifest if isinstance(manifest, Loaded) else load_file(manifest)
    problems: list[Problem] = []
    validated = None
    try:
        validated = validate_pack(loaded)
    except ContentError as exc:
        problems += exc.problems
    items, item_problems = _check_items(loaded)
    problems += item_problems
    marking = None
    if validated is not None and not item_problems:
        marking, marking_problems = pack_marking(validated, items)
        problems += marking_problems
    if problems or validated is None:
        raise ContentError(problems)
    return validated, items, marking


# ---------------------------------------------------------------- markings


def pack_marking(pack: Validated, items: list[PackItem]) -> tuple[Marking | None, list[Problem]]:
    """The marking the pack's own pages carry, in every dimension, and problems when it would sit
    below an item's (see :mod:`briefgen.products.pack_markings`)."""
    from briefgen.products.pack_markings import pack_marking as in_dimensions

    return in_dimensions(pack, items)


# ---------------------------------------------------------------- items


def _cache_folder(item: PackItem, paper: str, standard: str, release: str | None = None) -> Path:
    """Where a pack builds an item it cannot reuse: a cache folder keyed by content, layout, version and paper."""
    import hashlib
    import tempfile

    from briefgen.layouts.layout import load_layout

    recorded = provenance(item.brief, load_layout(item.fmt))
    key = "\0".join([*(recorded[k] for k in PROVENANCE_KEYS), paper, item.fmt, standard, *([release] if release else [])])
    base = cache_dir("items") or Path(tempfile.gettempdir()) / "briefgen-items"
    return base / hashlib.sha256(key.encode()).hexdigest()[:24]


class ItemsFailed(BriefgenError):
    """Some items of a pack could not be built; ``messages`` says why. The pack was not written."""

    def __init__(self, messages: list[Message]):
        self.messages = messages
        super().__init__("pack items could not be built, so the pack was not written")


def _since_job(item: PackItem, since: str, paper: str, standard: str, release: str | None = None) -> BuildJob:
    """``pack --since REV``: the item built against its own file in ``REV`` (as it is, when new since)."""
    import hashlib

    from briefgen.content.revisions import MissingInRevision, load_previous

    try:
        previous = load_previous(since, item.brief.loaded.path, item.brief)
    except MissingInRevision:
        item.since = "new"
        return BuildJob(item.brief.loaded.path, ((item.fmt, item.fmt),), paper,
                        str(_cache_folder(item, paper, standard, release)), force=True, standard=standard,
                        release=release)
    key = hashlib.sha256(f"{since}\0{previous.loaded.text}".encode()).hexdigest()[:16]
    folder = _cache_folder(item, paper, standard, release) / f"since-{key}"
    return BuildJob(item.brief.loaded.path, ((item.fmt, item.fmt),), paper, str(folder), force=True,
                    standard=standard, since=since, release=release)


def _since_status(items: list[PackItem], jobs: list[BuildJob], results: list[Any]) -> None:
    """Each item's mark in the contents, and its PDF, from the ``--since`` builds."""
    built = {(job.path, job.layouts[0][0]): result for job, result in zip(jobs, results, strict=True)}
    for item in items:
        result = built[(item.brief.loaded.path, item.fmt)]
        item.pdf = result.outputs[item.fmt]
        since = next((m.details.get("since") for m in result.messages if m.kind == "result"), None)
        if since is not None:
            item.changes = int(since["changes"])
            item.since = "changed" if item.changes else "unchanged"


def prepare_items(items: list[PackItem], out_dir: Path, paper: str, workers: int | None,
                  standard: str = DEFAULT_STANDARD, since: str | None = None,
                  release: str | None = None) -> list[Message]:
    """Find a PDF for every item and record its page count.

    An item's own PDF in ``out_dir`` (what ``briefgen build`` wrote) is used when it was
    built from the same content, layout, version and paper. Otherwise the item is built
    into a cache folder: a pack never writes or replaces a brief's own PDFs.
    """
    wanted: dict[tuple[str, str], PackItem] = {}
    for item in items:
        wanted.setdefault((item.brief.id, item.fmt), item)
    if since is not None:
        return _prepare_since(items, wanted, paper, workers, standard, since, release)
    jobs = []
    for (brief_id, fmt), item in wanted.items():
        cache = _cache_folder(item, paper, standard, release)
        for folder in (out_dir, cache):
            item.pdf = output_path(folder, brief_id, fmt, release)
            if up_to_date(item.pdf, item.brief, fmt, paper, standard, release):
                break
        else:
            jobs.append(BuildJob(item.brief.loaded.path, ((fmt, fmt),), paper, str(cache), force=True,
                                 standard=standard, release=release))
    results = run_jobs(jobs, workers or 0)
    messages = [message for result in results for message in result.messages if message.kind != "result"]
    if any(not result.ok for result in results):
        raise ItemsFailed(messages)
    log.info("pack items: %d reused, %d built", len(wanted) - len(jobs), len(jobs))
    for item in items:
        item.pdf = wanted[(item.brief.id, item.fmt)].pdf
        item.pages = page_count(item.pdf)
    return messages


def _prepare_since(items: list[PackItem], wanted: dict[tuple[str, str], PackItem], paper: str, workers: int | None,
                   standard: str, since: str, release: str | None = None) -> list[Message]:
    """Build every item against its own previous revision (a change-tracked edition; new items as they are)."""
    from briefgen.content.revisions import EditionsError

    jobs, messages = [], []
    for item in wanted.values():
        try:
            jobs.append(_since_job(item, since, paper, standard, release))
        except EditionsError as exc:
            messages += [Message("error", f"previous edition: {p}", p, {"edition": "previous"}) for p in exc.previous]
        except BriefgenError as exc:
            messages.append(Message("error", f"briefgen: {exc}"))
    if messages:
        raise ItemsFailed(messages)
    results = run_jobs(jobs, workers or 0)
    messages = [message for result in results for message in result.messages if message.kind != "result"]
    if any(not result.ok for result in results):
        raise ItemsFailed(messages)
    _since_status(list(wanted.values()), jobs, results)
    for item in items:
        first = wanted[(item.brief.id, item.fmt)]
        item.pdf, item.since, item.changes = first.pdf, first.since, first.changes
        item.pages = page_count(item.pdf)
    return messages


# ---------------------------------------------------------------- the pack's own pages


def _place_items(items: list[PackItem], front_pages: int, duplex: bool) -> int:
    """Give every item its first pack page (after a blank page where duplex needs one); return the total."""
    page = front_pages + 1
    for item in items:
        item.blank_before = duplex and page % 2 == 0
        item.start = page + item.blank_before
        page = item.start + item.pages
    return page - 1


def render_front(pack: Validated, items: list[PackItem], paper: str, info: PageInfo,
                 standard: str = DEFAULT_STANDARD) -> tuple[bytes, int]:
    """The cover and contents, rendered from the pack layout's template; bytes and page count."""
    from briefgen.products.build import render_root
    from briefgen.compose.template import parse_blocks, render_template
    from briefgen.products.merge import pack_layout
    from briefgen.text.styles import sheet_for

    from briefgen.compose.template import gettext_callables
    from briefgen.layouts.furniture import furniture

    layout = pack_layout(pack.model.language)
    context = {"pack": pack.model, "marking": info.marking, "items": [item.context() for item in items], "numbers": {},
               "since": next((True for item in items if item.since), False),
               "language": pack.model.language, **gettext_callables(furniture(layout, pack.model.language))}
    root = parse_blocks(render_template(layout, context), layout)
    return render_root(root, sheet_for(layout), info, paper, (), anchor_prefix=f"{pack.id}-pack-", standard=standard)


def pack_info(pack: Validated, marking: Marking | None) -> PageInfo:
    """Page furniture values and metadata for a pack whose own pages carry ``marking``."""
    from briefgen.products.pack_markings import pack_page_marks

    from briefgen.compose.template import long_date
    from briefgen.layouts.direction import is_rtl
    from briefgen.layouts.furniture import furniture
    from briefgen.products.merge import pack_layout
    from briefgen.rendering.document import PageInfo, build_epoch

    model = pack.model
    title = inline.plain(model.title, model.language)
    layout = pack_layout(model.language)
    words = furniture(layout, model.language)
    line, banner, tlp = pack_page_marks(marking)
    info = PageInfo(title=title, short_title=title, date=long_date(model.date, model.language), marking=line,
                    banner=banner, tlp=tlp, organization="", author="", subject=words.gettext("Briefing pack"),
                    keywords=[], epoch=build_epoch(model.date), language=model.language,
                    direction="rtl" if is_rtl(layout) else "ltr")
    if model.release:
        info.provenance = {"BriefgenRelease": str(model.release)}
    return info


def bookmark_title(title: str, fmt: str, language: str) -> str:
    """An item's bookmark in the pack: its title and format (``Title (one-page brief)``)."""
    from briefgen.layouts.furniture import furniture
    from briefgen.layouts.layout import load_layout

    words = furniture(load_layout("pack"), language)
    if fmt == "one-page":
        return words.gettext("%(title)s (one-page brief)") % {"title": title}
    return words.gettext("%(title)s (long-form brief)") % {"title": title}


def layout_front(pack: Validated, items: list[PackItem], paper: str, info: PageInfo,
                 standard: str = DEFAULT_STANDARD) -> tuple[bytes, int]:
    """Render the front matter until its page count is stable, placing the items after it.

    Returns the front matter and the pack's total page count.
    """
    count = render_front(pack, items, paper, info, UNTAGGED)[1]
    for _ in range(3):
        total = _place_items(items, count, pack.model.duplex)
        front, again = render_front(pack, items, paper, info, standard)
        if again == count:
            return front, total
        count = again
    raise BriefgenError("pack contents did not settle on a page count")


def render_items(items: list[PackItem], paper: str, standard: str = DEFAULT_STANDARD,
                 release: str | None = None) -> list[Problem]:
    """Render every item in this process, in memory (nothing is written); return their warnings."""
    from briefgen.products.build import build_brief

    built: dict[tuple[str, str], tuple[bytes, int]] = {}
    warnings: list[Problem] = []
    for item in items:
        key = (item.brief.id, item.fmt)
        if key not in built:
            result = build_brief(item.brief, item.fmt, paper, standard, release)
            built[key] = (result.pdf, result.pages)
            warnings += [*item.brief.warnings, *result.warnings]
        item.pdf_bytes, item.pages = built[key]
    return list(dict.fromkeys(warnings))


def assemble_pack(pack: Validated, items: list[PackItem], marking: Marking | None, paper: str,
                  standard: str = DEFAULT_STANDARD) -> tuple[bytes, int]:
    """The pack's PDF from items whose PDFs are ready: its bytes and page count."""
    from briefgen.products.merge import Part, assemble

    info = pack_info(pack, marking)
    info.keywords = list(dict.fromkeys(tag for item in items for tag in (
        item.keywords if item.keywords is not None else item.brief.model.tags)))
    front, total = layout_front(pack, items, paper, info, standard)
    parts = [Part(item.pdf_bytes if item.pdf_bytes is not None else item.pdf,  # type: ignore[arg-type]
                  bookmark_title(inline.plain(item.brief.model.title), item.fmt, pack.model.language), item.blank_before)
             for item in items]
    return assemble(front, parts, total, paper, info, pack.model.watermark, standard != UNTAGGED), total


def build_pack(manifest: str | Path, out: str | Path | None = None, paper: str = "a4",
               workers: int | None = None, standard: str = DEFAULT_STANDARD, since: str | None = None) -> PackReport:
    """Check, build and write one briefing pack; nothing is written if anything fails. With ``since`` (a git
    revision), each item is a change-tracked edition against its own file in that revision, and the
    contents mark what is new or changed."""
    from briefgen.products.write import write_atomic

    pack, items, marking = check_pack(manifest)
    target = Path(out) if out else Path("output") / f"{pack.id}.pdf"
    messages = prepare_items(items, target.parent, paper, workers, standard, since, pack.model.release)
    pdf, total = assemble_pack(pack, items, marking, paper, standard)
    write_atomic(target, pdf)
    return PackReport(target, total, messages, items)
