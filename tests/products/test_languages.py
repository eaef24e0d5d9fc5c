"""Every brief in its own language: each shipped language's test brief built in both products, with no
English furniture, its dates as the language writes them, and /Lang set; layouts override strings; a
language without a complete catalog prints English with one warning."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
import yaml

import briefgen
from briefgen.content.catalogs import shipped_catalog, template_ids
from briefgen.layouts.furniture import furniture
from briefgen.layouts.layout import load_layout
from babel.dates import get_month_names

from briefgen.content.dates import month_names
from briefgen.content.numbers import number_locale
from briefgen.interface.cli import main
from tests.helpers import FIXTURES, minimal, pdf_text, run, write_yaml

LANGUAGES = FIXTURES / "languages"
TAGS = {"fr": "fr", "de": "de", "es": "es", "ko": "ko", "ja": "ja", "zh": "zh-Hans", "ar": "ar", "he": "he", "fa": "fa"}

# Words briefgen prints that are not content, as an English brief prints them (headings are upper-cased by
# their style; the comparison ignores case). None of them may appear in a brief in another language, unless
# that language's own catalog writes the same word (Spanish "Actor", French "Sources").
ENGLISH_FURNITURE = [
    "Bottom line", "Key points", "Background", "Timeline", "Key quotes", "Actors and motives", "Actor", "Actors",
    "Stance", "motives, levers and limits", "Lever", "Limit", "Outlook", "confidence", "Scenario", "Likelihood",
    "Watch for", "Implications", "Sources", "Prepared for", "One-page brief", "Contents", "Summary and key points",
    "Date", "Author", "Authors", "Issued by", "Handling", "Event", "At a glance", "Main motive", "Main lever",
    "Motives", "Constraints", "Levers", "Horizon", "Confidence in this assessment", "on the ICD-203 scale",
    "on the PHIA scale", "Signposts", "Indicators to watch", "Likelihood scale", "Term", "Probability",
    "separate judgments", "estimative language", "probability yardstick", "Figure", "Source", "accessed",
    "Page 1 of", "Page 2 of", "Shortened to fit", "original", "Original", "No.",
    "almost no chance", "remote", "very unlikely", "highly improbable", "unlikely", "improbable",
    "roughly even", "likely", "probable", "very likely", "almost certain", "realistic possibility", "remote chance",
    "highly likely", "highly unlikely", "low", "moderate", "high",
    "January", "February", "March", "April", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]


def _own_words(language: str) -> str:
    """Every translation in the language's catalog: an English word written the same there is not furniture left over."""
    messages = shipped_catalog(language)
    assert messages is not None
    return " ".join([*messages.singular.values(), *(form for forms in messages.plural.values() for form in forms),
                     *month_names(language), *get_month_names("wide", locale=number_locale(language)).values()])
    # French "oct." and German "September" are the language's own months


def english_left(text: str, language: str) -> list[str]:
    """English furniture found in ``text`` (whole words, any case)."""
    own = _own_words(language)
    return [word for word in ENGLISH_FURNITURE
            if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text, re.I)
            and not re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", own, re.I)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages")
    assert main(["build", *[str(LANGUAGES / f"{name}.yaml") for name in TAGS], "--out", str(out), "--quiet"]) == 0
    return out


@pytest.mark.parametrize("name", list(TAGS))
def test_each_language_prints_no_english_furniture_in_either_product(built: Path, name: str) -> None:
    one_page, long_form = built / f"{name}-one-page.pdf", built / f"{name}-long-form.pdf"
    assert len(pdf_text(one_page)) == 1
    for path in (one_page, long_form):
        text = "\n".join(pdf_text(path))
        assert english_left(text, TAGS[name]) == [], path.name
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == TAGS[name]


