"""Pack assembly with pypdf: front matter, items, blank pages, overlays, outline, labels.

The pack's page furniture (pack page number, watermark) is drawn once per page into a
single overlay PDF with ReportLab and stamped onto each page; blank pages for duplex
printing carry the pack's marking and say they are blank on purpose.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import NameObject
from reportlab.pdfgen.canvas import Canvas

from briefgen.layout import PAPER_SIZES, length, load_layout
from briefgen.pages import Furniture, PageInfo, canvas_maker
from briefgen.styles import StyleSheet

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Part:
    """One item as the merge sees it: its PDF, its bookmark title, and a blank page before it."""

    pdf: Path
    title: str
    blank_before: bool


def _canvas(buffer: io.BytesIO, paper: str, sheet: StyleSheet, info: PageInfo) -> Canvas:
    return canvas_maker(info, sheet.paragraph("base").fontName)(buffer, pagesize=PAPER_SIZES[paper])


def blank_page(info: PageInfo, paper: str) -> bytes:
    """A one-page PDF that says it is blank on purpose, with the pack's marking."""
    sheet = StyleSheet(load_layout("pack"))
    buffer = io.BytesIO()
    canvas = _canvas(buffer, paper, sheet, info)
    width, height = PAPER_SIZES[paper]
    if info.marking:
        Furniture(sheet, info, (width, height)).draw_marking(canvas)
    style = sheet.paragraph(str(sheet.layout.get("pack", "blank_style", default="blank_note")))
    canvas.setFont(style.fontName, style.fontSize)
    canvas.setFillColor(style.textColor)
    canvas.drawCentredString(width / 2, height / 2, str(sheet.layout.get("pack", "blank_text")))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def overlay(info: PageInfo, watermark: str | None, total: int, paper: str) -> PdfReader:
    """One overlay page per pack page: the pack page number, and the watermark if any."""
    sheet = StyleSheet(load_layout("pack"))
    settings = sheet.layout.get("pack", default={})
    buffer = io.BytesIO()
    canvas = _canvas(buffer, paper, sheet, info)
    width, _ = PAPER_SIZES[paper]
    number = sheet.paragraph(str(settings.get("number_style", "pack_number")))
    right = length((sheet.layout.get("page", "margins") or {}).get("right", 50))
    for page in range(1, total + 1):
        if watermark:
            _watermark(canvas, sheet, settings.get("watermark", {}), watermark, paper)
        canvas.setFont(number.fontName, number.fontSize)
        canvas.setFillColor(number.textColor)
        text = str(settings.get("number_text", "{page}/{pages}")).format(page=page, pages=total)
        canvas.drawRightString(width - right, length(settings.get("number_inset", 10)), text)
        canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue()))


def _watermark(canvas: Canvas, sheet: StyleSheet, spec: dict, text: str, paper: str) -> None:
    width, height = PAPER_SIZES[paper]
    style = sheet.paragraph(str(spec.get("style", "watermark")))
    size = min(style.fontSize, 0.9 * (width ** 2 + height ** 2) ** 0.5 / max(canvas.stringWidth(text, style.fontName, 1), 1))
    canvas.saveState()
    canvas.setFillColor(sheet.color(spec.get("color", "#000000")), alpha=float(spec.get("opacity", 0.12)))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(float(spec.get("angle", 45)))
    canvas.setFont(style.fontName, size)
    canvas.drawCentredString(0, -size * 0.35, text)
    canvas.restoreState()


def assemble(front: bytes, parts: list[Part], total: int, paper: str, info: PageInfo,
             watermark: str | None) -> bytes:
    """Merge front matter, blank pages and items; stamp overlays; add outline, labels, metadata."""
    writer = PdfWriter()
    front_reader = PdfReader(io.BytesIO(front))
    writer.append(front_reader, import_outline=False)
    writer.add_outline_item(title="Cover", page_number=0)
    if len(front_reader.pages) > 1:
        writer.add_outline_item(title="Contents", page_number=1)
    labels = PageLabels(len(front_reader.pages))
    blank = blank_page(info, paper) if any(part.blank_before for part in parts) else b""
    for number, part in enumerate(parts, start=1):
        if part.blank_before:  # each blank page its own page object, so each gets its own stamp
            labels.blank(len(writer.pages))
            writer.append(PdfReader(io.BytesIO(blank)), import_outline=False)
        first = len(writer.pages)
        writer.append(str(part.pdf), outline_item=part.title, import_outline=True)
        labels.item(number, first, len(writer.pages) - 1)
    stamps = overlay(info, watermark, total, paper)
    for page, stamp in zip(writer.pages, stamps.pages, strict=True):
        page.merge_page(stamp)
    labels.apply(writer)
    _metadata(writer, info)
    buffer = io.BytesIO()
    writer.write(buffer)
    log.debug("assembled %d pages", len(writer.pages))
    return buffer.getvalue()


class PageLabels:
    """PDF page labels from the pack layout: front matter, blank pages and items labelled apart."""

    def __init__(self, front_pages: int):
        self.settings = load_layout("pack").get("pack", "labels", default={}) or {}
        self.ranges: list[tuple[int, int, str | None, str, int]] = [(0, 0, None, self._text("cover", "Cover"), 1)]
        if front_pages > 1:
            contents = self._text("contents", "Contents")
            numbered = front_pages > 2
            self.ranges.append((1, front_pages - 1, PageLabelStyle.DECIMAL if numbered else None,
                                f"{contents} " if numbered else contents, 1))

    def _text(self, key: str, default: str) -> str:
        return str(self.settings.get(key, default))

    def blank(self, index: int) -> None:
        """Label one blank duplex page."""
        self.ranges.append((index, index, None, self._text("blank", "Blank"), 1))

    def item(self, number: int, first: int, last: int) -> None:
        """Label an item's pages: the layout's prefix with the item number, then the page within the item."""
        prefix = self._text("item", "{number}-").format(number=number)
        self.ranges.append((first, last, PageLabelStyle.DECIMAL, prefix, 1))

    def apply(self, writer: PdfWriter) -> None:
        """Write the labels into the PDF."""
        for first, last, style, prefix, start in self.ranges:
            writer.set_page_label(first, last, style=style, prefix=prefix, start=start)


def _metadata(writer: PdfWriter, info: PageInfo) -> None:
    stamp = dt.datetime.fromtimestamp(info.epoch, dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
    writer.add_metadata({"/Title": info.title, "/Subject": info.subject, "/Creator": "briefgen",
                         "/Producer": "briefgen (pypdf)", "/CreationDate": stamp, "/ModDate": stamp,
                         "/Keywords": ", ".join(info.keywords)})
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
