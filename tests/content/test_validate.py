"""Stage 2: the typed model and its located, worded errors; authoring warnings."""

from __future__ import annotations

import pytest

from briefgen.errors import ContentError
from briefgen.content.load import load_text
from briefgen.content.validate import allowed_keys, validate_brief, validate_pack
from briefgen.content.model import Brief, slugify
from tests.helpers import EXAMPLE, FIXTURES, minimal

import yaml


def problems(data_or_text) -> list[str]:
    text = data_or_text if isinstance(data_or_text, str) else yaml.safe_dump(data_or_text, sort_keys=False, allow_unicode=True)
    with pytest.raises(ContentError) as exc:
        validate_brief(load_text("b.yaml", text))
    return [str(p) for p in exc.value.problems]


def test_example_and_fixtures_are_valid() -> None:
    for path in [EXAMPLE, *FIXTURES.glob("*.yaml")]:
        validated = validate_brief(load_text(str(path), path.read_text(encoding="utf-8")))
        assert validated.model.title


def test_example_has_no_warnings() -> None:
    assert validate_brief(load_text(str(EXAMPLE), EXAMPLE.read_text(encoding="utf-8"))).warnings == []


def test_default_id_is_the_slugified_stem() -> None:
    validated = validate_brief(load_text("content/Ōtsuka Notes.yaml", yaml.safe_dump(minimal())))
    assert validated.id == "otsuka-notes"


def test_missing_required_keys_are_all_reported() -> None:
    assert problems("organization: Only an office\n") == [
        "b.yaml:1:1: date: required key is missing",
        "b.yaml:1:1: summary: required key is missing",
        "b.yaml:1:1: title: required key is missing",
    ]


def test_a_flash_note_needs_only_title_date_and_summary() -> None:
    """Content format 1.2: every section but the title, date and summary is optional."""
    validated = validate_brief(load_text("b.yaml", "title: Launch\ndate: 2024-03-18\nsummary: A missile flew.\n"))
    brief = validated.model
    assert (brief.background, brief.key_quotes, brief.actors, brief.outlook) == ([], [], [], None)
    assert validated.warnings == []


def test_unknown_key_suggests_the_nearest() -> None:
    text = yaml.safe_dump(minimal(), sort_keys=False) + "summmary: typo\n"
    assert problems(text) == ["b.yaml:14:1: summmary: unknown key 'summmary'; did you mean 'summary'?"]


def test_unknown_nested_key_suggests_the_nearest() -> None:
    data = minimal(key_quotes=[{"text": "x", "speaker": "y", "speeker": "z"}])
    assert problems(data)[0].endswith("key_quotes[0].speeker: unknown key 'speeker'; did you mean 'speaker'?")


def test_unknown_key_without_near_match_lists_valid_keys() -> None:
    data = minimal(outlook={"summary": "s", "zzz": 1})
    assert problems(data)[0].endswith(
        "outlook.zzz: unknown key 'zzz'; valid keys: summary, horizon, confidence, scenarios, indicators")


