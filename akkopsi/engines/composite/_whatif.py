"""What would it take: the smallest single-indicator improvement that lifts a unit at
least one rank, holding the other data fixed.

Target: the next higher distinct index score (reaching it ties with those units, whose
competition rank is better). Exact solution where the pipeline of the indicator is
affine up to an invertible transform and every aggregate on its path is arithmetic: the
index moves by ``effective weight x change of the normalised value`` as long as the
normalisation bounds do not move, so the change is solved directly and then verified by
rerunning the pipeline. Otherwise (geometric means, z-scores, ranks, winsorisation,
imputation, or a solution that would move the bounds) a bisection on the re-run pipeline,
vectorised over units, which assumes the unit's rank is monotone in its value. The search
stops at the indicator's declared ``bounds``, at the goalpost (or capped target) beyond
which nothing changes, or else at the best value observed among the units.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._aggregate import combine, prepare_children
from ._compute import compute_prepared, label_map
from ._normalise import nanmax, nanmin, transform_param
from ._pipeline import Prepared, column, prepare
from ._rank import tie_round
from .types import (
    CompositeResult,
    FloatArray,
    IndicatorTable,
    Methodology,
    MissingPolicy,
    WhatIfResult,
)

IntArray = npt.NDArray[np.intp]
_CHUNK = 128


class _Context:
    def __init__(self, prep: Prepared, res: CompositeResult) -> None:
        self.prep = prep
        self.res = res
        self.labels = label_map(prep)
        self.n = prep.data.n_units
        self._wn: dict[int, FloatArray] = {}

    def _children(self, a: int) -> FloatArray:
        tree, res = self.prep.tree, self.res
        ch = tree.children[a]
        p = tree.n_ind
        out: FloatArray = res.normalised[:, ch] if ch[0] < p else res.scores[:, ch - p]
        return out

    def _weights(self, a: int) -> FloatArray:
        """Nominal per-unit normalised weights of aggregate ``a``'s children."""
        if a not in self._wn:
            tree = self.prep.tree
            policy = tree.agg_missing[a]
            assert isinstance(policy, MissingPolicy)
            _, _, wn, _ = prepare_children(
                self._children(a)[None],
                tree.weight[None, tree.children[a]],
                policy,
                self.labels.get(policy.group),
            )
            self._wn[a] = np.nan_to_num(wn[0])
        return self._wn[a]

    def _update(self, a: int, pos: int, changed: FloatArray) -> FloatArray | None:
        """Incremental parent scores when one child changes and the missing-data pattern
        and weights stay as they were (reweight/exclude); None when a full pass is needed."""
        tree = self.prep.tree
        policy = tree.agg_missing[a]
        assert isinstance(policy, MissingPolicy)
        if policy.method not in ("reweight", "exclude"):
            return None
        old = self._children(a)[:, pos]
        if not np.array_equal(np.isnan(changed), np.broadcast_to(np.isnan(old), changed.shape)):
            return None
        w = self._weights(a)[:, pos]
        parent = self.res.scores[:, a]
        if tree.agg_method[a] == "gmean":
            if np.any(changed <= 0):
                return None
            with np.errstate(divide="ignore", invalid="ignore"):
                step = np.where(np.isnan(old), 0.0, w * (np.log(changed) - np.log(old)))
            out: FloatArray = parent * np.exp(step)
            return out
        out = parent + np.where(np.isnan(old), 0.0, w * (changed - old))
        return out

    def new_ranks(self, k: int, units: IntArray, cand: FloatArray) -> FloatArray:
        """Index rank of ``units[b]`` when its raw value of indicator ``k`` is ``cand[b]``."""
        out = np.empty(len(units))
        for s in range(0, len(units), _CHUNK):
            out[s : s + _CHUNK] = self._new_ranks(k, units[s : s + _CHUNK], cand[s : s + _CHUNK])
        return out

    def _new_ranks(self, k: int, units: IntArray, cand: FloatArray) -> FloatArray:
        prep, tree = self.prep, self.prep.tree
        b = len(units)
        raw = np.repeat(prep.raw[None, :, k], b, axis=0)
        raw[np.arange(b), units] = cand
        changed = column(prep, k, raw, imputation=prep.method.imputation).normalised
        node = k
        p = tree.n_ind
        for a in tree.paths[k]:
            ch = tree.children[a]
            pos = int(np.flatnonzero(ch == node)[0])
            fast = self._update(a, pos, changed)
            node = p + a
            if fast is not None:
                changed = fast
                continue
            v = np.repeat(self._children(a)[None], b, axis=0)
            v[:, :, pos] = changed
            policy = tree.agg_missing[a]
            assert isinstance(policy, MissingPolicy)
            vals, avail, wn, excl = prepare_children(
                v, tree.weight[None, ch], policy, self.labels.get(policy.group)
            )
            changed = combine(
                vals,
                avail,
                wn,
                excl,
                tree.agg_method[a],
                code=tree.agg_codes[a],
                units=prep.data.units,
                child_codes=[tree.node_codes[c] for c in ch],
            )
        top = tie_round(changed)
        own = top[np.arange(b), units]
        better = np.where(np.isnan(top), False, top > own[:, None]).sum(axis=1)
        return np.where(np.isnan(own), np.nan, better + 1.0)


