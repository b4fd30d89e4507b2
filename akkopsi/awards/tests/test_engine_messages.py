"""The composite engine's codes, translated at the awards' edge (ADR 0038)."""

from __future__ import annotations

import pickle

import pytest
from django.utils import translation

from akkopsi.awards.engine_messages import (
    MESSAGES,
    check_text,
    located_text,
    problem_text,
    saved_check,
)
from akkopsi.core.engine_messages import missing_codes
from akkopsi.engines.composite import (
    Aggregate,
    AnalysisCheck,
    DataError,
    Indicator,
    Methodology,
    MethodologyError,
    Normalisation,
    ahp_weights,
)
from akkopsi.engines.composite.errors import TEMPLATES, CompositeIssue
from akkopsi.engines.errors import EngineProblem


def test_every_composite_code_has_a_msgid_equal_to_its_english_template() -> None:
    assert missing_codes(CompositeIssue, MESSAGES) == set()
    assert set(TEMPLATES) == set(CompositeIssue)
    with translation.override("en"):
        for code, template in TEMPLATES.items():
            assert str(MESSAGES[code]) == template, code


def test_composite_errors_read_as_before_in_indonesian() -> None:
    with pytest.raises(MethodologyError) as parent:
        Methodology((Indicator("I0", "NOPE"),), (Aggregate("IDX", 2),))
    with pytest.raises(MethodologyError) as goalposts:
        Normalisation.goalposts(10, 10)
    with pytest.raises(MethodologyError) as reciprocal:
        ahp_weights([[1, 2], [2, 1]])
    with translation.override("id"):
        assert located_text(parent.value) == (
            "kode I0, kolom Parent: induk (Parent) 'NOPE' tidak dikenal: bukan kode agregat"
        )
        assert located_text(goalposts.value) == (
            "goalpost bawah (Lower = 10) harus lebih kecil dari batas atas (Upper = 10)"
        )
        assert located_text(reciprocal.value) == (
            "baris 1, kolom 2: matriks tidak resiprokal: A[1][2] x A[2][1] harus 1"
        )
    with translation.override("en"):
        assert located_text(parent.value) == str(parent.value)


def test_parameters_survive_pickling() -> None:
    err = DataError(CompositeIssue.DUPLICATE_UNIT, unit="3401", column="uCode")
    again = pickle.loads(pickle.dumps(err))
    assert again.error_code == CompositeIssue.DUPLICATE_UNIT and again.params["unit"] == "3401"
    with translation.override("id"):
        assert located_text(again) == "unit 3401, kolom uCode: kode unit '3401' ganda"


def test_notes_and_checks_are_translated_and_old_checks_stay_as_saved() -> None:
    note = EngineProblem(CompositeIssue.CONSTANT_INDICATOR, {"indicator": "AKSES"})
    wide = AnalysisCheck(
        "sobol_in_unit_interval",
        False,
        EngineProblem(
            CompositeIssue.SOBOL_OUTSIDE_UNIT_INTERVAL,
            {"items": "bobot (first order) -0.37 [-0.50; -0.20]", "n": 8, "runs": 24},
        ),
    )
    with translation.override("id"):
        assert problem_text(note) == (
            "indikator AKSES bernilai sama untuk semua unit (tidak membedakan)"
        )
        expected = (
            "indeks Sobol di luar [0, 1] bahkan dalam interval bootstrap-nya: bobot (orde "
            "pertama) -0.37 [-0.50; -0.20]; naikkan N (sekarang 8, 24 run)"
        )
        assert check_text(wide) == expected
        saved = saved_check(wide)
        assert saved["message"] == expected and saved["params"]["n"] == 8
        assert check_text(saved) == expected
        old = {"code": "sobol_precision", "ok": False, "message": "teks yang tersimpan"}
        assert check_text(old) == "teks yang tersimpan"
    assert saved_check(AnalysisCheck("nominal_in_range", True)) == {
        "code": "nominal_in_range",
        "ok": True,
        "message": "",
    }
