"""The guard behind :func:`briefgen.text.rl.check`: is each patch still on the path ReportLab calls?

Each probe drives ReportLab through its public API along the path that, in 5.1, calls a
patched name: wrapping a paragraph, shaping a word, drawing a raised glyph, saving a
subset font. While it runs, a spy stands in the patched name. A probe whose spy is never
called means ReportLab has rerouted its calls and the patch would be off without a word.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether, Paragraph, Table

from briefgen.layouts import BUILTIN_LAYOUTS
from briefgen.text.rl.registry import REPORTLAB_SERIES, resolve

if TYPE_CHECKING:
    from briefgen.text.rl.registry import Patch, Reach

log = logging.getLogger(__name__)

_FONT_FILE = BUILTIN_LAYOUTS / "base" / "fonts" / "NotoSerif-Regular.ttf"
_FONT = "briefgen-probe-serif"


def _font() -> str:
    """A shapable TrueType font registered for the probes (the base layout's serif)."""
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, str(_FONT_FILE), shapable=True))
    return _FONT


def _style(**settings: Any) -> ParagraphStyle:
    return ParagraphStyle("probe", fontName=_font(), fontSize=10, leading=12, **settings)


def _wrap_paragraph() -> None:
    Paragraph("Several <b>bold</b> words that wrap onto more than one line", _style()).wrap(60, 1000)


def _split_long_url() -> None:
    text = "see https://example.org/a/very/long/path/that/cannot/fit/on/one/line/at/all today"
    Paragraph(text, _style(hyphenationLang="en_GB", uriWasteReduce=0.3, embeddedHyphenation=1)).wrap(80, 1000)


def _shape_words() -> None:
    Paragraph("Shaped words", _style(shaping=1)).wrap(200, 1000)


def _draw_raised_glyph() -> None:
    canvas = Canvas(io.BytesIO())
    paragraph = Paragraph("x<super>2</super>", _style())
    paragraph.wrapOn(canvas, 200, 1000)
    paragraph.drawOn(canvas, 10, 10)


def _save_subset_font() -> None:
    canvas = Canvas(io.BytesIO())
    canvas.setFont(_font(), 10)
    canvas.drawString(10, 10, "subset")
    canvas.save()


def _shape_with_harfbuzz() -> None:
    from reportlab.lib.abag import ABag

    from briefgen.text.rl.shaping import _original_shape

    word = [pdfmetrics.stringWidth("office", _font(), 10), (ABag(fontName=_font(), fontSize=10), "office")]
    _original_shape(word)


# What drives ReportLab onto the path that calls each patched name, by the name's attribute.
PROBES: dict[str, Callable[[], None]] = {
    "_getFragWords": _wrap_paragraph,
    "_uri_split_pairs": _split_long_url,
    "shapeFragWord": _shape_words,
    "setRise": _draw_raised_glyph,
    "makeToUnicodeCMap": _save_subset_font,
    "hbFont": _shape_with_harfbuzz,
    "sameFrag": _wrap_paragraph,
    "split": _wrap_paragraph,
}


@contextmanager
def spied(owner: Any, attribute: str) -> Iterator[list[int]]:
    """Stand a spy in ``owner.attribute`` that counts its calls and passes them on; yields the count."""
    current = getattr(owner, attribute)
    calls: list[int] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return current(*args, **kwargs)

    setattr(owner, attribute, spy)
    try:
        yield calls
    finally:
        setattr(owner, attribute, current)


def _version_problem() -> list[str]:
    version = reportlab.Version
    if version.split(".")[:2] == REPORTLAB_SERIES.split("."):
        return []
    return [f"ReportLab {version} is installed; briefgen's patches and reaches were written for "
            f"{REPORTLAB_SERIES}.x: check each of them (briefgen/text/rl) before widening the pin"]


def _patch_problem(patch: Patch) -> str | None:
    try:
        owner = patch.target()
    except (ImportError, AttributeError) as exc:
        return f"patch {patch.name}: its owner is gone ({exc})"
    if not hasattr(owner, patch.attribute):
        return f"patch {patch.name}: ReportLab no longer has {patch.attribute}"
    probe = PROBES.get(patch.attribute)
    if probe is None:
        return f"patch {patch.name}: no probe drives ReportLab to it"
    with spied(owner, patch.attribute) as calls:
        try:
            probe()
        except Exception as exc:  # noqa: BLE001 - whatever ReportLab raised is the finding
            return f"patch {patch.name}: ReportLab failed on the path that calls it ({type(exc).__name__}: {exc})"
    if not calls:
        return (f"patch {patch.name}: ReportLab no longer calls it on the path it patches "
                f"({probe.__name__.strip('_').replace('_', ' ')}); the patch would be off")
    return None


def _instance_owners() -> dict[str, Any]:
    font = TTFont("briefgen-probe-reach", str(_FONT_FILE), shapable=True)
    return {"TTFontFace": font.face, "TTFont": font, "Canvas": Canvas(io.BytesIO()), "Frame": Frame(0, 0, 10, 10),
            "Table": Table([[""]]), "KeepTogether": KeepTogether([])}


def _reach_problem(reach: Reach, instances: dict[str, Any]) -> str | None:
    kind, _, what = reach.owner.partition(":")
    if kind == "instance":
        if what == "shaped string" or reach.attribute in ("_curr_tx_info", "_doctemplate"):
            return None  # set on objects only while ReportLab draws: covered by the rendering tests
        owner = instances[what]
    else:
        try:
            owner = resolve(reach.owner)
        except (ImportError, AttributeError) as exc:
            return f"reach {reach.owner}.{reach.attribute} ({reach.where}): its owner is gone ({exc})"
    if not hasattr(owner, reach.attribute):
        return f"reach {reach.owner}.{reach.attribute} ({reach.where}): ReportLab no longer has it"
    return None


def check(patches: tuple[Patch, ...], reaches: tuple[Reach, ...]) -> list[str]:
    """Every problem of the version, the patches and the reaches, one line each."""
    problems = _version_problem()
    problems += [problem for patch in patches if (problem := _patch_problem(patch))]
    instances = _instance_owners()
    problems += [problem for reach in reaches if (problem := _reach_problem(reach, instances))]
    return problems
