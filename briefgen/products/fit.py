"""One-page fitting: make the page fit by the steps the layout declares, in order.

1. tighten the space around blocks, down to ``fitting.spacing.min``;
2. drop optional blocks (``omit="class"`` in the template), class by class in the
   layout's ``fitting.omit`` order, lowest priority (highest ``rank``) and latest first;
3. step the type down by ``fitting.type.step`` points, never below ``fitting.type.floor``.

Candidates are measured with flowable ``wrap()`` heights, never by writing PDFs; each
step is a binary search. After omissions, spacing is relaxed again as far as it fits.
When even the core does not fit, :class:`FitError` says by how much and names the
longest fields.
"""

from __future__ import annotations

import logging
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Frame

from briefgen.errors import FitError
from briefgen.memo import Memo, identity_of, memoized
from briefgen.layouts.layout import Layout
from briefgen.content.load import Loaded, format_path
from briefgen.rendering.blocks import build_story
from briefgen.rendering.context import RenderContext
from briefgen.text.styles import Scaling, StyleSheet, sheet_for
from briefgen.content.validate import text_fields
from briefgen.products.provenance import layout_fingerprint
from briefgen.text.rl.canvas import frame_adds_space_above

log = logging.getLogger(__name__)

MM = 72 / 25.4


@dataclass(frozen=True)
class Omission:
    """One item a reader misses, left out to fit: its content path, class, label and line.

    An item left out whole (a paragraph, a quote, an actor, a scenario, an event) is one
    omission; so is an item that stays but lost parts (an actor's further motives, a
    scenario's description): then ``path`` is the item's and ``parts`` the parts' paths.
    """

    path: str
    kind: str
    label: str
    line: int
    parts: tuple[str, ...] = ()


Summary = tuple[tuple[str, int], ...]  # (omit class, items) in page order: what the page's note names


@dataclass
class Fitted:
    """The result of fitting: the pruned block tree, the scaling, and what was left out."""

    root: ET.Element
    scaling: Scaling
    omitted: list[Omission] = field(default_factory=list)
    summary: Summary = ()


def _optional_blocks(root: ET.Element, order: list[str]) -> list[ET.Element]:
    position = {id(el): i for i, el in enumerate(root.iter())}
    found = [el for el in root.iter() if el.get("omit") in order]
    unknown = {str(el.get("omit")) for el in root.iter() if el.get("omit") and el.get("omit") not in order}
    if unknown:
        log.warning("blocks with omit classes %s are never omitted: the layout's fitting.omit does not list them",
                    ", ".join(sorted(unknown)))
    return sorted(found, key=lambda el: (order.index(str(el.get("omit"))), -int(el.get("rank", 0)), -position[id(el)]))


def omission_steps(root: ET.Element, ordered: list[ET.Element], least: int) -> list[list[ET.Element]]:
    """The optional blocks as fitting steps, in order: one block a step, except that a table or list
    whose rows are all optional never keeps fewer than ``least`` of them: its last ``least`` go together."""
    rank = {id(el): i for i, el in enumerate(ordered)}
    tied: dict[int, int] = {}  # a row -> the row it goes with
    for container in root.iter():
        rows = [row for row in container if row.get("header") != "yes"] if container.tag in ("table", "list") else []
        if least > 1 and len(rows) >= least and all(id(row) in rank for row in rows):
            last = sorted(rows, key=lambda row: rank[id(row)])[-least:]
            tied.update({id(row): id(last[0]) for row in last[1:]})
    steps: list[list[ET.Element]] = []
    where: dict[int, int] = {}
    for element in ordered:
        if id(element) in tied:
            steps[where[tied[id(element)]]].append(element)
        else:
            where[id(element)] = len(steps)
            steps.append([element])
    return steps


def reader_items(dropped: list[ET.Element], root: ET.Element) -> list[list[ET.Element]]:
    """Dropped blocks grouped as a reader counts them, in drop order: an item left out whole (not also
    each of its parts), or the parts an item that stays lost (``part-of`` names the item)."""
    ids = {id(el) for el in dropped}
    parents = {id(child): parent for parent in root.iter() for child in parent}
    groups: dict[tuple[str, str], list[ET.Element]] = {}
    for element in dropped:
        if _has_ancestor_in(element, ids, parents):
            continue  # an actor left out whole is one item, not one more for each motive
        owner = element.get("part-of")
        key = (owner, str(element.get("omit"))) if owner else (f"#{id(element)}", "")
        groups.setdefault(key, []).append(element)
    position = {id(el): i for i, el in enumerate(root.iter())}
    return [sorted(group, key=lambda el: position[id(el)]) for group in groups.values()]


