"""The layers hold (docs/adr/0037-layers.md): import-linter's contracts in pyproject.toml are
kept, and the apps' import graph, tests left out, has no cycle."""

from __future__ import annotations

import sys
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[3]


def is_test(module: str) -> bool:
    parts = module.split(".")
    return "tests" in parts or parts[-1] == "conftest"


def app_imports() -> dict[str, set[str]]:
    """Each app (``akkopsi.<app>``) with the apps its modules import, tests left out."""
    graph = grimp.build_graph("akkopsi", cache_dir=None)
    imports: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        if module.count(".") < 1 or is_test(module):
            continue
        app = module.split(".")[1]
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.count(".") >= 1 and not is_test(imported):
                other = imported.split(".")[1]
                if other != app:
                    imports[app].add(other)
    return imports


def test_import_contracts_are_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "path", list(sys.path))  # lint_imports puts the cwd first
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert status == 0, capsys.readouterr().out


def test_no_import_cycle_between_apps() -> None:
    imports = app_imports()
    assert "core" in imports and "portal" in imports  # the graph is the project's
    try:
        order = list(TopologicalSorter(imports).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle between apps: {' -> '.join(exc.args[1])}")
    assert order.index("engines") < order.index("core") < order.index("portal")
