"""Embedded TrueType fonts: registered once per process, and checked for missing glyphs."""

from __future__ import annotations

import hashlib
import logging
import marshal
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

import reportlab

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from briefgen.cache import cache_dir, file_identity, store
from briefgen.errors import LayoutError
from briefgen.layouts.fetched import FETCH_COMMAND, is_fetched
from briefgen.layouts.layout import Layout, script_families
from briefgen.memo import Memo, identity_of, memoized
from briefgen.text.rl.fonts import face_state, font_from_state, parse_font
from briefgen.text.scripts import script_key, script_runs

log = logging.getLogger(__name__)

FACES = ("regular", "bold", "italic", "bold_italic")


def _cache_file(path: Path) -> Path | None:
    """Where a font's parsed metrics are kept: keyed by the file's path, size and time, not its
    bytes (hashing a 14 MB CJK face cost 15 ms a build)."""
    folder = cache_dir("fonts")
    if folder is None:
        return None
    return folder / f"{path.stem}-{file_identity([path])}-rl{reportlab.Version}.marshal"


def load_font(name: str, path: Path) -> TTFont:
    """A TTFont, its parsed metrics read from the cache when present (parsing costs ~25 ms a face)."""
    cached = _cache_file(path)
    if cached is not None and cached.is_file():
        try:
            return font_from_state(name, path, marshal.loads(cached.read_bytes()))
        except (ValueError, EOFError, TypeError, KeyError, AttributeError):
            log.debug("font cache %s unreadable; parsing the font", cached)
    font = parse_font(name, path)
    if cached is not None:
        try:
            store(cached, marshal.dumps(face_state(font.face)))
        except ValueError:
            log.debug("font metrics of %s do not marshal; not cached", cached)
    return font


_REGISTERED: Memo[Path] = Memo("fonts", holds="TrueType faces registered with ReportLab: name → file",
                               key="ReportLab name (font_name: file stem, path, size and time)", bound=1024)
_LAZY_FILES: Memo[Path] = Memo("lazy fonts", holds="script faces named but not read yet: name → file",
                               key="ReportLab name (font_name)", bound=4096)


def font_name(path: Path) -> str:
    """The ReportLab name briefgen registers a TrueType file under: one per file and version of it.

    An edited file (new size or time) gets a new name, so a long-lived process (``watch``, the
    API) reads it again instead of drawing with the face it registered before. The name never
    reaches the PDF (it writes the face's own name), so output does not depend on it.
    """
    version = "\0".join(str(part) for part in identity_of([path])[0])
    return f"{path.stem}-{hashlib.sha1(version.encode()).hexdigest()[:8]}"


def register_file(path: Path) -> str:
    """Register one TrueType file (as it is now) and return its ReportLab font name."""
    return _register(font_name(path), path)


def _register(name: str, path: Path) -> str:
    """Register ``path`` under ``name`` unless it is; a name stands for one version of the file."""
    if name not in _REGISTERED:
        try:
            pdfmetrics.registerFont(load_font(name, path))
        except (TTFError, OSError) as exc:
            raise LayoutError(f"font {path}: cannot load: {exc}") from None
        _REGISTERED[name] = path
    return name


def register_family(layout: Layout, family: str, lazy: bool = False) -> dict[str, str]:
    """Register one font family's faces (a missing face falls back: bold italic → bold → regular).

    With ``lazy``, only the names and bold/italic mapping are set up; :func:`register_file`
    reads a face when a run first uses it (a CJK face costs 0.05–0.15 s).
    """
    files = layout.fonts.get(family)
    if not files or "regular" not in files:
        raise LayoutError(f"layout {layout.name!r}: font family {family!r} has no 'regular' face")
    for path in files.values():
        if not path.is_file():
            hint = f"; `{FETCH_COMMAND}` fetches the script fonts" if is_fetched(path) else ""
            raise LayoutError(f"layout {layout.name!r}: font {family}: file {path} not found{hint}")
    bold = files.get("bold", files["regular"])
    chosen = {"regular": files["regular"], "bold": bold, "italic": files.get("italic", files["regular"]),
              "bold_italic": files.get("bold_italic", bold)}
    faces = {face: (font_name if lazy else register_file)(chosen[face]) for face in FACES}
    if lazy:
        _LAZY_FILES.update({faces[face]: chosen[face] for face in FACES})
    for face, (is_bold, italic) in zip(FACES, ((0, 0), (1, 0), (0, 1), (1, 1)), strict=True):
        addMapping(faces["regular"], is_bold, italic, faces[face])
    return faces


def ensure_registered(name: str) -> str:
    """Read a lazily registered face the first time it is used; return its name."""
    path = _LAZY_FILES.get(name)
    return name if path is None else _register(name, path)


def register_layout_fonts(layout: Layout) -> dict[str, dict[str, str]]:
    """Register the font families a layout's styles use; return family → face → font name.

    Families named in ``script_fonts`` are left for :class:`ScriptFonts` to register when a
    brief first needs them (a CJK face costs 0.1 s to read).
    """
    lazy = script_families(layout.settings)
    return {family: register_family(layout, family) for family in layout.fonts if family not in lazy}


@memoized("font coverage", holds="code points a registered face has glyphs for",
          key="ReportLab name (font_name)", bound=1024)
def coverage(font_name: str) -> frozenset[int]:
    """Code points a registered TrueType font has glyphs for."""
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


REPLACEMENT = "\ufffd"  # printed for a character no font can draw; the text fonts have it


