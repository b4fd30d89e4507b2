"""Validation of a methodology tree and its compiled, index-based form."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .errors import CompositeIssue, MethodologyError

if TYPE_CHECKING:
    from .types import Aggregate, Indicator, Methodology

IntArray = npt.NDArray[np.intp]


def _check_weight(code: str, weight: float) -> None:
    if not isinstance(weight, int | float) or not math.isfinite(weight) or weight <= 0:
        raise MethodologyError(
            CompositeIssue.WEIGHT_NOT_POSITIVE, code=code, field="Weight", weight=weight
        )


def _check_indicator(ind: Indicator, agg_codes: set[str]) -> None:
    if not ind.code.strip():
        raise MethodologyError(CompositeIssue.EMPTY_INDICATOR_CODE, field="iCode")
    if ind.direction not in (1, -1):
        raise MethodologyError(
            CompositeIssue.BAD_DIRECTION, code=ind.code, field="Direction", direction=ind.direction
        )
    _check_weight(ind.code, ind.weight)
    if ind.parent not in agg_codes:
        raise MethodologyError(
            CompositeIssue.UNKNOWN_PARENT, code=ind.code, field="Parent", parent=ind.parent
        )
    if ind.transform not in ("none", "ln", "log_ct"):
        raise MethodologyError(
            CompositeIssue.UNKNOWN_TRANSFORM,
            code=ind.code,
            field="Transform",
            transform=ind.transform,
        )
    if ind.denominator is not None and ind.denominator == ind.code:
        raise MethodologyError(CompositeIssue.OWN_DENOMINATOR, code=ind.code, field="Denominator")
    norm = ind.normalisation
    fixed_scale = norm.method in ("goalposts", "dist2targ")
    if fixed_scale and ind.transform == "log_ct":
        raise MethodologyError(CompositeIssue.LOG_CT_FIXED_BOUNDS, code=ind.code, field="Transform")
    if fixed_scale and ind.treatment.method == "winsorise" and ind.treatment.fallback == "log_ct":
        raise MethodologyError(
            CompositeIssue.WINSORISE_LOG_CT_FIXED_BOUNDS, code=ind.code, field="Treat"
        )
    if ind.transform == "ln":
        posts = [norm.lower, norm.upper] if norm.method == "goalposts" else []
        if norm.method == "dist2targ":
            posts = [norm.target]
        for p in posts:
            if p is not None and p <= 0:
                raise MethodologyError(
                    CompositeIssue.LOG_BOUND_NOT_POSITIVE, code=ind.code, field="Lower", bound=p
                )
    lo, hi = ind.bounds
    if lo is not None and hi is not None and lo >= hi:
        raise MethodologyError(CompositeIssue.BOUNDS_ORDER, code=ind.code)


def _check_aggregate(agg: Aggregate, agg_codes: set[str]) -> None:
    if not agg.code.strip():
        raise MethodologyError(CompositeIssue.EMPTY_AGGREGATE_CODE, field="iCode")
    if not isinstance(agg.level, int) or agg.level < 2:
        raise MethodologyError(
            CompositeIssue.BAD_AGGREGATE_LEVEL, code=agg.code, field="Level", level=agg.level
        )
    _check_weight(agg.code, agg.weight)
    if agg.parent is not None and agg.parent not in agg_codes:
        raise MethodologyError(
            CompositeIssue.UNKNOWN_PARENT, code=agg.code, field="Parent", parent=agg.parent
        )
    if agg.aggregation not in ("amean", "gmean"):
        raise MethodologyError(
            CompositeIssue.UNKNOWN_AGGREGATION,
            code=agg.code,
            field="Aggregation",
            method=agg.aggregation,
        )


def _check_cycles(method: Methodology, by_code: dict[str, Aggregate]) -> None:
    """Follow the parent chain of every aggregate."""
    for agg in method.aggregates:
        chain = [agg.code]
        cur = agg
        while cur.parent is not None:
            if cur.parent in chain:
                loop = " -> ".join([*chain[chain.index(cur.parent) :], cur.parent])
                raise MethodologyError(
                    CompositeIssue.CYCLE, code=agg.code, field="Parent", loop=loop
                )
            chain.append(cur.parent)
            cur = by_code[cur.parent]


def _check_levels(method: Methodology, by_code: dict[str, Aggregate]) -> None:
    """A child sits exactly one level below its parent (COINr)."""
    for ind in method.indicators:
        if by_code[ind.parent].level != 2:
            raise MethodologyError(
                CompositeIssue.INDICATOR_PARENT_LEVEL,
                code=ind.code,
                field="Parent",
                parent=ind.parent,
                level=by_code[ind.parent].level,
            )
    for agg in method.aggregates:
        if agg.parent is not None and by_code[agg.parent].level != agg.level + 1:
            raise MethodologyError(
                CompositeIssue.PARENT_LEVEL,
                code=agg.code,
                field="Parent",
                parent=agg.parent,
                parent_level=by_code[agg.parent].level,
                child=agg.code,
                level=agg.level,
            )


def _check_tie_break(method: Methodology, codes: set[str], roots: set[str]) -> None:
    for k, code in enumerate(method.tie_break):
        if code not in codes or code in roots:
            raise MethodologyError(
                CompositeIssue.UNKNOWN_TIE_BREAK, code=code, field="TieBreak", node=code
            )
        if code in method.tie_break[:k]:
            raise MethodologyError(
                CompositeIssue.DUPLICATE_TIE_BREAK, code=code, field="TieBreak", node=code
            )


def _unique_codes(method: Methodology) -> set[str]:
    seen: set[str] = set()
    for code in [i.code for i in method.indicators] + [a.code for a in method.aggregates]:
        if code in seen:
            raise MethodologyError(
                CompositeIssue.DUPLICATE_CODE, code=code, field="iCode", node=code
            )
        seen.add(code)
    return seen


def validate_methodology(method: Methodology) -> None:
    """Raise :class:`MethodologyError` on the first fault found."""
    if not method.indicators:
        raise MethodologyError(CompositeIssue.NO_INDICATORS)
    if not method.aggregates:
        raise MethodologyError(CompositeIssue.NO_AGGREGATES)
    seen = _unique_codes(method)
    agg_codes = {a.code for a in method.aggregates}
    by_code = {a.code: a for a in method.aggregates}
    for agg in method.aggregates:
        _check_aggregate(agg, agg_codes)
    for ind in method.indicators:
        _check_indicator(ind, agg_codes)
    _check_cycles(method, by_code)
    roots = [a.code for a in method.aggregates if a.parent is None]
    if len(roots) != 1:
        raise MethodologyError(
            CompositeIssue.ROOT_COUNT,
            field="Parent",
            count=len(roots),
            roots=", ".join(roots) or "-",
        )
    _check_levels(method, by_code)
    _check_tie_break(method, seen, set(roots))
    has_child = {i.parent for i in method.indicators} | {
        a.parent for a in method.aggregates if a.parent
    }
    for agg in method.aggregates:
        if agg.code not in has_child:
            raise MethodologyError(
                CompositeIssue.NO_CHILDREN, code=agg.code, field="iCode", aggregate=agg.code
            )


@dataclass(frozen=True, slots=True, eq=False)
class Tree:
    """Index form of a methodology. Nodes are the indicators (0..p-1) followed by the
    aggregates sorted by level (p..p+a-1); the root (index) is the last node."""

    ind_codes: tuple[str, ...]
    agg_codes: tuple[str, ...]
    parent: IntArray  # node -> parent node, -1 for the root
    level: IntArray
    weight: npt.NDArray[np.float64]
    children: tuple[IntArray, ...]  # per aggregate (0..a-1): child node indices
    agg_method: tuple[str, ...]
    agg_missing: tuple[object, ...]
    paths: tuple[tuple[int, ...], ...]  # per indicator: aggregate indices from parent to root

    @property
    def n_ind(self) -> int:
        return len(self.ind_codes)

    @property
    def n_agg(self) -> int:
        return len(self.agg_codes)

    @property
    def node_codes(self) -> tuple[str, ...]:
        return self.ind_codes + self.agg_codes


def compile_tree(method: Methodology) -> Tree:
    inds = method.indicators
    aggs = sorted(enumerate(method.aggregates), key=lambda t: (t[1].level, t[0]))
    agg_list = [a for _, a in aggs]
    ind_codes = tuple(i.code for i in inds)
    agg_codes = tuple(a.code for a in agg_list)
    p = len(ind_codes)
    node_index = {c: k for k, c in enumerate(ind_codes + agg_codes)}
    n_nodes = p + len(agg_codes)
    parent = np.full(n_nodes, -1, dtype=np.intp)
    level = np.ones(n_nodes, dtype=np.intp)
    weight = np.zeros(n_nodes)
    for k, ind in enumerate(inds):
        parent[k] = node_index[ind.parent]
        weight[k] = ind.weight
    for k, agg in enumerate(agg_list):
        parent[p + k] = -1 if agg.parent is None else node_index[agg.parent]
        level[p + k] = agg.level
        weight[p + k] = agg.weight
    children = tuple(np.flatnonzero(parent == p + k).astype(np.intp) for k in range(len(agg_list)))
    paths: list[tuple[int, ...]] = []
    for k in range(p):
        path: list[int] = []
        node = int(parent[k])
        while node >= 0:
            path.append(node - p)
            node = int(parent[node])
        paths.append(tuple(path))
    return Tree(
        ind_codes=ind_codes,
        agg_codes=agg_codes,
        parent=parent,
        level=level,
        weight=weight,
        children=children,
        agg_method=tuple(a.aggregation for a in agg_list),
        agg_missing=tuple(a.missing for a in agg_list),
        paths=tuple(paths),
    )
