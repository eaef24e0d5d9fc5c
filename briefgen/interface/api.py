"""The Python API: load a brief, render it, render a pack. Documented in docs/api.md.

These functions are the stable surface for scripts and services; the command line is
built on them. Nothing here writes to disk. Rendering holds a lock, so calls from
several threads are safe (they take turns: ReportLab's font registry is global); for
parallel rendering use processes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError, ContentError, Problem
from briefgen.names import DEFAULT_STANDARD, PAPERS, PDF_STANDARDS, PRODUCTS

log = logging.getLogger(__name__)

_RENDERING = threading.Lock()

@dataclass(frozen=True)
class Brief:
    """A valid brief, ready to render. ``model`` holds its content, typed; ``warnings`` what an author should see."""

    validated: Any  # briefgen.content.validate.Validated

    @property
    def id(self) -> str:
        """The output id: the ``id`` key, or the file's stem slugified (a mapping's title, slugified)."""
        return str(self.validated.id)

    @property
    def title(self) -> str:
        """The title as written (inline markup included)."""
        return str(self.validated.model.title)

    @property
    def model(self) -> Any:
        """The typed content (a pydantic model, ``briefgen.content.model.Brief``)."""
        return self.validated.model

    @property
    def warnings(self) -> list[Problem]:
        """Authoring warnings: quotes without a source, URLs without an accessed date…"""
        return list(self.validated.warnings)


@dataclass(frozen=True)
class Omission:
    """An item the one-page fitting left out: its field path, its kind, and where it was written."""

    field: str
    kind: str
    label: str
    line: int | None


@dataclass(frozen=True)
class Rendered:
    """A rendered product: the PDF bytes, its page count, what fitting left out, and warnings."""

    pdf: bytes
    pages: int
    omitted: list[Omission] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _loaded(source: Any, what: str) -> Any:
    from briefgen.content.load import load_file, load_mapping

    if isinstance(source, Mapping):
        return load_mapping(dict(source))
    if isinstance(source, (str, os.PathLike)):
        return load_file(Path(source))
    raise TypeError(f"{what} must be a path (str or PathLike) or a mapping, not {type(source).__name__}")


def load(source: str | os.PathLike[str] | Mapping[str, Any]) -> Brief:
    """Load and validate a brief from a YAML or JSON file, or from a mapping built by a script.

    Raises :class:`briefgen.ContentError` listing every problem (``.problems``).
    """
    from briefgen.content.validate import validate_brief

    return Brief(validate_brief(_loaded(source, "source")))


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def render(brief: Brief, product: str, *, paper: str = "a4", layout: str | os.PathLike[str] | None = None,
           pdf_standard: str = DEFAULT_STANDARD, since: Brief | None = None,
           release: str | None = None) -> Rendered:
    """Render ``brief`` as ``"one-page"`` or ``"long-form"``; nothing is written to disk.

    ``layout`` is a layout name or folder (default: the product's own). ``since``: the previous edition
    of the same brief (``briefgen.load``), for a change-tracked edition (docs/diff.md). ``release``: a
    level (or TLP label) to render the release edition at (only the parts at or below it). Raises
    :class:`briefgen.BriefgenError` (or its subclasses) when the layout is broken or the
    core of a one-pager does not fit.
    """
    _check_choice("product", product, PRODUCTS)
    _check_choice("paper", paper, PAPERS)
    _check_choice("pdf_standard", pdf_standard, PDF_STANDARDS)
    if not isinstance(brief, Brief):
        raise TypeError(f"render takes a Brief from briefgen.load, not {type(brief).__name__}")
    from briefgen.products.build import build_brief
    from briefgen.text.rl import install

    install()  # ReportLab's patches, once per process

    if since is not None and (not isinstance(since, Brief) or since.validated.id != brief.validated.id):
        raise BriefgenError("since must be an earlier edition of the same brief (briefgen.load, the same id)")
    with _RENDERING:
        built = build_brief(brief.validated, str(layout) if layout else product, paper, pdf_standard,
                            since.validated if since is not None else None, release)
    omitted = [Omission(o.path, o.kind, o.label, o.line) for o in built.omitted]
    return Rendered(built.pdf, built.pages, omitted, [*brief.warnings, *built.warnings])


def render_pack(manifest: str | os.PathLike[str] | Mapping[str, Any], *, paper: str = "a4",
                pdf_standard: str = DEFAULT_STANDARD) -> Rendered:
    """Render a briefing pack from a manifest file or mapping (item paths relative to it, or to the
    working folder for a mapping); its items are rendered in memory and nothing is written."""
    _check_choice("paper", paper, PAPERS)
    _check_choice("pdf_standard", pdf_standard, PDF_STANDARDS)
    from briefgen.products.pack import assemble_pack, check_pack, render_items
    from briefgen.text.rl import install

    install()  # ReportLab's patches, once per process

    pack, items, marking = check_pack(_loaded(manifest, "manifest"))
    with _RENDERING:
        warnings = render_items(items, paper, pdf_standard, pack.model.release)
        pdf, pages = assemble_pack(pack, items, marking, paper, pdf_standard)
    return Rendered(pdf, pages, [], warnings)


__all__ = ["Brief", "BriefgenError", "ContentError", "Omission", "Problem", "Rendered", "load", "render",
           "render_pack"]
