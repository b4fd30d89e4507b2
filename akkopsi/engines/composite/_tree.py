"""Validation of a methodology tree and its compiled, index-based form."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .errors import MethodologyError

if TYPE_CHECKING:
    from .types import Aggregate, Indicator, Methodology

IntArray = npt.NDArray[np.intp]


def _check_weight(code: str, weight: float) -> None:
    if not isinstance(weight, int | float) or not math.isfinite(weight) or weight <= 0:
        raise MethodologyError(
            f"bobot harus angka positif (> 0), didapat {weight!r}", code=code, field="Weight"
        )


def _check_indicator(ind: Indicator, agg_codes: set[str]) -> None:
    if not ind.code.strip():
        raise MethodologyError("kode indikator kosong", field="iCode")
    if ind.direction not in (1, -1):
        raise MethodologyError(
            f"arah (Direction) harus 1 atau -1, didapat {ind.direction!r}",
            code=ind.code,
            field="Direction",
        )
    _check_weight(ind.code, ind.weight)
    if ind.parent not in agg_codes:
        raise MethodologyError(
            f"induk (Parent) '{ind.parent}' tidak dikenal: bukan kode agregat",
            code=ind.code,
            field="Parent",
        )
    if ind.transform not in ("none", "ln", "log_ct"):
        raise MethodologyError(
            f"transformasi '{ind.transform}' tidak dikenal; pilihan: none, log, ln, log_ct",
            code=ind.code,
            field="Transform",
        )
    if ind.denominator is not None and ind.denominator == ind.code:
        raise MethodologyError(
            "indikator tidak boleh menjadi penyebutnya sendiri", code=ind.code, field="Denominator"
        )
    norm = ind.normalisation
    fixed_scale = norm.method in ("goalposts", "dist2targ")
    if fixed_scale and ind.transform == "log_ct":
        raise MethodologyError(
            "transformasi log_ct bergantung pada data sehingga tidak cocok dengan goalposts/target "
            "tetap; gunakan log biasa (ln)",
            code=ind.code,
            field="Transform",
        )
    if fixed_scale and ind.treatment.method == "winsorise" and ind.treatment.fallback == "log_ct":
        raise MethodologyError(
            "winsorisasi dengan cadangan log_ct tidak cocok dengan goalposts/target tetap",
            code=ind.code,
            field="Treat",
        )
    if ind.transform == "ln":
        posts = [norm.lower, norm.upper] if norm.method == "goalposts" else []
        if norm.method == "dist2targ":
            posts = [norm.target]
        for p in posts:
            if p is not None and p <= 0:
                raise MethodologyError(
                    f"transformasi log memerlukan goalpost/target > 0, didapat {p:g}",
                    code=ind.code,
                    field="Lower",
                )
    lo, hi = ind.bounds
    if lo is not None and hi is not None and lo >= hi:
        raise MethodologyError("batas nilai bawah harus lebih kecil dari batas atas", code=ind.code)


def _check_aggregate(agg: Aggregate, agg_codes: set[str]) -> None:
    if not agg.code.strip():
        raise MethodologyError("kode agregat kosong", field="iCode")
    if not isinstance(agg.level, int) or agg.level < 2:
        raise MethodologyError(
            f"level agregat harus bilangan bulat >= 2, didapat {agg.level!r}",
            code=agg.code,
            field="Level",
        )
    _check_weight(agg.code, agg.weight)
    if agg.parent is not None and agg.parent not in agg_codes:
        raise MethodologyError(
            f"induk (Parent) '{agg.parent}' tidak dikenal: bukan kode agregat",
            code=agg.code,
            field="Parent",
        )
    if agg.aggregation not in ("amean", "gmean"):
        raise MethodologyError(
            f"metode agregasi '{agg.aggregation}' tidak dikenal; pilihan: amean, gmean",
            code=agg.code,
            field="Aggregation",
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
                    f"struktur metodologi membentuk siklus: {loop}", code=agg.code, field="Parent"
                )
            chain.append(cur.parent)
            cur = by_code[cur.parent]


def _check_levels(method: Methodology, by_code: dict[str, Aggregate]) -> None:
    """A child sits exactly one level below its parent (COINr)."""
    for ind in method.indicators:
        if by_code[ind.parent].level != 2:
            raise MethodologyError(
                f"induk indikator harus agregat Level 2, tetapi '{ind.parent}' ada di Level "
                f"{by_code[ind.parent].level}",
                code=ind.code,
                field="Parent",
            )
    for agg in method.aggregates:
        if agg.parent is not None and by_code[agg.parent].level != agg.level + 1:
            raise MethodologyError(
                f"induk '{agg.parent}' (Level {by_code[agg.parent].level}) harus tepat satu level "
                f"di atas '{agg.code}' (Level {agg.level})",
                code=agg.code,
                field="Parent",
            )


def _check_tie_break(method: Methodology, codes: set[str], roots: set[str]) -> None:
    for k, code in enumerate(method.tie_break):
        if code not in codes or code in roots:
            raise MethodologyError(
                f"kode pemecah seri '{code}' bukan indikator atau agregat di bawah indeks",
                code=code,
                field="TieBreak",
            )
        if code in method.tie_break[:k]:
            raise MethodologyError(
                f"kode pemecah seri '{code}' disebut dua kali", code=code, field="TieBreak"
            )


def _unique_codes(method: Methodology) -> set[str]:
    seen: set[str] = set()
    for code in [i.code for i in method.indicators] + [a.code for a in method.aggregates]:
        if code in seen:
            raise MethodologyError(f"kode '{code}' ganda", code=code, field="iCode")
        seen.add(code)
    return seen


def validate_methodology(method: Methodology) -> None:
    """Raise :class:`MethodologyError` on the first fault found."""
    if not method.indicators:
        raise MethodologyError("metodologi tidak memiliki indikator (Level 1)")
    if not method.aggregates:
        raise MethodologyError("metodologi tidak memiliki agregat (Level >= 2)")
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
            "metodologi harus memiliki tepat satu agregat puncak (tanpa Parent), didapat "
            f"{len(roots)}: {', '.join(roots) or '-'}",
            field="Parent",
        )
    _check_levels(method, by_code)
    _check_tie_break(method, seen, set(roots))
    has_child = {i.parent for i in method.indicators} | {
        a.parent for a in method.aggregates if a.parent
    }
    for agg in method.aggregates:
        if agg.code not in has_child:
            raise MethodologyError(
                f"agregat '{agg.code}' tidak memiliki anak", code=agg.code, field="iCode"
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
