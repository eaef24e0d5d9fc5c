"""Typst peer, whole process: python typst_compile.py BRIEF.yaml OUT.pdf FONTS_DIR"""
import sys
from pathlib import Path

import typst

brief, out, fonts = sys.argv[1:4]
template = Path(__file__).with_name("brief.typ")
typst.compile(str(template), output=out, root="/", font_paths=[fonts], ignore_system_fonts=True, sys_inputs={"brief": str(Path(brief).resolve())})
