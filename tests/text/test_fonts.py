"""scripts/fetch_fonts.py: pinned downloads, the cache, atomic extraction and clear failures."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

from tests.helpers import ROOT

FETCH = ROOT / "scripts" / "fetch_fonts.py"


def _package(folder: Path) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in (("package/400Regular/X_400Regular.ttf", b"font"), ("package/LICENSE_FONT", b"OFL")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    raw = buffer.getvalue()
    return raw, hashlib.sha256(raw).hexdigest()


def _manifest(folder: Path, sha256: str) -> Path:
    manifest = folder / "fonts" / "fetch.yaml"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(yaml.safe_dump({"registry": "http://127.0.0.1:9/npm", "packages": [
        {"package": "x-font", "version": "1.0.0", "sha256": sha256,
         "files": {"package/400Regular/X_400Regular.ttf": "X-Regular.ttf", "package/LICENSE_FONT": "X-LICENSE.txt"}}]}))
    return manifest


def test_a_cached_package_is_checked_and_extracted(tmp_path: Path) -> None:
    raw, sha256 = _package(tmp_path)
    (tmp_path / "cache" / "downloads").mkdir(parents=True)
    (tmp_path / "cache" / "downloads" / "x-font-1.0.0.tgz").write_bytes(raw)
    manifest = _manifest(tmp_path, sha256)
    result = subprocess.run([sys.executable, str(FETCH), str(manifest)], capture_output=True, text=True,
                            env={"BRIEFGEN_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert (manifest.parent / "scripts" / "X-Regular.ttf").read_bytes() == b"font"
    assert (manifest.parent / "scripts" / "X-LICENSE.txt").read_bytes() == b"OFL"
    assert (manifest.parent / "scripts" / ".fetched").is_file()


def test_a_package_that_cannot_be_fetched_says_where_from_and_what_to_do(tmp_path: Path) -> None:
    raw, _ = _package(tmp_path)
    (tmp_path / "cache" / "downloads").mkdir(parents=True)
    (tmp_path / "cache" / "downloads" / "x-font-1.0.0.tgz").write_bytes(raw + b"tampered")
    manifest = _manifest(tmp_path, hashlib.sha256(raw).hexdigest())
    result = subprocess.run([sys.executable, str(FETCH), str(manifest)], capture_output=True, text=True,
                            env={"BRIEFGEN_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1
    assert result.stderr.startswith("fetch_fonts: cannot download http://127.0.0.1:9/npm/x-font/-/x-font-1.0.0.tgz")
    assert "Traceback" not in result.stderr
    assert not (manifest.parent / "scripts" / "X-Regular.ttf").exists()
