"""What a preview shows: each product on each paper built in memory, the last good pages kept.

A :class:`Session` holds one :class:`View` per product and paper asked for. A save makes
every view stale and builds again the one the browser looks at (:meth:`Session.changed`);
another is built when the browser asks for it. A build that fails keeps the view's last good
PDF and records the located problems, which the page shows over it. Builds run one at a time
(ReportLab and the process caches are not shared between threads); the server's threads
only read what a build published, under :attr:`Session.lock`.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import memo
from briefgen.errors import BriefgenError, ContentError
from briefgen.interface.preview import pages
from briefgen.interface.preview.building import Outcome, build_brief_view, build_pack_view
from briefgen.names import PAPERS, PRODUCTS

log = logging.getLogger(__name__)

PACK = "pack"  # the one product a pack manifest has
IMAGES_KEPT = 48  # page pictures kept per view (pages × widths asked for)


@dataclass
class View:
    """One product on one paper: the last good PDF and what the last build said."""

    product: str
    paper: str
    pdf: bytes | None = None
    sizes: list[tuple[float, float]] = field(default_factory=list)
    version: int = 0  # counts the PDFs this view has had: part of each page picture's address
    built_for: int = -1  # the source's change count when it was last built
    outcome: Outcome = field(default_factory=lambda: Outcome(None))  # the last build's
    good: Outcome = field(default_factory=lambda: Outcome(None))  # the last good build's: its omissions, title
    note: pages.Found | None = None
    images: dict[tuple[int, int, int], bytes] = field(default_factory=dict)
    looking: tuple[int, int] | None = None  # the page and width of the picture last asked for


class Session:
    """A brief (or a pack manifest) previewed: its views, the change count and who is waiting."""

    def __init__(self, source: Path, pack: bool, paper: str = PAPERS[0], product: str | None = None,
                 quiet: bool = False):
        self.source, self.pack, self.quiet = source, pack, quiet
        self.products = (PACK,) if pack else PRODUCTS
        self.active = (product or self.products[0], paper)
        self.views: dict[tuple[str, str], View] = {}
        self.changes = 0  # saves seen
        self.generation = 0  # what the browser has: bumped when a view it shows was built again
        self.inputs: frozenset[Path] = frozenset()
        self.closing = False
        self.lock = threading.Condition()
        self.build_lock = threading.Lock()
        self.pictures = threading.Lock()  # one page drawn at a time (PDFium's rule), and never twice

    def view(self, product: str, paper: str) -> View:
        """The view of ``product`` on ``paper``, built now if it is missing or stale; it becomes the active one."""
        with self.build_lock:
            with self.lock:
                self.active = (product, paper)
                view = self.views.setdefault((product, paper), View(product, paper))
                fresh = view.built_for == self.changes
            if not fresh:
                self._build(view)
            return view

    def changed(self) -> None:
        """A save: every view is stale; the active one is built again now and the browser told."""
        with self.build_lock:
            with self.lock:
                self.changes += 1
                view = self.views.setdefault(self.active, View(*self.active))
            self._build(view)
            with self.lock:
                self.generation += 1
                self.lock.notify_all()
        if view.looking is not None:  # drawn while the browser hears of it: its request finds the picture ready
            self.image(view.product, view.paper, *view.looking)

    def forget(self) -> None:
        """Empty the process caches (a layout or font changed), never in the middle of a build."""
        with self.build_lock:
            memo.clear_all()

    def wait(self, after: int, timeout: float) -> int:
        """Block until the generation is not ``after`` (or ``timeout`` seconds pass); return it."""
        with self.lock:
            self.lock.wait_for(lambda: self.generation != after or self.closing, timeout)
            return self.generation

    def close(self) -> None:
        """Wake every waiting request: the preview is stopping."""
        with self.lock:
            self.closing = True
            self.lock.notify_all()

    def _build(self, view: View) -> None:
        started = time.perf_counter()
        changes = self.changes
        outcome = self._outcome(view.product, view.paper)
        sizes = pages.page_sizes(outcome.pdf) if outcome.pdf is not None else view.sizes
        note = pages.find_text(outcome.pdf, outcome.note) if outcome.pdf is not None and outcome.note else None
        outcome.times["located"] = time.perf_counter() - started - sum(outcome.times.values())
        with self.lock:
            view.outcome, view.built_for = outcome, changes
            if outcome.pdf is not None:
                view.pdf, view.sizes, view.note, view.good = outcome.pdf, sizes, note, outcome
                view.version += 1
                view.images.clear()
            if outcome.inputs is not None:
                self.inputs = outcome.inputs
        self._say(view, outcome, time.perf_counter() - started)

    def _outcome(self, product: str, paper: str) -> Outcome:
        try:
            if self.pack:
                return build_pack_view(self.source, paper)
            return build_brief_view(self.source, product, paper)
        except ContentError as exc:
            return Outcome(None, [str(problem) for problem in exc.problems])
        except BriefgenError as exc:
            return Outcome(None, [f"briefgen: {exc}"])
        except Exception as exc:  # noqa: BLE001 - the preview stays up and says so on the page
            log.debug("internal error", exc_info=True)
            return Outcome(None, [f"briefgen: internal error ({type(exc).__name__}: {exc}); "
                                  "run with --debug for details and please report it"])

    def _say(self, view: View, outcome: Outcome, seconds: float) -> None:
        if self.quiet and outcome.pdf is not None:
            return
        for line in outcome.errors:
            print(line, file=sys.stderr)
        if outcome.pdf is not None:
            parts = ", ".join(f"{name} {value:.3f}" for name, value in outcome.times.items())
            print(f"{view.product} ({view.paper}): {len(view.sizes)} page{'s' if len(view.sizes) != 1 else ''} "
                  f"in {seconds:.3f} s ({parts})", file=sys.stderr)
        else:
            kept = "; the preview keeps the last good pages" if view.pdf is not None else ""
            print(f"{view.product} ({view.paper}): not built{kept}", file=sys.stderr)

    def image(self, product: str, paper: str, page: int, width: int) -> bytes | None:
        """A page (from 1) of a view's last good PDF as a JPEG, or None when there is no such page."""
        with self.pictures:
            with self.lock:
                view = self.views.get((product, paper))
                if view is None or view.pdf is None or not 1 <= page <= len(view.sizes):
                    return None
                view.looking = (page, width)
                key = (view.version, page, width)
                if key in view.images:
                    return view.images[key]
                pdf = view.pdf
            picture = pages.picture(pdf, page - 1, width)
            with self.lock:
                if len(view.images) >= IMAGES_KEPT:
                    view.images.clear()
                view.images[key] = picture
            return picture

    def state(self, view: View) -> dict[str, Any]:
        """What the page shows of a view, as JSON-ready data (content stays text: the page never reads it as markup)."""
        with self.lock:
            outcome = view.outcome
            note = {"page": view.note.page + 1, "box": view.note.box} if view.note is not None else None
            return {"generation": self.generation, "source": str(self.source), "title": view.good.title,
                    "products": list(self.products), "papers": list(PAPERS),
                    "product": view.product, "paper": view.paper, "version": view.version,
                    "pages": [{"width": w, "height": h} for w, h in view.sizes],
                    "errors": outcome.errors, "warnings": outcome.warnings,
                    "omitted": view.good.omitted,
                    "note": note, "seconds": round(sum(outcome.times.values()), 3)}
