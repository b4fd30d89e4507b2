"""Build specification: COINr's build steps in COINr's own terms, read from a TOML file.

A COINr index is built from two tables, ``iData`` and ``iMeta``, by a chain of calls
(``Denominate`` -> ``Impute`` -> ``Treat`` -> ``Normalise`` -> ``Aggregate``). The iMeta
says the tree, the directions, the weights and which denominator each indicator has; the
calls say everything else. A build specification states those calls, one TOML table per
call, with COINr's argument names, so COINr's own iData and iMeta CSVs are used
unchanged (see ``specs/asem.toml``, the ASEM example)::

    [Denominate]                       # Denominate(coin, dset = "Raw")
    dset = "Raw"
    denomby = "iMeta"                  # the iMeta's Denominator column (the only choice)
    # denoms = "WorldDenoms.csv"       # denominators from another CSV (default: iData's columns)
    # denoms_ID = "uCode"

    [Impute]                           # Impute(coin, dset = "Denominated", f_i = "i_mean_grp",
    dset = "Denominated"               #        use_group = "EurAsia_group")
    f_i = "i_mean_grp"                 # i_mean, i_median, i_mean_grp, i_median_grp
    use_group = "EurAsia_group"

    [Treat]                            # Treat(coin, dset = "Imputed", global_specs = list(...))
    dset = "Imputed"
    [Treat.global_specs]
    f1 = "winsorise"
    f1_para = { winmax = 5, skew_thresh = 2, kurt_thresh = 3.5 }
    f2 = "log_CT"                      # or "none" (COINr's f2 = NULL)
    f_pass = "check_SkewKurt"
    f_pass_para = { skew_thresh = 2, kurt_thresh = 3.5 }
    [Treat.indiv_specs]                # per indicator: "none" or a table merged on global_specs
    TIRcon = "none"

    [Normalise]                        # Normalise(coin, dset = "Treated", global_specs = ...)
    dset = "Treated"
    global_specs = { f_n = "n_minmax", f_n_para = { l_u = [0, 100] } }
                                       # n_minmax (l_u), n_zscore (m_sd), n_rank

    [Aggregate]                        # Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
    dset = "Normalised"
    f_ag = "a_amean"                   # a_amean, a_gmean
    w = "Original"                     # the iMeta weights, or a table { iCode = weight }
    # dat_thresh = 0.5                 # minimum share of children with data

The engine runs the steps in this order only, so every ``dset`` must name the data set the
previous step wrote (``Raw``, ``Denominated``, ``Imputed``, ``Treated``, ``Normalised``);
``dset`` may be left out. ``Denominate``, ``Impute`` and ``Treat`` are optional (a missing
table = the step is not called, as in COINr); ``Normalise`` and ``Aggregate`` are required.
COINr's defaults fill what a table leaves out (``Treat``: ``winmax = 5``, thresholds 2 and
3.5, ``f2 = "log_CT"``; ``"none"`` stands for R's ``NULL``). Winsorisation counts points as COINr 1.x does. Every error names
the key (``Treat.global_specs.f1_para.winmax``) and what was expected.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from akkopsi.engines.errors import Param, Place

from ._denoms import attach_denoms
from ._toml import _join, _merge, _Reader, _show
from .errors import CompositeIssue, InputFileError, MethodologyError
from .types import (
    Imputation,
    Methodology,
    MissingPolicy,
    Normalisation,
    Treatment,
)

__all__ = [
    "DSETS",
    "META_METHOD_COLUMNS",
    "BuildSpec",
    "DenominateStep",
    "attach_denoms",
    "parse_spec",
    "read_spec",
]

DSETS: tuple[str, ...] = ("Raw", "Denominated", "Imputed", "Treated", "Normalised")
"""COINr's names of the data sets, in the order the engine writes them."""

