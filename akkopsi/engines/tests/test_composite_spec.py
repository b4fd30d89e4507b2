"""Build specification (COINr's steps in COINr's terms): the parser names the key of every
fault, data-set imputation by group works as COINr's ``i_mean_grp``/``i_median_grp``, and
``--spec`` takes a COINr-style iData and iMeta unchanged."""

from __future__ import annotations

import csv
import math
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from akkopsi.engines.composite import InputFileError, compute
from akkopsi.engines.composite.cli import load, main
from akkopsi.engines.composite.spec import BuildSpec, parse_spec, read_spec
from akkopsi.engines.composite.types import Normalisation, Treatment

ASEM_SPEC = Path(__file__).parents[1] / "composite" / "specs" / "asem.toml"

# COINr's iMeta layout (ASEM_iMeta's columns): Group and Denominator rows included.
IMETA = """Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1.0,A,Indicator A,1.0,1.0,,,Pop,P1,Indicator
1.0,B,Indicator B,-1.0,1.0,,,,P1,Indicator
1.0,C,Indicator C,1.0,2.0,,,,P2,Indicator
2.0,P1,Pillar 1,1.0,1.0,,,,Index,Aggregate
2.0,P2,Pillar 2,1.0,1.0,,,,Index,Aggregate
3.0,Index,Index,1.0,1.0,,,,,Aggregate
,Grp,Group,,,,,,,Group
,Pop,Population,,,,,,,Denominator
"""

# COINr's iData layout: uName, uCode, group and denominator columns, then indicators.
# A is missing for u2 (group x: the other x units have A/Pop = 1 and 3) and u6 (group y).
IDATA = """uName,uCode,Grp,Time,Pop,A,B,C
Unit 1,u1,x,2018,10,10,5,1
Unit 2,u2,x,2018,20,,4,2
Unit 3,u3,x,2018,10,30,3,3
Unit 4,u4,y,2018,5,50,2,4
Unit 5,u5,y,2018,10,200,1,5
Unit 6,u6,y,2018,10,,0,6
"""

# the same iMeta with one of the engine's own method columns (empty)
WITH_METHOD_COLUMN = "".join(
    line + (",Normalise\n" if n == 0 else ",\n") for n, line in enumerate(IMETA.splitlines())
)

SPEC = """
[Denominate]
dset = "Raw"
[Impute]
dset = "Denominated"
f_i = "i_mean_grp"
use_group = "Grp"
[Normalise]
dset = "Imputed"
global_specs = { f_n = "n_minmax", f_n_para = { l_u = [0, 100] } }
[Aggregate]
dset = "Normalised"
f_ag = "a_amean"
"""


