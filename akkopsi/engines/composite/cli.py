"""Command-line core: ``python -m akkopsi.engines.composite.cli --data DATA.csv --meta
META.csv --out RESULTS.csv [--uncertainty N --seed S --noise F]``.

Exit codes: 0 success, 2 bad input (the message names file, row and column) or bad
arguments. On any error no output file is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from akkopsi.engines.errors import EngineError

from ._compute import compute
from ._uncertainty import uncertainty
from .io import read_data, read_meta, write_results
from .types import CompositeResult, Methodology, UncertaintyResult, UncertaintySpec

__all__ = ["default_uncertainty_spec", "main", "run"]


def default_uncertainty_spec(method: Methodology, noise: float = 0.25) -> UncertaintySpec:
    """The command line's uncertainty: +-``noise`` uniform noise on the weights of every
    level below the index (COINr's vignette uses 25 %)."""
    top = max(a.level for a in method.aggregates)
    return UncertaintySpec(weight_noise=tuple((lv, noise) for lv in range(1, top)))


def run(
    data_path: str | Path,
    meta_path: str | Path,
    out_path: str | Path,
    *,
    replications: int | None = None,
    seed: int = 1,
    noise: float = 0.25,
) -> tuple[CompositeResult, UncertaintyResult | None]:
    """Read, compute, optionally run the uncertainty analysis, write RESULTS; raises
    :class:`EngineError` subclasses on bad input (nothing is written then)."""
    method = read_meta(meta_path)
    data = read_data(data_path, method)
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


def main(argv: list[str] | None = None) -> int:
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
            replications=args.uncertainty,
            seed=args.seed,
            noise=args.noise,
        )
    except EngineError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"galat: berkas tidak dapat dibaca/ditulis: {exc}", file=sys.stderr)
        return 2
    extra = f", ketidakpastian {ua.n} replikasi (seed {ua.seed})" if ua is not None else ""
    print(
        f"{len(result.units)} unit, indeks {result.index_code}; hasil ditulis ke {args.out}{extra}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
