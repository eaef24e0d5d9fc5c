"""Read a PDF page back as what a printer would put on paper: characters with their boxes, colours
and drawing order, filled and stroked shapes with their outlines, images, and which marked-content
sequence (MCID) or artifact each belongs to. tests/invariants.py checks these pages.

pypdfium2 (Apache-2.0/BSD) reads the pages; nothing here depends on an AGPL library.
Coordinates are PDF points from the page's bottom-left corner.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Point = tuple[float, float]
RGBA = tuple[float, float, float, float]  # 0..1
Matrix = tuple[float, float, float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
BEZIER_STEPS = 8


@dataclass
class Char:
    """One visible character: its tight box, the core that must not touch another's, and its paint."""

    index: int  # in pdfium's text page
    text: str
    box: Box
    core: Box
    angle: float  # radians, 0 for upright text
    colour: RGBA
    z: int  # drawing order of its text object (which also names the object)
    artifact: bool
    mcid: int | None


@dataclass
class Shape:
    """A path, image or shading: its bounds, paint and (for paths) outline in page space."""

    z: int
    kind: str  # "path", "image", "shading"
    bounds: Box
    fill: RGBA | None = None  # None: not filled (or, for images and shadings, unknown colour)
    stroke: RGBA | None = None
    stroke_width: float = 0.0
    fill_rule: int = 0  # 1 even-odd, 2 non-zero winding
    subpaths: list[list[Point]] = field(default_factory=list)  # flattened, closed or open
    closed: list[bool] = field(default_factory=list)
    artifact: bool = False
    mcid: int | None = None

    @property
    def opaque_unknown(self) -> bool:
        """An image or shading: it covers what lies under it, in colours we do not read."""
        return self.kind != "path"


@dataclass
class Page:
    """What one page draws, in drawing order."""

    name: str
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    shapes: list[Shape]
    words: dict[int, str]  # char index -> the word it belongs to
    marked: dict[int, Box]  # MCID -> bounds of everything drawn in it
    marked_text: dict[int, str]
    doubles: list[tuple[int, str, Box, float]] = field(default_factory=list)  # see _doubles

    def word(self, char: Char) -> str:
        """The word a character belongs to, as extracted."""
        return self.words.get(char.index, char.text)


def read_pages(source: str | Path | bytes, name: str | None = None) -> list[Page]:
    """Every page of a PDF (a path or its bytes), read for the invariant checks."""
    label = name or (Path(source).name if not isinstance(source, bytes) else "<pdf>")
    document = pdfium.PdfDocument(source)
    try:
        return [_read_page(document[n], label, n + 1) for n in range(len(document))]
    finally:
        document.close()


def _address(handle: object) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _read_page(page: pdfium.PdfPage, name: str, number: int) -> Page:
    width, height = page.get_size()
    shapes: list[Shape] = []
    text_objects: dict[int, _TextObject] = {}
    marked: dict[int, Box] = {}
    matrices: list[Matrix] = []  # the form matrices around the current level
    for z, obj in enumerate(page.get_objects(max_depth=16)):
        del matrices[obj.level:]
        outer = _chain(matrices)
        artifact, mcid = _marks(obj.raw)
        kind = raw.FPDFPageObj_GetType(obj.raw)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            matrices.append(_matrix(obj.raw))
            continue
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            colour = _colour(raw.FPDFPageObj_GetFillColor, obj.raw) or (0.0, 0.0, 0.0, 1.0)
            visible = raw.FPDFTextObj_GetTextRenderMode(obj.raw) not in INVISIBLE_MODES and colour[3] > 0
            text_objects[_address(obj.raw)] = _TextObject(z, artifact, mcid, visible, colour, obj.raw,
                                                          _transform_box(outer, _bounds(obj.raw)))
            continue
        shape = _shape(obj.raw, kind, z, outer, artifact, mcid)
        if shape is not None:
            shapes.append(shape)
            if mcid is not None:
                marked[mcid] = _union(marked.get(mcid), shape.bounds)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, text_objects)
        words = _words(chars)
        doubles = _doubles(textpage, text_objects, {char.z for char in chars})
    finally:
        textpage.close()
    marked_text: dict[int, str] = {}
    last: dict[int, int] = {}
    for char in chars:
        if char.mcid is not None:
            marked[char.mcid] = _union(marked.get(char.mcid), char.box)
            gap = " " if char.mcid in last and char.index != last[char.mcid] + 1 else ""
            marked_text[char.mcid] = marked_text.get(char.mcid, "") + gap + char.text
            last[char.mcid] = char.index
    page.close()
    return Page(name, number, width, height, chars, shapes, words, marked, marked_text, doubles)


