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

from akkopsi.engines.errors import EngineError, EngineProblem, Param, Place

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
            where=Place(file=Path(meta_path).name, row=1),
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


Speak = Callable[[EngineProblem], str]
"""Words a line of the command (English by default; the ``composite`` management command
passes the awards' translation)."""


def _english(problem: EngineProblem) -> str:
    return problem.message


def _say(speak: Speak, issue: CompositeIssue, **params: Param) -> str:
    return speak(EngineProblem(issue, params))


def summary(result: CompositeResult, spec: BuildSpec | None, speak: Speak = _english) -> list[str]:
    """The lines the command prints about a run with a build specification: each step in
    COINr's terms with what it did, then the top three units (empty without a spec)."""
    if spec is None:
        return []
    method = result.methodology
    parts: list[str] = []
    if spec.denominate is not None:
        n_den = sum(1 for i in method.indicators if i.denominator is not None)
        parts.append(_say(speak, CompositeIssue.SUMMARY_DENOMINATE, count=n_den))
    imp = method.imputation
    if imp.method != "none":
        filled = int((np.isnan(result.denominated) & ~np.isnan(result.imputed)).sum())
        f_i = f"i_{imp.method}" + (f"_grp ({imp.group})" if imp.group else "")
        parts.append(_say(speak, CompositeIssue.SUMMARY_IMPUTE, method=f_i, count=filled))
    if spec.treat:
        wins = sum(1 for t in result.treatment if t.winsorised_low + t.winsorised_high > 0)
        logs = sum(1 for t in result.treatment if t.log_applied)
        winmax = spec.treatment.winmax
        parts.append(
            _say(speak, CompositeIssue.SUMMARY_TREAT, winmax=winmax, count=wins, logs=logs)
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
    return [
        f"{spec.source}: " + "; ".join(parts),
        _say(speak, CompositeIssue.SUMMARY_TOP, units=top),
    ]


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
        description="Compute a composite index from DATA and META (CSV), write RESULTS (CSV).",
    )
    ap.add_argument(
        "--data", required=True, help="CSV data: uCode, [uName], one column per indicator"
    )
    ap.add_argument(
        "--meta", required=True, help="CSV methodology (COINr iMeta columns + method columns)"
    )
    ap.add_argument("--out", required=True, help="CSV of results to write")
    ap.add_argument(
        "--spec",
        default=None,
        metavar="SPEC.toml",
        help="the build specification of the index in COINr's terms (Denominate, Impute, "
        "Treat, Normalise, Aggregate); DATA and META = COINr's iData and iMeta as they are",
    )
    ap.add_argument(
        "--uncertainty",
        type=int,
        default=None,
        metavar="N",
        help="number of replications of the uncertainty analysis",
    )
    ap.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    ap.add_argument(
        "--noise", type=float, default=0.25, metavar="F", help="weight noise +-F (default 0.25)"
    )
    return ap


def main(
    argv: list[str] | None = None,
    describe: Callable[[EngineError], str] = str,
    speak: Speak = _english,
) -> int:
    """Run the command line; ``describe`` words an engine error and ``speak`` every other
    line (English by default; the ``composite`` management command passes the awards'
    translation)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if args.uncertainty is not None and args.uncertainty < 1:
        too_small = _say(speak, CompositeIssue.CLI_UNCERTAINTY_TOO_SMALL)
        print(_say(speak, CompositeIssue.CLI_ERROR, message=too_small), file=sys.stderr)
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
        print(_say(speak, CompositeIssue.CLI_ERROR, message=describe(exc)), file=sys.stderr)
        return 2
    except OSError as exc:
        io_error = _say(speak, CompositeIssue.CLI_FILE_IO, error=str(exc))
        print(_say(speak, CompositeIssue.CLI_ERROR, message=io_error), file=sys.stderr)
        return 2
    for line in summary(result, read_spec(args.spec) if args.spec else None, speak):
        print(line)
    done: dict[str, Param] = {
        "units": len(result.units),
        "index": result.index_code,
        "out": str(args.out),
    }
    if ua is None:
        print(_say(speak, CompositeIssue.SUMMARY_DONE, **done))
    else:
        print(_say(speak, CompositeIssue.SUMMARY_DONE_UNCERTAIN, **done, n=ua.n, seed=ua.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
