"""Typst peer for packs: compile every brief given, in one process (one worker of a pool)."""
import sys
from pathlib import Path

import typst

fonts, out_dir, *briefs = sys.argv[1:]
template = Path(__file__).with_name("brief.typ")
for brief in briefs:
    out = Path(out_dir) / (Path(brief).stem + "-typst.pdf")
    typst.compile(str(template), output=str(out), root="/", font_paths=[fonts], ignore_system_fonts=True,
                  sys_inputs={"brief": str(Path(brief).resolve())})