def _marks(handle: object) -> tuple[bool, int | None]:
    artifact = False
    buffer = (ctypes.c_ushort * 128)()
    length = ctypes.c_ulong()
    for n in range(raw.FPDFPageObj_CountMarks(handle)):
        mark = raw.FPDFPageObj_GetMark(handle, n)
        if raw.FPDFPageObjMark_GetName(mark, buffer, ctypes.sizeof(buffer), ctypes.byref(length)):
            if bytes(buffer)[:max(length.value - 2, 0)].decode("utf-16-le") == "Artifact":
                artifact = True
    mcid = raw.FPDFPageObj_GetMarkedContentID(handle)
    return artifact, (mcid if mcid >= 0 and not artifact else None)


def _matrix(handle: object) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _multiply(first: Matrix, then: Matrix) -> Matrix:
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _chain(matrices: list[Matrix]) -> Matrix:
    result = IDENTITY
    for m in reversed(matrices):  # innermost form first, then the forms around it
        result = _multiply(result, m)
    return result


def _apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _transform_box(m: Matrix, box: Box) -> Box:
    if m == IDENTITY:
        return box
    points = [_apply(m, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))


def _union(a: Box | None, b: Box) -> Box:
    return b if a is None else (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _bounds(handle: object) -> Box:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(handle, *map(ctypes.byref, (l, b, r, t)))
    return (l.value, b.value, r.value, t.value)


def _colour(getter: object, handle: object) -> RGBA | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(handle, *map(ctypes.byref, (r, g, b, a))):
        return None
    return (r.value / 255, g.value / 255, b.value / 255, a.value / 255)


def _shape(handle: object, kind: int, z: int, outer: Matrix, artifact: bool, mcid: int | None) -> Shape | None:
    bounds = _transform_box(outer, _bounds(handle))
    if kind == raw.FPDF_PAGEOBJ_IMAGE:
        return Shape(z, "image", bounds, artifact=artifact, mcid=mcid)
    if kind == raw.FPDF_PAGEOBJ_SHADING:
        return Shape(z, "shading", bounds, artifact=artifact, mcid=mcid)
    if kind != raw.FPDF_PAGEOBJ_PATH:
        return None
    fill_mode, stroked = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(handle, ctypes.byref(fill_mode), ctypes.byref(stroked))
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(handle, ctypes.byref(width))
    fill = _colour(raw.FPDFPageObj_GetFillColor, handle) if fill_mode.value else None
    stroke = _colour(raw.FPDFPageObj_GetStrokeColor, handle) if stroked.value else None
    if fill is None and stroke is None:
        return None  # a clipping path or an empty one: no ink
    matrix = _multiply(_matrix(handle), outer)
    subpaths, closed = _outline(handle, matrix)
    scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])) or 1.0
    return Shape(z, "path", bounds, fill, stroke, width.value * scale, fill_mode.value, subpaths, closed, artifact, mcid)


def _outline(handle: object, matrix: Matrix) -> tuple[list[list[Point]], list[bool]]:
    subpaths: list[list[Point]] = []
    closed: list[bool] = []
    pending: list[Point] = []  # control points of a Bézier curve
    x, y = ctypes.c_float(), ctypes.c_float()
    for n in range(raw.FPDFPath_CountSegments(handle)):
        segment = raw.FPDFPath_GetPathSegment(handle, n)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = _apply(matrix, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
            closed.append(False)
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            pending.append(point)
            if len(pending) == 3:
                subpaths[-1].extend(_bezier(subpaths[-1][-1], *pending))
                pending = []
        else:
            subpaths[-1].append(point)
        if raw.FPDFPathSegment_GetClose(segment):
            closed[-1] = True
    return subpaths, closed


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point) -> list[Point]:
    points = []
    for step in range(1, BEZIER_STEPS + 1):
        t = step / BEZIER_STEPS
        u = 1 - t
        points.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                       u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
    return points


