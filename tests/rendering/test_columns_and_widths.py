"""One-page columns keep a heading with what it introduces; table columns are never narrower than a word."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefgen.layouts.layout import load_layout
from briefgen.rendering.blocks import build_story
from briefgen.rendering.columns import Columns
from briefgen.rendering.context import RenderContext
from briefgen.rendering.flowables import Heading, ListItem
from briefgen.rendering.tables import column_widths
from briefgen.text.styles import StyleSheet
from tests.dense import sentence


@pytest.fixture(scope="module")
def ctx() -> RenderContext:
    return RenderContext(StyleSheet(load_layout("one-page")), 480)


def story(xml: str, ctx: RenderContext) -> list:
    return build_story(list(ET.fromstring(f"<document>{xml}</document>")), ctx)


def laid_out(xml: str, ctx: RenderContext) -> list[list]:
    """The flowables of each column, after balancing."""
    [columns] = story(f'<columns style="columns">{xml}</columns>', ctx)
    assert isinstance(columns, Columns)
    columns.wrapOn(Canvas(io.BytesIO()), ctx.width, 700)
    return [[flowable for flowable, _ in column] for column in columns.placed]


def section(title: str, items: int, seed: int) -> str:
    entries = "".join(f"<item>{sentence(seed + i, 14)}</item>" for i in range(items))
    return (f'<section><heading level="1" style="section">{title}</heading>'
            f'<list style="bullet">{entries}</list></section>')


@pytest.mark.parametrize("filler", range(0, 48, 2))
def test_a_heading_keeps_two_items_of_its_list_in_its_column(ctx: RenderContext, filler: int) -> None:
    xml = (f'<para style="body">{" ".join(sentence(i, 12) for i in range(filler))}</para>'
           + section("Implications", 5, 1) + section("Key points", 1, 9) + section("Watch", 3, 4)
           + f'<para style="body">{sentence(3)}</para>')
    columns = laid_out(xml, ctx)
    for index, column in enumerate(columns):
        assert column and not isinstance(column[-1], Heading), f"column {index} ends with a heading"
        later = [flowable for other in columns[index + 1:] for flowable in other]
        for position, flowable in enumerate(column):
            if not isinstance(flowable, Heading):
                continue
            after = column[position + 1:]
            items = [f for f in after if isinstance(f, ListItem) and f.series is after[0].series]
            continued = bool(later) and isinstance(later[0], ListItem) and later[0].series is after[0].series
            assert len(items) >= 2 or not continued, f"a heading with one item of its list in column {index}"


def test_a_heading_and_a_one_item_list_may_end_a_column(ctx: RenderContext) -> None:
    """"Two items or all of it": a list of one is whole with its heading."""
    xml = section("One", 1, 2) + f'<para style="body">{" ".join(sentence(i, 12) for i in range(14))}</para>'
    columns = laid_out(xml, ctx)
    assert isinstance(columns[0][0], Heading) and isinstance(columns[0][1], ListItem)


def cells(xml: str, ctx: RenderContext) -> list[list[list]]:
    """Rows of cells, each a list of flowables, as the table renderer builds them."""
    return [[story(cell, ctx) for cell in row] for row in xml]


def test_no_column_is_narrower_than_its_longest_word(ctx: RenderContext) -> None:
    word = "Internationalisation"
    data = cells([[f'<para style="table_cell_bold">{word}</para>', f'<para style="table_cell">{sentence(1, 30)}</para>']],
                 ctx)
    widths = column_widths(["8%", "92%"], data, 300, 2.6)
    style = ctx.sheet.paragraph("table_cell_bold")
    assert widths[0] >= stringWidth(word, style.fontName, style.fontSize) + 2 * 2.6
    assert sum(widths) == pytest.approx(300)
    assert widths == pytest.approx(column_widths(["8%", "92%"], data, 300, 2.6))  # deterministic


def test_widths_that_fit_stay_as_the_layout_gives_them(ctx: RenderContext) -> None:
    data = cells([['<para style="table_cell">a short cell</para>', '<para style="table_cell">another</para>']], ctx)
    assert column_widths(["30%", "70%"], data, 200, 3) == pytest.approx([60, 140])


def test_an_auto_column_takes_its_words_unbroken(ctx: RenderContext) -> None:
    terms = ["roughly even chance", "very unlikely", "almost no chance"]
    data = cells([['<para style="table_cell">A scenario title that is long enough to wrap twice</para>',
                   f'<para style="likelihood_cell">{term}</para><para style="likelihood_band">45–55%</para>']
                  for term in terms], ctx)
    widths = column_widths(["*", "auto"], data, 240, 2.6)
    style = ctx.sheet.paragraph("likelihood_cell")
    assert widths[1] >= stringWidth("roughly even chance", style.fontName, style.fontSize) + 2 * 2.6
    assert widths[1] < 0.5 * 240 and sum(widths) == pytest.approx(240)


def test_a_word_too_long_for_any_column_does_not_starve_the_others(ctx: RenderContext) -> None:
    """A 120-letter word is cut whatever happens; the date beside it keeps its natural width."""
    data = cells([['<para style="table_date">14 Mar 2025</para>', f'<para style="table_cell">{"x" * 120}</para>']],
                 ctx)
    widths = column_widths(["auto", "*"], data, 240, 2.6)
    style = ctx.sheet.paragraph("table_date")
    assert widths[0] >= stringWidth("14 Mar 2025", style.fontName, style.fontSize) + 2 * 2.6
    assert sum(widths) == pytest.approx(240)
