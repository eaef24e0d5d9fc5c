"""Command line: parse arguments, call the stages, report, and turn typed errors into exit codes.

Exit status: 0 success, 1 a content, layout or output problem, 2 a usage error, 141 when
the reader of standard output went away. Heavy modules (ReportLab) are imported only
by commands that render, so ``validate`` stays fast enough for editors and hooks.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
import threading
import types
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from briefgen import __version__
from briefgen.errors import BriefgenError, ContentError
from briefgen.report import FORMATS as ERROR_FORMATS
from briefgen.report import Message, Reporter
from briefgen.names import DEFAULT_STANDARD, PAPERS, PDF_STANDARDS, PRODUCTS

log = logging.getLogger("briefgen")

BRIEF_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


def _count(text: str) -> int:
    """A ``--jobs`` value: a whole number, 0 or more (0 means one per core)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, got {text!r}")
    return value


def _shard(text: str) -> tuple[int, int]:
    """A ``--shard`` value: ``K/N`` with 1 ≤ K ≤ N."""
    parts = text.split("/")
    try:
        k, n = (int(part) for part in parts) if len(parts) == 2 else (0, 0)
    except ValueError:
        k = n = 0
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"expected K/N with 1 ≤ K ≤ N (e.g. 2/4), got {text!r}")
    return k, n


