"""Many plans at once: the same :func:`solve` over a pool of worker processes.

Each plan is independent and a solve is CPU-bound in HiGHS (one thread per solve), so the
plans are spread over processes. Workers are started with ``spawn``: they import only this
engine (NumPy + HiGHS), never the caller's open database connections or threads. Results
come back in the order of the problems; a plan the engine rejects comes back as its
exception (:class:`InvalidPlan`, :class:`InfeasiblePlan`, :class:`SolverFailure`), so one bad
plan does not stop the others.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from akkopsi.engines.allocation.errors import InfeasiblePlan, InvalidPlan, SolverFailure
from akkopsi.engines.allocation.solve import solve
from akkopsi.engines.allocation.types import PlanProblem, PlanResult

__all__ = ["Outcome", "solve_many", "workers_for"]

Outcome = PlanResult | InvalidPlan | InfeasiblePlan | SolverFailure
"""What one plan gives: its result, or the engine's reason for having none."""

#: Below this many plans, starting processes costs more than it saves.
SERIAL_BELOW = 4


def workers_for(count: int, workers: int | None = None) -> int:
    """Processes to use for ``count`` plans: ``workers`` if given, else one per core."""
    wanted = workers if workers is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, count))


def _exit_with_parent() -> None:
    """Worker initialiser: end this worker when the parent process ends, even when it was
    killed and could not shut the pool down (a spawned worker holds both ends of its task
    pipe, so it would otherwise wait for work forever)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _solve_one(problem: PlanProblem) -> Outcome:
    try:
        return solve(problem)
    except (InvalidPlan, InfeasiblePlan, SolverFailure) as exc:
        return exc


def solve_many(
    problems: Iterable[PlanProblem], *, workers: int | None = None, chunksize: int = 4
) -> Iterator[Outcome]:
    """Solve every problem; yields outcomes in input order as they become available."""
    todo: Sequence[PlanProblem] = list(problems)
    n = workers_for(len(todo), workers)
    if n == 1 or len(todo) < SERIAL_BELOW:
        for problem in todo:
            yield _solve_one(problem)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=n, mp_context=context, initializer=_exit_with_parent
    ) as pool:
        yield from pool.map(_solve_one, todo, chunksize=chunksize)
