"""Command line: parse arguments, call the stages, turn typed errors into exit codes.

Exit status: 0 success, 1 a content, layout or output problem, 2 a usage error.
Heavy modules (ReportLab) are imported only by commands that render, so ``validate``
stays fast enough for editors and pre-commit hooks.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from briefgen import __version__
from briefgen.errors import BriefgenError, ContentError

log = logging.getLogger("briefgen")

FORMATS = ("one-page", "long-form")
STANDARDS = ("ua1-a2u", "none")  # kept in step with briefgen.build.STANDARDS (cli must not import ReportLab)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefgen", description="Printable policy briefs and briefing packs from YAML.")
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say what each stage does")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build one-page and long-form PDFs from briefs")
    build.add_argument("paths", nargs="+", metavar="PATH", help="brief YAML files")
    build.add_argument("--format", choices=(*FORMATS, "all"), default="all")
    build.add_argument("--out", default="output", metavar="DIR", help="output folder (default: output)")
    build.add_argument("--paper", choices=("a4", "letter"), default="a4")
    build.add_argument("--layout", action="append", default=[], metavar="NAME|DIR",
                       help="layout by name or folder; used for the product it declares (repeatable)")
    build.add_argument("--strict", action="store_true", help="fail instead of omitting content to fit one page")
    build.add_argument("--jobs", "-j", type=_count, default=1, metavar="N", help="build N briefs at once")
    build.add_argument("--pdf-standard", choices=STANDARDS, default=STANDARDS[0],
                       help="ua1-a2u: tagged PDF/UA-1 and archival PDF/A-2u (default); none: untagged")
    build.add_argument("--force", action="store_true",
                       help="replace PDFs even when another source file (same id) made them")

    validate = commands.add_parser("validate", help="check briefs or pack manifests without rendering")
    validate.add_argument("paths", nargs="+", metavar="PATH")

    pack = commands.add_parser("pack", help="build a briefing pack from a manifest")
    pack.add_argument("manifest", metavar="MANIFEST")
    pack.add_argument("--out", metavar="FILE", help="output file (default: output/<id>.pdf)")
    pack.add_argument("--paper", choices=("a4", "letter"), default="a4")
    pack.add_argument("--jobs", "-j", type=_count, default=0, metavar="N", help="render items on N cores (default: all)")
    pack.add_argument("--pdf-standard", choices=STANDARDS, default=STANDARDS[0],
                      help="ua1-a2u: tagged PDF/UA-1 and archival PDF/A-2u (default); none: untagged")

    new = commands.add_parser("new", help="write an annotated starter brief into content/")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--dir", default="content", metavar="DIR")

    schema = commands.add_parser("schema", help="print the JSON Schema of briefs (or of pack manifests)")
    schema.add_argument("--pack", action="store_true")

    watch = commands.add_parser("watch", help="rebuild a brief every time it (or its layout) is saved")
    watch.add_argument("path", metavar="PATH")
    watch.add_argument("--out", default="output", metavar="DIR")
    watch.add_argument("--paper", choices=("a4", "letter"), default="a4")
    return parser


def _count(text: str) -> int:
    """A ``--jobs`` value: a whole number, 0 or more (0 means one per core)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, got {text!r}")
    return value


def _layouts_by_product(names: list[str], fmt: str) -> dict[str, str]:
    chosen = {product: product for product in FORMATS}
    if not names:
        return chosen
    if fmt != "all" and len(names) == 1:
        return {**chosen, fmt: names[0]}
    from briefgen.layout import load_layout

    for name in names:
        product = load_layout(name).get("product")
        if product not in FORMATS:
            raise BriefgenError(f"layout {name!r} declares product {product!r}; expected one of {', '.join(FORMATS)}")
        chosen[product] = name
    return chosen


def cmd_build(args: argparse.Namespace) -> int:
    """``briefgen build``: every brief in every requested format."""
    from briefgen.jobs import BuildJob, duplicate_ids, run_jobs

    formats = FORMATS if args.format == "all" else (args.format,)
    layouts = _layouts_by_product(args.layout, args.format)
    paths = list(dict.fromkeys(args.paths))
    clashes = duplicate_ids(paths)
    if clashes:
        for line in clashes:
            print(line, file=sys.stderr)
        print("briefgen: nothing was written", file=sys.stderr)
        return 1
    chosen = tuple((fmt, layouts[fmt]) for fmt in formats)
    jobs = [BuildJob(path, chosen, args.paper, args.out, args.strict, args.force, args.pdf_standard) for path in paths]
    results = run_jobs(jobs, args.jobs)
    for line in dict.fromkeys(line for result in results for line in result.messages):
        print(line, file=sys.stderr)
    return 1 if any(not result.ok for result in results) else 0


def cmd_validate(args: argparse.Namespace) -> int:
    """``briefgen validate``: load and validate each file; briefs and manifests alike."""
    from briefgen.load import load_file
    from briefgen.validate import is_pack, validate_brief

    failed = False
    for path in args.paths:
        try:
            loaded = load_file(path)
            if is_pack(loaded.data):
                from briefgen.pack import check_pack  # a manifest: its items and markings are checked too

                check_pack(path)
                warnings = []
            else:
                warnings = [str(w) for w in validate_brief(loaded).warnings]
            for warning in warnings:
                print(warning, file=sys.stderr)
        except ContentError as exc:
            print(exc, file=sys.stderr)
            failed = True
    return 1 if failed else 0


def cmd_pack(args: argparse.Namespace) -> int:
    """``briefgen pack``: build one briefing pack."""
    from briefgen.pack import build_pack

    report = build_pack(args.manifest, args.out, args.paper, args.jobs or None, args.pdf_standard)
    for line in report.messages:
        print(line, file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """``briefgen new``: write a starter brief; never overwrites a file."""
    from briefgen.starter import write_starter

    starter = write_starter(args.name, Path(args.dir))
    if starter.note:
        print(f"briefgen: {starter.note}", file=sys.stderr)
    print(starter.path)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """``briefgen schema``: print the JSON Schema."""
    from briefgen.schema import schema_text

    print(schema_text(pack=args.pack))
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """``briefgen watch``: rebuild on save until interrupted."""
    from briefgen.watch import watch

    return watch(args.path, args.out, args.paper)


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "pack": cmd_pack, "new": cmd_new,
            "schema": cmd_schema, "watch": cmd_watch}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``briefgen`` command."""
    # pydantic looks up plugins through package metadata on first use (~30 ms); briefgen uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="briefgen: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    except BriefgenError as exc:
        print(f"briefgen: {exc}", file=sys.stderr)
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
              "Run with -v for details and please report it.", file=sys.stderr)
        return 1
