"""Markings as a desk uses them (issue 22): portion marks, caveats, TLP beside a level, release
editions, packs marked dimension by dimension, unmarked briefs that warn. Checked on real PDFs."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import yaml
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen.content.load import load_text
from briefgen.content.validate import validate_brief
from briefgen.layouts.layout import load_layout
from briefgen.layouts.marking_checks import marking_check
from briefgen.products.build import build_brief
from tests.helpers import FIXTURES, outline_titles, pdf_text, run, squash, write_yaml

MARKINGS = FIXTURES / "markings"
BRIEF = MARKINGS / "port-lease.yaml"

# The words of port-lease.yaml's CONFIDENTIAL parts that no UNCLASSIFIED part (nor the furniture) uses.
SECRET_WORDS = ["liaison", "lobbying", "Intercepted", "sweetener", "dredging", "Haverly", "Osgood", "buried",
                "Falk", "rival", "constituency", "reopened",
                "LR-2611", "Tessaly"]  # the source only a CONFIDENTIAL part cites goes too


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """port-lease.yaml built in full and as its UNCLASSIFIED release, both formats."""
    out = tmp_path_factory.mktemp("marked")
    from briefgen.interface.cli import main

    assert main(["build", str(BRIEF), "--out", str(out), "-q"]) == 0
    assert main(["build", str(BRIEF), "--out", str(out), "--release", "UNCLASSIFIED", "-q"]) == 0
    return out


@pytest.mark.parametrize("fmt", ["one-page", "long-form"])
def test_the_banner_is_the_highest_part_with_its_caveat_on_every_page(built: Path, fmt: str) -> None:
    pages = pdf_text(built / f"port-lease-{fmt}.pdf")
    assert [page.count("CONFIDENTIAL//NOFORN") for page in pages] == \
        [3 if fmt == "long-form" and i == 0 else 2 for i in range(len(pages))]  # top and bottom (and the cover's HANDLING)
    text = squash("".join(pages))
    for before in ["(U)Harbourleasetalks", "(U)Thecouncilvotemoved", "(C//NF)Aliaisonservice",
                   "(C)Interceptedscheduling", "(C//NF)“Theministry", "(U)“Wewillnot", "(C//NF)DeputyministerFalk",
                   "(U)Renewalapproved", "(C//NF)Leasereopened", "(U)Vesselsaweek", "(C//NF)Deputyministermeets"]:
        assert before in text, before


@pytest.mark.parametrize("fmt", ["one-page", "long-form"])
def test_the_release_edition_holds_no_word_of_a_higher_part(built: Path, fmt: str) -> None:
    release = built / f"port-lease-{fmt}-release-unclassified.pdf"
    pages = pdf_text(release)
    assert [page.count("UNCLASSIFIED") for page in pages] == \
        [3 if fmt == "long-form" and i == 0 else 2 for i in range(len(pages))]  # the cover's HANDLING: the release's
    assert all("CONFIDENTIAL" not in page for page in pages)
    text = "".join(pages)
    assert [word for word in SECRET_WORDS if word in text] == []
    assert "(U) The council vote moved" in text and "(C" not in text and "Port Marlow Council" in text
    assert [t for _, t in outline_titles(release) if any(w in t for w in SECRET_WORDS)] == []
    info = PdfReader(release).metadata
    assert info["/BriefgenRelease"] == "UNCLASSIFIED" and "UNCLASSIFIED" in info["/Keywords"]
    full = built / f"port-lease-{fmt}.pdf"
    assert "/BriefgenRelease" not in PdfReader(full).metadata  # the full edition is there too
    assert "Tessaly" in "".join(pdf_text(full))


def test_a_release_reports_what_it_leaves_out_and_the_one_pager_refits(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "build", BRIEF, "--out", tmp_path, "--format", "one-page", "--release", "UNCLASSIFIED",
                       "-v")
    assert code == 0
    assert f"{BRIEF}:10: one-page: left out key_points[1] (CONFIDENTIAL//NOFORN): above the release UNCLASSIFIED" \
        in err.splitlines()
    assert "7 parts above the release left out" in err
    assert [p.name for p in tmp_path.iterdir()] == ["port-lease-one-page-release-unclassified.pdf"]


def test_a_title_above_the_release_is_an_error_naming_it(tmp_path: Path, capsys) -> None:
    text = BRIEF.read_text().replace("{text: Harbour lease talks stall before the January vote, marking: UNCLASSIFIED}",
                                     "{text: Harbour lease talks stall, marking: CONFIDENTIAL}")
    brief = write_yaml(tmp_path, text, "titled.yaml")
    code, _, err = run(capsys, "build", brief, "--out", tmp_path, "--release", "UNCLASSIFIED")
    assert code == 1 and f"{brief}:2:8: title: is marked CONFIDENTIAL, above the release UNCLASSIFIED" in err
    assert not list(tmp_path.glob("*.pdf"))
    code, _, err = run(capsys, "build", brief, "--out", tmp_path, "--release", "UNCLASSIFEID")
    assert code == 1 and "'UNCLASSIFEID' is not a level of the layout's marking schemes" in err


def test_validate_reports_every_marking_problem_located_at_once(tmp_path: Path, capsys) -> None:
    brief = write_yaml(tmp_path, """\
