"""One-page fitting: always one page, omissions reported, the core or a clean failure."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen.products.build import build_brief
from briefgen.products.jobs import omission_messages
from briefgen.errors import FitError
from briefgen.layouts.layout import load_layout
from briefgen.content.load import load_text
from briefgen.text.styles import StyleSheet
from briefgen.content.validate import validate_brief
from tests.helpers import pdf_text, run, squash, write_yaml
from tests.dense import dense_brief, sentence

FLOOR = load_layout("one-page").get("fitting", "type", "floor")


def validated(data: dict, name: str = "dense.yaml"):
    return validate_brief(load_text(name, yaml.safe_dump(data, sort_keys=False, allow_unicode=True)))


def test_huge_brief_fits_one_page_with_its_core(tmp_path: Path, capsys) -> None:
    data = dense_brief()
    path = write_yaml(tmp_path, data, "dense.yaml")
    code, _, err = run(capsys, "build", path, "--format", "one-page", "--verbose", "--out", tmp_path)
    assert code == 0
    pdf = tmp_path / "dense-one-page.pdf"
    assert len(PdfReader(pdf).pages) == 1
    text = squash(pdf_text(pdf)[0])
    quotes = sorted(enumerate(data["key_quotes"]), key=lambda p: (p[1]["priority"], p[0]))
    core = [data["title"], data["summary"], data["background"][0].replace(" [@s1]", ""), quotes[0][1]["text"],
            data["outlook"]["summary"]]
    core += [a["name"] for a in data["actors"] if a["priority"] == 1]
    core += [a["motives"][0] for a in data["actors"] if a["priority"] == 1]
    for field in core:
        assert squash(field) in text, field
    omissions = [line for line in err.splitlines() if ": one-page: omitted " in line]
    assert len(omissions) > 100
    quotes_left_out = [line for line in omissions if "omitted key_quotes[" in line]
    assert f"{path}:" in quotes_left_out[0] and quotes_left_out[0].endswith("(priority 5) to fit")
    assert "Shortened to fit one page" in pdf_text(pdf)[0]


def test_omission_message_format() -> None:
    data = dense_brief(paragraphs=3, quotes=6, actors=2, events=2, scenarios=2)
    v = validated(data, "b.yaml")
    built = build_brief(v, "one-page")
    messages = [m.text for m in omission_messages(v, built.omitted)]
    quote_lines = [m for m in messages if "key_quotes" in m]
    assert quote_lines and all(m.startswith("b.yaml:") for m in quote_lines)
    assert quote_lines[0].split(": ", 1)[1] == "one-page: omitted key_quotes[3] (priority 5) to fit"


def test_lowest_priority_quotes_go_first() -> None:
    data = dense_brief(paragraphs=1, quotes=10, actors=1, events=0, scenarios=1, key_points=1)
    built = build_brief(validated(data), "one-page")
    kinds = [o.kind for o in built.omitted]
    dropped = [int(o.label.split()[-1]) for o in built.omitted if o.kind == "quote"]
    assert dropped == sorted(dropped, reverse=True)
    assert kinds == sorted(kinds, key=load_layout("one-page").get("fitting", "omit").index)


def test_brief_that_fits_is_untouched() -> None:
    built = build_brief(validated(yaml.safe_load(Path("tests/fixtures/minimal.yaml").read_text())), "one-page")
    assert built.omitted == [] and built.scaling.type_scale == 1 and built.scaling.space_scale == 1


def test_core_that_cannot_fit_fails_cleanly(tmp_path: Path, capsys) -> None:
    data = dense_brief(paragraphs=2, quotes=2, actors=1, events=0, scenarios=1, summary_words=1200)
    path = write_yaml(tmp_path, data, "long.yaml")
    previous = tmp_path / "long-brief-one-page.pdf"
    data_ok = dict(data, summary="Short.", id="long-brief")
    write_yaml(tmp_path, data_ok, "ok.yaml")
    assert run(capsys, "build", tmp_path / "ok.yaml", "--format", "one-page", "--out", tmp_path)[0] == 0
    before = previous.read_bytes()
    write_yaml(tmp_path, dict(data, id="long-brief"), "long.yaml")
    code, _, err = run(capsys, "build", path, "--format", "one-page", "--out", tmp_path)
    assert code == 1
    assert "Traceback" not in err
    assert "one-page: the core does not fit on one page" in err and "overflows by" in err
    assert f"{path}:6: summary (1200 words)" in err
    assert previous.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_strict_refuses_to_omit(tmp_path: Path, capsys) -> None:
    path = write_yaml(tmp_path, dense_brief(paragraphs=8), "strict.yaml")
    code, _, err = run(capsys, "build", path, "--format", "one-page", "--strict", "--out", tmp_path)
    assert code == 1 and "--strict" in err and "nothing was written for this brief" in err
    assert not list(tmp_path.glob("*.pdf"))


def test_strict_failure_writes_neither_format_and_says_so(tmp_path: Path, capsys) -> None:
    path = write_yaml(tmp_path, dense_brief(paragraphs=8), "strict.yaml")
    code, _, err = run(capsys, "build", path, "--strict", "--out", tmp_path / "out")
    assert code == 1 and err.strip().endswith(f"{path}: nothing was written for this brief")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


sizes = st.fixed_dictionaries({
    "paragraphs": st.integers(1, 40), "quotes": st.integers(1, 25), "actors": st.integers(1, 10),
    "events": st.integers(0, 20), "scenarios": st.integers(0, 7), "summary_words": st.integers(5, 700),
    "key_points": st.integers(1, 8),
})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sizes)
def test_property_one_page_or_clean_failure(size: dict) -> None:
    v = validated(dense_brief(**size))
    try:
        built = build_brief(v, "one-page")
    except FitError as exc:
        assert "the core does not fit" in str(exc)
        return
    assert len(PdfReader(__import__("io").BytesIO(built.pdf)).pages) == 1
    assert StyleSheet(load_layout("one-page"), built.scaling).paragraph("body").fontSize >= FLOOR


def test_sentence_helper_is_deterministic() -> None:
    assert sentence(3) == sentence(3)


def test_priority_one_quotes_are_never_omitted(tmp_path: Path, capsys) -> None:
    data = dense_brief(paragraphs=6, quotes=8)
    for index, quote in enumerate(data["key_quotes"]):
        quote["priority"] = 1 if index in (2, 5) else 5
        quote["text"] = f"Must keep number {index}. " + quote["text"] if index in (2, 5) else quote["text"]
    path = write_yaml(tmp_path, data, "keep.yaml")
    code, _, err = run(capsys, "build", path, "--format", "one-page", "--verbose", "--out", tmp_path)
    assert code == 0, err
    text = squash(pdf_text(tmp_path / "keep-one-page.pdf")[0])
    assert squash("Must keep number 2.") in text and squash("Must keep number 5.") in text
    assert "key_quotes[2]" not in err and "key_quotes[5]" not in err


def test_priority_one_items_that_cannot_fit_fail_like_the_core_naming_them(tmp_path: Path, capsys) -> None:
    data = dense_brief(paragraphs=2, quotes=12)
    for quote in data["key_quotes"]:
        quote["priority"] = 1
        quote["text"] = " ".join([quote["text"]] * 4)
    path = write_yaml(tmp_path, data, "over.yaml")
    code, _, err = run(capsys, "build", path, "--format", "one-page", "--out", tmp_path)
    assert code == 1 and "the core does not fit on one page" in err
    assert "Items that must stay (priority 1): key_quotes[0], key_quotes[1]" in err
    assert not (tmp_path / "over-one-page.pdf").exists()


def test_an_omitted_actor_is_reported_once_not_with_each_of_its_parts(tmp_path: Path, capsys) -> None:
    data = dense_brief(paragraphs=30, actors=12)
    path = write_yaml(tmp_path, data, "actors.yaml")
    code, _, err = run(capsys, "build", path, "--format", "one-page", "--verbose", "--out", tmp_path)
    assert code == 0
    omitted = [line.split("omitted ", 1)[1].split(" ")[0] for line in err.splitlines() if "one-page: omitted" in line]
    actors = {path for path in omitted if re.fullmatch(r"actors\[\d+\]", path)}
    assert actors and not any(path.startswith(tuple(f"{actor}." for actor in actors)) for path in omitted)


def test_one_pager_lists_only_the_sources_it_cites_in_order_of_first_citation(tmp_path: Path, capsys) -> None:
    data = dense_brief(paragraphs=2, quotes=2, actors=1, events=0, scenarios=1)
    data["sources"] = [{"id": "s1", "title": "Never cited"}, {"id": "s2", "title": "Cited second", "publisher": "Two"},
                       {"id": "s3", "title": "Cited first", "publisher": "Three"}]
    data["summary"] = "The bottom line [@s3]."
    data["background"] = ["First paragraph [@s2] and again [@s3]."]
    for quote in data["key_quotes"]:
        quote.pop("source", None)
    for event in data.get("timeline", []):
        event["sources"] = []
    path = write_yaml(tmp_path, data, "cites.yaml")
    assert run(capsys, "build", path, "--format", "one-page", "--out", tmp_path)[0] == 0
    text = " ".join(pdf_text(tmp_path / "cites-one-page.pdf")[0].split())
    assert "Sources. 1 Three. · 2 Two." in text and "Never cited" not in text
    assert "The bottom line1." in text.replace(" 1.", "1.")
