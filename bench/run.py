"""Benchmark briefgen against Typst and WeasyPrint on the same YAML content.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py [--quick]``). Peers install
into ``bench/.venv-peers`` (never a runtime dependency). Every measurement is a whole
process: wall time (median of paired runs, tools alternating) and peak RSS from
``wait4``. Ratios are computed within one run. Writes ``docs/benchmarks.md`` and
``docs/img/bench-time.png``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.dense import dense_brief  # noqa: E402  (the same generator the tests use)
sys.path.insert(0, str(ROOT / "bench"))
import targets as issue25  # noqa: E402  (bench/targets.py: issue 25's five targets)

WORK = ROOT / "bench" / "work"
PEERS = ROOT / "bench" / ".venv-peers"
FONTS = ROOT / "briefgen" / "layouts" / "base" / "fonts"
BRIEFGEN = [str(ROOT / ".venv" / "bin" / "briefgen")]
PEER_PY = str(PEERS / "bin" / "python")

SCRIPTS_SECTION = "<!-- scripts-cost -->"  # where bench/scripts_cost.py's section begins
SIZES = {  # name: generator arguments; page counts are measured, not assumed
    "small": dict(paragraphs=1, quotes=1, actors=1, events=0, scenarios=1, key_points=3, summary_words=40),
    "8p": dict(paragraphs=10, quotes=8, actors=5, events=10, scenarios=3),
    "100p": dict(paragraphs=340, quotes=115, actors=40, events=100, scenarios=7),
    "500p": dict(paragraphs=1700, quotes=575, actors=200, events=500, scenarios=7),
}


@dataclass
class Sample:
    """One whole-process run: seconds and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


def run(command: list[str], env: dict[str, str] | None = None) -> Sample:
    """Run a command to completion; measure wall time and the child's peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"benchmark command failed ({status}): {' '.join(command)}")
    return Sample(elapsed, usage.ru_maxrss / 1024)


def median(samples: list[Sample]) -> Sample:
    """Median time and the largest peak memory of several runs."""
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_mib for s in samples))


def ensure_peers() -> None:
    """Create the separate peer environment with typst and weasyprint."""
    if (PEERS / ".ready").exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
    subprocess.run([PEER_PY, "-m", "pip", "install", "--quiet", "typst>=0.13", "weasyprint", "jinja2", "pyyaml"],
                   check=True)
    (PEERS / ".ready").touch()


def write_brief(name: str, **size) -> Path:
    """Write a generated brief to the work folder."""
    path = WORK / f"{name}.yaml"
    data = dense_brief(**size)
    data["id"] = Path(name).name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_fitting_brief() -> Path:
    """A one-page-sized brief that needs no fitting (the build is checked to omit nothing)."""
    data = dense_brief(**SIZES["small"])
    data["id"] = "bench-fits"
    data["key_points"] = data["key_points"][:2]
    data["actors"] = [{"name": "Actor 0", "stance": "A stance", "priority": 1, "motives": ["One motive"]}]
    data["outlook"]["indicators"] = data["outlook"]["indicators"][:1]
    data["implications"] = data["implications"][:2]
    path = WORK / "bench-fits.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    check = subprocess.run([*BRIEFGEN, "build", str(path), "--format", "one-page", "--out", str(WORK / "out")],
                           capture_output=True, text=True, check=True)
    if "omitted" in check.stderr:
        raise SystemExit("bench-fits.yaml needs fitting; shorten it")
    return path


def watch_latency(brief: Path, fmt: str, saves: int) -> tuple[float, float]:
    """Median seconds from saving a brief to its first and to its last rebuilt PDF under ``briefgen watch``
    (one warm process). Each save changes one word of the summary, as an author would."""
    folder = WORK / f"watch-{fmt}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "out").mkdir(parents=True)
    source = folder / "watched.yaml"
    data = yaml.safe_load(brief.read_text(encoding="utf-8"))
    data["id"] = "watched"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    products = ["one-page", "long-form"] if fmt == "all" else [fmt]
    pdfs = [folder / "out" / f"watched-{product}.pdf" for product in products]
    process = subprocess.Popen([*BRIEFGEN, "watch", str(source), "--format", fmt, "--out", str(folder / "out")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first, last = [], []
    try:
        _wait_for(lambda: all(pdf.exists() for pdf in pdfs), 120)
        for save in range(saves):
            time.sleep(1.0)  # let the watcher settle, as between an author's saves
            before = [pdf.stat().st_mtime_ns for pdf in pdfs]
            data["summary"] = f"Revision {save}: {data['summary']}"
            source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            saved = time.perf_counter()
            _wait_for(lambda: any(pdf.stat().st_mtime_ns != old for pdf, old in zip(pdfs, before)), 30)
            first.append(time.perf_counter() - saved)
            _wait_for(lambda: all(pdf.stat().st_mtime_ns != old for pdf, old in zip(pdfs, before)), 30)
            last.append(time.perf_counter() - saved)
    finally:
        process.terminate()
        process.wait()
    return statistics.median(first), statistics.median(last)


def _wait_for(condition, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("benchmark: briefgen watch did not rebuild in time")
        time.sleep(0.002)


def startup_breakdown(brief: Path, runs: int) -> dict[str, float]:
    """Median seconds of each part of a cold one-page build (``bench/startup.py``), interpreter start first."""
    import json

    python = str(ROOT / ".venv" / "bin" / "python")
    samples: dict[str, list[float]] = {"Python interpreter and site": [run([python, "-c", "pass"]).seconds
                                                                        for _ in range(runs)]}
    for _ in range(runs):
        result = subprocess.run([python, str(ROOT / "bench" / "startup.py"), str(brief), str(WORK / "out")],
                                capture_output=True, text=True, check=True)
        for name, seconds in json.loads(result.stdout).items():
            samples.setdefault(name, []).append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}


def pages(pdf: Path) -> int:
    """Page count, read with pypdf from briefgen's environment."""
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def commands(brief: Path) -> dict[str, list[str]]:
    """The three tools rendering one brief as a long document."""
    return {
        "briefgen": [*BRIEFGEN, "build", str(brief), "--format", "long-form", "--out", str(WORK / "out")],
        "typst": [PEER_PY, str(ROOT / "bench/peers/typst_compile.py"), str(brief), str(WORK / f"{brief.stem}-typst.pdf"), str(FONTS)],
        "weasyprint": [PEER_PY, str(ROOT / "bench/peers/weasy_render.py"), str(brief), str(WORK / f"{brief.stem}-weasy.pdf"), str(FONTS)],
    }


