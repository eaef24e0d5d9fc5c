"""The page-invariant checks (tests/invariants.py) on small PDFs drawn here with ReportLab: each
check finds the fault it is for, and leaves the ordinary things a page does alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from tests.invariants import contrast, page_problems

Draw = Callable[[Canvas], None]
WIDTH, HEIGHT = A4


def drawn(folder: Path, *pages: Draw, tree: list[tuple[str, int, int]] | None = None) -> Path:
    """A PDF with one page per drawing function; tree: (role, page index, MCID) elements in
    reading order, written as a structure tree (the drawing marks the content with `marked`)."""
    path = folder / "drawn.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.save()
    if tree is not None:
        _add_tree(path, tree)
    return path


def marked(canvas: Canvas, role: str, mcid: int, draw: Draw) -> None:
    """Draw inside a marked-content sequence with an MCID."""
    canvas.addLiteral(f"/{role} <</MCID {mcid}>> BDC")
    draw(canvas)
    canvas.addLiteral("EMC")


def _add_tree(path: Path, elements: list[tuple[str, int, int]]) -> None:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))
        kids = []
        for role, page, mcid in elements:
            kids.append(pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + role), P=document,
                Pg=pdf.pages[page].obj, K=pikepdf.Array([mcid]))))
        document.K = pikepdf.Array(kids)
        root.K = pikepdf.Array([document])
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.save(path)


def text(x: float, y: float, words: str, size: float = 10, font: str = "Helvetica",
         colour: tuple[float, float, float] = (0.1, 0.1, 0.1)) -> Draw:
    def draw(canvas: Canvas) -> None:
        canvas.setFillColorRGB(*colour)
        canvas.setFont(font, size)
        canvas.drawString(x, y, words)
    return draw


def box(x: float, y: float, w: float, h: float, colour: tuple[float, float, float]) -> Draw:
    def draw(canvas: Canvas) -> None:
        canvas.setFillColorRGB(*colour)
        canvas.rect(x, y, w, h, stroke=0, fill=1)
    return draw


def both(*draws: Draw) -> Draw:
    def draw(canvas: Canvas) -> None:
        for each in draws:
            each(canvas)
    return draw


# --- text over text -----------------------------------------------------------------------------

def test_text_printed_over_text_is_named_with_its_place(tmp_path: Path) -> None:
    pdf = drawn(tmp_path, both(text(120, 340, "Sudan"), text(124, 340, "2022")))
    assert page_problems(pdf) == ['drawn.pdf p1: "2022" overprints "Sudan" at (134, 343)']


def test_a_run_drawn_right_after_another_may_not_sit_on_it(tmp_path: Path) -> None:
    """A banner and a page number drawn one after the other are neighbours in the text, not on paper."""
    pdf = drawn(tmp_path, both(text(260, 30, "OFFICIAL", font="Helvetica-Bold"), text(290, 31, "Page 2 of 6")))
    assert [p for p in page_problems(pdf) if "overprints" in p] == [
        'drawn.pdf p1: "Page" overprints "OFFICIAL" at (298, 34)']


def test_rotated_labels_on_each_other_collide(tmp_path: Path) -> None:
    def labels(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 7)
        for x in (200, 203):
            canvas.saveState()
            canvas.translate(x, 300)
            canvas.rotate(30)
            canvas.drawString(0, 0, "2024-01")
            canvas.restoreState()
    assert any("overprints" in p for p in page_problems(drawn(tmp_path, labels)))


def test_ordinary_setting_is_not_a_collision(tmp_path: Path) -> None:
    """Kerned pairs, tight leading, a superscript beside its word, a run in bold inside a line,
    an accent, and rotated axis labels side by side."""
    def page(canvas: Canvas) -> None:
        canvas.setFillColorRGB(0.1, 0.1, 0.1)
        lines = ["AVATAR WAVY Týr Ťž ÅÄÖ fjord", "gypsy quay, jiggly yoyo", "ÉÈÊ ÀÂ ÇÑ över"]
        for n, line in enumerate(lines):  # leading equal to the size
            canvas.setFont("Helvetica", 12)
            canvas.drawString(60, 700 - 12 * n, line)
        canvas.drawString(60, 600, "closed")
        width = canvas.stringWidth("closed", "Helvetica", 12)
        canvas.setFont("Helvetica", 7)
        canvas.drawString(60 + width + 0.3, 605, "1")
        canvas.setFont("Helvetica", 12)
        canvas.drawString(60, 580, "a ")
        canvas.setFont("Helvetica-Bold", 12)
        canvas.drawString(60 + canvas.stringWidth("a ", "Helvetica", 12) - 0.5, 580, "bold")
        canvas.setFont("Helvetica", 7)
        for n in range(6):
            canvas.saveState()
            canvas.translate(100 + 30 * n, 400)
            canvas.rotate(30)
            canvas.drawString(0, 0, f"2023-0{n + 1}")
            canvas.restoreState()
    assert page_problems(drawn(tmp_path, page)) == []


# --- shapes and text ----------------------------------------------------------------------------

def test_white_text_on_a_white_box_lacks_contrast(tmp_path: Path) -> None:
    pdf = drawn(tmp_path, both(box(100, 400, 200, 40, (1, 1, 1)), text(110, 415, "TLP:CLEAR", colour=(1, 1, 1))))
    assert page_problems(pdf) == [
        'drawn.pdf p1: "TLP:CLEAR" (#ffffff) on #ffffff has contrast 1.0:1 (< 3:1) at (113, 419)']


def test_text_on_a_box_of_its_own_darkness_lacks_contrast_and_on_a_dark_box_white_text_is_fine(tmp_path: Path) -> None:
    navy, grey = (0.11, 0.21, 0.34), (0.35, 0.38, 0.43)
    pdf = drawn(tmp_path, both(box(100, 400, 200, 40, navy), text(110, 415, "Hidden", colour=grey),
                               box(100, 300, 200, 40, navy), text(110, 315, "Shown", colour=(1, 1, 1))))
    problems = page_problems(pdf)
    assert len(problems) == 1 and problems[0].startswith('drawn.pdf p1: "Hidden" (#59616e) on #1c3657 has contrast 2.0:1')


def test_a_box_drawn_over_text_is_a_problem_even_a_pale_one(tmp_path: Path) -> None:
    pdf = drawn(tmp_path, both(text(110, 415, "Covered"), box(100, 400, 200, 40, (0.9, 0.93, 0.96))))
    assert page_problems(pdf) == ['drawn.pdf p1: a filled shape (#e6edf5) is drawn over "Covered" at (114, 419)']


def test_a_circle_beside_text_does_not_cover_it(tmp_path: Path) -> None:
    """The outline counts, not the bounding box: the corner of a circle's box is empty."""
    def page(canvas: Canvas) -> None:
        text(100, 400, "Label")(canvas)
        canvas.setFillColorRGB(0.11, 0.21, 0.34)
        canvas.circle(133, 420, 10, stroke=0, fill=1)  # its box reaches over the end of the word
    assert page_problems(drawn(tmp_path, page)) == []


