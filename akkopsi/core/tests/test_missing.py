"""The one representation of a missing figure (core.missing) and its renderings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from akkopsi.core.missing import Coverage, Missing, Reason, api_value, is_missing, present


def test_missing_is_not_zero_and_says_why() -> None:
    gone = Missing(Reason.NO_BUDGET_LINES)
    assert not gone and is_missing(gone) and is_missing(None)
    assert not is_missing(Decimal(0))  # a reported 0 is a figure
    assert present([Decimal(0), None, gone, Decimal(2)]) == [Decimal(0), Decimal(2)]
    with pytest.raises(TypeError):
        _ = gone + Decimal(1)  # type: ignore[operator]
    with translation.override("id"):
        assert str(Missing(Reason.NOT_REPORTED)) == "belum dilaporkan"
        assert str(gone) == "belum dilaporkan (tidak ada baris anggaran sanitasi yang dilaporkan)"


def test_filters_render_missing_and_coverage() -> None:
    template = Template(
        "{% load akkopsi %}{{ a|persen:2 }}|{{ b|rupiah }}|{{ c|angka }}|{{ z|persen:2 }}|"
        "{{ cov|coverage }}|{{ frozen|coverage }}"
    )
    with translation.override("id"):
        out = template.render(
            Context(
                {
                    "a": Missing(Reason.NO_APBD_TOTAL),
                    "b": Missing(Reason.NOT_REPORTED),
                    "c": Missing(Reason.NOT_VERIFIED),
                    "z": Decimal(0),
                    "cov": Coverage.of(286, 492),
                    "frozen": {"reporting": 2, "excluded": 1},
                }
            )
        )
    a, b, c, z, cov, frozen = out.split("|")
    assert 'data-reason="no_apbd_total"' in a and "total APBD tidak dilaporkan" in a
    assert b == '<span class="missing-value" data-reason="not_reported">belum dilaporkan</span>'
    assert "belum diverifikasi" in c
    assert z == "0,00%"
    assert cov == "dari 286 anggota yang melapor; 206 belum melapor"
    assert frozen == "dari 2 anggota yang melapor; 1 belum melapor"


def test_api_value_is_null_with_a_reason() -> None:
    assert api_value("share", Missing(Reason.NO_BUDGET_LINES)) == {
        "share": None,
        "share_reason": "no_budget_lines",
    }
    assert api_value("share", Decimal("1.50")) == {"share": Decimal("1.50")}
    assert Coverage.of(5, 3) == Coverage(5, 0)  # never a negative exclusion
