"""Pages as pictures: a PDF held in memory drawn with pypdfium2, and where a text sits on a page.

PDFium is not safe to call from two threads at once, and the preview's server answers
requests on several: every call into it here holds :data:`PDFIUM`.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

# briefgen.startup puts a stand-in for PIL.Image in sys.modules, which imports Pillow on first use;
# pypdfium2 reads the module as an attribute of PIL, which only the real import sets: use it now.
Image.init()

log = logging.getLogger(__name__)

PDFIUM = threading.Lock()
WIDTHS = (200, 2400)  # the narrowest and widest page picture the browser may ask for, in pixels


@dataclass(frozen=True)
class Found:
    """Where a text was found: its page (from 0) and its box as fractions of the page, from the top left:
    left, top, width, height."""

    page: int
    box: tuple[float, float, float, float]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            return [document.get_page_size(index) for index in range(len(document))]
        finally:
            document.close()


def picture(pdf: bytes, index: int, width: int) -> bytes:
    """Page ``index`` (from 0) as a JPEG ``width`` pixels wide (kept within :data:`WIDTHS`).

    JPEG at quality 95 without chroma subsampling: text and hairlines look as in a lossless
    picture at any zoom the page offers, and a one-pager 900 pixels wide encodes in 15–40 ms
    where PNG took 140–190 ms even at its fastest level (zlib level 1), for files of the same
    size (330–430 KB). That was the largest part of the time from a save to the new picture.
    """
    width = max(WIDTHS[0], min(WIDTHS[1], width))
    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[index]
            image = page.render(scale=width / page.get_width(), may_draw_forms=False).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, subsampling=0)
    return buffer.getvalue()


def _letters(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text``, case-folded, with the index each came from: a text found
    across a line break, a hyphen added at it or typographic quotation marks is still found."""
    kept = [(char.casefold(), index) for index, char in enumerate(text) if char.isalnum()]
    return "".join(char for char, _ in kept), [index for _, index in kept]


def find_text(pdf: bytes, text: str) -> Found | None:
    """The last place ``text`` is printed in the PDF (a note at the foot of a page), or None."""
    wanted = _letters(text)[0]
    if not wanted:
        return None
    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            for index in reversed(range(len(document))):
                page = document[index]
                textpage = page.get_textpage()
                letters, where = _letters(textpage.get_text_range())
                start = letters.rfind(wanted)
                if start < 0:
                    continue
                chars = where[start:start + len(wanted)]
                boxes = [textpage.get_charbox(char) for char in range(chars[0], chars[-1] + 1)]
                return _fractions(index, boxes, page.get_width(), page.get_height())
        finally:
            document.close()
    return None


def _fractions(index: int, boxes: list[tuple[float, float, float, float]], width: float, height: float) -> Found:
    """The union of character boxes (left, bottom, right, top in points) as fractions of the page."""
    boxes = [box for box in boxes if box[2] > box[0]] or boxes
    left, bottom = min(box[0] for box in boxes), min(box[1] for box in boxes)
    right, top = max(box[2] for box in boxes), max(box[3] for box in boxes)
    return Found(index, (left / width, 1 - top / height, (right - left) / width, (top - bottom) / height))