def test_a_line_through_text_drawn_after_it_or_as_dark_under_it(tmp_path: Path) -> None:
    def page(canvas: Canvas) -> None:
        text(100, 400, "Struck")(canvas)
        canvas.setStrokeColorRGB(0.35, 0.38, 0.43)
        canvas.line(90, 403, 150, 403)  # after: over the word
        canvas.line(90, 503, 150, 503)  # before the next word, as dark as it
        text(100, 500, "Crossed")(canvas)
        canvas.setStrokeColorRGB(0.87, 0.89, 0.91)
        canvas.line(90, 603, 150, 603)  # a pale grid line under a word: legible
        text(100, 600, "Gridded")(canvas)
        canvas.setStrokeColorRGB(0.35, 0.38, 0.43)
        canvas.line(90, 703, 150, 703)  # a dark coastline, knocked out by a box under the label
        canvas.setFillColorRGB(0.93, 0.95, 0.96)
        canvas.rect(95, 695, 60, 16, stroke=0, fill=1)
        text(100, 700, "Labelled")(canvas)
    assert page_problems(drawn(tmp_path, page)) == [
        'drawn.pdf p1: a line (#59616e) is drawn over "Struck" at (103, 404)',
        'drawn.pdf p1: a line (#59616e) runs through "Crossed" at (104, 504)']


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    assert contrast((1, 1, 1), (1, 1, 1)) == pytest.approx(1)
    assert contrast((0x59 / 255, 0x62 / 255, 0x6E / 255), (1, 1, 1)) == pytest.approx(6.18, abs=0.01)


# --- the live area ------------------------------------------------------------------------------

def test_a_line_3_mm_from_the_edge_is_outside_the_live_area(tmp_path: Path) -> None:
    def page(canvas: Canvas) -> None:
        canvas.setStrokeColorRGB(0.7, 0.75, 0.8)
        canvas.line(3 * mm, 100, 3 * mm, 300)
        canvas.line(7 * mm, 100, 7 * mm, 300)
    assert page_problems(drawn(tmp_path, page)) == [
        "drawn.pdf p1: a line (#b3bfcc) prints 2.6 mm from the left edge (6 mm at least) at (9, 200)"]


def test_text_and_boxes_near_the_edges(tmp_path: Path) -> None:
    pdf = drawn(tmp_path, both(text(100, HEIGHT - 4 * mm - 8, "Banner"), box(WIDTH - 20 * mm, 300, 16 * mm, 40, (0, 0, 0)),
                               box(0, 0, WIDTH, 10, (1, 1, 1)), text(100, 6.5 * mm, "Folio")))
    assert page_problems(pdf) == [
        'drawn.pdf p1: "Banner" prints 4.3 mm from the top edge (6 mm at least) at (116, 826)',
        "drawn.pdf p1: a filled shape (#000000) prints 4.0 mm from the right edge (6 mm at least) at (561, 320)"]


# --- headings -----------------------------------------------------------------------------------

def two_columns(heading_y: float, body_x: float, body_y: float) -> Draw:
    return both(lambda c: marked(c, "H2", 0, text(60, heading_y, "Outlook", size=14, font="Helvetica-Bold")),
                lambda c: marked(c, "P", 1, text(body_x, body_y, "What the heading introduces.")))


def test_a_heading_at_the_foot_of_a_column_is_alone(tmp_path: Path) -> None:
    pdf = drawn(tmp_path, two_columns(60, 320, 780), tree=[("H2", 0, 0), ("P", 0, 1)])
    assert page_problems(pdf) == ['drawn.pdf p1: heading "Outlook" ends its column at (87, 65); '
                                  "what it introduces starts at (320, 787)"]


def test_a_heading_with_its_text_below_it_is_fine(tmp_path: Path) -> None:
    pdf = drawn(tmp_path, two_columns(400, 60, 380), tree=[("H2", 0, 0), ("P", 0, 1)])
    assert page_problems(pdf) == []


def test_a_heading_last_on_a_page_is_alone(tmp_path: Path) -> None:
    first = lambda c: marked(c, "H1", 0, text(60, 60, "Background", size=14))  # noqa: E731
    second = lambda c: marked(c, "P", 0, text(60, 780, "It started in May."))  # noqa: E731
    pdf = drawn(tmp_path, first, second, tree=[("H1", 0, 0), ("P", 1, 0)])
    assert page_problems(pdf) == ['drawn.pdf p1: heading "Background" ends the page; what it introduces starts on p2']
