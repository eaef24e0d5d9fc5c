"""Issue 25's five targets, as ratios within one ``make bench`` run, and the profile behind each verdict.

Used by ``bench/run.py``: :func:`measure` runs what the five need that the size table does not
already give (``validate`` against Typst's compile of the same short brief, the warm rebuild, the
profiles), and :func:`table` writes the rows, each with its verdict and, when not met, the reason
the profile gives.
"""

from __future__ import annotations

import json
import pstats
import re
import statistics
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
WORK = "validate, compose, fit, render, tag and write"  # bench/startup.py's last part: the build itself


@dataclass
class Target:
    """One of the five: what was measured, its bar, and why it is not met when it is not."""

    name: str
    value: float  # the ratio (or seconds) compared with the bar
    shown: str
    bar: float
    unit: str
    reason: str

    @property
    def met(self) -> bool:
        """Whether the measured value is within the bar."""
        return self.value <= self.bar


def areas(profile: Path | str) -> dict[str, float]:
    """Own time of a cProfile dump by area: ReportLab, pikepdf, briefgen, imports, Python and the rest.

    A built-in function's time (``isinstance``, ``str.join``…) counts for the area of the code
    that called it, in proportion to the time spent in it from each caller.
    """
    stats = pstats.Stats(str(profile))
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, function), (_, _, own, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        area = _area(filename, function)
        if filename == "~" and area == _STDLIB and callers:
            for (caller_file, _, caller_function), timing in callers.items():
                totals[_area(caller_file, caller_function)] += timing[2]
        else:
            totals[area] += own
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def _area(filename: str, function: str) -> str:
    if "reportlab" in filename or "_rl_accel" in function:
        return "ReportLab"
    if "pikepdf" in filename or "pikepdf" in function:
        return "pikepdf (tagging, saving)"
    if "/briefgen/" in filename:
        return "briefgen's own code"
    if "importlib" in filename or "marshal" in function or "<frozen" in filename:
        return "imports"
    if "site-packages" in filename:
        return "other libraries (" + filename.split("site-packages/")[1].split("/")[0] + ")"
    return _STDLIB


_STDLIB = "Python's standard library and built-ins"


def shares(totals: dict[str, float], top: int = 4) -> str:
    """``ReportLab 58 %, briefgen's own code 17 %, …`` for the largest areas."""
    whole = sum(totals.values()) or 1.0
    return ", ".join(f"{name} {100 * seconds / whole:.0f} %" for name, seconds in list(totals.items())[:top])


def import_groups(command: list[str]) -> tuple[float, dict[str, float]]:
    """``python -X importtime`` of one command: total import seconds, and each top-level package's own share
    (a module's own time counts for its package: yaml's for yaml even when briefgen imported it)."""
    done = subprocess.run([PYTHON, "-X", "importtime", *command], capture_output=True, text=True, cwd=ROOT)
    groups: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+\d+ \| +(\S+)", line)
        if found:
            top = found.group(2).split(".")[0]
            groups[_FAMILIES.get(top, top)] += int(found.group(1)) / 1e6
    ordered = dict(sorted(groups.items(), key=lambda item: -item[1]))
    return sum(ordered.values()), ordered


_FAMILIES = {"pydantic_core": "pydantic", "annotated_types": "pydantic", "typing_inspection": "pydantic",
             "typing_extensions": "pydantic", "yaml": "PyYAML", "_yaml": "PyYAML"}  # what pydantic brings along


def warm_rebuilds(brief: Path, work: Path, saves: int) -> tuple[float, dict[str, float]]:
    """Median seconds of a warm one-page rebuild (``bench/warm.py``) and the profile of those rebuilds by area."""
    timed = subprocess.run([PYTHON, str(ROOT / "bench" / "warm.py"), str(brief), str(work / "warm"), str(saves)],
                           capture_output=True, text=True, check=True)
    profile = work / "warm.prof"
    subprocess.run([PYTHON, str(ROOT / "bench" / "warm.py"), str(brief), str(work / "warm-profiled"), "3",
                    "--profile", str(profile)], capture_output=True, text=True, check=True)
    return statistics.median(json.loads(timed.stdout)), areas(profile)


def _largest(groups: dict[str, float], top: int = 4) -> str:
    whole = sum(groups.values()) or 1.0
    return ", ".join(f"{name} {100 * seconds / whole:.0f} %" for name, seconds in list(groups.items())[:top])


def five(cold: dict[str, Any], r100: dict[str, Any], pack50: dict[str, Any], validate: dict[str, Any],
         warm: tuple[float, dict[str, float]], evidence: dict[str, Any]) -> list[Target]:
    """The five targets from the run's samples; ``evidence`` holds the profiles that explain a miss."""
    startup = evidence["startup"]
    imports = sum(startup.values()) - startup[WORK]
    validate_groups = evidence["validate imports"][1]
    per_brief = 1000 * pack50["briefgen"].seconds / 50
    per_brief_typst = 1000 * pack50["typst"].seconds / 50
    ratio: Callable[[dict[str, Any]], float] = lambda r: r["briefgen"].seconds / r["typst"].seconds  # noqa: E731
    return [
        Target("cold short brief (one-pager, whole process), ÷ Typst", ratio(cold),
               f"{ratio(cold):.2f}× ({cold['briefgen'].seconds:.2f} s vs {cold['typst'].seconds:.2f} s)", 4.0, "×",
               f"start-up: the interpreter and imports take {1000 * imports:.0f} of the "
               f"{1000 * sum(startup.values()):.0f} ms (table below); Typst is one native binary"),
        Target("100-page long form, time ÷ Typst", ratio(r100), f"{ratio(r100):.2f}×", 1.1, "×",
               f"own time of the 100-page build: {shares(evidence['100p areas'])} (profile below)"),
        Target("100-page long form, peak memory ÷ Typst", r100["briefgen"].peak_mib / r100["typst"].peak_mib,
               f"{r100['briefgen'].peak_mib / r100['typst'].peak_mib:.2f}× ({r100['briefgen'].peak_mib:.0f} vs "
               f"{r100['typst'].peak_mib:.0f} MiB)", 0.5, "×",
               f"importing the build's stages alone peaks at {evidence['imports MiB']:.0f} MiB"),
        Target("50 briefs as a pack (two processes each), ÷ Typst", pack50["briefgen"].seconds / pack50["typst"].seconds,
               f"{pack50['briefgen'].seconds / pack50['typst'].seconds:.2f}× ({pack50['briefgen'].seconds:.1f} s vs "
               f"{pack50['typst'].seconds:.1f} s)", 1.2, "×",
               f"{per_brief:.0f} ms a brief against {per_brief_typst:.0f} ms: each item is validated, composed, "
               f"fitted, laid out, tagged and subset in Python; the 100-page profile shows where layout goes"),
        Target("`briefgen validate` ÷ Typst's compile of the same short brief", ratio(validate),
               f"{ratio(validate):.2f}× ({validate['briefgen'].seconds:.2f} s vs {validate['typst'].seconds:.2f} s)",
               1.5, "×", f"start-up: the interpreter alone takes {1000 * startup['Python interpreter and site']:.0f} ms; "
               f"of the imports (under `-X importtime`), {_largest(validate_groups)}; checking the brief "
               "itself takes a few milliseconds"),
        Target("warm preview rebuild of a one-pager (in-process, as `watch` rebuilds)", warm[0],
               f"{warm[0]:.3f} s", 0.1, "s", f"own time of the rebuilds: {shares(warm[1])}"),
    ]


def table(targets: list[Target]) -> list[str]:
    """Markdown rows: target, measured, bar, verdict (with the reason when not met)."""
    lines = ["| target | measured | bar | verdict |", "|---|---|---|---|"]
    for target in targets:
        bar = f"≤ {target.bar:g}{target.unit}" if target.unit == "×" else f"≤ {target.bar:g} {target.unit}"
        verdict = "met" if target.met else f"**not met**: {target.reason}"
        lines.append(f"| {target.name} | {target.shown} | {bar} | {verdict} |")
    return lines
