"""Pack assembly with pikepdf: front matter, items, blank pages, overlays, outline, labels, structure.

The pack's page furniture (pack page number, watermark) is drawn once per page into a
single overlay PDF with ReportLab, marked as artifacts, and stamped onto each page;
blank pages for duplex printing carry the pack's marking and say they are blank on
purpose. Tagged items keep their structure: each item's tree becomes a ``Part`` of the
pack's one ``Document``, its parent-tree keys renumbered, its language kept.
"""

from __future__ import annotations

import io
import logging
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String
from reportlab.pdfgen.canvas import Canvas

from briefgen.layouts.direction import for_language
from briefgen.layouts.furniture import furniture
from briefgen.layouts.layout import Layout, length, load_layout
from briefgen.names import PAPER_SIZES
from briefgen.rendering.document import Furniture, PageInfo, canvas_maker, draw_runs, runs_width
from briefgen.text.styles import StyleSheet, sheet_for
from briefgen.pdf.tagging import Tagger

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Part:
    """One item as the merge sees it: its PDF (a file, or bytes), its bookmark title, a blank page before it."""

    pdf: Path | bytes
    title: str
    blank_before: bool


def _canvas(buffer: io.BytesIO, paper: str, sheet: StyleSheet, info: PageInfo) -> Canvas:
    """A canvas whose every mark is an artifact: blank pages and overlays are page furniture."""
    return canvas_maker(info, sheet.paragraph("base").fontName, Tagger())(buffer, pagesize=PAPER_SIZES[paper])


def pack_layout(language: str | None) -> Layout:
    """The pack layout in ``language``: mirrored (margins, styles, number side) when it is written right to left."""
    return for_language(load_layout("pack"), language)


def blank_page(info: PageInfo, paper: str) -> bytes:
    """A one-page PDF that says it is blank on purpose, with the pack's marking."""
    sheet = sheet_for(pack_layout(info.language))
    buffer = io.BytesIO()
    canvas = _canvas(buffer, paper, sheet, info)
    width, height = PAPER_SIZES[paper]
    with canvas.tags.artifact(canvas):
        if info.marking:
            Furniture(sheet, info, (width, height)).draw_marking(canvas)
        style = sheet.paragraph(str(sheet.layout.get("pack", "blank_style", default="blank_note")))
        canvas.setFillColor(style.textColor)
        text = furniture(sheet.layout, info.language).gettext(str(sheet.layout.get("pack", "blank_text")))
        draw_runs(canvas, (width / 2, height / 2), text, style, "center", sheet, info.language)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def overlay(info: PageInfo, watermark: str | None, total: int, paper: str) -> bytes:
    """One overlay page per pack page: the pack page number, and the watermark if any, as artifacts."""
    sheet = sheet_for(pack_layout(info.language))
    settings = sheet.layout.get("pack", default={})
    buffer = io.BytesIO()
    canvas = _canvas(buffer, paper, sheet, info)
    width, _ = PAPER_SIZES[paper]
    number = sheet.paragraph(str(settings.get("number_style", "pack_number")))
    margins = sheet.layout.get("page", "margins") or {}
    left, right = length(margins.get("left", 50)), length(margins.get("right", 50))
    at_left = settings.get("number_align", "right") == "left"  # kept when mirrored: the TLP label stays right
    words = furniture(sheet.layout, info.language)
    for page in range(1, total + 1):
        with canvas.tags.artifact(canvas):
            if watermark:
                _watermark(canvas, sheet, settings.get("watermark", {}), watermark, paper, info.language)
            canvas.setFillColor(number.textColor)
            text = words.gettext(str(settings.get("number_text", "{page}/{pages}"))).format(page=page, pages=total)
            inset = length(settings.get("number_inset", 10))
            at = (left, inset) if at_left else (width - right, inset)
            draw_runs(canvas, at, text, number, "left" if at_left else "right", sheet, info.language)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _watermark(canvas: Canvas, sheet: StyleSheet, spec: dict, text: str, paper: str, language: str) -> None:
    """The watermark across the page, in fonts that can draw it (an Arabic word shaped), as large as fits."""
    from reportlab.lib.styles import ParagraphStyle

    width, height = PAPER_SIZES[paper]
    style = sheet.paragraph(str(spec.get("style", "watermark")))
    fits = 0.9 * (width ** 2 + height ** 2) ** 0.5 * style.fontSize / max(runs_width(text, style, sheet, language), 1)
    size = min(style.fontSize, fits)
    canvas.saveState()
    canvas.setFillColor(sheet.color(spec.get("color", "#000000")), alpha=float(spec.get("opacity", 0.12)))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(float(spec.get("angle", 45)))
    draw_runs(canvas, (0, -size * 0.35), text, ParagraphStyle("watermark", parent=style, fontSize=size), "center",
              sheet, language)
    canvas.restoreState()


