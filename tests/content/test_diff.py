"""Comparing two editions of a brief by meaning: what changed, how items were paired, where they are."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from briefgen.content.diff import compare, prose_text
from briefgen.content.diff_match import pair, moved, similarity, word_edits, WordEdit
from briefgen.content.diff_words import as_json, report
from briefgen.content.diff_words import lines as change_lines
from briefgen.content.load import load_mapping
from briefgen.content.validate import Validated, load_brief, validate_brief
from tests.helpers import FIXTURES, write_yaml

EDITIONS = FIXTURES / "editions"
MONDAY = EDITIONS / "baltic-cables-0512.yaml"
THURSDAY = EDITIONS / "baltic-cables-0515.yaml"


def monday_data() -> dict[str, Any]:
    return yaml.safe_load(MONDAY.read_text(encoding="utf-8"))


def edition(data: dict[str, Any]) -> Validated:
    return validate_brief(load_mapping(data))


def lines_of(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [line.strip() for line in report(compare(edition(old), edition(new))).splitlines()[1:]]


# ---------------------------------------------------------------- the example


def test_a_later_edition_names_each_of_the_four_changes_likelihood_first() -> None:
    text = report(compare(load_brief(MONDAY), load_brief(THURSDAY)))
    assert text == (
        "Changes from 2025-05-12 to 2025-05-15: Baltic Sea cable damage and the shadow fleet\n"
        '  scenario "Intent is proven in court": unlikely → roughly even chance (up)\n'
        '  key point 4 added: "Estonia has asked for the ship’s voyage data recorder to be…"\n'
        "  actor removed: Government of China\n"
        '  background paragraph 2 rewritten: "This is the sixth such incident since October 2023. Each…"\n'
    )


def test_each_change_is_located_in_the_edition_that_has_it() -> None:
    changes = compare(load_brief(MONDAY), load_brief(THURSDAY))
    found = {change.section: change for change in changes}
    assert [c.kind for c in changes] == ["added", "changed", "removed", "changed"]
    key_point = found["key_points"]
    assert (key_point.new.path, key_point.new.line, key_point.new.index, key_point.old) == ("key_points[3]", 20, 3, None)
    actor = found["actors"]
    assert (actor.label, actor.old.path, actor.old.line, actor.new) == ("Government of China", "actors[2]", 66, None)
    paragraph = found["background"]
    assert (paragraph.old.line, paragraph.new.line, paragraph.matched_by) == (25, 26, "place")
    assert paragraph.fields[0].field == "text" and paragraph.fields[0].edits is None  # rewritten, not edited
    scenario = found["outlook.scenarios"]
    assert (scenario.matched_by, scenario.new.path, scenario.new.line) == ("title", "outlook.scenarios[0]", 75)
    move = scenario.likelihood_move
    assert (move.old, move.new, move.direction, move.scale, move.ranks) == (
        "unlikely", "roughly even chance", "up", "ICD-203", (3, 4))
    assert changes.likelihood_moves() == [scenario]


def test_the_same_edition_twice_has_no_changes() -> None:
    changes = compare(load_brief(MONDAY), load_brief(MONDAY))
    assert not changes and len(changes) == 0
    assert report(changes).splitlines()[1:] == ["no changes"]


def test_only_a_new_date_is_no_change() -> None:
    later = monday_data() | {"date": "2025-06-01"}
    changes = compare(edition(monday_data()), edition(later))
    assert not changes
    assert report(changes) == "Changes from 2025-05-12 to 2025-06-01: Baltic Sea cable damage and the shadow fleet\nno changes\n"


def test_json_document() -> None:
    document = json.loads(json.dumps(as_json(compare(load_brief(MONDAY), load_brief(THURSDAY))), ensure_ascii=False))
    assert document["briefgen_diff"] == 1 and document["changed"] is True
    assert document["old"] == {"path": str(MONDAY), "id": "baltic-cables", "date": "2025-05-12",
                               "title": "Baltic Sea cable damage and the shadow fleet"}
    assert document["counts"] == {"added": 1, "removed": 1, "changed": 2, "moved": 0, "likelihood_moves": 1}
    scenario = document["changes"][3]
    assert scenario["section"] == "outlook.scenarios" and scenario["likelihood_move"] is True
    assert scenario["fields"] == [{"field": "likelihood", "old": "unlikely", "new": "roughly even chance",
                                   "direction": "up", "scale": "ICD-203", "ranks": [3, 4], "edits": None}]
    assert scenario["new"] == {"path": "outlook.scenarios[0]", "line": 75, "column": 7, "index": 0}
    assert scenario["lines"] == ['scenario "Intent is proven in court": unlikely → roughly even chance (up)']
    removed = document["changes"][2]
    assert (removed["kind"], removed["label"], removed["new"], removed["old"]["line"]) == (
        "removed", "Government of China", None, 66)


# ---------------------------------------------------------------- likelihood, confidence, priority, markings


def _scenario(data: dict[str, Any], index: int, likelihood: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["outlook"]["scenarios"][index]["likelihood"] = likelihood
    return data


def test_a_likelihood_down_and_a_synonym_in_the_same_band() -> None:
    new = _scenario(_scenario(monday_data(), 2, "very unlikely"), 1, "probable")
    assert lines_of(monday_data(), new) == [
        'scenario "Another cable is cut before the summer": roughly even chance → very unlikely (down)',
        'scenario "Littoral states agree joint inspections": likely → probable (same band)',
    ]


def test_a_likelihood_across_scales_compares_probabilities() -> None:
    new = _scenario(_scenario(monday_data(), 0, "realistic possibility"), 2, "realistic possibility")
    new["likelihood_scale"] = "PHIA"
    moves = [change.likelihood_move for change in compare(edition(monday_data()), edition(new)).likelihood_moves()]
    assert [(f.old, f.new, f.direction, f.scale, f.ranks) for f in moves] == [
        ("unlikely", "realistic possibility", "up", None, (3, 4)),  # ICD-203 20–45% → PHIA 40–50%
        ("roughly even chance", "realistic possibility", "down", None, (4, 4)),  # 45–55% → 40–50%
    ]


def test_confidence_horizon_priority_and_classification() -> None:
    new = monday_data()
    new["outlook"] |= {"confidence": "high", "horizon": "next 6 months"}
    new["actors"][0]["priority"] = 2
    new["key_quotes"][1]["priority"] = 1
    new["classification"] = "OFFICIAL-SENSITIVE"
    assert lines_of(monday_data(), new) == [
        "classification: OFFICIAL → OFFICIAL-SENSITIVE",
        'quote by Dmitry Peskov, "There is no evidence of any Russian…": priority 2 → 1 (raised)',
        'actor "Government of Finland": priority 1 → 2 (lowered)',
        "outlook horizon: next 3 months → next 6 months",
        "outlook confidence: moderate → high (up)",
    ]


def test_a_new_scenario_and_a_removed_one_carry_their_likelihood() -> None:
    new = monday_data()
    gone = new["outlook"]["scenarios"].pop(2)
    new["outlook"]["scenarios"].append({"title": "Russia escorts its tankers", "likelihood": "unlikely"})
    assert gone["title"] == "Another cable is cut before the summer"
    assert lines_of(monday_data(), new) == [
        'scenario added: "Russia escorts its tankers" (unlikely)',
        'scenario removed: "Another cable is cut before the summer" (roughly even chance)',
    ]


# ---------------------------------------------------------------- pairing items


def test_a_small_edit_reads_as_words_a_large_one_as_rewritten() -> None:
    new = monday_data()
    new["key_points"][0] = "Two cables were damaged within a week; repairs will take six to eight weeks."
    new["summary"] = "Nothing like the old summary at all, in any of its words or its order."
    assert lines_of(monday_data(), new) == [
        'summary rewritten: "Nothing like the old summary at all, in any of its words or…"',
        'key point 1 changed: "four" → "six"; "six" → "eight"',
    ]


def test_emphasis_and_quotation_marks_are_no_change_a_citation_is() -> None:
    new = monday_data()
    new["key_points"][2] = "NATO has stepped up patrols under **Baltic Sentry** but cannot escort every ship."
    new["implications"][0] = "Ask the Finnish embassy for the investigators’ timeline."
    new["background"][0] = new["background"][0].replace("any size.", "any size [@cref-2025].")
    assert "’" not in MONDAY.read_text(encoding="utf-8")
    assert lines_of(monday_data(), new) == ["background paragraph 1: citations or links changed (same words)"]


def test_reordered_key_points_are_moved_not_added_and_removed() -> None:
    new = monday_data()
    new["key_points"] = [new["key_points"][1], new["key_points"][0], new["key_points"][2]]
    changes = compare(edition(monday_data()), edition(new))
    assert [(c.kind, c.old.index, c.new.index) for c in changes] == [("moved", 1, 0)]
    assert report(changes).splitlines()[1:] == [
        '  key point moved from 2 to 1: "Finnish police have detained the tanker Kiveri Star and her…"']


def test_a_quote_edited_by_its_speaker_is_changed_another_speaker_s_words_are_new() -> None:
    new = monday_data()
    new["key_quotes"][0]["text"] = "We will not be naive about what is happening on our seabed."
    new["key_quotes"][1] |= {"speaker": "Maria Zakharova", "text": "Finland is stoking hysteria in the Baltic."}
    changes = compare(edition(monday_data()), edition(new))
    assert [(c.kind, c.label, c.matched_by) for c in changes] == [
        ("changed", "Elina Valtonen", "speaker and similar words"), ("removed", "Dmitry Peskov", None),
        ("added", "Maria Zakharova", None)]
    assert report(changes).splitlines()[3] == (
        '  quote by Elina Valtonen, "We will not be naive about what is…" changed: "happens" → "is happening"')


def test_the_same_words_given_another_speaker_are_the_same_quote() -> None:
    new = monday_data()
    new["key_quotes"][1]["speaker"] = "Dmitry Peskov (Дмитрий Песков)"
    changes = compare(edition(monday_data()), edition(new))
    assert [(c.kind, c.matched_by) for c in changes] == [("changed", "words")]
    assert report(changes).splitlines()[1] == ('  quote by Dmitry Peskov (Дмитрий Песков), "There is no evidence of '
                                               'any Russian…": speaker Dmitry Peskov → Dmitry Peskov (Дмитрий Песков)')


def test_a_renamed_actor_needs_a_similar_name_and_the_same_motives() -> None:
    new = monday_data()
    new["actors"][0]["name"] = "Government of Finland (Suomen hallitus)"
    new["actors"][2] |= {"name": "Government of Japan", "motives": ["Keep shipping lanes open"]}
    changes = compare(edition(monday_data()), edition(new))
    assert [(c.kind, c.label, c.matched_by) for c in changes] == [
        ("changed", "Government of Finland (Suomen hallitus)", "similar name"),
        ("removed", "Government of China", None), ("added", "Government of Japan", None)]


def test_an_event_moved_to_another_date_is_one_event() -> None:
    new = monday_data()
    new["timeline"][0]["date"] = "2025-05-01"
    assert lines_of(monday_data(), new) == ["event 2025-05-01: date 2025-05-02 → 2025-05-01"]


def test_an_actor_s_motive_is_located_in_its_list() -> None:
    new = monday_data()
    new["actors"][1]["motives"].append("Test NATO's resolve")
    new["actors"][0]["stance"] = "Leading the investigation with Estonia"
    changes = compare(edition(monday_data()), edition(new))
    assert [(c.section, c.part, c.new.path) for c in changes] == [
        ("actors", None, "actors[0]"), ("actors", "motives", "actors[1].motives[1]")]
    assert report(changes).splitlines()[1:] == [
        '  actor "Government of Russia": motive added: "Test NATO’s resolve"',
        '  actor "Government of Finland": stance: added "with Estonia"',
    ]


def test_an_actor_moved_and_short_text_shown_whole() -> None:
    new = monday_data()
    new["actors"] = [new["actors"][2], new["actors"][0], new["actors"][1]]
    new["actors"][2]["stance"] = "Calls the detention piracy"
    new["sources"][0]["title"] = "Police detain a tanker"
    assert lines_of(monday_data(), new) == [
        'actor "Government of Russia": stance: "Denies involvement" → "Calls the detention piracy"',
        'source yle-0510: title rewritten: "Police detain a tanker"',  # the old title is too long to repeat
        'actor "Government of China" moved from 3 to 1',
    ]


def test_a_mapping_given_to_the_api_has_no_lines() -> None:
    new = monday_data()
    new["implications"].append("Brief the minister before the summit.")
    change = compare(edition(monday_data()), edition(new)).items[0]
    assert (change.new.path, change.new.line, change.new.column, change.new.index) == ("implications[2]", None, None, 2)


def test_another_id_is_reported_when_compared_anyway(tmp_path: Path) -> None:
    data = monday_data()
    del data["id"]
    other = write_yaml(tmp_path, data, "gulf.yaml")
    assert report(compare(load_brief(MONDAY), load_brief(other))).splitlines()[1:] == ["  id: baltic-cables → gulf"]


# ---------------------------------------------------------------- content format 1.2 forms


def test_absent_sections_and_prose_written_as_mappings() -> None:
    """A flash note (no background, quotes, actors or outlook) and prose items as {text, marking}."""
    def note(points: list[Any], outlook: Any) -> Validated:
        model = SimpleNamespace(id="flash", title="Flash", date=__import__("datetime").date(2025, 5, 12),
                                summary="A short note.", key_points=points, outlook=outlook)
        return Validated(model, load_mapping({}), [])

    old = note([{"text": "First point.", "marking": "OFFICIAL"}, "Second point."], None)
    new = note([{"text": "First point.", "marking": "SECRET", "caveats": ["UK EYES ONLY"]}, "Second point."],
               SimpleNamespace(summary="Calm.", horizon=None, confidence="low", scenarios=[], indicators=[]))
    changes = compare(old, new)
    assert [(c.kind, c.section) for c in changes] == [
        ("changed", "key_points"), ("added", "outlook.summary"), ("added", "outlook.confidence")]
    assert report(changes).splitlines()[1:] == [
        "  outlook summary added: \"Calm.\"",
        "  outlook confidence added: low",
        "  key point 1: marking OFFICIAL → SECRET; caveats added: UK EYES ONLY",
    ]
    assert prose_text({"text": "x", "marking": "S"}) == "x" and prose_text(None) == ""


# ---------------------------------------------------------------- the matcher


def test_pairing_prefers_keys_then_the_most_similar_deterministically() -> None:
    old = ["alpha beta gamma", "delta epsilon zeta eta", "unrelated words here"]
    new = ["delta epsilon zeta theta", "alpha beta gamma", "delta epsilon zeta eta iota"]
    pairs = pair(old, new, key=lambda s: s, similar=similarity)
    matched = {(p.old, p.new, p.how) for p in pairs}
    assert (0, 1, "key") in matched and (1, 2, "similar") in matched
    assert (2, None, None) in matched and (None, 0, None) in matched
    assert pairs == pair(old, new, key=lambda s: s, similar=similarity)  # same input, same answer


def test_moved_is_what_falls_outside_the_longest_run_in_order() -> None:
    pairs = pair(list("abcde"), list("aebcd"), key=lambda s: s)
    assert moved(pairs) == {4}


@pytest.mark.parametrize("old, new, expected", [
    ("repairs take four weeks", "repairs take six weeks", (WordEdit("four", "six"),)),
    ("the **bold** claim [@a]", "the bold claim", ()),
    ("a b c d e f g h", "z y x w v u t s", None),
])
def test_word_edits(old: str, new: str, expected: tuple[WordEdit, ...] | None) -> None:
    assert word_edits(old, new) == expected


def test_similarity_reads_words_not_markup_and_splits_cjk() -> None:
    assert similarity("**Talks** resume [@kcna]", "talks resume") == 1.0
    assert similarity("日本と北朝鮮の会談", "日本と北朝鮮の協議") > 0.7


# ---------------------------------------------------------------- every brief we have


def _all_briefs() -> list[Path]:
    from tests.helpers import ROOT

    return sorted([*ROOT.glob("content/*.yaml"), *FIXTURES.glob("*.yaml"), MONDAY])


def test_every_brief_compared_with_itself_has_no_changes_and_with_another_reads() -> None:
    briefs = [load_brief(path) for path in _all_briefs()]
    for brief in briefs:
        assert not compare(brief, brief), brief.loaded.path
    for old, new in zip(briefs, briefs[1:] + briefs[:1]):  # unlike briefs: every kind of change, no crash
        changes = compare(old, new)
        text = report(changes)
        assert text == report(compare(old, new)) and len(text.splitlines()) == len(
            [line for change in changes for line in change_lines(change)]) + 1
        json.dumps(as_json(changes), ensure_ascii=False)