title: Test of markings
date: 2026-11-30
classification: UNCLASSIFIED
caveats: [NOFRN]
summary: Fine.
key_points:
  - {text: A secret point., marking: SECRET}
  - {text: A misspelt level., marking: CONFIDENTAL}
  - {text: An unknown caveat., marking: UNCLASSIFIED, caveats: [ORCN]}
actors:
  - {name: A UK actor, motives: [Unknown], marking: OFFICIAL-SENSITIVE}
""")
    code, _, err = run(capsys, "validate", brief)
    assert code == 1
    assert err.splitlines() == [
        f"{brief}:4:11: caveats[0]: 'NOFRN' is not a caveat the layout knows; did you mean 'NOFORN'?",
        f"{brief}:7:38: key_points[0].marking: key_points[0] is marked SECRET, above the brief's UNCLASSIFIED "
        "(line 3); raise the brief's marking or lower the part's",
        f"{brief}:8:40: key_points[1].marking: 'CONFIDENTAL' is not a level of the layout's marking schemes or a "
        "TLP label; did you mean 'CONFIDENTIAL'?",
        f"{brief}:9:65: key_points[2].caveats[0]: 'ORCN' is not a caveat the layout knows; did you mean 'ORCON'?",
        f"{brief}:11:53: actors[0].marking: 'OFFICIAL-SENSITIVE' cannot be ordered with the brief's classification "
        "(UNCLASSIFIED): the layout declares no equivalence between their schemes; mark every part in one scheme",
    ]


def test_a_brief_without_a_marking_warns_and_a_layout_may_require_one(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "build", MARKINGS / "unmarked.yaml", "--out", tmp_path, "--format", "one-page")
    assert code == 0 and f"{MARKINGS / 'unmarked.yaml'}:1:8: title: warning: the brief has no `classification`, " \
                         "`caveats` or `tlp`, so its pages carry no handling marking" in err
    strict = tmp_path / "strict"
    strict.mkdir()
    (strict / "layout.yaml").write_text("extends: one-page\nmarkings:\n  required: true\n  portion_marks: false\n")
    code, _, err = run(capsys, "build", MARKINGS / "unmarked.yaml", "--out", tmp_path, "--layout", strict)
    assert code == 1 and "title: the brief has no `classification`" in err
    code, _, err = run(capsys, "build", BRIEF, "--out", tmp_path, "--layout", strict)  # marks switched off
    text = "".join(pdf_text(tmp_path / "port-lease-one-page.pdf"))
    assert code == 0 and "CONFIDENTIAL//NOFORN" in text and "(U)" not in text and "(C//NF)" not in text


def test_an_unmarked_pack_of_an_official_sensitive_and_an_amber_brief_shows_both(tmp_path: Path, capsys) -> None:
    out = tmp_path / "pack.pdf"
    code, _, err = run(capsys, "pack", MARKINGS / "pack-os-amber.yaml", "--out", out)
    assert code == 0, err
    pages = pdf_text(out)
    cover, contents = pages[0], pages[1]
    assert "30 November 2026 · 2 items · OFFICIAL-SENSITIVE · TLP:AMBER" in cover
    for page in (cover, contents):
        assert page.count("OFFICIAL-SENSITIVE") >= 2 and page.count("TLP:AMBER") >= 2  # banners, and the lines
    assert "One-page brief, 1 page · TLP:AMBER" in contents


def test_a_pack_across_us_and_uk_schemes_says_how_to_relate_them_or_builds_through_an_equivalence(
        tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = MARKINGS / "pack-us-uk.yaml"
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")
    assert code == 1 and "items 1 (US), 2 (UK)" in err and "- {US: UNCLASSIFIED, UK: OFFICIAL}" in err
    house = tmp_path / "layouts" / "pack"
    house.mkdir(parents=True)
    (house / "layout.yaml").write_text("extends: pack\nmarkings:\n  equivalences:\n"
                                       "    - {US: UNCLASSIFIED, UK: OFFICIAL}\n"
                                       "    - {US: CONFIDENTIAL, UK: OFFICIAL-SENSITIVE}\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")
    assert code == 0, err
    cover = pdf_text(tmp_path / "p.pdf")[0]  # in the scheme of the item that holds the top level
    assert cover.startswith("OFFICIAL-SENSITIVE\nOFFICIAL-SENSITIVE\n") and "2 items · OFFICIAL-SENSITIVE\n" in cover


def test_a_pack_across_schemes_is_never_raised_through_a_coarse_equivalence(
        tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stranger's pack: US UNCLASSIFIED and UK OFFICIAL-SENSITIVE, a house that pairs only OFFICIAL and
    SECRET. Read into US levels OFFICIAL-SENSITIVE would become SECRET; the pack stays OFFICIAL-SENSITIVE."""
    house = tmp_path / "layouts" / "pack"
    house.mkdir(parents=True)
    (house / "layout.yaml").write_text("extends: pack\nmarkings:\n  equivalences:\n"
                                       "    - {US: UNCLASSIFIED, UK: OFFICIAL}\n    - {US: SECRET, UK: SECRET}\n")
    manifest = write_yaml(tmp_path, f"title: Joint cell\ndate: 2026-11-30\nitems:\n"
                                    f"  - {{brief: {MARKINGS / 'us-note.yaml'}, format: one-page}}\n"
                                    f"  - {{brief: {MARKINGS / 'grain-official.yaml'}, format: one-page}}\n", "pack.yaml")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")
    assert code == 0, err
    cover = pdf_text(tmp_path / "p.pdf")[0]
    assert cover.startswith("OFFICIAL-SENSITIVE\nOFFICIAL-SENSITIVE\n") and "SECRET" not in cover.replace("-SENSITIVE", "")


