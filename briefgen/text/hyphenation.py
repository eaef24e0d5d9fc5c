"""Hyphenation patterns, loaded once and kept in the cache (parsing a dictionary costs ~0.25 s)."""

from __future__ import annotations

import hashlib
import logging
import marshal
from collections.abc import Callable

from briefgen.cache import cache_dir, store
from briefgen.memo import memoized

log = logging.getLogger(__name__)


@memoized("hyphenation patterns", holds="pyphen's patterns for a language made ready", bound=64,
          key="the language (the dictionaries installed with pyphen)")
def prepare(lang: str) -> None:
    """Make pyphen's patterns for ``lang`` ready, from the cache when possible.

    ReportLab asks pyphen for a dictionary by language; pyphen keeps parsed dictionaries in
    its ``hdcache``, which this fills from a marshalled copy of the parsed patterns.
    """
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return
    name = pyphen.language_fallback(lang)
    path = pyphen.LANGUAGES.get(name) if name else None
    if path is None or path in pyphen.hdcache:
        return
    raw = path.read_bytes()
    folder = cache_dir("hyphenation")
    cached = folder / f"{name}-{hashlib.sha1(raw).hexdigest()}.marshal" if folder else None
    if cached is not None and cached.is_file():
        try:
            hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hyph.patterns, hyph.maxlen = marshal.loads(cached.read_bytes())
            hyph.cache = {}
            pyphen.hdcache[path] = hyph
            return
        except (ValueError, EOFError, TypeError):
            log.debug("hyphenation cache %s unreadable", cached)
    pyphen.hdcache[path] = hyph = pyphen.HyphDict(path)
    if cached is not None:
        try:
            store(cached, marshal.dumps((hyph.patterns, hyph.maxlen)))
        except ValueError:  # patterns with alternatives do not marshal
            log.debug("hyphenation patterns for %s not cached", name)


@memoized("hyphenators", holds="the break function ReportLab calls for a language", key="the language",
          bound=64)
def hyphenator(lang: str) -> Callable[[str], list[tuple[str, str]]]:
    """The hyphenation ReportLab calls for each word that does not fit, with the rules a typesetter keeps.

    Never a capitalised word (TeX's ``\\uchyph=0``: no "Fin-land", "Ja-pan"), never a word with
    digits, at least two letters before the break and three after.
    """
    import pyphen

    prepare(lang)
    dictionary = pyphen.Pyphen(lang=lang, left=2, right=3)

    def breaks(word: str) -> list[tuple[str, str]]:
        letters = [char for char in word if char.isalpha()]
        if not letters or letters[0].isupper() or any(char.isdigit() for char in word):
            return []
        return list(dictionary.iterate(word))

    return breaks
