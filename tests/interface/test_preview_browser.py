"""briefgen preview in a real browser: Debian's chromium, headless, driven over the DevTools protocol
(tests/browser.py). One preview process and one browser serve the module; each test opens the page
afresh and leaves the brief as it found it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.interface.api import load, render
from tests.browser import Browser, find_chromium
from tests.helpers import FIXTURES, ROOT

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium to drive: `apt-get install chromium` (or set "
                                "BRIEFGEN_CHROMIUM) to run the preview's browser tests")

TITLE = "Grain corridor <b>talks</b> stall as the port insurance deadline nears"
PICTURE = "document.getElementById('picture')"


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A long brief written by a stranger (the one-pager leaves items out), its title holding markup-like text."""
    path = tmp_path_factory.mktemp("preview") / "corridor.yaml"
    text = (FIXTURES / "stranger-long.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("title: Grain corridor talks stall", f"title: {TITLE.split(' as ')[0]}"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def preview(brief: Path) -> Iterator[str]:
    """The preview's address; at the end, Ctrl-C must stop it with status 0."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "preview", brief.name], cwd=brief.parent,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline() if process.stdout else ""
    assert line.startswith("briefgen preview: http://127.0.0.1:"), line
    yield line.split()[-1]
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 0 and "Traceback" not in err, err
    assert sorted(p.name for p in brief.parent.iterdir()) == [brief.name]  # nothing written beside it


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    started = Browser(CHROMIUM)
    yield started
    started.close()


@pytest.fixture
def page(browser: Browser, preview: str) -> Browser:
    """The preview page, opened afresh on the one-pager, its picture shown."""
    browser.go(f"{preview}?opened={time.monotonic_ns()}#product=one-page&paper=a4&page=1")
    browser.wait_for(f"{PICTURE}.dataset.generation !== undefined && {PICTURE}.naturalWidth > 0", timeout=30)
    return browser


def _shown(page: Browser) -> tuple[str, str]:
    return page.evaluate(f"[{PICTURE}.dataset.generation, {PICTURE}.getAttribute('src')]")


def _digest(page: Browser) -> str:
    return page.evaluate(f"fetch({PICTURE}.src).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b))"
                         ".then(d => Array.from(new Uint8Array(d)).map(x => x.toString(16)).join(''))")


def test_the_page_shows_the_pages_and_the_brief_as_text(page: Browser) -> None:
    assert page.evaluate(f"{PICTURE}.naturalWidth") >= 800
    assert page.evaluate(f"{PICTURE}.naturalHeight / {PICTURE}.naturalWidth") == pytest.approx(841.89 / 595.28, abs=0.01)
    assert page.evaluate("document.getElementById('pagecount').textContent") == "of 1"
    assert page.evaluate("document.getElementById('title').textContent") == TITLE
    assert page.evaluate("document.querySelector('#title b, body b') === null")  # the markup stayed text
    assert page.evaluate("document.getElementById('problems').hidden")


def test_a_save_changes_the_picture_within_a_second(page: Browser, brief: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = brief.read_text(encoding="utf-8")
    before, digest = _shown(page), _digest(page)
    try:
        saved = time.time() * 1000
        brief.write_text(text.replace("What the collapse of the third round", "What the end of round three"),
                         encoding="utf-8")
        page.wait_for(f"{PICTURE}.dataset.generation !== {json.dumps(before[0])}", timeout=5)
        latency = float(page.evaluate(f"{PICTURE}.dataset.shownAt")) - saved
        with capsys.disabled():
            print(f"\npreview: save → new page picture shown in {latency:.0f} ms", file=sys.stderr)
        assert latency < 1000
        assert _shown(page)[1] != before[1] and _digest(page) != digest
    finally:
        shown = _shown(page)[0]
        brief.write_text(text, encoding="utf-8")
        page.wait_for(f"{PICTURE}.dataset.generation !== {json.dumps(shown)}", timeout=5)


def test_a_broken_save_shows_the_located_error_over_the_last_good_pages(page: Browser, brief: Path) -> None:
    text = brief.read_text(encoding="utf-8")
    before = _shown(page)
    try:
        brief.write_text(text.replace("date: 2025-06-12", "date: 2025-06-31"), encoding="utf-8")
        page.wait_for("!document.getElementById('problems').hidden", timeout=5)
        errors = page.evaluate("Array.from(document.querySelectorAll('#errors li'), li => li.textContent)")
        assert len(errors) == 1 and errors[0].startswith("corridor.yaml:5:") and ": date: " in errors[0]
        assert _shown(page)[1] == before[1] and page.evaluate(f"{PICTURE}.naturalWidth") > 0  # the last good page
        box = page.evaluate("JSON.stringify(document.getElementById('problems').getBoundingClientRect())")
        picture = page.evaluate(f"JSON.stringify({PICTURE}.getBoundingClientRect())")
        assert json.loads(box)["top"] == pytest.approx(json.loads(picture)["top"], abs=2)  # over the page
    finally:
        brief.write_text(text, encoding="utf-8")
    page.wait_for("document.getElementById('problems').hidden", timeout=5)


def test_the_long_form_shows_its_page_count(page: Browser, brief: Path) -> None:
    pages = render(load(brief), "long-form").pages
    assert pages > 1
    page.evaluate("(s => { s.value = 'long-form'; s.dispatchEvent(new Event('change')); })(document.getElementById('product'))")
    page.wait_for(f"document.getElementById('pagecount').textContent === 'of {pages}'", timeout=15)
    page.wait_for(f"{PICTURE}.getAttribute('src').includes('product=long-form')")
    assert page.evaluate("document.getElementById('note').hidden")  # no note: the long form has everything
    page.click("#next")
    page.wait_for(f"{PICTURE}.getAttribute('src').includes('page=2')")
    assert page.evaluate("document.getElementById('page').value") == "2"
    assert page.evaluate("location.hash") == "#product=long-form&paper=a4&page=2"  # a reload comes back here
    page.evaluate("(s => { s.value = 'one-page'; s.dispatchEvent(new Event('change')); })(document.getElementById('product'))")
    page.wait_for("document.getElementById('pagecount').textContent === 'of 1'")


def test_a_click_on_the_omission_note_lists_what_was_left_out(page: Browser, brief: Path) -> None:
    expected = render(load(brief), "one-page").omitted
    assert len(expected) >= 3
    page.wait_for("!document.getElementById('note').hidden")
    assert page.evaluate("document.getElementById('omitted').hidden")
    page.click("#note")  # a mouse click where the note is printed: the box is on top and in the right place
    page.wait_for("!document.getElementById('omitted').hidden")
    listed = page.evaluate("Array.from(document.querySelectorAll('#omitted-list li'), li => li.textContent)")
    assert [line.split(":")[1] for line in listed] == [str(o.line) for o in expected]
    assert all(line.startswith("corridor.yaml:") and f" {o.field}" in line for line, o in zip(listed, expected))


def test_a_request_without_the_token_is_refused(page: Browser, preview: str) -> None:
    origin = preview.rsplit("/", 2)[0]
    statuses = page.evaluate(f"Promise.all(['/', '/state', '/preview.js', '/{'x' * 24}/state'].map(p => "
                             f"fetch({json.dumps(origin)} + p).then(r => r.status)))")
    assert statuses == [404, 404, 404, 404]
