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

from typing import Any

__version__ = "0.1.0"

from briefgen import startup  # noqa: E402 - after the version, which startup does not need

startup.install()  # HarfBuzz, Pillow's Image and one ReportLab pattern wait until they are used

_API = {"load", "render", "render_pack", "Brief", "Rendered", "Omission"}
_ERRORS = {"ContentError", "BriefgenError", "Problem"}
__all__ = sorted(_API | _ERRORS)


def __getattr__(name: str) -> Any:
    if name in _API:
        from briefgen.interface import api

        return getattr(api, name)
    if name in _ERRORS:
        from briefgen import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
