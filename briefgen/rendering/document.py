"""Pages: geometry, page furniture and the document template, all driven by the layout.

Every page gets the handling marking as a banner top and bottom (a TLP label prints
right-aligned in its published colours on black), and the running header and footer
the layout declares. Footer strings are Python format strings *from the layout* filled
with data (``{page}``, ``{pages}``, ``{date}``…); content is never used as a format.
Each slot of a running line has a width budget (running.py): a long title is shortened
with an ellipsis rather than run into the office name.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Table

from briefgen.layouts.layout import length
from briefgen.layouts.furniture import furniture as layout_words
from briefgen.names import PAPER_SIZES
from briefgen.rendering.changebars import ChangeBars
from briefgen.rendering.context import Deferred
from briefgen.rendering.flowables import Heading, Keep
from briefgen.rendering.running import TITLE_FIELDS, RunningLine, shorten, slot_budgets
from briefgen.text.scripts import has_rtl, level_runs, visual_order
from briefgen.text.rl.direction import mirror_unshaped
from briefgen.text.rl.canvas import append_operator, set_document_stamp, text_object_being_drawn
from briefgen.text.rl.shaping import drawn_width, shape_run
from briefgen.text.styles import StyleSheet
from briefgen.pdf.tagging import Tagger

log = logging.getLogger(__name__)

# Streams are compressed but not ASCII85-armoured: a little less work and ~4 % smaller files
# (measured on the example); ASCII85 only matters for 7-bit transports.
rl_config.useA85 = 0


@dataclass
class PageInfo:
    """Data the page furniture prints, and the PDF metadata."""

    title: str
    short_title: str
    date: str
    marking: str | None
    organization: str
    author: str
    subject: str
    keywords: list[str]
    epoch: int
    provenance: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    banner: str | None = None  # the level and caveats as the banner prints them, when set apart from...
    tlp: str | None = None  # ...the TLP label beside it; both None: ``marking`` is the one string printed
    direction: str = "ltr"  # "rtl": the viewer is asked to show pages right to left (/Direction /R2L)


def build_epoch(date: dt.date) -> int:
    """The timestamp written into the PDF: ``SOURCE_DATE_EPOCH`` if set, else the content's date."""
    override = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if override.isdigit():
        return int(override)
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).timestamp())


class _ProvenanceInfo(PDFInfo):
    """The document information dictionary, plus briefgen's provenance keys."""

    def __init__(self, extra: dict[str, str]):
        super().__init__()
        self.extra = extra

    def format(self, document: Any) -> bytes:
        base = super().format(document)
        if not self.extra:
            return base
        extra = PDFDictionary({key: PDFString(value) for key, value in sorted(self.extra.items())}).format(document)
        return base.rstrip()[:-2] + extra.strip()[2:]


