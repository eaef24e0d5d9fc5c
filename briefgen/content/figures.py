"""Figures: image files checked before anything renders, charts drawn from data, alt text from the data.

Checks (run by the validate stage, located at the figure): the file is inside the
brief's folder tree, exists, is what its extension says (read from its first bytes),
and is within bounds *before* it is decoded: a raster image's pixel count from its
header, an SVG that references nothing outside itself and carries no script, a PDF of
exactly one page. Nothing is ever fetched from a network.

Drawing: raster images are turned upright (EXIF), converted to RGB or grey, and
downsampled to the layout's dpi at their printed size; SVG becomes vectors (svglib)
set in the layout's fonts; charts are drawn by matplotlib as vectors in the layout's fonts
and palette (briefgen.rendering.charts), with markers and a legend so they read in greyscale.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

MAX_PIXELS = 50_000_000
MAX_FILE_BYTES = 25 * 1024 * 1024
KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg", ".pdf": "pdf"}
_MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "jpeg": (b"\xff\xd8\xff",), "pdf": (b"%PDF-",)}
_EXTERNAL = re.compile(r"url\(\s*['\"]?(?!#)", re.I)


class FigureFileError(Exception):
    """A figure's file cannot be used; the message says why, in an author's words."""


def resolve(image: str, brief_folder: Path) -> Path:
    """The file an ``image`` names, which must lie in the brief's folder tree."""
    folder = brief_folder.resolve()
    path = (folder / image).resolve()
    if folder != path and folder not in path.parents:
        raise FigureFileError(f"{image!r} is outside the brief's folder ({folder}); keep figures beside the brief")
    return path


def check_file(image: str, brief_folder: Path) -> str:
    """Check a figure file; return its kind (png, jpeg, svg, pdf) or raise :class:`FigureFileError`."""
    path = resolve(image, brief_folder)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise FigureFileError(f"{image!r}: use a PNG, JPEG, SVG or PDF file (.png, .jpg, .jpeg, .svg, .pdf)")
    if not path.is_file():
        raise FigureFileError(f"{image!r} not found (looked for {path})")
    try:
        size = path.stat().st_size
        head = path.read_bytes()[:1024] if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        raise FigureFileError(f"{image!r} cannot be read: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise FigureFileError(f"{image!r} is {size // 1024 // 1024} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB")
    if kind in _MAGIC and not head.startswith(_MAGIC[kind]):
        raise FigureFileError(f"{image!r} is not a {kind.upper()} file, whatever its name says")
    {"png": _check_raster, "jpeg": _check_raster, "svg": _check_svg, "pdf": _check_pdf}[kind](path, image)
    return kind


def _check_raster(path: Path, image: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:  # reads the header only
            width, height = picture.size
            if width * height > MAX_PIXELS:
                raise FigureFileError(f"{image!r} is {width}×{height} pixels; the limit is {MAX_PIXELS // 1_000_000} "
                                      "megapixels: scale it down")
            picture.verify()
    except FigureFileError:
        raise
    except Image.DecompressionBombError:
        raise FigureFileError(f"{image!r} is larger than {MAX_PIXELS // 1_000_000} megapixels: scale it down") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise FigureFileError(f"{image!r} cannot be read as an image ({exc})") from None


def _svg_tree(path: Path, image: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise FigureFileError(f"{image!r} is not a well-formed SVG file ({exc})") from None
    if etree.QName(tree.getroot()).localname != "svg":
        raise FigureFileError(f"{image!r} is not an SVG file (its root element is not <svg>)")
    return tree


def _check_svg(path: Path, image: str) -> None:
    for element in _svg_tree(path, image).iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rsplit("}", 1)[-1]
        if name in ("script", "foreignObject"):
            raise FigureFileError(f"{image!r} carries <{name}>; an SVG figure may not hold scripts or foreign content")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            if local.startswith("on"):
                raise FigureFileError(f"{image!r} carries a script attribute ({local}); remove it")
            if local == "href" and not value.startswith("#"):
                raise FigureFileError(f"{image!r} references {value!r}; an SVG figure may reference nothing "
                                      "outside itself")
            if local == "style" and _EXTERNAL.search(value):
                raise FigureFileError(f"{image!r} references a file or URL in a style; embed it or remove it")
        if name == "style" and element.text and (_EXTERNAL.search(element.text) or "@import" in element.text):
            raise FigureFileError(f"{image!r} imports a style sheet or file; an SVG figure must be self-contained")


def _check_pdf(path: Path, image: str) -> None:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) != 1:
                raise FigureFileError(f"{image!r} has {len(pdf.pages)} pages; a PDF figure must have exactly one")
    except pikepdf.PasswordError:
        raise FigureFileError(f"{image!r} is encrypted; save it without a password") from None
    except pikepdf.PdfError as exc:
        raise FigureFileError(f"{image!r} cannot be read as a PDF ({exc})") from None


# ---------------------------------------------------------------- alt text from data


class Words(Protocol):
    """gettext's functions in the brief's language (the layout's furniture: :mod:`briefgen.layouts.furniture`)."""

    def gettext(self, message: str, context: str | None = None) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, context: str | None = None) -> str: ...


class _English:
    def gettext(self, message: str, context: str | None = None) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, context: str | None = None) -> str:
        return singular if n == 1 else plural


def describe_chart(chart: Any, language: str = "en", words: Words | None = None) -> str:
    """Alt text from the data: ``Bar chart: statements a month, 2023-05 to 2024-03; highest 2 in 2024-02,
    lowest 1 in 2023-05, no value for 2023-06``. Numbers are written as the brief's language writes them,
    and the words come from ``words`` (the layout's catalogs; English without)."""
    from briefgen.content.numbers import format_number

    w = words or _English()
    kind = w.gettext("Bar chart") if chart.kind == "bar" else w.gettext("Line chart")
    subject = chart.title or chart.unit or w.gettext("values")
    labels = list(chart.x)
    parts = [w.gettext("%(kind)s: %(subject)s, %(first)s to %(last)s") % {
        "kind": kind, "subject": subject, "first": labels[0], "last": labels[-1]} if len(labels) > 1 else
        w.gettext("%(kind)s: %(subject)s, %(first)s") % {"kind": kind, "subject": subject, "first": labels[0]}]
    for series in chart.series:
        points = [(value, label) for value, label in zip(series.values, labels, strict=True) if value is not None]
        name = w.gettext("%(series)s: ") % {"series": series.name} if len(chart.series) > 1 else ""
        if not points:
            parts.append(name + w.gettext("no values"))
            continue
        high, at = max(points, key=lambda pair: pair[0])
        low, low_at = min(points, key=lambda pair: pair[0])
        unit = f" {chart.unit}" if chart.unit and len(chart.series) == 1 and chart.title else ""
        values = {"high": format_number(high, language) + unit, "at": at,
                  "low": format_number(low, language), "low_at": low_at}
        if len(points) == 1:
            parts.append(name + w.gettext("%(high)s in %(at)s") % values)
        elif high == low:
            parts.append(name + w.gettext("%(high)s in each") % values)
        else:
            parts.append(name + w.gettext("highest %(high)s in %(at)s, lowest %(low)s in %(low_at)s") % values)
        gaps = [label for value, label in zip(series.values, labels, strict=True) if value is None]
        if gaps:
            parts[-1] += w.gettext(", no value for %(labels)s") % {"labels": _listed(gaps, w)} if len(gaps) <= 3 else \
                w.gettext(", no value for %(count)s of %(total)s") % {"count": len(gaps), "total": len(labels)}
    return w.gettext("; ").join(parts)


def _listed(items: list[str], words: Words) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) == 1:
        return items[0]
    return words.gettext("%(items)s and %(last)s") % {"items": words.gettext(", ").join(items[:-1]), "last": items[-1]}