META_METHOD_COLUMNS: tuple[str, ...] = (
    "Treat",
    "WinMax",
    "Normalise",
    "Lower",
    "Upper",
    "Floor",
    "Scale",
    "Aggregation",
    "Missing",
    "MinCoverage",
    "ImputeBy",
)
"""META columns that say a method; with a build specification the spec says it instead."""

_F_I = {
    "i_mean": ("mean", False),
    "i_median": ("median", False),
    "i_mean_grp": ("mean", True),
    "i_median_grp": ("median", True),
}
_F_N = ("n_minmax", "n_zscore", "n_rank")
_F_AG = {"a_amean": "amean", "a_gmean": "gmean"}

_TREAT_DEFAULTS: dict[str, Any] = {
    "f1": "winsorise",
    "f1_para": {"winmax": 5, "skew_thresh": 2.0, "kurt_thresh": 3.5, "force_win": False},
    "f2": "log_CT",
    "f_pass": "check_SkewKurt",
    "f_pass_para": {"skew_thresh": 2.0, "kurt_thresh": 3.5},
}
_NORM_DEFAULTS: dict[str, Any] = {"f_n": "n_minmax", "f_n_para": {}}


@dataclass(frozen=True, slots=True)
class DenominateStep:
    """``Denominate``: by the iMeta's Denominator column; the denominators come from the
    data (``denoms`` None) or from the CSV ``denoms``, matched on its ``denoms_id`` column."""

    denoms: Path | None = None
    denoms_id: str = "uCode"


@dataclass(frozen=True, slots=True)
class BuildSpec:
    """A parsed build specification (see the module docstring)."""

    source: str
    name: str = ""
    denominate: DenominateStep | None = None
    imputation: Imputation = field(default_factory=Imputation)
    treat: bool = False
    treatment: Treatment = field(default_factory=Treatment)
    treat_indiv: Mapping[str, Treatment] = field(default_factory=dict)
    normalisation: Normalisation = field(default_factory=Normalisation.minmax)
    norm_indiv: Mapping[str, Normalisation] = field(default_factory=dict)
    aggregation: Literal["amean", "gmean"] = "amean"
    weights: Mapping[str, float] | None = None
    dat_thresh: float = 0.0

    def steps(self) -> tuple[str, ...]:
        out = ["Denominate"] if self.denominate is not None else []
        if self.imputation.method != "none":
            out.append("Impute")
        if self.treat:
            out.append("Treat")
        return (*out, "Normalise", "Aggregate")

    def apply(self, meta: Methodology) -> Methodology:
        """The methodology of ``meta`` (tree, directions, weights, denominators from the
        iMeta) with every step set as this specification says."""
        for step, indiv in (("Treat", self.treat_indiv), ("Normalise", self.norm_indiv)):
            unknown = sorted(set(indiv) - set(meta.indicator_codes))
            if unknown:
                raise self._error(
                    CompositeIssue.SPEC_UNKNOWN_INDICATORS,
                    f"{step}.indiv_specs.{unknown[0]}",
                    codes=", ".join(unknown),
                )
        inds = []
        for ind in meta.indicators:
            treatment = (
                self.treat_indiv.get(ind.code, self.treatment) if self.treat else Treatment()
            )
            inds.append(
                replace(
                    ind,
                    denominator=ind.denominator if self.denominate is not None else None,
                    treatment=treatment,
                    normalisation=self.norm_indiv.get(ind.code, self.normalisation),
                )
            )
        policy = MissingPolicy("reweight", min_coverage=self.dat_thresh)
        aggs = tuple(
            replace(a, aggregation=self.aggregation, missing=policy) for a in meta.aggregates
        )
        try:
            out = Methodology(
                tuple(inds), aggs, self.imputation, self.name or meta.name, meta.tie_break
            )
            if self.weights is not None:
                out = out.with_weights(self.weights)
        except MethodologyError as exc:
            key = "Aggregate.w" if self.weights else None
            raise self._error(exc.error_code, key, **exc.params) from None
        return out

    def _error(self, message: str, key: str | None, **params: Param) -> InputFileError:
        return InputFileError(message, where=Place(file=self.source, key=key), **params)


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


