"""Layouts: folders that say how a product looks, read as data.

A layout folder holds ``layout.yaml`` (page geometry, colours, fonts, named styles with
``parent:`` inheritance, fitting rules), a ``templates/`` folder and any font files (fetched
fonts, ``fonts/scripts/…``, may instead be in the per-user fonts folder: see
:mod:`briefgen.layouts.fetched`). A
layout may ``extends:`` another by name; the child's keys win, dictionaries merge, and
templates are looked up in the child first. Names resolve through a search path:
``$BRIEFGEN_LAYOUTS`` (``:``-separated), ``./layouts``, then the layouts shipped with
briefgen. ``--layout`` also accepts a folder path.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.cache import file_identity, remembered
from briefgen.errors import LayoutError
from briefgen.memo import FileMemo
from briefgen.layouts import BUILTIN_LAYOUTS
from briefgen.layouts.fetched import font_file

log = logging.getLogger(__name__)

_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)?\s*$")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def length(value: Any, where: str = "length") -> float:
    """Convert ``12``, ``"12pt"``, ``"20mm"``, ``"1in"`` to points."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    found = _LENGTH.match(str(value))
    if not found:
        raise LayoutError(f"{where}: {value!r} is not a length (use pt, mm, cm or in)")
    return float(found.group(1)) * _UNITS[found.group(2) or "pt"]


def search_path() -> list[Path]:
    """Folders searched, in order, for a layout given by name."""
    extra = [Path(p) for p in os.environ.get("BRIEFGEN_LAYOUTS", "").split(os.pathsep) if p]
    return [*extra, Path.cwd() / "layouts", BUILTIN_LAYOUTS]


def find_layout(name_or_path: str | Path) -> Path:
    """Resolve a layout name or folder path to a folder holding ``layout.yaml``."""
    as_path = Path(name_or_path)
    if as_path.is_dir() or os.sep in str(name_or_path) or str(name_or_path).startswith("."):
        if (as_path / "layout.yaml").is_file():
            return as_path.resolve()
        raise LayoutError(f"layout folder {str(as_path)!r} has no layout.yaml")
    for folder in search_path():
        if (folder / str(name_or_path) / "layout.yaml").is_file():
            return (folder / str(name_or_path)).resolve()
    available = sorted({p.parent.name for f in search_path() if f.is_dir() for p in f.glob("*/layout.yaml")})
    raise LayoutError(f"no layout named {str(name_or_path)!r}; available: {', '.join(available) or 'none'}")


@dataclass
class Layout:
    """A resolved layout: merged settings plus the folders it came from."""

    name: str
    folders: list[Path]
    settings: dict[str, Any]
    fonts: dict[str, dict[str, Path]] = field(default_factory=dict)

    def get(self, *keys: str, default: Any = None) -> Any:
        """Look up a nested setting, e.g. ``layout.get("page", "margins")``."""
        node: Any = self.settings
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def require(self, *keys: str) -> Any:
        """Like :meth:`get`, but a missing setting is a :class:`LayoutError`."""
        value = self.get(*keys)
        if value is None:
            raise LayoutError(f"layout {self.name!r} does not set {'.'.join(keys)}")
        return value

    @property
    def template_dirs(self) -> list[Path]:
        """Template folders, child layout first."""
        return [folder / "templates" for folder in self.folders if (folder / "templates").is_dir()]


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_settings(folder: Path) -> dict[str, Any]:
    path = folder / "layout.yaml"
    try:
        settings = remembered("layouts", file_identity([path]), lambda: _parse(path))
    except (OSError, yaml.YAMLError) as exc:
        raise LayoutError(f"{path}: cannot read layout: {exc}") from None
    if not isinstance(settings, dict):
        raise LayoutError(f"{path}: a layout must be a mapping of settings")
    return settings


def _parse(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}


def _font_files(folder: Path, settings: dict[str, Any]) -> dict[str, dict[str, Path]]:
    fonts: dict[str, dict[str, Path]] = {}
    for family, faces in (settings.get("fonts") or {}).items():
        fonts[family] = {face: font_file(folder, str(file)) for face, file in faces.items()}
    return fonts


