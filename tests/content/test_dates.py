"""Dates by CLDR (Babel): each language's own order, month names and partial-date forms."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.content.dates import format_date, month_names


@pytest.mark.parametrize(("language", "long", "short", "month", "year"), [
    ("en", "10 October 2025", "4 Sep 2024", "June 2022", "2022"),  # briefgen's house style for plain English
    ("en-US", "October 10, 2025", "Sep 4, 2024", "June 2022", "2022"),
    ("fr", "10 octobre 2025", "4 sept. 2024", "juin 2022", "2022"),
    ("de", "10. Oktober 2025", "4. Sept. 2024", "Juni 2022", "2022"),
    ("es", "10 de octubre de 2025", "4 sept 2024", "junio de 2022", "2022"),
    ("ko", "2025년 10월 10일", "2024년 9월 4일", "2022년 6월", "2022년"),
    ("ja", "2025年10月10日", "2024年9月4日", "2022年6月", "2022年"),
    ("zh-Hans", "2025年10月10日", "2024年9月4日", "2022年6月", "2022年"),
    ("ar", "10 أكتوبر 2025", "4 سبتمبر 2024", "يونيو 2022", "2022"),
    ("he", "10 באוקטובר 2025", "4 בספט׳ 2024", "יוני 2022", "2022"),
    ("fa", "10 اکتبر 2025", "4 سپتامبر 2024", "ژوئن 2022", "2022"),
])
def test_dates_as_each_language_writes_them(language: str, long: str, short: str, month: str, year: str) -> None:
    assert format_date(dt.date(2025, 10, 10), language) == long
    assert format_date("2024-09-04", language, "short") == short
    assert format_date("2022-06", language) == month
    assert format_date("2022", language) == year


def test_korean_and_japanese_dates_of_the_issue() -> None:
    assert format_date("2024-03-04", "ko") == "2024년 3월 4일"
    assert format_date("2024-03-04", "ja") == "2024年3月4日"


def test_a_region_or_script_the_data_lacks_falls_back_to_the_language() -> None:
    assert format_date("2025-10-10", "fr-XX") == "10 octobre 2025"
    assert format_date(None, "fr") == ""


def test_month_names_for_the_timeline_axis() -> None:
    assert month_names("en") == ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    assert month_names("fr")[:2] == ("janv.", "févr.")
    assert month_names("ko")[0] == "1월"


def test_the_english_month_names_kept_in_python_are_cldrs() -> None:
    from babel.dates import get_month_names

    from briefgen.content.dates import CLDR_ENGLISH_MONTHS

    assert CLDR_ENGLISH_MONTHS == tuple(get_month_names("wide", locale="en").values())
    assert tuple(name[:3] for name in CLDR_ENGLISH_MONTHS) == tuple(get_month_names("abbreviated", "stand-alone", "en").values())


def test_the_first_of_the_month_in_french_is_1er() -> None:
    from briefgen.content.dates import format_date

    assert format_date("2024-12-01", "fr") == "1er décembre 2024"
    assert format_date("2024-12-01", "fr", "short") == "1er déc. 2024"
    assert format_date("2024-12-11", "fr") == "11 décembre 2024"
    assert format_date("2024-12", "fr") == "décembre 2024"
    assert format_date("2024-12-01", "de") == "1. Dezember 2024"
