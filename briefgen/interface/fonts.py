"""``briefgen fonts``: fetch the fonts for Korean, Japanese, Chinese, Arabic-script and Hebrew text.

They are too large to ship with briefgen (≈ 150 MB). The manifest, the base layout's
``fonts/fetch.yaml``, pins each npm package by version and SHA-256. A package is downloaded once
into ``<user cache>/downloads`` (a copy put there by hand serves offline), checked, and the files
the manifest names (fonts and their licences) are extracted into the per-user fonts folder
(:func:`briefgen.layouts.fetched.fonts_folder`). Files already there are left alone; every file is
written to a temporary name and renamed, so an interrupted fetch never leaves half a font.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import sys
import tarfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefgen.cache import cache_dir
from briefgen.errors import BriefgenError
from briefgen.layouts.fetched import fonts_folder

log = logging.getLogger(__name__)

_OFFLINE_HINT = "put the package files (.tgz) in {folder} to install the fonts offline"


@dataclass
class Fetched:
    """What a fetch did: the fonts folder, the files written now, and how many the manifest names."""

    folder: Path
    written: list[str]
    named: int


def _downloads() -> Path | None:
    return cache_dir("downloads")


def _hint() -> str:
    return _OFFLINE_HINT.format(folder=_downloads() or "~/.cache/briefgen/downloads")


def _from_cache(name: str, sha256: str) -> bytes | None:
    """A package's bytes from the download cache, when there and matching its checksum."""
    folder = _downloads()
    cached = folder / name if folder else None
    if cached is None or not cached.is_file():
        return None
    data = cached.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        log.debug("%s: checksum does not match the manifest; downloading again", cached)
        return None
    return data


def _keep(name: str, data: bytes) -> None:
    """Put a download in the cache (a convenience: a cache that cannot be written only costs time)."""
    folder = _downloads()
    if folder is not None:
        try:
            _write(folder / name, data)
        except OSError:
            log.debug("could not keep %s in %s", name, folder)


def download(url: str, sha256: str, offline: bool = False, quiet: bool = False) -> bytes:
    """The bytes at ``url``, from the download cache when present; refuses a wrong checksum."""
    name = url.rsplit("/", 1)[-1]
    data = _from_cache(name, sha256)
    if data is not None:
        return data
    if offline:
        raise BriefgenError(f"fonts: {name} is not in the download cache (--offline); {_hint()}")
    if not quiet:
        print(f"briefgen: downloading {url}", file=sys.stderr)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - a pinned https URL
            data = response.read()
    except OSError as exc:  # URLError, timeouts, resets
        raise BriefgenError(f"fonts: cannot download {url} ({getattr(exc, 'reason', exc)}); {_hint()}") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BriefgenError(f"fonts: {url}: the SHA-256 does not match the manifest; refusing it")
    _keep(name, data)
    return data


def _write(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def fetch_package(registry: str, package: dict[str, Any], folder: Path, offline: bool = False,
                  quiet: bool = False) -> list[str]:
    """Extract one package's files into ``folder``; return the names written (none when all are there)."""
    files: dict[str, str] = package["files"]
    if all((folder / name).is_file() for name in files.values()):
        return []
    url = f"{registry}/{package['package']}/-/{package['package']}-{package['version']}.tgz"
    data = download(url, str(package["sha256"]), offline, quiet)
    written = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, name in files.items():
            try:
                extracted = archive.extractfile(member)
            except KeyError:
                extracted = None
            if extracted is None:
                raise BriefgenError(f"fonts: {url}: the package has no file {member}")
            try:
                _write(folder / name, extracted.read())
            except OSError as exc:
                raise BriefgenError(f"fonts: cannot write {folder / name}: {exc.strerror}") from None
            written.append(name)
    return written


def read_manifest(path: Path) -> dict[str, Any]:
    """A fetch manifest: ``registry`` and ``packages`` (package, version, sha256, files)."""
    try:
        manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BriefgenError(f"fonts: cannot read the manifest {path}: {exc}") from None
    if not isinstance(manifest, dict) or "registry" not in manifest or not isinstance(manifest.get("packages"), list):
        raise BriefgenError(f"fonts: {path}: a manifest sets `registry` and a list of `packages`")
    return manifest


def _target() -> Path:
    folder = fonts_folder()
    if folder is None:
        raise BriefgenError("fonts: there is no user cache to hold the fonts; set BRIEFGEN_FONTS to a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefgenError(f"fonts: cannot create {folder}: {exc.strerror}") from None
    return folder


def fetch_fonts(manifest_path: Path, offline: bool = False, quiet: bool = False) -> Fetched:
    """Fetch every package of a manifest into the per-user fonts folder."""
    manifest = read_manifest(manifest_path)
    folder = _target()
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = [pool.submit(fetch_package, str(manifest["registry"]), package, folder, offline, quiet)
                for package in manifest["packages"]]
        written = [name for job in jobs for name in job.result()]
    # Which manifest the folder was fetched for; a layout fingerprint leaves a folder so marked out.
    (folder / ".fetched").write_text(hashlib.sha256(manifest_path.read_bytes()).hexdigest() + "\n")
    named = sum(len(package["files"]) for package in manifest["packages"])
    return Fetched(folder, written, named)


def summary(fetched: Fetched) -> str:
    """One line saying what a fetch did."""
    if fetched.written:
        return f"briefgen: fonts: {len(fetched.written)} files fetched into {fetched.folder}"
    return f"briefgen: fonts: all {fetched.named} files already in {fetched.folder}"