def script_families(settings: dict[str, Any]) -> set[str]:
    """Font families named in ``script_fonts``: registered only when a brief needs them."""
    table = settings.get("script_fonts") or {}
    return {str(name) for scripts in table.values() if isinstance(scripts, dict)
            for names in scripts.values() for name in (names if isinstance(names, list) else [names])}


def _check_font_files(path: Path, fonts: dict[str, dict[str, Path]], lazy: set[str]) -> None:
    """Every font file of the families styles use must exist; script fonts are checked when used."""
    for family, faces in fonts.items():
        for face, file in faces.items():
            if family not in lazy and not file.is_file():
                raise LayoutError(f"{path}: font {family}.{face}: file {file} not found")


_LAYOUTS: FileMemo[Layout] = FileMemo(
    "layouts", holds="a layout read with the chain it extends", bound=32,
    key="name or folder, where names and fetched fonts resolve (working folder, environment); valid while its "
        "layout.yaml chain and font files keep their identity")
# Where a name and a fetched font are looked for: the search path and the per-user fonts folder.
_RESOLVED_BY = ("BRIEFGEN_LAYOUTS", "BRIEFGEN_FONTS", "BRIEFGEN_CACHE", "XDG_CACHE_HOME")


def load_layout(name_or_path: str) -> Layout:
    """Load a layout and the chain it extends; paths resolve against each folder.

    Kept for the process while its ``layout.yaml`` files and font files are unchanged: an edited
    one (in ``watch`` or an API process) makes a new :class:`Layout`, and so new style sheets.
    """
    where = (os.getcwd(), *(os.environ.get(name, "") for name in _RESOLVED_BY))
    return _LAYOUTS.lookup_files((name_or_path, where), lambda: _read_layout(name_or_path))


def _read_layout(name_or_path: str) -> tuple[Layout, list[Path]]:
    """A layout, with the files it was read from (its chain's ``layout.yaml`` and its fonts)."""
    folders: list[Path] = []
    layers: list[dict[str, Any]] = []
    fonts: dict[str, dict[str, Path]] = {}
    current: str | None = name_or_path
    while current:
        folder = find_layout(current) if not folders else _parent(folders[-1], current)
        if folder in folders:
            raise LayoutError(f"layout {name_or_path!r}: 'extends' loops back to {folder.name!r}")
        settings = _read_settings(folder)
        folders.append(folder)
        layers.append(settings)
        fonts = {**_font_files(folder, settings), **fonts}
        current = settings.get("extends")
    _check_chain([folder / "layout.yaml" for folder in folders])
    merged: dict[str, Any] = {}
    for settings in reversed(layers):
        merged = _merge(merged, settings)
    merged.pop("extends", None)
    _check_font_files(folders[0] / "layout.yaml", fonts, script_families(merged))
    log.debug("layout %s from %s", name_or_path, [str(f) for f in folders])
    font_files = sorted({path for faces in fonts.values() for path in faces.values()})
    return Layout(folders[0].name, folders, merged, fonts), [folder / "layout.yaml" for folder in folders] + font_files


def _check_chain(files: list[Path]) -> None:
    """Check a chain's settings, once per version of its files and of the checker (raises LayoutProblems)."""
    def check() -> None:
        from briefgen.layouts.check import check_layout_chain

        check_layout_chain(files)

    checker = Path(__file__).with_name("check.py")  # a newer briefgen may check more
    remembered("layouts", "checked-" + file_identity([*files, checker]), check)


def _parent(child: Path, name: str) -> Path:
    sibling = child.parent / name
    if (sibling / "layout.yaml").is_file() and sibling.resolve() != child.resolve():
        return sibling.resolve()
    if name == child.name:  # `layouts/pack` that `extends: pack`: the one of that name further down the path
        later = [folder / name for folder in search_path() if (folder / name / "layout.yaml").is_file()]
        resolved = [folder.resolve() for folder in later]
        if child.resolve() in resolved and resolved.index(child.resolve()) + 1 < len(resolved):
            return resolved[resolved.index(child.resolve()) + 1]
    return find_layout(name)
