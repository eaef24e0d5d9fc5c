"""ReportLab behind one door: the patches are installed only when asked, and a guard fails loudly,
naming the patch, when ReportLab is not the release they were written for or no longer calls them."""

from __future__ import annotations

import subprocess
import sys

import pytest
import reportlab
from reportlab.platypus import paragraph as rl_paragraph

from briefgen.text import rl
from briefgen.text.rl import PATCHES, Patch, replacement

FRAG_WORDS = "patch reportlab.platypus.paragraph._getFragWords"


def test_every_patch_is_installed_and_on_the_path_reportlab_calls() -> None:
    rl.install()
    for patch in PATCHES:
        assert getattr(patch.target(), patch.attribute) is replacement(patch), patch.name
    assert rl.check() == []


def test_the_guard_fails_when_reportlab_keeps_a_name_but_reroutes_its_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    # A release that still has _getFragWords but whose line breaker calls a new function instead.
    rl.install()
    original_break_lines = rl_paragraph.Paragraph.breakLines
    monkeypatch.setattr(rl_paragraph, "_getFragWordsV2", rl_paragraph._getFragWords, raising=False)

    def break_lines_of_a_later_release(self, width):  # type: ignore[no-untyped-def]
        kept = rl_paragraph._getFragWords
        rl_paragraph._getFragWords = rl_paragraph._getFragWordsV2
        try:
            return original_break_lines(self, width)
        finally:
            rl_paragraph._getFragWords = kept

    monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines", break_lines_of_a_later_release)
    problems = rl.check()
    assert problems == [f"{FRAG_WORDS}: ReportLab no longer calls it on the path it patches (wrap paragraph); "
                        "the patch would be off"]


def test_the_guard_fails_when_a_patched_name_is_gone() -> None:
    gone = Patch("reportlab.platypus.paragraph", "_getFragWordz", "briefgen.text.rl.linebreak:frag_words_with_breaks",
                 "a deliberately changed target")
    assert rl.check(patches=(gone,), reaches=()) == [
        "patch reportlab.platypus.paragraph._getFragWordz: ReportLab no longer has _getFragWordz"]


def test_the_guard_fails_on_another_reportlab_release(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportlab, "Version", "5.2.0")
    assert rl.check(patches=(), reaches=()) == [
        "ReportLab 5.2.0 is installed; briefgen's patches and reaches were written for 5.1.x: "
        "check each of them (briefgen/text/rl) before widening the pin"]


def test_importing_the_renderer_patches_nothing_and_rendering_needs_the_patches() -> None:
    script = (
        "from reportlab.platypus import paragraph as p\n"
        "original = p._getFragWords\n"
        "import briefgen.products.build, briefgen.rendering.blocks as blocks\n"
        "from briefgen.text import rl\n"
        "assert not rl.installed() and p._getFragWords is original\n"
        "try:\n"
        "    blocks.build_story([], None)\n"
        "except RuntimeError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ("ReportLab's patches are not installed: "
                                   "call briefgen.text.rl.install() at start-up")
