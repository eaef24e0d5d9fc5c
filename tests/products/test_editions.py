"""Flash notes (issue 21): each product adapts to a short brief. The long form of a short brief is a
note without a cover page or contents, one actor gets no "at a glance" table, no heading stands empty."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from briefgen.compose.passes import drop_empty_headings
from briefgen.layouts.layout import load_layout
from briefgen.products import editions
from briefgen.products.build import build_brief
from briefgen.text.styles import sheet_for
from tests.helpers import FIXTURES, minimal, outline_titles, pdf_text, run, write_yaml
from tests.products.test_fit import validated

SECTION_HEADINGS = ("Key points", "Background", "Timeline", "Key quotes", "Actors", "Outlook", "Implications")


def build(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict, name: str = "note") -> tuple[Path, Path]:
    path = write_yaml(tmp_path, data, f"{name}.yaml")
    code, _, err = run(capsys, "build", path, "--out", tmp_path)
    assert code == 0, err
    return tmp_path / f"{name}-one-page.pdf", tmp_path / f"{name}-long-form.pdf"


def test_the_smallest_brief_makes_a_one_page_long_form_without_contents_or_glance(tmp_path: Path, capsys) -> None:
    one_page, long_form = build(tmp_path, capsys, minimal())
    assert len(PdfReader(one_page).pages) == 1
    pages = pdf_text(long_form)
    assert len(pages) <= 2
    text = " ".join(pages)
    assert "Contents" not in text and "At a glance" not in text
    assert "Minimal brief" in pages[0] and "Only the required keys." in pages[0]  # the title block heads page one
    assert "Nothing further expected." in text


def test_a_long_form_of_one_page_or_two_is_the_same_every_time(tmp_path: Path) -> None:
    first = build_brief(validated(minimal()), "long-form").pdf
    assert first == build_brief(validated(minimal()), "long-form").pdf


def test_at_a_glance_needs_two_actors(tmp_path: Path, capsys) -> None:
    two = minimal(actors=[{"name": "Someone", "motives": ["To be brief"]},
                          {"name": "Someone else", "motives": ["To be heard"]}])
    text = " ".join(pdf_text(build(tmp_path, capsys, two, "two")[1]))
    assert "At a glance" in text and "Someone else" in text


def test_a_long_brief_keeps_its_cover_and_contents(tmp_path: Path, capsys) -> None:
    path = FIXTURES / "stranger-long.yaml"
    assert run(capsys, "build", path, "--format", "long-form", "--out", tmp_path)[0] == 0
    pages = pdf_text(tmp_path / "stranger-long-long-form.pdf")
    assert len(pages) > 3
    assert "Contents" in pages[1] and "Background" not in pages[0]
    assert "At a glance" in " ".join(pages)


def test_a_three_field_note_is_a_one_pager_and_a_long_form_of_at_most_two_pages(tmp_path: Path, capsys) -> None:
    data = {"title": "Port strike ends", "date": "2025-06-12",
            "summary": "The dock workers' union accepted the offer overnight; loading resumes on Monday."}
    one_page, long_form = build(tmp_path, capsys, data, "flash")
    assert len(PdfReader(one_page).pages) == 1
    assert len(PdfReader(long_form).pages) <= 2
    for pdf in (one_page, long_form):
        text = " ".join(pdf_text(pdf))
        assert "Port strike ends" in text and "loading resumes on Monday" in text
        assert "Contents" not in text and "At a glance" not in text
        assert not [title for _, title in outline_titles(pdf) if title.startswith(SECTION_HEADINGS)]


def blocks(xml: str) -> ET.Element:
    return ET.fromstring(f"<document>{xml}</document>")


def test_headings_with_nothing_under_them_are_dropped() -> None:
    root = blocks('<heading level="1">Empty</heading><heading level="1">Full</heading><para>text</para>'
                  '<heading level="1">Parent</heading><heading level="2">Child</heading><para>text</para>'
                  '<heading level="1">Only a sub-heading</heading><heading level="2">Alone</heading>'
                  '<page-break/><section><heading level="1">Section</heading></section>'
                  '<section><heading level="1">Kept</heading><list><item>x</item></list></section>')
    drop_empty_headings(root)
    assert [h.text for h in root.iter("heading")] == ["Full", "Parent", "Child", "Kept"]
    assert len(root.findall("section")) == 1


def test_an_edition_keeps_its_own_blocks_and_styles() -> None:
    root = blocks('<para style="cover_title" style-note="note_title">T</para>'
                  '<page-break template="body" editions="cover full"/><next-template name="body" editions="note"/>'
                  '<toc editions="full"/><para>body</para>')
    note = editions.edition_root(root, "note")
    assert [(e.tag, e.get("style")) for e in note] == [("para", "note_title"), ("next-template", None), ("para", None)]
    assert not any(key == "editions" or key.startswith("style-") for e in note.iter() for key in e.attrib)
    full = editions.edition_root(root, "full")
    assert [e.tag for e in full] == ["para", "page-break", "toc", "para"] and full[0].get("style") == "cover_title"


def test_the_first_edition_within_its_pages_is_built_and_a_long_one_is_laid_out_once() -> None:
    layout = load_layout("long-form")
    assert [(e.name, e.pages) for e in editions.editions_of(layout)] == [("note", 2), ("cover", 3), ("full", None)]
    sheet = sheet_for(layout)
    rendered: list[str] = []

    def render(pages_of: dict[str, int]):
        def draw(root: ET.Element) -> tuple[bytes, int]:
            name = "full" if root.find("toc") is not None else "cover" if root.find("page-break") is not None \
                else "note"
            rendered.append(name)
            return name.encode(), pages_of[name]
        return draw

    root = blocks('<page-break template="body" editions="cover full"/><toc editions="full"/><para>Short.</para>')
    assert editions.choose(root, layout, sheet, (450, 700), render({"note": 3, "cover": 3, "full": 5}))[1:] \
        == (3, "cover")
    assert rendered == ["note", "cover"]
    rendered.clear()
    long = "".join(f"<para>{'words ' * 400}</para>" for _ in range(12))
    root = blocks(f'<page-break template="body" editions="cover full"/><toc editions="full"/>{long}')
    assert editions.choose(root, layout, sheet, (450, 700), render({"note": 9, "cover": 9, "full": 10}))[2] == "full"
    assert rendered == ["full"]  # the estimate says no short edition can hold it: laid out once


def test_a_heading_before_a_kept_group_goes_with_it(tmp_path: Path, capsys) -> None:
    """A two-page note whose "Actors" heading falls at the foot of page one: it moves on with the actor."""
    data = yaml.safe_load((FIXTURES / "stranger-long.yaml").read_text(encoding="utf-8"))
    for key in ("key_points", "timeline", "implications", "subtitle"):
        data.pop(key)
    data.update(background=data["background"][:1], key_quotes=data["key_quotes"][:1], actors=data["actors"][:1])
    data["outlook"]["scenarios"] = []
    pages = pdf_text(build(tmp_path, capsys, data, "kept")[1])
    assert len(pages) == 2 and "Contents" not in " ".join(pages)
    [page] = [page for page in pages if "\nActors\n" in f"\n{page}\n"]
    assert "Coastal state government" in page