def _output_options(parser: argparse.ArgumentParser) -> None:
    """What every command that reports accepts."""
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    loudness.add_argument("-v", "--verbose", action="store_true", help="also list every item a one-pager omits")
    parser.add_argument("--error-format", choices=ERROR_FORMATS, default="text",
                        help="text (default); github: annotations for GitHub Actions; json: one object a line")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefgen", description="Printable policy briefs and briefing packs from YAML.")
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="log what each stage does")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build one-page and long-form PDFs from briefs")
    build.add_argument("paths", nargs="+", metavar="PATH", help="briefs (YAML or JSON), folders of briefs, or - for stdin")
    build.add_argument("--format", choices=(*PRODUCTS, "all"), default="all")
    build.add_argument("--out", default="output", metavar="DIR", help="output folder (default: output)")
    build.add_argument("--paper", choices=PAPERS, default=PAPERS[0])
    build.add_argument("--layout", action="append", default=[], metavar="NAME|DIR",
                       help="layout by name or folder; used for the product it declares (repeatable)")
    build.add_argument("--strict", action="store_true", help="fail instead of omitting content to fit one page")
    build.add_argument("--release", metavar="LEVEL", help="build the release edition: only the parts marked at or "
                       "below LEVEL (e.g. UNCLASSIFIED, TLP:GREEN), written beside the full edition")
    build.add_argument("--jobs", "-j", type=_count, default=1, metavar="N", help="build N briefs at once (0: one per core)")
    build.add_argument("--pdf-standard", choices=PDF_STANDARDS, default=DEFAULT_STANDARD,
                       help="ua1-a2u: tagged PDF/UA-1 and archival PDF/A-2u (default); none: untagged")
    build.add_argument("--force", action="store_true",
                       help="replace PDFs even when another source file (same id) made them; with --since, "
                       "build against a previous edition with another id")
    build.add_argument("--skip-unchanged", action="store_true",
                       help="keep PDFs already built from the same content, layout, version, paper and standard")
    build.add_argument("--shard", type=_shard, metavar="K/N", help="build only the K-th of N slices of the inputs")
    build.add_argument("--deps", metavar="FILE", help="write a make rule: outputs, and every file they were built from")
    build.add_argument("--since", metavar="OLD", help="a change-tracked edition against the previous one: a file, "
                       "or a git revision of the same file (HEAD, HEAD~1, a tag); docs/diff.md")
    _output_options(build)

    validate = commands.add_parser("validate", help="check briefs or pack manifests without rendering")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="briefs, manifests, folders, or - for stdin")
    validate.add_argument("--shard", type=_shard, metavar="K/N", help="check only the K-th of N slices of the inputs")
    _output_options(validate)

    pack = commands.add_parser("pack", help="build a briefing pack from a manifest")
    pack.add_argument("manifest", metavar="MANIFEST")
    pack.add_argument("--out", metavar="FILE", help="output file (default: output/<id>.pdf)")
    pack.add_argument("--paper", choices=PAPERS, default=PAPERS[0])
    pack.add_argument("--jobs", "-j", type=_count, default=0, metavar="N", help="render items on N cores (default: all)")
    pack.add_argument("--pdf-standard", choices=PDF_STANDARDS, default=DEFAULT_STANDARD,
                      help="ua1-a2u: tagged PDF/UA-1 and archival PDF/A-2u (default); none: untagged")
    pack.add_argument("--deps", metavar="FILE", help="write a make rule: the pack, and every file it was built from")
    pack.add_argument("--since", metavar="REV", help="build each item against its own file in git revision REV "
                      "and mark new and changed items in the contents")
    _output_options(pack)

    new = commands.add_parser("new", help="write an annotated starter brief into content/")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--dir", default="content", metavar="DIR")
    new.add_argument("--language", default="en", metavar="LANG",
                     help="write the starter's headings, comments and examples in this language (fr, de, es, ko, ja, "
                          "zh, ar, he, fa; default en)")

    schema = commands.add_parser("schema", help="print the JSON Schema of briefs (or of pack manifests)")
    schema.add_argument("--pack", action="store_true")

    fonts = commands.add_parser("fonts", help="fetch the fonts for Korean, Japanese, Chinese, Arabic-script and Hebrew text")
    fonts.add_argument("--offline", action="store_true", help="use only packages already in the download cache")
    fonts.add_argument("--manifest", metavar="FILE", help="a fetch manifest other than the shipped layouts' fonts/fetch.yaml")
    fonts.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    diff = commands.add_parser("diff", help="what changed between two editions of a brief, by meaning")
    diff.add_argument("old", metavar="OLD", help="the earlier edition: a file, or REV:path in git (HEAD~1:content/x.yaml)")
    diff.add_argument("new", metavar="NEW", help="the later edition: a file, or REV:path")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json (docs/diff.md)")
    diff.add_argument("--force", action="store_true", help="compare two briefs with different ids")
    diff.add_argument("--exit-code", action="store_true", help="exit with 1 when there are changes, like git diff")
    diff.add_argument("--error-format", choices=ERROR_FORMATS, default="text", help="how problems in OLD or NEW are printed")

    watch = commands.add_parser("watch", help="rebuild a brief every time it (or its layout) is saved")
    watch.add_argument("path", metavar="PATH")
    watch.add_argument("--out", default="output", metavar="DIR")
    watch.add_argument("--paper", choices=PAPERS, default=PAPERS[0])
    watch.add_argument("--format", choices=(*PRODUCTS, "all"), default="all",
                       help="rebuild one product only: a save then shows in about 0.1 s")

    preview = commands.add_parser("preview", help="show a brief's (or a pack's) pages in the browser, live on every save")
    preview.add_argument("path", metavar="PATH", help="a brief or a pack manifest")
    preview.add_argument("--format", choices=PRODUCTS, default=PRODUCTS[0], help="the product shown first (briefs)")
    preview.add_argument("--paper", choices=PAPERS, default=PAPERS[0], help="the paper shown first")
    preview.add_argument("--port", type=_count, default=0, metavar="N", help="port on 127.0.0.1 (default: any free one)")
    preview.add_argument("--open", action="store_true", help="open the page in the default browser")
    preview.add_argument("-q", "--quiet", action="store_true", help="print nothing but the address and errors")
    return parser


def _layouts_by_product(names: list[str], fmt: str) -> dict[str, str]:
    chosen = {product: product for product in PRODUCTS}
    if not names:
        return chosen
    if fmt != "all" and len(names) == 1:
        return {**chosen, fmt: names[0]}
    from briefgen.layouts.layout import load_layout

    for name in names:
        product = load_layout(name).get("product")
        if product not in PRODUCTS:
            raise BriefgenError(f"layout {name!r} declares product {product!r}; expected one of {', '.join(PRODUCTS)}")
        chosen[product] = name
    return chosen


