"""A release edition leaves out every field of the content model that is above it, whatever the field
(issue 22 follow-up): marked indicators, unmarked fields under the brief's marking, a pack's metadata.
The model is walked, so a field added later that the release filter does not handle fails here."""

from __future__ import annotations

import io
import itertools
import types
from pathlib import Path
from typing import Annotated, Any, Iterator, Union, get_args, get_origin

import pikepdf
import pytest
import yaml
from pydantic import BaseModel
from pypdf import PdfReader

from briefgen.content.fields import ITEM_PARTS, PROSE_PARTS
from briefgen.content.model import Brief, Portion
from briefgen.products.portions import MARKING_FIELDS, UNMARKED_FIELDS
from tests.helpers import pdf_text, run, squash, write_yaml
from tests.products.test_markings import _every_string


def _models(annotation: Any) -> tuple[list[type[BaseModel]], bool]:
    """The content models an annotation holds, and whether it is a list of them."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _models(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ([] if annotation is Portion else [annotation]), False  # a prose item's own {text, marking}
    if origin is list:
        return _models(get_args(annotation)[0])[0], True
    if origin in (Union, types.UnionType):
        found = [_models(arg) for arg in get_args(annotation)]
        return [m for models, _ in found for m in models], any(listed for _, listed in found)
    return [], False


def model_fields(model: type[BaseModel], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every field of the model that holds no other model (text, numbers, lists of them), as a path (``*`` for
    a list's items)."""
    for name, info in model.model_fields.items():
        here = (*path, name)
        models, listed = _models(info.annotation)
        if not models:
            yield here
        for inner in models:
            yield from model_fields(inner, (*here, "*") if listed else here)


