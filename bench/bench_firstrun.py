"""First run (issue 20, point 4): page latency while the demo's background work runs.

Does what ``make run`` does, in its own folder (var/firstrun/, a fresh SQLite database): migrate
(``setup_database``, as ``make migrate``),
load the demo with its award analyses deferred (``akkopsi demo --defer-analyses``), start the
server as ``make run`` does (runserver, DEBUG off), then times a few pages, first idle, then
while the background work of ``make run`` runs (``ENQUEUE`` and ``BACKGROUND`` below: the
deferred award analyses and the solve of the demo plans enqueued as jobs at low priority, and
one task worker under ``nice``, as ``make run`` starts them). Each row is a
page's p95 while busy against its own p95 idle (p50s in the note); the migrate and demo times
come first, with no floor. Rounds alternate the pages; the busy rounds stop when the
worker stops or after ``FIRSTRUN_BUSY_SECONDS`` (then it is stopped; the worker keeps waiting
for tasks, so in practice after that time).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.load import _stop

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "firstrun"
PORT = int(os.environ.get("FIRSTRUN_PORT", "8124"))
IDLE_ROUNDS = int(os.environ.get("FIRSTRUN_IDLE_ROUNDS", "10"))
BUSY_SECONDS = float(os.environ.get("FIRSTRUN_BUSY_SECONDS", "60"))
PAGES: list[tuple[str, str]] = [
    ("home", "/"),
    ("member list", "/anggota/"),
    ("Rapor Sanitasi", "/rapor/6474/"),
    ("award editions", "/penghargaan/"),
]
AKKOPSI = [sys.executable, "-m", "akkopsi"]  # this tree's code, whichever venv runs it
#: As ``make run``: both jobs enqueued at low priority, then one task worker under ``nice``.
ENQUEUE: list[list[str]] = [
    [*AKKOPSI, "demo_analyses", "--enqueue", "--priority", "-40"],
    [*AKKOPSI, "solve_plans", "--enqueue", "--priority", "-50"],
]
BACKGROUND: list[list[str]] = [["nice", "-n", "10", *AKKOPSI, "db_worker", "--no-reload"]]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(AKKOPSI_VAR_DIR=str(VAR), DEBUG="false", AKKOPSI_DEMO_BANNER="true")
    return env


def _timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([*AKKOPSI, *args], cwd=ROOT, env=_env(), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _get(path: str) -> float:
    """Seconds to fetch ``path`` completely; fails on anything but 200."""
    start = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=120) as resp:
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{path}: {resp.status}")
    return time.perf_counter() - start


def _serve() -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [*AKKOPSI, "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=(VAR / "server.log").open("wb"),  # a failed page's traceback is kept
        start_new_session=True,
    )
    for _ in range(240):
        try:
            _get("/health/")
            return server
        except OSError:
            time.sleep(0.25)
    _stop(server)
    raise RuntimeError("runserver did not answer /health/")


def _rounds(times: dict[str, list[float]], until: Any) -> None:
    while not until():
        for _name, path in PAGES:
            times[path].append(_get(path))


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if values else 0.0


def _enqueue() -> None:
    for cmd in ENQUEUE:
        subprocess.run(cmd, cwd=ROOT, env=_env(), check=True, stdout=subprocess.DEVNULL)


def run() -> list[dict[str, Any]]:
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    migrate = _timed("setup_database", "--noinput", "--skip-checks", "-v0")  # make migrate
    demo = _timed("demo", "--skip-checks", "--defer-analyses", "--quiet-logins")
    rows: list[dict[str, Any]] = [
        {"bench": "first run: migrate (fresh SQLite)", "seconds": migrate},
        {"bench": "first run: demo load, analyses deferred", "seconds": demo},
    ]
    server = _serve()
    background: list[subprocess.Popen[bytes]] = []
    try:
        idle: dict[str, list[float]] = {path: [] for _n, path in PAGES}
        for path in idle:
            _get(path)  # warm the server's caches as a first visitor would
        count = [0]

        def idle_done() -> bool:
            count[0] += 1
            return count[0] > IDLE_ROUNDS

        _rounds(idle, idle_done)
        busy: dict[str, list[float]] = {path: [] for _n, path in PAGES}
        _enqueue()
        started = time.perf_counter()
        background = [
            subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            for cmd in BACKGROUND
        ]
        _rounds(
            busy,
            lambda: (
                all(p.poll() is not None for p in background)
                or time.perf_counter() - started > BUSY_SECONDS
            ),
        )
        busy_for = time.perf_counter() - started
    finally:
        for process in [*background, server]:
            _stop(process)
    for name, path in PAGES:
        rows.append(
            {
                "bench": f"{name} p95 during background work",
                "seconds": _p(busy[path], 95),
                "floor": "same page idle p95",
                "floor_seconds": _p(idle[path], 95),
                "ratio": _p(busy[path], 95) / _p(idle[path], 95),
                "note": f"p50 {_p(busy[path], 50):.3f} s busy, {_p(idle[path], 50):.3f} s idle; "
                f"{len(busy[path])} busy requests over {busy_for:.0f} s",
            }
        )
    return rows
