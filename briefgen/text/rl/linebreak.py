"""Line breaking (patches of ``reportlab.platypus.paragraph``): CJK break opportunities and long URLs.

ReportLab breaks lines at spaces. :func:`frag_words_with_breaks` replaces ``_getFragWords``:
each word ReportLab finds is cut at the kinsoku break opportunities of
:func:`briefgen.text.scripts.cjk_breaks` (Japanese and Chinese; Korean still breaks only at
spaces), and a URL too long for its line after a ``/`` or a ``.``, into pieces joined without a
space, so the line breaker may end a line there. :func:`uri_split_pairs` replaces
``_uri_split_pairs``. Installed by :func:`briefgen.text.rl.install`.
"""

from __future__ import annotations

import logging
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl_paragraph

from briefgen.text.scripts import cjk_breaks, has_cjk_breaks

log = logging.getLogger(__name__)

_original_get_frag_words = rl_paragraph._getFragWords
_original_uri_split_pairs = rl_paragraph._uri_split_pairs


def uri_split_pairs(uri: str | bytes) -> Any:
    """ReportLab's URL split points, asked only of a word that holds ``://`` (its URL pattern
    matches nothing else). ReportLab asks at every word it tries to hyphenate, and its pattern is
    compiled when first used (see :mod:`briefgen.text.rl.uri_pattern`): ≈ 60 ms a process saved."""
    text = uri.decode("utf8") if isinstance(uri, bytes) else uri
    return _original_uri_split_pairs(text) if "://" in text else None


def frag_words_with_breaks(frags: Any, maxWidth: Any = None) -> list:  # noqa: N803 - ReportLab's name
    words = _original_get_frag_words(frags, maxWidth)
    if rl_paragraph._processed_frags(frags):
        return words  # a split paragraph's words, already cut
    width_known = isinstance(maxWidth, (int, float))
    if not any(has_cjk_breaks(getattr(frag, "text", "")) for frag in frags) and not (
            width_known and any(word[0] > maxWidth for word in words)):
        return words  # the common case, decided per fragment rather than per word
    result: list = []
    for word in words:
        if width_known and word[0] > maxWidth and _is_url(word_text(word)):
            result.extend(_unhyphenated(piece) for piece in _split_word_at(word, _url_breaks(word_text(word))))
        else:
            result.extend(_split_cjk_word(word))
    return result


def _unhyphenated(word: list) -> list:
    """A piece of a URL: never hyphenated (a hyphen would read as part of the address)."""
    word[1:] = [(frag if hasattr(frag, "cbDefn") else frag.clone(nobr=True), text) for frag, text in word[1:]]
    return word


def _is_url(text: str) -> bool:
    return "://" in text or text.startswith("www.")


def _url_breaks(text: str) -> set[int]:
    """A URL too long for its line breaks after a ``/`` or a ``.`` (never inside ``://``), no hyphen."""
    start = text.find("://") + 3 if "://" in text else 0
    return {index + 1 for index in range(start, len(text) - 1) if text[index] in "/." and text[index + 1] != "/"}


def word_text(word: list) -> str:
    return "".join(text for frag, text in word[1:] if not hasattr(frag, "cbDefn") and isinstance(text, str))


def _split_cjk_word(word: list) -> list:
    """Cut a ReportLab frag word at CJK break opportunities; the pieces join with no space."""
    text = word_text(word)
    if text.isascii() or len(text) < 2:
        return [word]
    return _split_word_at(word, set(cjk_breaks(text)))


def _split_word_at(word: list, breaks: set[int]) -> list:
    """A frag word cut before each offset in ``breaks``: pieces a line may end after, joined with no space."""
    if not breaks or type(word) not in (list, rl_paragraph._HSFrag):
        return [word]
    pieces: list = []
    current: list = [0]
    offset = 0
    for frag, piece in word[1:]:
        if hasattr(frag, "cbDefn") or not isinstance(piece, str):
            current.append((frag, piece))
            continue
        start = 0
        for index in range(1, len(piece) + 1):
            if offset + index in breaks or index == len(piece):
                part = piece[start:index]
                if part:
                    current.append((frag, part))
                    current[0] += pdfmetrics.stringWidth(part, frag.fontName, frag.fontSize)
                start = index
                if offset + index in breaks:
                    pieces.append(current)
                    current = [0]
        offset += len(piece)
    if len(current) > 1:
        pieces.append(current)
    if type(word) is rl_paragraph._HSFrag:
        pieces[-1] = rl_paragraph._HSFrag(pieces[-1])
    return pieces
