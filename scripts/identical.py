"""Byte-identity check for refactors: build everything with the code fingerprint pinned, list SHA-256s.

    python scripts/identical.py OUT_DIR [--code TREE] [--brief FILE ...]

Builds every brief under content/ and tests/fixtures/ in both products, on A4 and Letter, with
both PDF standards; every pack (content/packs, tests/fixtures/packs) on both papers and
standards; and one in-process API sequence (load, render both products, render a pack). Each
run uses a fresh cache folder, so no item is reused from an earlier run (the fetched script fonts
are still found: ``$BRIEFGEN_FONTS`` names their folder as this user has it). The code fingerprint
that every PDF records is pinned to a constant, so PDFs from two trees of code compare byte for
byte. Writes OUT_DIR/SHA256SUMS; compare two runs with ``diff``.

``--code TREE`` runs the briefgen package of another checkout (e.g. a ``git worktree`` of the
commit before a refactor) against this folder's content.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PINNED = "0" * 64
ROOT = Path(__file__).resolve().parent.parent

# Runs inside the child process: pin the fingerprint wherever this tree of code defines it.
_BOOT = """
import importlib, os, sys
if os.environ.get("IDENTICAL_CODE"):  # another checkout's package, ahead of the editable install
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")
                        and "editable" not in getattr(f, "__name__", "")]
    sys.path.insert(0, os.environ["IDENTICAL_CODE"])
for name in ("briefgen.products.provenance", "briefgen.build"):
    try:
        module = importlib.import_module(name)
    except ImportError:
        continue
    if hasattr(module, "code_fingerprint"):
        module.code_fingerprint = lambda: {pinned!r}
        break
else:
    print("no code_fingerprint found", file=sys.stderr); raise SystemExit(3)
assert sys.argv[1] in ("cli", "api")
if sys.argv[1] == "cli":
    try:
        from briefgen.interface.cli import main
    except ImportError:
        from briefgen.cli import main
    raise SystemExit(main(sys.argv[2:]))
import briefgen
out = sys.argv[2]
brief = briefgen.load("content/dprk-japan-overture.yaml")
for product in ("one-page", "long-form"):
    for paper in ("a4", "letter"):
        open(f"{{out}}/api-{{product}}-{{paper}}.pdf", "wb").write(briefgen.render(brief, product, paper=paper).pdf)
mapping = {{"id": "api-mapping", "title": "A brief from a mapping", "date": "2024-03-01",
           "summary": "Built in memory by a script.", "background": ["One paragraph."],
           "outlook": {{"summary": "More of the same."}}, "sources": []}}
try:
    rendered = briefgen.render(briefgen.load(mapping), "one-page")
    open(f"{{out}}/api-mapping.pdf", "wb").write(rendered.pdf)
except briefgen.BriefgenError as exc:
    open(f"{{out}}/api-mapping.err", "w").write(str(exc))
open(f"{{out}}/api-pack.pdf", "wb").write(briefgen.render_pack("content/packs/korea-desk.yaml").pdf)
"""


def _fonts() -> dict[str, str]:
    """``BRIEFGEN_FONTS`` as this user's fetched fonts folder: a run's fresh cache folder must not hide it."""
    from briefgen.layouts.fetched import fonts_folder

    folder = fonts_folder()
    return {"BRIEFGEN_FONTS": str(folder)} if folder is not None else {}


def _run(code: Path | None, args: list[str], cache: str) -> None:
    env = dict(os.environ, **_fonts(), BRIEFGEN_CACHE=cache, SOURCE_DATE_EPOCH="1700000000")
    if code is not None:
        env["IDENTICAL_CODE"] = str(code)
    command = [sys.executable, "-c", _BOOT.format(pinned=PINNED), *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")


def main() -> int:
    """Build everything into OUT_DIR with the fingerprint pinned and write OUT_DIR/SHA256SUMS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--code", type=Path, help="a checkout whose briefgen package to run")
    parser.add_argument("--brief", action="append", default=[], type=Path, metavar="FILE",
                        help="another brief to build too (e.g. bench's 100-page one; repeatable)")
    options = parser.parse_args()
    out = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    briefs = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("content/*.yaml"),
                                                       *ROOT.glob("tests/fixtures/*.yaml")])
    briefs += [str(path.resolve()) for path in options.brief]
    packs = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("content/packs/*.yaml"),
                                                      *ROOT.glob("tests/fixtures/packs/*.yaml")])
    for paper in ("a4", "letter"):
        for standard in ("ua1-a2u", "none"):
            folder = out / f"{paper}-{standard}"
            with tempfile.TemporaryDirectory() as cache:
                _run(options.code, ["cli", "build", *briefs, "--out", str(folder), "--paper", paper,
                                    "--pdf-standard", standard, "--quiet", "--jobs", "2"], cache)
                for pack in packs:
                    target = folder / f"pack-{Path(pack).stem}.pdf"
                    _run(options.code, ["cli", "pack", pack, "--out", str(target), "--paper", paper,
                                        "--pdf-standard", standard, "--quiet"], cache)
    (out / "api").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as cache:
        _run(options.code, ["api", str(out / "api")], cache)
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(out)}"
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != "SHA256SUMS"]
    (out / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    print(f"{len(sums)} files in {out / 'SHA256SUMS'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