INVISIBLE_MODES = {3, 7}  # FPDF_TEXTRENDERMODE_INVISIBLE, _CLIP
INK_LESS = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # controls, joiners and direction marks, spaces


# pdfium's FPDFText_GetTextObject, declared to return the object's address as an int: cheaper to
# compare, tens of thousands of times a document, than a ctypes pointer.
_TEXT_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)


@dataclass
class _TextObject:
    z: int
    artifact: bool
    mcid: int | None
    visible: bool
    colour: RGBA
    handle: object
    bounds: Box
    angle: float | None = None  # read from its first character


def _chars(textpage: pdfium.PdfTextPage, objects: dict[int, _TextObject]) -> list[Char]:
    handle = textpage.raw
    address = ctypes.cast(handle, ctypes.c_void_p)
    chars = []
    corners = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
    refs = [ctypes.byref(c) for c in corners]
    unicode_of, box_of, angle_of = raw.FPDFText_GetUnicode, raw.FPDFText_GetCharBox, raw.FPDFText_GetCharAngle
    for index in range(raw.FPDFText_CountChars(handle)):
        code = unicode_of(handle, index)
        text = chr(code) if code < 0x110000 else "\ufffd"
        if not text.strip() or unicodedata.category(text) in INK_LESS:
            continue
        found = objects.get(_TEXT_OBJECT(address, index) or 0)
        if found is None or not found.visible:
            continue
        box_of(handle, index, *refs)
        l, r, b, t = (c.value for c in corners)
        if r <= l or t <= b:
            continue
        if found.angle is None:
            found.angle = max(angle_of(handle, index), 0.0)
        chars.append(Char(index, text, (l, b, r, t), _core((l, b, r, t), found.angle), found.angle, found.colour,
                          found.z, found.artifact, found.mcid))
    return chars


def _doubles(textpage: pdfium.PdfTextPage, objects: dict[int, _TextObject], seen: set[int]) -> list[tuple[int, str, Box, float]]:
    """Visible text objects with no character in pdfium's text page: pdfium leaves out a run that
    repeats the text of one it overlaps by more than half (a "fake bold"), so a label drawn on an
    identical label is only seen here. Each with how far it is off the run it repeats."""
    found = []
    shown = [obj for obj in objects.values() if obj.z in seen]
    for obj in objects.values():
        if obj.visible and obj.z not in seen:
            size = raw.FPDFTextObj_GetText(obj.handle, textpage.raw, None, 0)
            buffer = (ctypes.c_ushort * max(size, 1))()
            raw.FPDFTextObj_GetText(obj.handle, textpage.raw, buffer, size * 2)
            text = bytes(buffer)[:max(size - 1, 0) * 2].decode("utf-16-le", errors="replace").strip()
            offsets = [max(abs(a - b) for a, b in zip(other.bounds, obj.bounds)) for other in shown
                       if other.z < obj.z and min(other.bounds[2], obj.bounds[2]) > max(other.bounds[0], obj.bounds[0])
                       and min(other.bounds[3], obj.bounds[3]) > max(other.bounds[1], obj.bounds[1])]
            if text and offsets:
                found.append((obj.z, text, obj.bounds, min(offsets)))
    return found


def upright(angle: float) -> bool:
    """Whether a character's baseline runs left to right (within half a degree)."""
    return min(angle, 2 * math.pi - angle) < 0.01


def _core(box: Box, angle: float) -> Box:
    """The part of a glyph's box another glyph must not touch: the middle of its width and height,
    so tight leading, kerning and accents never count. A rotated glyph's upright box says little
    about where its ink is: a small square around its centre stands for it."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if upright(angle):
        return (x0 + 0.15 * w, y0 + 0.25 * h, x1 - 0.15 * w, y1 - 0.25 * h)
    side = 0.2 * min(w, h)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - side, cy - side, cx + side, cy + side)


def _words(chars: list[Char]) -> dict[int, str]:
    """Each visible character's word: the run of non-space characters around it in its text object."""
    by_index = {char.index: char for char in chars}
    words: dict[int, str] = {}
    ordered = sorted(by_index)
    run: list[Char] = []
    for index in ordered + [-2]:
        char = by_index.get(index)
        if run and (char is None or index != run[-1].index + 1 or char.z != run[-1].z):
            word = "".join(c.text for c in run)
            for c in run:
                words[c.index] = word
            run = []
        if char is not None:
            run.append(char)
    return words
