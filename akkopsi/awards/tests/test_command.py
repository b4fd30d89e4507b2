"""``akkopsi composite``: the engine's command line as a management command."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

META = """Level,iCode,iName,Parent,Direction,Weight,Type,Denominator,Target,Transform,Normalise,Lower,Upper,Aggregation
1,AKSES,Akses sanitasi layak,INFRA,1,2,Indicator,,,,minmax,,,
1,BABS,Buang air besar sembarangan,INFRA,-1,1,Indicator,,,,minmax,,,
2,INFRA,Infrastruktur,SANIPURA,,1,Aggregate,,,,,,,amean
3,SANIPURA,Indeks Sanipura,,,1,Aggregate,,,,,,,amean
"""

DATA = """uCode,uName,AKSES,BABS
6474,Kota Bontang,90,2
6471,Kota Balikpapan,70,8
5108,Kabupaten Buleleng,50,15
"""


def _files(tmp_path: Path, meta: str = META) -> tuple[str, str, Path]:
    (tmp_path / "META.csv").write_text(meta, encoding="utf-8")
    (tmp_path / "DATA.csv").write_text(DATA, encoding="utf-8")
    return str(tmp_path / "DATA.csv"), str(tmp_path / "META.csv"), tmp_path / "RESULTS.csv"


def test_success_writes_the_results_file(tmp_path: Path) -> None:
    data, meta, out = _files(tmp_path)
    call_command(
        "composite",
        "--data",
        data,
        "--meta",
        meta,
        "--out",
        str(out),
        "--uncertainty",
        "50",
        "--seed",
        "3",
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["uCode"] for r in rows] == ["6474", "6471", "5108"]
    assert {r["uCode"]: r["Rank"] for r in rows} == {"6474": "1", "6471": "2", "5108": "3"}


def test_bad_meta_names_row_and_column_exits_non_zero_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = META.replace(
        "1,BABS,Buang air besar sembarangan,INFRA,-1,1,",
        "1,BABS,Buang air besar sembarangan,INFRA,-1,satu,",
    )
    data, meta, out = _files(tmp_path, bad)
    with pytest.raises(CommandError) as exc:
        call_command("composite", "--data", data, "--meta", meta, "--out", str(out))
    assert exc.value.returncode == 2
    err = capsys.readouterr().err
    assert "baris 3" in err.lower() or "row 3" in err.lower(), err
    assert "Weight" in err
    assert not out.exists()