def test_a_pack_release_builds_every_item_as_its_release_edition(tmp_path: Path, capsys) -> None:
    manifest = write_yaml(tmp_path, f"title: Release pack\ndate: 2026-11-30\nrelease: UNCLASSIFIED\nitems:\n"
                                    f"  - {{brief: {BRIEF}, format: one-page}}\n", "pack.yaml")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")
    assert code == 0, err
    text = "".join(pdf_text(tmp_path / "p.pdf"))
    assert "CONFIDENTIAL" not in text and [w for w in SECRET_WORDS if w in text] == []


def test_a_long_banner_is_set_smaller_rather_than_run_off_the_page(tmp_path: Path, capsys) -> None:
    caveats = ["NOFORN", "ORCON", "IMCON", "PROPIN", "RELIDO", "FISA", "REL TO USA, GBR, CAN, AUS, NZL, FRA, DEU, NLD"]
    brief = write_yaml(tmp_path, {"title": "Long caveats", "date": "2026-11-30", "classification": "TOP SECRET",
                                  "caveats": caveats, "tlp": "AMBER+STRICT", "summary": "Short."})
    code, _, err = run(capsys, "build", brief, "--out", tmp_path, "--format", "one-page")
    assert code == 0, err
    text = pdf_text(tmp_path / "brief-one-page.pdf")[0]
    assert "TOP SECRET//NOFORN/ORCON/IMCON/PROPIN/RELIDO/FISA/REL TO USA, GBR, CAN, AUS, NZL, FRA, DEU, NLD" in text
    assert text.count("TLP:AMBER+STRICT") == 2  # the page invariants (conftest) check nothing overlaps or runs off


