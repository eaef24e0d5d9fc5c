"""What importing briefgen's dependencies costs, cut where they do work few builds use.

A cold build is mostly Python starting and importing ReportLab, pydantic and pikepdf. Three
pieces of that work are set aside until they are used, without changing what any of them
does when they are:

- ReportLab imports HarfBuzz (20–30 ms) whenever it is installed; only right-to-left text is
  shaped. Pillow's Image module (≈ 25 ms) is imported for raster figures only. Each is put in
  sys.modules as a stand-in that imports the real module on first use.
- ReportLab compiles a Unicode URL pattern when reportlab.platypus.paragraph is imported
  (≈ 60 ms, the largest single item of a cold start): :mod:`briefgen.text.rl.uri_pattern`
  seeds Python's re cache with a pattern that compiles itself when first used (a reach into
  ``re._cache``, so it lives behind ReportLab's door).

Each is installed once, by import briefgen.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

from briefgen.text.rl import uri_pattern


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


def install() -> None:
    """Set aside the start-up work few builds use (see the module's description)."""
    import_lazily("uharfbuzz")
    import_lazily("PIL.Image")
    uri_pattern.seed()