def _dset(r: _Reader, tab: Mapping[str, Any], step: str, expected: str) -> None:
    if "dset" not in tab:
        return
    value = tab["dset"]
    if value != expected:
        raise r.error(
            f"{step}.dset",
            CompositeIssue.SPEC_WRONG_DSET,
            expected=expected,
            value=_show(value),
            order=" -> ".join(DSETS),
        )


def _treatment(r: _Reader, specs: Mapping[str, Any], key: str) -> Treatment:
    r.keys(specs, key, ("f1", "f1_para", "f2", "f2_para", "f_pass", "f_pass_para"))
    r.text(specs, key, "f1", ("winsorise",))
    r.text(specs, key, "f_pass", ("check_SkewKurt",))
    # TOML has no NULL: f2 = "none" is COINr's f2 = NULL (no second treatment)
    fallback: Literal["log_ct", "none"] = "none"
    if r.text(specs, key, "f2", ("log_CT", "none")) == "log_CT":
        fallback = "log_ct"
    k1 = _join(key, "f1_para")
    p1 = r.table(specs["f1_para"], k1)
    r.keys(p1, k1, ("winmax", "skew_thresh", "kurt_thresh", "force_win", "na.rm"))
    r.flag(p1, k1, "force_win", False)
    r.flag(p1, k1, "na.rm", True)
    kp = _join(key, "f_pass_para")
    pp = r.table(specs["f_pass_para"], kp)
    r.keys(pp, kp, ("skew_thresh", "kurt_thresh", "na.rm"))
    r.flag(pp, kp, "na.rm", True)
    if "f2_para" in specs:
        k2 = _join(key, "f2_para")
        p2 = r.table(specs["f2_para"], k2)
        r.keys(p2, k2, ("na.rm",))
        r.flag(p2, k2, "na.rm", True)
    winmax = r.integer(p1["winmax"], _join(k1, "winmax"))
    thresholds = []
    for name in ("skew_thresh", "kurt_thresh"):
        a = r.number(p1[name], _join(k1, name))
        b = r.number(pp[name], _join(kp, name))
        if a <= 0:
            raise r.error(_join(k1, name), CompositeIssue.SPEC_NOT_POSITIVE, value=_show(p1[name]))
        if a != b:
            raise r.error(
                _join(kp, name),
                CompositeIssue.SPEC_THRESHOLD_DIFFERS,
                other=_join(k1, name),
                value=a,
            )
        thresholds.append(a)
    return Treatment(
        "winsorise",
        winmax=winmax,
        skew_thresh=thresholds[0],
        kurt_thresh=thresholds[1],
        fallback=fallback,
        count="points",
    )


def _normalisation(r: _Reader, specs: Mapping[str, Any], key: str) -> Normalisation:
    r.keys(specs, key, ("f_n", "f_n_para"))
    f_n = r.text(specs, key, "f_n", _F_N)
    kp = _join(key, "f_n_para")
    para = r.table(specs.get("f_n_para", {}), kp)
    allowed = {"n_minmax": ("l_u",), "n_zscore": ("m_sd",), "n_rank": ()}[f_n]
    r.keys(para, kp, allowed)
    if f_n == "n_rank":
        return Normalisation.rank()
    name = allowed[0]
    default = [0, 100] if f_n == "n_minmax" else [0, 1]
    pair = para.get(name, default)
    kk = _join(kp, name)
    if not isinstance(pair, list) or len(pair) != 2:
        raise r.error(kk, CompositeIssue.SPEC_NOT_PAIR, example=str(default), value=_show(pair))
    a, b = (r.number(v, kk) for v in pair)
    try:
        return Normalisation.minmax(a, b) if f_n == "n_minmax" else Normalisation.zscore(a, b)
    except MethodologyError as exc:
        raise r.error(kk, exc.error_code, **exc.params) from None


