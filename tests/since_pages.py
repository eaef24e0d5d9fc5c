"""Reading a change-tracked edition back: the change bars drawn on its pages and where text stands.

Bars are found as filled paths in the layout's change colour (pypdfium2 gives their page
boxes whatever transforms drew them); text by searching the page's text.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

CHANGE_RGB = (0xB8, 0x47, 0x0B)  # base layout.yaml colors.change


@dataclass(frozen=True)
class Box:
    """A box on a page, PDF points from the bottom left."""

    left: float
    bottom: float
    right: float
    top: float

    def overlaps_rows(self, other: Box) -> bool:
        """Whether the two boxes share any height."""
        return self.bottom < other.top and other.bottom < self.top


def bars(pdf: Path | bytes) -> dict[int, list[Box]]:
    """Every change bar, by 1-based page."""
    document = pdfium.PdfDocument(pdf)
    found: dict[int, list[Box]] = {}
    for number, page in enumerate(document, start=1):
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
            if (r.value, g.value, b.value) == CHANGE_RGB:
                found.setdefault(number, []).append(Box(*obj.get_bounds()))
    return found


def text_box(pdf: Path | bytes, first: str, last: str, after_page: int = 0) -> tuple[int, Box]:
    """The page and the height a passage takes: from the line where ``first`` stands to the one where ``last`` does
    (on the first page after ``after_page`` that has both)."""
    document = pdfium.PdfDocument(pdf)
    for number, page in enumerate(document, start=1):
        if number <= after_page:
            continue
        text = page.get_textpage()
        starts, ends = text.search(first).get_next(), text.search(last).get_next()
        if starts and ends:
            top = max(text.get_charbox(i)[3] for i in range(starts[0], starts[0] + starts[1]))
            bottom = min(text.get_charbox(i)[1] for i in range(ends[0], ends[0] + ends[1]))
            left = min(text.get_charbox(i)[0] for i in range(starts[0], starts[0] + starts[1]))
            right = max(text.get_charbox(i)[2] for i in range(ends[0], ends[0] + ends[1]))
            return number, Box(left, bottom, right, top)
    raise AssertionError(f"{first!r}…{last!r} not found on any page")


def bars_outside_artifacts(pdf: Path | bytes) -> int:
    """How many rectangles are filled in the change colour outside ``/Artifact`` marked content."""
    colour = " ".join(f"{c / 255:g}" for c in CHANGE_RGB)
    outside = 0
    with pikepdf.open(pdf if isinstance(pdf, Path) else __import__("io").BytesIO(pdf)) as document:
        for page in document.pages:
            stack: list[str] = []
            fill = ""
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    stack.append(str(operands[0]))
                elif op == "EMC" and stack:
                    stack.pop()
                elif op == "rg":
                    fill = " ".join(f"{float(x):g}" for x in operands)
                elif op == "re" and _same(fill, colour) and "/Artifact" not in stack:
                    outside += 1
    return outside


def _same(a: str, b: str) -> bool:
    numbers = [float(x) for x in re.findall(r"[\d.]+", a)], [float(x) for x in re.findall(r"[\d.]+", b)]
    return len(numbers[0]) == 3 and all(abs(x - y) < 0.003 for x, y in zip(*numbers, strict=True))
