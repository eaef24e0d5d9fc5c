"""Invariants every page briefgen makes must keep, checked on the PDFs themselves (issue 21).

``page_problems(pdf)`` lists, one string each, naming file, page and what:

* **text over text**: two characters whose cores (the middle of their boxes) overlap, unless they
  are neighbours in one run of text (kerning, a superscript beside its word, letters of one
  Arabic-script word stacking, a combining mark on its letter);
* **a shape over or under text**: a filled shape, image or line drawn *after* text, over it, always;
  text drawn on a filled shape (or the paper) with less than 3:1 contrast (WCAG) against it; a
  line drawn under text that crosses it in a colour with less than 3:1 against the text;
* **ink outside the live area**: anything printed within 6 mm of a paper edge (office printers
  cannot print there; the README promises it);
* **a heading last on a page or column**: a heading (H, H1–H6 in the structure tree) whose next
  content in reading order starts on another page, or not below it in its column.

Positions are PDF points from the page's bottom-left corner. Each page is read with pypdfium2
(tests/pages.py), the structure tree with pikepdf.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import pikepdf

from tests.pages import RGBA, Box, Char, Page, Point, Shape, read_pages

MM = 72 / 25.4
LIVE_MARGIN = 6 * MM
TOLERANCE = 0.25  # points: rounding in box computations
MIN_CONTRAST = 3.0
MIN_OVERLAP = 0.5  # points both ways for two cores to collide
MAX_PER_PAGE = 6  # problems of one kind reported per page (then a count)
WHITE: tuple[float, float, float] = (1.0, 1.0, 1.0)
HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}


def page_problems(pdf: str | Path | bytes, name: str | None = None) -> list[str]:
    """Every broken invariant on every page of a PDF (a path or its bytes), as readable lines."""
    label = name or (Path(pdf).name if not isinstance(pdf, bytes) else "<pdf>")
    pages = read_pages(pdf, label)
    problems: list[str] = []
    for page in pages:
        problems += _capped(page, "text over text", overprints(page))
        problems += _capped(page, "shape and text", shapes_on_text(page))
        problems += _capped(page, "outside the live area", outside_live_area(page))
    problems += lone_headings(pdf, pages)
    return problems


def _capped(page: Page, kind: str, found: list[str]) -> list[str]:
    if len(found) <= MAX_PER_PAGE:
        return found
    return [*found[:MAX_PER_PAGE], f"{_where(page)}: and {len(found) - MAX_PER_PAGE} more ({kind})"]


def _where(page: Page) -> str:
    return f"{page.name} p{page.number}"


def _at(point: Point) -> str:
    return f"({point[0]:.0f}, {point[1]:.0f})"


def _overlap(a: Box, b: Box, margin: float = 0.0) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > margin and min(a[3], b[3]) - max(a[1], b[1]) > margin


def _centre(box: Box) -> Point:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


# --- text over text -----------------------------------------------------------------------------

STACKING_SCRIPTS = ("ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO", "DEVANAGARI", "BENGALI", "THAI",
                    "TIBETAN", "MYANMAR", "KHMER")


def _stacks(text: str) -> bool:
    """Whether a letter belongs to a script whose letters of one word may stack or interlock."""
    name = unicodedata.name(text, "")
    return name.startswith(STACKING_SCRIPTS)


def _neighbours(page: Page, a: Char, b: Char, order: dict[int, int]) -> bool:
    distance = abs(order[a.index] - order[b.index])
    if a.z == b.z:
        if distance <= 2:
            return True  # kerning, a ligature's parts
        return page.word(a) == page.word(b) and _stacks(a.text) and _stacks(b.text)
    if _stacks(a.text) and _stacks(b.text) and _same_run(a, b):
        return True  # shaped Arabic-script text drawn in pieces: the pieces of a word interlock
    if distance > 2:
        return False
    # Next to each other in the text but drawn in two runs (a superscript, a style or font change):
    # they may touch, not sit on each other.
    shared = min(a.core[2], b.core[2]) - max(a.core[0], b.core[0])
    return shared < 0.5 * min(a.core[2] - a.core[0], b.core[2] - b.core[0])


def _same_run(a: Char, b: Char) -> bool:
    """Whether two characters were drawn as one piece of text: one marked-content sequence, or
    artifacts drawn one right after the other."""
    if a.mcid is not None or b.mcid is not None:
        return a.mcid == b.mcid
    return a.artifact and b.artifact and abs(a.z - b.z) <= 3


def watermark(char: Char) -> bool:
    """A watermark: translucent text drawn as an artifact across the page (a pack's DRAFT), meant
    to lie over everything else and to be faint. Only the live area binds it."""
    return char.artifact and char.colour[3] < 1


def _cells(box: Box, size: float) -> Iterator[tuple[int, int]]:
    for i in range(math.floor(box[0] / size), math.floor(box[2] / size) + 1):
        for j in range(math.floor(box[1] / size), math.floor(box[3] / size) + 1):
            yield i, j


def _grid(boxes: Iterable[Box], size: float) -> dict[tuple[int, int], list[int]]:
    """Which boxes (by position in the list) touch each cell of a square grid."""
    grid: dict[tuple[int, int], list[int]] = {}
    for n, box in enumerate(boxes):
        for cell in _cells(box, size):
            grid.setdefault(cell, []).append(n)
    return grid


def overprints(page: Page) -> list[str]:
    """Characters printed over other characters."""
    order = {char.index: n for n, char in enumerate(page.chars)}
    chars = [c for c in page.chars if unicodedata.category(c.text)[0] != "M" and not watermark(c)]
    pairs = {(a, b) for members in _grid((c.core for c in chars), 8.0).values()
             for k, a in enumerate(members) for b in members[k + 1:]}
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    for a, b in sorted(pairs):
        a_char, b_char = chars[a], chars[b]
        if not _overlap(a_char.core, b_char.core, MIN_OVERLAP) or _neighbours(page, a_char, b_char, order):
            continue
        under, over = sorted((a_char, b_char), key=lambda c: (c.z, c.index))
        if (under.z, over.z) in seen:
            continue
        seen.add((under.z, over.z))
        point = _centre((max(a_char.core[0], b_char.core[0]), max(a_char.core[1], b_char.core[1]),
                         min(a_char.core[2], b_char.core[2]), min(a_char.core[3], b_char.core[3])))
        problems.append(f'{_where(page)}: "{page.word(over)}" overprints "{page.word(under)}" at {_at(point)}')
    return problems + _doubled(page)


def _doubled(page: Page) -> list[str]:
    """Runs of text drawn on a run with the same text, off it by more than a point (exactly on
    it, a repeat prints as one)."""
    return [f'{_where(page)}: "{text}" overprints "{text}" at {_at(_centre(bounds))}'
            for _, text, bounds, offset in page.doubles if offset > 1.0]


# --- shapes and text ----------------------------------------------------------------------------

def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@functools.lru_cache(maxsize=4096)
def contrast(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _over(paint: RGBA, under: tuple[float, float, float]) -> tuple[float, float, float]:
    alpha = paint[3]
    return (paint[0] * alpha + under[0] * (1 - alpha), paint[1] * alpha + under[1] * (1 - alpha),
            paint[2] * alpha + under[2] * (1 - alpha))


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in list(rgb)[:3])


def _inside(shape: Shape, point: Point) -> bool:
    """Whether a filled shape's paint covers a point (its fill rule applied to its outline)."""
    if shape.kind != "path":
        return shape.bounds[0] <= point[0] <= shape.bounds[2] and shape.bounds[1] <= point[1] <= shape.bounds[3]
    x, y = point
    winding = crossings = 0
    for outline in shape.subpaths:
        for (x0, y0), (x1, y1) in zip(outline, outline[1:] + outline[:1]):
            if (y0 <= y) != (y1 <= y):
                cross_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
                if cross_x > x:
                    crossings += 1
                    winding += 1 if y1 > y0 else -1
    return crossings % 2 == 1 if shape.fill_rule == 1 else winding != 0


def _crosses(shape: Shape, box: Box) -> bool:
    """Whether any stroked segment of a shape passes through a box (widened by half the line)."""
    half = shape.stroke_width / 2
    x0, y0, x1, y1 = box[0] - half, box[1] - half, box[2] + half, box[3] + half
    for outline, closed in zip(shape.subpaths, shape.closed):
        points = outline + outline[:1] if closed else outline
        if len(points) == 1 and x0 <= points[0][0] <= x1 and y0 <= points[0][1] <= y1:
            return True  # a dot
        for p, q in zip(points, points[1:]):
            if _segment_meets_box(p, q, (x0, y0, x1, y1)):
                return True
    return False


def _segment_meets_box(p: Point, q: Point, box: Box) -> bool:
    """Liang–Barsky: whether the segment p–q passes through the box."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - box[0]), (dx, box[2] - p[0]), (-dy, p[1] - box[1]), (dy, box[3] - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _samples(core: Box) -> list[Point]:
    x0, y0, x1, y1 = core
    return [_centre(core), (x0, y0), (x1, y0), (x0, y1), (x1, y1)]


def _paints(shape: Shape) -> bool:
    return shape.opaque_unknown or (shape.fill is not None and shape.fill[3] > 0)


def _strokes(shape: Shape) -> bool:
    return shape.kind == "path" and shape.stroke is not None and shape.stroke[3] > 0 and shape.stroke_width > 0


def _what(shape: Shape) -> str:
    if shape.kind != "path":
        return f"an {shape.kind}" if shape.kind == "image" else f"a {shape.kind}"
    if _paints(shape):
        return f"a filled shape ({_hex(shape.fill or WHITE)})"
    return f"a line ({_hex(shape.stroke or WHITE)})"  # a stroked shape, for the live area


def shapes_on_text(page: Page) -> list[str]:
    """Shapes drawn over text, text without 3:1 contrast on what is under it, lines across text."""
    problems: list[str] = []
    seen: set[tuple[int, int | str]] = set()
    shapes = [s for s in page.shapes if _paints(s) or _strokes(s)]
    grid = _grid((_reach(s) for s in shapes), 24.0)
    for char in page.chars:
        if unicodedata.category(char.text)[0] == "M" or watermark(char):
            continue
        near = sorted({n for cell in _cells(char.core, 24.0) for n in grid.get(cell, ())})
        fills = [shapes[n] for n in near if _paints(shapes[n])]
        lines = [shapes[n] for n in near if _strokes(shapes[n])]
        for key, message in _char_against_shapes(page, char, fills, lines):
            if key not in seen:
                seen.add(key)
                problems.append(f"{_where(page)}: {message}")
    return problems


def _reach(shape: Shape) -> Box:
    """A shape's bounds with half its line width around them."""
    half = shape.stroke_width / 2 if _strokes(shape) else 0.0
    return (shape.bounds[0] - half, shape.bounds[1] - half, shape.bounds[2] + half, shape.bounds[3] + half)


def _under(shape: Shape, background: tuple[float, float, float] | None) -> tuple[float, float, float] | None:
    """What a point looks like once a shape is painted on it (None: an image, colours unknown)."""
    if shape.opaque_unknown or shape.fill is None:
        return None
    if background is None:
        return shape.fill[:3] if shape.fill[3] >= 1 else None
    return _over(shape.fill, background)


def _char_against_shapes(page: Page, char: Char, fills: list[Shape], lines: list[Shape]) -> Iterator[tuple[tuple[int, int | str], str]]:
    word = page.word(char)
    points = _samples(char.core)
    background: tuple[float, float, float] | None = WHITE
    for shape in fills:
        if not _overlap(shape.bounds, char.core):
            continue
        if shape.z > char.z:
            hit = next((p for p in points if _inside(shape, p)), None)
            if hit is not None:
                yield (char.z, shape.z), f'{_what(shape)} is drawn over "{word}" at {_at(hit)}'
        elif _inside(shape, points[0]):
            background = _under(shape, background)
    if background is not None:
        ink = _over(char.colour, background)
        ratio = contrast(ink, background)
        if ratio < MIN_CONTRAST:
            yield (char.z, "contrast"), (f'"{word}" ({_hex(ink)}) on {_hex(background)} has contrast '
                                           f'{ratio:.1f}:1 (< 3:1) at {_at(points[0])}')
    for shape in lines:
        if not _overlap(_reach(shape), char.core) or not _crosses(shape, char.core):
            continue
        if shape.z < char.z and _knocked_out(shape, char, fills, points):
            continue  # an opaque shape painted between the line and the text hides the line there
        line = f"a line ({_hex(shape.stroke or WHITE)})"
        if shape.z > char.z:
            yield (char.z, shape.z), f'{line} is drawn over "{word}" at {_at(_centre(char.core))}'
        elif contrast(_over(shape.stroke, WHITE), _over(char.colour, WHITE)) < MIN_CONTRAST:  # type: ignore[arg-type]
            yield (char.z, shape.z), f'{line} runs through "{word}" at {_at(_centre(char.core))}'


def _knocked_out(line: Shape, char: Char, fills: list[Shape], points: list[Point]) -> bool:
    """Whether an opaque filled shape drawn after the line and before the character covers the
    character (a map label's knock-out box over a coastline)."""
    return any(line.z < fill.z < char.z and fill.fill is not None and fill.fill[3] >= 1
               and all(_inside(fill, point) for point in points) for fill in fills)


# --- the live area ------------------------------------------------------------------------------

def _inks(shape: Shape) -> bool:
    if shape.kind != "path":
        return True
    fill_inks = shape.fill is not None and shape.fill[3] > 0 and shape.fill[:3] != WHITE
    stroke_inks = _strokes(shape) and shape.stroke[:3] != WHITE  # type: ignore[index]
    return fill_inks or stroke_inks


def outside_live_area(page: Page) -> list[str]:
    """Anything printed within 6 mm of a paper edge."""
    items: list[tuple[str, Box]] = []
    runs: dict[int, tuple[str, Box]] = {}
    for char in page.chars:
        word, box = runs.get(char.z, (page.word(char), char.box))
        runs[char.z] = (word, (min(box[0], char.box[0]), min(box[1], char.box[1]),
                                 max(box[2], char.box[2]), max(box[3], char.box[3])))
    items += [(f'"{word}"', box) for word, box in runs.values()]
    items += [(_what(shape), shape.bounds) for shape in page.shapes if _inks(shape)]
    problems = []
    for what, box in items:
        gaps = {"left": box[0], "bottom": box[1], "right": page.width - box[2], "top": page.height - box[3]}
        edge, gap = min(gaps.items(), key=lambda item: item[1])
        if gap < LIVE_MARGIN - TOLERANCE:
            problems.append(f"{_where(page)}: {what} prints {gap / MM:.1f} mm from the {edge} edge (6 mm at least) "
                            f"at {_at(_centre(box))}")
    return problems


# --- headings -----------------------------------------------------------------------------------

Leaf = tuple[int, int]  # page index, MCID
Reference = tuple[list[int], tuple[str, int] | None, Leaf]  # ancestors, the heading above it, where


def _structure_leaves(pdf: pikepdf.Pdf) -> list[Reference]:
    """Every marked-content reference in reading order: the ids of the elements above it, the
    heading it belongs to (role and id) if any, and its page index and MCID."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return []
    role_map = {str(k): str(v) for k, v in dict(root.get("/RoleMap", {})).items()}
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    leaves: list[Reference] = []
    ids = itertools.count()

    def page_of(node: pikepdf.Dictionary, page: int | None) -> int | None:
        where = node.get("/Pg")
        return pages.get(where.objgen, page) if where is not None else page

    def walk(element: pikepdf.Dictionary, page: int | None, chain: list[int], heading: tuple[str, int] | None) -> None:
        page = page_of(element, page)
        role = str(element.get("/S", ""))
        role = role_map.get(role, role)[1:]
        chain = [*chain, next(ids)]
        if role in HEADINGS:
            heading = (role, chain[-1])
        for kid in _kids(element):
            if isinstance(kid, int):
                if page is not None:
                    leaves.append((chain, heading, (page, kid)))
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    where = page_of(kid, page)
                    if where is not None:
                        leaves.append((chain, heading, (where, int(kid["/MCID"]))))
                elif kind != "/OBJR":
                    walk(kid, page, chain, heading)

    for kid in _kids(root):
        if isinstance(kid, pikepdf.Dictionary):
            walk(kid, None, [], None)
    return leaves


def _kids(node: pikepdf.Dictionary) -> list[object]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def lone_headings(pdf: str | Path | bytes, pages: list[Page]) -> list[str]:
    """Headings whose next content in reading order starts on another page, or not below them
    (at the head of the next column)."""
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        leaves = [leaf for leaf in _structure_leaves(document)
                  if leaf[2][0] < len(pages) and leaf[2][1] in pages[leaf[2][0]].marked]
    problems = []
    n = 0
    while n < len(leaves):
        heading = leaves[n][1]
        if heading is None:
            n += 1
            continue
        last = n  # the heading's own text runs to its last reference
        while last + 1 < len(leaves) and leaves[last + 1][1] == heading:
            last += 1
        if last + 1 < len(leaves):
            problem = _heading_alone(pages, leaves[n:last + 1], leaves[last + 1][2])
            if problem:
                problems.append(problem)
        n = last + 1
    return problems


def _heading_alone(pages: list[Page], own: list[Reference], following: Leaf) -> str | None:
    """A problem when what follows a heading is not below it on its page."""
    page_index = own[-1][2][0]
    page = pages[page_index]
    box: Box | None = None
    text = []
    for _, _, (where, mcid) in own:
        if where == page_index:
            b = page.marked[mcid]
            box = b if box is None else (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
            text.append(page.marked_text.get(mcid, ""))
    assert box is not None
    title = " ".join(" ".join(text).split())[:60]
    next_page, mcid = following
    if next_page != page_index:
        return f'{_where(page)}: heading "{title}" ends the page; what it introduces starts on p{next_page + 1}'
    after = page.marked[mcid]
    if after[3] <= box[1] + 0.5 * (box[3] - box[1]):
        return None  # below it: the next column starts higher up (a right-to-left paragraph under a
        # left-aligned heading may not be under the heading's own words)
    return (f'{_where(page)}: heading "{title}" ends its column at {_at(_centre(box))}; '
            f"what it introduces starts at {_at((after[0], after[3]))}")


def main(paths: list[str]) -> int:
    """Print the problems of each PDF named; exit status 1 when any has one, 2 on a usage error."""
    if not paths or any(path.startswith("-") for path in paths):
        print("usage: python -m tests.invariants FILE.pdf...  (text over text, contrast, the 6 mm live area, "
              "lone headings)", file=sys.stderr)
        return 2
    missing = [path for path in paths if not Path(path).is_file()]
    if missing:
        print(f"tests.invariants: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    found = [problem for path in paths for problem in page_problems(path)]
    if found:
        print("\n".join(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
