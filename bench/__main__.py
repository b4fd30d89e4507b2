"""Run every benchmark of the project and print one table of figures and ratios.

Each module in this folder named ``bench_*.py`` exposes ``run() -> list[dict]``; every
dict is one row with the keys ``bench`` (what was measured), ``seconds`` (its time),
``floor`` (what it is compared against), ``floor_seconds`` and ``ratio``
(seconds / floor_seconds), plus an optional ``note``. Ratios are measured in the same
run, so they hold on any machine. The table is also written to ``var/bench.json``.

Usage: ``python -m bench [name ...]`` (names with or without the ``bench_`` prefix).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules(selected: list[str]) -> list[str]:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    if selected:
        names = [n for n in names if n in selected or n.removeprefix("bench_") in selected]
    return names


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rows: list[dict[str, object]] = []
    for name in _modules(argv):
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name} ...", flush=True)
        rows.extend(module.run())
    cols = ["bench", "seconds", "floor", "floor_seconds", "ratio", "note"]
    widths = {
        c: max(len(c), *(len(_fmt(r.get(c))) for r in rows)) if rows else len(c) for c in cols
    }
    print()
    print("  ".join(c.ljust(widths[c]) for c in cols))
    print("  ".join("-" * widths[c] for c in cols))
    for r in rows:
        print("  ".join(_fmt(r.get(c)).ljust(widths[c]) for c in cols))
    out = ROOT / "var" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=2, default=str))
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
