"""Build jobs: one brief in its requested formats, from file to written PDFs, serially or in parallel.

A job never raises for a content, layout or fit problem: it returns its messages, so
a batch reports every file's problems and a pool of workers can carry them back.

What a failed job writes: nothing. A brief's products are rendered first and written
only when every one of them succeeded, so a brief never ends up with a new one-pager
beside a stale long form. Other briefs of the same batch are unaffected.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError, ContentError, Problem
from briefgen.content.load import load_text
from briefgen.report import Message, errors
from briefgen.names import DEFAULT_STANDARD, PAPER_SIZES, UNTAGGED
from briefgen.products.provenance import PROVENANCE_KEYS, provenance, same_source

log = logging.getLogger(__name__)

NOTHING_WRITTEN = "nothing was written for this brief"


@dataclass(frozen=True)
class BuildJob:
    """What to build: a brief file, its formats with their layouts, the paper and where to put it."""

    path: str
    layouts: tuple[tuple[str, str], ...]  # (format, layout name or folder), in build order
    paper: str = "a4"
    out: str = "output"
    strict: bool = False
    force: bool = False  # replace a PDF that was made from another source file
    standard: str = DEFAULT_STANDARD
    text: str | None = None  # the brief itself, when it was read from standard input
    since: str | None = None  # the previous edition (a file, REV:path or a revision): a change-tracked edition
    release: str | None = None  # build the release edition at this level (or TLP label)


@dataclass
class JobResult:
    """What a job did: success, messages to report, and the files written with their page counts."""

    job: BuildJob
    ok: bool
    messages: list[Message] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    inputs: list[Path] = field(default_factory=list)  # files the brief draws in (figures, a previous edition), for --deps


def figure_files(validated: Any) -> list[Path]:
    """The image files a brief's figures draw in."""
    from briefgen.content.figures import resolve
    from briefgen.content.validate import brief_folder

    return [resolve(figure.image, brief_folder(validated.loaded)) for figure in validated.model.figures if figure.image]


def output_path(out_dir: str | Path, brief_id: str, fmt: str, release: str | None = None,
                since: str | None = None) -> Path:
    """Where a brief's PDF goes: ``DIR/<id>-<format>.pdf``. A release edition goes beside it, never over
    it, as ``DIR/<id>-<format>-release-<level>.pdf``; a change-tracked edition as
    ``DIR/<id>-<format>-since-<previous edition's date>.pdf`` (both: ``…-release-<level>-since-<date>.pdf``)."""
    name = f"{brief_id}-{fmt}"
    if release:
        from briefgen.content.model import slugify

        name += f"-release-{slugify(release.replace('+', ' plus '), 'level')}"
    if since:
        name += f"-since-{since}"
    return Path(out_dir) / f"{name}.pdf"


def _previous(job: BuildJob, validated: Any) -> tuple[Any, list[Message]]:
    """The previous edition ``--since`` names, or the messages saying why it cannot be read."""
    from briefgen.content.revisions import EditionsError, load_previous

    if job.since is None:
        return None, []
    try:
        return load_previous(job.since, job.path, validated, job.force), []
    except EditionsError as exc:
        return None, [Message("error", f"previous edition: {p}", p, {"edition": "previous"}) for p in exc.previous]
    except BriefgenError as exc:
        return None, [Message("error", f"briefgen: {exc}")]


def since_inputs(job: BuildJob) -> list[Path]:
    """What ``--deps`` lists for the previous edition: its file, or the git files its revision resolves through."""
    if job.since is None:
        return []
    from briefgen.content.revisions import revision_files

    return revision_files(job.since, job.path)


def marking_checks(job: BuildJob) -> list[Any]:
    """The checks of a brief's markings against the first layout the job builds with (validation runs them)."""
    from briefgen.layouts.layout import load_layout
    from briefgen.layouts.marking_checks import marking_check

    return [marking_check(load_layout(job.layouts[0][1]))] if job.layouts else []


@dataclass(frozen=True)
class PdfFacts:
    """What an existing PDF records: its document information, first page width and whether it is tagged."""

    info: dict[str, str]
    width: float
    tagged: bool
    pages: int


def read_facts(pdf: Path) -> PdfFacts | None:
    """The facts an existing PDF records; None when it cannot be read.

    pikepdf (native, and already loaded to tag PDFs) reads them in a few milliseconds;
    pypdf took about 0.2 s a cold process, import included.
    """
    import pikepdf

    try:
        with pikepdf.open(pdf) as document:
            info = {str(key): str(value) for key, value in document.docinfo.items()}
            width = float(document.pages[0].mediabox[2]) - float(document.pages[0].mediabox[0])
            return PdfFacts(info, width, "/StructTreeRoot" in document.Root, len(document.pages))
    except Exception:  # noqa: BLE001 - an unreadable file records nothing
        return None