# ---------------------------------------------------------------- never print a higher part

LEVELS = ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET"]
PART_PATHS = ["key_points.0", "key_points.1", "background.0", "background.1", "timeline.0", "key_quotes.0",
              "key_quotes.1", "actors.0", "outlook.scenarios.0", "outlook.scenarios.1", "outlook.indicators.0",
              "implications.0", "figures.0"]


def _brief(marks: dict[str, str | None], caveat: set[str]) -> dict:
    def prose(key: str, words: str) -> object:
        mark = marks.get(key)
        return {"text": words, "marking": mark, **({"caveats": ["NOFORN"]} if key in caveat else {})} if mark else words

    def item(key: str, **fields: object) -> dict:
        mark = marks.get(key)
        return {**fields, **({"marking": mark} if mark else {}), **({"caveats": ["NOFORN"]} if key in caveat and mark else {})}

    return {
        "title": {"text": "Property test brief", "marking": "UNCLASSIFIED"},
        "date": "2026-11-30",
        "summary": {"text": "A summary everyone may read.", "marking": "UNCLASSIFIED"},
        "key_points": [prose("key_points.0", "First point zkpa."), prose("key_points.1", "Second point zkpb.")],
        "background": [prose("background.0", "Background zbga."), prose("background.1", "Background zbgb.")],
        "timeline": [item("timeline.0", date="2026-11-01", text="Event ztla.")],
        "key_quotes": [item("key_quotes.0", text="Quote zkqa.", speaker="Speaker zspa"),
                       item("key_quotes.1", text="Quote zkqb.", speaker="Speaker zspb")],
        "actors": [item("actors.0", name="Actor zaca", motives=["Motive zmoa."])],
        "outlook": {"summary": {"text": "Outlook for all.", "marking": "UNCLASSIFIED"},
                    "scenarios": [item("outlook.scenarios.0", title="Scenario zsca", likelihood="likely"),
                                  item("outlook.scenarios.1", title="Scenario zscb", likelihood="unlikely")],
                    "indicators": [prose("outlook.indicators.0", "Indicator zina.")]},
        "implications": [prose("implications.0", "Implication zima.")],
        "figures": [item("figures.0", id="chart", caption="Caption zfca.", after="background",
                         chart={"kind": "bar", "x": ["zxla", "zxlb"], "series": [{"name": "zsna", "values": [1, 2]}]})],
    }


TOKENS = {"key_points.0": ["zkpa"], "key_points.1": ["zkpb"], "background.0": ["zbga"], "background.1": ["zbgb"],
          "timeline.0": ["ztla"], "key_quotes.0": ["zkqa", "zspa"], "key_quotes.1": ["zkqb", "zspb"],
          "actors.0": ["zaca", "zmoa"], "outlook.scenarios.0": ["zsca"], "outlook.scenarios.1": ["zscb"], "outlook.indicators.0": ["zina"],
          "implications.0": ["zima"], "figures.0": ["zfca", "zxla", "zsna"]}


