"""Named styles from a layout, resolved through ``parent:`` and turned into ReportLab styles.

Every size, colour and space comes from the layout. Two factors let the one-page fitter
adjust a whole sheet at once: ``type_scale`` multiplies font sizes and leading (never
below the layout's floor for styles that start above it), ``space_scale`` multiplies
the space around blocks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefgen.errors import LayoutError
from briefgen.memo import Memo
from briefgen.text.fonts import ScriptFonts, register_layout_fonts
from briefgen.text.hyphenation import hyphenator
from briefgen.layouts.direction import is_rtl
from briefgen.layouts.layout import Layout, length

log = logging.getLogger(__name__)

_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
_TYPE_KEYS = ("size", "leading")
_SPACE_KEYS = ("space_before", "space_after")
_LENGTH_KEYS = ("indent_left", "indent_right", "first_indent", "bullet_indent", "padding", "border_width",
                "rule_width", "gap", "number_width")


@dataclass(frozen=True)
class Scaling:
    """How much the fitter has tightened a sheet."""

    type_scale: float = 1.0
    space_scale: float = 1.0


class StyleSheet:
    """The styles of one layout at one scaling, built on demand and cached."""

    def __init__(self, layout: Layout, scaling: Scaling = Scaling()):
        self.layout = layout
        self.scaling = scaling
        self.fonts = register_layout_fonts(layout)
        self.raw_styles: dict[str, dict[str, Any]] = layout.get("styles", default={}) or {}
        self.floor = float(layout.get("fitting", "type", "floor", default=0) or 0)
        self._cache: dict[str, ParagraphStyle] = {}
        self.rtl = is_rtl(layout)  # pages set right to left: the layout is mirrored (layouts.direction)

    def resolved(self, name: str) -> dict[str, Any]:
        """A style's settings with every ``parent`` merged in, child last."""
        chain: list[dict[str, Any]] = []
        seen: set[str] = set()
        current: str | None = name
        while current:
            if current in seen:
                raise LayoutError(f"layout {self.layout.name!r}: style {name!r} inherits from itself")
            seen.add(current)
            if current not in self.raw_styles:
                known = ", ".join(sorted(self.raw_styles))
                raise LayoutError(f"layout {self.layout.name!r}: no style named {current!r}; styles: {known}")
            chain.append(self.raw_styles[current] or {})
            current = chain[-1].get("parent")
        merged: dict[str, Any] = {}
        for settings in reversed(chain):
            merged.update(settings)
        return merged

    def color(self, value: Any) -> colors.Color | None:
        """A colour from a name in the layout's ``colors`` or a ``#rrggbb`` value."""
        if value in (None, "none"):
            return None
        named = self.layout.get("colors", str(value))
        try:
            return colors.HexColor(str(named or value))
        except ValueError:
            raise LayoutError(f"layout {self.layout.name!r}: {value!r} is not a colour") from None

    def value(self, name: str, key: str, default: Any = None) -> Any:
        """One setting of a style, after inheritance (lengths in points, scaled)."""
        raw = self.resolved(name).get(key, default)
        if raw is None:
            return None
        if key in _SPACE_KEYS:
            return length(raw) * self.scaling.space_scale
        if key in _LENGTH_KEYS:
            return length(raw)
        return raw

    def font_name(self, settings: dict[str, Any]) -> str:
        """The registered font for a style's family, weight and slant."""
        family = str(settings.get("font", "serif"))
        if family not in self.fonts:
            raise LayoutError(f"layout {self.layout.name!r}: no font family {family!r}")
        face = {(False, False): "regular", (True, False): "bold", (False, True): "italic",
                (True, True): "bold_italic"}[(bool(settings.get("bold")), bool(settings.get("italic")))]
        return self.fonts[family][face]

    def _type_size(self, size: float) -> float:
        scaled = size * self.scaling.type_scale
        return max(scaled, min(size, self.floor)) if self.floor else scaled

    def paragraph(self, name: str) -> ParagraphStyle:
        """The ReportLab paragraph style for a named layout style."""
        if name not in self._cache:
            self._cache[name] = self._build(name)
        return self._cache[name]

    def _build(self, name: str) -> ParagraphStyle:
        s = self.resolved(name)
        language = str(s.get("hyphenation") or "")
        size = length(s.get("size", 10))
        leading = length(s.get("leading", size * 1.25))
        new_size = self._type_size(size)
        direction = {"direction": "rtl"} if self.rtl else {}  # read by text.rl.direction: the start side
        return ParagraphStyle(
            name,
            fontName=self.font_name(s),
            fontSize=new_size,
            leading=leading * new_size / size,
            textColor=self.color(s.get("color", "#000000")),
            alignment=_ALIGN[str(s.get("align", "right" if self.rtl else "left"))],
            spaceBefore=self.value(name, "space_before", 0),
            spaceAfter=self.value(name, "space_after", 0),
            leftIndent=self.value(name, "indent_left", 0),
            rightIndent=self.value(name, "indent_right", 0),
            firstLineIndent=self.value(name, "first_indent", 0),
            bulletIndent=self.value(name, "bullet_indent", 0),
            bulletFontName=self.font_name(s),
            bulletFontSize=new_size,
            keepWithNext=int(bool(s.get("keep_with_next"))),
            textTransform=s.get("transform"),
            allowWidows=int(s.get("allow_widows", 0)),
            allowOrphans=int(s.get("allow_orphans", 0)),
            hyphenationLang=hyphenator(language) if language else "",
            splitLongWords=1,
            uriWasteReduce=0.3,
            embeddedHyphenation=0,  # 1 drops the hyphen of words like "one-off" (ReportLab 5.1)
            backColor=self.color(s.get("background")),
            borderPadding=self.value(name, "padding", 0),
            wordWrap=None,
            **direction,
        )

    @cached_property
    def script_fonts(self) -> ScriptFonts:
        """Font choice for runs of text in other scripts and for characters the text fonts lack."""
        return ScriptFonts(self.layout, self.fonts)

    @cached_property
    def _faces_by_name(self) -> dict[str, tuple[str, bool]]:
        found: dict[str, tuple[str, bool]] = {}
        for family, faces in self.fonts.items():
            for face, name in faces.items():
                found.setdefault(name, (family, face.startswith("bold")))
        return found

    def face_of(self, font_name: str) -> tuple[str, bool]:
        """The layout family (``serif``, ``sans`` …) and boldness of a registered text font."""
        return self._faces_by_name.get(font_name, ("serif", False))

    def missing_characters(self, text: str, language: str | None = None) -> list[str]:
        """Characters of ``text`` that no font of the layout can draw (in the body's family)."""
        return self.script_fonts.missing(text, self.face_of(self.paragraph("body").fontName)[0], language)

    def fonts_not_installed(self, text: str, language: str | None = None) -> dict[str, list[Path]]:
        """Script key → font files ``text`` needs (in the body's family) that are not installed."""
        if not self.script_fonts.absent:
            return {}
        return self.script_fonts.not_installed(text, self.face_of(self.paragraph("body").fontName)[0], language)


_SHEETS: Memo[tuple[Layout, StyleSheet]] = Memo(
    "style sheets", holds="a layout's style sheet at one scaling", bound=256,
    key="the Layout object (load_layout makes a new one when a layout or font file changes), the scaling")


def sheet_for(layout: Layout, scaling: Scaling = Scaling()) -> StyleSheet:
    """The style sheet of ``layout`` at ``scaling``, built once per process and shared.

    Styles are never changed once built (renderers copy a style to vary it), so every build,
    fitting measurement, ``watch`` rebuild and API call in a process can use the same sheet:
    its fonts, styles and the paragraphs parsed against them are set up once. A layout read
    again (its files changed) is another object, with sheets of its own.
    """
    key = (id(layout), scaling)
    found = _SHEETS.get(key)
    if found is None or found[0] is not layout:  # an id reused by a layout read again
        found = _SHEETS[key] = (layout, StyleSheet(layout, scaling))
    return found[1]