def _denominate(
    r: _Reader, doc: Mapping[str, Any], previous: str, base: Path | None
) -> tuple[DenominateStep | None, str]:
    """``[Denominate]`` (optional): the step and the data set it writes."""
    if "Denominate" not in doc:
        return None, previous
    tab = r.table(doc["Denominate"], "Denominate")
    r.keys(tab, "Denominate", ("dset", "denomby", "denoms", "denoms_ID"))
    _dset(r, tab, "Denominate", previous)
    if "denomby" in tab:
        r.text(tab, "Denominate", "denomby", ("iMeta",))
    denoms: Path | None = None
    if "denoms" in tab:
        text = r.text(tab, "Denominate", "denoms", ())
        denoms = Path(text) if base is None else base / text
    denoms_id = "uCode"
    if "denoms_ID" in tab:
        denoms_id = r.text(tab, "Denominate", "denoms_ID", ())
    return DenominateStep(denoms, denoms_id), "Denominated"


def _impute(r: _Reader, doc: Mapping[str, Any], previous: str) -> tuple[Imputation, str]:
    """``[Impute]`` (optional)."""
    if "Impute" not in doc:
        return Imputation(), previous
    tab = r.table(doc["Impute"], "Impute")
    r.keys(tab, "Impute", ("dset", "f_i", "use_group", "impute_by"))
    _dset(r, tab, "Impute", previous)
    if "f_i" not in tab:
        raise r.error("Impute.f_i", CompositeIssue.SPEC_REQUIRED_CHOICE, choices=", ".join(_F_I))
    f_i = r.text(tab, "Impute", "f_i", tuple(_F_I))
    if "impute_by" in tab:
        r.text(tab, "Impute", "impute_by", ("column",))
    method, by_group = _F_I[f_i]
    group = None
    if by_group:
        if "use_group" not in tab:
            raise r.error(
                "Impute.use_group",
                CompositeIssue.SPEC_GROUP_REQUIRED,
                method=f_i,
            )
        group = r.text(tab, "Impute", "use_group", ())
    elif "use_group" in tab:
        raise r.error("Impute.use_group", CompositeIssue.SPEC_GROUP_UNUSED, method=f_i)
    return Imputation(method, group), "Imputed"  # type: ignore[arg-type]


def _treat(
    r: _Reader, doc: Mapping[str, Any], previous: str
) -> tuple[Treatment | None, dict[str, Treatment], str]:
    """``[Treat]`` (optional): the global treatment (``None`` = no step), per indicator."""
    if "Treat" not in doc:
        return None, {}, previous
    tab = r.table(doc["Treat"], "Treat")
    r.keys(tab, "Treat", ("dset", "global_specs", "indiv_specs", "combine_treat"))
    _dset(r, tab, "Treat", previous)
    r.flag(tab, "Treat", "combine_treat", False)
    specs = _merge(_TREAT_DEFAULTS, r.table(tab.get("global_specs", {}), "Treat.global_specs"))
    treatment = _treatment(r, specs, "Treat.global_specs")
    treat_indiv: dict[str, Treatment] = {}
    indiv = r.table(tab.get("indiv_specs", {}), "Treat.indiv_specs")
    for code, value in indiv.items():
        key = f"Treat.indiv_specs.{code}"
        if value == "none":
            treat_indiv[code] = Treatment()
        elif isinstance(value, dict):
            treat_indiv[code] = _treatment(r, _merge(specs, value), key)
        else:
            raise r.error(key, CompositeIssue.SPEC_NONE_OR_TABLE, value=_show(value))
    return treatment, treat_indiv, "Treated"


