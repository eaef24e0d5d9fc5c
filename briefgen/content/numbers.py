"""Numbers as a reader of the brief's language writes them: ``55,500`` in English, ``55 500`` in
French (a narrow no-break space), ``55.500`` in German. Babel (CLDR data) knows the separators.

Charts, their alt text and anything else that prints a number from the content use
:func:`format_number`, so every number of a brief follows one convention.
"""

from __future__ import annotations

import logging
import math
from decimal import Decimal
from typing import Any

from briefgen.memo import memoized


log = logging.getLogger(__name__)

SIGNIFICANT = 12  # digits kept from a float: 0.1 + 0.2 prints as 0.3, not 0.30000000000000004


@memoized("number locales", holds="a Babel locale", key="BCP 47 tag", bound=64)
def number_locale(language: str) -> Any:
    """The Babel locale for a BCP 47 tag (``en-GB``, ``zh-Hant-TW``); its language alone, or English,
    when CLDR has no data for the whole tag."""
    from babel import Locale, UnknownLocaleError

    for tag in (language, language.split("-")[0], "en"):
        try:
            return Locale.parse(tag.replace("_", "-"), sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            log.debug("no number conventions for %r", tag)
    raise AssertionError("Babel has no English locale")  # pragma: no cover - Babel ships "en"


def _exact(value: float) -> Decimal:
    """A float as the decimal it was written as, rounded to :data:`SIGNIFICANT` digits."""
    if value == 0:
        return Decimal(0)
    return Decimal(f"{value:.{SIGNIFICANT}g}").normalize()


def format_number(value: float | None, language: str = "en", decimals: int | None = None) -> str:
    """``value`` with the language's grouping and decimal separators: ``format_number(55500, "en")``
    is ``55,500``. With ``decimals`` exactly that many places (axis ticks); without, as many as
    the value has (``2.5``, ``0.000001``, never ``2.0``). None prints as the empty string."""
    if value is None:
        return ""
    if not math.isfinite(value):
        return str(value)
    from babel.numbers import format_decimal

    locale = number_locale(language)
    if decimals is not None:
        rounded = round(value, decimals) + 0.0  # + 0.0: a tick at -1e-17 prints as 0, not -0
        number = Decimal(rounded).quantize(Decimal(1).scaleb(-decimals))
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return str(format_decimal(number, format=pattern, locale=locale))
    return str(format_decimal(_exact(value), locale=locale, decimal_quantization=False))


def format_compact(value: float, language: str = "en") -> str:
    """``value`` in the language's short form for large numbers (``500T``, ``1,5 Md``, ``15억``), for an
    axis whose full numbers do not fit side by side."""
    from babel.numbers import format_compact_decimal

    text = str(format_compact_decimal(value, format_type="short", locale=number_locale(language), fraction_digits=1))
    if any(ord(char) > 0x24F for char in text if char.isalpha()):  # 15억, 500万: the axis font is Latin
        text = str(format_compact_decimal(value, format_type="short", locale=number_locale("en"), fraction_digits=1))
    return text


def decimals_for(step: float) -> int:
    """Decimal places that show every tick of an axis stepping by ``step`` exactly (0.25 → 2)."""
    if step <= 0 or not math.isfinite(step):
        return 0
    text = format(_exact(step), "f")
    return len(text.split(".")[1]) if "." in text else 0
