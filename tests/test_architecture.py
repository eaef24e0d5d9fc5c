"""The package tree is the pipeline: each stage imports only the stages before it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "briefgen"
STAGES = ["content", "layouts", "compose", "text", "pdf", "rendering", "products", "interface"]
SHARED = {"names", "errors", "cache", "memo", "report"}  # root modules every stage may use; they import no stage
START_UP = {"briefgen.startup": {"text"}}  # import briefgen seeds ReportLab's URL pattern (text/rl)


def _imports(path: Path) -> set[str]:
    """Every briefgen module a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefgen"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("briefgen"))
    return found


def _part(module: str) -> str | None:
    """The stage or shared root module a dotted name belongs to (None for the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_each_stage_imports_only_the_stages_before_it() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("briefgen", *relative)).removesuffix(".__init__")
        own = relative[0] if len(relative) > 1 else None
        for imported in sorted(_imports(path)):
            target = _part(imported)
            if target is None or target == own or target in SHARED or target == "__version__":
                continue
            if own in STAGES and target in STAGES and STAGES.index(target) < STAGES.index(own):
                continue
            if own is None and (relative[0] not in SHARED) and (target in START_UP.get(name, set())
                                                                 or relative[0] in ("__init__", "__main__")):
                continue
            wrong.append(f"{name} imports {imported}")
    assert wrong == []


def test_every_stage_is_a_package_and_no_module_is_over_500_lines() -> None:
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()) == sorted(STAGES)
    long = [f"{p.relative_to(ROOT)}: {n}" for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500]
    assert long == []
