"""Per-indicator pipeline: denominate -> impute -> transform -> treat -> normalise.

:func:`prepare` checks the data against the methodology once; :func:`column` runs the
pipeline of one indicator on a (batch, units) array of raw values, so that alternatives
(uncertainty) and hypothetical changes (what would it take) reuse the same code.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from ._normalise import normalise, stable_nanmean, transform
from ._treat import kurtosis, skewness, treat
from ._tree import Tree, compile_tree
from .errors import CompositeIssue, DataError, DomainError
from .types import (
    FloatArray,
    Imputation,
    Indicator,
    IndicatorTable,
    Methodology,
    Normalisation,
    Treatment,
    TreatmentRecord,
)

IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True, eq=False)
class Prepared:
    data: IndicatorTable
    method: Methodology
    tree: Tree
    raw: FloatArray  # units x indicators, original values
    den: FloatArray  # units x indicators, denominator (1 where none)
    groups: dict[str, IntArray]  # group column -> integer label per unit


@dataclass(frozen=True, slots=True, eq=False)
class Stages:
    denominated: FloatArray
    imputed: FloatArray
    treated: FloatArray
    normalised: FloatArray
    n_low: npt.NDArray[np.int64]
    n_high: npt.NDArray[np.int64]
    logged: npt.NDArray[np.bool_]


def _group_labels(data: IndicatorTable, name: str, where: str) -> IntArray:
    if name not in data.groups:
        raise DataError(CompositeIssue.GROUP_COLUMN_MISSING, column=name, where=where)
    _, inv = np.unique(np.asarray(data.groups[name], dtype=object).astype(str), return_inverse=True)
    out: IntArray = inv.astype(np.intp)
    return out


def prepare(data: IndicatorTable, method: Methodology) -> Prepared:
    tree = compile_tree(method)
    n = data.n_units
    if n == 0:
        raise DataError(CompositeIssue.NO_UNITS)
    cols = {c: j for j, c in enumerate(data.columns)}
    raw = np.empty((n, tree.n_ind))
    den = np.ones((n, tree.n_ind))
    for k, ind in enumerate(method.indicators):
        if ind.code not in cols:
            raise DataError(CompositeIssue.INDICATOR_COLUMN_MISSING, column=ind.code)
        raw[:, k] = data.values[:, cols[ind.code]]
        if ind.denominator is not None:
            if ind.denominator not in cols:
                raise DataError(
                    CompositeIssue.DENOMINATOR_COLUMN_MISSING,
                    column=ind.denominator,
                    indicator=ind.code,
                )
            d = data.values[:, cols[ind.denominator]]
            zero = d == 0
            if zero.any():
                unit = data.units[int(np.flatnonzero(zero)[0])]
                raise DomainError(
                    CompositeIssue.ZERO_DENOMINATOR,
                    denominator=ind.denominator,
                    unit=unit,
                    where=f"indikator {ind.code}, unit {unit}",
                )
            den[:, k] = d
    groups: dict[str, IntArray] = {}
    wanted = [method.imputation.group] + [a.missing.group for a in method.aggregates]
    for g in wanted:
        if g is not None and g not in groups:
            groups[g] = _group_labels(data, g, "metodologi")
    raw.flags.writeable = False
    den.flags.writeable = False
    return Prepared(data, method, tree, raw, den, groups)


def group_labels(prep: Prepared, name: str | None) -> IntArray | None:
    if name is None:
        return None
    if name not in prep.groups:
        prep.groups[name] = _group_labels(prep.data, name, "spesifikasi")
    return prep.groups[name]


def impute(x: FloatArray, method: str, labels: IntArray | None) -> FloatArray:
    """COINr ``i_mean``/``i_median`` (and ``*_grp`` with ``labels``) along the last axis."""
    if method == "none" or not np.isnan(x).any():
        return x
    out = np.array(x, copy=True)
    lab = np.zeros(x.shape[-1], dtype=np.intp) if labels is None else labels
    for g in np.unique(lab):
        m = lab == g
        vals = out[..., m]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            fill = (
                stable_nanmean(vals, keepdims=True)
                if method == "mean"
                else np.nanmedian(vals, axis=-1, keepdims=True)
            )
        out[..., m] = np.where(np.isnan(vals), fill, vals)
    return out


def column(
    prep: Prepared,
    k: int,
    raw: FloatArray,
    *,
    imputation: Imputation,
    treatment: Treatment | None = None,
    normalisation: Normalisation | None = None,
) -> Stages:
    """Run indicator ``k``'s pipeline on ``raw`` (shape (..., units))."""
    ind: Indicator = prep.method.indicators[k]
    units = prep.data.units
    with np.errstate(all="ignore"):
        den = raw / prep.den[:, k]
    imp = impute(den, imputation.method, group_labels(prep, imputation.group))
    tr = transform(imp, ind.transform, code=ind.code, units=units)
    treated, n_low, n_high, logged = treat(tr, ind.treatment if treatment is None else treatment)
    norm = ind.normalisation if normalisation is None else normalisation
    normed = normalise(treated, norm, ind.direction, ind.transform, code=ind.code)
    return Stages(den, imp, treated, normed, n_low, n_high, logged)


def all_columns(
    prep: Prepared,
    *,
    imputation: Imputation | None = None,
    winmax: int | None = None,
    normalisation: Normalisation | None = None,
) -> tuple[Stages, tuple[TreatmentRecord, ...]]:
    """Stages of every indicator (units x indicators) plus the treatment records."""
    imp_spec = prep.method.imputation if imputation is None else imputation
    p = prep.tree.n_ind
    n = prep.data.n_units
    arrays = {
        name: np.empty((n, p)) for name in ("denominated", "imputed", "treated", "normalised")
    }
    n_low = np.zeros(p, dtype=np.int64)
    n_high = np.zeros(p, dtype=np.int64)
    logged = np.zeros(p, dtype=bool)
    records: list[TreatmentRecord] = []
    for k, ind in enumerate(prep.method.indicators):
        spec = ind.treatment
        if winmax is not None and spec.method == "winsorise":
            spec = replace(spec, winmax=winmax)
        st = column(
            prep,
            k,
            prep.raw[:, k],
            imputation=imp_spec,
            treatment=spec,
            normalisation=normalisation,
        )
        arrays["denominated"][:, k] = st.denominated
        arrays["imputed"][:, k] = st.imputed
        arrays["treated"][:, k] = st.treated
        arrays["normalised"][:, k] = st.normalised
        n_low[k], n_high[k], logged[k] = int(st.n_low), int(st.n_high), bool(st.logged)
        if spec.method != "none":
            before = transform(st.imputed, ind.transform, code=ind.code, units=prep.data.units)
            records.append(
                TreatmentRecord(
                    ind.code,
                    int(st.n_low),
                    int(st.n_high),
                    bool(st.logged),
                    float(skewness(before)),
                    float(kurtosis(before)),
                    float(skewness(st.treated)),
                    float(kurtosis(st.treated)),
                )
            )
    stages = Stages(
        arrays["denominated"],
        arrays["imputed"],
        arrays["treated"],
        arrays["normalised"],
        n_low,
        n_high,
        logged,
    )
    return stages, tuple(records)
