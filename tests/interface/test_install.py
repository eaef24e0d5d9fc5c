"""Installable like any Python package: the wheel holds the layouts (templates, fonts with their
licence, the ICC profile) and none of the fetched script fonts, and briefgen installed from it, not
from this checkout, builds a brief from another folder exactly as the checkout does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, ROOT

LAYOUT_DATA = [
    "briefgen/layouts/base/layout.yaml", "briefgen/layouts/base/templates/macros.xml.j2",
    "briefgen/layouts/base/fonts/NotoSerif-Regular.ttf", "briefgen/layouts/base/fonts/OFL.txt",
    "briefgen/layouts/base/fonts/fetch.yaml", "briefgen/layouts/base/color/sRGB.icc",
    "briefgen/layouts/one-page/layout.yaml", "briefgen/layouts/one-page/templates/brief.xml.j2",
    "briefgen/layouts/long-form/templates/brief.xml.j2", "briefgen/layouts/pack/templates/pack.xml.j2",
    "briefgen/py.typed",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of a copy of this checkout, with a script font left in the layout folder as older
    versions fetched them there."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "briefgen", source / "briefgen", ignore=shutil.ignore_patterns("__pycache__"))
    stray = source / "briefgen" / "layouts" / "base" / "fonts" / "scripts"
    stray.mkdir(exist_ok=True)
    (stray / "NotoSerifKR-Regular.ttf").write_bytes(b"left behind")
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
                    "--wheel-dir", str(dist), str(source)], check=True, capture_output=True)
    return next(dist.glob("briefgen-*.whl"))


def test_the_wheel_holds_the_layouts_and_no_fetched_fonts(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert [name for name in LAYOUT_DATA if name not in names] == []
    assert [name for name in names if "/fonts/scripts/" in name] == []


def test_briefgen_installed_from_the_wheel_builds_from_any_folder(
        wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(site),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    def build(out: str, path: str) -> Path:
        """The example's one-pager built from ``elsewhere`` by the briefgen found first on ``path``."""
        command = ("import sys, briefgen; from pathlib import Path\n"
                   f"assert Path(briefgen.__file__).is_relative_to({path!r}), briefgen.__file__\n"
                   "from briefgen.interface.cli import main\n"
                   f"sys.exit(main(['build', {str(EXAMPLE)!r}, '--format', 'one-page', '--out', {out!r}]))")
        env = {**os.environ, "PYTHONPATH": str(site)} if path == str(site) else dict(os.environ)
        done = subprocess.run([sys.executable, "-c", command], cwd=elsewhere, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return elsewhere / out / "dprk-japan-overture-one-page.pdf"

    # The installed copy (ahead of this checkout's editable install) makes the very bytes the checkout
    # makes from the same folder (the PDF records the source's path as seen from the working folder).
    assert build("installed", str(site)).read_bytes() == build("checkout", str(ROOT / "briefgen")).read_bytes()
