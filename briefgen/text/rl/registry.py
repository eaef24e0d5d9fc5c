"""What briefgen patches in ReportLab and which private names it reaches, as data (see :mod:`briefgen.text.rl`)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

REPORTLAB_SERIES = "5.1"  # the release series every patch and reach below was written for


@dataclass(frozen=True)
class Patch:
    """One ReportLab name replaced by briefgen's function, and why."""

    owner: str  # "module" or "module:Class" whose attribute is replaced
    attribute: str
    replacement: str  # "module:function" of briefgen's
    why: str

    @property
    def name(self) -> str:
        """The patched name as ReportLab spells it, e.g. ``reportlab.platypus.paragraph._getFragWords``."""
        return f"{self.owner.replace(':', '.')}.{self.attribute}"

    def target(self) -> Any:
        """The module or class that holds the patched attribute."""
        return resolve(self.owner)


@dataclass(frozen=True)
class Reach:
    """One private ReportLab name briefgen reads or overrides, where, and why."""

    owner: str  # "module" or "module:Class"; "instance:<what>" for attributes of objects made at run time
    attribute: str
    where: str  # the briefgen module that uses it
    why: str


PATCHES = (
    Patch("reportlab.platypus.paragraph", "_getFragWords", "briefgen.text.rl.linebreak:frag_words_with_breaks",
          "Japanese and Chinese break between characters by the kinsoku rules; a URL too long for its line "
          "breaks after / or ."),
    Patch("reportlab.platypus.paragraph", "_uri_split_pairs", "briefgen.text.rl.linebreak:uri_split_pairs",
          "ReportLab asks it of every word it tries to hyphenate; only words holding :// can match"),
    Patch("reportlab.platypus.paragraph", "shapeFragWord", "briefgen.text.rl.shaping:shape_rtl_words_only",
          "only Arabic, Persian and Hebrew words are shaped, a font's run at a time, without dlig, their "
          "glyphs spelled for extraction"),
    Patch("reportlab.pdfgen.textobject:PDFTextObject", "setRise", "briefgen.text.rl.shaping:set_rise",
          "ReportLab 5.1 fails when a line starts with a raised glyph (a shaped mark): its code is empty"),
    Patch("reportlab.pdfbase.ttfonts", "makeToUnicodeCMap", "briefgen.text.rl.shaping:to_unicode_cmap",
          "private glyph codes of shaped words map to the letters they draw"),
    Patch("reportlab.pdfbase.ttfonts:TTFont", "hbFont", "briefgen.text.rl.shaping:hb_font",
          "a glyph without a character of its own gets its nominal width, not its first kerned use: "
          "deterministic PDFs"),
    Patch("reportlab.platypus.paragraph", "sameFrag", "briefgen.text.rl.frags:same_frag",
          "rl_accel's C version is about four times slower on our fragments (each missing attribute raises "
          "inside it); the same answer read from the fragments' dictionaries"),
    Patch("reportlab.platypus.paragraph", "split", "briefgen.text.rl.spaces:split_keeping_no_break",
          "ReportLab breaks lines at U+202F and U+2007, no-break spaces: a French line ended on « or began "
          "with »  ; : ! or ?"),
)

REACHES = (
    Reach("reportlab.platypus.paragraph", "_processed_frags", "briefgen.text.rl.linebreak",
          "a split paragraph's words are already cut"),
    Reach("reportlab.platypus.paragraph", "_HSFrag", "briefgen.text.rl.linebreak",
          "a hyphenatable word keeps its kind when cut at CJK breaks"),
    Reach("reportlab.pdfbase.ttfonts", "_sdSimple", "briefgen.text.rl.direction",
          "an unshaped character inside a shaped string"),
    Reach("instance:shaped string", "__shapeData__", "briefgen.text.rl.direction",
          "HarfBuzz's clusters and advances of a shaped word"),
    Reach("instance:TTFontFace", "_ttf_data", "briefgen.text.rl.fonts", "a face rebuilt from cached metrics"),
    Reach("instance:TTFontFace", "_pdfScale", "briefgen.text.rl.fonts", "a face rebuilt from cached metrics"),
    Reach("instance:TTFont", "_asciiReadable", "briefgen.text.rl.fonts", "a font rebuilt from cached metrics"),
    Reach("reportlab.platypus.paragraph", "_wsc", "briefgen.text.rl.spaces",
          "ReportLab's word-splitting characters, less the two no-break spaces it lists"),
    Reach("instance:Canvas", "_code", "briefgen.text.rl.canvas", "marked-content operators for tagging"),
    Reach("instance:Canvas", "_doc", "briefgen.text.rl.canvas", "fixed timestamp and provenance keys"),
    Reach("instance:Canvas", "_curr_tx_info", "briefgen.text.rl.canvas",
          "a language span opened in the text object being drawn"),
    Reach("instance:Frame", "_oASpace", "briefgen.text.rl.canvas",
          "the fitter stacks heights by the frame's own spacing rule"),
    Reach("instance:Canvas", "_doctemplate", "briefgen.text.rl.canvas", "columns register their headings"),
    Reach("reportlab.platypus.tables:Table", "_drawBkgrnd", "briefgen.text.rl.canvas",
          "table backgrounds drawn as artifacts"),
    Reach("reportlab.platypus.tables:Table", "_drawLines", "briefgen.text.rl.canvas", "table rules drawn as artifacts"),
    Reach("reportlab.platypus.paragraph:Paragraph", "_setup", "briefgen.text.rl.canvas",
          "markup parsed once per text and style"),
    Reach("instance:Table", "_cellvalues", "briefgen.text.rl.canvas",
          "change bars flag what a changed table row or box draws"),
    Reach("instance:KeepTogether", "_content", "briefgen.text.rl.canvas",
          "change bars flag what a changed actor or scenario (a kept group) draws"),
    Reach("re", "_cache", "briefgen.text.rl.uri_pattern", "ReportLab's URL pattern compiled when first used"),
)


def resolve(spec: str) -> Any:
    """The object named by ``"module"``, ``"module:Class"`` or ``"module:function"``."""
    module_name, _, attribute = spec.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module
