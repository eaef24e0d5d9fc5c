"""The process caches: what a long-lived process (``watch``, the API, a batch) keeps between builds.

This module owns them. Each one is made here (:class:`Memo`, :class:`FileMemo` or
:func:`memoized`), registered under a name, bounded (least recently used goes first), and
keyed so that a file changed on disk is a miss: by the file's identity (path, size and
modification time, one ``stat``; see :func:`identity_of`), by a name that includes it, or by an
object that is made again when it changes. :func:`clear_all` empties every one (``watch`` does
after a layout or font changes); nothing in them affects output, only time.

==================== =================== ============================= ============================================== =====
cache                module (briefgen.)  holds                         key                                            bound
==================== =================== ============================= ============================================== =====
layouts              layouts.layout      a layout and its chain        name, cwd, env; checked: chain's yaml, fonts   32
layout fingerprints  products.provenance SHA-256 of a layout's files   folders; checked: their files and folders      16
templates            compose.template    a Jinja environment           folders (Jinja re-reads a changed template)    16
inline parses        content.inline      a text's inline spans         the text                                       4096
inline parser        content.inline      the markdown-it parser        none (one)                                     1
script classes       text.scripts        a character's script          the character                                  4096
hyphenation patterns text.hyphenation    pyphen's patterns, made ready language (installed dictionaries)              64
hyphenators          text.hyphenation    the function ReportLab calls  language                                       64
fonts                text.fonts          faces registered: name → file font name: stem + hash of identity             1024
lazy fonts           text.fonts          script faces not read yet     font name (as above)                           4096
font coverage        text.fonts          a face's code points          font name (as above)                           1024
mirrored layouts     layouts.direction   a layout set right to left    Layout (new when its files change)             32
style sheets         text.styles         a StyleSheet                  Layout (new when its files change), scaling    256
parsed paragraphs    rendering.flowables ReportLab's parse of markup   markup, style (of a sheet: as above), bullet   20000
image sizes          rendering.figures   a raster figure's pixels      the image file's identity                      256
pdf figure sizes     rendering.figures   a PDF figure's page size      the PDF file's identity                        256
measurements         products.fit        a block's extents             layout fingerprint, font files' identity,      20000
                                                                       width, scaling, notes, block XML, the
                                                                       identity of the block's figure files
scratch canvas       products.fit        a canvas to measure on        none (one)                                     1
chart drawings       rendering.charts    a chart as a drawing, height  chart data, style, width, tallest, fonts       64
number locales       content.numbers     a Babel locale                BCP 47 tag                                     64
catalogs             content.catalogs    a .po catalog's messages      the file's identity                            64
catalog template     content.catalogs    the message keys of .pot      the file's identity                            2
furniture            layouts.furniture   a layout's words, a language  Layout (new when its files change), language,  64
                                                                       its catalog files' identity
diff plain texts     content.diff_match  a text as a reader sees it    the text                                       4096
diff words           content.diff_match  a text's case-folded words    the text                                       4096
code fingerprint     products.provenance SHA-256 of briefgen's code    none (the code running stays)                  1
==================== =================== ============================= ============================================== =====

Identity is a file's path, size and modification time (:func:`identity_of`: one ``stat``, nothing
read). "Checked" entries keep the identity of the files they were made from and are made again
at a lookup that finds one changed, added or gone. The font name is :func:`briefgen.text.fonts.font_name`.

Not caches, kept for the life of the process: ReportLab's font registry (one entry per
version of a face file: an edited file is registered under a new name, which never reaches
the PDF), the private glyph codes of shaped text (``text.rl.shaping``, per face, referenced by
documents being written), pyphen's parsed dictionaries (one per language) and the table of
renderers.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

log = logging.getLogger(__name__)

V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])
Identity = tuple[tuple[str, int, int], ...]

_MISSING: Any = object()


def identity_of(paths: Iterable[str | os.PathLike[str]]) -> Identity:
    """Files as they are now: each one's path, size and modification time (-1, -1 when it is missing).

    One ``stat`` a file, nothing read: cheap enough for a key taken once a build or a lookup
    (hashing a 15 MB font would not be).
    """
    found = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            found.append((os.fspath(path), -1, -1))
        else:
            found.append((os.fspath(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@dataclass(frozen=True)
class CacheInfo:
    """What a registered cache holds, what it is keyed by, its bound and how full it is now."""

    name: str
    holds: str
    key: str
    bound: int
    size: int


class _Cache(Protocol):
    name: str
    holds: str
    key: str
    bound: int

    def clear(self) -> None: ...

    def __len__(self) -> int: ...


_CACHES: dict[str, _Cache] = {}
_CACHES_LOCK = threading.Lock()


def _register(cache: _Cache) -> None:
    if cache.bound < 1:
        raise ValueError(f"cache {cache.name!r}: the bound must be at least 1")
    with _CACHES_LOCK:
        if cache.name in _CACHES:
            log.debug("cache %s registered again (module reloaded)", cache.name)
        _CACHES[cache.name] = cache


def caches() -> list[CacheInfo]:
    """Every registered process cache, by name."""
    with _CACHES_LOCK:
        found = list(_CACHES.values())
    return sorted((CacheInfo(c.name, c.holds, c.key, c.bound, len(c)) for c in found), key=lambda c: c.name)


def clear(*names: str) -> None:
    """Empty the named caches (an unknown name is an error: a typo would keep stale entries)."""
    with _CACHES_LOCK:
        unknown = [name for name in names if name not in _CACHES]
        chosen = [_CACHES[name] for name in names if name in _CACHES]
    if unknown:
        raise KeyError(f"no process cache named {', '.join(unknown)}")
    for cache in chosen:
        cache.clear()


def clear_all() -> None:
    """Empty every process cache: the next build reads files and measures again, as a new process would."""
    with _CACHES_LOCK:
        found = list(_CACHES.values())
    for cache in found:
        cache.clear()
    log.debug("cleared %d process caches", len(found))


class Memo(MutableMapping[Hashable, V], Generic[V]):
    """A bounded map that forgets the least recently used entry first; safe across threads.

    Registered under ``name`` when made; ``holds`` and ``key`` say what it keeps and by what
    (for :func:`caches` and the table above).
    """

    def __init__(self, name: str, *, holds: str, key: str, bound: int) -> None:
        self.name, self.holds, self.key, self.bound = name, holds, key, bound
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        _register(self)

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The entry for ``key`` (now the most recently used), or ``default``.

        Without the lock: asked thousands of times a build, and each OrderedDict step is atomic;
        an entry evicted by another thread in between is simply not moved.
        """
        value = self._entries.get(key, _MISSING)
        if value is _MISSING:
            return default
        try:
            self._entries.move_to_end(key)
        except KeyError:
            pass
        return value

    def lookup(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The entry for ``key``, computed (outside the lock) and kept when missing."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = self[key] = compute()
        return value

    def __getitem__(self, key: Hashable) -> V:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.bound:
                self._entries.popitem(last=False)

    def __delitem__(self, key: Hashable) -> None:
        with self._lock:
            del self._entries[key]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[Hashable]:
        with self._lock:
            return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()


@dataclass(frozen=True)
class _FromFiles(Generic[V]):
    value: V
    files: tuple[Path, ...]
    identity: Identity


class FileMemo(Memo[_FromFiles[V]]):
    """A :class:`Memo` of values made from files known only once made (a layout's chain, a
    folder's files): each entry keeps its files' identity, and a lookup finding one of them
    changed, added to or gone makes it again."""

    def lookup_files(self, key: Hashable, compute: Callable[[], tuple[V, Iterable[Path]]]) -> V:
        """The value for ``key``; ``compute`` returns it with the files it was made from."""
        entry = self.get(key)
        if entry is not None and identity_of(entry.files) == entry.identity:
            return entry.value
        value, files = compute()
        kept = tuple(files)
        self[key] = _FromFiles(value, kept, identity_of(kept))
        return value


class _Function:
    """A registered ``functools.lru_cache``: C speed for the caches asked thousands of times a build."""

    def __init__(self, name: str, holds: str, key: str, bound: int, cached: Any) -> None:
        self.name, self.holds, self.key, self.bound, self.cached = name, holds, key, bound, cached

    def clear(self) -> None:
        self.cached.cache_clear()

    def __len__(self) -> int:
        return int(self.cached.cache_info().currsize)


def memoized(name: str, *, holds: str, key: str, bound: int,
             files: Callable[..., Iterable[str | os.PathLike[str]]] | None = None) -> Callable[[F], F]:
    """Decorate a function whose result is kept per arguments (positional, hashable), bounded.

    With ``files`` (given the same arguments, it names the files the result is read from),
    their identity is part of the key: a file replaced in place is read again.
    """
    def decorate(function: F) -> F:
        if files is None:
            cached = functools.lru_cache(maxsize=bound)(function)
            _register(_Function(name, holds, key, bound, cached))
            return cached  # type: ignore[return-value]
        inner = functools.lru_cache(maxsize=bound)(lambda identity, *args: function(*args))

        @functools.wraps(function)
        def keyed(*args: Any) -> Any:
            return inner(identity_of(files(*args)), *args)

        _register(_Function(name, holds, key, bound, inner))
        return keyed  # type: ignore[return-value]

    return decorate
