"""briefgen.memo, the owner of the process caches: bounded, keyed by file identity, all in one table."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
from pathlib import Path

import pytest

import briefgen
from briefgen import memo
from tests.helpers import ROOT


def _touch(path: Path, text: str, age: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1_700_000_000 * 10**9 + age * 10**9,) * 2)


def test_a_memo_forgets_the_least_recently_used_entry_beyond_its_bound() -> None:
    kept = memo.Memo("test lru", holds="numbers", key="a letter", bound=2)
    kept["a"], kept["b"] = 1, 2
    assert kept.get("a") == 1  # now the most recently used
    kept["c"] = 3
    assert sorted(kept) == ["a", "c"] and len(kept) == 2
    assert kept.lookup("d", lambda: 4) == 4 and "a" not in kept
    assert kept.lookup("d", lambda: 5) == 4


def test_a_file_memo_makes_its_value_again_when_one_of_its_files_changes(tmp_path: Path) -> None:
    made: list[str] = []
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    _touch(first, "one", 0)
    _touch(second, "two", 0)
    kept: memo.FileMemo[str] = memo.FileMemo("test files", holds="joined text", key="folder", bound=4)

    def join() -> tuple[str, list[Path]]:
        made.append("made")
        files = sorted(tmp_path.glob("*.txt"))
        return "+".join(p.read_text() for p in files), [tmp_path, *files]

    assert kept.lookup_files(tmp_path, join) == "one+two"
    assert kept.lookup_files(tmp_path, join) == "one+two" and len(made) == 1
    _touch(second, "TWO", 1)  # same size, new time
    assert kept.lookup_files(tmp_path, join) == "one+TWO" and len(made) == 2
    second.unlink()
    assert kept.lookup_files(tmp_path, join) == "one" and len(made) == 3


def test_memoized_with_files_reads_a_replaced_file_again(tmp_path: Path) -> None:
    reads: list[str] = []

    @memo.memoized("test sizes", holds="a file's length", key="the file's identity", bound=8, files=lambda p: (p,))
    def length(path: str) -> int:
        reads.append(path)
        return len(Path(path).read_text())

    target = tmp_path / "figure.txt"
    _touch(target, "abc", 0)
    assert length(str(target)) == length(str(target)) == 3 and len(reads) == 1
    _touch(target, "abcdef", 1)
    assert length(str(target)) == 6 and len(reads) == 2
    memo.clear("test sizes")
    assert length(str(target)) == 6 and len(reads) == 3


def test_identity_of_a_missing_file_is_a_value_not_an_error(tmp_path: Path) -> None:
    assert memo.identity_of([tmp_path / "gone.png"]) == ((str(tmp_path / "gone.png"), -1, -1),)


def test_clear_all_empties_every_cache() -> None:
    kept = memo.Memo("test clear", holds="numbers", key="a letter", bound=2)
    kept["a"] = 1
    memo.clear_all()
    assert len(kept) == 0 and all(info.size == 0 for info in memo.caches())
    with pytest.raises(KeyError, match="no process cache named nothing"):
        memo.clear("nothing")


def _all_modules() -> None:
    for module in pkgutil.walk_packages(briefgen.__path__, "briefgen."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


def test_every_process_cache_is_registered_bounded_and_in_the_table() -> None:
    _all_modules()
    table = memo.__doc__ or ""
    shipped = [info for info in memo.caches() if not info.name.startswith("test ")]
    assert len(shipped) == 26
    for info in shipped:
        row = re.search(rf"^{re.escape(info.name)} +\S.*?(\d+)$", table, re.M)
        assert row is not None, f"{info.name} is not in briefgen.memo's table"
        assert int(row.group(1)) == info.bound, f"{info.name}: the table says {row.group(1)}, the cache {info.bound}"


def test_no_cache_is_made_outside_the_owner() -> None:
    """functools caches and module-level dicts filled at run time would be unbounded or keyed by path alone.
    Shaping's private glyph codes are not a cache (documents being written refer to them)."""
    allowed = {"briefgen/text/rl/shaping.py"}
    pattern = re.compile(r"lru_cache|functools import cache\b|@cache\b|^_[A-Z_]+(: [^=]+)? = (\{\}|dict\(\))", re.M)
    offenders = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "briefgen").rglob("*.py"))
                 if path.name != "memo.py" and str(path.relative_to(ROOT)) not in allowed and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