def _every_string(pdf: bytes) -> str:
    """Extracted text of the pages, and every string object (outline, Info, structure tree alt text and
    ActualText, annotations) and the XMP metadata of the file."""
    found = ["".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.String):
                found.append(str(obj))
            elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)) or isinstance(obj, pikepdf.Stream):
                values = obj.values() if not isinstance(obj, pikepdf.Array) else list(obj)
                found += [str(value) for value in values if isinstance(value, pikepdf.String)]
                found += [str(v) for value in values if isinstance(value, pikepdf.Array)
                          for v in value if isinstance(v, pikepdf.String)]
        metadata = document.Root.get("/Metadata")
        if metadata is not None:
            found.append(metadata.read_bytes().decode("utf-8", "replace"))
    return squash("\n".join(found))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(marks=st.fixed_dictionaries({path: st.sampled_from([None, *LEVELS]) for path in PART_PATHS}),
       caveat=st.sets(st.sampled_from(PART_PATHS), max_size=4),
       release=st.sampled_from(LEVELS[:2]), fmt=st.sampled_from(["one-page", "long-form"]))
def test_a_release_never_prints_a_higher_part(marks: dict, caveat: set, release: str, fmt: str) -> None:
    text = yaml.safe_dump(_brief(marks, caveat), sort_keys=False)
    layout = load_layout(fmt)
    validated = validate_brief(load_text("property.yaml", text), [marking_check(layout)])
    built = build_brief(validated, fmt, release=release)
    everything = _every_string(built.pdf)
    banner = "UNCLASSIFIED" if release == "UNCLASSIFIED" else None
    for path, level in marks.items():
        effective = level or max((m for m in marks.values() if m), key=LEVELS.index, default="UNCLASSIFIED")
        if LEVELS.index(effective) > LEVELS.index(release):
            assert [t for t in TOKENS[path] if t in everything] == [], (path, effective, release)
    if banner:
        assert "CONFIDENTIAL" not in everything and "SECRET" not in everything.replace("Secret", "")


def test_portion_marks_are_text_in_the_tagged_structure(built: Path) -> None:
    """A screen reader reads the mark: it is inside the paragraph's marked content, not an artifact."""
    from tests.structure import read_tree

    tree = read_tree(built / "port-lease-one-page.pdf")
    paragraphs = [node.all_text() for node in tree.walk() if node.role in ("LBody", "P", "TD", "Caption", "BlockQuote")]
    assert any(text.lstrip().startswith("(C//NF) A liaison service") for text in paragraphs), paragraphs[:20]
    assert any(text.lstrip().startswith("(U) Vessels a week") or "(U) Vessels a week" in text for text in paragraphs)


def test_a_release_names_what_the_one_pager_omits_by_its_place_in_the_brief_as_written() -> None:
    from briefgen.content.validate import load_brief
    from briefgen.products.portions import mark_brief

    marked = mark_brief(load_brief(BRIEF), load_layout("one-page"), "UNCLASSIFIED")
    assert marked.kept["key_points"] == [0, 2] and marked.kept["outlook.scenarios"] == [0]
    assert [marked.original(p) for p in ("key_points[1]", "actors[0].motives[0]", "outlook.scenarios[0].description",
                                         "sources")] == ["key_points[2]", "actors[0].motives[0]",
                                                         "outlook.scenarios[0].description", "sources"]
    assert [p.path for p in marked.left_out] == ["key_points[1]", "key_points[3]", "background[1]", "timeline[1]",
                                                 "key_quotes[1]", "actors[1]", "outlook.scenarios[1]"]


