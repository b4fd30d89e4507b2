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


IMETA = """Level,iCode,iName,Direction,Weight,Denominator,Parent,Type
1,AKSES,Akses sanitasi layak,1,1,,SANIPURA,Indicator
1,BABS,Buang air besar sembarangan,-1,1,,SANIPURA,Indicator
2,SANIPURA,Indeks Sanipura,1,1,,,Aggregate
,provinsi,Provinsi,,,,,Group
"""

IDATA = """uCode,uName,provinsi,AKSES,BABS
6474,Kota Bontang,Kaltim,90,2
6471,Kota Balikpapan,Kaltim,,8
6472,Kota Samarinda,Kaltim,70,6
5108,Kabupaten Buleleng,Bali,50,15
5171,Kota Denpasar,Bali,10,1
"""

SPEC = """
[Impute]
dset = "Raw"
f_i = "i_mean_grp"
use_group = "provinsi"
[Normalise]
global_specs = { f_n = "n_minmax", f_n_para = { l_u = [0, 100] } }
[Aggregate]
f_ag = "a_amean"
"""


def test_spec_passes_through_the_management_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "iMeta.csv").write_text(IMETA, encoding="utf-8")
    (tmp_path / "iData.csv").write_text(IDATA, encoding="utf-8")
    (tmp_path / "build.toml").write_text(SPEC, encoding="utf-8")
    out = tmp_path / "RESULTS.csv"
    args = ["--data", str(tmp_path / "iData.csv"), "--meta", str(tmp_path / "iMeta.csv")]
    call_command("composite", *args, "--spec", str(tmp_path / "build.toml"), "--out", str(out))
    assert "Impute i_mean_grp (provinsi): 1 nilai diisi" in capsys.readouterr().out
    rows = {r["uCode"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    # Balikpapan's AKSES is the Kaltim mean (80), not the mean of all four (55):
    # AKSES (80 - 10) / 80 * 100 = 87.5, BABS (15 - 8) / 14 * 100 = 50
    assert float(rows["6471"]["SANIPURA"]) == pytest.approx((87.5 + 50) / 2)
    (tmp_path / "build.toml").write_text(SPEC.replace("f_ag", "f_agg"), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("composite", *args, "--spec", str(tmp_path / "build.toml"), "--out", str(out))
    assert "build.toml, kunci Aggregate.f_agg: kunci tidak dikenal" in capsys.readouterr().err
