"""ReportLab's URL pattern, compiled when first used (a reach into ``re._cache``).

ReportLab compiles a Unicode URL pattern when ``reportlab.platypus.paragraph`` is imported
(≈ 60 ms, the largest single item of a cold start); it is used only to split a long URL with
``uriWasteReduce``. :func:`seed` puts a stand-in into Python's ``re`` cache under that
pattern's key before ReportLab is imported, so ``re.compile`` hands ReportLab the stand-in,
which compiles itself on first use. Should ReportLab change the pattern, the seed is simply
never asked for (and :func:`briefgen.text.rl.check` says so).
"""

from __future__ import annotations

import re
from typing import Any

# reportlab/platypus/paragraph.py (5.1): uri_pat = re.compile(<this>, re.I)
REPORTLAB_URI_PATTERN = (
    '(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z'
)


class PatternOnUse:
    """A compiled regular expression that is compiled when one of its methods is first used."""

    def __init__(self, key: tuple[type, str, int]):
        self.key = key
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        if self.compiled is None:
            cache = getattr(re, "_cache", {})
            if cache.get(self.key) is self:
                del cache[self.key]
            self.compiled = re.compile(self.key[1], self.key[2])
        return getattr(self.compiled, attribute)


def compile_lazily(pattern: str, flags: re.RegexFlag) -> None:
    """Make ``re.compile(pattern, flags)`` return a :class:`PatternOnUse`, when ``re`` keeps the
    cache it has kept since Python 3.7 (a dict keyed by type, pattern and flags); else do nothing."""
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        key = (str, pattern, int(flags))
        cache.setdefault(key, PatternOnUse(key))


def seed() -> None:
    """Seed the stand-in, unless ReportLab's paragraph module (and so its pattern) is already imported."""
    import sys

    if "reportlab.platypus.paragraph" not in sys.modules:
        compile_lazily(REPORTLAB_URI_PATTERN, re.IGNORECASE)