@dataclass(frozen=True)
class ChartSpec:
    """A chart as the block description gives it; ``language`` writes its numbers."""

    kind: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str
    title: str
    language: str = "en"


def chart_from_block(element: Any) -> ChartSpec:
    """Read ``<chart kind unit title lang><x>…</x><series name><v>…</v></series></chart>``."""
    labels = [(x.text or "").strip() for x in element.findall("x")]
    series = []
    for item in element.findall("series"):
        values = [float(v.text) if (v.text or "").strip() else None for v in item.findall("v")]
        series.append((item.get("name", ""), values))
    return ChartSpec(element.get("kind", "bar"), labels, series, element.get("unit", ""), element.get("title", ""),
                     element.get("lang") or "en")


def iter_strings(drawing: Any) -> Iterator[Any]:
    """Every text string of a ReportLab drawing (svglib output), depth first."""
    from reportlab.graphics.shapes import Group, String

    for node in getattr(drawing, "contents", []):
        if isinstance(node, String):
            yield node
        elif isinstance(node, Group):
            yield from iter_strings(node)


def prepared_raster(path: Path, width_pt: float, dpi: float) -> io.BytesIO:
    """The image upright, in RGB or grey, no larger than ``dpi`` at ``width_pt``."""
    from PIL import Image, ImageOps

    with Image.open(path) as original:
        picture = ImageOps.exif_transpose(original)
        has_alpha = picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info)
        picture = picture.convert("RGBA" if has_alpha else ("L" if picture.mode in ("L", "1", "I;16") else "RGB"))
        limit = max(1, round(width_pt / 72 * dpi))
        if picture.width > limit:
            picture = picture.resize((limit, max(1, round(picture.height * limit / picture.width))), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        if has_alpha or path.suffix.lower() == ".png":
            picture.save(buffer, "PNG", optimize=False)
        else:
            picture.save(buffer, "JPEG", quality=90, optimize=False, progressive=False)
        buffer.seek(0)
        return buffer