def summary_of(items: list[list[ET.Element]], root: ET.Element) -> Summary:
    """How many items of each class were left out, classes in the order the page has them; the
    items that stay shortened (an actor's further motives) after those left out whole."""
    position = {id(el): i for i, el in enumerate(root.iter())}
    counts: dict[str, int] = {}
    for group in sorted(items, key=lambda g: (bool(g[0].get("part-of")), min(position[id(el)] for el in g))):
        kind = str(group[0].get("omit"))
        counts[kind] = counts.get(kind, 0) + 1
    return tuple(counts.items())


def prune(root: ET.Element, dropped: set[int]) -> ET.Element:
    """A copy of ``root`` without the dropped elements (by ``id``) and containers left empty."""
    return _copy_without(root, dropped) or ET.Element(root.tag)


def _copy_without(element: ET.Element, dropped: set[int]) -> ET.Element | None:
    clone = ET.Element(element.tag, element.attrib)
    clone.text, clone.tail = element.text, element.tail
    for child in element:
        if id(child) not in dropped:
            kept = _copy_without(child, dropped)
            if kept is not None:
                clone.append(kept)
    return None if _emptied(element, clone) else clone


def _emptied(original: ET.Element, clone: ET.Element) -> bool:
    if original.tag == "list":
        return len(clone) == 0
    if original.tag == "table":
        return not any(row.get("header") != "yes" for row in clone)
    if original.tag == "section":
        return all(child.tag == "heading" for child in clone)
    return False


Extent = tuple[float, float, float]  # height, space before, space after


def extents(story: list[Flowable], width: float, height: float = 10_000_000) -> list[Extent]:
    """Height and spacing of each flowable at ``width`` (measured on a scratch canvas, as some flowables need one)."""
    canvas = scratch_canvas()
    return [(flowable.wrapOn(canvas, width, height)[1], flowable.getSpaceBefore(), flowable.getSpaceAfter())
            for flowable in story]


@memoized("scratch canvas", holds="a canvas to measure flowables on", key="none (one)", bound=1)
def scratch_canvas() -> Any:
    """A canvas to measure flowables on (some need one to wrap), one per process."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    return Canvas(io.BytesIO())


def stack_height(items: list[Extent], frame: Frame) -> float:
    """Height of flowables stacked in one frame, following ReportLab's Frame spacing rules."""
    total, previous_after, at_top = 0.0, 0.0, True
    for height, before, after in items:
        if not at_top:
            total += max(before - previous_after, 0) if frame_adds_space_above(frame) else before
        total += height + after
        previous_after, at_top = after, at_top and height == 0
    return total - previous_after


_MEASURED: Memo[list[Extent]] = Memo(
    "measurements", holds="a block's extents at one width and scaling",
    key="layout fingerprint, its font files' identity, width, scaling, note count, block XML, its figure files' "
        "identity", bound=20_000)


