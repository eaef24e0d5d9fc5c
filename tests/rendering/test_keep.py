"""A heading, and the timeline chart under it, stay with the first two rows of the table that follows."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

from briefgen.layouts.layout import load_layout
from briefgen.rendering.blocks import build_story
from briefgen.rendering.context import RenderContext
from briefgen.rendering.document import KeepWithText
from briefgen.text.styles import StyleSheet

ROWS = "".join(f'<row><cell>{n}</cell><cell>2024-03-{n:02d}</cell><cell>Event {n}</cell></row>' for n in range(1, 9))
TIMELINE = ('<heading level="1">Timeline</heading><timeline-chart style="timeline_chart">'
            + "".join(f'<event date="2024-03-{n:02d}"/>' for n in range(1, 9)) + "</timeline-chart>"
            '<table widths="10%,20%,70%" header="1"><row header="yes"><cell>No.</cell><cell>Date</cell>'
            f"<cell>Event</cell></row>{ROWS}</table>")


def group() -> tuple[KeepWithText, list, float, float]:
    """The group the document template makes, the height of its heading and chart, and of a row."""
    ctx = RenderContext(StyleSheet(load_layout("long-form")), 400)
    story = build_story(list(ET.fromstring(f"<document>{TIMELINE}</document>")), ctx)
    heading, chart, table = story
    assert heading.getKeepWithNext() and chart.getKeepWithNext()  # the layout keeps the chart with its table
    kept = KeepWithText(story)
    kept.canv = Canvas(io.BytesIO())
    heads = heading.wrap(400, 1000)[1] + heading.getSpaceAfter() + chart.wrap(400, 1000)[1] + chart.getSpaceBefore() \
        + chart.getSpaceAfter() + table.getSpaceBefore()
    table.wrap(400, 1000)
    return kept, story, heads, table._rowHeights[1]


def test_heading_and_chart_keep_the_header_and_two_rows() -> None:
    kept, (heading, chart, table), heads, row = group()
    header = table._rowHeights[0]
    parts = kept.split(400, heads + header + 2.5 * row)
    assert parts[:2] == [heading, chart] and len(parts) == 4
    first, rest = parts[2:]
    assert isinstance(first, Table) and len(first._cellvalues) == 3  # header and two rows
    assert rest._cellvalues[0][0][0].text == "No."  # the header row repeats where the table goes on


def test_room_for_one_row_moves_the_whole_group_on() -> None:
    kept, (heading, chart, table), heads, row = group()
    parts = kept.split(400, heads + table._rowHeights[0] + 1.5 * row)
    assert [type(p).__name__ for p in parts] == ["_FrameBreak", "Heading", "TimelineChart", "LayoutTable"]
    assert parts[-1] is table  # nothing split off: the group goes to the next page whole