def _doc(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def _spec(text: str) -> BuildSpec:
    return parse_spec(_doc(text), "t.toml")


def _fault(text: str) -> str:
    with pytest.raises(InputFileError) as exc:
        _spec(text)
    return str(exc.value)


def _files(tmp_path: Path, spec: str = SPEC, meta: str = IMETA, data: str = IDATA) -> list[str]:
    (tmp_path / "iData.csv").write_text(data, encoding="utf-8")
    (tmp_path / "iMeta.csv").write_text(meta, encoding="utf-8")
    (tmp_path / "build.toml").write_text(spec, encoding="utf-8")
    return [
        "--data",
        str(tmp_path / "iData.csv"),
        "--meta",
        str(tmp_path / "iMeta.csv"),
        "--spec",
        str(tmp_path / "build.toml"),
        "--out",
        str(tmp_path / "out.csv"),
    ]


# ---------------------------------------------------------------------------------------------
# group imputation (COINr Impute f_i = "i_mean_grp" / "i_median_grp")
# ---------------------------------------------------------------------------------------------


def test_i_mean_grp_fills_with_the_mean_of_the_units_own_group(tmp_path: Path) -> None:
    _files(tmp_path)
    data, method, _ = load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")
    res = compute(data, method)
    a = res.indicator_codes.index("A")
    by = dict(zip(res.units, res.imputed[:, a], strict=True))
    # denominated A: u1 10/10 = 1, u3 30/10 = 3 (group x); u4 50/5 = 10, u5 200/10 = 20 (y)
    assert by["u2"] == pytest.approx(2.0)  # mean of x, not of all units (8.5)
    assert by["u6"] == pytest.approx(15.0)  # mean of y
    assert by["u1"] == 1.0 and by["u5"] == 20.0  # present values untouched
    assert math.isnan(res.denominated[res.units.index("u2"), a])


def test_i_median_grp_and_i_mean_without_group(tmp_path: Path) -> None:
    median = SPEC.replace('f_i = "i_mean_grp"', 'f_i = "i_median_grp"')
    data = IDATA.replace("Unit 1,u1,x,2018,10,10,", "Unit 1,u1,x,2018,10,100,")
    _files(tmp_path, median, data=data + "Unit 7,u7,x,2018,1,2,1,1\n")
    d, m, _ = load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")
    res = compute(d, m)
    a = res.indicator_codes.index("A")
    # group x has A/Pop = 10 (u1), 3 (u3), 2 (u7): median 3, mean 5
    assert res.imputed[res.units.index("u2"), a] == pytest.approx(3.0)
    overall = SPEC.replace('f_i = "i_mean_grp"\nuse_group = "Grp"', 'f_i = "i_mean"')
    _files(tmp_path, overall)
    d, m, _ = load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")
    res = compute(d, m)
    # mean of 1, 3, 10, 20 over all units
    assert res.imputed[res.units.index("u2"), a] == pytest.approx(8.5)


def test_a_group_with_no_value_stays_missing_as_in_coinr(tmp_path: Path) -> None:
    data = IDATA.replace("Unit 1,u1,x,2018,10,10,", "Unit 1,u1,x,2018,10,,").replace(
        "Unit 3,u3,x,2018,10,30,", "Unit 3,u3,x,2018,10,,"
    )
    _files(tmp_path, data=data)
    d, m, _ = load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")
    res = compute(d, m)
    a = res.indicator_codes.index("A")
    assert np.isnan(res.imputed[[0, 1, 2], a]).all()
    assert res.imputed[5, a] == pytest.approx(15.0)


# ---------------------------------------------------------------------------------------------
# the parser: what a spec says, and every fault named by its key
# ---------------------------------------------------------------------------------------------


def test_the_shipped_asem_spec_says_coinrs_asem_build() -> None:
    spec = read_spec(ASEM_SPEC)
    assert spec.name == "ASEM"
    assert spec.steps() == ("Denominate", "Impute", "Treat", "Normalise", "Aggregate")
    assert spec.denominate is not None and spec.denominate.denoms is None
    assert (spec.imputation.method, spec.imputation.group) == ("mean", "EurAsia_group")
    assert spec.treatment == Treatment(
        "winsorise", winmax=6, skew_thresh=2.0, kurt_thresh=3.5, fallback="log_ct"
    )
    assert spec.normalisation == Normalisation.minmax(0, 100)
    assert spec.aggregation == "amean" and spec.weights is None


def test_coinr_defaults_fill_what_a_table_leaves_out() -> None:
    spec = _spec('[Treat]\n[Normalise]\n[Aggregate]\nf_ag = "a_gmean"\n')
    assert spec.treatment == Treatment("winsorise", winmax=5, fallback="log_ct")
    assert spec.normalisation == Normalisation.minmax(0, 100)
    assert spec.aggregation == "gmean"
    assert spec.steps() == ("Treat", "Normalise", "Aggregate")
    no_f2 = _spec('[Treat.global_specs]\nf2 = "none"\n[Normalise]\n[Aggregate]\n')
    assert no_f2.treatment.fallback == "none"


@pytest.mark.parametrize(
    ("text", "key", "hint"),
    [
        (
            "[Treat.global_specs.f1_para]\nwinmx = 5\n[Normalise]\n[Aggregate]\n",
            "Treat.global_specs.f1_para.winmx",
            "winmax",
        ),
        (
            "[Treat.global_specs.f1_para]\nwinmax = -1\n[Normalise]\n[Aggregate]\n",
            "Treat.global_specs.f1_para.winmax",
            ">= 0",
        ),
        (
            "[Treat.global_specs]\nf1 = 'trim'\n[Normalise]\n[Aggregate]\n",
            "Treat.global_specs.f1",
            "winsorise",
        ),
        (
            "[Treat.global_specs.f_pass_para]\nskew_thresh = 2.25\n[Normalise]\n[Aggregate]\n",
            "Treat.global_specs.f_pass_para.skew_thresh",
            "Treat.global_specs.f1_para.skew_thresh",
        ),
        (
            "[Treat]\ncombine_treat = true\n[Normalise]\n[Aggregate]\n",
            "Treat.combine_treat",
            "false",
        ),
        ("[Impute]\nf_i = 'i_mode'\n[Normalise]\n[Aggregate]\n", "Impute.f_i", "i_mean_grp"),
        (
            "[Impute]\nf_i = 'i_mean_grp'\n[Normalise]\n[Aggregate]\n",
            "Impute.use_group",
            "required",
        ),
        ("[Impute]\nuse_group = 'G'\n[Normalise]\n[Aggregate]\n", "Impute.f_i", "required"),
        (
            "[Denominate]\n[Impute]\ndset = 'Raw'\nf_i = 'i_mean'\n[Normalise]\n[Aggregate]\n",
            "Impute.dset",
            "'Denominated'",
        ),
        ("[Normalise]\ndset = 'Imputed'\n[Aggregate]\n", "Normalise.dset", "'Raw'"),
        (
            "[Normalise.global_specs]\nf_n = 'n_minmax'\nf_n_para = { l_u = 100 }\n[Aggregate]\n",
            "Normalise.global_specs.f_n_para.l_u",
            "two numbers",
        ),
        (
            "[Normalise.global_specs]\nf_n = 'n_goalposts'\n[Aggregate]\n",
            "Normalise.global_specs.f_n",
            "n_minmax, n_zscore, n_rank",
        ),
        ("[Normalise]\n[Aggregate]\nf_ag = 'a_hmean'\n", "Aggregate.f_ag", "a_amean, a_gmean"),
        ("[Normalise]\n[Aggregate]\nw = 'Equal'\n", "Aggregate.w", "Original"),
        ("[Normalise]\n[Aggregate]\ndat_thresh = 1.5\n", "Aggregate.dat_thresh", "between 0 and 1"),
        ("[Screen]\n[Normalise]\n[Aggregate]\n", "Screen", "Denominate, Impute, Treat"),
        (
            "[Denominate]\ndenomby = 'other'\n[Normalise]\n[Aggregate]\n",
            "Denominate.denomby",
            "iMeta",
        ),
    ],
)
def test_a_bad_spec_names_the_key(text: str, key: str, hint: str) -> None:
    message = _fault(text)
    assert message.startswith(f"t.toml, key {key}:"), message
    assert hint in message


def test_a_missing_required_step_is_named() -> None:
    assert "[Normalise] is required" in _fault("[Aggregate]\n")
    assert "[Aggregate] is required" in _fault("[Normalise]\n")


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[Impute\nf_i = 1\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"broken\.toml: invalid TOML"):
        read_spec(path)


# ---------------------------------------------------------------------------------------------
# the command line with --spec
# ---------------------------------------------------------------------------------------------


def test_the_command_takes_coinr_idata_and_imeta_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _files(tmp_path)
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "build.toml: Denominate 1 indicators; Impute i_mean_grp (Grp): 2 values filled" in out
    assert "Normalise n_minmax [0, 100]; Aggregate a_amean" in out
    rows = {r["uCode"]: r for r in csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8"))}
    assert list(next(iter(rows.values()))) == ["uCode", "P1", "P2", "Index", "Rank"]
    # P2 = C (weight 2, alone in its pillar): min-max of 1..6; u6 has C = 6 -> 100
    assert float(rows["u6"]["P2"]) == pytest.approx(100.0)


def test_without_denominate_the_imeta_denominators_are_not_used(tmp_path: Path) -> None:
    _files(tmp_path, SPEC.replace('[Denominate]\ndset = "Raw"\n', "").replace("Denominated", "Raw"))
    d, m, _ = load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")
    res = compute(d, m)
    a = res.indicator_codes.index("A")
    assert res.denominated[0, a] == 10.0  # raw, not 10 / Pop
    assert all(i.denominator is None for i in m.indicators)


def test_denominators_from_another_table(tmp_path: Path) -> None:
    spec = SPEC.replace('dset = "Raw"', 'dset = "Raw"\ndenoms = "denoms.csv"\ndenoms_ID = "iso"')
    (tmp_path / "denoms.csv").write_text(
        "iso,Pop\nu1,1\nu2,2\nu3,3\nu4,4\nu5,5\nu6,6\nzz,9\n", encoding="utf-8"
    )
    data = IDATA.replace(",Pop,", ",OldPop,")  # the iData's own column is not used
    _files(tmp_path, spec, data=data)
    d, m, _ = load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")
    res = compute(d, m)
    a = res.indicator_codes.index("A")
    assert res.denominated[res.units.index("u3"), a] == pytest.approx(10.0)  # 30 / 3
    (tmp_path / "denoms.csv").write_text("iso,Pop\nu1,1\n", encoding="utf-8")
    with pytest.raises(
        InputFileError, match=r"denoms\.csv: the unit 'u2' of iData is not in denoms"
    ):
        load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")


def test_indiv_specs_switch_treatment_off_and_must_name_known_indicators(tmp_path: Path) -> None:
    spec = SPEC + '[Treat]\n[Treat.indiv_specs]\nA = "none"\nC = { f1_para = { winmax = 1 } }\n'
    spec = spec.replace('dset = "Imputed"', "")
    _files(tmp_path, spec)
    _, m, parsed = load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")
    assert parsed is not None and parsed.steps()[2] == "Treat"
    by = {i.code: i.treatment for i in m.indicators}
    assert by["A"].method == "none" and by["B"].winmax == 5 and by["C"].winmax == 1
    _files(tmp_path, spec.replace("A = ", "Z = "))
    with pytest.raises(
        InputFileError, match=r"key Treat\.indiv_specs\.Z: indicators Z are not in iMeta"
    ):
        load(tmp_path / "iData.csv", tmp_path / "iMeta.csv", tmp_path / "build.toml")


@pytest.mark.parametrize(
    ("spec", "meta", "expected"),
    [
        (
            SPEC.replace('"Grp"', '"Region"'),
            IMETA,
            "the group column 'Region' (for imputation) is not in the data",
        ),
        (
            SPEC.replace("[Impute]", "[Impute]\nimpute_by = 'row'"),
            IMETA,
            "build.toml, key Impute.impute_by",
        ),
        (SPEC, WITH_METHOD_COLUMN, "iMeta.csv row 1: method columns Normalise"),
    ],
)
def test_bad_input_with_spec_exits_2_naming_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str, meta: str, expected: str
) -> None:
    argv = _files(tmp_path, spec, meta)
    assert main(argv) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()
