"""COINr's ASEM index rebuilt from COINr's own inputs, stage by stage.

Reads COINr's files from ``shared/data`` (``../shared/data`` of the checkout, or of a folder
above it, as a git worktree sits one level deeper; ``AKKOPSI_SHARED_DATA`` overrides). They
are not the project's (shared/data/README.md): without them every test here is skipped.

ASEM_COIN (the stored COINr build the stages are compared with) was computed from COINr's
older input table ASEMIndData: ASEM_iData's numbers rounded to 10 significant digits.
From that input every stage agrees to floating point (1e-12); from ASEM_iData the rounding
of the input is the only difference, at most 5e-10 relative in the raw and denominated
values, which min-max normalisation scales up to 1.1e-7 points and the index shows as 5e-9.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from akkopsi.engines.composite._compute import ranks_by_column
from akkopsi.engines.composite.cli import main
from akkopsi.engines.composite.reference import (
    ASEM_SPEC,
    StageDiff,
    build_asem,
    check_asem,
    compare_stages,
    rank_mismatches,
    relabelled_old_input,
    treatment_mismatches,
)

FILES = (
    "coinr_ASEM_iData.csv",
    "coinr_ASEM_iMeta.csv",
    "coinr_ASEMIndData.csv",
    "coinr_ASEM_COIN_Denominated.csv",
    "coinr_ASEM_COIN_Imputed.csv",
    "coinr_ASEM_COIN_Treated.csv",
    "coinr_ASEM_COIN_Normalised.csv",
    "coinr_ASEM_COIN_Aggregated.csv",
    "coinr_ASEM_COIN_TreatSummary.csv",
    "coinr_ASEM_COIN_Results_AggregatesRank.csv",
)


def _shared_data() -> Path | None:
    env = os.environ.get("AKKOPSI_SHARED_DATA")
    candidates = (
        [Path(env)]
        if env
        else [p / "shared" / "data" for p in Path(__file__).resolve().parents[3].parents]
    )
    for folder in candidates:
        if all((folder / f).is_file() for f in FILES):
            return folder
    return None


DATA = _shared_data()
pytestmark = pytest.mark.skipif(
    DATA is None,
    reason="COINr's ASEM files (shared/data/coinr_*.csv) are not there: a fresh clone has no "
    "../shared; these checks run where the published data sit next to the checkout",
)


def _data() -> Path:
    assert DATA is not None
    return DATA


@pytest.fixture(scope="module")
def from_idata() -> dict[str, StageDiff]:
    res = build_asem(_data())
    return {d.stage: d for d in compare_stages(res, _data())}


@pytest.fixture(scope="module")
def from_coinr_input(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StageDiff]:
    old = relabelled_old_input(_data(), tmp_path_factory.mktemp("asem") / "ASEMIndData.csv")
    res = build_asem(_data(), old)
    return {d.stage: d for d in compare_stages(res, _data())}


@pytest.mark.parametrize("stage", ["Denominated", "Imputed", "Treated", "Normalised", "Aggregated"])
def test_every_stage_equals_coinr_from_the_input_coinr_used(
    from_coinr_input: dict[str, StageDiff], stage: str
) -> None:
    d = from_coinr_input[stage]
    assert d.compared == 51 * (11 if stage == "Aggregated" else 49)
    assert d.max_abs <= 1e-12, d


@pytest.mark.parametrize("stage", ["Denominated", "Imputed", "Treated"])
def test_stages_before_normalising_differ_only_by_the_input_rounding(
    from_idata: dict[str, StageDiff], stage: str
) -> None:
    # ten significant digits: a relative rounding of at most 5e-10 per stored number
    assert from_idata[stage].max_rel <= 1e-9, from_idata[stage]


def test_normalised_and_aggregated_within_1e_6(from_idata: dict[str, StageDiff]) -> None:
    assert from_idata["Normalised"].max_abs <= 1e-6, from_idata["Normalised"]
    assert from_idata["Aggregated"].max_abs <= 1e-6, from_idata["Aggregated"]


def test_treatment_is_coinrs_for_every_indicator() -> None:
    res = build_asem(_data())
    assert len(res.treatment) == 49
    assert treatment_mismatches(res, _data()) == []
    assert sum(1 for t in res.treatment if t.winsorised_high + t.winsorised_low) == 15


def test_every_rank_is_coinrs() -> None:
    res = build_asem(_data())
    # COINr's results table ranks the scores rounded to 2 decimals (getResults, nround = 2)
    rounded = ranks_by_column(np.round(res.scores, 2))
    assert rank_mismatches(res.units, res.aggregate_codes, rounded, _data()) == []
    # and the index rank is the same unrounded
    j = res.aggregate_codes.index("Index")
    assert (rounded[:, j] == res.index_ranks).all()


def test_the_command_writes_coinrs_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "asem.csv"
    argv = [
        "--data",
        str(_data() / "coinr_ASEM_iData.csv"),
        "--meta",
        str(_data() / "coinr_ASEM_iMeta.csv"),
        "--spec",
        str(ASEM_SPEC),
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "Treat winsorise (winmax 6): 15 indicators, log_CT: 0" in printed
    assert "top 3: CHE 68.38, NLD 64.82, DNK 64.80" in printed
    got = {r["uCode"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    with (_data() / "coinr_ASEM_COIN_Aggregated.csv").open(encoding="utf-8") as fh:
        coinr = {r["UnitCode"]: float(r["Index"]) for r in csv.DictReader(fh)}
    with (_data() / "coinr_ASEM_COIN_Results_AggregatesRank.csv").open(encoding="utf-8") as fh:
        ranks = {r["UnitCode"]: int(r["Index"]) for r in csv.DictReader(fh)}
    assert set(got) == set(coinr)
    assert max(abs(float(got[u]["Index"]) - coinr[u]) for u in coinr) <= 1e-6
    assert {u: int(got[u]["Rank"]) for u in got} == ranks


def test_the_reference_check_passes() -> None:
    assert check_asem(_data())
