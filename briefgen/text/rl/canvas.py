"""Reaches into ReportLab's canvas, documents, frames and flowables, each named here once.

Tagging writes marked-content operators straight into a page's or a text object's content
stream (``_code``); a language span is opened in the text object being drawn
(``_curr_tx_info``); the document's timestamp and information dictionary are replaced for
deterministic, provenance-carrying output (``_doc``); the fitter follows the frame's own
spacing rule (``_oASpace``); columns ask which document template draws them
(``_doctemplate``). Two base classes override ReportLab's private drawing and parsing steps:
:class:`DecoratedTable` (``Table._drawBkgrnd``, ``Table._drawLines``) and
:class:`ParsedOnceParagraph` (``Paragraph._setup``).
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from reportlab.platypus import Paragraph, Table

log = logging.getLogger(__name__)


def append_operator(target: Any, operator: str) -> None:
    """Append raw PDF content (a marked-content operator) to a canvas's page or a text object."""
    target._code.append(operator)


def content_is_empty(target: Any) -> bool:
    """Whether a canvas or text object has written nothing yet."""
    return not target._code


def text_object_being_drawn(canvas: Any) -> Any:
    """The text object a paragraph is drawing into while an ``<onDraw>`` callback runs."""
    return canvas._curr_tx_info["tx"]


def set_document_stamp(canvas: Any, stamp: Any, info: Any) -> None:
    """Give the canvas's document a fixed timestamp and its information dictionary."""
    canvas._doc._timeStamp = stamp
    canvas._doc.info = info


def frame_adds_space_above(frame: Any) -> bool:
    """Whether a frame counts a flowable's space before in full after another's space after."""
    return bool(frame._oASpace)


def table_cells(table: Any) -> list[list[Any]]:
    """A table's cells, row by row, as given (a flowable, a list of them, or text)."""
    return list(table._cellvalues)


def kept_flowables(keep: Any) -> list[Any]:
    """The flowables a ``KeepTogether`` keeps together."""
    return list(keep._content)


def drawing_template(canvas: Any) -> Any:
    """The document template drawing on the canvas now, or None outside a document build."""
    return getattr(canvas, "_doctemplate", None)


class DecoratedTable(Table):
    """A Table whose backgrounds and rules are drawn inside :meth:`decoration` (an artifact)."""

    def decoration(self) -> AbstractContextManager[Any]:
        """The context the table's backgrounds and rules are drawn in; subclasses mark it."""
        return nullcontext()

    def _drawBkgrnd(self) -> None:  # noqa: N802 - ReportLab's private step, 5.1
        with self.decoration():
            super()._drawBkgrnd()

    def _drawLines(self) -> None:  # noqa: N802 - ReportLab's private step, 5.1
        with self.decoration():
            super()._drawLines()


class ParsedOnceParagraph(Paragraph):
    """A Paragraph whose markup is parsed once per text, style and bullet (ReportLab's ``_setup``).

    Fitting sets the same paragraph at each measurement, and ``watch`` rebuilds it at every
    save; ReportLab's parser costs ~0.5 ms. Subclasses give the cache (:meth:`parse_cache`).
    """

    def parse_cache(self) -> MutableMapping[tuple, tuple] | None:
        """Where parses are kept, keyed by (markup, style, bullet); None parses every time."""
        return None

    def _setup(self, text, style, bulletText, frags, cleaner) -> None:  # noqa: N803 - ReportLab's private step
        cache = self.parse_cache()
        if cache is None or frags is not None or not isinstance(text, str) \
                or not isinstance(bulletText, (str, type(None))):
            return super()._setup(text, style, bulletText, frags, cleaner)
        key = (text, style, bulletText)
        parsed = cache.get(key)
        if parsed is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            cache[key] = (self.text, self.style, [frag.clone() for frag in self.frags], self.bulletText)
            return
        self.text, self.style, cached_frags, self.bulletText = parsed
        self.frags = [frag.clone() for frag in cached_frags]
        self.debug = 0
