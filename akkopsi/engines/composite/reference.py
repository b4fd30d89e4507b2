"""Check the engine against published indices (reads ``../shared/data`` when present).

``python -m akkopsi.engines.composite.reference --data-dir ../shared/data``

(a) BPS IPM (metode baru): recompute every kabupaten/kota IPM 2016-2021 from its four
    components with :func:`ipm_methodology`; target: every error within 0.01.
(b) COINr's ASEM example (``ASEM_COIN``, built by COINr 0.6 ``build_ASEM()``): denominate
    per iMeta, impute by the EurAsia group mean, treat (winsorise, COINr 0.6 default
    winmax = ceil(0.1 x 51) = 6 steps, else log_CT), min-max 0-100, arithmetic means per
    level; every stage is compared with COINr's stored data set; target: index scores
    within 0.01 of the published (2-decimal) scores and identical ranks.

Exit status 0 when both targets are met or the data directory is absent, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from ._compute import compute
from ._ipm import ipm_methodology
from .io import read_data, read_meta
from .types import CompositeResult, FloatArray, Imputation, IndicatorTable, Methodology, Treatment

__all__ = ["asem_methodology", "check_asem", "check_ipm", "main"]


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


def asem_methodology(meta: Methodology) -> Methodology:
    """ASEM_COIN's steps on top of the iMeta tree: group-mean imputation by EurAsia group,
    COINr 0.6 default treatment, min-max 0-100, arithmetic means (the iMeta defaults)."""
    treat = Treatment.winsorise(6, count="iterations")
    inds = tuple(replace(i, treatment=treat) for i in meta.indicators)
    return Methodology(inds, meta.aggregates, Imputation("mean", group="EurAsia_group"), "ASEM")


def _stage_error(
    label: str,
    res: CompositeResult,
    values: FloatArray,
    codes: tuple[str, ...],
    ref: list[dict[str, str]],
) -> float:
    by_unit = {r["UnitCode"]: r for r in ref}
    worst = (0.0, "", "")
    for i, u in enumerate(res.units):
        row = by_unit[u]
        for j, c in enumerate(codes):
            if c not in row:
                continue
            a, b = float(values[i, j]), _num(row[c])
            if math.isnan(a) and math.isnan(b):
                continue
            err = abs(a - b) if not (math.isnan(a) or math.isnan(b)) else math.inf
            scale = max(1.0, abs(b)) if math.isfinite(b) else 1.0
            rel = err / scale
            if rel > worst[0]:
                worst = (rel, u, c)
    where = f" at {worst[1]}/{worst[2]}" if worst[1] else ""
    print(f"  {label:<11} worst relative error {worst[0]:.3g}{where}")
    return worst[0]


def check_asem(data_dir: Path) -> bool:
    meta = read_meta(data_dir / "coinr_ASEM_iMeta.csv")
    method = asem_methodology(meta)
    data = read_data(data_dir / "coinr_ASEM_iData.csv", method)
    res = compute(data, method)
    print("== (b) COINr ASEM example (ASEM_COIN)")
    print(
        "  (COINr 0.6 stored its data sets with ~10 significant digits; iData has full precision)"
    )
    codes = res.indicator_codes
    for label, arr, fname in (
        ("Denominated", res.denominated, "coinr_ASEM_COIN_Denominated.csv"),
        ("Imputed", res.imputed, "coinr_ASEM_COIN_Imputed.csv"),
        ("Treated", res.treated, "coinr_ASEM_COIN_Treated.csv"),
        ("Normalised", res.normalised, "coinr_ASEM_COIN_Normalised.csv"),
    ):
        _stage_error(label, res, arr, codes, _read(data_dir / fname))
    _stage_error(
        "Aggregated",
        res,
        res.scores,
        res.aggregate_codes,
        _read(data_dir / "coinr_ASEM_COIN_Aggregated.csv"),
    )
    # treatment summary
    summary = {r["IndCode"]: r for r in _read(data_dir / "coinr_ASEM_COIN_TreatSummary.csv")}
    mismatched = []
    for rec in res.treatment:
        ref = summary.get(rec.indicator)
        if ref is None:
            continue
        want = (int(float(ref["Low"])), int(float(ref["High"])), "log" in ref["Treatment"].lower())
        got = (rec.winsorised_low, rec.winsorised_high, rec.log_applied)
        if want != got:
            mismatched.append(f"{rec.indicator}: COINr {want}, here {got}")
    print(
        f"  TreatSummary: {len(summary) - len(mismatched)}/{len(summary)} indicators treated identically"
    )
    for m in mismatched:
        print(f"    {m}")
    # published results
    pub = {
        r["UnitCode"]: r for r in _read(data_dir / "coinr_ASEM_COIN_Results_AggregatesScore.csv")
    }
    worst = 0.0
    worst_unit = ""
    rank_diff = 0
    agg_worst = 0.0
    for i, u in enumerate(res.units):
        r = pub[u]
        e = abs(float(res.index_scores[i]) - float(r["Index"]))
        if e > worst:
            worst, worst_unit = e, u
        if int(res.index_ranks[i]) != int(float(r["Rank"])):
            rank_diff += 1
        for j, c in enumerate(res.aggregate_codes):
            if r.get(c):
                agg_worst = max(agg_worst, abs(float(res.scores[i, j]) - float(r[c])))
    n = len(res.units)
    print(
        f"  Index vs published (2 dp): max |error| = {worst:.4f} ({worst_unit}); all aggregates: {agg_worst:.4f}"
    )
    print(f"  Index ranks identical: {n - rank_diff}/{n}")
    top = np.argsort(-res.index_scores)[:3]
    print("  top 3: " + ", ".join(f"{res.units[i]} {res.index_scores[i]:.2f}" for i in top))
    ok = worst <= 0.01 and rank_diff == 0
    print("ASEM target met" if ok else "ASEM target MISSED")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m akkopsi.engines.composite.reference")
    ap.add_argument(
        "--data-dir", default="../shared/data", help="folder with the published CSV files"
    )
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        print(f"data directory {data_dir} not found: reference checks skipped")
        return 0
    ok_ipm = check_ipm(data_dir)
    print()
    ok_asem = check_asem(data_dir)
    return 0 if (ok_ipm and ok_asem) else 1


if __name__ == "__main__":
    raise SystemExit(main())
