"""Benchmarks that need the application run against a throwaway database made for the run.

``setup()`` points Django at var/bench.sqlite3 (or at BENCH_DATABASE_URL, e.g. PostgreSQL),
recreates it, migrates and loads the region registry, once per process; every later call
empties it again (flush, then the region registry and the indicator catalogue back), so that
each benchmark starts from the same database whatever ran before it in the same process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_ready = False


def setup() -> None:
    global _ready
    if _ready:
        _reset()
        return
    db = ROOT / "var" / "bench.sqlite3"
    db.parent.mkdir(exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{db}")
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akkopsi.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _reset()
    _ready = True


def _reset() -> None:
    from django.core.management import call_command

    from akkopsi.data.catalogue import load_default_catalogue
    from akkopsi.data.models import Indicator, NationalTarget

    call_command("flush", interactive=False, verbosity=0)
    load_default_catalogue(Indicator, NationalTarget)  # a data migration made it; flush emptied it
    call_command("load_regions", stdout=open(os.devnull, "w"))  # noqa: SIM115


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def queries(fn: Callable[[], Any]) -> tuple[int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx), result


def row(
    bench: str, seconds: float, floor: str, floor_seconds: float, note: str = ""
) -> dict[str, Any]:
    return {
        "bench": bench,
        "seconds": seconds,
        "floor": floor,
        "floor_seconds": floor_seconds,
        "ratio": seconds / floor_seconds if floor_seconds else None,
        "note": note,
    }