def _normalise(
    r: _Reader, doc: Mapping[str, Any], previous: str
) -> tuple[Normalisation, dict[str, Normalisation]]:
    """``[Normalise]`` (required): the global normalisation and per indicator."""
    tab = r.table(doc["Normalise"], "Normalise")
    r.keys(tab, "Normalise", ("dset", "global_specs", "indiv_specs"))
    _dset(r, tab, "Normalise", previous)
    nspecs = _merge(_NORM_DEFAULTS, r.table(tab.get("global_specs", {}), "Normalise.global_specs"))
    normalisation = _normalisation(r, nspecs, "Normalise.global_specs")
    norm_indiv: dict[str, Normalisation] = {}
    for code, value in r.table(tab.get("indiv_specs", {}), "Normalise.indiv_specs").items():
        key = f"Normalise.indiv_specs.{code}"
        norm_indiv[code] = _normalisation(r, _merge(nspecs, r.table(value, key)), key)
    return normalisation, norm_indiv


def _aggregate(r: _Reader, doc: Mapping[str, Any]) -> tuple[str, dict[str, float] | None, float]:
    """``[Aggregate]`` (required): the mean, the weights (``None`` = iMeta's), the threshold."""
    tab = r.table(doc["Aggregate"], "Aggregate")
    r.keys(tab, "Aggregate", ("dset", "f_ag", "w", "dat_thresh"))
    _dset(r, tab, "Aggregate", "Normalised")
    aggregation = "amean"
    if "f_ag" in tab:
        aggregation = _F_AG[r.text(tab, "Aggregate", "f_ag", tuple(_F_AG))]
    weights: dict[str, float] | None = None
    if "w" in tab:
        w = tab["w"]
        if isinstance(w, dict):
            weights = {str(k): r.number(v, f"Aggregate.w.{k}", lo=0.0) for k, v in w.items()}
        elif w != "Original":
            raise r.error(
                "Aggregate.w",
                CompositeIssue.SPEC_WEIGHTS,
                value=_show(w),
            )
    dat_thresh = 0.0
    if "dat_thresh" in tab:
        dat_thresh = r.number(tab["dat_thresh"], "Aggregate.dat_thresh", lo=0.0)
        if dat_thresh > 1:
            raise r.error("Aggregate.dat_thresh", CompositeIssue.SPEC_BETWEEN_0_1, value=dat_thresh)
    return aggregation, weights, dat_thresh


def parse_spec(doc: Mapping[str, Any], source: str = "spec", base: Path | None = None) -> BuildSpec:
    """Build a :class:`BuildSpec` from a parsed TOML document; ``source`` names the file
    in messages and ``base`` is the folder relative paths (``denoms``) are read from."""
    r = _Reader(source)
    r.keys(doc, "", ("name", "Denominate", "Impute", "Treat", "Normalise", "Aggregate"))
    name = ""
    if "name" in doc:
        name = r.text(doc, "", "name", ())
    for required in ("Normalise", "Aggregate"):
        if required not in doc:
            raise InputFileError(CompositeIssue.SPEC_TABLE_REQUIRED, where=source, table=required)
    denominate, previous = _denominate(r, doc, "Raw", base)
    imputation, previous = _impute(r, doc, previous)
    treatment, treat_indiv, previous = _treat(r, doc, previous)
    normalisation, norm_indiv = _normalise(r, doc, previous)
    aggregation, weights, dat_thresh = _aggregate(r, doc)
    return BuildSpec(
        source=source,
        name=name,
        denominate=denominate,
        imputation=imputation,
        treat=treatment is not None,
        treatment=treatment if treatment is not None else Treatment(),
        treat_indiv=treat_indiv,
        normalisation=normalisation,
        norm_indiv=norm_indiv,
        aggregation=aggregation,  # type: ignore[arg-type]
        weights=weights,
        dat_thresh=dat_thresh,
    )


def read_spec(path: str | os.PathLike[str]) -> BuildSpec:
    """Read a build specification (TOML); relative paths in it are relative to its folder."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(CompositeIssue.FILE_NOT_FOUND, where=str(p)) from None
    except UnicodeDecodeError:
        raise InputFileError(CompositeIssue.FILE_NOT_UTF8, where=str(p)) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputFileError(CompositeIssue.TOML_INVALID, where=p.name, error=str(exc)) from None
    return parse_spec(doc, p.name, p.parent)