def _search_limit(ctx: _Context, k: int) -> FloatArray:
    """Per unit, the furthest raw value worth trying in the improving direction."""
    prep = ctx.prep
    ind = prep.method.indicators[k]
    d = ind.direction
    den = prep.den[:, k]
    norm = ind.normalisation
    denominated = ctx.res.denominated[:, k]
    lo, hi = ind.bounds
    bound = hi if d == 1 else lo
    if norm.method == "goalposts":
        assert norm.lower is not None and norm.upper is not None
        limit = (norm.upper if d == 1 else norm.lower) * den
    elif norm.method == "dist2targ" and norm.cap:
        assert norm.target is not None
        limit = norm.target * den
    elif bound is not None:
        return np.full(len(den), float(bound))
    else:
        best = float(np.nanmax(denominated) if d == 1 else np.nanmin(denominated))
        limit = best * den
    if bound is not None:
        limit = np.minimum(limit, bound) if d == 1 else np.maximum(limit, bound)
    out: FloatArray = np.asarray(limit, dtype=np.float64)
    return out


def _exact(
    ctx: _Context, k: int, units: IntArray, gap: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Candidate raw values from the affine inverse (NaN where not applicable) and a mask
    (as float 0/1) of units for which the indicator provably cannot help."""
    prep, res = ctx.prep, ctx.res
    ind = prep.method.indicators[k]
    norm = ind.normalisation
    d = ind.direction
    cand = np.full(len(units), np.nan)
    hopeless = np.zeros(len(units))
    eff = res.effective_weights[units, k]
    xk = res.normalised[units, k]
    with np.errstate(divide="ignore", invalid="ignore"):
        n_new = xk + gap / eff
    usable = (eff > 0) & np.isfinite(n_new)
    treated = res.treated[:, k]
    y = treated * d
    if norm.method == "goalposts":
        assert norm.lower is not None and norm.upper is not None
        lo_p = transform_param(norm.lower, ind.transform)
        hi_p = transform_param(norm.upper, ind.transform)
        r = (n_new - norm.floor) / (norm.scale - norm.floor)
        hopeless = np.where(usable & (r > 1.0 + 1e-12), 1.0, 0.0)
        r = np.clip(r, 0.0, 1.0)
        t_new = lo_p + r * (hi_p - lo_p) if d == 1 else hi_p - r * (hi_p - lo_p)
    else:
        lo = float(nanmin(y)[0])
        hi = float(nanmax(y)[0])
        own = y[units]
        unique_min = (own == lo) & ((y == lo).sum() == 1)
        usable &= ~unique_min
        if norm.method == "minmax":
            assert norm.lower is not None and norm.upper is not None
            usable &= n_new <= norm.upper
            y_new = lo + (n_new - norm.lower) / (norm.upper - norm.lower) * (hi - lo)
        else:  # dist2targ
            assert norm.target is not None
            t = transform_param(norm.target, ind.transform) * d
            r = (n_new - norm.floor) / (norm.scale - norm.floor)
            if norm.cap:
                hopeless = np.where(usable & (r > 1.0 + 1e-12), 1.0, 0.0)
            y_new = t - (1.0 - r) * (t - lo)
        t_new = y_new * d
    if ind.transform == "ln":
        pre = np.exp(t_new)
    elif ind.transform == "log_ct":
        imp = res.imputed[:, k]
        rlo, rhi = float(nanmin(imp)[0]), float(nanmax(imp)[0])
        pre = np.exp(t_new) + rlo - 0.01 * (rhi - rlo)
        own_raw = imp[units]
        extreme = ((own_raw == rlo) & ((imp == rlo).sum() == 1)) | (
            (own_raw == rhi) & ((imp == rhi).sum() == 1)
        )
        usable &= ~extreme & (pre >= rlo) & (pre <= rhi)
    else:
        pre = t_new
    cand = np.where(usable & (hopeless == 0), pre * prep.den[units, k], np.nan)
    return cand, hopeless


def _eligible(prep: Prepared, k: int) -> bool:
    ind = prep.method.indicators[k]
    tree = prep.tree
    return (
        ind.treatment.method == "none"
        and ind.normalisation.method in ("minmax", "goalposts", "dist2targ")
        and all(tree.agg_method[a] == "amean" for a in tree.paths[k])
        and not np.isnan(prep.raw[:, k]).any()
    )


def _bisect(
    ctx: _Context,
    k: int,
    todo: npt.NDArray[np.intp],
    current: FloatArray,
    limit: FloatArray,
    ranks: FloatArray,
    d: float,
    max_iter: int,
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """Units of ``todo`` that indicator ``k`` can lift within its limit, and the smallest
    value found by bisection between the current value and the limit."""
    todo = todo[(limit[todo] - current[todo]) * d > 0]
    if todo.size == 0:
        return todo, np.empty(0)
    at_limit = ctx.new_ranks(k, todo, limit[todo])
    todo = todo[at_limit < ranks[todo]]
    if todo.size == 0:
        return todo, np.empty(0)
    lo = current[todo].copy()
    hi = limit[todo].copy()
    for _ in range(max_iter):
        mid = 0.5 * (lo + hi)
        improved = ctx.new_ranks(k, todo, mid) < ranks[todo]
        hi = np.where(improved, mid, hi)
        lo = np.where(improved, lo, mid)
    return todo, hi


def what_would_it_take(
    data: IndicatorTable, method: Methodology, *, max_iter: int = 40
) -> WhatIfResult:
    """For every unit and indicator, the smallest change of that indicator alone (original
    units, in its improving direction) that lifts the unit at least one index rank; NaN
    when impossible within the bounds (see the module docstring)."""
    prep = prepare(data, method)
    res = compute_prepared(prep)
    ctx = _Context(prep, res)
    n, p = ctx.n, prep.tree.n_ind
    score = res.index_scores
    rounded = tie_round(score)
    ranks = res.index_ranks
    levels = np.unique(rounded[~np.isnan(rounded)])
    pos = np.searchsorted(levels, rounded, side="right")
    target = np.where(
        (pos < len(levels)) & ~np.isnan(rounded), levels[np.minimum(pos, len(levels) - 1)], np.nan
    )
    value = np.full((n, p), np.nan)
    how = [["" for _ in range(p)] for _ in range(n)]
    for k, ind in enumerate(method.indicators):
        d = ind.direction
        current = prep.raw[:, k]
        todo = np.flatnonzero(~np.isnan(target) & ~np.isnan(current))
        if todo.size == 0:
            continue
        limit = _search_limit(ctx, k)
        if _eligible(prep, k):
            cand, hopeless = _exact(ctx, k, todo, target[todo] - score[todo])
            within = ~np.isnan(cand) & (
                (cand - limit[todo]) * d <= 1e-12 * (1 + np.abs(limit[todo]))
            )
            ok_idx = np.flatnonzero(within)
            if ok_idx.size:
                got = ctx.new_ranks(k, todo[ok_idx], cand[ok_idx])
                good = got < ranks[todo[ok_idx]]
                for i, c in zip(todo[ok_idx][good], cand[ok_idx][good], strict=True):
                    value[i, k] = c
                    how[i][k] = "exact"
            done = ~np.isnan(value[todo, k]) | (hopeless > 0)
            todo = todo[~done]
        # bisection on the rest
        todo, hi = _bisect(ctx, k, todo, current, limit, ranks, d, max_iter)
        for i, c in zip(todo, hi, strict=True):
            value[i, k] = c
            how[i][k] = "bisection"
    return WhatIfResult(
        units=prep.data.units,
        indicator_codes=prep.tree.ind_codes,
        current_rank=ranks,
        target_score=target,
        current=np.array(prep.raw),
        value=value,
        change=value - prep.raw,
        method=tuple(tuple(row) for row in how),
    )