class BriefCanvas(Canvas):
    """A Canvas that tags as it draws and runs callbacks just before saving (to define deferred forms).

    Link annotations are recorded with the structure element being drawn; a list item
    sets ``label_pending`` so that the next text drawn, its bullet, is marked ``Lbl``.
    """

    def __init__(self, *args: Any, tags: Tagger | None = None, bars: ChangeBars | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.bars = bars
        self.before_save: list[Any] = []
        self.tags = tags or Tagger(enabled=False)
        self.label_pending: Any = None
        self.open_languages = 0
        self.setNamedCB("lang", self._language_mark)

    def _language_mark(self, canvas: Any, kind: str, label: str | None) -> None:
        """``<onDraw name="lang" label="ko"/>`` opens a span in another language, ``label=""`` closes it.

        The marks go into the text object being drawn, so a span carries its ``/Lang`` as a
        marked-content property inside its paragraph's tagged content.
        """
        if not self.tags.enabled:
            return
        text = text_object_being_drawn(self)
        if label:
            append_operator(text, f"/Span <</Lang ({label})>> BDC")
            self.open_languages += 1
        elif self.open_languages:
            append_operator(text, "EMC")
            self.open_languages -= 1

    def linkURL(self, url: str, rect: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N802 - ReportLab API
        """A link to a URL, recorded for the structure tree."""
        super().linkURL(url, rect, *args, **kwargs)
        self.tags.annotation(self.getPageNumber(), url)

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:  # noqa: N802
        """A link within the document, recorded for the structure tree."""
        result = super().linkRect(contents, destinationname, *args, **kwargs)
        self.tags.annotation(self.getPageNumber(), destinationname)
        return result

    def drawText(self, aTextObject: Any) -> None:  # noqa: N802, N803 - ReportLab API
        """Draw a text object; a list item's bullet is marked as its label."""
        while self.open_languages:  # a span broken off by a page break closes with its part
            append_operator(aTextObject, "EMC")
            self.open_languages -= 1
        label, self.label_pending = self.label_pending, None
        if label is None:
            super().drawText(aTextObject)
            return
        with self.tags.aside(self, label):
            super().drawText(aTextObject)

    @property
    def changed_drawn(self) -> Any:
        """Where a block flagged for a change bar reports its place (None: this document draws no bars)."""
        return (lambda flowable, x, y: self.bars.record(self, flowable, x, y)) if self.bars is not None else None

    def showPage(self) -> None:  # noqa: N802 - ReportLab API
        """End the page: its change bars first (a change-tracked edition)."""
        if self.bars is not None:
            self.bars.draw(self)
        super().showPage()

    def save(self) -> None:
        """Run the callbacks, then write the PDF."""
        for callback in self.before_save:
            callback(self)
        super().save()


def canvas_maker(info: PageInfo, font_name: str, tags: Tagger | None = None, bars: ChangeBars | None = None):
    """A Canvas factory: fixed timestamp, provenance keys, no unembedded default font, tagging, change bars."""

    def make(*args: Any, **kwargs: Any) -> Canvas:
        kwargs.update(invariant=1, initialFontName=font_name, tags=tags)
        if bars is not None:
            kwargs["bars"] = bars
        canvas = BriefCanvas(*args, **kwargs)
        stamp = TimeStamp(invariant=1)
        stamp.t, stamp.lt = info.epoch, time.gmtime(info.epoch)
        stamp.YMDhms = tuple(stamp.lt)[:6]
        set_document_stamp(canvas, stamp, _ProvenanceInfo(info.provenance))
        if info.direction == "rtl":
            canvas.setViewerPreference("Direction", "R2L")
        return canvas

    return make


class Furniture:
    """Draws banners, header and footer on every page, as the layout declares them."""

    def __init__(self, sheet: StyleSheet, info: PageInfo, paper: tuple[float, float], deferred: Deferred | None = None):
        self.sheet, self.info, self.paper = sheet, info, paper
        self.deferred = deferred or Deferred()
        self._widths: dict[tuple[str, str], float] = {}  # the same texts come back on every page

    def _width(self, text: str, style: Any) -> float:
        key = (text, style.name)
        if key not in self._widths:
            self._widths[key] = runs_width(text, style, self.sheet, self.info.language)
        return self._widths[key]

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        template = doc.pageTemplate.id
        with canvas.tags.artifact(canvas):
            canvas.saveState()
            if self.info.marking or self.info.banner or self.info.tlp:
                self.draw_marking(canvas)
            for place in ("header", "footer"):
                if self.sheet.layout.get("page", "templates", template, place, default=True) is not False:
                    self._running_text(canvas, place, doc.page)
            canvas.restoreState()

    def _values(self, page: int, pages: int | str = "") -> dict[str, Any]:
        info = self.info
        return {"title": info.title, "short_title": info.short_title, "date": info.date,
                "marking": info.marking or "", "organization": info.organization, "page": page, "pages": pages}

    def _running_text(self, canvas: Canvas, place: str, page: int) -> None:
        spec = self.sheet.layout.get("page", place) or {}
        if not spec:
            return
        style = self.sheet.paragraph(place)
        inset = length(self.sheet.layout.get("page", f"{place}_inset", default="12mm"))
        y = self.paper[1] - inset if place == "header" else inset
        left, right = self._margins()
        words = layout_words(self.sheet.layout, self.info.language)  # "Page {page} of {pages}" in the brief's language
        templates = {slot: words.gettext(str(spec[slot])) for slot in ("left", "center", "right") if spec.get(slot)}
        budgets = self._budgets(templates, style, page)
        for slot, template in templates.items():
            x = {"left": left, "center": self.paper[0] / 2, "right": self.paper[0] - right}[slot]
            self._slot(canvas, template, slot, (x, y), style, page, place, budgets[slot])
        rule = self.sheet.layout.get("page", f"{place}_rule")
        if rule:
            canvas.setStrokeColor(self.sheet.color(rule.get("color", "rule")))
            canvas.setLineWidth(length(rule.get("width", 0.5)))
            offset = -length(rule.get("offset", 4)) if place == "header" else style.fontSize + length(rule.get("offset", 4)) - 2
            canvas.line(left, y + offset, self.paper[0] - right, y + offset)

    def _text(self, template: str, page: int, pages: int | str) -> str:
        return template.format(**self._values(page, pages)).strip(" ·")

    def _budgets(self, templates: dict[str, str], style: Any, page: int) -> dict[str, float]:
        """Each slot's width budget on this page; a total page count not yet known is taken as one
        digit longer than the page number (never narrower than the real one)."""
        left, right = self._margins()
        line = RunningLine(left, self.paper[0] - right, self.paper[0] / 2, style.fontSize)
        guess = "8" * (len(str(page)) + 1)
        widths = {slot: self._width(self._text(template, page, guess), style) for slot, template in templates.items()}
        titles = {slot for slot, template in templates.items() if any(f in template for f in TITLE_FIELDS)}
        return slot_budgets(widths, line, titles)

    def _slot(self, canvas: Canvas, template: str, slot: str, at: tuple[float, float], style: Any, page: int,
              place: str, budget: float) -> None:
        """Draw one header or footer string within its budget; one that shows ``{pages}`` is deferred to a form."""
        def draw(target: Canvas, total: int | str = "", _pages: Any = None) -> None:
            target.setFillColor(style.textColor)
            text = shorten(self._text(template, page, total), budget, lambda t: self._width(t, style))
            draw_runs(target, at, text, style, slot, self.sheet, self.info.language)

        if "{pages}" in template:
            self.deferred.use(canvas, f"{place}-{slot}-{page}", draw, artifact=True)
        else:
            draw(canvas)

    def _margins(self) -> tuple[float, float]:
        margins = self.sheet.layout.get("page", "margins") or {}
        return length(margins.get("left", 50)), length(margins.get("right", 50))

    def draw_marking(self, canvas: Canvas) -> None:
        """The handling marking, as a banner at the top and bottom of the page: the level and caveats
        centred, a TLP label right-aligned in its colours beside them (or alone)."""
        layout = self.sheet.layout
        banner, tlp = self.info.banner, self.info.tlp
        if not banner and not tlp:  # one string: a TLP label, or a classification as written
            marking = self.info.marking or ""
            banner, tlp = (None, marking) if layout.get("markings", "tlp", marking) else (marking, None)
        width, height = self.paper
        reserved = 0.0
        if tlp:
            style = self.sheet.paragraph(str(layout.get("markings", "tlp_style", default="banner")))
            inset = length(layout.get("markings", "tlp_inset", default="7mm"))
            pad = length(layout.get("markings", "tlp_padding", default=2))
            reserved = canvas.stringWidth(tlp, style.fontName, style.fontSize) + 4 * pad
            for y in (height - inset - style.fontSize * 0.75, inset):
                self._tlp_label(canvas, tlp, style, width - self._margins()[1], y, layout.get("markings", "tlp", tlp))
        if banner:
            self._banner(canvas, banner, reserved)

    def _banner(self, canvas: Canvas, text: str, reserved: float) -> None:
        """The level and caveats centred; a banner too long for the room between the margins (and clear
        of a TLP label on either side) is set smaller rather than run into the label or off the page."""
        layout = self.sheet.layout
        style = self.sheet.paragraph(str(layout.get("markings", "banner_style", default="banner")))
        inset = length(layout.get("markings", "banner_inset", default="7mm"))
        width, height = self.paper
        left, right = self._margins()
        room = width - left - right - 2 * reserved
        size = style.fontSize
        drawn = canvas.stringWidth(text, style.fontName, size)
        if drawn > room > 0:
            size *= room / drawn
        fitted = style if size == style.fontSize else ParagraphStyle(f"{style.name}-fitted", parent=style, fontSize=size)
        for y in (height - inset - style.fontSize * 0.75, inset):
            canvas.setFillColor(style.textColor)  # 대외비, سري: each run in a font that draws it
            draw_runs(canvas, (width / 2, y), text, fitted, "center", self.sheet, self.info.language)

    def _tlp_label(self, canvas: Canvas, marking: str, style: Any, right: float, y: float, color: str) -> None:
        layout = self.sheet.layout
        pad = length(layout.get("markings", "tlp_padding", default=2))
        text_width = canvas.stringWidth(marking, style.fontName, style.fontSize)
        canvas.setFillColor(self.sheet.color(layout.get("markings", "tlp_background", default="#000000")))
        canvas.rect(right - text_width - 2 * pad, y - pad - style.fontSize * 0.2, text_width + 2 * pad,
                    style.fontSize + 2 * pad, stroke=0, fill=1)
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(self.sheet.color(color or "#ffffff"))
        canvas.drawRightString(right - pad, y, marking)


class KeepWithText(KeepTogether):
    """Headings kept with what follows them (keepWithNext). When the group does not fit, what
    follows is split so that the heading stays with at least two of its lines, or with a table's
    header and first two rows (its own split rule), rather than the whole group moving on and
    leaving the page short; a heading never ends a page alone."""

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        *heads, body = self._content
        if heads and isinstance(body, (Paragraph, Table)):
            used = sum(h.wrapOn(self.canv, aW, aH)[1] + h.getSpaceAfter() for h in heads) + body.getSpaceBefore()
            used += sum(h.getSpaceBefore() for h in heads[1:])
            if used < aH:
                body.wrapOn(self.canv, aW, 10_000_000)
                parts = body.split(aW, aH - used)  # a first part of two lines or rows at least, or none
                if len(parts) == 2:
                    return [*heads, *parts]
        return super().split(aW, aH)


class BriefDocument(BaseDocTemplate):
    """A document template that bookmarks headings and fills in deferred page numbers."""

    def __init__(self, buffer: io.BytesIO, furniture: Furniture, **kwargs: Any):
        super().__init__(buffer, **kwargs)
        self.furniture = furniture

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802 - ReportLab hook
        """Headings before a kept group (``<keep>``: an actor, a scenario) join it, so a page never ends
        with them; ReportLab would keep them only with a single block and leave them alone here."""
        heads = 0
        while heads < len(flowables) and isinstance(flowables[heads], Heading) and flowables[heads].getKeepWithNext():
            heads += 1
        if heads and heads < len(flowables) and isinstance(flowables[heads], Keep):
            for heading in flowables[:heads]:
                heading.__dict__["keepWithNext"] = 0  # as ReportLab does for what it groups
            flowables[:heads + 1] = [Keep([*flowables[:heads], *flowables[heads].parts])]
            return
        super().handle_keepWithNext(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab hook
        """Register headings as PDF bookmarks and remember their pages for the contents."""
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.key)
            self.furniture.deferred.heading_pages[flowable.key] = self.page
            if flowable.in_outline:
                self.canv.addOutlineEntry(flowable.title, flowable.key, level=flowable.level - 1, closed=False)

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab hook
        """Define the deferred forms once the last page is laid out, just before saving."""
        self.canv.before_save.append(lambda canvas: self.furniture.deferred.define(canvas, self.page))


def frame_box(sheet: StyleSheet, paper: tuple[float, float]) -> tuple[float, float, float, float]:
    """The text frame ``(x, y, width, height)`` from the layout's margins."""
    margins = sheet.layout.require("page", "margins")
    left, right = length(margins["left"]), length(margins["right"])
    top, bottom = length(margins["top"]), length(margins["bottom"])
    return left, bottom, paper[0] - left - right, paper[1] - top - bottom


def make_document(buffer: io.BytesIO, sheet: StyleSheet, info: PageInfo, paper_name: str,
                  first_template: str = "body", deferred: Deferred | None = None) -> BriefDocument:
    """A document template with the layout's page templates, furniture and metadata."""
    paper = PAPER_SIZES[paper_name]
    furniture = Furniture(sheet, info, paper, deferred)
    x, y, width, height = frame_box(sheet, paper)
    names = list(sheet.layout.get("page", "templates", default={}) or {}) or ["body"]
    templates = [PageTemplate(id=name, frames=[Frame(x, y, width, height, id=name, leftPadding=0, rightPadding=0,
                                                     topPadding=0, bottomPadding=0)], onPage=furniture)
                 for name in sorted(set(names) | {"body"}, key=lambda n: n != first_template)]
    return BriefDocument(
        buffer, furniture, pagesize=paper, pageTemplates=templates, title=info.title, author=info.author,
        subject=info.subject, keywords=info.keywords, creator="briefgen",
        leftMargin=x, rightMargin=paper[0] - x - width, topMargin=paper[1] - y - height, bottomMargin=y,
        lang=info.language, keepTogetherClass=KeepWithText,
    )


def _runs(text: str, style: Any, sheet: StyleSheet, language: str) -> list[tuple[str, str, float]]:
    """A line of furniture as ``(run, font, width)``, each run in a font that can draw it; right-to-left
    runs are shaped. On a right-to-left page the runs come in visual order, left to right."""
    if sheet.rtl:
        return _visual_runs(text, style, sheet, language)
    family, bold = sheet.face_of(style.fontName)
    runs = [(shape_run(run, font, style.fontSize) if font and has_rtl(run) else run, font or style.fontName)
            for run, font in sheet.script_fonts.runs(text, family, bold, language)]
    return [(run, font, drawn_width(run, font, style.fontSize)) for run, font in runs]


def _visual_runs(text: str, style: Any, sheet: StyleSheet, language: str) -> list[tuple[str, str, float]]:
    """A furniture line on a right-to-left page: cut by bidi level, each level's runs in fonts that can
    draw them, right-to-left levels reversed (their Arabic shaped, neutrals mirrored), all in visual order."""
    family, bold = sheet.face_of(style.fontName)
    pieces = level_runs(text, True)
    drawn: list[list[tuple[str, str, float]]] = []
    for piece, level in pieces:
        runs = []
        for run, font in sheet.script_fonts.runs(piece, family, bold, language):
            if level % 2:
                run = shape_run(run, font, style.fontSize) if font and has_rtl(run) else mirror_unshaped(run)
            runs.append((run, font or style.fontName))
        runs = runs[::-1] if level % 2 else runs
        drawn.append([(run, font, drawn_width(run, font, style.fontSize)) for run, font in runs])
    return [run for index in visual_order([level for _, level in pieces]) for run in drawn[index]]


def runs_width(text: str, style: Any, sheet: StyleSheet, language: str) -> float:
    """The width :func:`draw_runs` draws ``text`` at, each run in a font that can draw it."""
    return sum(width for _, _, width in _runs(text, style, sheet, language))


def draw_runs(canvas: Canvas, at: tuple[float, float], text: str, style: Any, align: str, sheet: StyleSheet,
              language: str) -> None:
    """Draw one line of page furniture, each run in a font that can draw it (a running head in
    Korean, an Arabic organisation); right-to-left runs are shaped."""
    runs = _runs(text, style, sheet, language)
    total = sum(width for _, _, width in runs)
    x = at[0] - {"left": 0, "center": total / 2, "right": total}[align]
    for run, font, width in runs:
        canvas.setFont(font, style.fontSize)
        canvas.drawString(x, at[1], run)
        x += width
