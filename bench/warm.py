"""A warm preview rebuild of a one-pager, in one process, the way ``briefgen watch`` does it.

Run by ``bench/run.py``; alone: ``.venv/bin/python bench/warm.py BRIEF.yaml OUT_DIR SAVES [--profile FILE]``
prints one JSON line: the seconds of each rebuild after the first. The process starts as the
command does (stages imported with the collector paused, ReportLab's patches installed), builds
the one-pager once, then, ``SAVES`` times, changes one word of the summary as an author would and
times :func:`briefgen.interface.watch.rebuild` (build and write the PDF). With ``--profile`` the
rebuilds run under cProfile and the statistics go to FILE.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path

import yaml


def main() -> None:
    """Build once, then time each warm rebuild; print the seconds as JSON."""
    brief, out, saves = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    profile_to = sys.argv[5] if sys.argv[4:5] == ["--profile"] else None
    from briefgen.interface import cli

    cli._without_pydantic_plugins()
    cli._start_up("watch")
    from briefgen.interface.watch import rebuild

    data = yaml.safe_load(brief.read_text(encoding="utf-8"))
    source = Path(out) / "warm.yaml"
    source.parent.mkdir(parents=True, exist_ok=True)
    data["id"] = "warm"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    seconds = []
    profiler = None
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
    with contextlib.redirect_stderr(io.StringIO()):
        if not rebuild(str(source), out, "a4", ("one-page",)).ok:
            raise SystemExit("warm: the first build failed")
        for save in range(saves):
            data["summary"] = f"Revision {save}: {data['summary']}"
            source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            done = rebuild(str(source), out, "a4", ("one-page",))
            if profiler:
                profiler.disable()
            seconds.append(time.perf_counter() - started)
            if not done.ok:
                raise SystemExit("warm: a rebuild failed")
    if profiler:
        profiler.dump_stats(profile_to)
    print(json.dumps(seconds))


if __name__ == "__main__":
    main()
