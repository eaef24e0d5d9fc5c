"""Stage 1: YAML loading with line marks, and every way a file can be unreadable."""

from __future__ import annotations

import time

import pytest

from briefgen.errors import ContentError
from briefgen.content.load import MAX_FILE_BYTES, format_path, load_file, load_text


def messages(exc: pytest.ExceptionInfo[ContentError]) -> list[str]:
    return [str(problem) for problem in exc.value.problems]


def test_marks_point_at_values_and_keys() -> None:
    loaded = load_text("b.yaml", "title: T\nkey_quotes:\n  - text: hi\n    speaker: me\n")
    assert loaded.data["key_quotes"][0]["speaker"] == "me"
    assert loaded.mark(("key_quotes", 0, "speaker")) == loaded.marks[("key_quotes", 0, "speaker")]
    assert (loaded.mark(("key_quotes", 0, "speaker")).line, loaded.mark(("key_quotes", 0, "speaker")).column) == (4, 14)
    assert loaded.key_marks[("key_quotes", 0, "speaker")].column == 5


def test_mark_of_a_missing_field_falls_back_to_its_parent() -> None:
    loaded = load_text("b.yaml", "outlook:\n  summary: x\n")
    assert loaded.mark(("outlook", "scenarios", 3)).line == 2


def test_format_path() -> None:
    assert format_path(("key_quotes", 2, "text")) == "key_quotes[2].text"
    assert format_path(()) == "(document)"


def test_malformed_yaml_is_located() -> None:
    with pytest.raises(ContentError) as exc:
        load_text("b.yaml", "title: a\nsummary: [unclosed\nkey: x\n")
    assert messages(exc)[0].startswith("b.yaml:3:")
    assert "(yaml): invalid YAML" in messages(exc)[0]


def test_tab_indentation_is_located() -> None:
    with pytest.raises(ContentError) as exc:
        load_text("b.yaml", "title: a\n\tsummary: b\n")
    assert messages(exc) == ["b.yaml:2:1: (yaml): invalid YAML: a tab is used for indentation here; YAML indents with spaces only"]


def test_not_utf8(tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ContentError) as exc:
        load_file(path)
    assert messages(exc) == [f"{path}:1:11: (file): file is not UTF-8 (byte 0xe9); save it as UTF-8"]


def test_utf8_bom_is_accepted() -> None:
    from briefgen.content.load import decode

    assert decode("b.yaml", "\ufefftitle: x".encode("utf-8")) == "title: x"


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    with pytest.raises(ContentError) as exc:
        load_text("b.yaml", text)
    assert messages(exc) == ["b.yaml:1:1: (document): file is empty"]


def test_python_tags_are_rejected_never_constructed(tmp_path) -> None:
    marker = tmp_path / "executed"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\nsummary: !!binary aGk=\n"
    with pytest.raises(ContentError) as exc:
        load_text("b.yaml", text)
    assert messages(exc) == [
        "b.yaml:1:8: title: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write plain values",
        "b.yaml:2:10: summary: YAML tag 'tag:yaml.org,2002:binary' is not allowed; write plain values",
    ]
    assert not marker.exists()


def test_duplicate_keys_are_errors() -> None:
    with pytest.raises(ContentError) as exc:
        load_text("b.yaml", "title: a\ntitle: b\n")
    assert messages(exc) == ["b.yaml:2:1: title: duplicate key 'title'; each key may appear once"]


def test_alias_bomb_is_bounded() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    started = time.perf_counter()
    with pytest.raises(ContentError) as exc:
        load_text("bomb.yaml", "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5
    assert "document expands to more than 200000 values (too many aliases?)" in messages(exc)[0]


def test_huge_file_is_refused_before_parsing(tmp_path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"title: " + b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ContentError) as exc:
        load_file(path)
    assert messages(exc) == [f"{path}:1:1: (file): file is {MAX_FILE_BYTES + 8} bytes; the limit is {MAX_FILE_BYTES}"]


def test_missing_file(tmp_path) -> None:
    with pytest.raises(ContentError) as exc:
        load_file(tmp_path / "nope.yaml")
    assert messages(exc) == [f"{tmp_path / 'nope.yaml'}:1:1: (file): cannot read: No such file or directory"]


def test_impossible_date_stays_text_for_the_validator() -> None:
    assert load_text("b.yaml", "date: 2024-02-30\n").data["date"] == "2024-02-30"


@pytest.mark.parametrize("text, expected", [
    ("title: Japan: the next step\ndate: 2024-01-01\n",
     'b.yaml:1:13: (yaml): invalid YAML: a value that contains \': \' must be in quotes, e.g. title: "Japan: the next step"'),
    ("key_points:\n  - a\n\t- b\n",
     "b.yaml:3:1: (yaml): invalid YAML: a tab is used for indentation here; YAML indents with spaces only"),
    ('title: "Japan the next step\ndate: 2024-01-01\nsummary: x\n',
     "b.yaml:4:1: (yaml): invalid YAML: the quotation mark opened at line 1, column 8 is never closed; add the closing quote"),
    ("background: [one, two\ndate: 2024-01-01\n",
     "b.yaml:2:5: (yaml): invalid YAML: the '[' opened at line 1, column 13 is not closed with ']', or a comma is "
     "missing between items"),
    ("key_quotes:\n  - {text: hi, speaker: x\ndate: 2024-01-01\n",
     "b.yaml:3:5: (yaml): invalid YAML: the '{' opened at line 2, column 5 is not closed with '}', or a comma is "
     "missing between entries"),
    ("key_points:\n  - one\n  - two\n  three: x\n",
     "b.yaml:4:3: (yaml): invalid YAML: this line sits in the list that starts at line 2, column 3 but has no dash: "
     "start each list item with '- ', or indent the line under the item it belongs to"),
    ("key_points:\n  - one\n  two\n",
     "b.yaml:3:3: (yaml): invalid YAML: this line is neither 'key: value' nor a list item: add '- ' if it is a list "
     "item, or ': ' after a key"),
    ("key_points:\n  - [@s1] reported a launch\n",
     'b.yaml:2:5: (yaml): invalid YAML: a value that starts with \'[@\' or \'@\' (a citation) must be in quotes, e.g. '
     '- "[@s1] reported a launch"'),
    ('summary: @kcna said "no"\n',
     "b.yaml:1:10: (yaml): invalid YAML: a value that starts with '[@' or '@' (a citation) must be in quotes, e.g. "
     "summary: '@kcna said \"no\"'"),
    ("timeline:\n  - date: 2024\n    text: [@s1; @s2] both reported that the talks had failed after three rounds\n",
     "b.yaml:3:11: (yaml): invalid YAML: a value that starts with '[@' or '@' (a citation) must be in quotes, e.g. "
     'text: "[@s1; @s2] both reported that the talks …"'),
    ("key_points:\n  - [@s1] reported the prime minister's remarks in the Diet\n",
     "b.yaml:2:5: (yaml): invalid YAML: a value that starts with '[@' or '@' (a citation) must be in quotes, e.g. "
     '- "[@s1] reported the prime minister\'s …"'),
])
def test_common_yaml_slips_get_a_located_hint(text: str, expected: str) -> None:
    with pytest.raises(ContentError) as exc:
        load_text("b.yaml", text)
    assert messages(exc) == [expected]
