"""ReportLab behind one door: every patch of a ReportLab internal, and every reach into one, lives here.

briefgen is written for ReportLab 5.1 (pyproject pins ``reportlab>=5.1,<5.2``). What it changes
in ReportLab, and why:

=====================================================  ==========================================
patched (``PATCHES``, installed by :func:`install`)    why
=====================================================  ==========================================
``platypus.paragraph._getFragWords``                   CJK break opportunities (kinsoku) and long
                                                       URLs broken after ``/`` or ``.``
                                                       (:mod:`.linebreak`)
``platypus.paragraph._uri_split_pairs``                asked only of words holding ``://``
``platypus.paragraph.shapeFragWord``                   shape only Arabic, Persian and Hebrew
                                                       words, a font's run at a time, no ``dlig``
                                                       (:mod:`.shaping`)
``pdfgen.textobject.PDFTextObject.setRise``            5.1 fails when a line starts raised
``pdfbase.ttfonts.makeToUnicodeCMap``                  shaped glyphs extract as the letters they
                                                       draw
``pdfbase.ttfonts.TTFont.hbFont``                      nominal widths: deterministic PDFs
``platypus.paragraph.sameFrag``                        the same answer as rl_accel's C version,
                                                       four times faster on our fragments
                                                       (:mod:`.frags`)
``platypus.paragraph.split``                           never a line break at U+202F or U+2007,
                                                       no-break spaces (:mod:`.spaces`)
=====================================================  ==========================================

Reaches into private names, each in one module of this package (``REACHES``): the
paragraph module's ``_processed_frags`` and ``_HSFrag`` (:mod:`.linebreak`) and ``_wsc`` (:mod:`.spaces`), ``_sdSimple``
and shaped strings' ``__shapeData__`` (:mod:`.direction`, :mod:`.shaping`), a font face's
``_ttf_data``, ``_pdfScale`` and ``_asciiReadable`` (:mod:`.fonts`), the canvas's ``_code``,
``_doc`` and ``_curr_tx_info``, a frame's ``_oASpace``, ``_doctemplate``, and the private
steps ``Table._drawBkgrnd``, ``Table._drawLines`` and ``Paragraph._setup`` (:mod:`.canvas`),
and Python's ``re._cache`` for ReportLab's URL pattern (:mod:`.uri_pattern`).

:func:`install` is called once at start-up by the interface (command line, API, watch, each
worker process), never by importing a module. :func:`check` is the guard the tests run: it
fails, naming the patch, when the installed ReportLab is not 5.1, when a patched or reached
name is gone, or when ReportLab no longer calls a patched name on the path that used to call
it (a release that keeps the names but reroutes its calls would otherwise turn a patch off
without a word). This module imports no ReportLab itself, so ``import briefgen`` stays cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from briefgen.text.rl.registry import PATCHES, REACHES, REPORTLAB_SERIES, Patch, Reach, resolve

log = logging.getLogger(__name__)

__all__ = ["PATCHES", "REACHES", "REPORTLAB_SERIES", "Patch", "Reach", "check", "install", "installed",
           "replacement", "resolve"]

_installed = False


def replacement(patch: Patch) -> Callable[..., Any]:
    """briefgen's function that replaces ``patch``'s ReportLab name."""
    return resolve(patch.replacement)


def install() -> None:
    """Install every patch of :data:`PATCHES`, in order, once per process."""
    global _installed
    if _installed:
        return
    for patch in PATCHES:
        setattr(patch.target(), patch.attribute, replacement(patch))
    _installed = True
    log.debug("ReportLab patches installed: %s", ", ".join(patch.name for patch in PATCHES))


def installed() -> bool:
    """Whether :func:`install` has run in this process."""
    return _installed


def check(patches: tuple[Patch, ...] = PATCHES, reaches: tuple[Reach, ...] = REACHES) -> list[str]:
    """What no longer holds: the ReportLab version, a patched or reached name, a patched name ReportLab
    no longer calls. Each line names the patch or reach. Empty when everything holds."""
    from briefgen.text.rl import probes  # imports ReportLab: only when checking

    return probes.check(patches, reaches)
