"""WeasyPrint peer, whole process: python weasy_render.py BRIEF.yaml OUT.pdf FONTS_DIR"""
import sys
from pathlib import Path

import jinja2
import yaml
from weasyprint import HTML

brief, out, fonts = sys.argv[1:4]
env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent)), autoescape=True)
data = yaml.safe_load(Path(brief).read_text(encoding="utf-8"))
html = env.get_template("brief.html.j2").render(b=data, fonts=Path(fonts).resolve().as_uri())
HTML(string=html, base_url=str(Path(brief).parent)).write_pdf(out)
