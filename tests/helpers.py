"""The shared end-to-end helpers: paths, briefs to start from, YAML writers, the command line, and
reading PDFs back (text, fonts, bookmarks, links). Tests of every stage import them from here."""

from __future__ import annotations

import copy
import io
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from briefgen.interface.cli import main
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "content" / "dprk-japan-overture.yaml"
EXAMPLES = sorted((ROOT / "content").glob("*.yaml"))

MINIMAL: dict[str, Any] = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))


def minimal(**changes: Any) -> dict[str, Any]:
    """A copy of the minimal brief with top-level keys replaced (None removes a key)."""
    data = copy.deepcopy(MINIMAL)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_yaml(folder: Path, data: Any, name: str = "brief.yaml") -> Path:
    """Write data (or raw text) as a YAML file and return its path."""
    path = folder / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit status, stdout, stderr)."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> list[str]:
    """Extracted text of every page."""
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squash(text: str) -> str:
    """Text without whitespace or soft line-end hyphens, for comparing words across line breaks."""
    return re.sub(r"\s+", "", text.replace("-\n", "\n"))


def fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF uses, mapped to whether it is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor) and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def outline_titles(path: Path) -> list[tuple[int, str]]:
    """(depth, title) for every bookmark, depth first."""
    result: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                result.append((depth, item.title))

    walk(PdfReader(path).outline, 0)
    return result


def links(path: Path) -> tuple[list[str], int]:
    """(URIs of external links, number of internal links) over all pages."""
    uris, internal = [], 0
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get_object().get("/URI"):
                uris.append(str(action.get_object()["/URI"]))
            elif annot.get("/Dest") is not None or (action is not None and action.get_object().get("/S") == "/GoTo"):
                internal += 1
    return uris, internal


def drawn_images(pdf: Path | bytes) -> list[tuple[int, int, float, float]]:
    """Every image drawn, in page order: its pixels (the XObject's /Width and /Height) and the size
    it is drawn at in points (from the transformation in force where it is painted)."""
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    found: list[tuple[int, int, float, float]] = []
    for page in reader.pages:
        objects = page.get("/Resources", {}).get("/XObject", {}) or {}
        matrix, saved = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                saved.append(matrix)
            elif operator == b"Q":
                matrix = saved.pop()
            elif operator == b"cm":
                a, b, c, d, e, f = (float(v) for v in operands)
                m = matrix
                matrix = [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                          e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]]
            elif operator == b"Do" and str(operands[0]) in objects:
                image = objects[str(operands[0])].get_object()
                if image.get("/Subtype") == "/Image":
                    found.append((int(image["/Width"]), int(image["/Height"]),
                                  round(math.hypot(matrix[0], matrix[1]), 2), round(math.hypot(matrix[2], matrix[3]), 2)))
    return found


def numbers_in(label: str) -> list[int]:
    """The event numbers a timeline marker's label stands for: ``"3, 5–7"`` → ``[3, 5, 6, 7]``."""
    numbers: list[int] = []
    for part in label.split(", "):
        first, _, last = part.partition("–")
        numbers += range(int(first), int(last or first) + 1)
    return numbers
