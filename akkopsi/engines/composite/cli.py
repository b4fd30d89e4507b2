"""Command-line core: ``python -m akkopsi.engines.composite.cli --data DATA.csv --meta
META.csv --out RESULTS.csv [--spec SPEC.toml] [--uncertainty N --seed S --noise F]``.

With ``--spec`` the build steps (denominate, impute, treat, normalise, aggregate) come from
a build specification in COINr's terms (:mod:`.spec`), and DATA and META are COINr's iData
and iMeta as they are; without it the method columns of META say them.

Exit codes: 0 success, 2 bad input (the message names file, row and column) or bad
arguments. On any error no output file is written.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from akkopsi.engines.errors import EngineError

from ._compute import compute
from ._uncertainty import uncertainty
from .errors import CompositeIssue, InputFileError
from .io import read_data, read_meta, write_results
from .spec import META_METHOD_COLUMNS, BuildSpec, attach_denoms, read_spec
from .types import (
    CompositeResult,
    IndicatorTable,
    Methodology,
    UncertaintyResult,
    UncertaintySpec,
)

__all__ = ["default_uncertainty_spec", "load", "main", "run", "summary"]


def default_uncertainty_spec(method: Methodology, noise: float = 0.25) -> UncertaintySpec:
    """The command line's uncertainty: +-``noise`` uniform noise on the weights of every
    level below the index (COINr's vignette uses 25 %)."""
    top = max(a.level for a in method.aggregates)
    return UncertaintySpec(weight_noise=tuple((lv, noise) for lv in range(1, top)))


def _meta_header(meta_path: str | Path) -> list[str]:
    with Path(meta_path).open(encoding="utf-8-sig", newline="") as fh:
        return [h.strip() for h in next(csv.reader(fh), [])]


def load(
    data_path: str | Path, meta_path: str | Path, spec_path: str | Path | None = None
) -> tuple[IndicatorTable, Methodology, BuildSpec | None]:
    """Read DATA and META (and the build specification, when given) into the engine's
    table and methodology. With a specification, META must not carry method columns
    (the specification says the method; two places would contradict each other)."""
    if spec_path is None:
        method = read_meta(meta_path)
        return read_data(data_path, method), method, None
    spec = read_spec(spec_path)
    meta = read_meta(meta_path)
    clash = [c for c in _meta_header(meta_path) if c in META_METHOD_COLUMNS]
    if clash:
        raise InputFileError(
            CompositeIssue.METHOD_COLUMNS_WITH_SPEC,
            where=f"{Path(meta_path).name} baris 1",
            columns=", ".join(clash),
        )
    method = spec.apply(meta)
    if spec.denominate is not None and spec.denominate.denoms is not None:
        bare = Methodology(
            tuple(replace(i, denominator=None) for i in method.indicators),
            method.aggregates,
            method.imputation,
            method.name,
            method.tie_break,
        )
        data = attach_denoms(read_data(data_path, bare), spec.denominate, method)
    else:
        data = read_data(data_path, method)
    return data, method, spec


def summary(result: CompositeResult, spec: BuildSpec | None) -> list[str]:
    """The lines the command prints about a run with a build specification: each step in
    COINr's terms with what it did, then the top three units (empty without a spec)."""
    if spec is None:
        return []
    method = result.methodology
    parts: list[str] = []
    if spec.denominate is not None:
        n_den = sum(1 for i in method.indicators if i.denominator is not None)
        parts.append(f"Denominate {n_den} indikator")
    imp = method.imputation
    if imp.method != "none":
        filled = int((np.isnan(result.denominated) & ~np.isnan(result.imputed)).sum())
        f_i = f"i_{imp.method}" + (f"_grp ({imp.group})" if imp.group else "")
        parts.append(f"Impute {f_i}: {filled} nilai diisi")
    if spec.treat:
        wins = sum(1 for t in result.treatment if t.winsorised_low + t.winsorised_high > 0)
        logs = sum(1 for t in result.treatment if t.log_applied)
        parts.append(
            f"Treat winsorise (winmax {spec.treatment.winmax}): {wins} indikator, log_CT: {logs}"
        )
    norm = spec.normalisation
    if norm.method == "minmax":
        parts.append(f"Normalise n_minmax [{norm.lower:g}, {norm.upper:g}]")
    elif norm.method == "zscore":
        parts.append(f"Normalise n_zscore [{norm.mean:g}, {norm.sd:g}]")
    else:
        parts.append("Normalise n_rank")
    parts.append(f"Aggregate a_{spec.aggregation}")
    order = np.argsort(result.index_ranks, kind="stable")[:3]
    top = ", ".join(f"{result.units[i]} {result.index_scores[i]:.2f}" for i in order)
    return [f"{spec.source}: " + "; ".join(parts), f"3 teratas: {top}"]


def run(
    data_path: str | Path,
    meta_path: str | Path,
    out_path: str | Path,
    *,
    spec_path: str | Path | None = None,
    replications: int | None = None,
    seed: int = 1,
    noise: float = 0.25,
) -> tuple[CompositeResult, UncertaintyResult | None]:
    """Read, compute, optionally run the uncertainty analysis, write RESULTS; raises
    :class:`EngineError` subclasses on bad input (nothing is written then)."""
    data, method, _spec = load(data_path, meta_path, spec_path)
    result = compute(data, method)
    ua = None
    if replications:
        ua = uncertainty(data, method, default_uncertainty_spec(method, noise), replications, seed)
    write_results(out_path, result, ua)
    return result, ua


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m akkopsi.engines.composite.cli",
        description="Hitung indeks komposit dari DATA dan META (CSV), tulis RESULTS (CSV).",
    )
    ap.add_argument(
        "--data", required=True, help="CSV data: uCode, [uName], satu kolom per indikator"
    )
    ap.add_argument(
        "--meta", required=True, help="CSV metodologi (kolom iMeta COINr + kolom metode)"
    )
    ap.add_argument("--out", required=True, help="CSV hasil yang akan ditulis")
    ap.add_argument(
        "--spec",
        default=None,
        metavar="SPEC.toml",
        help="spesifikasi pembangunan indeks dalam istilah COINr (Denominate, Impute, Treat, "
        "Normalise, Aggregate); DATA dan META = iData dan iMeta COINr apa adanya",
    )
    ap.add_argument(
        "--uncertainty",
        type=int,
        default=None,
        metavar="N",
        help="jumlah replikasi analisis ketidakpastian",
    )
    ap.add_argument("--seed", type=int, default=1, metavar="S", help="benih acak (default 1)")
    ap.add_argument(
        "--noise", type=float, default=0.25, metavar="F", help="derau bobot +-F (default 0.25)"
    )
    return ap


def main(argv: list[str] | None = None, describe: Callable[[EngineError], str] = str) -> int:
    """Run the command line; ``describe`` words an engine error (English by default; the
    ``composite`` management command passes the awards' translation)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if args.uncertainty is not None and args.uncertainty < 1:
        print("galat: --uncertainty harus >= 1", file=sys.stderr)
        return 2
    try:
        result, ua = run(
            args.data,
            args.meta,
            args.out,
            spec_path=args.spec,
            replications=args.uncertainty,
            seed=args.seed,
            noise=args.noise,
        )
    except EngineError as exc:
        print(f"galat: {describe(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"galat: berkas tidak dapat dibaca/ditulis: {exc}", file=sys.stderr)
        return 2
    for line in summary(result, read_spec(args.spec) if args.spec else None):
        print(line)
    extra = f", ketidakpastian {ua.n} replikasi (seed {ua.seed})" if ua is not None else ""
    print(
        f"{len(result.units)} unit, indeks {result.index_code}; hasil ditulis ke {args.out}{extra}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
