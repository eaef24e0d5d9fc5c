"""Build jobs: one brief in one format, from file to written PDF, run serially or in parallel.

A job never raises for a content, layout or fit problem: it returns its messages, so
a batch reports every file's problems and a pool of workers can carry them back.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import BriefgenError, ContentError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildJob:
    """What to build: a brief file, a format, its layout, the paper and where to put it."""

    path: str
    fmt: str
    layout: str
    paper: str = "a4"
    out: str = "output"
    strict: bool = False


@dataclass
class JobResult:
    """What a job did: success, messages for stderr, the file written and its page count."""

    job: BuildJob
    ok: bool
    messages: list[str] = field(default_factory=list)
    output: Path | None = None
    pages: int = 0


def output_path(out_dir: str | Path, brief_id: str, fmt: str) -> Path:
    """Where a brief's PDF goes: ``DIR/<id>-<format>.pdf``."""
    return Path(out_dir) / f"{brief_id}-{fmt}.pdf"


def run_job(job: BuildJob) -> JobResult:
    """Validate, build and write one brief in one format."""
    from briefgen.build import build_brief, omission_messages
    from briefgen.validate import load_brief
    from briefgen.write import write_atomic

    try:
        validated = load_brief(job.path)
    except ContentError as exc:
        return JobResult(job, False, [str(problem) for problem in exc.problems])
    messages = [str(warning) for warning in validated.warnings]
    try:
        built = build_brief(validated, job.layout, job.paper)
        messages += [str(warning) for warning in built.warnings] + omission_messages(validated, built.omitted)
        if job.strict and built.omitted:
            messages.append(f"{job.path}: one-page: --strict: {len(built.omitted)} optional blocks would be "
                            "omitted to fit; trim the content or build without --strict. Nothing was written.")
            return JobResult(job, False, messages)
        target = write_atomic(output_path(job.out, validated.id, job.fmt), built.pdf)
    except BriefgenError as exc:
        return JobResult(job, False, messages + [str(exc) if isinstance(exc, ContentError) else f"briefgen: {exc}"])
    return JobResult(job, True, messages, target, built.pages)


def run_jobs(jobs: list[BuildJob], workers: int = 1) -> list[JobResult]:
    """Run jobs in order, or across ``workers`` processes (results keep the jobs' order)."""
    workers = min(workers if workers > 0 else (os.cpu_count() or 1), len(jobs))
    if workers <= 1:
        return [run_job(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor  # imported only when there is a pool (~25 ms)

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_job, jobs))