def expand_inputs(paths: list[str], shard: tuple[int, int] | None = None) -> list[str]:
    """Files as given; a folder as every brief in it (not recursive, packs left out), in name order;
    then, with ``shard`` K/N, the K-th of N deterministic slices."""
    from briefgen.content.load import load_file
    from briefgen.content.validate import is_pack

    expanded: list[str] = []
    for path in paths:
        if path != STDIN and Path(path).is_dir():
            for child in sorted(Path(path).iterdir()):
                if child.is_file() and child.suffix.lower() in BRIEF_SUFFIXES:
                    try:
                        if is_pack(load_file(child).data):
                            continue
                    except ContentError:
                        pass  # reported when it is built
                    expanded.append(str(child))
        else:
            expanded.append(path)
    expanded = list(dict.fromkeys(expanded))
    if shard:
        k, n = shard
        expanded = sorted(expanded)[k - 1::n]
    return expanded


def _stdin_text(paths: list[str]) -> str | None:
    return sys.stdin.read() if STDIN in paths else None


def cmd_build(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen build``: every brief in every requested format."""
    from briefgen.products.jobs import BuildJob, duplicate_ids, run_jobs, stdin_problem, unchanged

    formats = PRODUCTS if args.format == "all" else (args.format,)
    layouts = _layouts_by_product(args.layout, args.format)
    paths = expand_inputs(args.paths, args.shard)
    text = _stdin_text(paths)
    clashes = duplicate_ids(paths, text)
    if text is not None and (problem := stdin_problem(text)) is not None:
        clashes.append(problem)
    if clashes:
        reporter.emit(clashes + [Message("error", "briefgen: nothing was written")])
        return 1
    chosen = tuple((fmt, layouts[fmt]) for fmt in formats)
    if args.since and len(paths) > 1 and Path(args.since).is_file():
        reporter.emit([Message("error", f"briefgen: --since {args.since}: one previous edition for {len(paths)} "
                               "briefs; name a git revision (each brief against its own file in it) or build one brief")])
        return 1
    jobs = [BuildJob(path, chosen, args.paper, args.out, args.strict, args.force, args.pdf_standard,
                     text if path == STDIN else None, args.since, args.release) for path in paths]
    kept = [unchanged(job) if args.skip_unchanged else None for job in jobs]
    results = run_jobs([job for job, result in zip(jobs, kept, strict=True) if result is None], args.jobs)
    for result in results:
        reporter.emit(result.messages)
    if args.deps:
        ok = [r for r in results if r.ok] + [r for r in kept if r is not None]
        _write_build_deps(args.deps, ok, [layouts[fmt] for fmt in formats])
    return 1 if any(not result.ok for result in results) else 0


def _write_build_deps(target: str, results: list, layout_names: list[str]) -> None:
    from briefgen.products.deps import layout_files, rule, write_deps

    shared = layout_files(layout_names)
    rules = [rule(result.outputs.values(), [result.job.path, *result.inputs, *shared]) for result in results
             if result.job.path != STDIN]
    write_deps(target, rules)


def cmd_validate(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen validate``: load and validate each file; briefs and manifests alike."""
    from briefgen.content.load import load_file, load_text
    from briefgen.content.validate import is_pack, validate_brief

    failed = False
    paths = expand_inputs(args.paths, args.shard)
    text = _stdin_text(paths)
    for path in paths:
        try:
            loaded = load_text("<stdin>", text or "") if path == STDIN else load_file(path)
            if is_pack(loaded.data):
                from briefgen.products.pack import check_pack  # a manifest: its items and markings are checked too

                items = check_pack(loaded)[1]
                reporter.emit([valid_message(loaded.path, f"pack manifest ({len(items)} item"
                                             f"{'s' if len(items) != 1 else ''})", 0)])
            else:
                from briefgen.layouts.layout import load_layout
                from briefgen.layouts.marking_checks import marking_check

                warnings = validate_brief(loaded, [marking_check(load_layout(PRODUCTS[0]))]).warnings
                reporter.emit([Message.of(w) for w in warnings] + [valid_message(loaded.path, "brief", len(warnings))])
        except ContentError as exc:
            reporter.emit([Message.of(problem) for problem in exc.problems])
            failed = True
    return 1 if failed else 0


def valid_message(path: str, what: str, warnings: int) -> Message:
    """The line ``validate`` prints for a file it found valid: ``content/x.yaml: valid brief (1 warning)``."""
    note = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    return Message("result", f"{path}: valid {what}{note}", None, {"file": path, "valid": True, "warnings": warnings})


def cmd_pack(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen pack``: build one briefing pack."""
    from briefgen.products.pack import build_pack

    report = build_pack(args.manifest, args.out, args.paper, args.jobs or None, args.pdf_standard, args.since)
    reporter.emit(report.messages)
    reporter.emit([Message("result", f"{args.manifest}: wrote {report.output} ({report.pages} pages)", None,
                           {"file": args.manifest, "outputs": {"pack": str(report.output)}, "pages": report.pages})])
    if args.deps:
        from briefgen.products.deps import layout_files, rule, write_deps

        from briefgen.products.jobs import figure_files

        briefs: list[str | Path] = [item.brief.loaded.path for item in report.items]
        briefs += [path for item in report.items for path in figure_files(item.brief)]
        layouts = layout_files(["pack", *dict.fromkeys(item.fmt for item in report.items)])
        write_deps(args.deps, [rule([report.output], [args.manifest, *briefs, *layouts])])
    return 0


def cmd_new(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen new``: write a starter brief; never overwrites a file."""
    from briefgen.interface.starter import write_starter

    starter = write_starter(args.name, Path(args.dir), language=args.language)
    if starter.note:
        print(f"briefgen: {starter.note}", file=sys.stderr)
    print(starter.path)
    return 0


def cmd_schema(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen schema``: print the JSON Schema."""
    from briefgen.content.schema import schema_text

    print(schema_text(pack=args.pack))
    return 0


def cmd_fonts(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen fonts``: fetch the script fonts into the per-user fonts folder."""
    from briefgen.interface.fonts import fetch_fonts, summary
    from briefgen.layouts.fetched import MANIFEST

    fetched = fetch_fonts(Path(args.manifest) if args.manifest else MANIFEST, args.offline, args.quiet)
    if not args.quiet:
        print(summary(fetched))
    return 0


def cmd_diff(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen diff``: the changes from one edition of a brief to another, as text or JSON."""
    from briefgen.content.diff import compare
    from briefgen.content.diff_words import as_json, report
    from briefgen.content.revisions import EditionsError, load_editions

    try:
        old, new = load_editions(args.old, args.new, args.force)
    except EditionsError as exc:
        reporter.emit([Message("error", f"previous edition: {p}", p, {"edition": "previous"}) for p in exc.previous])
        reporter.emit([Message.of(problem) for problem in exc.current])
        return 1
    changes = compare(old, new)
    if args.format == "json":
        import json

        print(json.dumps(as_json(changes), ensure_ascii=False, indent=2))
    else:
        print(report(changes), end="")
    return 1 if args.exit_code and changes else 0


def cmd_watch(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen watch``: rebuild on save until interrupted."""
    from briefgen.interface.watch import watch

    return watch(args.path, args.out, args.paper, PRODUCTS if args.format == "all" else (args.format,))


def cmd_preview(args: argparse.Namespace, reporter: Reporter) -> int:
    """``briefgen preview``: serve the pages on 127.0.0.1 and rebuild on save until interrupted."""
    problem = f"{args.path}: no such file" if not Path(args.path).is_file() else \
        f"--port: expected at most 65535, got {args.port}" if args.port > 65535 else None
    if problem:
        print(f"briefgen preview: error: {problem}", file=sys.stderr)
        return 2
    from briefgen.interface.preview.run import preview

    return preview(args.path, args.paper, args.format, args.port, args.open, args.quiet)


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "pack": cmd_pack, "new": cmd_new,
            "schema": cmd_schema, "watch": cmd_watch, "preview": cmd_preview, "fonts": cmd_fonts, "diff": cmd_diff}


def _without_pydantic_plugins() -> None:
    """pydantic looks plugins up in package metadata on first use; the command uses none.

    ``PYDANTIC_DISABLE_PLUGINS=__all__`` turns the lookup off, but pydantic's loader still
    imports ``importlib.metadata`` (25–30 ms a cold start); a loader that finds none stands
    in for it, unless the caller asked for plugins.
    """
    if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") == "__all__":
        loader = types.ModuleType("pydantic.plugin._loader", "No pydantic plugins: briefgen's command uses none.")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules.setdefault("pydantic.plugin._loader", loader)


# The stages each command runs, imported up front by :func:`_start_up`.
_STAGES = {"build": ("briefgen.products.jobs", "briefgen.products.build", "briefgen.products.write"),
           "pack": ("briefgen.products.pack", "briefgen.products.build"), "watch": ("briefgen.interface.watch", "briefgen.products.build"),
           "preview": ("briefgen.interface.preview.run", "briefgen.products.build"),
           "validate": ("briefgen.content.validate",), "diff": ("briefgen.content.diff",)}
_RENDERS = ("build", "pack", "watch", "preview")  # the commands that lay out text, and so need ReportLab's patches
_started = False


def _start_up(command: str) -> None:
    """Import the stages ``command`` runs with the cycle collector paused, then freeze what they made.

    Modules, classes and compiled patterns live as long as the process; collecting them again and
    again cost 60–90 ms of a one-page build and 0.8 s of a 500-page one. Frozen, the collector
    only looks at what the build itself makes. Once per process (tests call :func:`main` often).
    """
    global _started
    if _started:
        return
    _started = True
    gc.disable()
    try:
        for name in _STAGES.get(command, ()):
            importlib.import_module(name)
        if command in _RENDERS:
            importlib.import_module("briefgen.text.rl").install()
    finally:
        gc.freeze()
        gc.enable()


def run() -> NoReturn:
    """The ``briefgen`` command (console script and ``python -m briefgen``): :func:`main`, then :func:`leave`."""
    try:
        code = main()
    except SystemExit as exc:  # argparse's --help, --version and usage errors; it has printed its message
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    leave(code)


def leave(code: int) -> NoReturn:
    """End the process once everything is written, without tearing the interpreter down.

    By the time :func:`main` returns, every PDF and cache file is written and closed and every
    worker process joined; what the interpreter would still do is free each module, font and
    object one by one (≈ 70 ms after a one-page build, ≈ 12 ms after ``validate``). Standard
    output and error are flushed and logging shut down first. Anything still running (a thread,
    a child process) gets the ordinary exit, which waits for it, and so does a run under a
    profiler, tracer or coverage tool, which write their results at exit.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: as main() does, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = code or 141
    sys.stderr.flush()
    logging.shutdown()
    if _still_running() or _observed():
        sys.exit(code)
    os._exit(code)


def _still_running() -> bool:
    """A thread or child process that the ordinary exit would wait for."""
    multiprocessing = sys.modules.get("multiprocessing")
    return threading.active_count() > 1 or bool(multiprocessing is not None and multiprocessing.active_children())


def _observed() -> bool:
    """A profiler, tracer or coverage tool (``sys.monitoring`` from Python 3.12) that saves at exit."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    return monitoring is not None and any(monitoring.get_tool(tool) for tool in range(6))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``briefgen`` command (in process; the command itself runs :func:`run`)."""
    _without_pydantic_plugins()
    args = _parser().parse_args(argv)
    _start_up(args.command)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="briefgen: %(message)s")
    reporter = Reporter(getattr(args, "error_format", "text"), getattr(args, "quiet", False),
                        getattr(args, "verbose", False))
    try:
        return COMMANDS[args.command](args, reporter)
    except ContentError as exc:
        reporter.emit([Message.of(problem) for problem in exc.problems])
        return 1
    except BriefgenError as exc:
        reporter.emit([*getattr(exc, "messages", []), Message("error", f"briefgen: {exc}")])
        return 1
    except BrokenPipeError:
        # The reader went away (`briefgen schema | head -1`): not an error of ours. Exit quietly as
        # other Unix tools do, and keep Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("briefgen: interrupted; no output was replaced", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, never a traceback
        log.debug("internal error", exc_info=True)
        print(f"briefgen: internal error ({type(exc).__name__}: {exc}); nothing was replaced. "
              "Run with --debug for details and please report it.", file=sys.stderr)
        return 1
