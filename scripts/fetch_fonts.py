"""Fetch the non-Latin script fonts a layout's ``fetch.yaml`` pins, for ``make``.

Usage: ``python scripts/fetch_fonts.py layouts/base/fonts/fetch.yaml``

Each package is downloaded once (kept in ``$BRIEFGEN_CACHE`` or ``~/.cache/briefgen/downloads``),
checked against its SHA-256, and the named files are extracted next to the manifest in
``scripts/``. Files already in place with the right size are left alone; every file is written
to a temporary name and renamed, so an interrupted fetch never leaves half a font.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml


def _cache_folder() -> Path:
    base = os.environ.get("BRIEFGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "briefgen")
    return Path(base) / "downloads"


def _download(url: str, sha256: str) -> bytes:
    """The bytes at ``url``, from the download cache when present; refuses a wrong checksum."""
    cached = _cache_folder() / url.rsplit("/", 1)[-1]
    if cached.is_file():
        data = cached.read_bytes()
        if hashlib.sha256(data).hexdigest() == sha256:
            return data
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - a pinned https URL
            data = response.read()
    except OSError as exc:  # URLError, timeouts, resets
        raise SystemExit(f"fetch_fonts: cannot download {url}: {getattr(exc, 'reason', exc)}\n"
                         "The Korean, Japanese, Chinese, Arabic and Hebrew fonts come from the npm registry; "
                         "put the .tgz files in ~/.cache/briefgen/downloads to install them offline.") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SystemExit(f"fetch_fonts: {url}: SHA-256 does not match the manifest; refusing it")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.part")
        temporary.write_bytes(data)
        os.replace(temporary, cached)
    except OSError:
        pass  # the cache is a convenience
    return data


def _write(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def fetch_package(registry: str, package: dict, folder: Path) -> list[str]:
    """Extract one package's files into ``folder``; return the names written."""
    files: dict[str, str] = package["files"]
    if all((folder / name).is_file() for name in files.values()):
        return []
    url = f"{registry}/{package['package']}/-/{package['package']}-{package['version']}.tgz"
    data = _download(url, package["sha256"])
    written = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, name in files.items():
            extracted = archive.extractfile(member)
            if extracted is None:
                raise SystemExit(f"fetch_fonts: {url}: no file {member}")
            _write(folder / name, extracted.read())
            written.append(name)
    return written


def main(argv: list[str]) -> int:
    """Fetch every package of the manifest named on the command line."""
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    manifest_path = Path(argv[0])
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    folder = manifest_path.parent / "scripts"
    folder.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = [pool.submit(fetch_package, manifest["registry"], package, folder) for package in manifest["packages"]]
        written = [name for job in jobs for name in job.result()]
    if written:
        print(f"fetch_fonts: {len(written)} files into {folder}")
    (folder / ".fetched").write_text(hashlib.sha256(manifest_path.read_bytes()).hexdigest() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