class Fitter:
    """Searches the layout's fitting steps for the first arrangement that fits one frame."""

    def __init__(self, layout: Layout, root: ET.Element, loaded: Loaded, frame: tuple[float, float], slack: float = 0):
        self.layout, self.root, self.loaded = layout, root, loaded
        self.width, self.height = frame[0], frame[1] - slack
        self.frame = Frame(0, 0, frame[0], frame[1])
        self.order = [str(k) for k in layout.get("fitting", "omit", default=[]) or []]
        self.optional = _optional_blocks(root, self.order)
        self.steps = omission_steps(root, self.optional, int(layout.get("fitting", "least_rows", default=1) or 1))
        self.summaries: dict[int, Summary] = {}
        self.space_min = float(layout.get("fitting", "spacing", "min", default=1.0))
        self.measured = 0
        optional_ids = {id(el) for el in self.optional}
        self.inside = {id(child): {id(el) for el in child.iter() if id(el) in optional_ids} for child in root}
        self.block_extents: dict[tuple, list[Extent]] = {}
        self.kept: dict[tuple[int, frozenset[int]], tuple[ET.Element | None, tuple]] = {}
        # Font files count as the layout's (fetched ones are not in its fingerprint); taken once a fit.
        self.fingerprint = (layout_fingerprint(layout),
                            identity_of(sorted({path for faces in layout.fonts.values() for path in faces.values()})),
                            layout.get("direction", default="ltr"))  # a mirrored layout shares its files

    def sheet(self, scaling: Scaling) -> StyleSheet:
        """The style sheet at one scaling (shared by the process: fonts and styles are built once)."""
        return sheet_for(self.layout, scaling)

    def dropped(self, omit_count: int) -> list[ET.Element]:
        """The blocks the first ``omit_count`` omission steps leave out, in order."""
        return [element for step in self.steps[:omit_count] for element in step]

    def summary(self, omit_count: int) -> Summary:
        """What the page's note names when the first ``omit_count`` steps are taken."""
        if omit_count not in self.summaries:
            self.summaries[omit_count] = summary_of(reader_items(self.dropped(omit_count), self.root), self.root)
        return self.summaries[omit_count]

    def height_of(self, scaling: Scaling, omit_count: int) -> float:
        """Measured height with the first ``omit_count`` omission steps taken.

        Each top-level block is measured once per scaling and per set of its own dropped
        parts, so a binary search re-measures only the blocks a step changes.
        """
        self.measured += 1
        dropped = {id(el) for el in self.dropped(omit_count)}
        ctx = RenderContext(self.sheet(scaling), self.width, omitted=self.summary(omit_count))
        items: list[Extent] = []
        for block in self.root:
            if id(block) in dropped:
                continue
            mine = frozenset(self.inside[id(block)] & dropped)
            key = (id(block), scaling, mine, self.summary(omit_count) if block.tag == "omission-note" else None)
            if key not in self.block_extents:
                self.block_extents[key] = self._measure(*self._kept(block, mine), ctx, key[1:])
            items += self.block_extents[key]
        return stack_height(items, self.frame)

    def _kept(self, block: ET.Element, dropped: frozenset[int]) -> tuple[ET.Element | None, tuple]:
        """The block without its dropped parts, and what its measurement depends on (its XML and its
        figure files as they are now), once per set of parts: every scaling measures the same copy."""
        found = self.kept.get((id(block), dropped))
        if found is None:
            kept = _copy_without(block, set(dropped))
            content = (ET.tostring(kept), identity_of(image.get("src", "") for image in kept.iter("image"))) \
                if kept is not None else ()
            found = self.kept[(id(block), dropped)] = (kept, content)
        return found

    def _measure(self, kept: ET.Element | None, content: tuple, ctx: RenderContext, variant: tuple) -> list[Extent]:
        """Extents of one block, remembered for the process: a warm process (``watch``, the API) re-measures
        only the blocks whose content (text or figure files) changed since the last build."""
        if kept is None:
            return []
        key = (self.fingerprint, self.width, variant[0], variant[2], content)
        return _MEASURED.lookup(key, lambda: extents(build_story([kept], ctx), self.width))

    def fits(self, scaling: Scaling, omit_count: int) -> bool:
        """Whether that arrangement fits the frame."""
        return self.height_of(scaling, omit_count) <= self.height

    def fit(self) -> Fitted:
        """Apply spacing, omission and type steps in order; raise FitError if the core overflows."""
        full = Scaling()
        if self.fits(full, 0):
            return self._result(full, 0)
        tight = Scaling(1.0, self.space_min)
        if self.fits(tight, 0):
            return self._result(self._loosest(0, 1.0), 0)
        count = len(self.steps)
        if self.fits(tight, count):
            needed = _first_true(lambda k: self.fits(tight, k), 0, count)
            return self._result(self._loosest(needed, 1.0), needed)
        type_scale = self._largest_type_that_fits(count)
        if type_scale is None:
            raise self._overflow(count)
        smaller = Scaling(type_scale, self.space_min)
        needed = _first_true(lambda k: self.fits(smaller, k), 0, count)  # smaller type may bring items back
        return self._result(self._loosest(needed, type_scale), needed)

    def _loosest(self, omit_count: int, type_scale: float) -> Scaling:
        """The most generous spacing that fits. Height is linear in the space scale (every
        space scales by the same factor, and Frame's collapsing keeps that), so two
        measurements give the answer; a third confirms it."""
        widest = Scaling(type_scale, 1.0)
        full = self.height_of(widest, omit_count)
        if full <= self.height:
            return widest
        tight = Scaling(type_scale, self.space_min)
        slope = (full - self.height_of(tight, omit_count)) / (1.0 - self.space_min or 1.0)
        if slope <= 0:
            return tight
        guess = Scaling(type_scale, max(self.space_min, math.floor((1.0 - (full - self.height) / slope) * 1000) / 1000))
        return guess if self.fits(guess, omit_count) else tight

    def _largest_type_that_fits(self, omit_count: int) -> float | None:
        body = self.sheet(Scaling()).paragraph("body").fontSize
        floor = float(self.layout.get("fitting", "type", "floor", default=body))
        step = float(self.layout.get("fitting", "type", "step", default=0.25))
        sizes = [body - step * i for i in range(1, int((body - floor) / step + 1e-9) + 1)]
        fits_at = lambda i: self.fits(Scaling(sizes[i] / body, self.space_min), omit_count)  # noqa: E731
        if not sizes or not fits_at(len(sizes) - 1):
            return None
        return sizes[_first_true(fits_at, 0, len(sizes) - 1)] / body

    def _result(self, scaling: Scaling, omit_count: int) -> Fitted:
        dropped = self.dropped(omit_count)
        log.debug("fitted after %d measurements: %s, %d blocks omitted", self.measured, scaling, len(dropped))
        omitted = [self._omission(group) for group in reader_items(dropped, self.root)]
        return Fitted(prune(self.root, {id(el) for el in dropped}), scaling, omitted, self.summary(omit_count))

    def _omission(self, group: list[ET.Element]) -> Omission:
        first = group[0]
        path = first.get("path", first.tag)
        line = self.loaded.mark(_parse_path(path)).line
        owner = first.get("part-of")
        if owner:
            return Omission(owner, first.get("omit", ""), first.get("label", ""), line,
                            tuple(el.get("path", el.tag) for el in group))
        return Omission(path, first.get("omit", ""), first.get("label", ""), line)

    def _overflow(self, omit_count: int) -> FitError:
        floor = float(self.layout.get("fitting", "type", "floor", default=8))
        body = self.sheet(Scaling()).paragraph("body")
        scaling = Scaling(floor / body.fontSize, self.space_min)
        excess = self.height_of(scaling, omit_count) - self.height
        lines = excess / (body.leading * scaling.type_scale)
        longest = sorted(text_fields(self.loaded.data), key=lambda pair: -len(pair[1]))[:3]
        names = "; ".join(f"{self.loaded.path}:{self.loaded.mark(p).line}: {format_path(p)} ({len(t.split())} words)"
                          for p, t in longest)
        kept = self._must_keep()
        must = f" Items that must stay (priority 1): {', '.join(kept)}." if kept else ""
        return FitError(f"{self.loaded.path}: one-page: the core does not fit on one page even with every optional "
                        f"block omitted and type at the {floor:g} pt floor: it overflows by {excess / MM:.0f} mm "
                        f"(about {lines:.0f} lines).{must} Longest fields: {names}")

    def _must_keep(self) -> list[str]:
        """Paths of the priority-1 items, which the one-pager never leaves out."""
        data = self.loaded.data if isinstance(self.loaded.data, dict) else {}
        return [f"{key}[{index}]" for key in ("key_quotes", "actors", "figures")
                for index, item in enumerate(data.get(key) or []) if isinstance(item, dict) and item.get("priority") == 1]


