"""Quotation marks: the language's own, nested the language's way, never doubled."""

from __future__ import annotations

import pytest

from briefgen.content.typography import smart_quotes, strip_quote_marks


@pytest.mark.parametrize("language, top, nested", [
    ("en", "He called it “so-called” and ‘final’.", "He called it ‘so-called’ and ‘final’."),
    ("de", "He called it „so-called“ and ‚final‘.", "He called it ‚so-called‘ and ‚final‘."),
    ("fr", "He called it «\u202fso-called\u202f» and “final”.", "He called it “so-called” and “final”."),
])
def test_inner_quotations_take_the_secondary_marks(language: str, top: str, nested: str) -> None:
    text = "He called it \"so-called\" and 'final'."
    assert smart_quotes(text, language) == top
    assert smart_quotes(text, language, nested=True) == nested


@pytest.mark.parametrize("language, typed, nested", [
    ("fr", "Le rapport « Paix durable » est publié", "Le rapport “Paix durable” est publié"),
    ("fr", "Le rapport «\u202fPaix\u202f» est publié", "Le rapport “Paix” est publié"),
    ("en", "The “Sunshine” policy", "The ‘Sunshine’ policy"),
    ("de", "Die „Sonnenschein“-Politik", "Die ‚Sonnenschein‘-Politik"),
])
def test_typed_primary_marks_inside_a_quotation_become_secondary(language: str, typed: str, nested: str) -> None:
    assert smart_quotes(typed, language, nested=True) == nested
    assert smart_quotes(typed, language) == typed  # outside a quotation they stay as typed


def test_apostrophes_stay_apostrophes_inside_a_quotation() -> None:
    assert smart_quotes("the '90s, don't, the Joneses' car, l'État", "en", nested=True) == \
        "the ’90s, don’t, the Joneses’ car, l’État"
    assert smart_quotes("l'État", "fr", nested=True) == "l’État"


@pytest.mark.parametrize("written, inner", [
    ("«Une guerre sans fin»", "Une guerre sans fin"),
    ("« Une guerre sans fin »", "Une guerre sans fin"),
    ('"Press statement"', "Press statement"),
    ("„Erklärung“", "Erklärung"),
    ("Press statement", None),
    ("“Peace” and “war”", None),  # two quoted parts, not one wrapped text
])
def test_marks_around_a_whole_text_are_found(written: str, inner: str | None) -> None:
    assert strip_quote_marks(written) == inner


def test_nested_marks_are_balanced_when_finding_a_wrapped_text() -> None:
    assert strip_quote_marks("«Une guerre « sans fin »»") == "Une guerre « sans fin »"
    assert strip_quote_marks("«Paix» et «guerre»") is None
    assert strip_quote_marks("“Peace “now””") == "Peace “now”"
