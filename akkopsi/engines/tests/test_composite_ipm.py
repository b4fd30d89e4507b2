"""Golden test: the BPS IPM (metode baru) as an ordinary methodology.

Source of the rows: BPS, ipm.bps.go.id, via shared/data/ipm_kabkota_2010_2021.csv (copied
into golden/composite_ipm_golden.json; nothing outside the repository is read).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from akkopsi.engines.composite import IndicatorTable, compute, ipm_methodology, read_meta
from akkopsi.engines.composite.cli import main

GOLDEN = Path(__file__).parent / "golden"
CASE = json.loads((GOLDEN / "composite_ipm_golden.json").read_text(encoding="utf-8"))
ROWS = CASE["rows"]
COMPONENTS = ("UHH", "HLS", "RLS", "PENGELUARAN")


def _table() -> IndicatorTable:
    return IndicatorTable.from_columns(
        [f"{r['kode']}-{r['year']}" for r in ROWS], {c: [r[c] for r in ROWS] for c in COMPONENTS}
    )


def test_aceh_selatan_2010_is_61_22() -> None:
    # I_kes = 42.92 / 65 = 0.660308; I_pend = (12.35 / 18 + 7.5 / 15) / 2 = 0.593056;
    # I_peng = (ln 6855 - ln 1007.436) / (ln 26572.352 - ln 1007.436) = 0.585971;
    # IPM = 100 * (0.660308 * 0.593056 * 0.585971)^(1/3) = 61.2218
    data = IndicatorTable.from_columns(
        ["1101"], {"UHH": [62.92], "HLS": [12.35], "RLS": [7.50], "PENGELUARAN": [6855]}
    )
    res = compute(data, ipm_methodology())
    assert res.index_scores[0] == pytest.approx(61.22, abs=0.01)
    assert res.index_scores[0] == pytest.approx(61.2218, abs=1e-4)
    assert res.score("1101", "I_PEND") == pytest.approx(59.3056, abs=1e-4)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['name']} {r['year']}" for r in ROWS])
def test_published_ipm_is_reproduced(row: dict[str, float | str]) -> None:
    res = compute(_table(), ipm_methodology())
    got = res.score(f"{row['kode']}-{row['year']}")
    assert got == pytest.approx(float(row["IPM"]), abs=CASE["tolerance"])


def test_meta_csv_equals_the_python_constructor() -> None:
    from_csv = read_meta(GOLDEN / "composite_ipm_meta.csv")
    built = ipm_methodology()
    assert from_csv.indicators == built.indicators
    assert from_csv.aggregates == built.aggregates


def test_ipm_through_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "ipm.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["uCode", "uName", *COMPONENTS])
        for r in ROWS:
            w.writerow([f"{r['kode']}-{r['year']}", r["name"], *(r[c] for c in COMPONENTS)])
    out = tmp_path / "out.csv"
    assert (
        main(
            [
                "--data",
                str(data),
                "--meta",
                str(GOLDEN / "composite_ipm_meta.csv"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    got = {r["uCode"]: float(r["IPM"]) for r in csv.DictReader(out.open(encoding="utf-8"))}
    for r in ROWS:
        assert got[f"{r['kode']}-{r['year']}"] == pytest.approx(r["IPM"], abs=0.01)


def test_reference_check_skips_without_the_data_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from akkopsi.engines.composite.reference import main as reference_main

    assert reference_main(["--data-dir", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out
