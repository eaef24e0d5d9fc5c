"""Where a cold one-page build's time goes: one fresh process, imports timed in groups, then the build.

Run by ``bench/run.py`` (median of several processes); alone:
``.venv/bin/python bench/startup.py BRIEF.yaml OUT_DIR`` prints one JSON line of seconds.
The groups are imported in the order a build needs them, with the cycle collector paused as
``briefgen build`` does, so each group's time excludes what an earlier group already imported.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import sys
import time

STARTED = time.perf_counter()
GROUPS = [
    ("briefgen package and command line", ["briefgen.interface.cli"]),
    ("PyYAML", ["yaml"]),
    ("markdown-it (inline markup)", ["markdown_it"]),
    ("pydantic", ["pydantic", "pydantic.main"]),
    ("content model (pydantic classes)", ["briefgen.content.model", "briefgen.content.validate"]),
    ("Jinja2 (compose)", ["jinja2", "briefgen.compose.template"]),
    ("ReportLab platypus (and briefgen's patches)", ["reportlab.platypus"]),
    ("pikepdf (tagging)", ["pikepdf", "briefgen.pdf.conformance"]),
    ("briefgen render, fit and build", ["briefgen.products.build", "briefgen.products.jobs", "briefgen.products.write"]),
]


def main() -> None:
    """Time each group of imports, then the build, in this process; print them as JSON."""
    brief, out = sys.argv[1], sys.argv[2]
    timings: dict[str, float] = {}
    gc.disable()
    for name, modules in GROUPS:
        started = time.perf_counter()
        for module in modules:
            importlib.import_module(module)
        if name.startswith("briefgen package"):
            sys.modules["briefgen.interface.cli"]._without_pydantic_plugins()  # as main() does first
        if name.startswith("ReportLab"):
            importlib.import_module("briefgen.text.rl").install()  # ReportLab's patches, as _start_up does
        timings[name] = time.perf_counter() - started
    gc.freeze()
    gc.enable()
    cli = sys.modules["briefgen.interface.cli"]
    cli._started = True  # imported above, as _start_up would
    started = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["build", brief, "--format", "one-page", "--out", out])
    timings["validate, compose, fit, render, tag and write"] = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"build failed: {code}")
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