@pytest.mark.parametrize(("name", "words"), [
    ("fr", ["L’ESSENTIEL", "POINTS CLÉS", "10 octobre 2025", "Destinataire : cabinet du ministre", "Fiche d’une page",
            "probable", "PERSPECTIVES · DOUZE MOIS · CONFIANCE MOYENNE"]),
    ("de", ["KERNAUSSAGE", "WESENTLICHE PUNKTE", "10. Oktober 2025", "Vorgelegt für die Staatssekretärin",
            "wahrscheinlich", "realistische Möglichkeit", "AUSBLICK · BIS 2030 · HOHE BELASTBARKEIT"]),
    ("es", ["CONCLUSIÓN PRINCIPAL", "17 de octubre de 2024", "muy probable", "improbable"]),
    ("ko", ["핵심 판단", "주요 내용", "2024년 3월 4일", "장관님 보고용", "가능성 높음", "가능성 낮음", "신뢰도 보통"]),
    ("ja", ["要旨", "要点", "2024年11月8日", "提出先：大臣", "可能性が高い", "可能性が非常に低い"]),
    ("zh", ["核心判断", "要点", "2024年7月26日", "很可能", "不太可能"]),
])
def test_furniture_dates_and_likelihood_words_in_the_language(built: Path, name: str, words: list[str]) -> None:
    text = " ".join(pdf_text(built / f"{name}-one-page.pdf")[0].split())
    for word in words:
        assert " ".join(word.split()) in text, word


def test_the_long_form_furniture_in_french(built: Path) -> None:
    text = " ".join(" ".join(pdf_text(built / "fr-long-form.pdf")).split()).lower()  # labels may be upper-cased
    for words in ("Sommaire", "Auteurs", "Émis par", "Chronologie", "Vue d’ensemble", "Motivation principale",
                  "Degré de confiance dans cette évaluation : moyen", "Échelle de probabilité",
                  "probable (55–80%) sur l’échelle ICD-203", "consulté le 2 octobre 2025", "Page 2 sur 5", "décembre 2023"):
        assert words.lower() in text, words


def test_right_to_left_languages_print_their_furniture(built: Path) -> None:
    """Laid out left to right until wt-rtl mirrors the page; the words are the translated furniture."""
    with pikepdf.open(built / "ar-one-page.pdf") as pdf:
        assert str(pdf.Root.Lang) == "ar"
    for name, words in (("ar", ["الخلاصة", "سبتمبر"]), ("he", ["שורה תחתונה", "ביוני"]), ("fa", ["جمع‌بندی", "اوت"])):
        text = "".join(pdf_text(built / f"{name}-one-page.pdf")[0].split())
        for word in words:  # extractors may give right-to-left text in visual order: the words or their reverse
            squashed = "".join(word.split())
            assert squashed in text or squashed[::-1] in text, (name, word)