def test_allowed_keys_follows_nested_models() -> None:
    assert allowed_keys(Brief, ("outlook", "scenarios", 0)) == ["title", "likelihood", "description", "indicators",
                                                                "marking", "caveats"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": ["a"]}, "title: expected text, got a list"),
        ({"title": "x" * 161}, "title: has 161 characters; at most 160 are allowed"),
        ({"summary": None, "background": "b"}, "summary: required key is missing"),
        ({"date": "2024-02-30"}, "date: '2024-02-30' is not a real date (day is out of range for month)"),
        ({"date": "15/02/2024"}, "date: expected a date as YYYY-MM-DD, got '15/02/2024'"),
        ({"id": "Bad Id"}, "id: 'Bad Id' is not a valid id: use a-z, 0-9 and hyphens, starting with a letter or digit, at most 64 characters"),
        ({"key_points": []}, "key_points: needs at least 1 item"),
        ({"key_points": ["p"] * 9}, "key_points: has 9 items; at most 8 are allowed"),
        ({"likelihood_scale": "NATO"}, "likelihood_scale: 'NATO' is not allowed; expected one of 'ICD-203' or 'PHIA'"),
        ({"actors": [{"name": "A", "motives": []}]}, "actors[0].motives: needs at least 1 item"),
        ({"key_quotes": [{"text": "t", "speaker": "s", "priority": 0}]}, "key_quotes[0].priority: expected a whole number from 1 to 5, got 0"),
        ({"outlook": {"summary": "s", "confidence": "certain"}}, "outlook.confidence: 'certain' is not allowed; expected one of 'low', 'moderate' or 'high'"),
        ({"timeline": [{"date": "2024-13", "text": "t"}]}, "timeline[0].date: '2024-13' is not a real date (month must be in 1..12)"),
        ({"timeline": [{"date": "June 2024", "text": "t"}]}, "timeline[0].date: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024'"),
        ({"sources": [{"id": "a", "title": "t", "url": "ftp://x"}]}, "sources[0].url: 'ftp://x' is not an http or https URL"),
        ({"summary": "bell\x07 here"}, "summary: contains the control character U+0007; remove it"),
        ({"key_quotes": "just text"}, "key_quotes: expected a list, got text"),
        ({"outlook": "soon"}, "outlook: expected a mapping of keys, got text"),
    ],
)
def test_wrong_values_get_exact_messages(changes, expected) -> None:
    found = problems(minimal(**changes))
    assert any(p.endswith(expected) for p in found), found


def test_messages_carry_line_and_column() -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("date: 2025-01-31", "date: 2025-02-31")
    assert problems(text) == ["b.yaml:2:7: date: '2025-02-31' is not a real date (day is out of range for month)"]


def test_year_only_title_is_text() -> None:
    assert validate_brief(load_text("b.yaml", yaml.safe_dump(minimal(title=1984)))).model.title == "1984"


def test_likelihood_outside_the_scale_lists_valid_terms() -> None:
    data = minimal(likelihood_scale="PHIA", outlook={"summary": "s", "scenarios": [{"title": "t", "likelihood": "very likely"}]})
    assert problems(data) == [
        "b.yaml:16:17: outlook.scenarios[0].likelihood: 'very likely' is not a term of the PHIA scale; use one of: "
        "remote chance, highly unlikely, unlikely, realistic possibility, likely or probable, likely, probable, "
        "highly likely, almost certain"
    ]


def test_likelihood_terms_match_case_insensitively() -> None:
    data = minimal(outlook={"summary": "s", "scenarios": [{"title": "t", "likelihood": "Roughly Even Odds"}]})
    assert validate_brief(load_text("b.yaml", yaml.safe_dump(data))).model


@pytest.mark.parametrize("marking", ["TLP:amber", "TLP: RED", "TLP:WHITE", "tlp:green", "TLP-CLEAR"])
def test_malformed_tlp_labels(marking: str) -> None:
    found = problems(minimal(classification=marking))
    assert len(found) == 1 and f"classification: '{marking}' is not a TLP 2.0 label; use exactly one of " \
        "TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED" in found[0]


