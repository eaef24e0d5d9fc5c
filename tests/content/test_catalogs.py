"""The shipped catalogs: complete, readable by Babel, plural forms right, likelihood words unambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.catalogs import (SHIPPED, catalog_folder, locale_names, read_catalog, shipped_catalog,
                                       shipped_languages, template_ids, translated_terms)
from briefgen.content.scales import SCALES
from briefgen.errors import ContentError
from briefgen.content.load import load_text
from briefgen.content.validate import validate_brief
from tests.helpers import minimal, write_yaml

LANGUAGES = ["fr", "de", "es", "ko", "ja", "zh-Hans", "ar", "he", "fa"]


def test_the_shipped_languages() -> None:
    assert shipped_languages() == ("en", "ar", "de", "es", "fa", "fr", "he", "ja", "ko", "zh-Hans")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_catalog_translates_every_message_of_the_template(language: str) -> None:
    messages = shipped_catalog(language)
    assert messages is not None
    assert [key for key in template_ids() if key not in messages] == []
    assert len(template_ids()) > 130


@pytest.mark.parametrize(("language", "forms"), [("fr", 3), ("de", 2), ("ko", 1), ("ja", 1), ("zh-Hans", 1),
                                                 ("ar", 6), ("he", 3), ("fa", 2), ("es", 3)])
def test_plural_messages_have_every_form_of_the_language(language: str, forms: int) -> None:
    messages = shipped_catalog(language)
    assert messages is not None and messages.plural
    assert {len(texts) for texts in messages.plural.values()} == {forms}


def test_arabic_counts_take_their_own_forms() -> None:
    messages = shipped_catalog("ar")
    assert messages is not None
    forms = messages.plural[(None, "{n} quote")]
    assert [forms[messages.plural_index(n)].format(n=n) for n in (1, 2, 3, 11, 100)] == [
        "تصريح واحد", "تصريحان", "3 تصريحات", "11 تصريحًا", "100 تصريح"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translated_likelihood_word_names_one_band(language: str) -> None:
    for scale in SCALES.values():
        translated = translated_terms(scale.name, language)
        assert translated, f"{language}: no {scale.name} words"
        for word, english in translated.items():
            assert scale.lookup(word, language) == scale.lookup(english), (language, word)


def test_chinese_tags_find_the_simplified_catalog_and_traditional_does_not() -> None:
    assert locale_names("zh")[0] == "zh_Hans" and locale_names("zh-CN")[:2] == ["zh_Hans_CN", "zh_Hans"]
    assert "zh_Hans" not in locale_names("zh-TW") and shipped_catalog("zh-Hant") is None
    assert shipped_catalog("zh") is shipped_catalog("zh-Hans")


def test_a_brief_may_write_the_scales_english_terms_or_its_own_language(tmp_path: Path) -> None:
    for term in ("likely", "probable", "très probable"):
        data = minimal(language="fr", outlook={"summary": "…", "scenarios": [{"title": "A", "likelihood": term}]})
        path = write_yaml(tmp_path, data)
        validate_brief(load_text(str(path), path.read_text(encoding="utf-8")))
    data = minimal(language="fr", outlook={"summary": "…", "scenarios": [{"title": "A", "likelihood": "hautement"}]})
    path = write_yaml(tmp_path, data)
    with pytest.raises(ContentError) as exc:
        validate_brief(load_text(str(path), path.read_text(encoding="utf-8")))
    message = str(exc.value)
    assert "'hautement' is not a term of the ICD-203 scale; use one of: almost no chance, remote," in message
    assert "(or in the brief's language: quasiment aucune chance, chance infime," in message


def test_an_unknown_language_is_a_located_error_naming_the_shipped_ones(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, minimal(language="xx"))
    with pytest.raises(ContentError) as exc:
        validate_brief(load_text(str(path), path.read_text(encoding="utf-8")))
    line = next(number for number, text in enumerate(path.read_text().splitlines(), start=1) if text.startswith("language:"))
    assert str(exc.value) == (f"{path}:{line}:11: language: 'xx' is not a language briefgen knows (BCP 47, e.g. fr, "
                              "zh-Hans, en-GB); languages with furniture: en, ar, de, es, fa, fr, he, ja, ko, zh-Hans")


def test_catalogs_are_read_as_shipped_po_files() -> None:
    path = catalog_folder(SHIPPED, "fr")
    assert path.suffix == ".po" and path.is_file()
    assert read_catalog(path).singular[(None, "Key points")] == "Points clés"
    assert read_catalog(path).singular[("likelihood ICD-203", "likely")] == "probable"
