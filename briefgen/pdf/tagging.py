"""Tagged PDF, part one: the structure tree, built from the block description, and marked while drawing.

Renderers create structure elements in logical order (``tags.add("P", parent)``) and
attach them to the flowables they return (``flowable.struct = element``). When a
flowable is drawn, :meth:`Tagger.marked` wraps what it draws in a marked-content
sequence with the next MCID of the page; page furniture is wrapped in
:meth:`Tagger.artifact`. Link annotations made while an element is open are recorded
as that element's ``Link`` children. Renderers never touch PDF objects: the finished
tree (MCIDs per page, annotations per page) is written into the PDF by
:mod:`briefgen.pdf.conformance`.
"""

from __future__ import annotations

from briefgen.text.rl.canvas import append_operator
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Union

log = logging.getLogger(__name__)

ARTIFACT = "Artifact"


@dataclass(frozen=True)
class MarkedContent:
    """Content drawn on ``page`` (1-based) as marked-content id ``mcid``."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    """The ``index``-th annotation (in creation order) of ``page`` (1-based)."""

    page: int
    index: int
    description: str


@dataclass(eq=False)
class StructElement:
    """One structure element: a role (``P``, ``H1``, ``Table``…), attributes, and kids in logical order."""

    role: str
    parent: StructElement | None = None
    alt: str | None = None
    lang: str | None = None
    scope: str | None = None  # TH: Column or Row
    once: bool = False  # a repeated table header: drawn again, it is an artifact
    kids: list[Union[StructElement, MarkedContent, Annotation]] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing of the element was drawn (it is left out of the tree)."""
        return all(isinstance(kid, StructElement) and kid.is_empty() for kid in self.kids)