def page_count(pdf: Path) -> int:
    """The number of pages of a PDF briefgen wrote (pypdf took about 15 ms a file to count them)."""
    facts = read_facts(pdf)
    if facts is None:
        raise BriefgenError(f"{pdf}: cannot be read as a PDF")
    return facts.pages


def recorded_source(pdf: Path) -> str | None:
    """The source path recorded in an existing PDF's metadata; None if it records none."""
    facts = read_facts(pdf)
    return (facts.info.get("/BriefgenSourceName") or None) if facts else None


def replace_problem(target: Path, source: str, force: bool) -> str | None:
    """A message when writing ``target`` would replace a PDF that another source file made (paths compared)."""
    if force or not target.is_file():
        return None
    other = recorded_source(target)
    if other is None or same_source(other, source):
        return None
    return (f"{source}: {target} was built from {other!r}, not from this file; two briefs share the id "
            f"{target.stem.rsplit('-', 2)[0]!r}. Give this brief its own `id:` (or rename the file), "
            "or pass --force to replace it")


def run_job(job: BuildJob) -> JobResult:
    """Validate, build every requested format, and write them all, or nothing."""
    from briefgen.products.build import build_brief
    from briefgen.content.validate import load_brief, validate_brief
    from briefgen.products.write import write_atomic

    failed = [Message("error", f"{job.path}: {NOTHING_WRITTEN}")]
    try:
        checks = marking_checks(job)
        validated = validate_brief(load_text(job.path, job.text), checks) if job.text is not None \
            else load_brief(job.path, checks)
    except ContentError as exc:
        return JobResult(job, False, [Message.of(problem) for problem in exc.problems] + failed)
    messages = [Message.of(warning) for warning in validated.warnings]
    built = {}
    previous, trouble = _previous(job, validated)
    if trouble:
        return JobResult(job, False, messages + trouble + failed)
    try:
        for fmt, layout in job.layouts:
            result = build_brief(validated, layout, job.paper, job.standard, previous, job.release)
            messages += [Message.of(warning) for warning in result.warnings]
            messages += release_messages(validated, fmt, result.left_out, job.release)
            messages += omission_messages(validated, result.omitted)
            if job.strict and result.omitted:
                messages.append(Message("error", f"{job.path}: one-page: --strict: {len(result.omitted)} optional "
                                        "blocks would be omitted to fit; trim the content or build without --strict"))
                return JobResult(job, False, messages + failed)
            built[fmt] = result
    except BriefgenError as exc:
        messages += ([Message.of(p) for p in exc.problems] if isinstance(exc, ContentError)
                     else [Message("error", f"briefgen: {exc}")])
        return JobResult(job, False, messages + failed)
    since = previous.model.date.isoformat() if previous is not None else None
    targets = {fmt: output_path(job.out, validated.id, fmt, job.release, since) for fmt in built}
    clashes = [p for p in (replace_problem(t, job.path, job.force) for t in targets.values()) if p]
    if clashes:
        return JobResult(job, False, messages + errors(clashes) + failed)
    try:
        outputs = {fmt: write_atomic(target, built[fmt].pdf) for fmt, target in targets.items()}
    except BriefgenError as exc:
        return JobResult(job, False, messages + [Message("error", f"briefgen: {exc}")])
    pages = {fmt: result.pages for fmt, result in built.items()}
    omitted = {fmt: len(result.omitted) for fmt, result in built.items()}
    left_out = {fmt: len(result.left_out) for fmt, result in built.items()}
    messages.append(result_message(job.path, outputs, pages, omitted, left_out, built[next(iter(built))].since))
    return JobResult(job, True, messages, outputs, pages, figure_files(validated) + since_inputs(job))


def omission_messages(validated: Any, omitted: list[Any]) -> list[Message]:
    """One line for each item a reader misses (with --verbose): ``PATH:LINE: one-page: omitted key_quotes[4]
    (priority 4) to fit``, or for an item that stays shortened ``one-page: omitted part of actors[0] to fit:
    actors[0].motives[2], actors[0].levers[0]``."""
    path = validated.loaded.path
    messages = []
    for o in omitted:
        label = f" ({o.label})" if o.label else ""
        parts = getattr(o, "parts", ())
        if parts:
            text, problem = f"omitted part of {o.path}{label} to fit: {', '.join(parts)}", f"omitted part to fit: {', '.join(parts)}"
        else:
            text, problem = f"omitted {o.path}{label} to fit", f"omitted to fit{label}"
        messages.append(Message("omission", f"{path}:{o.line}: one-page: {text}",
                                Problem(path, o.line, None, o.path, f"one-page: {problem}")))
    return messages


def release_messages(validated: Any, fmt: str, left_out: list[Any], release: str | None) -> list[Message]:
    """One line for each part a release edition leaves out, reported like an omission:
    ``PATH:LINE: one-page: left out key_points[1] (CONFIDENTIAL//NOFORN): above the release UNCLASSIFIED``."""
    path = validated.loaded.path
    messages = []
    for part in left_out:
        text = f"left out {part.path} ({part.marking}): above the release {release}"
        messages.append(Message("omission", f"{path}:{part.line}: {fmt}: {text}",
                                Problem(path, part.line, None, part.path, f"{fmt}: {text}")))
    return messages


