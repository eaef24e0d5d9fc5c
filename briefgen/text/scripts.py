"""Writing systems in running text: script runs, CJK line-break opportunities and bidi order.

Pure text functions, no ReportLab: the renderer uses them to choose a font for each run
(:func:`script_runs`, :func:`script_key`), the line breaker to find where Japanese and
Chinese may break (:func:`cjk_breaks`), and the drawing code to put right-to-left words in
visual order (:func:`visual_order`).
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata

from briefgen.memo import memoized

log = logging.getLogger(__name__)

# Code point ranges (first, last, class). Classes: hangul, kana, han, cjk (CJK punctuation and
# full-width forms, which go with the run around them), arabic, hebrew.
_RANGES = sorted([
    (0x0590, 0x05FF, "hebrew"), (0xFB1D, 0xFB4F, "hebrew"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x0870, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x1100, 0x11FF, "hangul"), (0x3130, 0x318F, "hangul"), (0xA960, 0xA97F, "hangul"),
    (0xAC00, 0xD7AF, "hangul"), (0xD7B0, 0xD7FF, "hangul"), (0xFFA0, 0xFFDC, "hangul"),
    (0x2E80, 0x2FDF, "han"), (0x3005, 0x3005, "han"), (0x3007, 0x3007, "han"), (0x3021, 0x3029, "han"),
    (0x3400, 0x4DBF, "han"), (0x4E00, 0x9FFF, "han"), (0xF900, 0xFAFF, "han"), (0x20000, 0x3134F, "han"),
    (0x3040, 0x309F, "kana"), (0x30A0, 0x30FF, "kana"), (0x31F0, 0x31FF, "kana"), (0xFF66, 0xFF9F, "kana"),
    (0x1B000, 0x1B16F, "kana"),
    (0x3000, 0x3004, "cjk"), (0x3006, 0x3006, "cjk"), (0x3008, 0x3020, "cjk"), (0x302A, 0x303F, "cjk"),
    (0x3200, 0x33FF, "cjk"), (0xFE30, 0xFE4F, "cjk"), (0xFF00, 0xFF65, "cjk"), (0xFFE0, 0xFFEF, "cjk"),
])
_STARTS = [first for first, _, _ in _RANGES]
_CJK = frozenset(("hangul", "kana", "han", "cjk"))
# Runs of these classes take a script font; CJK punctuation ("cjk") joins the run it sits in.
RUN_CLASS = {"hangul": "hangul", "kana": "cjk", "han": "cjk", "arabic": "arabic", "hebrew": "hebrew"}

# Language tags → the script keys a layout's ``script_fonts`` declares.
_CJK_LANGUAGE = {"ko": "ko", "ja": "ja", "zh": "zh-Hans", "zh-hans": "zh-Hans", "zh-cn": "zh-Hans",
                 "zh-sg": "zh-Hans", "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant",
                 "zh-mo": "zh-Hant", "yue": "zh-Hant"}

# Japanese and Chinese line-breaking rules (JIS X 4051 and GB/T 15834 kinsoku, the strict set):
# no line starts with closing brackets, stops, commas, small kana, iteration marks or the long
# vowel mark; no line ends with an opening bracket.
NO_LINE_START = frozenset(
    "、。，．・：；？！ー‐゠–—〜～…‥）」』】〕〉》〙〗〟｝］｠’”»›%％‰℃°′″"
    "々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    ",.:;?!)]}")
NO_LINE_END = frozenset("（「『【〔〈《〘〖〝｛［｟‘“«‹([{＄$￥¥£€#＃")
_INSEPARABLE = frozenset("…‥—―")  # never split a doubled ellipsis or dash


@memoized("script classes", holds="a character's writing-system class", key="the character", bound=4096)
def char_class(char: str) -> str | None:
    """The writing-system class of a character, or None for Latin, Greek, Cyrillic and common ones."""
    code = ord(char)
    if code < 0x0590:
        return None
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0 and _RANGES[index][0] <= code <= _RANGES[index][1]:
        return _RANGES[index][2]
    return None


def script_runs(text: str) -> list[tuple[str, str | None]]:
    """Split text into runs of one script class: ``"hangul"``, ``"cjk"`` (kana and Han),
    ``"arabic"``, ``"hebrew"`` or None (the text font's Latin, Greek, Cyrillic).

    Spaces, digits and punctuation between two characters of one class belong to that run (a
    Korean phrase, an Arabic sentence); at a run's edge they go to the text font. CJK
    punctuation goes with the CJK or Korean run beside it.
    """
    raw = [char_class(char) for char in text]
    classes: list[str | None] = [RUN_CLASS.get(cls or "") for cls in raw]
    _fill_between(classes, [char.isalpha() for char in text])
    _attach_punctuation(text, classes)
    for index, cls in enumerate(raw):
        if cls == "cjk":
            before = classes[index - 1] if index else None
            classes[index] = before if before in ("hangul", "cjk") else None
    for index in range(len(raw) - 1, -1, -1):
        if raw[index] == "cjk" and classes[index] is None:
            after = classes[index + 1] if index + 1 < len(raw) else None
            classes[index] = after if after in ("hangul", "cjk") else "cjk"
    runs: list[tuple[str, str | None]] = []
    for char, cls in zip(text, classes, strict=True):
        if runs and runs[-1][1] == cls:
            runs[-1] = (runs[-1][0] + char, cls)
        else:
            runs.append((char, cls))
    return runs


_STOPS = frozenset(".,!?:;…،؛؟")


def _attach_punctuation(text: str, classes: list[str | None]) -> None:
    """Stops and commas touching a right-to-left word (``کرد.``) go with it, so the word is shaped
    in one font. Brackets and quotation marks stay with the text font: their side and mirroring
    depend on the direction around them."""
    for index in range(len(text)):
        if classes[index] is not None or text[index] not in _STOPS:
            continue
        for step in (-1, 1):
            neighbour = index + step
            while 0 <= neighbour < len(text) and classes[neighbour] is None and text[neighbour] in _STOPS:
                neighbour += step
            if 0 <= neighbour < len(text) and classes[neighbour] in ("arabic", "hebrew"):
                classes[index] = classes[neighbour]
                break


def _fill_between(classes: list[str | None], letters: list[bool]) -> None:
    """Give a stretch of spaces, digits and punctuation its neighbours' class when both agree."""
    index = 0
    while index < len(classes):
        if classes[index] is not None:
            index += 1
            continue
        end = index
        while end < len(classes) and classes[end] is None:
            end += 1
        before = classes[index - 1] if index else None
        after = classes[end] if end < len(classes) else None
        if before is not None and before == after and not any(letters[index:end]):
            classes[index:end] = [before] * (end - index)
        index = end


def language_key(language: str | None) -> str | None:
    """The CJK script key (``ko``, ``ja``, ``zh-Hans``, ``zh-Hant``) a language tag asks for, if any."""
    if not language:
        return None
    tag = language.lower()
    while tag:
        if tag in _CJK_LANGUAGE:
            return _CJK_LANGUAGE[tag]
        if "-hant" in tag:
            return "zh-Hant"
        tag = tag.rpartition("-")[0]
    return None


def script_key(run: str, cls: str, language: str | None, han_default: str) -> str:
    """The ``script_fonts`` key for a run: ``ar``, ``he``, or the CJK key by content and language.

    Hangul is always Korean and kana always Japanese; Han characters follow the language tag
    around them (``[岸田]{lang=ja}``) or the brief's language, then the layout's ``han_default``.
    """
    if cls == "arabic":
        return "ar"
    if cls == "hebrew":
        return "he"
    if cls == "hangul":
        return "ko"
    if any(char_class(char) == "kana" for char in run):
        return "ja"
    return language_key(language) or han_default


def mostly_rtl(text: str) -> bool:
    """Whether most strong letters of ``text`` are right-to-left: such a paragraph is set RTL."""
    rtl = ltr = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        rtl += kind in ("R", "AL")
        ltr += kind == "L"
    return rtl > ltr


def has_strong_ltr(text: str) -> bool:
    """Whether ``text`` holds a left-to-right letter (Latin, CJK…)."""
    return any(unicodedata.bidirectional(char) == "L" for char in text)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter."""
    return not text.isascii() and any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


_BREAKS_BETWEEN = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last, cls in _RANGES
                                            if cls in ("kana", "han", "cjk")) + "]")


def has_cjk_breaks(text: str) -> bool:
    """Whether ``text`` holds a character a Japanese or Chinese line may break beside (kana, Han,
    CJK punctuation): when not, :func:`cjk_breaks` finds none."""
    return not text.isascii() and _BREAKS_BETWEEN.search(text) is not None


def cjk_breaks(text: str) -> list[int]:
    """Offsets inside ``text`` where a Japanese or Chinese line may break (never at its ends).

    A break is allowed between two characters when one of them is kana, Han or CJK punctuation,
    except before a character that may not start a line, after one that may not end one, and
    inside a doubled ellipsis or dash. Hangul breaks only at spaces; Latin words stay whole.
    """
    breaks = []
    for index in range(1, len(text)):
        before, after = text[index - 1], text[index]
        if before.isspace() or after.isspace():
            continue
        cjk_before = char_class(before) in _CJK and char_class(before) != "hangul"
        cjk_after = char_class(after) in _CJK and char_class(after) != "hangul"
        if not (cjk_before or cjk_after):
            continue
        if after in NO_LINE_START or before in NO_LINE_END:
            continue
        if before in _INSEPARABLE and after == before:
            continue
        if unicodedata.combining(after):
            continue
        breaks.append(index)
    return breaks


def visual_order(levels: list[int]) -> list[int]:
    """Indices of items in visual order, from their bidi embedding levels (UBA rule L2)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min((level for level in levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


_REMOVED_BY_X9 = frozenset(("BN", "RLE", "LRE", "RLO", "LRO", "PDF"))
# Runs read left to right as one unit on any base direction, as if isolated (LRI … PDI) but with no
# control character to reach the page: a web address (``https://www.state.gov/``, up to a closing
# stop or bracket) and a numeric range (``55–80%``, ``≈40–50%``, ``2024–2025``), which the bare
# algorithm would print ``/https://www.state.gov`` and ``80%–55`` on a right-to-left line.
_LTR_UNIT = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"«»]*[^\s<>\"«».,;:!?()\[\]]"
                       r"|[≈~]?\d+(?:[.,]\d+)?%?\s?[–-]\s?\d+(?:[.,]\d+)?%?", re.IGNORECASE)


def ltr_units(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has a web address or numeric range, each to read left to right as one unit: (start, end)."""
    return [match.span() for match in _LTR_UNIT.finditer(text)]


def isolate_ltr(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span's characters standing in as strong left-to-right letters, for the bidi algorithm."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "a" * (end - start)
    return "".join(chars)


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """Resolved embedding level of each character of one line (UBA), on a given base direction."""
    from bidi import algorithm

    # Rule X9 drops format characters (ZWNJ, embedding controls); a neutral keeps one level a character.
    text = "".join("\ufffc" if unicodedata.bidirectional(char) in _REMOVED_BY_X9 else char for char in text)
    text = isolate_ltr(text, ltr_units(text))
    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(text, storage, False, False)
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    return [char["level"] for char in storage["chars"]]


def _is_cjk_letter(char: str) -> bool:
    return char_class(char) in ("kana", "han") and char.isalpha()


def _is_cjk(char: str) -> bool:
    return char_class(char) in ("kana", "han", "cjk")


def cjk_spacing(text: str, space: str = "\u00a0") -> str:
    """Japanese or Chinese text spaced as those languages set it.

    A space where Han or kana meets a Latin letter (``GloFASや`` → ``GloFAS\u00a0や``): the
    quarter-em gap of JIS X 4051 and GB/T 15834, as a no-break
    space (about a quarter em in the fonts, never a line end: the line breaks at the CJK character
    beside it). And no space between two CJK characters: one there came from a folded line of
    YAML (``>-``), not from the writer, as Japanese and Chinese put no spaces between words.
    Digits take no gap: a date or count (``2024年4月10日``, ``3件``) is one unit, and copied or
    searched it must read as written.
    """
    if text.isascii():
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        before = out[-1] if out else ""
        if char == " " and before and _is_cjk(before) and index + 1 < len(text) and _is_cjk(text[index + 1]):
            continue
        if before and ((_is_cjk_letter(before) and char.isascii() and char.isalpha())
                       or (before.isascii() and before.isalpha() and _is_cjk_letter(char))):
            out.append(space)
        out.append(char)
    return "".join(out)


def level_runs(text: str, rtl: bool) -> list[tuple[str, int]]:
    """``text`` cut where its resolved bidi level changes, in logical order: ``(run, level)``; an odd
    level reads right to left. :func:`visual_order` of the levels gives the order to draw them in."""
    runs: list[tuple[str, int]] = []
    for char, level in zip(text, bidi_levels(text, rtl), strict=True):
        if runs and runs[-1][1] == level:
            runs[-1] = (runs[-1][0] + char, level)
        else:
            runs.append((char, level))
    return runs


def mirrored(char: str) -> str:
    """The mirror image of a bracket or other mirrored character, for right-to-left runs."""
    from bidi.mirror import MIRRORED

    return MIRRORED.get(char, char)
