"""Stage 3: templates emit the block description; content stays data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from briefgen.compose.template import compose, long_date, short_date
from briefgen.errors import LayoutError
from briefgen.layouts.layout import load_layout
from briefgen.content.load import load_text
from briefgen.content.validate import validate_brief
from tests.helpers import EXAMPLE, FIXTURES, ROOT, minimal


def validated(path: Path = EXAMPLE):
    return validate_brief(load_text(str(path), path.read_text(encoding="utf-8")))


def test_one_page_blocks_mark_optional_items() -> None:
    root = compose(validated(), load_layout("one-page")).root
    assert root.tag == "document"
    optional = [el.get("path") for el in root.iter() if el.get("omit") == "quote"]
    assert optional == ["key_quotes[1]", "key_quotes[2]", "key_quotes[3]", "key_quotes[4]"]
    assert root.find(".//quote[@omit]") is not None and root.findall(".//quote")[0].get("omit") is None


def test_long_form_has_every_section() -> None:
    root = compose(validated(), load_layout("long-form")).root
    headings = [" ".join("".join(h.itertext()).split()) for h in root.iter("heading") if h.get("level") == "1"]
    assert headings == ["Contents", "Key points", "Background", "Timeline", "Key quotes", "Actors",
                        "Outlook", "Implications", "Sources"]


def test_content_is_data_not_markup_or_template_code() -> None:
    root = compose(validated(FIXTURES / "hostile.yaml"), load_layout("long-form")).root
    title = root.find("para[@style='cover_title']")
    assert "".join(title.itertext()) == "Escaping <b>test</b> & {{ brief.title }} {% if x %}"
    assert list(title) == []  # no element came from the content


def test_dates() -> None:
    assert long_date("2024-02-15") == "15 February 2024"
    assert long_date("2022-06") == "June 2022"
    assert short_date("2019") == "2019"
    assert short_date("2024-01-05") == "5 Jan 2024"


def _layout_copy(tmp_path: Path, template_text: str) -> str:
    folder = tmp_path / "broken"
    shutil.copytree(ROOT / "briefgen" / "layouts" / "one-page", folder)
    (folder / "layout.yaml").write_text(
        (folder / "layout.yaml").read_text(encoding="utf-8").replace("extends: base", f"extends: {ROOT / 'briefgen' / 'layouts' / 'base'}"),
        encoding="utf-8")
    (folder / "templates" / "brief.xml.j2").write_text(template_text, encoding="utf-8")
    return str(folder)


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    layout = load_layout(_layout_copy(tmp_path, "<document>\n{% if %}\n</document>\n"))
    with pytest.raises(LayoutError, match=r"brief\.xml\.j2:2: template error: Expected an expression"):
        compose(validated(), layout)


def test_undefined_name_in_template_names_file_and_line(tmp_path: Path) -> None:
    layout = load_layout(_layout_copy(tmp_path, "<document>\n<para>{{ brief.no_such_field }}</para>\n</document>\n"))
    with pytest.raises(LayoutError, match=r"templates/brief\.xml\.j2:2: template error: .*no_such_field"):
        compose(validated(), layout)


def test_invalid_block_xml_is_reported(tmp_path: Path) -> None:
    layout = load_layout(_layout_copy(tmp_path, "<document><para></document>\n"))
    with pytest.raises(LayoutError, match="produced invalid block XML"):
        compose(validated(), layout)


def test_minimal_brief_composes_without_optional_sections() -> None:
    path = FIXTURES / "minimal.yaml"
    root = compose(validated(path), load_layout("long-form")).root
    assert root.find(".//timeline-chart") is None
    assert yaml.safe_load(path.read_text()) == minimal()


def test_the_summary_is_printed_once_unless_the_layout_asks(tmp_path) -> None:
    root = compose(validated(), load_layout("long-form")).root
    summary_paragraphs = [p for p in root.iter("para") if p.get("style") in ("lead", "bluf_cover")]
    assert [p.get("style") for p in summary_paragraphs] == ["bluf_cover"]
    house = tmp_path / "house"
    house.mkdir()
    (house / "layout.yaml").write_text(f"extends: {ROOT / 'briefgen' / 'layouts' / 'long-form'}\nrepeat_summary: true\n")
    again = compose(validated(), load_layout(str(house))).root
    assert [p.get("style") for p in again.iter("para") if p.get("style") in ("lead", "bluf_cover")] == \
        ["bluf_cover", "lead"]


def test_actor_matrix_has_no_unexplained_rank() -> None:
    root = compose(validated(), load_layout("long-form")).root
    header = [" ".join("".join(c.itertext()).split()) for c in root.iter("cell") if c.get("style") == "table_head"]
    assert "Priority" not in header and "Main lever" in header


def _composed(data: dict, layout: str):
    return compose(validate_brief(load_text("b.yaml", yaml.safe_dump(data, sort_keys=False, allow_unicode=True))),
                   load_layout(layout)).root


def _headings(root) -> list[str]:
    return [" ".join("".join(h.itertext()).split()) for h in root.iter("heading")]


def test_a_flash_note_has_no_empty_sections() -> None:
    flash = {"title": "Launch", "date": "2024-03-18", "summary": "A missile flew."}
    assert _headings(_composed(flash, "one-page")) == []
    assert _headings(_composed(flash, "long-form")) == ["Contents"]  # composed; the note edition drops it
    with_quote = {**flash, "key_quotes": [{"text": "No comment.", "speaker": "A spokesman"}]}
    assert _headings(_composed(with_quote, "one-page")) == ["Key quotes"]
    assert _headings(_composed(with_quote, "long-form")) == ["Contents", "Key quotes"]


def test_an_event_cites_each_source_once() -> None:
    data = minimal(timeline=[{"date": "2024", "text": "Talks failed [@s1].", "sources": ["s1", "s2", "s2"]}],
                   sources=[{"id": "s1", "title": "One"}, {"id": "s2", "title": "Two"}])
    for layout in ("one-page", "long-form"):
        cells = [cell for cell in _composed(data, layout).iter("cell") if "Talks failed" in "".join(cell.itertext())]
        assert [(cite.get("n"), cite.get("ref")) for cite in cells[0].iter("cite")] == [("1", "s1"), ("2", "s2")]


def test_a_title_in_its_own_quotation_marks_is_not_quoted_twice() -> None:
    data = minimal(language="fr", sources=[{"id": "s1", "title": "«Une guerre « sans fin »»", "publisher": "Le Monde"},
                                           {"id": "s2", "title": 'Le rapport "Paix" publié'}])
    entries = ["".join(item.itertext()) for item in _composed(data, "long-form").iter("item")
               if item.find("anchor") is not None]
    assert entries == ["«\u202fUne guerre “sans fin”.\u202f» Le Monde.", "«\u202fLe rapport “Paix” publié.\u202f»"]


def test_names_speakers_and_cells_carry_their_language_spans() -> None:
    data = minimal(key_quotes=[{"text": "q", "speaker": "Kishida Fumio [岸田文雄]{lang=ja}", "role": "**PM**"}],
                   actors=[{"name": "[김여정]{lang=ko}", "stance": "Open <x>", "motives": ["m"]}])
    root = _composed(data, "long-form")
    spans = {("".join(span.itertext()), span.get("lang")) for span in root.iter("span") if span.get("lang")}
    assert spans == {("岸田文雄", "ja"), ("김여정", "ko")}
    attribution = next(p for p in root.iter("para") if p.get("style") == "attribution")
    assert "".join(attribution.itertext()).startswith("— Kishida Fumio 岸田文雄, **PM**")  # as written, not as markup
    stance = next(p for p in root.iter("para") if p.get("style") == "stance")  # one actor: no table at a glance
    assert "".join(stance.itertext()) == "Open <x>"


def test_at_a_glance_leaves_out_a_column_that_would_be_all_dashes() -> None:
    actors = [{"name": "Government of Egypt", "stance": "Wants rules", "motives": ["Water security"]},
              {"name": "Government of Ethiopia", "stance": "No constraints", "motives": ["Power"]}]
    root = _composed(minimal(actors=actors), "long-form")
    header = next(row for row in root.iter("row") if row.get("header") == "yes")
    assert ["".join(cell.itertext()) for cell in header] == ["Actor", "Stance", "Main motive"]
