"""Many plans over worker processes: the same results as one by one, errors in place."""

from __future__ import annotations

import pickle
from dataclasses import replace

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
