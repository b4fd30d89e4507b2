"""Many plans over worker processes: the same results as one by one, errors in place."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from akkopsi.engines.allocation import InvalidPlan, solve, solve_many
from akkopsi.engines.allocation.batch import workers_for
from akkopsi.engines.tests.test_allocation_cases import JUTA, _default_plan, _one_option


def test_solve_many_over_processes_equals_solving_one_by_one_in_order() -> None:
    problems = [_one_option((money * JUTA,)) for money in (10, 40, 25, 70)]
    problems.append(_default_plan())
    bad = replace(problems[1], households=-5)
    problems.insert(2, bad)
    outcomes = list(solve_many(problems, workers=2, chunksize=1))
    assert len(outcomes) == len(problems)
    assert isinstance(outcomes[2], InvalidPlan)
    for problem, outcome in zip(problems, outcomes, strict=True):
        if problem is not bad:
            assert outcome == solve(problem)
    # more money moves more households: the order of the input is kept
    moved = [round(o.households_moved) for o in outcomes[:5] if not isinstance(o, Exception)]
    assert moved == [10, 40, 25, 70]


def test_engine_errors_keep_where_and_what_across_processes() -> None:
    err = pickle.loads(pickle.dumps(InvalidPlan("harus positif", where="rumah tangga")))
    assert isinstance(err, InvalidPlan)
    assert (err.message, err.where) == ("harus positif", "rumah tangga")


def test_workers_never_exceed_the_plans() -> None:
    assert workers_for(1, 8) == 1
    assert workers_for(10, 3) == 3
    assert workers_for(0) == 1


CHILD = """
import multiprocessing, sys
from akkopsi.engines.allocation import solve_many
from akkopsi.engines.tests.test_allocation_cases import _default_plan
results = solve_many([_default_plan(1 + i % 3) for i in range(400)], workers=2, chunksize=1)
next(results)
print("PIDS", *[p.pid for p in multiprocessing.active_children()], flush=True)
sys.stdin.read()
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_workers_end_when_the_parent_is_killed() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    line = ""
    while not line.startswith("PIDS"):  # HiGHS prints its banner on the same stdout
        line = parent.stdout.readline()
    pids = [int(p) for p in line.split()[1:]]
    assert pids and all(_alive(p) for p in pids)
    parent.kill()  # no chance to shut the pool down
    parent.wait()
    deadline = time.monotonic() + 30
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in pids if _alive(p)]


def test_a_process_prints_only_its_own_lines_around_its_first_solve() -> None:
    script = (
        "from akkopsi.engines.allocation import solve\n"
        "from akkopsi.engines.tests.test_allocation_cases import _default_plan\n"
        "print('sebelum', flush=True)\n"
        "solve(_default_plan())\n"
        "print('sesudah')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out == "sebelum\nsesudah\n"  # no HiGHS banner in between