def paired(tools: dict[str, list[str]], rounds: int) -> dict[str, Sample]:
    """Run every tool once per round, alternating, and take medians."""
    results: dict[str, list[Sample]] = {name: [] for name in tools}
    for round_number in range(rounds):
        order = list(tools) if round_number % 2 == 0 else list(reversed(tools))
        for name in order:
            results[name].append(run(tools[name]))
    return {name: median(samples) for name, samples in results.items()}


def run_pair(commands_: list[list[str]]) -> Sample:
    """Run commands at the same time (a pool of workers); wall time of all, peak RSS of the largest."""
    started = time.perf_counter()
    processes = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in commands_]
    peak = 0.0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise SystemExit(f"benchmark command failed: {process.args}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return Sample(time.perf_counter() - started, peak)


def pack_benchmark(count: int, rounds: int, with_typst: bool) -> dict[str, Sample]:
    """A pack of ``count`` one-page briefs: briefgen pack from scratch on two workers vs Typst, two at a time."""
    folder = WORK / f"pack{count}"
    folder.mkdir(parents=True, exist_ok=True)
    briefs = [write_brief(f"pack{count}/brief-{i:03d}", **SIZES["small"]) for i in range(count)]
    manifest = folder / "pack.yaml"
    items = [{"brief": b.name, "format": "one-page"} for b in briefs]
    manifest.write_text(yaml.safe_dump({"title": f"{count} briefs", "date": "2025-05-01", "classification": "OFFICIAL",
                                        "items": items}))
    out = folder / "out"
    results: dict[str, list[Sample]] = {"briefgen": [], "typst": []}
    from briefgen.cache import cache_dir

    items_cache = cache_dir("items")  # where a pack keeps the item PDFs it built
    for _ in range(rounds):
        shutil.rmtree(out, ignore_errors=True)
        if items_cache:
            shutil.rmtree(items_cache, ignore_errors=True)  # every item built, as Typst compiles every brief
        results["briefgen"].append(run([*BRIEFGEN, "pack", str(manifest), "--out", str(out / "pack.pdf"),
                                        "--jobs", "2"]))  # two processes, as Typst's two
        if with_typst:
            halves = [[str(b) for b in briefs[i::2]] for i in range(2)]
            results["typst"].append(run_pair([[PEER_PY, str(ROOT / "bench/peers/typst_many.py"), str(FONTS), str(folder),
                                               *half] for half in halves]))
    return {name: median(samples) for name, samples in results.items() if samples}


def tagging_cost(briefs: dict[str, Path], rounds: int) -> list[tuple[str, Sample, Sample, int, int]]:
    """Tagged (the default, PDF/UA-1 + PDF/A-2u) against ``--pdf-standard none``: time and file size."""
    rows = []
    for name in ("small", "8p", "100p"):
        outputs = {"tagged": WORK / "tagged", "untagged": WORK / "untagged"}
        build = lambda label, extra: [*BRIEFGEN, "build", str(briefs[name]), "--format", "long-form",  # noqa: E731
                                      "--out", str(outputs[label]), *extra]
        result = paired({"tagged": build("tagged", []), "untagged": build("untagged", ["--pdf-standard", "none"])},
                        rounds)
        sizes = [(outputs[label] / f"bench-{name}-long-form.pdf").stat().st_size for label in ("tagged", "untagged")]
        rows.append((name, result["tagged"], result["untagged"], *sizes))
        print("tagging", name, result, sizes, flush=True)
    return rows


def machine() -> str:
    """CPU model, cores, memory and Python, for the report."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{model}, {os.cpu_count()} cores, {memory} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def versions() -> str:
    """Versions of the tools compared."""
    code = "import importlib.metadata as m; print(', '.join(f'{p} {m.version(p)}' for p in ['typst', 'weasyprint']))"
    peers = subprocess.run([PEER_PY, "-c", code], capture_output=True, text=True).stdout.strip()
    import importlib.metadata as meta

    ours = ", ".join(f"{p} {meta.version(p)}" for p in ["briefgen", "reportlab", "pypdf"])
    return f"{ours}; peers: {peers}"


def profile_100p(brief: Path) -> tuple[str, dict[str, float]]:
    """Top of a cProfile of one 100-page build, to explain where time goes, and its own time by area."""
    import cProfile
    import io
    import pstats

    profile_file = WORK / "100p.prof"
    subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "cProfile", "-o", str(profile_file), "-m", "briefgen",
                    "build", str(brief), "--format", "long-form", "--out", str(WORK / "out")],
                   check=True, capture_output=True)
    stream = io.StringIO()
    stats = pstats.Stats(str(profile_file), stream=stream)
    stats.sort_stats("tottime").print_stats(12)
    del cProfile
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    return "\n".join(lines[start:start + 13]), issue25.areas(profile_file)


def plot(series: dict[str, list[tuple[int, float]]], path: Path) -> None:
    """A log-log PNG of seconds against pages, one line per tool, drawn with Pillow (a ReportLab dependency)."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    width, height, pad = 900, 540, 80
    font = ImageFont.truetype(str(FONTS / "NotoSans-Regular.ttf"), 17)
    points = [p for values in series.values() for p in values]
    x_low, x_high = math.log10(min(p[0] for p in points) * 0.8), math.log10(max(p[0] for p in points) * 1.25)
    y_low, y_high = math.log10(min(p[1] for p in points) * 0.7), math.log10(max(p[1] for p in points) * 1.4)
    sx = lambda v: pad + (math.log10(v) - x_low) / (x_high - x_low) * (width - 2 * pad)  # noqa: E731
    sy = lambda v: height - pad - (math.log10(v) - y_low) / (y_high - y_low) * (height - 2 * pad)  # noqa: E731
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(pad, pad), (pad, height - pad), (width - pad, height - pad)], fill="#555555", width=2)
    for tick in (0.1, 0.3, 1, 3, 10, 30):
        if y_low <= math.log10(tick) <= y_high:
            draw.line([(pad - 6, sy(tick)), (width - pad, sy(tick))], fill="#e3e6ea")
            draw.text((pad - 12, sy(tick)), f"{tick:g} s", font=font, fill="#555555", anchor="rm")
    for tick in (5, 10, 20, 50, 100, 200, 500):
        if x_low <= math.log10(tick) <= x_high:
            draw.text((sx(tick), height - pad + 14), str(tick), font=font, fill="#555555", anchor="mt")
    draw.text((width / 2, height - 24), "pages (log scale); whole-process seconds (log scale)", font=font,
              fill="#333333", anchor="mm")
    styles = {"briefgen": ("#1d3557", "o"), "typst": ("#2a9d8f", "s"), "weasyprint": ("#b5451b", "^")}
    for index, (name, values) in enumerate(series.items()):
        colour, _ = styles[name]
        values = sorted(values)
        draw.line([(sx(x), sy(y)) for x, y in values], fill=colour, width=3)
        for x, y in values:
            draw.ellipse([sx(x) - 5, sy(y) - 5, sx(x) + 5, sy(y) + 5], fill=colour)
            draw.text((sx(x) + 8, sy(y) - 8), f"{y:.2f} s", font=font, fill=colour, anchor="lb")
        draw.text((pad + 20, pad + 24 * index), f"{name}", font=font, fill=colour, anchor="lm")
    image.save(path, optimize=True)