def data_paths(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every key of raw brief data as a path (``*`` for a list's items)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from data_paths(value, (*path, key))
    elif isinstance(data, list):
        for value in data:
            yield from data_paths(value, (*path, "*"))


PARTS = {*PROSE_PARTS, *ITEM_PARTS}


def covered(path: tuple[str, ...]) -> bool:
    """Whether the release filter handles a field: a marked part or inside one, an unmarked field it leaves
    out under a higher brief marking, the sources (kept only when a kept part cites them), or the marking."""
    inside_part = any(path[:len(part)] == part or path + ("*",) == part for part in PARTS)
    return inside_part or path in UNMARKED_FIELDS or path in MARKING_FIELDS or path[0] == "sources"


_counter = itertools.count()
SECRET: list[str] = []


def tok(public: bool = False) -> str:
    """A unique word; a secret one is recorded."""
    word = "zq" + "".join(chr(97 + int(d)) for d in f"{next(_counter):03d}")
    if not public:
        SECRET.append(word)
    return word


def s(marked: bool = True) -> dict:
    return {"text": f"Words {tok()}.", "marking": "SECRET"} if marked else {}


def every_field_brief(image: str) -> dict:
    """A brief with every field of the model filled, every part SECRET but the title, the summary and the
    outlook's summary (so the outlook's other fields are tested one by one)."""
    public_source = tok(public=True)
    return {
        "id": "everything", "date": "2026-11-30", "classification": "SECRET", "caveats": ["NOFORN"], "tlp": "AMBER",
        "likelihood_scale": "ICD-203", "language": "en",
        "title": {"text": f"Public title {tok(True)}", "marking": "UNCLASSIFIED"},
        "subtitle": f"Subtitle {tok()}", "authors": [f"Author {tok()}"], "organization": f"Org {tok()}",
        "audience": f"Audience {tok()}", "tags": [f"tag{tok()}"],
        "summary": {"text": f"Public summary {tok(True)} [@pub].", "marking": "UNCLASSIFIED"},
        "key_points": [{"text": f"Point {tok()} [@secret-cited].", "marking": "SECRET"}],
        "background": [s()], "implications": [s()],
        "timeline": [{"date": "2026-11", "text": f"Event {tok()}.", "sources": ["secret-cited"], "marking": "SECRET",
                      "caveats": ["NOFORN"]}],
        "key_quotes": [{"text": f"Quote {tok()}", "speaker": f"Speaker {tok()}", "role": f"Role {tok()}",
                        "date": "2026-11-02", "context": f"Context {tok()}.", "source": "secret-cited", "priority": 2,
                        "note": f"Note {tok()}", "original": {"text": f"Original {tok()}", "lang": "ko"},
                        "marking": "SECRET", "caveats": []}],
        "actors": [{"name": f"Actor {tok()}", "stance": f"Stance {tok()}", "motives": [f"Motive {tok()}."],
                    "constraints": [f"Constraint {tok()}."], "levers": [f"Lever {tok()}."], "priority": 2,
                    "marking": "SECRET", "caveats": []}],
        "outlook": {"summary": {"text": f"Public outlook {tok(True)}.", "marking": "UNCLASSIFIED"},
                    "horizon": f"Horizon {tok()}", "confidence": "moderate",
                    "scenarios": [{"title": f"Scenario {tok()}", "likelihood": "likely",
                                   "description": f"Description {tok()}.", "indicators": [f"Sign {tok()}."],
                                   "marking": "SECRET", "caveats": []}],
                    "indicators": [{"text": f"Indicator {tok()}.", "marking": "SECRET"}, f"Unmarked indicator {tok()}."]},
        "sources": [{"id": "pub", "title": f"Public source {public_source}"},
                    {"id": "secret-cited", "title": f"Source {tok()}", "publisher": f"Publisher {tok()}",
                     "author": f"Writer {tok()}", "date": "2026", "url": f"https://example.org/{tok()}",
                     "accessed": "2026-11-29", "note": f"Source note {tok()}."},
                    {"id": "uncited", "title": f"Uncited {tok()}"}],
        "figures": [{"id": "photo", "image": image, "caption": f"Caption {tok()}.", "credit": f"Credit {tok()}",
                     "alt": f"Alt {tok()}", "source": "secret-cited", "after": "background", "priority": 3,
                     "marking": "SECRET", "caveats": []},
                    {"id": "chart", "caption": f"Chart caption {tok()}.", "after": "timeline", "marking": "SECRET",
                     "chart": {"kind": "bar", "x": [f"x{tok()}", f"x{tok()}"], "unit": f"unit {tok()}",
                               "title": f"Chart title {tok()}",
                               "series": [{"name": f"Series {tok()}", "values": [1, 2]}]}}],
    }


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    from PIL import Image

    folder = tmp_path_factory.mktemp("everything")
    Image.new("RGB", (600, 300), (40, 90, 160)).save(folder / f"{tok()}.png")
    image = next(folder.glob("*.png")).name
    data = every_field_brief(image)
    (folder / "brief.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return folder, data


def test_the_every_field_brief_fills_every_field_and_the_release_filter_handles_each() -> None:
    fields = set(model_fields(Brief))
    filled = set(data_paths(every_field_brief("a.png")))
    assert sorted(fields - filled) == []  # a new field: fill it in every_field_brief with a secret token
    assert sorted(path for path in fields if not covered(path)) == []  # … and make the release filter handle it


@pytest.mark.parametrize("fmt", ["one-page", "long-form"])
def test_a_release_prints_no_word_of_any_field_above_it(everything: tuple[Path, dict], fmt: str, capsys) -> None:
    folder, _ = everything
    code, _, err = run(capsys, "build", folder / "brief.yaml", "--out", folder, "--format", fmt,
                       "--release", "UNCLASSIFIED")
    assert code == 0, err
    pdf = (folder / f"everything-{fmt}-release-unclassified.pdf").read_bytes()
    found = _every_string(pdf).lower()
    assert [word for word in SECRET if word in found] == []
    public = squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "(U)Publictitle" in public and "(U)Publicsummary" in public and "SECRET" not in found.upper()
    if fmt == "long-form":
        assert "(U)Publicoutlook" in public and "Publicsource" in public


def test_indicators_carry_a_marking_and_an_unmarked_one_takes_the_brief_s(everything: tuple[Path, dict],
                                                                           capsys) -> None:
    folder, data = everything
    code, _, err = run(capsys, "build", folder / "brief.yaml", "--out", folder, "--format", "long-form")
    assert code == 0, err
    text = squash("".join(pdf_text(folder / "everything-long-form.pdf")))
    marked, unmarked = (str(item["text"] if isinstance(item, dict) else item).split()[-1].rstrip(".")
                        for item in data["outlook"]["indicators"])
    assert f"(S)Indicator{marked}" in text and f"(S//NF·TLP:AMBER)Unmarkedindicator{unmarked}" in text
    code, _, err = run(capsys, "build", folder / "brief.yaml", "--out", folder, "--format", "long-form",
                       "--release", "UNCLASSIFIED", "--verbose")
    assert code == 0, err
    assert "outlook.indicators[0]" in err and "outlook.indicators[1]" in err


def test_a_pack_release_keeps_a_higher_brief_s_tags_out_of_its_metadata(everything: tuple[Path, dict],
                                                                         capsys) -> None:
    folder, data = everything
    tag = data["tags"][0]
    for release in ("", "release: UNCLASSIFIED\n"):
        manifest = write_yaml(folder, f"title: Desk pack\ndate: 2026-11-30\n{release}items:\n"
                                      "  - {brief: brief.yaml, format: one-page}\n", "pack.yaml")
        code, _, err = run(capsys, "pack", manifest, "--out", folder / "pack.pdf")
        assert code == 0, err
        with pikepdf.open(folder / "pack.pdf") as pdf:
            keywords = str(pdf.docinfo.get("/Keywords", ""))
            xmp = pdf.Root.Metadata.read_bytes().decode()
        if not release:  # the full edition: its tags are the pack's keywords
            assert tag in keywords and tag in xmp
    assert tag not in keywords and tag not in xmp
    found = _every_string((folder / "pack.pdf").read_bytes()).lower()
    assert [word for word in SECRET if word in found] == []


def test_an_unmarked_part_takes_the_brief_s_classification_not_a_part_s_caveat(tmp_path: Path, capsys) -> None:
    brief = write_yaml(tmp_path, """\
title: Ferry schedules change
date: 2026-11-30
classification: OFFICIAL-SENSITIVE
summary: The operator cuts two night sailings from January.
key_points:
  - The cuts follow a fall in freight bookings.
  - {text: A partner service links the cuts to a customs inquiry., marking: OFFICIAL-SENSITIVE, caveats: [UK EYES ONLY]}
""", "ferry.yaml")
    code, _, err = run(capsys, "build", brief, "--out", tmp_path, "--format", "long-form")
    assert code == 0, err
    pages = pdf_text(tmp_path / "ferry-long-form.pdf")
    text = "".join(pages)
    assert "(OS) Ferry schedules change" in text and "(OS) The cuts follow" in text
    assert "(OS UKEO) A partner service" in text and text.count("(OS UKEO)") == 1
    assert all(page.count("OFFICIAL-SENSITIVE UK EYES ONLY") >= 2 for page in pages)  # the banner: every part
    assert "HANDLING\nOFFICIAL-SENSITIVE UK EYES ONLY\n" in pages[0]  # the cover: the banner in full


def test_the_cover_shows_handling_when_only_parts_are_marked(tmp_path: Path, capsys) -> None:
    brief = write_yaml(tmp_path, """\
title: {text: Grain exports resume, marking: UNCLASSIFIED}
date: 2026-11-30
tlp: GREEN
summary: {text: Two ships left port this week., marking: CONFIDENTIAL}
""", "grain.yaml")
    code, _, err = run(capsys, "build", brief, "--out", tmp_path, "--format", "long-form")
    assert code == 0, err
    cover = pdf_text(tmp_path / "grain-long-form.pdf")[0]
    assert "HANDLING\nCONFIDENTIAL · TLP:GREEN\n" in cover and "(C) Two ships" in cover
