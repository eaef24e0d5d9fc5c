"""Stage 4: the block registry turns each block type into flowables."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from reportlab.platypus import Paragraph, Table

from briefgen.errors import LayoutError
from briefgen.layouts.layout import load_layout
from briefgen.rendering.blocks import RENDERERS, build_story
from briefgen.rendering.context import RenderContext
from briefgen.rendering.flowables import Heading, Para
from briefgen.rendering.markup import inline_markup
from briefgen.text.styles import StyleSheet

DOCUMENTED = {"para", "heading", "list", "rule", "section", "keep", "page-break", "toc", "omission-note", "box",
              "quote", "table", "likelihood-scale", "timeline-chart", "figure", "columns", "next-template"}


@pytest.fixture(scope="module")
def ctx() -> RenderContext:
    return RenderContext(StyleSheet(load_layout("long-form")), 400)


def story(xml: str, ctx: RenderContext) -> list:
    return build_story(list(ET.fromstring(f"<document>{xml}</document>")), ctx)


def test_registry_covers_the_documented_blocks() -> None:
    assert set(RENDERERS) == DOCUMENTED


def test_unknown_block_is_a_layout_error(ctx: RenderContext) -> None:
    with pytest.raises(LayoutError, match="unknown block <banana>; known blocks: box, columns, figure, heading"):
        story("<banana/>", ctx)


def test_inline_markup_escapes_text(ctx: RenderContext) -> None:
    element = ET.fromstring('<para>a &lt;b&gt; &amp; <b>bold</b> x <cite n="2" ref="s"/> <a href="https://x.org">l</a></para>')
    assert inline_markup(element, ctx) == (
        'a &lt;b&gt; &amp; <b>bold</b> x<super><a href="#src-2" color="#1d3557">2</a></super> '
        '<a href="https://x.org" color="#1d3557">l</a>')


def _cite(n: int) -> str:
    return f'<a href="#src-{n}" color="#1d3557">{n}</a>'


@pytest.mark.parametrize("cites, mark", [
    ("1", _cite(1)),
    ("2 2", _cite(2)),
    ("3 2", f"{_cite(2)},\u202f{_cite(3)}"),
    ("4 2 3 2", f"{_cite(2)}\u2013{_cite(4)}"),
    ("7 2 3 4 9", f"{_cite(2)}\u2013{_cite(4)},\u202f{_cite(7)},\u202f{_cite(9)}"),
])
def test_citations_side_by_side_print_once_as_one_mark(ctx: RenderContext, cites: str, mark: str) -> None:
    marks = "".join(f'<cite n="{n}" ref="s{n}"/>' for n in cites.split())
    element = ET.fromstring(f"<para>Talks failed{marks}.</para>")
    assert inline_markup(element, ctx) == f"Talks failed<super>{mark}</super>."
    for n in set(cites.split()):
        assert ctx.tags.descriptions[f"src-{n}"] == f"Go to source {n}"


def test_citations_apart_stay_apart(ctx: RenderContext) -> None:
    element = ET.fromstring('<para>a <cite n="1" ref="a"/> and b <cite n="1" ref="a"/><cite n="2" ref="b"/></para>')
    assert inline_markup(element, ctx) == f"a<super>{_cite(1)}</super> and b<super>{_cite(1)},\u202f{_cite(2)}</super>"


def test_each_block_renders(ctx: RenderContext) -> None:
    flowables = story(
        '<heading level="1">H</heading><para style="body">P</para><list><item>i</item></list>'
        '<box style="box_bluf"><para>b</para></box><quote style="pull_quote"><para>q</para></quote>'
        '<table widths="50%,50%" header="1"><row header="yes"><cell>h</cell><cell>h</cell></row>'
        '<row><cell>c</cell><cell><list style="cell_bullet"><item>x</item></list></cell></row></table>'
        '<rule/><likelihood-scale scale="PHIA" low="55" high="75" labels="yes"/>'
        '<timeline-chart><event date="2019"/><event date="2024-02-15"/></timeline-chart><omission-note/>', ctx)
    kinds = [type(f).__name__ for f in flowables]
    assert kinds == ["Heading", "Para", "ListItem", "LayoutTable", "LayoutTable", "LayoutTable", "Decoration",
                     "LikelihoodBar", "TimelineChart"]
    assert isinstance(flowables[0], Heading) and flowables[0].title == "H"
    for flowable in flowables:
        width, height = flowable.wrap(400, 800)
        assert width <= 400.5 and height > 0


def test_table_width_mismatch_is_reported(ctx: RenderContext) -> None:
    with pytest.raises(LayoutError, match="names 1 columns; the rows have 2"):
        story('<table widths="100%"><row><cell>a</cell><cell>b</cell></row></table>', ctx)


def test_over_long_words_never_overflow(ctx: RenderContext) -> None:
    para = story(f"<para>{'x' * 400} https://example.org/{'a' * 300}</para>", ctx)[0]
    assert isinstance(para, Para)
    para.wrap(200, 10_000)
    assert all(line[0] >= -0.5 if isinstance(line, tuple) else line.extraSpace >= -0.5 for line in para.blPara.lines)


def test_paragraphs_are_reportlab_paragraphs(ctx: RenderContext) -> None:
    assert isinstance(story("<para>x</para>", ctx)[0], Paragraph)
    assert isinstance(story('<box><para>x</para></box>', ctx)[0], Table)


def test_narrow_table_cells_are_never_hyphenated(ctx: RenderContext) -> None:
    table = story('<table widths="12%,88%"><row><cell>internationalisation</cell><cell>wide enough</cell></row>'
                  "</table>", ctx)[0]
    narrow, wide = (cell[0] for cell in table._cellvalues[0])
    assert narrow.style.hyphenationLang == "" and wide.style.hyphenationLang != ""


def test_a_heading_keeps_at_least_two_lines_of_its_text_at_a_page_foot(ctx: RenderContext) -> None:
    import io

    from reportlab.pdfgen.canvas import Canvas

    from briefgen.rendering.document import KeepWithText

    heading, text = story("<heading level=\"1\">Background</heading><para>" + "word " * 300 + "</para>", ctx)
    group = KeepWithText([heading, text])
    group.canv = Canvas(io.BytesIO())
    heading_height = heading.wrap(400, 1000)[1] + heading.getSpaceAfter() + text.getSpaceBefore()
    line = text.style.leading
    parts = group.split(400, heading_height + 3.5 * line)
    assert len(parts) == 3 and parts[0] is heading
    assert parts[1].wrap(400, 1000)[1] <= 3.5 * line and len(parts[1].blPara.lines) >= 2
    moved = group.split(400, heading_height + 1.2 * line)  # room for one line only: the group moves on whole
    assert heading not in moved[:1] or len(moved) != 3


def test_a_table_breaks_leaving_two_rows_on_each_side(ctx: RenderContext) -> None:
    rows = "".join(f"<row><cell>row {n}</cell><cell>text</cell></row>" for n in range(6))
    [table] = story(f'<table widths="50%,50%" header="1"><row header="yes"><cell>h</cell><cell>h</cell></row>{rows}'
                    "</table>", ctx)
    _, height = table.wrap(400, 2000)
    row = table._rowHeights[1]
    header = table._rowHeights[0]
    assert table.split(400, header + 1.5 * row) == []  # one row would be left alone: the table moves
    first, rest = table.split(400, header + 5.5 * row)  # five rows fit, but only one would follow
    assert len(first._cellvalues) - 1 == 4 and len(rest._cellvalues) - 1 == 2
    first, rest = table.split(400, header + 3.2 * row)
    assert len(first._cellvalues) - 1 == 3 and len(rest._cellvalues) - 1 == 3


def test_a_heading_never_ends_a_column() -> None:
    """A heading whose block does not fit below it moves to the next column with that block."""
    import io

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Spacer

    from briefgen.rendering.columns import Columns

    heading = Paragraph("Key quotes", ParagraphStyle("h", fontSize=9, leading=11, keepWithNext=1))
    body = [Paragraph("Line of text. " * 8, ParagraphStyle("b", fontSize=9, leading=11)) for _ in range(3)]
    unsplittable = Spacer(100, 120)  # a quote box: moves whole
    columns = Columns([*body, heading, unsplittable, *body], count=2, gap=12)
    columns.canv = Canvas(io.BytesIO())
    columns.wrap(300, 1000)
    for column in columns.placed[:-1]:
        assert not column[-1][0].getKeepWithNext(), [type(f).__name__ for f, _ in column]
    placed = [flowable for column in columns.placed for flowable, _ in column]
    assert placed.index(unsplittable) == placed.index(heading) + 1
