"""The nominal pipeline: :func:`compute`."""

from __future__ import annotations

import numpy as np

from akkopsi.engines.errors import EngineProblem

from ._aggregate import aggregate_tree, decompose
from ._pipeline import IntArray, Prepared, all_columns, group_labels, prepare
from ._rank import competition_ranks, tie_broken_ranks
from .errors import CompositeIssue
from .types import CompositeResult, FloatArray, IndicatorTable, Methodology


def label_map(prep: Prepared) -> dict[str | None, IntArray | None]:
    out: dict[str | None, IntArray | None] = {None: None}
    for a in prep.method.aggregates:
        out[a.missing.group] = group_labels(prep, a.missing.group)
    return out


def ranks_by_column(scores: FloatArray) -> FloatArray:
    """Competition ranks of each column (units along axis 0)."""
    out: FloatArray = competition_ranks(scores.T).T
    return out


def compute(data: IndicatorTable, method: Methodology) -> CompositeResult:
    """Run the whole pipeline: denominate -> impute -> transform -> treat -> normalise
    -> aggregate level by level -> rank.

    Ranks are competition ranks (1 = best; equal scores to 1e-9 share the lowest rank,
    "1, 2, 2, 4"; units without a score are unranked, NaN); the index rank first applies
    the methodology's ``tie_break`` rule. Scores and ranks do not depend on the order of
    the units.
    """
    prep = prepare(data, method)
    return compute_prepared(prep)


def compute_prepared(prep: Prepared) -> CompositeResult:
    stages, records = all_columns(prep)
    tree = prep.tree
    labels = label_map(prep)
    x = stages.normalised
    batch = aggregate_tree(x[None], tree, tree.weight[None], units=prep.data.units, labels=labels)
    scores = batch[0]
    ranks = ranks_by_column(scores)
    if prep.method.tie_break:
        nodes = {c: k for k, c in enumerate(tree.ind_codes)}
        aggs = {c: a for a, c in enumerate(tree.agg_codes)}
        keys = [x[:, nodes[c]] if c in nodes else scores[:, aggs[c]] for c in prep.method.tie_break]
        ranks[:, -1] = tie_broken_ranks(scores[:, -1], keys)
    contributions, eff = decompose(x, scores, tree, tree.weight, labels=labels)
    notes: list[EngineProblem] = []
    for k, code in enumerate(tree.ind_codes):
        col = stages.treated[:, k]
        ok = col[~np.isnan(col)]
        if ok.size and np.all(ok == ok[0]):
            notes.append(EngineProblem(CompositeIssue.CONSTANT_INDICATOR, {"indicator": code}))
    return CompositeResult(
        units=prep.data.units,
        indicator_codes=tree.ind_codes,
        aggregate_codes=tree.agg_codes,
        index_code=tree.agg_codes[-1],
        denominated=stages.denominated,
        imputed=stages.imputed,
        treated=stages.treated,
        normalised=x,
        scores=scores,
        ranks=ranks,
        contributions=contributions,
        effective_weights=eff,
        treatment=records,
        methodology=prep.method,
        notes=tuple(notes),
    )