def result_message(path: str, outputs: dict[str, Path], pages: dict[str, int], omitted: dict[str, int],
                   left_out: dict[str, int] | None = None, since: dict[str, Any] | None = None) -> Message:
    """The one line a brief gets: ``PATH: wrote A (1 page; 12 items omitted to fit…), B (8 pages)``; a
    change-tracked edition adds ``; since 2025-05-12: 4 changes`` (or ``no changes``)."""
    parts = []
    for fmt, output in outputs.items():
        note = f"{pages[fmt]} page{'s' if pages[fmt] != 1 else ''}"
        if (left_out or {}).get(fmt):
            count = (left_out or {})[fmt]
            note += f"; {count} part{'s' if count != 1 else ''} above the release left out, --verbose lists them"
        if omitted.get(fmt):
            note += f"; {omitted[fmt]} item{'s' if omitted[fmt] != 1 else ''} omitted to fit, --verbose lists them"
        parts.append(f"{output} ({note})")
    details = {"file": path, "outputs": {fmt: str(out) for fmt, out in outputs.items()}, "pages": pages,
               "omitted": omitted}
    text = f"{path}: wrote {', '.join(parts)}"
    if since is not None:
        details["since"] = since
        count = since["changes"]
        text += f"; since {since['date']}: " + (f"{count} change{'s' if count != 1 else ''}" if count else "no changes")
    return Message("result", text, None, details)


def duplicate_ids(paths: list[str], stdin_text: str | None = None) -> list[Message]:
    """One error for each id that two inputs share (they would overwrite each other's PDFs)."""
    if len(set(paths)) < 2:
        return []  # one input shares its id with nothing (and is not read twice)
    from briefgen.content.validate import brief_id_of

    first: dict[str, str] = {}
    messages = []
    for path in paths:
        brief_id = brief_id_of(path, stdin_text if path == "-" else None)
        if brief_id is None:
            continue
        if brief_id in first and first[brief_id] != path:
            messages.append(Message("error", f"{path}: id: {brief_id!r} is also the id of {first[brief_id]}; their "
                                    "PDFs would overwrite each other. Give one of them its own `id:`"))
        first.setdefault(brief_id, path)
    return messages


def stdin_problem(text: str) -> Message | None:
    """A brief read from standard input has no file name to name its PDFs after: it needs an ``id``."""
    try:
        data = load_text("<stdin>", text).data
    except ContentError:
        return None  # the build reports it, located
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return None
    return Message.of(Problem("<stdin>", 1, 1, "id", "a brief read from standard input needs an `id:` to name its "
                              "PDFs; add one, e.g. id: my-brief"))


def up_to_date(pdf: Path, validated: Any, layout: str, paper: str, standard: str, release: str | None = None) -> bool:
    """Whether ``pdf`` was built from this content, layout, version, paper, PDF standard and release."""
    if not pdf.is_file():
        return False
    from briefgen.layouts.layout import load_layout

    facts = read_facts(pdf)
    if facts is None:
        return False  # an unreadable file is simply rebuilt
    expected = provenance(validated, load_layout(layout))
    same = all(facts.info.get(f"/{key}") == expected[key] for key in PROVENANCE_KEYS) \
        and facts.info.get("/BriefgenRelease") == release
    return same and abs(facts.width - PAPER_SIZES[paper][0]) < 1 and facts.tagged == (standard != UNTAGGED)


def unchanged(job: BuildJob) -> JobResult | None:
    """What a job would write, when every PDF of it is already up to date (``--skip-unchanged``); else None."""
    from briefgen.content.validate import load_brief

    if job.text is not None or job.since is not None:
        return None  # a change-tracked edition is built each time: its previous edition may have moved
    try:
        validated = load_brief(job.path)
    except ContentError:
        return None  # built, so its problems are reported
    outputs = {fmt: output_path(job.out, validated.id, fmt, job.release) for fmt, _ in job.layouts}
    if not all(up_to_date(outputs[fmt], validated, layout, job.paper, job.standard, job.release)
               for fmt, layout in job.layouts):
        return None
    return JobResult(job, True, [], outputs, {}, figure_files(validated))


def run_jobs(jobs: list[BuildJob], workers: int = 1) -> list[JobResult]:
    """Run jobs in order, or across ``workers`` processes (results keep the jobs' order)."""
    workers = min(workers if workers > 0 else (os.cpu_count() or 1), len(jobs))
    if workers <= 1:
        return [run_job(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor  # imported only when there is a pool (~25 ms)

    from briefgen.text.rl import install  # a worker lays out text: ReportLab's patches first

    with ProcessPoolExecutor(max_workers=workers, initializer=install) as pool:
        return list(pool.map(run_job, jobs))
