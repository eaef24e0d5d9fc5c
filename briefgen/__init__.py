"""briefgen: printable policy briefs and briefing packs from structured YAML.

The pipeline runs in stages, one module each:
load → validate → compose → render → write, and pack for briefing packs.

The Python API (docs/api.md)::

    import briefgen
    brief = briefgen.load("content/brief.yaml")          # or a mapping built by a script
    rendered = briefgen.render(brief, "one-page", paper="letter")
    open("brief.pdf", "wb").write(rendered.pdf)

Names are imported on first use, so ``import briefgen`` stays cheap for the command line.
"""

import importlib
import importlib.util
import sys
import types
from typing import Any

__version__ = "0.1.0"


class _ImportedOnUse(types.ModuleType):
    """Stands in for a module until one of its attributes is used, then imports it."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        del sys.modules[self.__name__]
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        return getattr(module, attribute)


def _import_lazily(name: str) -> None:
    """ReportLab imports HarfBuzz (20–30 ms) whenever it is installed; only right-to-left text
    needs it, so it is imported when first used."""
    if name not in sys.modules and importlib.util.find_spec(name) is not None:
        stand_in = _ImportedOnUse(name)
        stand_in.__spec__ = None
        sys.modules[name] = stand_in


_import_lazily("uharfbuzz")

_API = {"load", "render", "render_pack", "Brief", "Rendered", "Omission"}
_ERRORS = {"ContentError", "BriefgenError", "Problem"}
__all__ = sorted(_API | _ERRORS)


def __getattr__(name: str) -> Any:
    if name in _API:
        from briefgen import api

        return getattr(api, name)
    if name in _ERRORS:
        from briefgen import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
