"""New content never breaks the page (issue 21): briefs a stranger writes, built for real and read back.

Citations print once and collapse into ranges; quotations nest the language's way; names
in language spans are set in their own glyph forms; a flash note (title, date and summary
alone) builds in both products and in a pack without an empty heading.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import pdf_text, write_yaml
from tests.structure import read_tree

CITED = """\
title: Talks on the dam
date: 2024-03-18
summary: >-
  Talks resumed [@s2][@s4][@s3] and stalled again [@s1; @s1]; both sides blamed the other [@s2][@s5].
timeline:
  - date: 2024-02
    text: The third round failed [@s1]
    sources: [s1]
  - date: 2024-03
    text: A fourth round was called off.
    sources: [s4, s4, s2]
sources:
  - {id: s1, title: First report, publisher: One}
  - {id: s2, title: Second report, publisher: Two}
  - {id: s3, title: Third report, publisher: Three}
  - {id: s4, title: Fourth report, publisher: Four}
  - {id: s5, title: Fifth report, publisher: Five}
"""

NAMES = """\
title: Tokyo's line on the summit
date: 2024-03-18
summary: The prime minister repeated his offer.
key_quotes:
  - text: I want to meet him without conditions.
    speaker: Kishida Fumio [岸田文雄]{lang=ja}
    role: Prime Minister of Japan
    priority: 1
actors:
  - name: "[岸田文雄]{lang=ja}"
    stance: Wants a summit
    priority: 1
    motives: [Progress on the abductions]
  - name: 岸田文雄 without a span
    motives: [A control in the default glyph forms]
"""

FRENCH = """\
title: Le barrage
date: 2024-03-18
language: fr
summary: Les pourparlers ont repris.
key_quotes:
  - text: Nous refusons ce "sommet" de façade.
    speaker: Un porte-parole
    priority: 1
sources:
  - {id: s1, title: "«Une guerre sans fin»", publisher: Le Monde}
"""

FLASH = """\
title: Missile launch over the Sea of Japan
date: 2024-03-18
summary: North Korea fired a ballistic missile at 07:44 local time; it fell outside Japan's exclusive economic zone.
"""

PACK = """\
title: Morning pack
date: 2024-03-18
items:
  - {brief: ../flash.yaml, format: one-page}
  - {brief: ../flash.yaml, format: long-form}
"""

EMPTY_SECTIONS = ("BACKGROUND", "KEY QUOTES", "ACTORS", "OUTLOOK", "Background", "Key quotes", "Actors", "Outlook",
                  "At a glance", "TIMELINE", "Timeline", "IMPLICATIONS", "SOURCES", "Sources")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new-content")
    paths = [write_yaml(folder, text, f"{name}.yaml") for name, text in
             (("cited", CITED), ("names", NAMES), ("french", FRENCH), ("flash", FLASH))]
    from briefgen.interface.cli import main  # in-process, as tests.helpers.run does (a module fixture has no capsys)

    assert main(["build", *map(str, paths), "--out", str(folder / "out"), "--quiet"]) == 0
    (folder / "packs").mkdir()
    (folder / "packs" / "morning.yaml").write_text(PACK, encoding="utf-8")
    assert main(["pack", str(folder / "packs" / "morning.yaml"), "--out", str(folder / "out" / "pack.pdf"),
                 "--quiet"]) == 0
    return folder / "out"


def flat(pdf: Path) -> str:
    """Every page's text on one line, every kind of space as one space."""
    return " ".join(" ".join(pdf_text(pdf)).split())


def test_citations_side_by_side_print_once_as_a_range(built: Path) -> None:
    text = flat(built / "cited-long-form.pdf")
    assert "Talks resumed2–4 and stalled again1; both sides blamed the other2, 5." in text
    assert "The third round failed1 " in text  # cited in the text and in `sources`: one number
    assert "A fourth round was called off.2, 4" in text
    one_page = flat(built / "cited-one-page.pdf")  # numbered in order of first citation
    assert "Talks resumed1–3 and stalled again4; both sides blamed the other1, 5." in one_page


def test_each_number_of_a_range_links_to_its_source(built: Path) -> None:
    pdf = built / "cited-long-form.pdf"
    links = [annot.get_object() for page in PdfReader(pdf).pages for annot in page.get("/Annots", []) or []
             if annot.get_object().get("/Subtype") == "/Link"]
    to_sources = [(str(link["/Contents"]), float(link["/Dest"][3])) for link in links
                  if str(link.get("/Contents", "")).startswith("Go to source")]
    assert [name for name, _ in to_sources] == [f"Go to source {n}" for n in (2, 4, 1, 2, 5, 1, 2, 4)]
    heights = dict(to_sources)
    assert len(set(heights.values())) == 4 and all(heights[name] == y for name, y in to_sources)
    described = {kid.alt for node in read_tree(pdf).walk() if node.role == "Link" for kid in node.children
                 if kid.role == "#annot"}
    assert {"Go to source 1", "Go to source 2", "Go to source 4", "Go to source 5"} <= described


def _fonts_of(pdf: Path, needle: str) -> set[str]:
    found: set[str] = set()
    for page in PdfReader(pdf).pages:
        runs: list[tuple[str, str]] = []
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(
            (str(font.get("/BaseFont")) if font else "", text)))
        found |= {font for font, text in runs if needle in text}
    return found


def test_a_japanese_name_in_a_span_is_set_in_japanese_glyph_forms(built: Path) -> None:
    for fmt in ("one-page", "long-form"):
        pdf = built / f"names-{fmt}.pdf"
        fonts = _fonts_of(pdf, "岸田文雄")
        assert any("JP" in font for font in fonts), (fmt, fonts)
        assert "[岸田文雄]{lang=ja}" not in flat(pdf) and "岸田文雄" in flat(pdf)
        content = b"".join(page.get_contents().get_data() for page in PdfReader(pdf).pages)
        assert b"/Span <</Lang (ja)>> BDC" in content


def test_a_name_without_a_span_keeps_the_default_glyph_forms(built: Path) -> None:
    pdf = built / "names-long-form.pdf"
    runs: list[tuple[str, str]] = []
    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(
            (str(font.get("/BaseFont")) if font else "", text)))
    control = [font for index, (font, text) in enumerate(runs) if "岸田文雄" in text
               and "without" in "".join(t for _, t in runs[index:index + 2])]
    assert control and not any("JP" in font for font in control)  # the span, not the characters, chose JP


def test_french_quotations_nest_and_a_quoted_title_is_not_quoted_twice(built: Path) -> None:
    text = flat(built / "french-long-form.pdf")
    assert "« Nous refusons ce “sommet” de façade. »" in text
    assert "« Une guerre sans fin. » Le Monde." in text and "« «" not in text
    assert "« Nous refusons ce “sommet” de façade. »" in flat(built / "french-one-page.pdf")


def test_a_flash_note_builds_without_empty_headings(built: Path) -> None:
    one_page = pdf_text(built / "flash-one-page.pdf")
    assert len(one_page) == 1 and "North Korea fired a ballistic missile" in one_page[0]
    for pdf in ("flash-one-page.pdf", "flash-long-form.pdf", "pack.pdf"):
        lines = {line.strip() for page in pdf_text(built / pdf) for line in page.splitlines()}
        assert not lines & set(EMPTY_SECTIONS), (pdf, lines & set(EMPTY_SECTIONS))
    pack = flat(built / "pack.pdf")
    assert pack.count("North Korea fired a ballistic missile") >= 2 and "Morning pack" in pack
