"""The render stage's registry: each block type of the description maps to a function making ReportLab flowables.

:func:`build_story` walks a composed block description and calls the renderer registered
for each element (``@renders("para")``…); the block families register themselves in
:mod:`briefgen.rendering.blocks`. :class:`RenderContext` is what every renderer is given.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab.platypus import (
    Flowable,
)

from briefgen.errors import LayoutError
from briefgen.text import rl
from briefgen.text.styles import StyleSheet
from briefgen.pdf.tagging import StructElement, Tagger

from briefgen.compose.passes import ContentsEntry
from briefgen.rendering.changebars import flag, is_changed

log = logging.getLogger(__name__)

Renderer = Callable[[ET.Element, "RenderContext"], list[Flowable]]
RENDERERS: dict[str, Renderer] = {}


class Deferred:
    """Text known only after layout (page numbers): drawn as PDF forms defined just before saving.

    A page or flowable draws ``canvas.doForm(name)`` where the text goes and registers how to
    draw it; :meth:`define` draws every form once the page of every heading and the page
    count are known. This keeps the long form to a single layout pass.
    """

    def __init__(self) -> None:
        self.forms: dict[str, tuple[Callable[[Any, int, dict[str, int]], None], bool]] = {}
        self.heading_pages: dict[str, int] = {}

    def use(self, canvas: Any, name: str, draw: Callable[[Any, int, dict[str, int]], None],
            artifact: bool = False) -> None:
        """Place form ``name`` here; ``draw(canvas, total_pages, heading_pages)`` fills it later.

        A form of page furniture (``artifact``) marks its own content as an artifact: a
        validator checks a form once, so it must carry its marking inside.
        """
        canvas.doForm(name)
        self.forms[name] = (draw, artifact)

    def define(self, canvas: Any, total_pages: int) -> None:
        """Define every form used, now that the numbers are known."""
        for name, (draw, artifact) in self.forms.items():
            canvas.beginForm(name)
            if artifact and getattr(canvas, "tags", None) is not None:
                with canvas.tags.artifact(canvas):
                    draw(canvas, total_pages, self.heading_pages)
            else:
                draw(canvas, total_pages, self.heading_pages)
            canvas.endForm()


@dataclass
class RenderContext:
    """What a block renderer needs: the styles, the width it may fill, fitting results."""

    sheet: StyleSheet
    width: float
    omitted: tuple[tuple[str, int], ...] = ()  # what fitting left out: (omit class, items), in page order
    anchor_prefix: str = ""
    deferred: Deferred = field(default_factory=lambda: Deferred())
    contents: list[ContentsEntry] = field(default_factory=list)
    split_rows: bool = False  # let table rows and boxes break across pages (only for blocks taller than a page)
    tags: Tagger = field(default_factory=lambda: Tagger(enabled=False))
    language: str = "en"  # the document's language: its quotation marks
    parent: StructElement | None = None  # the structure element new blocks belong to

    def narrower(self, by: float) -> RenderContext:
        """The same context for content inset by ``by`` points."""
        return replace(self, width=self.width - by)

    def within(self, element: StructElement) -> RenderContext:
        """The same context for blocks that belong to ``element``."""
        return replace(self, parent=element)

    def element(self, role: str, **attributes: Any) -> StructElement:
        """A new structure element under the current parent, in logical order."""
        return self.tags.add(role, self.parent, **attributes)

    def tag(self, flowable: Flowable, role: str, **attributes: Any) -> Flowable:
        """Give ``flowable`` a new structure element; what it draws is marked as that element."""
        flowable.struct = self.element(role, **attributes)
        return flowable


def renders(tag: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer for one block type."""

    def register(function: Renderer) -> Renderer:
        RENDERERS[tag] = function
        return function

    return register


def build_story(elements: list[ET.Element], ctx: RenderContext) -> list[Flowable]:
    """Render a list of block elements into flowables, in order."""
    if not rl.installed():
        raise RuntimeError("ReportLab's patches are not installed: call briefgen.text.rl.install() at start-up")
    story: list[Flowable] = []
    for element in elements:
        renderer = RENDERERS.get(element.tag)
        if renderer is None:
            raise LayoutError(f"unknown block <{element.tag}>; known blocks: {', '.join(sorted(RENDERERS))}")
        made = renderer(element, ctx)
        story.extend(flag(made) if is_changed(element) else made)
    return story