def test_a_pack_manifests_language_sets_its_cover_and_contents(tmp_path: Path, capsys) -> None:
    manifest = write_yaml(tmp_path, {"title": "Dossier Sahel", "date": "2025-10-10", "language": "fr", "items": [
        {"brief": str(LANGUAGES / "fr.yaml"), "format": "one-page"},
        {"brief": str(LANGUAGES / "fr.yaml"), "format": "long-form"}]}, "pack.yaml")
    code, _, err = run(capsys, "pack", manifest, "--out", tmp_path / "pack.pdf", "--jobs", "1")
    assert code == 0, err
    pages = pdf_text(tmp_path / "pack.pdf")
    front = " ".join(" ".join(pages[:2]).split()).lower()  # table heads are upper-cased
    for words in ("DOSSIER DE SYNTHÈSE", "10 octobre 2025 · 2 documents", "Fiche d’une page · 10 octobre 2025",
                  "Sommaire", "N°", "Document", "Page", "Note détaillée, 5 pages", "Dossier, page 1 sur 8"):
        assert words.lower() in front, words
    with pikepdf.open(tmp_path / "pack.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr"
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles[:3] == ["Couverture", "Sommaire", "Sahel : après le départ de la MINUSMA, un vide sécuritaire "
                              "durable au centre du Mali (fiche d’une page)"]


def test_a_layout_overrides_strings_in_layout_yaml_or_in_its_own_catalog(tmp_path: Path) -> None:
    folder = tmp_path / "maison"
    (folder / "locale" / "de" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "layout.yaml").write_text(yaml.safe_dump({"extends": "one-page", "strings": {
        "fr": {"Key points": "À retenir", "{n} quote": ["{n} déclaration", "{n} déclarations"]},
        "en": {"Bottom line": "BLUF"}}}, allow_unicode=True), encoding="utf-8")
    (folder / "locale" / "de" / "LC_MESSAGES" / "briefgen.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
        'msgid "Bottom line"\nmsgstr "Das Wichtigste"\n', encoding="utf-8")
    french = briefgen.render(briefgen.load(LANGUAGES / "fr.yaml"), "one-page", layout=folder)
    text = " ".join(_text(french.pdf).split())
    assert "À RETENIR" in text and "POINTS CLÉS" not in text and "L’ESSENTIEL" in text
    assert french.warnings == []
    german = briefgen.render(briefgen.load(LANGUAGES / "de.yaml"), "one-page", layout=folder)
    assert "DAS WICHTIGSTE" in _text(german.pdf) and "KERNAUSSAGE" not in _text(german.pdf)
    english = briefgen.render(briefgen.load(FIXTURES / "minimal.yaml"), "one-page", layout=folder)
    assert "BLUF" in _text(english.pdf)


def test_a_missing_translation_prints_english_with_one_warning_listing_it(tmp_path: Path) -> None:
    """A layout with an Italian catalog of two strings: the rest prints in English, and one warning says so."""
    folder = tmp_path / "italiano"
    (folder / "locale" / "it" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "layout.yaml").write_text("extends: one-page\n", encoding="utf-8")
    (folder / "locale" / "it" / "LC_MESSAGES" / "briefgen.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: it\\n"\n\n'
        'msgid "Bottom line"\nmsgstr "In sintesi"\n\nmsgid "Key points"\nmsgstr "Punti chiave"\n', encoding="utf-8")
    brief = write_yaml(tmp_path, minimal(language="it", key_points=["Uno."]))
    rendered = briefgen.render(briefgen.load(brief), "one-page", layout=folder)
    about_language = [warning for warning in rendered.warnings if warning.field == "language"]
    assert len(about_language) == 1
    message = str(about_language[0])
    line = next(n for n, text in enumerate(brief.read_text().splitlines(), start=1) if text.startswith("language:"))
    head = f"{brief}:{line}:11: language: warning: layout 'italiano' has no 'it' translation for "
    assert message.startswith(head) and " furniture strings, printed in English: \"" in message
    listed = furniture(load_layout(str(folder)), "it").missing
    assert len(listed) == len(template_ids()) - 2
    assert '"Key points"' not in listed and '"Bottom line"' not in listed and '"Background"' in listed
    assert '"likely" (likelihood ICD-203)' in listed and '"likely" (likelihood PHIA)' in listed
    assert message == head + f"{len(listed)} furniture strings, printed in English: " + "; ".join(listed)
    text = _text(rendered.pdf)
    assert "IN SINTESI" in text and "PUNTI CHIAVE" in text and "Page" not in text  # footer: "{date} · One-page brief"
    assert "One-page brief" in text and "31 gennaio 2025" in text  # CLDR still writes the date in Italian


def test_a_known_language_without_a_catalog_builds_in_english_with_one_warning(tmp_path: Path) -> None:
    brief = write_yaml(tmp_path, minimal(language="pl"))
    rendered = briefgen.render(briefgen.load(brief), "long-form")
    assert [w.message for w in rendered.warnings if w.field == "language"] == [
        "warning: no catalog for 'pl' in layout 'long-form'; its furniture prints in English (languages with a "
        "catalog: en, ar, de, es, fa, fr, he, ja, ko, zh-Hans)"]


def test_new_writes_a_starter_in_the_language_that_builds(tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "new", "Sahel", "--dir", tmp_path, "--language", "fr")
    assert code == 0
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert "language: fr" in text and "# Nouvelle note." in text and "L'essentiel" in text
    assert run(capsys, "build", out.strip(), "--out", tmp_path, "--quiet")[0] == 0
    assert "POINTS CLÉS" in pdf_text(tmp_path / "sahel-one-page.pdf")[0]
    code, _, err = run(capsys, "new", "X", "--dir", tmp_path, "--language", "xx")
    assert code == 1 and "no starter brief in 'xx'; languages: en, ar, de, es, fa, fr, he, ja, ko, zh-Hans" in err


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