def assemble(front: bytes, parts: list[Part], total: int, paper: str, info: PageInfo,
             watermark: str | None, tagged: bool = True) -> bytes:
    """Merge front matter, blank pages and items; stamp overlays; add outline, labels, structure, metadata."""
    with ExitStack() as sources, pikepdf.new() as pack:
        opened = lambda source: sources.enter_context(pikepdf.open(source))  # noqa: E731 - kept open until saved
        tree = PackStructure(pack) if tagged else None
        outline: list[OutlineItem] = []
        front_pdf = opened(io.BytesIO(front))
        _append(pack, front_pdf, tree)
        words = furniture(pack_layout(info.language), info.language)
        outline.append(OutlineItem(words.gettext("Cover"), 0))
        if len(front_pdf.pages) > 1:
            outline.append(OutlineItem(words.gettext("Contents"), 1))
        labels = PageLabels(len(front_pdf.pages), words.gettext)
        blank = blank_page(info, paper) if any(part.blank_before for part in parts) else b""
        starts: dict[int, int] = {}
        for number, part in enumerate(parts, start=1):
            if part.blank_before:  # each blank page its own page object, so each gets its own stamp
                labels.blank(len(pack.pages))
                _append(pack, opened(io.BytesIO(blank)), None)
            first = starts[number] = len(pack.pages)
            item = opened(io.BytesIO(part.pdf) if isinstance(part.pdf, bytes) else part.pdf)
            _append(pack, item, tree)
            outline.append(_item_outline(item, part.title, first))
            labels.item(number, first)
        _link_items(pack, len(front_pdf.pages), starts)
        stamps = opened(io.BytesIO(overlay(info, watermark, total, paper)))
        for page, stamp in zip(pack.pages, stamps.pages, strict=True):
            _stamp(pack, page, stamp)
        with pack.open_outline() as pack_outline:
            pack_outline.root.extend(outline)
        labels.apply(pack)
        pack.Root.PageMode = Name.UseOutlines
        _docinfo(pack, info)
        if info.direction == "rtl":  # a right-to-left pack is shown right to left, like its briefs
            pack.Root.ViewerPreferences = Dictionary(Direction=Name.R2L)
        if tree is None:
            from briefgen.pdf.conformance import save

            return save(pack)
        tree.finish()
        from briefgen.pdf.conformance import finish_document

        return finish_document(pack, info.language)


def _append(pack: pikepdf.Pdf, source: pikepdf.Pdf, tree: PackStructure | None) -> None:
    first = len(pack.pages)
    pack.pages.extend(source.pages)
    if tree is not None:
        tree.add(source, first)


def _link_items(pack: pikepdf.Pdf, front_pages: int, starts: dict[int, int]) -> None:
    """Point the contents' ``briefgen-item:N`` links at each item's first page."""
    for page in pack.pages[:front_pages]:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith("briefgen-item:") and int(uri.split(":", 1)[1]) in starts:
                del annot["/A"]
                annot.Dest = Array([pack.pages[starts[int(uri.split(":", 1)[1])]].obj, Name.Fit])


def _stamp(pack: pikepdf.Pdf, page: pikepdf.Page, stamp: pikepdf.Page) -> None:
    """Draw ``stamp`` over ``page`` as a form XObject with a fixed name (pikepdf's overlay names are random)."""
    form = pack.copy_foreign(stamp.as_form_xobject())
    page.add_resource(form, Name.XObject, Name("/BriefgenPackStamp"))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"\nQ q /BriefgenPackStamp Do Q\n", prepend=False)


def _item_outline(item: pikepdf.Pdf, title: str, first: int) -> OutlineItem:
    """A top-level bookmark for an item, with the item's own bookmarks under it."""
    pages: dict[tuple[int, int], int] = {page.obj.objgen: index for index, page in enumerate(item.pages)}
    entry = OutlineItem(title, first)
    with item.open_outline() as own:
        entry.children.extend(_copy_outline(own.root, pages, first))
    return entry