class Tagger:
    """Owns one document's structure tree and the marked-content ids of its pages."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.root = StructElement("Document")
        self.mcids: dict[int, list[StructElement]] = {}  # page -> elements, indexed by MCID
        self.annotations: dict[int, list[tuple[StructElement, str]]] = {}  # page -> (Link, description) of each
        self.open: list[StructElement | str] = []  # what is being drawn: elements, or ARTIFACT
        self.descriptions: dict[str, str] = {}  # link destination -> what a screen reader says of the link
        self.forms: dict[int, dict[str, str]] = {}  # page -> form name -> PDF file drawn there (PDF figures)
        self.gettext: Callable[[str], str] = str  # the document's language for what a link is said to do
        self._drawn: set[int] = set()

    def add(self, role: str, parent: StructElement | None = None, **attributes: Any) -> StructElement:
        """A new element under ``parent`` (the document when None), after its earlier kids."""
        owner = parent or self.root
        element = StructElement(role, owner, **attributes)
        owner.kids.append(element)
        return element

    @contextmanager
    def marked(self, canvas: Any, element: StructElement | None) -> Iterator[None]:
        """Mark everything drawn inside as content of ``element`` (nested marks join the outer one)."""
        if not self.enabled or element is None or self.open:
            yield
            return
        if element.once and id(element) in self._drawn:
            with self.artifact(canvas, "Layout"):
                yield
            return
        self._drawn.add(id(element))
        self._begin(canvas, element)
        try:
            yield
        finally:
            self._end(canvas)

    @contextmanager
    def aside(self, canvas: Any, element: StructElement) -> Iterator[None]:
        """Inside the element being drawn, mark a piece as ``element`` (a list item's label), then go on."""
        current = self.open[-1] if self.open else None
        if not self.enabled or not isinstance(current, StructElement):
            yield
            return
        self._end(canvas)
        self._begin(canvas, element)
        try:
            yield
        finally:
            self._end(canvas)
            self._begin(canvas, current)

    @contextmanager
    def aside_artifact(self, canvas: Any) -> Iterator[None]:
        """Inside the element being drawn, draw a piece as an artifact (dot leaders), then go on."""
        current = self.open[-1] if self.open else None
        if not self.enabled or not isinstance(current, StructElement):
            yield
            return
        self._end(canvas)
        append_operator(canvas, "/Artifact <</Type /Layout>> BDC")
        try:
            yield
        finally:
            append_operator(canvas, "EMC")
            self._begin(canvas, current)

    def _begin(self, canvas: Any, element: StructElement) -> None:
        page = canvas.getPageNumber()
        ids = self.mcids.setdefault(page, [])
        element.kids.append(MarkedContent(page, len(ids)))
        append_operator(canvas, f"/{_tag(element.role)} <</MCID {len(ids)}>> BDC")
        ids.append(element)
        self.open.append(element)

    def _end(self, canvas: Any) -> None:
        self.open.pop()
        append_operator(canvas, "EMC")

    @contextmanager
    def artifact(self, canvas: Any, kind: str = "Pagination") -> Iterator[None]:
        """Mark everything drawn inside as an artifact (page furniture, rules, decoration)."""
        if not self.enabled or self.open:
            yield
            return
        append_operator(canvas, f"/Artifact <</Type /{kind}>> BDC")
        self.open.append(ARTIFACT)
        try:
            yield
        finally:
            self.open.pop()
            append_operator(canvas, "EMC")

    def external_form(self, page: int, path: str) -> str:
        """The name under which a one-page PDF is drawn on ``page``; the finishing stage copies it in."""
        import hashlib

        name = "BriefgenFigure" + hashlib.sha1(path.encode()).hexdigest()[:10]
        self.forms.setdefault(page, {})[name] = path
        return name

    def annotation(self, page: int, destination: str) -> None:
        """Record a link annotation just made on ``page``: it belongs to the element being drawn."""
        if not self.enabled:
            return
        links = self.annotations.setdefault(page, [])
        owner = next((e for e in reversed(self.open) if isinstance(e, StructElement)), None)
        description = self.descriptions.get(destination) or _describe(destination, self.gettext)
        if owner is None:
            log.debug("annotation outside tagged content on page %d: %s", page, destination)
            owner = self.root
        link = owner if owner.role == "Link" else StructElement("Link", owner)
        if link is not owner:
            owner.kids.append(link)
        link.kids.append(Annotation(page, len(links), description))
        links.append((link, description))


def _tag(role: str) -> str:
    return role if role.isalnum() else "Span"


def _describe(destination: str, gettext: Callable[[str], str] = str) -> str:
    """What a screen reader says of a link (``/Contents`` of its annotation), in the document's language."""
    if destination.startswith(("http://", "https://")):
        return gettext("Link to %(address)s") % {"address": destination}
    if destination.startswith("briefgen-item:"):
        return gettext("Go to item %(number)s of the pack") % {"number": destination.split(':', 1)[1]}
    if destination.startswith("mailto:"):
        return gettext("E-mail %(address)s") % {"address": destination[7:]}
    return gettext("Link within this document")


class Tagged:
    """Mixin for flowables: what ``drawOn`` draws is marked as the flowable's structure element.

    Split parts keep the element, so a paragraph broken across pages is one ``P`` with
    content on both pages. A flowable without an element (``struct`` None) draws unmarked,
    which only nested flowables may do: their content joins the element being drawn.
    """

    struct: StructElement | None = None
    change_bar: bool = False  # a change-tracked edition draws a bar beside it (the canvas's ``changed_drawn``)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab API
        if self.change_bar and getattr(canvas, "changed_drawn", None) is not None:
            canvas.changed_drawn(self, x, y)
        tags = getattr(canvas, "tags", None)
        if tags is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        with tags.marked(canvas, self.struct):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - ReportLab API
        parts = super().split(availWidth, availHeight)  # type: ignore[misc]
        for part in parts:
            part.struct = self.struct
            if self.change_bar:
                part.change_bar = True
            if hasattr(self, "label"):
                part.label = self.label
        return parts