def verdict(ok: bool) -> str:
    """Met or not, in words (colour never carries meaning alone)."""
    return "met" if ok else "**not met**"


def main() -> None:
    """Run every benchmark and write docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, no 500-page or 200-brief scaling runs")
    args = parser.parse_args()
    ensure_peers()
    # A user's briefgen runs from bytecode; with PYTHONDONTWRITEBYTECODE set (as in many CI
    # images) an editable install would compile its modules at every start (~50 ms).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "briefgen")], check=True)
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "out").mkdir(parents=True)
    rounds = {"small": 3, "8p": 3, "100p": 2} if args.quick else {"small": 7, "8p": 5, "100p": 3}
    briefs = {name: write_brief(f"bench-{name}", **SIZES[name]) for name in SIZES}
    rows, series = [], {"briefgen": [], "typst": [], "weasyprint": []}
    for name in ("small", "8p", "100p"):
        result = paired(commands(briefs[name]), rounds[name])
        counts = {"briefgen": pages(WORK / "out" / f"bench-{name}-long-form.pdf"),
                  "typst": pages(WORK / f"bench-{name}-typst.pdf"), "weasyprint": pages(WORK / f"bench-{name}-weasy.pdf")}
        rows.append((name, result, counts))
        for tool in series:
            series[tool].append((counts[tool], result[tool].seconds))
        print(name, {k: f"{v.seconds:.2f}s {v.peak_mib:.0f}MiB {counts[k]}p" for k, v in result.items()}, flush=True)
    fits = write_fitting_brief()
    one_page = {"briefgen": [*BRIEFGEN, "build", str(fits), "--format", "one-page", "--out", str(WORK / "out")],
                "typst": commands(fits)["typst"], "weasyprint": commands(fits)["weasyprint"]}
    cold = paired(one_page, rounds["small"])
    startup = startup_breakdown(fits, 7)
    fitting = paired({"no fitting": one_page["briefgen"],
                      "fitting": [*BRIEFGEN, "build", str(briefs["8p"]), "--format", "one-page", "--out", str(WORK / "out")]},
                     rounds["small"])
    validate = paired({"briefgen": [*BRIEFGEN, "validate", str(fits)], "typst": commands(fits)["typst"]}, 9)
    print("validate", validate, flush=True)
    tagging = tagging_cost(briefs, rounds["8p"])
    watched = {fmt: watch_latency(briefs["8p"], fmt, 5 if args.quick else 9) for fmt in ("one-page", "all")}
    print("watch", watched, flush=True)
    pack50 = pack_benchmark(50, 2 if args.quick else 3, with_typst=True)
    print("pack50", pack50, flush=True)
    scaling = None if args.quick else (
        median([run(commands(briefs["500p"])["briefgen"])]), pages(WORK / "out" / "bench-500p-long-form.pdf"),
        pack_benchmark(200, 1, with_typst=False)["briefgen"])
    profile, profile_areas = profile_100p(briefs["100p"])
    evidence = {"startup": startup, "100p areas": profile_areas,
                "imports MiB": run([str(ROOT / ".venv/bin/python"), "-c", "from briefgen.interface import cli; "
                                    "cli._start_up('build')"]).peak_mib,
                "validate imports": issue25.import_groups(["-m", "briefgen", "validate", str(fits)])}
    warm = issue25.warm_rebuilds(briefs["8p"], WORK, 5 if args.quick else 15)
    print("warm", warm, flush=True)
    five = issue25.five(cold, by_size(rows, "100p"), pack50, validate, warm, evidence)
    report = render_report(rows, cold, fitting, validate, pack50, scaling, profile, tagging, watched, startup, five)
    (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
    plot(series, ROOT / "docs" / "img" / "bench-time.png")
    target = ROOT / "docs" / "benchmarks.md"
    kept = ""  # the section bench/scripts_cost.py writes (and the notes after it) stays as it was
    if target.exists() and SCRIPTS_SECTION in (old := target.read_text(encoding="utf-8")):
        kept = "\n" + old[old.index(SCRIPTS_SECTION):]
    target.write_text(report + kept, encoding="utf-8")
    print("wrote docs/benchmarks.md and docs/img/bench-time.png")


def by_size(rows, name: str) -> dict[str, Sample]:
    """The paired samples of one size of brief."""
    return next(result for size, result, _ in rows if size == name)


def render_report(rows, cold, fitting, validate, pack50, scaling, profile: str, tagging, watched, startup,
                  five) -> str:
    """The markdown report: machine, method, results, targets, scaling, plot and profile."""
    by_name = {name: (result, counts) for name, result, counts in rows}
    r8, c8 = by_name["8p"]
    r100, c100 = by_name["100p"]
    marginal = (r100["briefgen"].seconds - r8["briefgen"].seconds) / max(c100["briefgen"] - c8["briefgen"], 1)
    lines = [
        "# Benchmarks", "",
        f"Measured {dt.date.today().isoformat()} with `make bench` (`bench/run.py`) on: {machine()}.",
        f"Versions: {versions()}.", "",
        "Method: every figure is a whole process (interpreter start, imports, rendering, writing the PDF), "
        "the median of several runs with the tools alternating, and peak RSS from `wait4`. All tools read the same "
        "generated YAML (`tests/dense.py`) and use the same Noto fonts; the peers' templates are "
        "`bench/peers/brief.typ` (Typst reads the YAML natively) and `bench/peers/brief.html.j2` (Jinja2 → HTML → "
        "WeasyPrint). briefgen builds its long-form edition (cover, contents, bookmarks, drawn timeline and "
        "likelihood scales, page X of Y), so its page counts run higher for the same text. Ratios are within this run.",
        "", "## Time and memory by size", "",
        "| brief | pages (briefgen / Typst / WeasyPrint) | briefgen | Typst | WeasyPrint | briefgen ÷ Typst | peak MiB (b / T / W) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, result, counts in rows:
        b, t, w = result["briefgen"], result["typst"], result["weasyprint"]
        lines.append(f"| {name} | {counts['briefgen']} / {counts['typst']} / {counts['weasyprint']} | {b.seconds:.2f} s | "
                     f"{t.seconds:.2f} s | {w.seconds:.2f} s | {b.seconds / t.seconds:.2f}× | "
                     f"{b.peak_mib:.0f} / {t.peak_mib:.0f} / {w.peak_mib:.0f} |")
    targets = [
        ("1-page brief, cold CLI, ÷ WeasyPrint", f"{cold['briefgen'].seconds / cold['weasyprint'].seconds:.2f}×", "≤ 0.25×",
         cold["briefgen"].seconds <= 0.25 * cold["weasyprint"].seconds),
        ("marginal cost per long-form page (8 → 100 pages)", f"{marginal * 1000:.1f} ms", "≤ 9 ms", marginal <= 0.009),
        ("`briefgen validate`, cold", f"{validate['briefgen'].seconds:.2f} s", "≤ 0.15 s",
         validate["briefgen"].seconds <= 0.15),
        ("one-page build that needs fitting ÷ one that does not", f"{fitting['fitting'].seconds / fitting['no fitting'].seconds:.2f}×",
         "≤ 3×", fitting["fitting"].seconds <= 3 * fitting["no fitting"].seconds),
        ("`briefgen watch --format one-page`: a save to the rebuilt one-pager (8-page brief, fitted)",
         f"{watched['one-page'][0]:.2f} s", "< 0.2 s", watched["one-page"][0] < 0.2),
        ("`briefgen watch` (both products): a save to the rebuilt one-pager, written first",
         f"{watched['all'][0]:.2f} s", "< 0.2 s", watched["all"][0] < 0.2),
        ("`briefgen watch` (both products): a save to the rebuilt long form (10 pages), written second",
         f"{watched['all'][1]:.2f} s", "< 0.2 s", watched["all"][1] < 0.2),
    ]
    lines += ["", "## Targets (issue 25)", "",
              "Ratios within this run. The short brief is the one-pager that needs no fitting (Typst compiles the "
              "same YAML); the pack's 50 one-page briefs are built from scratch by `briefgen pack --jobs 2` against "
              "Typst compiling them in two processes; the warm rebuild is `bench/warm.py` (the 8-page brief's "
              "fitted one-pager rebuilt after a one-word change, in one process, as `watch` does).", ""]
    lines += issue25.table(five)
    lines += ["", "## Other targets (issues 7 and 15)", "", "| target | measured | bar | verdict |", "|---|---|---|---|"]
    lines += [f"| {name} | {value} | {bar} | {verdict(ok)} |" for name, value, bar, ok in targets]
    total = sum(startup.values())
    lines += ["", "## Where a cold one-page build's time goes", "",
              f"`bench/startup.py`, median of 7 fresh processes each (the one-pager that needs no fitting; the whole "
              f"command took {cold['briefgen'].seconds:.2f} s above, Typst {cold['typst'].seconds:.2f} s). Imports "
              "are timed in the order a build needs them.", "",
              "| part | ms | share |", "|---|---:|---:|"]
    lines += [f"| {name} | {1000 * seconds:.0f} | {100 * seconds / total:.0f} % |" for name, seconds in startup.items()]
    lines += [f"| total | {1000 * total:.0f} | |"]
    lines += ["", "## Cost of tagging (PDF/UA-1 + PDF/A-2u, the default) against `--pdf-standard none`", "",
              "| long form | tagged | untagged | time | file size (tagged / untagged) | size |", "|---|---|---|---|---|---|"]
    for name, tagged, untagged, size_tagged, size_untagged in tagging:
        lines.append(f"| {name} | {tagged.seconds:.2f} s | {untagged.seconds:.2f} s | "
                     f"{100 * (tagged.seconds / untagged.seconds - 1):+.0f} % | {size_tagged // 1024} KiB / "
                     f"{size_untagged // 1024} KiB | {100 * (size_tagged / size_untagged - 1):+.0f} % |")
    lines += ["", "Bar (issue 11): at most +25 % time and +25 % size. Tagging marks content while drawing; "
              "pikepdf then writes the structure tree, metadata and output intent and saves with object streams, "
              "which keeps the struct elements from inflating the file."]
    if scaling:
        long500, pages500, pack200 = scaling
        per_page_100 = r100["briefgen"].seconds / c100["briefgen"]
        lines += ["", "## Scaling", "",
                  f"- 500-page long-form: {long500.seconds:.1f} s for {pages500} pages "
                  f"({1000 * long500.seconds / pages500:.1f} ms a page, against {1000 * per_page_100:.1f} ms a page at "
                  f"{c100['briefgen']} pages), peak {long500.peak_mib:.0f} MiB (against {r100['briefgen'].peak_mib:.0f} MiB).",
                  f"- 200-brief pack: {pack200.seconds:.1f} s ({1000 * pack200.seconds / 200:.0f} ms a brief, against "
                  f"{1000 * pack50['briefgen'].seconds / 50:.0f} ms a brief for 50), peak {pack200.peak_mib:.0f} MiB "
                  f"(against {pack50['briefgen'].peak_mib:.0f} MiB for 50)."]
    lines += ["", "## Time against pages", "", "![seconds against pages, log-log](img/bench-time.png)", "",
              "## Where the time goes (cProfile of the 100-page build, by own time)", "", "```", profile, "```", "",
              "See the notes below the generated part for what has been done about it and what remains.", ""]
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8")]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
