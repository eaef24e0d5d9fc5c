"""briefgen preview without a browser: the server's token and host checks, a broken save keeping the
last good pages under a located error, the note found on the page, nothing written, the command's
exit statuses (the browser itself: test_preview_browser.py)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from briefgen.interface.preview import pages
from briefgen.interface.preview.run import serve
from briefgen.interface.preview.server import PreviewServer
from briefgen.interface.preview.session import Session
from tests.helpers import FIXTURES, ROOT, minimal, run, write_yaml


def _get(url: str, host: str | None = None) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read(), answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("Content-Type", "")


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Session, PreviewServer, Path]]:
    monkeypatch.chdir(tmp_path)  # an output/ folder would appear here
    brief = write_yaml(tmp_path, minimal(title="Ports <b>& </b>insurance"))
    session = Session(Path("brief.yaml"), False)
    server = serve(session)
    yield session, server, brief
    session.close()
    server.shutdown()
    server.server_close()


def test_only_the_token_opens_the_preview(served: tuple[Session, PreviewServer, Path]) -> None:
    session, server, _ = served
    origin = server.url.rsplit("/", 2)[0]
    assert server.url.startswith("http://127.0.0.1:") and len(server.token) >= 24
    for refused in ("/", "/state", "/preview.js", f"/{server.token[:-1]}/state", f"/{server.token}x/state",
                    f"/x{server.token}/"):
        assert _get(origin + refused)[0] == 404, refused
    assert _get(server.url + "state", host="attacker.example:80")[0] == 404  # a rebinding page's own name
    status, body, kind = _get(server.url)
    assert (status, kind) == (200, "text/html; charset=utf-8") and b'<script src="preview.js"' in body
    assert _get(server.url + "preview.js")[0] == 200 and _get(server.url + "nothing")[0] == 404
    assert _get(server.url + "state?product=pack")[0] == 400


def test_state_pages_and_a_broken_save(served: tuple[Session, PreviewServer, Path], tmp_path: Path) -> None:
    session, server, brief = served
    state = json.loads(_get(server.url + "state?product=one-page&paper=letter")[1])
    assert (state["product"], state["paper"], len(state["pages"]), state["errors"]) == ("one-page", "letter", 1, [])
    assert state["title"] == "Ports <b>& </b>insurance"  # text, as written: the page sets it as text
    assert round(state["pages"][0]["width"]) == 612
    status, picture, kind = _get(server.url + "page?product=one-page&paper=letter&page=1&width=640&version=1")
    assert (status, kind) == (200, "image/jpeg") and Image.open(io.BytesIO(picture)).size[0] == 640
    assert _get(server.url + "page?product=one-page&paper=letter&page=2")[0] == 404

    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("date: '2025-", "date: '2025-13-").replace("date: 2025-", "date: 2025-13-"),
                     encoding="utf-8")
    session.changed()
    broken = json.loads(_get(server.url + "state?product=one-page&paper=letter")[1])
    assert broken["generation"] == state["generation"] + 1
    assert len(broken["errors"]) == 1 and broken["errors"][0].startswith("brief.yaml:")
    assert ": date: " in broken["errors"][0]
    assert (broken["pages"], broken["version"]) == (state["pages"], state["version"])  # the last good pages
    assert _get(server.url + "page?product=one-page&paper=letter&page=1&width=640")[1] == picture

    brief.write_text(text.replace("Ports", "Harbours"), encoding="utf-8")
    session.changed()
    fixed = json.loads(_get(server.url + "state?product=one-page&paper=letter")[1])
    assert (fixed["errors"], fixed["version"], fixed["title"]) == ([], state["version"] + 1, "Harbours <b>& </b>insurance")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml"]  # nothing written, no output/


def test_a_long_poll_answers_when_a_save_was_rebuilt(served: tuple[Session, PreviewServer, Path]) -> None:
    session, server, _ = served
    assert session.wait(session.generation + 5, 0.01) == session.generation  # answers at once when behind
    assert session.wait(session.generation, 0.05) == session.generation  # timed out: the same
    session.close()
    assert _get(server.url + f"wait?after={session.generation}")[0] == 200  # a closing preview lets go at once


def test_the_omission_note_is_found_where_it_is_printed() -> None:
    from briefgen.interface.preview.building import build_brief_view

    outcome = build_brief_view(FIXTURES / "stranger-long.yaml", "one-page", "a4")
    assert outcome.note and outcome.note.startswith("Shortened to fit one page.") and len(outcome.omitted) >= 3
    assert all(": one-page: omitted " in line for line in outcome.omitted)
    found = pages.find_text(outcome.pdf or b"", outcome.note)
    assert found is not None and found.page == 0
    left, top, width, height = found.box
    assert 0.05 < left < 0.2 and 0.8 < top < 0.98 and 0.5 < width < 0.9 and 0 < height < 0.06
    assert pages.find_text(outcome.pdf or b"", "words printed nowhere on this page") is None


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "preview")[0] == 2
    assert run(capsys, "preview", str(tmp_path / "brief.yaml"), "--paper", "a5")[0] == 2
    write_yaml(tmp_path, minimal())
    assert run(capsys, "preview", str(tmp_path / "brief.yaml"), "--port", "70000") == \
        (2, "", "briefgen preview: error: --port: expected at most 65535, got 70000\n")
    code, _, err = run(capsys, "preview", str(tmp_path / "missing.yaml"))
    assert (code, err) == (2, f"briefgen preview: error: {tmp_path / 'missing.yaml'}: no such file\n")


def test_the_command_prints_its_address_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    write_yaml(tmp_path, minimal())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "preview", "brief.yaml", "--quiet"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("briefgen preview: http://127.0.0.1:"), line
        url = line.split()[-1]
        assert json.loads(_get(url + "state")[1])["pages"]
        assert _get(url.rsplit("/", 2)[0] + "/state")[0] == 404
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err and err.endswith("briefgen preview: stopped\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml"]


def test_a_pack_is_previewed_as_one_product_and_its_briefs_are_watched(tmp_path: Path) -> None:
    from briefgen.interface.preview.run import is_manifest
    from briefgen.interface.watch import decide, watched

    briefs, packs = tmp_path / "briefs", tmp_path / "packs"
    briefs.mkdir()
    packs.mkdir()
    brief = write_yaml(briefs, minimal(title="Item one"))
    manifest = write_yaml(packs, "title: Desk pack\ndate: 2025-05-01\nitems:\n"
                                 "  - {brief: ../briefs/brief.yaml, format: long-form}\n", "desk.yaml")
    assert is_manifest(manifest) and not is_manifest(brief)
    session = Session(manifest, True)
    state = session.state(session.view("pack", "a4"))
    assert (state["products"], state["title"], state["errors"]) == (["pack"], "Desk pack", [])
    assert len(state["pages"]) >= 2  # the cover and contents, then the item
    assert session.inputs == {brief.resolve()}
    assert decide([brief.resolve()], watched(manifest, ("pack", "long-form"), session.inputs)).rebuild
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["brief.yaml", "briefs", "desk.yaml", "packs"]
