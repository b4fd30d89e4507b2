"""Size limits a newcomer can read (run by ``make lint``; exits 1 on any excess).

* no module outside migrations over 500 lines;
* no function or method over 60 lines;
* no view (a function or method in a ``views`` module or package) over 25 lines, and no
  views module over 300 lines.

Lines are counted from ``def`` to the last line of the body, docstring and comments
included, as a reader meets them.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOTS = ("akkopsi", "bench", "scripts")
MODULE_LIMIT = 500
FUNCTION_LIMIT = 60
VIEW_LIMIT = 25
VIEWS_MODULE_LIMIT = 300


def is_views(path: Path) -> bool:
    return path.stem == "views" or path.stem.startswith("views_") or "views" in path.parts[:-1]


def measure(path: Path) -> list[str]:
    problems: list[str] = []
    source = path.read_text(encoding="utf-8")
    lines = len(source.splitlines())
    views = is_views(path) and "tests" not in path.parts
    if lines > MODULE_LIMIT:
        problems.append(f"{path}: module has {lines} lines (limit {MODULE_LIMIT})")
    if views and lines > VIEWS_MODULE_LIMIT:
        problems.append(f"{path}: views module has {lines} lines (limit {VIEWS_MODULE_LIMIT})")
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        limit = VIEW_LIMIT if views else FUNCTION_LIMIT
        if length > limit:
            kind = "view" if views else "function"
            problems.append(
                f"{path}:{node.lineno}: {kind} {node.name} has {length} lines (limit {limit})"
            )
    return problems


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path(r) for r in ROOTS]
    problems: list[str] = []
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in files:
            if "migrations" not in path.parts:
                problems.extend(measure(path))
    for problem in problems:
        print(problem)
    print(f"code size: {len(problems)} over the limits")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
