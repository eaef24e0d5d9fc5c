"""What importing briefgen's dependencies costs, cut where they do work few builds use.

A cold build is mostly Python starting and importing ReportLab, pydantic and pikepdf. Three
pieces of that work are set aside until they are used, without changing what any of them
does when they are:

- ReportLab imports HarfBuzz (20–30 ms) whenever it is installed; only right-to-left text is
  shaped. Pillow's Image module (≈ 25 ms) is imported for raster figures only. Each is put in
  sys.modules as a stand-in that imports the real module on first use.
- ReportLab compiles a Unicode URL pattern when reportlab.platypus.paragraph is imported
  (≈ 60 ms, the largest single item of a cold start); it is used only to split a long URL
  with uriWasteReduce. Python's re cache is seeded with a pattern that compiles itself
  when first used. ReportLab is pinned to 5.1.x, whose pattern this is; should it change, the
  seed is simply never asked for.

Each is installed once, by import briefgen.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from typing import Any

# reportlab/platypus/paragraph.py (5.1): uri_pat = re.compile(<this>, re.I)
REPORTLAB_URI_PATTERN = (
    '(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z'
)


class ImportedOnUse(types.ModuleType):
    """Stands in for a module until one of its attributes is used, then imports it."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        module = sys.modules.get(self.__name__)
        if module is None or module is self:  # first use: import the real module, once
            sys.modules.pop(self.__name__, None)
            module = importlib.import_module(self.__name__)
            self.__dict__.update(module.__dict__)
        return getattr(module, attribute)  # an attribute the module lacks raises AttributeError


def import_lazily(name: str) -> None:
    """Put a stand-in for module name in sys.modules, unless it is imported or missing."""
    top = name.partition(".")[0]  # finding a submodule's spec would import its package
    if name not in sys.modules and importlib.util.find_spec(top) is not None:
        stand_in = ImportedOnUse(name)
        stand_in.__spec__ = None
        sys.modules[name] = stand_in


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


def install() -> None:
    """Set aside the start-up work few builds use (see the module's description)."""
    import_lazily("uharfbuzz")
    import_lazily("PIL.Image")
    if "reportlab.platypus.paragraph" not in sys.modules:
        compile_lazily(REPORTLAB_URI_PATTERN, re.IGNORECASE)
