"""Dates as a reader of the brief's language writes them, from CLDR data (Babel), never by hand:
``10 octobre 2025``, ``10. Oktober 2025``, ``2024년 3월 4일``, ``2024年3月4日``, ``10 أكتوبر 2025``.

Content dates are ISO 8601 and may be partial: ``2024-03-04``, ``2022-06`` (``juin 2022``),
``2022``. A full date takes the language's *long* date format (``long``) or its abbreviated
year-month-day skeleton ``yMMMd`` (``short``, in tables); a year and month the skeletons ``yMMMM``
and ``yMMM``; a year alone the skeleton ``y`` (``2022년``, ``2022年``).

Plain ``en`` keeps briefgen's house style, day before month (``15 February 2024``, ``5 Jan 2024``),
with CLDR's English month names; ``en-US``, ``en-GB`` and every other tag take CLDR's patterns.
Digits are ASCII in every language, as Babel formats dates and as :mod:`briefgen.content.numbers`
writes numbers (a Persian brief's dates and chart axes agree: ``10 اکتبر 2025``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from briefgen.content.numbers import number_locale
from briefgen.content.typography import primary_subtag

log = logging.getLogger(__name__)

# Skeletons (CLDR availableFormats) for each kind of date; "long" is the locale's long date format.
_SKELETONS = {("day", "long"): None, ("day", "short"): "yMMMd", ("month", "long"): "yMMMM",
              ("month", "short"): "yMMM", ("year", "long"): "y", ("year", "short"): "y"}
# CLDR's English month names (wide; abbreviated are their first three letters), kept here so that an English
# build need not import Babel (~0.1 s of start-up). tests/content/test_dates.py checks them against CLDR.
CLDR_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                       "October", "November", "December")


def _house_english(kind: str, length: str, day: dt.date) -> str:
    """briefgen's house style for plain English: day before month (``15 February 2024``, ``5 Jan 2024``)."""
    month = CLDR_ENGLISH_MONTHS[day.month - 1]
    month = month if length == "long" else month[:3]
    return {"day": f"{day.day} {month} {day.year}", "month": f"{month} {day.year}", "year": str(day.year)}[kind]


def _parts(value: dt.date | str) -> tuple[str, dt.date]:
    """The precision of a (possibly partial) ISO date and a date to format it with."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    parts = [int(part) for part in text.split("-")]
    kind = ("year", "month", "day")[len(parts) - 1]
    return kind, dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def format_date(value: dt.date | str | None, language: str = "en", length: str = "long") -> str:
    """A content date as the language writes it: ``length`` is ``long`` (``15 February 2024``) or
    ``short`` (``15 Feb 2024``); partial dates print as a month (``June 2022``) or a year."""
    if value is None or value == "":
        return ""
    kind, day = _parts(value)
    if language == "en":  # the house style, without importing Babel (start-up: most English builds need no CLDR)
        return _house_english(kind, length, day)
    from babel.dates import format_date as babel_date, format_skeleton

    locale: Any = number_locale(language)
    if _SKELETONS[(kind, length)] is None:
        text = str(babel_date(day, "long", locale=locale))
    else:
        text = str(format_skeleton(_SKELETONS[(kind, length)], day, locale=locale))
    first = _FIRST_OF_MONTH.get(primary_subtag(language))
    if first and kind == "day" and day.day == 1 and text.startswith("1 "):
        text = first + text[1:]
    return text


# The first of the month as a language writes it where CLDR's patterns print a plain 1: French
# ``1er décembre 2024`` (Lexique de l'Imprimerie nationale), not ``1 décembre 2024``.
_FIRST_OF_MONTH = {"fr": "1er"}


def month_names(language: str = "en") -> tuple[str, ...]:
    """The language's twelve abbreviated stand-alone month names (``Jan``, ``janv.``, ``1月``, ``1月``),
    for the axis of a timeline chart."""
    if language == "en":
        return tuple(month[:3] for month in CLDR_ENGLISH_MONTHS)
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", "stand-alone", number_locale(language))
    return tuple(str(names[month]) for month in range(1, 13))