def test_a_tlp_release_keeps_the_parts_at_or_below_its_label(tmp_path: Path, capsys) -> None:
    brief = write_yaml(tmp_path, """\
title: {text: Scanning of port systems, marking: "TLP:CLEAR"}
date: 2026-11-29
summary: {text: Scanning rose in November., marking: "TLP:CLEAR"}
key_points:
  - {text: Sensors saw the scans from one hosting range., marking: "TLP:GREEN"}
  - {text: The partner named the victim operator Calloway Freight., marking: "TLP:AMBER"}
""", "tlp.yaml")
    code, _, err = run(capsys, "build", brief, "--out", tmp_path, "--format", "long-form", "--release", "TLP:GREEN")
    assert code == 0, err
    text = "".join(pdf_text(tmp_path / "tlp-long-form-release-tlp-green.pdf"))
    assert "Calloway" not in text and "(TLP:GREEN) Sensors saw" in text
    assert "TLP:AMBER" not in text and text.count("TLP:GREEN") >= 2  # the banner: the highest part kept


def test_duplex_blank_pages_of_a_pack_carry_both_dimensions(tmp_path: Path, capsys) -> None:
    manifest = write_yaml(tmp_path, f"title: Duplex pack\ndate: 2026-11-30\nduplex: true\nitems:\n"
                                    f"  - {{brief: {MARKINGS / 'grain-official.yaml'}, format: one-page}}\n"
                                    f"  - {{brief: {MARKINGS / 'partner-amber.yaml'}, format: one-page}}\n", "pack.yaml")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "p.pdf")
    assert code == 0, err
    blank = [page for page in pdf_text(tmp_path / "p.pdf") if "intentionally" in page.lower()]
    assert blank and all("OFFICIAL-SENSITIVE" in page and "TLP:AMBER" in page for page in blank)


def test_a_uk_brief_prints_its_scheme_and_keeps_its_tlp_label_in_a_release(tmp_path: Path, capsys) -> None:
    brief = MARKINGS / "crossings-uk.yaml"
    for release in ([], ["--release", "OFFICIAL"]):
        code, _, err = run(capsys, "build", brief, "--out", tmp_path, "--format", "one-page", *release)
        assert code == 0, err
    full = pdf_text(tmp_path / "crossings-uk-one-page.pdf")[0]
    assert full.count("OFFICIAL-SENSITIVE UK EYES ONLY") == 2 and full.count("TLP:GREEN") == 2
    assert "(OS UKEO) A partner service" in full and "(O) Most departures" in full
    released = pdf_text(tmp_path / "crossings-uk-one-page-release-official.pdf")[0]
    assert released.count("TLP:GREEN") == 2 and "SENSITIVE" not in released and "haulage" not in released


def test_an_unmarked_part_takes_the_brief_marking_and_a_figure_without_caption_still_shows_its_mark(
        tmp_path: Path, capsys) -> None:
    brief = write_yaml(tmp_path, {"title": "Figure marks", "date": "2026-11-30", "classification": "CONFIDENTIAL",
                                  "summary": {"text": "A chart without a caption.", "marking": "UNCLASSIFIED"},
                                  "figures": [{"id": "c", "marking": "CONFIDENTIAL", "chart": {
                                      "kind": "bar", "x": ["a", "b"], "series": [{"name": "s", "values": [1, 2]}]}}]})
    code, _, err = run(capsys, "build", brief, "--out", tmp_path, "--format", "long-form")
    assert code == 0, err
    text = pdf_text(tmp_path / "brief-long-form.pdf")[0]
    assert "(C) Figure marks" in text and "Figure 1. (C)" in text and "(U) A chart without" in text


def test_a_content_error_in_build_ends_with_nothing_was_written_for_this_brief(tmp_path: Path, capsys) -> None:
    brief = write_yaml(tmp_path, "title: Bad marking\ndate: 2026-11-30\nclassification: SECRET\nsummary: Words.\n"
                                 "key_points:\n  - {text: A point., marking: SECERT}\n", "bad.yaml")
    code, _, err = run(capsys, "build", brief, "--out", tmp_path)
    assert code == 1
    assert err.splitlines() == [f"{brief}:6:31: key_points[0].marking: 'SECERT' is not a level of the layout's marking "
                                "schemes or a TLP label; did you mean 'SECRET'?", f"{brief}: nothing was written for this brief"]
    assert not list(tmp_path.glob("*.pdf"))