class ScriptFonts:
    """Which font sets each run of a text: the style's own, a fallback, or a script font.

    Script fonts come from the layout's ``script_fonts`` (text family → script key → families
    tried in order) and are registered the first time a run needs them.
    """

    def __init__(self, layout: Layout, text_fonts: dict[str, dict[str, str]]):
        self.layout = layout
        self.text_fonts = text_fonts
        self.table: dict[str, dict[str, list[str]]] = layout.get("script_fonts", default={}) or {}
        self.han_default = str(layout.get("han_default", default="zh-Hans"))
        self.fallbacks = [str(name) for name in layout.get("fallback_fonts", default=[]) or []
                          if name in text_fonts]
        self._families: dict[str, dict[str, str]] = {}

    def faces(self, family: str) -> dict[str, str]:
        """Face → font name of a family, registering a script family on first use."""
        if family in self.text_fonts:
            return self.text_fonts[family]
        if family not in self._families:
            self._families[family] = register_family(self.layout, family, lazy=True)
        return self._families[family]

    def _candidates(self, family: str, key: str) -> list[str]:
        scripts = self.table.get(family) or self.table.get("serif") or {}
        return [str(name) for name in scripts.get(key) or []]

    @cached_property
    def absent(self) -> dict[str, Path]:
        """Script families with a fetched file that is not there (``briefgen fonts`` fetches it) → that
        file. Runs such a family would set fall back as if no font covered them."""
        found: dict[str, Path] = {}
        for family in sorted(script_families(self.layout.settings)):
            missing = [path for path in (self.layout.fonts.get(family) or {}).values()
                       if not path.is_file() and is_fetched(path)]
            if missing:
                log.debug("font %s: %s not installed", family, missing[0])
                found[family] = missing[0]
        return found

    def _covers(self, family: str, chars: set[int]) -> bool:
        return family not in self.absent and chars <= coverage(ensure_registered(self.faces(family)["regular"]))

    def _covering(self, families: list[str], chars: set[int]) -> str | None:
        return next((family for family in families if self._covers(family, chars)), None)

    def runs(self, text: str, family: str, bold: bool, language: str | None) -> list[tuple[str, str | None]]:
        """``text`` as (run, font name) pairs; None means the style's own font. Undrawable
        characters come back as U+FFFD in the style's font."""
        own = coverage(self.text_fonts[family]["regular"] if family in self.text_fonts else
                       next(iter(self.text_fonts.values()))["regular"])
        if text.isascii() or all(ord(char) in own for char in text):
            return [(text, None)]
        face = "bold" if bold else "regular"
        pieces: list[tuple[str, str | None]] = []
        for run, cls in script_runs(text):
            if cls is None:
                pieces.extend(self._per_char(run, own, [*self.fallbacks, *self._all_script_families(family)], face))
                continue
            candidates = self._candidates(family, script_key(run, cls, language, self.han_default))
            chosen = self._covering(candidates, {ord(char) for char in run if not char.isspace()})
            if chosen is not None:
                pieces.append((run, ensure_registered(self.faces(chosen)[face])))
            else:
                pieces.extend(self._per_char(run, own, [*candidates, *self.fallbacks], face))
        return _merge_runs(pieces)

    def _all_script_families(self, family: str) -> list[str]:
        scripts = self.table.get(family) or self.table.get("serif") or {}
        return [str(name) for names in scripts.values() for name in names]

    def _per_char(self, run: str, own: frozenset[int], families: list[str], face: str) -> list[tuple[str, str | None]]:
        pieces: list[tuple[str, str | None]] = []
        for char in run:
            if ord(char) in own or char.isspace():
                pieces.append((char, None))
                continue
            chosen = self._covering(families, {ord(char)})
            if chosen is None:
                log.debug("no font draws %r (U+%04X)", char, ord(char))
                pieces.append((REPLACEMENT, None))
            else:
                pieces.append((char, ensure_registered(self.faces(chosen)[face])))
        return pieces

    def missing(self, text: str, family: str, language: str | None) -> list[str]:
        """Characters of ``text`` that no font of the layout can draw, in order of first appearance
        (leaving out those of runs whose script fonts are not installed: see :meth:`not_installed`)."""
        drawn = "".join(run for run, _ in self.runs(text, family, False, language))
        if REPLACEMENT not in drawn or len(drawn) != len(text):
            return []
        unfetched = {char for run, _, _ in self._not_installed_runs(text, family, language) for char in run}
        return list(dict.fromkeys(char for char, shown in zip(text, drawn, strict=True)
                                  if shown == REPLACEMENT and char != REPLACEMENT and char not in unfetched))

    def not_installed(self, text: str, family: str, language: str | None) -> dict[str, list[Path]]:
        """Script key → the font files, not installed, that runs of ``text`` would be set in."""
        found: dict[str, list[Path]] = {}
        for _, key, files in self._not_installed_runs(text, family, language):
            found[key] = list(dict.fromkeys([*found.get(key, []), *files]))
        return found

    def _not_installed_runs(self, text: str, family: str, language: str | None) -> Iterator[tuple[str, str, list[Path]]]:
        """(run, script key, files) for each run in another script that tries a family not installed
        before the one that sets it."""
        if not self.absent or text.isascii():
            return
        for run, cls in script_runs(text):
            if cls is None:
                continue
            key = script_key(run, cls, language, self.han_default)
            chars = {ord(char) for char in run if not char.isspace()}
            files: list[Path] = []
            for name in self._candidates(family, key):
                if self._covers(name, chars):
                    break
                if name in self.absent:
                    files.append(self.absent[name])
            if files:
                yield run, key, files


def _merge_runs(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    merged: list[tuple[str, str | None]] = []
    for text, font in pieces:
        if merged and merged[-1][1] == font:
            merged[-1] = (merged[-1][0] + text, font)
        else:
            merged.append((text, font))
    return merged