def _copy_outline(items: list[OutlineItem], pages: dict[tuple[int, int], int], first: int) -> list[OutlineItem]:
    copied = []
    for item in items:
        target = item.destination
        page = target[0] if isinstance(target, pikepdf.Array) and len(target) else None
        index = pages.get(page.objgen, 0) if isinstance(page, pikepdf.Object) else 0
        copy = OutlineItem(item.title, first + index)
        copy.children.extend(_copy_outline(item.children, pages, first))
        copied.append(copy)
    return copied


def _docinfo(pack: pikepdf.Pdf, info: PageInfo) -> None:
    from briefgen.pdf.conformance import pdf_date

    stamp = pdf_date(info.epoch)
    values = {"/Title": info.title, "/Subject": info.subject, "/Creator": "briefgen", "/Producer": "briefgen (pikepdf)",
              "/CreationDate": stamp, "/ModDate": stamp, "/Keywords": ", ".join(info.keywords)}
    for key, value in values.items():
        if value:
            pack.docinfo[key] = String(value)


class PackStructure:
    """One structure tree for the pack: every tagged source's tree becomes a ``Part`` of one ``Document``."""

    def __init__(self, pack: pikepdf.Pdf):
        self.pack = pack
        self.root = pack.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = pack.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array()))
        self.nums: list[Any] = []
        self.next_key = 0

    def add(self, source: pikepdf.Pdf, first: int) -> None:
        """Take over ``source``'s tree; its pages are already the pack's pages from index ``first``."""
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            raise ValueError("a pack item has no structure tree; build it with a PDF standard")
        offset = self.next_key
        for page in self.pack.pages[first:first + len(source.pages)]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        entries = list(tree.ParentTree.Nums)
        for key, value in zip(entries[::2], entries[1::2], strict=True):
            self.nums += [int(key) + offset, self._copy(value)]
        self.next_key = offset + int(tree.ParentTreeNextKey)
        language = source.Root.get("/Lang")
        for top in tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]:
            part = self.pack.copy_foreign(top)
            part.S, part.P = Name.Part, self.document
            if language is not None:
                part.Lang = String(str(language))
            self.document.K.append(part)

    def _copy(self, value: pikepdf.Object) -> pikepdf.Object:
        """A source object in the pack (a direct array is copied element by element)."""
        if isinstance(value, pikepdf.Array) and not value.is_indirect:
            return Array([self._copy(item) for item in value])
        return self.pack.copy_foreign(value)

    def finish(self) -> None:
        """Write the pack's ``/StructTreeRoot`` with the merged parent tree."""
        self.root.K = Array([self.document])
        self.root.ParentTree = self.pack.make_indirect(Dictionary(Nums=Array(self.nums)))
        self.root.ParentTreeNextKey = self.next_key
        self.pack.Root.StructTreeRoot = self.root


class PageLabels:
    """PDF page labels from the pack layout: front matter, blank pages and items labelled apart."""

    def __init__(self, front_pages: int, gettext: Callable[[str], str] = str):
        self.settings = load_layout("pack").get("pack", "labels", default={}) or {}
        self.gettext = gettext  # labels in the pack's language
        self.ranges: list[tuple[int, bool, str]] = [(0, False, self._text("cover", "Cover"))]
        if front_pages > 1:
            contents = self._text("contents", "Contents")
            numbered = front_pages > 2
            self.ranges.append((1, numbered, f"{contents} " if numbered else contents))

    def _text(self, key: str, default: str) -> str:
        return self.gettext(str(self.settings.get(key, default)))

    def blank(self, index: int) -> None:
        """Label one blank duplex page."""
        self.ranges.append((index, False, self._text("blank", "Blank")))

    def item(self, number: int, first: int) -> None:
        """Label an item's pages: the layout's prefix with the item number, then the page within the item."""
        self.ranges.append((first, True, self._text("item", "{number}-").format(number=number)))

    def apply(self, pdf: pikepdf.Pdf) -> None:
        """Write the labels into the PDF as a number tree of label ranges (each runs to the next)."""
        nums: list[Any] = []
        for first, numbered, prefix in sorted(self.ranges):
            label = Dictionary(P=String(prefix))
            if numbered:
                label.S, label.St = Name.D, 1
            nums += [first, label]
        pdf.Root.PageLabels = Dictionary(Nums=Array(nums))
