"""The allocation engine's error codes, translated at the edge (ADR 0038)."""

from __future__ import annotations

import pickle
from dataclasses import replace

from django.utils import translation

from akkopsi.core.engine_messages import missing_codes
from akkopsi.engines.allocation import InvalidPlan, PlanError, build_model, default_catalogue
from akkopsi.engines.allocation.errors import NOTE_TEMPLATES, TEMPLATES, PlanNote, Stage
from akkopsi.engines.allocation.types import Note, PlanProblem, Source, SubSector
from akkopsi.planning import snapshot
from akkopsi.planning.engine_messages import (
    MESSAGES,
    STAGES,
    PlannerError,
    engine_message,
    located_text,
    note_text,
    plan_problem_text,
)


def _problem() -> PlanProblem:
    cat = default_catalogue()
    ladder = cat.ladders[0]
    options = tuple(
        o
        for o in cat.options
        if o.sub_sector == ladder.id and o.facility is None and o.capital_cost_per_household
    )
    baseline = (100,) + (0,) * (len(ladder.steps) - 1)
    return PlanProblem(
        base_year=2024,
        households=100,
        sub_sectors=(SubSector(ladder.id, ladder.name, ladder.steps, baseline),),
        options=options[:1],
        sources=(Source("apbd", "APBD", (10**9,) * 5, None, None),),
    )


def _error(problem: PlanProblem) -> InvalidPlan:
    try:
        build_model(problem)
    except InvalidPlan as exc:
        return exc
    raise AssertionError("the problem was accepted")


def test_every_engine_code_has_a_msgid_equal_to_its_english_template() -> None:
    assert missing_codes(PlanError, MESSAGES) == set()
    assert missing_codes(PlannerError, MESSAGES) == set()
    with translation.override("en"):
        for code, template in TEMPLATES.items():
            assert str(MESSAGES[code]) == template, code


def test_engine_messages_are_indonesian_at_the_edge() -> None:
    horizon = _error(replace(_problem(), horizon=0))
    unpaid = _error(
        replace(_problem(), sources=(Source("apbd", "APBD", (10**9,) * 5, frozenset(), None),))
    )
    assert unpaid.error_code == PlanError.OPTION_CAPITAL_UNPAID
    with translation.override("id"):
        assert plan_problem_text(horizon) == "horizon rencana minimal satu tahun"
        assert "sumber dana" in plan_problem_text(unpaid)
        assert engine_message(horizon) == (
            "Rencana tidak dapat dihitung (horizon): horizon rencana minimal satu tahun"
        )
    with translation.override("en"):
        assert plan_problem_text(horizon) == "the plan horizon must be at least one year"


def test_parameters_fill_the_translated_text_and_survive_pickling() -> None:
    err = InvalidPlan(
        PlannerError.BASELINE_PERCENT_SUM, where="sub_sectors[x].baseline", ladder="X", total="95"
    )
    again = pickle.loads(pickle.dumps(err))
    with translation.override("id"):
        assert located_text(again) == (
            "sub_sectors[x].baseline: persentase rumah tangga per anak tangga X berjumlah 95, "
            "harus 100"
        )
    with translation.override("id"):
        rate = _error(replace(_problem(), discount_rate=2))
        assert plan_problem_text(rate) == "harus di antara 0 dan 1"


def test_free_text_from_an_engine_part_without_codes_is_shown_as_written() -> None:
    assert plan_problem_text(InvalidPlan("teks bebas")) == "teks bebas"


def test_every_note_code_and_stage_has_a_msgid_equal_to_its_english_template() -> None:
    assert missing_codes(PlanNote, MESSAGES) == set()
    assert missing_codes(Stage, STAGES) == set()
    with translation.override("en"):
        for code, template in NOTE_TEMPLATES.items():
            assert str(MESSAGES[code]) == template, code
        for stage in Stage:
            assert str(STAGES[stage]) == stage.value


def test_result_notes_are_indonesian_at_the_edge_and_old_notes_stay_as_saved() -> None:
    missed = Note.of(
        PlanNote.TARGET_MISSED,
        target="air",
        kind="at_least",
        step="layak",
        percent=90.0,
        year=2027,
        households="4.000",
    )
    limit = Note.of(PlanNote.NODE_LIMIT, stage=Stage.COST.value, nodes=5000, gap=1.5)
    assert missed.text == "Target air at_least layak 90% in 2027 is short by 4.000 households."
    with translation.override("id"):
        assert (
            note_text(missed)
            == "Target air at_least layak 90% tahun 2027 kurang 4.000 rumah tangga."
        )
        assert note_text(limit).startswith("tahap 2 (biaya): batas 5000 node HiGHS tercapai")
        assert (
            note_text(Note.of(PlanNote.GREEDY_BASELINE)) == "Program dasar greedy (bukan optimal)."
        )
        # a result saved before the codes carries its notes as text
        assert note_text("Catatan lama.") == "Catatan lama."
        err = InvalidPlan(PlanError.APBD_FLOOR_UNREACHABLE, where=Stage.SHORTFALL.value)
        assert located_text(err).startswith("tahap 1 (kekurangan target): ")


def test_saved_notes_round_trip_through_the_result_json() -> None:
    note = Note.of(
        PlanNote.APBD_BELOW_COMMITMENT, source="apbd", year=2026, percent=1.5, commitment=2.0
    )
    assert snapshot.decode(snapshot.encode((note, "old text"))) == (note, "old text")
