"""Typographic quotation marks for the brief's language.

Straight ``"`` and ``'`` in content become the marks the language uses (English “ ” ‘ ’,
German „ “ ‚ ‘, French « » with narrow no-break spaces, Japanese 「 」 『 』…), decided
by what stands before each mark. URLs, link targets, citations and language-span
attributes are left exactly as written. An apostrophe inside or at the end of a word
is always ’.

Text the layout sets inside quotation marks of its own (a quote, a source title) is
*nested*: its inner quotations take the language's secondary marks (English “… ‘…’ …”,
German „… ‚…‘ …“, French « … “…” … »), and marks that wrap the whole text are not
doubled (:func:`strip_quote_marks`).
"""

from __future__ import annotations

import re

# language (primary subtag, or full tag) -> (double open, double close, single open, single close)
MARKS = {
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"),
    "fr": ("«\u202f", "\u202f»", "“", "”"),  # French nests English marks inside guillemets
    "ja": ("「", "」", "『", "』"),
    "zh": ("“", "”", "‘", "’"),
    "zh-Hant": ("「", "」", "『", "』"),
    "ko": ("“", "”", "‘", "’"),
    "ru": ("«", "»", "„", "“"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "pl": ("„", "”", "«", "»"),
    "ar": ("«", "»", "‹", "›"),  # in logical order: the bidi algorithm mirrors them in right-to-left text
    "fa": ("«", "»", "‹", "›"),
    "he": ("”", "”", "’", "’"),  # Hebrew: the same mark opens and closes
}
# Stretches never touched: link targets, bare URLs, citations and span attributes.
_PROTECTED = re.compile(r"\]\([^)]*\)|https?://\S+|mailto:\S+|\[@[^\]]*\]|\{[^}]*lang=[^}]*\}")
_OPENING_CONTEXT = set(" \t\n\u00a0([{\u2014\u2013-/*_")


def primary_subtag(language: str | None) -> str:
    """The language of a BCP 47 tag without script or region: ``ar`` for ``ar-EG``."""
    return (language or "").replace("_", "-").split("-")[0].lower()


def marks(language: str) -> tuple[str, str, str, str]:
    """The quotation marks of a BCP 47 language tag (English for one not listed)."""
    return MARKS.get(language) or MARKS.get(language.split("-")[0]) or MARKS["en"]


# French: the space a writer types before ; ! ? and : and inside « » never breaks (a narrow no-break
# space, a no-break space before the colon), as French typesetting (babel-french, Lexique de
# l'Imprimerie nationale) sets it; Canadian French spaces only the colon.
_FRENCH_SPACES = (
    (re.compile(r"«[ \u00a0\u202f]*"), "«\u202f"),
    (re.compile(r"[ \u00a0\u202f]*»"), "\u202f»"),
    (re.compile(r"(?<=\S)[ \u00a0\u202f]+(?=[;!?])"), "\u202f"),
    (re.compile(r"(?<=\S)[ \u00a0\u202f]+(?=:)"), "\u00a0"),
)


def french_spacing(text: str, language: str) -> str:
    """No line break where French puts a space before ``; : ! ?`` or inside ``« »`` (``fr`` tags only;
    ``fr-CA`` the colon alone); protected stretches (links, citations) stay as written."""
    if primary_subtag(language) != "fr" or not any(mark in text for mark in ";:!?«»"):
        return text
    rules = _FRENCH_SPACES[3:] if language.lower() == "fr-ca" else _FRENCH_SPACES
    out, position = [], 0
    for found in [*_PROTECTED.finditer(text), None]:
        part = text[position:found.start() if found else len(text)]
        for pattern, space in rules:
            part = pattern.sub(space, part)
        out.append(part + (found.group() if found else ""))
        position = found.end() if found else position
    return "".join(out)


def smart_quotes(text: str, language: str = "en", nested: bool = False) -> str:
    """``"a 'b' c"`` → ``“a ‘b’ c”`` in English, with every protected stretch left as written;
    in French, the spaces of :func:`french_spacing` made unbreakable too.

    ``nested``: the text is set inside the language's quotation marks, so a quotation in
    it takes the secondary marks (``a "b" c`` → ``a ‘b’ c``), typed primary marks included.
    """
    return french_spacing(_smart_quotes(text, language, nested), language)


def _smart_quotes(text: str, language: str, nested: bool) -> str:
    chosen = marks(language)
    if nested:
        text = _demote(text, chosen)
        chosen = (chosen[2], chosen[3], chosen[2], chosen[3])  # a third level is rare; apostrophes stay ’
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    position, previous, open_singles = 0, " ", 0
    for found in [*_PROTECTED.finditer(text), None]:
        end = found.start() if found else len(text)
        converted, open_singles = _convert(text[position:end], previous, chosen, open_singles)
        out.append(converted)
        if found:
            out.append(found.group())
            position = found.end()
        previous = (out[-1] or previous)[-1:] or previous
    return "".join(out)


def _convert(text: str, previous: str, chosen: tuple[str, str, str, str], open_singles: int) -> tuple[str, int]:
    double_open, double_close, single_open, single_close = chosen
    result: list[str] = []
    for index, char in enumerate(text):
        following = text[index + 1] if index + 1 < len(text) else " "
        if char == '"' and _unspaced(previous, following):  # CJK: no spaces to tell; marks alternate
            char = double_close if _last_double(result, chosen) == double_open else double_open
        elif char == '"':
            char = double_open if previous in _OPENING_CONTEXT else double_close
        elif char == "'":
            if previous in _OPENING_CONTEXT and not following.isdigit():
                char, open_singles = single_open, open_singles + 1
            elif previous.isalnum() and (following.isalnum() or not open_singles):
                char = "’"  # an apostrophe: don't, Ha'aretz, the '90s, the Joneses'
            else:
                char, open_singles = single_close, max(open_singles - 1, 0)
        result.append(char)
        previous = char
    return "".join(result), open_singles


def _unspaced(previous: str, following: str) -> bool:
    """Whether a mark stands between ideographs or kana, where spacing cannot tell opening from closing."""
    return any("\u3000" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\ufaff"
               for c in (previous, following))


def _last_double(result: list[str], chosen: tuple[str, str, str, str]) -> str:
    return next((c for c in reversed(result) if c in chosen[:2]), chosen[1])


_SPACES = "[ \u00a0\u202f]*"


def _demote(text: str, chosen: tuple[str, str, str, str]) -> str:
    """Primary quotation marks typed inside nested text become secondary ones (``« x »`` → ``“x”`` in French)."""
    double_open, double_close, single_open, single_close = chosen
    bare_open, bare_close = double_open.strip("\u202f\u00a0 "), double_close.strip("\u202f\u00a0 ")
    if bare_open not in text and bare_close not in text:
        return text
    if bare_open == bare_close:  # Hebrew: one mark opens and closes
        return text.replace(bare_open, single_open)
    text = re.sub(re.escape(bare_open) + _SPACES, single_open, text)
    return re.sub(_SPACES + re.escape(bare_close), single_close, text)


# Opening and closing marks a writer may have typed around a whole text; the layout prints its own.
_QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "»": "«", "「": "」", "『": "』", "‘": "’", "'": "'",
                "‹": "›", "”": "”"}


def strip_quote_marks(text: str) -> str | None:
    """The text without quotation marks that wrap all of it, or None when it is not wrapped.

    ``"Yes," he said, "no."`` is not wrapped (the marks belong to two quoted parts).
    """
    stripped = text.strip()
    opening, closing = stripped[:1], _QUOTE_PAIRS.get(stripped[:1])
    if not closing or len(stripped) < 3 or not stripped.endswith(closing):
        return None
    inner = stripped[1:-1]
    if opening == closing or opening == "»":  # marks that do not tell opening from closing: one pair only
        return None if opening in inner or closing in inner else inner.strip(" \u00a0\u202f")
    depth = 0
    for char in inner:  # «a « b » c» is wrapped; «a» and «b» is not
        depth += (char == opening) - (char == closing)
        if depth < 0:
            return None
    return inner.strip(" \u00a0\u202f") if depth == 0 else None
