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

from briefgen.errors import BriefgenError, ContentError

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
    standard: str = "ua1-a2u"  # PDF/UA-1 + PDF/A-2u, or "none"


@dataclass
class JobResult:
    """What a job did: success, messages for stderr, and the files written with their page counts."""

    job: BuildJob
    ok: bool
    messages: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)


def output_path(out_dir: str | Path, brief_id: str, fmt: str) -> Path:
    """Where a brief's PDF goes: ``DIR/<id>-<format>.pdf``."""
    return Path(out_dir) / f"{brief_id}-{fmt}.pdf"


def source_name(path: str | Path) -> str:
    """The name a PDF records for the file it was built from (the file name, not the folder)."""
    return Path(path).name


def recorded_source(pdf: Path) -> str | None:
    """The source file name recorded in an existing PDF's metadata; None if it records none."""
    from pypdf import PdfReader

    try:
        value = (PdfReader(pdf).metadata or {}).get("/BriefgenSourceName")
    except Exception:  # noqa: BLE001 - an unreadable file records nothing
        return None
    return str(value) if value else None


def replace_problem(target: Path, source: str, force: bool) -> str | None:
    """A message when writing ``target`` would replace a PDF that another source file made."""
    if force or not target.is_file():
        return None
    other = recorded_source(target)
    if other is None or other == source_name(source):
        return None
    return (f"{source}: {target} was built from {other!r}, not from this file; two briefs share the id "
            f"{target.stem.rsplit('-', 2)[0]!r}. Give this brief its own `id:` (or rename the file), "
            "or pass --force to replace it")


def run_job(job: BuildJob) -> JobResult:
    """Validate, build every requested format, and write them all, or nothing."""
    from briefgen.build import build_brief, omission_messages
    from briefgen.validate import load_brief
    from briefgen.write import write_atomic

    try:
        validated = load_brief(job.path)
    except ContentError as exc:
        return JobResult(job, False, [str(problem) for problem in exc.problems])
    messages = [str(warning) for warning in validated.warnings]
    built = {}
    try:
        for fmt, layout in job.layouts:
            result = build_brief(validated, layout, job.paper, job.standard)
            messages += [str(warning) for warning in result.warnings] + omission_messages(validated, result.omitted)
            if job.strict and result.omitted:
                messages.append(f"{job.path}: one-page: --strict: {len(result.omitted)} optional blocks would be "
                                "omitted to fit; trim the content or build without --strict")
                return JobResult(job, False, messages + [f"{job.path}: {NOTHING_WRITTEN}"])
            built[fmt] = result
    except BriefgenError as exc:
        messages.append(str(exc) if isinstance(exc, ContentError) else f"briefgen: {exc}")
        return JobResult(job, False, messages + [f"{job.path}: {NOTHING_WRITTEN}"])
    targets = {fmt: output_path(job.out, validated.id, fmt) for fmt in built}
    clashes = [p for p in (replace_problem(t, job.path, job.force) for t in targets.values()) if p]
    if clashes:
        return JobResult(job, False, messages + clashes + [f"{job.path}: {NOTHING_WRITTEN}"])
    try:
        outputs = {fmt: write_atomic(target, built[fmt].pdf) for fmt, target in targets.items()}
    except BriefgenError as exc:
        return JobResult(job, False, messages + [f"briefgen: {exc}"])
    return JobResult(job, True, messages, outputs, {fmt: result.pages for fmt, result in built.items()})


def duplicate_ids(paths: list[str]) -> list[str]:
    """One message for each id that two input files share (they would overwrite each other's PDFs)."""
    from briefgen.validate import brief_id_of

    first: dict[str, str] = {}
    messages = []
    for path in paths:
        brief_id = brief_id_of(path)
        if brief_id is None:
            continue
        if brief_id in first and first[brief_id] != path:
            messages.append(f"{path}: id: {brief_id!r} is also the id of {first[brief_id]}; their PDFs would "
                            "overwrite each other. Give one of them its own `id:`")
        first.setdefault(brief_id, path)
    return messages


def run_jobs(jobs: list[BuildJob], workers: int = 1) -> list[JobResult]:
    """Run jobs in order, or across ``workers`` processes (results keep the jobs' order)."""
    workers = min(workers if workers > 0 else (os.cpu_count() or 1), len(jobs))
    if workers <= 1:
        return [run_job(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor  # imported only when there is a pool (~25 ms)

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_job, jobs))