def _has_ancestor_in(element: ET.Element, ids: set[int], parents: dict[int, ET.Element]) -> bool:
    parent = parents.get(id(element))
    while parent is not None:
        if id(parent) in ids:
            return True
        parent = parents.get(id(parent))
    return False


def _first_true(predicate: Callable[[int], bool], low: int, high: int) -> int:
    """Smallest i in [low, high] with predicate(i) true, given predicate(high) is true and it is monotone."""
    while low < high:
        middle = (low + high) // 2
        if predicate(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _parse_path(text: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for piece in text.replace("]", "").replace("[", ".").split("."):
        if piece:
            parts.append(int(piece) if piece.isdigit() else piece)
    return tuple(parts)


def cite_only_what_is_printed(root: ET.Element) -> None:
    """A source list marked ``sources="cited"`` keeps only the sources the printed blocks cite,
    renumbered in the order of their first citation; every ``<cite>`` follows the new numbers."""
    listing = next((el for el in root.iter() if el.get("sources") == "cited"), None)
    if listing is None:
        return
    order: dict[str, int] = {}
    for cite in root.iter("cite"):
        order.setdefault(str(cite.get("ref")), len(order) + 1)
    for cite in root.iter("cite"):
        cite.set("n", str(order[str(cite.get("ref"))]))
    entries = [child for child in listing if child.tag == "span" and child.get("source")]
    kept = sorted((e for e in entries if e.get("source") in order), key=lambda e: order[str(e.get("source"))])
    for entry in entries:
        listing.remove(entry)
    for index, entry in enumerate(kept):
        number = str(order[str(entry.get("source"))])
        for anchor in entry.iter("anchor"):
            anchor.set("name", f"src-{number}")
        for label in entry.iter("b"):
            label.text = number
        entry.tail = " · " if index < len(kept) - 1 else ""
        listing.append(entry)
    if not kept:
        for parent in root.iter():
            if listing in list(parent):
                parent.remove(listing)
                break