@pytest.mark.parametrize("marking", ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED", "OFFICIAL"])
def test_valid_markings(marking: str) -> None:
    assert validate_brief(load_text("b.yaml", yaml.safe_dump(minimal(classification=marking)))).model


def test_unresolved_citations_and_sources() -> None:
    data = minimal(
        summary="See [@nope] and [@src-b].",
        key_quotes=[{"text": "q", "speaker": "s", "source": "src-c"}],
        timeline=[{"date": 2024, "text": "t", "sources": ["src-a", "zzz"]}],
        sources=[{"id": "src-a", "title": "A"}, {"id": "src-b", "title": "B"}],
    )
    assert problems(data) == [
        "b.yaml:3:10: summary: citation [@…] 'nope' names no source; known sources: src-a, src-b",
        "b.yaml:8:11: key_quotes[0].source: source 'src-c' names no source; did you mean 'src-b'?",
        "b.yaml:20:5: timeline[0].sources[1]: source 'zzz' names no source; known sources: src-a, src-b",
    ]


def test_duplicate_source_ids() -> None:
    data = minimal(sources=[{"id": "a", "title": "A"}, {"id": "a", "title": "B"}])
    assert problems(data) == ["b.yaml:17:7: sources[1].id: duplicate source id 'a'"]


def test_link_schemes() -> None:
    found = problems(minimal(summary="[x](javascript:alert(1)) [y](https://ok.example) [z](mailto:a@b.c)"))
    assert found == ["b.yaml:3:10: summary: link target 'javascript:alert(1)' must start with http://, https:// or mailto:"]


def test_top_level_must_be_a_mapping() -> None:
    assert problems("- a\n- b\n") == ["b.yaml:1:1: (document): the top level of a brief must be a mapping of keys, got a list"]


def test_warnings() -> None:
    data = minimal(
        summary="One. Two. Three. Four. Five.",
        key_quotes=[{"text": "q", "speaker": "Pak Sǒng-ǔn"}],
        sources=[{"id": "a", "title": "A", "url": "https://example.org"}],
    )
    validated = validate_brief(load_text("b.yaml", yaml.safe_dump(data, sort_keys=False, allow_unicode=True)))
    assert [str(w) for w in validated.warnings] == [
        "b.yaml:3:10: summary: warning: summary has 5 sentences; a bottom line has at most 4",
        "b.yaml:6:3: key_quotes[0]: warning: quote has no source",
        "b.yaml:7:12: key_quotes[0].speaker: warning: 'Pak Sǒng-ǔn' has the caron letter 'ǒ' (U+01D2); McCune–Reischauer uses breves (ŏ ŭ)",
        "b.yaml:17:8: sources[0].url: warning: URL has no accessed date",
    ]


def test_pack_manifest_errors() -> None:
    text = "title: P\ndate: 2024-01-01\nduplex: maybe\nitems:\n  - {brief: a.yaml, format: two-page}\n"
    with pytest.raises(ContentError) as exc:
        validate_pack(load_text("p.yaml", text))
    assert [str(p) for p in exc.value.problems] == [
        "p.yaml:3:9: duplex: expected true or false, got text",
        "p.yaml:5:29: items[0].format: 'two-page' is not allowed; expected one of 'one-page' or 'long-form'",
    ]


def test_a_comma_that_cuts_text_short_gets_a_hint() -> None:
    text = yaml.safe_dump(minimal(), sort_keys=False).replace(
        "key_quotes:\n", "key_quotes:\n- {text: The words, verbatim, speaker: Kim Yo Jong}\n", 1)
    found = [p for p in problems(text) if "verbatim" in p]
    assert found == ["b.yaml:6:21: key_quotes[0].verbatim: unknown key 'verbatim'; valid keys: text, speaker, role, "
                     "date, context, source, priority, note, original, marking, caveats. If it belongs to the text before it, put that "
                     "whole text in quotes"]


def test_text_with_an_unquoted_colon_gets_a_hint() -> None:
    assert problems(minimal(key_points=[{"Tokyo": "talks go on"}])) == [
        "b.yaml:15:3: key_points[0]: expected text, got a mapping: text that contains ': ' must be in quotes"]


@pytest.mark.parametrize("written", ['"Our position has not changed."', "“Our position has not changed.”",
                                     "« Our position has not changed. »"])
def test_quote_inside_its_own_quotation_marks_warns_and_prints_once(written: str) -> None:
    data = minimal(key_quotes=[{"text": written, "speaker": "Kim", "source": None}])
    data["key_quotes"][0].pop("source")
    validated = validate_brief(load_text("b.yaml", yaml.safe_dump(data, sort_keys=False, allow_unicode=True)))
    assert validated.model.key_quotes[0].text == "Our position has not changed."
    assert any("key_quotes[0].text: warning: the quote is written inside its own quotation marks; the layout adds "
               "them, so these were left out" in str(w) for w in validated.warnings)


def test_quote_with_inner_quotations_is_left_as_written() -> None:
    data = minimal(key_quotes=[{"text": '"Yes," he said, "no."', "speaker": "Kim"}])
    validated = validate_brief(load_text("b.yaml", yaml.safe_dump(data, sort_keys=False, allow_unicode=True)))
    assert validated.model.key_quotes[0].text == '"Yes," he said, "no."'


def test_a_source_listed_twice_for_an_event_is_a_located_warning() -> None:
    text = ("title: T\ndate: 2024-01-01\nsummary: S.\ntimeline:\n  - {date: 2024, text: One}\n  - {date: 2024, text: Two}\n"
            "  - {date: 2024, text: Three}\n  - date: 2024-02\n    text: Talks failed [@s1].\n    sources: [s1, s1, s2]\n"
            "sources:\n  - {id: s1, title: One}\n  - {id: s2, title: Two}\n")
    validated = validate_brief(load_text("b.yaml", text))
    assert [str(w) for w in validated.warnings] == [
        "b.yaml:10:19: timeline[3].sources[1]: warning: source 's1' is listed twice"]


def test_markup_in_a_field_that_takes_none_is_a_warning() -> None:
    """Content format 1.2: names, speakers and roles take language spans; other markup prints as written."""
    data = minimal(organization="Desk [東アジア課]{lang=ja}", authors=["**Anon**"],
                   key_quotes=[{"text": "q", "speaker": "Kishida Fumio [岸田文雄]{lang=ja}",
                                "role": "Prime Minister [of Japan](https://japan.go.jp)", "source": "s"}],
                   actors=[{"name": "Kim Yo Jong [김여정]{lang=ko}", "stance": "[@s] says *open*", "motives": ["m"]}],
                   sources=[{"id": "s", "title": "T", "publisher": "[朝日新聞]{.paper}"}])
    validated = validate_brief(load_text("b.yaml", yaml.safe_dump(data, sort_keys=False, allow_unicode=True)))
    assert [str(w) for w in validated.warnings] == [
        "b.yaml:8:9: key_quotes[0].role: warning: 'Prime Minister [of Japan](https://japan.go.jp)' looks like a link "
        "[label](…), which this field does not take (only language spans [text]{lang=xx}); it prints as written",
        "b.yaml:12:11: actors[0].stance: warning: '[@s] says *open*' looks like a citation [@…], which this field does "
        "not take (only language spans [text]{lang=xx}); it prints as written",
        "b.yaml:19:3: authors[0]: warning: '**Anon**' looks like bold **…**, which this field does not take (only "
        "language spans [text]{lang=xx}); it prints as written",
        "b.yaml:23:14: sources[0].publisher: warning: '[朝日新聞]{.paper}' looks like a span […]{…} that is not "
        "[text]{lang=xx}, which this field does not take (only language spans [text]{lang=xx}); it prints as written",
    ]


@pytest.mark.parametrize("stem, slug", [
    ("Egypt–Ethiopia talks", "egypt-ethiopia-talks"),
    ("Côte d’Ivoire — the vote", "cote-divoire-the-vote"),
    ("Łódź 2024", "lodz-2024"),
    ("Ōtsuka Notes", "otsuka-notes"),
    ("김여정 담화", "brief"),
])
def test_slugs_transliterate(stem: str, slug: str) -> None:
    assert slugify(stem) == slug


def test_a_mapping_without_id_takes_it_from_the_title() -> None:
    from briefgen.content.load import load_mapping

    validated = validate_brief(load_mapping({"title": "Overnight statements: **Japan**–Korea", "date": "2024-03-01",
                                             "summary": "Two statements."}))
    assert validated.id == "overnight-statements-japan-korea"
    assert validate_brief(load_mapping({"id": "mine", "title": "T", "date": "2024-03-01", "summary": "S."})).id == "mine"
