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
    unbroken = typed.replace("« ", "«\u202f").replace(" »", "\u202f»")  # French: no break inside « »
    assert smart_quotes(typed, language) == unbroken  # outside a quotation they stay as typed


@pytest.mark.parametrize("language, typed, set_as", [
    ("fr", "Traité mondial : l'impasse", "Traité mondial\u00a0: l’impasse"),
    ("fr", "Quoi ? Non ! Oui ; bien", "Quoi\u202f? Non\u202f! Oui\u202f; bien"),
    ("fr", "une approche « déchets » ici", "une approche «\u202fdéchets\u202f» ici"),
    ("fr", 'le "Conseil" dit', "le «\u202fConseil\u202f» dit"),
    ("fr", "à 12:30 voir https://a.fr/x?y=1", "à 12:30 voir https://a.fr/x?y=1"),  # no space typed: none added
    ("fr-CA", "Quoi ? Non : oui", "Quoi ? Non\u00a0: oui"),  # Canadian French spaces the colon only
    ("en", "Note : this ? ", "Note : this ? "),
])
def test_french_spaces_before_punctuation_and_inside_guillemets_never_break(language: str, typed: str,
                                                                              set_as: str) -> None:
    assert smart_quotes(typed, language) == set_as


def test_reportlab_never_breaks_a_line_at_a_narrow_no_break_space() -> None:
    """ReportLab 5.1 lists U+202F among the characters it breaks at; the patch in text/rl/spaces.py takes it out."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    text = "un mot «\u202fdéchets\u202f» puis la suite\u202f: fin"
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    for width in range(60, 200, 5):  # wide enough for the longest unbreakable run, at every break point
        paragraph = Paragraph(text, style)
        paragraph.wrap(width, 1000)
        lines = [" ".join(line[1]) for line in paragraph.blPara.lines]
        assert [line for line in lines if line.startswith(("\u202f", "»", ":")) or line.endswith(("«", "\u202f"))] \
            == [], (width, lines)


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
