"""`briefgen fonts`: pinned downloads, the download cache, extraction into the per-user fonts folder
and clear failures. A fake package in the download cache (or served from this machine) stands in
for the npm registry: nothing here uses the network."""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.helpers import minimal, pdf_text, run, write_yaml

FILES = {"package/400Regular/X_400Regular.ttf": "X-Regular.ttf", "package/LICENSE_FONT": "X-LICENSE.txt"}


def _package() -> tuple[bytes, str]:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in (("package/400Regular/X_400Regular.ttf", b"font"), ("package/LICENSE_FONT", b"OFL")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    raw = buffer.getvalue()
    return raw, hashlib.sha256(raw).hexdigest()


def _manifest(folder: Path, sha256: str, registry: str = "http://127.0.0.1:9/npm") -> Path:
    manifest = folder / "fetch.yaml"
    manifest.write_text(yaml.safe_dump({"registry": registry, "packages": [
        {"package": "x-font", "version": "1.0.0", "sha256": sha256, "files": FILES}]}))
    return manifest


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache of its own, its download folder made; the fonts go to ``tmp_path/fonts``."""
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("BRIEFGEN_FONTS", str(tmp_path / "fonts"))
    (tmp_path / "cache" / "downloads").mkdir(parents=True)
    return tmp_path / "cache"


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTP server on this machine serving ``tmp_path/served`` as a registry."""
    served = tmp_path / "served"
    (served / "x-font" / "-").mkdir(parents=True)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served / "x-font" / "-" / "x-font-1.0.0.tgz"
    finally:
        server.shutdown()
        server.server_close()


def test_a_cached_package_is_checked_and_extracted_into_the_fonts_folder(
        tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw, sha256 = _package()
    (cache / "downloads" / "x-font-1.0.0.tgz").write_bytes(raw)
    manifest = _manifest(tmp_path, sha256)
    code, out, err = run(capsys, "fonts", "--manifest", manifest, "--offline")
    assert code == 0, err
    assert (tmp_path / "fonts" / "X-Regular.ttf").read_bytes() == b"font"
    assert (tmp_path / "fonts" / "X-LICENSE.txt").read_bytes() == b"OFL"
    assert out == f"briefgen: fonts: 2 files fetched into {tmp_path / 'fonts'}\n"
    assert sorted(p.name for p in (tmp_path / "fonts").iterdir()) == [".fetched", "X-LICENSE.txt", "X-Regular.ttf"]
    code, out, _ = run(capsys, "fonts", "--manifest", manifest, "--offline")
    assert (code, out) == (0, f"briefgen: fonts: all 2 files already in {tmp_path / 'fonts'}\n")


def test_without_briefgen_fonts_the_fonts_go_to_the_user_cache(
        tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFGEN_FONTS")
    raw, sha256 = _package()
    (cache / "downloads" / "x-font-1.0.0.tgz").write_bytes(raw)
    code, _, err = run(capsys, "fonts", "--manifest", _manifest(tmp_path, sha256), "--quiet")
    assert (code, err) == (0, "")
    assert (cache / "script-fonts" / "X-Regular.ttf").read_bytes() == b"font"


def test_a_download_is_checked_and_kept_in_the_download_cache(
        tmp_path: Path, cache: Path, registry: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    url, served = registry
    raw, sha256 = _package()
    served.write_bytes(raw)
    code, _, err = run(capsys, "fonts", "--manifest", _manifest(tmp_path, sha256, url))
    assert code == 0, err
    assert err == f"briefgen: downloading {url}/x-font/-/x-font-1.0.0.tgz\n"
    assert (cache / "downloads" / "x-font-1.0.0.tgz").read_bytes() == raw
    assert (tmp_path / "fonts" / "X-Regular.ttf").read_bytes() == b"font"


def test_a_download_that_does_not_match_its_checksum_is_refused(
        tmp_path: Path, cache: Path, registry: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    url, served = registry
    raw, sha256 = _package()
    served.write_bytes(raw + b"tampered")
    code, _, err = run(capsys, "fonts", "--manifest", _manifest(tmp_path, sha256, url), "--quiet")
    assert code == 1
    assert err == (f"briefgen: fonts: {url}/x-font/-/x-font-1.0.0.tgz: the SHA-256 does not match the manifest; "
                   "refusing it\n")
    assert not (cache / "downloads" / "x-font-1.0.0.tgz").exists()
    assert not (tmp_path / "fonts" / "X-Regular.ttf").exists()


def test_a_package_that_cannot_be_fetched_says_where_from_and_what_to_do(
        tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw, sha256 = _package()
    (cache / "downloads" / "x-font-1.0.0.tgz").write_bytes(raw + b"tampered")  # not used: wrong checksum
    code, _, err = run(capsys, "fonts", "--manifest", _manifest(tmp_path, sha256), "--quiet")
    assert code == 1
    assert err.startswith("briefgen: fonts: cannot download http://127.0.0.1:9/npm/x-font/-/x-font-1.0.0.tgz (")
    assert err.endswith(f"put the package files (.tgz) in {cache / 'downloads'} to install the fonts offline\n")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "fonts" / "X-Regular.ttf").exists()


def test_offline_a_package_not_in_the_download_cache_is_an_error(
        tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "fonts", "--manifest", _manifest(tmp_path, "0" * 64), "--offline")
    assert code == 1
    assert err.startswith("briefgen: fonts: x-font-1.0.0.tgz is not in the download cache (--offline); ")


def test_a_manifest_that_cannot_be_read_is_an_error(tmp_path: Path, cache: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "fonts", "--manifest", tmp_path / "missing.yaml")
    assert code == 1
    assert err.startswith(f"briefgen: fonts: cannot read the manifest {tmp_path / 'missing.yaml'}: ")


def test_the_shipped_manifest_names_every_fetched_font_the_base_layout_uses() -> None:
    from briefgen.layouts.fetched import FETCHED, MANIFEST
    from briefgen.layouts import BUILTIN_LAYOUTS

    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    fetched = {name for package in manifest["packages"] for name in package["files"].values()}
    layout = yaml.safe_load((BUILTIN_LAYOUTS / "base" / "layout.yaml").read_text(encoding="utf-8"))
    named = {Path(file) for faces in layout["fonts"].values() for file in faces.values()}
    in_scripts = {path.name for path in named if path.parent.as_posix() == str(FETCHED)}
    assert in_scripts and in_scripts <= fetched


def test_a_brief_needing_fonts_not_fetched_builds_and_names_the_command(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    korean = write_yaml(tmp_path, minimal(title="Talks with 김여정", background="김여정 spoke; Kim Yo-jong."), "korean.yaml")
    latin = write_yaml(tmp_path, minimal(), "latin.yaml")
    env = {**os.environ, "BRIEFGEN_FONTS": str(tmp_path / "empty")}
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", str(korean), str(latin), "--format", "one-page",
                           "--out", str(tmp_path / "out")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "not installed" in line or "glyph" in line]
    assert warnings == [f"{korean}:1:8: title: warning: the Korean fonts are not installed (NotoSerifKR-Regular.ttf "
                        f"not in {tmp_path / 'empty'}); run `briefgen fonts` to fetch them, then build again"]
    assert "Talks with \ufffd\ufffd\ufffd" in pdf_text(tmp_path / "out" / "korean-one-page.pdf")[0]
    # A Latin brief is built as it is with every font there.
    code, _, err = run(capsys, "build", latin, "--format", "one-page", "--out", tmp_path / "with-fonts")
    assert code == 0, err
    assert (tmp_path / "out" / "latin-one-page.pdf").read_bytes() == (tmp_path / "with-fonts" / "latin-one-page.pdf").read_bytes()
