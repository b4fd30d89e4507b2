"""Check the engine against published indices (reads ``../shared/data`` when present).

``python -m akkopsi.engines.composite.reference --data-dir ../shared/data``

(a) BPS IPM (metode baru): recompute every kabupaten/kota IPM 2016-2021 from its four
    components with :func:`ipm_methodology`; target: every error within 0.01.
(b) COINr's ASEM example (``ASEM_COIN``, built by COINr 0.6 ``build_ASEM()``): COINr's
    iData and iMeta as they are, through the build specification ``specs/asem.toml``
    (denominate per iMeta, impute by the EurAsia group mean, winsorise up to 6 points else
    log_CT, min-max 0-100, arithmetic means) by the code ``akkopsi composite --spec`` runs;
    every stage is compared with COINr's stored data set, the treatment with its
    TreatSummary and every rank with AggregatesRank; target: the index within 1e-6 of
    COINr's and every rank identical. ``--asem-results`` also checks the command's output.

Exit status 0 when both targets are met or the data directory is absent, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._compute import compute, ranks_by_column
from ._ipm import ipm_methodology
from .cli import load
from .types import CompositeResult, FloatArray, IndicatorTable

__all__ = [
    "ASEM_SPEC",
    "StageDiff",
    "build_asem",
    "check_asem",
    "check_ipm",
    "compare_stages",
    "main",
    "rank_mismatches",
    "relabelled_old_input",
    "treatment_mismatches",
]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(text: str) -> float:
    return math.nan if text.strip() in ("", "NA") else float(text)


# ---------------------------------------------------------------------------------------------
# (a) IPM
# ---------------------------------------------------------------------------------------------


def check_ipm(data_dir: Path, tol: float = 0.01) -> bool:
    rows = _read(data_dir / "ipm_kabkota_2010_2021.csv")
    method = ipm_methodology()
    errors: list[tuple[float, str, str, int, float, float]] = []
    old: list[float] = []
    for year in sorted({int(r["tahun"]) for r in rows}):
        sel = [r for r in rows if int(r["tahun"]) == year]
        sel = [
            r for r in sel if all(r[c] for c in ("uhh", "hls", "rls", "pengeluaran_ribu_rp", "ipm"))
        ]
        table = IndicatorTable.from_columns(
            [r["kode"] for r in sel],
            {
                "UHH": [float(r["uhh"]) for r in sel],
                "HLS": [float(r["hls"]) for r in sel],
                "RLS": [float(r["rls"]) for r in sel],
                "PENGELUARAN": [float(r["pengeluaran_ribu_rp"]) for r in sel],
            },
        )
        got = compute(table, method).index_scores
        for r, g in zip(sel, got, strict=True):
            err = abs(float(g) - float(r["ipm"]))
            if year >= 2016:
                errors.append((err, r["kode"], r["kabkota_bps"], year, float(g), float(r["ipm"])))
            else:
                old.append(err)
    errors.sort(reverse=True)
    worst = errors[0][0] if errors else math.nan
    over = sum(1 for e in errors if e[0] > tol)
    print("== (a) BPS IPM kabupaten/kota 2016-2021")
    print(f"rows recomputed: {len(errors)}; max |error| = {worst:.4f}; rows over {tol}: {over}")
    print(
        f"rounded to 2 decimals, equal to the published IPM: {sum(1 for e in errors if round(e[4], 2) == e[5])}"
    )
    for err, kode, name, year, got_v, pub in errors[:5]:
        print(f"  {kode} {name} {year}: computed {got_v:.4f}, published {pub:.2f}, error {err:.4f}")
    if old:
        print(
            f"(2010-2015 back-cast, informational: {len(old)} rows, max |error| = {max(old):.4f})"
        )
    ok = bool(errors) and over == 0
    print("IPM target met" if ok else "IPM target MISSED")
    return ok


# ---------------------------------------------------------------------------------------------
# (b) ASEM
# ---------------------------------------------------------------------------------------------


ASEM_SPEC = Path(__file__).parent / "specs" / "asem.toml"
"""COINr's ASEM build in COINr's terms: the same file ``akkopsi composite --spec`` reads."""

ASEM_STAGES: tuple[tuple[str, str], ...] = (
    ("Denominated", "denominated"),
    ("Imputed", "imputed"),
    ("Treated", "treated"),
    ("Normalised", "normalised"),
    ("Aggregated", "scores"),
)

# ASEM_COIN was built from COINr's older input table ASEMIndData: the same numbers as
# ASEM_iData rounded to 10 significant digits, under older column names.
_OLD_NAMES = {
    "UnitCode": "uCode",
    "UnitName": "uName",
    "Group_GDP": "GDP_group",
    "Group_GDPpc": "GDPpc_group",
    "Group_Pop": "Pop_group",
    "Group_EurAsia": "EurAsia_group",
    "Year": "Time",
    "Den_Area": "Area",
    "Den_Energy": "Energy",
    "Den_GDP": "GDP",
    "Den_Pop": "Population",
}


@dataclass(frozen=True, slots=True)
class StageDiff:
    """The largest difference between one stage and COINr's stored data set: absolute,
    relative to ``max(1, |COINr|)``, and where the largest absolute one is."""

    stage: str
    max_abs: float
    max_rel: float
    unit: str
    code: str
    compared: int


def build_asem(data_dir: Path, data_csv: Path | None = None) -> CompositeResult:
    """COINr's iData and iMeta through the ASEM build specification, by the same
    :func:`~.cli.load` the command uses. ``data_csv`` replaces the iData file."""
    data, method, _spec = load(
        data_csv or data_dir / "coinr_ASEM_iData.csv",
        data_dir / "coinr_ASEM_iMeta.csv",
        ASEM_SPEC,
    )
    return compute(data, method)


def relabelled_old_input(data_dir: Path, out: Path) -> Path:
    """Write ASEMIndData (COINr's input to ASEM_COIN) under ASEM_iData's column names."""
    with (data_dir / "coinr_ASEMIndData.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[0] = [_OLD_NAMES.get(h, h) for h in rows[0]]
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return out


def compare_stages(res: CompositeResult, data_dir: Path) -> list[StageDiff]:
    """Every stage against COINr's stored data set (missing must be missing in both)."""
    out: list[StageDiff] = []
    for stage, attr in ASEM_STAGES:
        values: FloatArray = getattr(res, attr)
        codes = res.aggregate_codes if attr == "scores" else res.indicator_codes
        ref = {r["UnitCode"]: r for r in _read(data_dir / f"coinr_ASEM_COIN_{stage}.csv")}
        worst_abs, worst_rel, where, n = -1.0, 0.0, ("", ""), 0
        for i, u in enumerate(res.units):
            for j, c in enumerate(codes):
                a, b = float(values[i, j]), _num(ref[u][c])
                n += 1
                if math.isnan(a) and math.isnan(b):
                    continue
                err = abs(a - b) if not (math.isnan(a) or math.isnan(b)) else math.inf
                worst_rel = max(worst_rel, err / max(1.0, abs(b)) if math.isfinite(b) else err)
                if err > worst_abs:
                    worst_abs, where = err, (u, c)
        out.append(StageDiff(stage, max(worst_abs, 0.0), worst_rel, where[0], where[1], n))
    return out


def treatment_mismatches(res: CompositeResult, data_dir: Path) -> list[str]:
    """Indicators whose treatment (points winsorised low/high, log) differs from COINr's
    TreatSummary."""
    summary = {r["IndCode"]: r for r in _read(data_dir / "coinr_ASEM_COIN_TreatSummary.csv")}
    out = []
    for rec in res.treatment:
        ref = summary[rec.indicator]
        want = (int(float(ref["Low"])), int(float(ref["High"])), "log" in ref["Treatment"].lower())
        got = (rec.winsorised_low, rec.winsorised_high, rec.log_applied)
        if want != got:
            out.append(f"{rec.indicator}: COINr {want}, here {got}")
    missing = sorted(set(summary) - {r.indicator for r in res.treatment})
    out += [f"{c}: treated by COINr, not here" for c in missing]
    return out


def rank_mismatches(
    units: tuple[str, ...], codes: tuple[str, ...], ranks: FloatArray, data_dir: Path
) -> list[str]:
    """Units x aggregates whose rank differs from COINr's AggregatesRank."""
    ref = {r["UnitCode"]: r for r in _read(data_dir / "coinr_ASEM_COIN_Results_AggregatesRank.csv")}
    out = []
    for i, u in enumerate(units):
        for j, c in enumerate(codes):
            if c in ref[u] and int(ranks[i, j]) != int(float(ref[u][c])):
                out.append(f"{u}/{c}: COINr {ref[u][c]}, here {int(ranks[i, j])}")
    return out


def _print_stages(diffs: list[StageDiff]) -> None:
    for d in diffs:
        print(
            f"  {d.stage:<11} {d.compared:>5} values; max |diff| {d.max_abs:.2e} "
            f"(at {d.unit}/{d.code}), max relative {d.max_rel:.2e}"
        )


def check_asem(data_dir: Path, results_csv: Path | None = None, tol: float = 1e-6) -> bool:
    """COINr's ASEM build from COINr's iData and iMeta with ``specs/asem.toml``, stage by
    stage against ASEM_COIN; target: index within ``tol`` and every rank identical. With
    ``results_csv`` (written by ``akkopsi composite --spec``), that file is checked too."""
    print(f"== (b) COINr ASEM example (ASEM_COIN) through {ASEM_SPEC.name}")
    res = build_asem(data_dir)
    diffs = compare_stages(res, data_dir)
    print("  from ASEM_iData (full precision):")
    _print_stages(diffs)
    old = data_dir / "coinr_ASEMIndData.csv"
    if old.is_file():
        with tempfile.TemporaryDirectory() as tmp:
            again = build_asem(data_dir, relabelled_old_input(data_dir, Path(tmp) / "old.csv"))
        print(
            "  from ASEMIndData (COINr's input to ASEM_COIN: the same data, 10 significant digits):"
        )
        _print_stages(compare_stages(again, data_dir))
    treat = treatment_mismatches(res, data_dir)
    print(
        f"  TreatSummary: {len(res.treatment) - len(treat)}/{len(res.treatment)} indicators treated identically"
    )
    for m in treat:
        print(f"    {m}")
    agg = {r["UnitCode"]: r for r in _read(data_dir / "coinr_ASEM_COIN_Aggregated.csv")}
    coinr_scores = np.array(
        [[_num(agg[u][c]) for c in res.aggregate_codes] for u in res.units], dtype=np.float64
    )
    n_ranks = res.ranks.size
    same_full = int((res.ranks == ranks_by_column(coinr_scores)).sum())
    print(f"  ranks of every aggregate = ranks of COINr's Aggregated scores: {same_full}/{n_ranks}")
    # COINr's results tables (getResults) round the scores to 2 decimals before ranking
    ranks = rank_mismatches(
        res.units, res.aggregate_codes, ranks_by_column(np.round(res.scores, 2)), data_dir
    )
    print(
        "  ranks of the scores rounded to 2 decimals = COINr's AggregatesRank: "
        f"{n_ranks - len(ranks)}/{n_ranks}"
    )
    for m in ranks[:10]:
        print(f"    {m}")
    j = res.aggregate_codes.index(res.index_code)
    index_err = float(np.max(np.abs(res.scores[:, j] - coinr_scores[:, j])))
    print(f"  Index: max |diff| {index_err:.2e}; all aggregates {diffs[-1].max_abs:.2e}")
    top = np.argsort(res.index_ranks, kind="stable")[:3]
    print("  top 3: " + ", ".join(f"{res.units[i]} {res.scores[i, j]:.2f}" for i in top))
    ok = index_err <= tol and not ranks and not treat and same_full == n_ranks
    if results_csv is not None:
        ok = _check_results_file(results_csv, res.index_code, data_dir, tol) and ok
    print("ASEM target met" if ok else "ASEM target MISSED")
    return ok


def _check_results_file(path: Path, index_code: str, data_dir: Path, tol: float) -> bool:
    if not path.is_file():
        print(f"  {path}: not found (run akkopsi composite --spec first)")
        return False
    rows = {r["uCode"]: r for r in _read(path)}
    ref = {r["UnitCode"]: r for r in _read(data_dir / "coinr_ASEM_COIN_Aggregated.csv")}
    rank_ref = {
        r["UnitCode"]: r for r in _read(data_dir / "coinr_ASEM_COIN_Results_AggregatesRank.csv")
    }
    if set(rows) != set(ref):
        print(f"  {path.name}: units differ from COINr's")
        return False
    err = max(abs(float(rows[u][index_code]) - float(ref[u][index_code])) for u in ref)
    same = sum(1 for u in ref if int(rows[u]["Rank"]) == int(rank_ref[u][index_code]))
    print(
        f"  {path.name} (the command's output): Index max |diff| {err:.2e}; ranks identical {same}/{len(ref)}"
    )
    return err <= tol and same == len(ref)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m akkopsi.engines.composite.reference")
    ap.add_argument(
        "--data-dir", default="../shared/data", help="folder with the published CSV files"
    )
    ap.add_argument(
        "--asem-results",
        default=None,
        metavar="RESULTS.csv",
        help="also check this output of `akkopsi composite --spec specs/asem.toml`",
    )
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        print(f"data directory {data_dir} not found: reference checks skipped")
        return 0
    ok_ipm = check_ipm(data_dir)
    print()
    results = Path(args.asem_results) if args.asem_results else None
    ok_asem = check_asem(data_dir, results)
    return 0 if (ok_ipm and ok_asem) else 1


if __name__ == "__main__":
    raise SystemExit(main())
