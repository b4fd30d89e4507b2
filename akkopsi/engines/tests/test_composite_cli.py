"""Command line and CSV input/output: success writes RESULTS, every bad input gives a
"file row R, column C" message, exit code 2 and no output file."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from akkopsi.engines.composite import InputFileError, read_data, read_meta
from akkopsi.engines.composite.cli import main

META = """Level,iCode,iName,Parent,Direction,Weight,Type,Denominator,Target,Transform,Normalise,Lower,Upper,Aggregation
1,AKSES,Akses sanitasi layak,INFRA,1,2,Indicator,,,,minmax,,,
1,BABS,Buang air besar sembarangan,INFRA,-1,1,Indicator,,,,minmax,,,
1,ANGGARAN,Anggaran sanitasi,DANA,1,1,Indicator,APBD,,,minmax,,,
2,INFRA,Infrastruktur,SANIPURA,,1,Aggregate,,,,,,,amean
2,DANA,Pendanaan,SANIPURA,,1,Aggregate,,,,,,,amean
3,SANIPURA,Indeks Sanipura,,,1,Aggregate,,,,,,,amean
,APBD,Total APBD,,,,Denominator,,,,,,,
"""

DATA = """uCode,uName,provinsi,AKSES,BABS,ANGGARAN,APBD
1101,Simeulue,Aceh,80,5,20,1000
1102,Aceh Singkil,Aceh,60,12,10,800
3273,Kota Bandung,Jawa Barat,95,1,120,3000
3404,Sleman,DIY,90,2,45,1500
"""


def _files(tmp_path: Path, meta: str = META, data: str = DATA) -> tuple[Path, Path, Path]:
    m = tmp_path / "META.csv"
    d = tmp_path / "DATA.csv"
    m.write_text(meta, encoding="utf-8")
    d.write_text(data, encoding="utf-8")
    return d, m, tmp_path / "RESULTS.csv"


def _run(tmp_path: Path, meta: str = META, data: str = DATA, *extra: str) -> tuple[int, Path]:
    d, m, out = _files(tmp_path, meta, data)
    code = main(["--data", str(d), "--meta", str(m), "--out", str(out), *extra])
    return code, out


def test_success_writes_the_results_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(tmp_path)
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["uCode", "INFRA", "DANA", "SANIPURA", "Rank"]
    assert [r["uCode"] for r in rows] == ["1101", "1102", "3273", "3404"]
    by = {r["uCode"]: r for r in rows}
    assert by["3273"]["Rank"] == "1"  # best on every indicator
    assert by["1102"]["SANIPURA"] == "0"  # worst on every indicator
    # INFRA for 3404: AKSES (90 - 60) / 35 * 100 = 85.714, BABS (12 - 2) / 11 * 100 = 90.909
    assert float(by["3404"]["INFRA"]) == pytest.approx((2 * 30 / 35 * 100 + 10 / 11 * 100) / 3)
    assert "4 unit" in capsys.readouterr().out


def test_uncertainty_adds_rank_columns_and_is_seeded(tmp_path: Path) -> None:
    code, out = _run(tmp_path, META, DATA, "--uncertainty", "200", "--seed", "3")
    assert code == 0
    first = out.read_text(encoding="utf-8")
    assert first.splitlines()[0].endswith("Rank,RankMedian,RankQ5,RankQ95")
    code, out = _run(tmp_path, META, DATA, "--uncertainty", "200", "--seed", "3")
    assert out.read_text(encoding="utf-8") == first


def _bad_meta(row: int, col: str, value: str) -> str:
    lines = META.splitlines()
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(col)] = value
    lines[row - 1] = ",".join(cells)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "row, col, value, where, what",
    [
        (2, "Parent", "TIDAKADA", "META.csv row 2, column Parent", "unknown parent"),
        (5, "Parent", "INFRA", "META.csv row 5, column Parent", ""),
        (3, "Weight", "-1", "META.csv row 3, column Weight", "weight"),
        (3, "Weight", "berat", "META.csv row 3, column Weight", "not a number"),
        (2, "Direction", "2", "META.csv row 2, column Direction", "Direction"),
        (2, "Normalise", "percentile", "META.csv row 2, column Normalise", "unknown value"),
        (5, "Aggregation", "median", "META.csv row 5, column Aggregation", "unknown value"),
        (2, "Level", "x", "META.csv row 2, column Level", "not a number"),
    ],
)
def test_bad_meta_cell(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    row: int,
    col: str,
    value: str,
    where: str,
    what: str,
) -> None:
    code, out = _run(tmp_path, _bad_meta(row, col, value))
    err = capsys.readouterr().err
    assert code == 2
    assert not out.exists()
    assert where in err and what in err


def test_meta_cycle_is_reported_on_the_aggregate_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = _bad_meta(7, "Parent", "INFRA")  # SANIPURA -> INFRA -> SANIPURA
    code, out = _run(tmp_path, meta)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "cycle" in err and "column Parent" in err


def test_meta_goalposts_lower_not_below_upper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = _bad_meta(2, "Normalise", "goalposts")
    meta = meta.replace(
        "1,AKSES,Akses sanitasi layak,INFRA,1,2,Indicator,,,,goalposts,,,",
        "1,AKSES,Akses sanitasi layak,INFRA,1,2,Indicator,,,,goalposts,100,0,",
    )
    code, out = _run(tmp_path, meta)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "META.csv row 2, column Lower" in err and "lower goalpost" in err


def test_meta_missing_required_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = META.replace("Parent", "Induk", 1)
    code, out = _run(tmp_path, meta)
    assert code == 2 and not out.exists()
    assert "META.csv row 1, column Parent" in capsys.readouterr().err


def test_meta_duplicate_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = _bad_meta(3, "iCode", "AKSES")
    code, out = _run(tmp_path, meta)
    assert code == 2 and not out.exists()
    assert "META.csv row 3, column iCode" in capsys.readouterr().err


@pytest.mark.parametrize(
    "data, where, what",
    [
        (
            DATA.replace(",20,1000", ",dua puluh,1000"),
            "DATA.csv row 2, column ANGGARAN",
            "not a number",
        ),
        (DATA.replace("3404,Sleman", "1101,Sleman"), "DATA.csv row 5, column uCode", "duplicate"),
        (DATA.replace("AKSES,", "AKSES_X,"), "DATA.csv row 1, column AKSES", "not in DATA"),
        (DATA.replace(",APBD", ",PDRB"), "DATA.csv row 1, column APBD", "not in DATA"),
        (
            DATA.replace("1102,Aceh Singkil,Aceh,60,12,10,800", "1102,Aceh Singkil,60,12,10,800"),
            "DATA.csv row 3",
            "cells",
        ),
        (DATA.replace(",1000\n", ",0\n"), "unit 1101", "zero"),
        (
            DATA.replace(",,", ",").replace("1102,", ",", 1),
            "DATA.csv row 3, column uCode",
            "empty",
        ),
    ],
)
def test_bad_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: str, where: str, what: str
) -> None:
    code, out = _run(tmp_path, META, data)
    err = capsys.readouterr().err
    assert code == 2
    assert not out.exists()
    assert where in err and what in err


def test_domain_error_from_a_geometric_mean_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = META.replace(
        "3,SANIPURA,Indeks Sanipura,,,1,Aggregate,,,,,,,amean",
        "3,SANIPURA,Indeks Sanipura,,,1,Aggregate,,,,,,,gmean",
    )
    code, out = _run(tmp_path, meta)
    assert code == 2 and not out.exists()
    assert "geometric mean" in capsys.readouterr().err


def test_missing_file_and_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "R.csv"
    assert (
        main(
            [
                "--data",
                str(tmp_path / "nope.csv"),
                "--meta",
                str(tmp_path / "nope.csv"),
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "not found" in capsys.readouterr().err
    assert main(["--data", "x.csv"]) == 2
    assert not out.exists()
    d, m, out = _files(tmp_path)
    assert main(["--data", str(d), "--meta", str(m), "--out", str(out), "--uncertainty", "0"]) == 2
    assert not out.exists()


def test_readers_keep_groups_and_names(tmp_path: Path) -> None:
    d, m, _ = _files(tmp_path)
    method = read_meta(m)
    assert method.indicator_codes == ("AKSES", "BABS", "ANGGARAN")
    assert method.indicators[2].denominator == "APBD"
    table = read_data(d, method)
    assert table.columns == ("AKSES", "BABS", "ANGGARAN", "APBD")
    assert table.names is not None and table.names[0] == "Simeulue"
    assert table.groups["provinsi"][2] == "Jawa Barat"


def test_missing_values_are_read_as_nan(tmp_path: Path) -> None:
    d, m, _ = _files(tmp_path, META, DATA.replace(",5,20,", ",NA,20,").replace(",12,10,", ",,10,"))
    table = read_data(d, read_meta(m))
    assert table.values[0, 1] != table.values[0, 1]  # NaN
    assert table.values[1, 1] != table.values[1, 1]


def test_empty_meta_file(tmp_path: Path) -> None:
    p = tmp_path / "META.csv"
    p.write_text("", encoding="utf-8")
    with pytest.raises(InputFileError, match="empty file"):
        read_meta(p)


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    d, m, out = _files(tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "akkopsi.engines.composite.cli",
            "--data",
            str(d),
            "--meta",
            str(m),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.exists()


def test_meta_floor_and_scale_columns(tmp_path: Path) -> None:
    meta = tmp_path / "META.csv"
    meta.write_text(
        "Level,iCode,Parent,Normalise,Lower,Upper,Floor,Scale,Aggregation\n"
        "1,X,IDX,goalposts,0,10,1,100,\n"
        "2,IDX,,,,,,,gmean\n",
        encoding="utf-8",
    )
    method = read_meta(meta)
    norm = method.indicators[0].normalisation
    assert (norm.lower, norm.upper, norm.floor, norm.scale) == (0, 10, 1, 100)
    meta.write_text(
        "Level,iCode,Parent,Normalise,Lower,Upper,Floor,Scale\n1,X,IDX,goalposts,0,10,5,1\n2,IDX,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match="row 2, column Scale"):
        read_meta(meta)
