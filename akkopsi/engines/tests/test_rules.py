"""The rules stated once (akkopsi.engines.rules), against their definitions in exact fractions."""

from __future__ import annotations

import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akkopsi.engines.rules import (
    COMMITMENT,
    format_number,
    group_thousands,
    households,
    median,
    meets_commitment,
)

#: Rupiah with sen, as the database stores them (max_digits 20, 2 decimals).
rupiah = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("1e17"), places=2, allow_nan=False
)


@pytest.mark.parametrize(
    ("spent", "apbd", "expected"),
    [
        ("199999999999.95", "10000000000000", False),  # 1.9999999999995 %
        ("19950000", "1000000000", False),  # 1.995 %: rounds to 2.00 but is below
        ("20000000", "1000000000", True),  # exactly 2 %
        ("19999999.99", "1000000000", False),  # one sen short
        ("20000000.01", "1000000000", True),
        ("0", "1000000000", False),  # a reported zero is a decision
    ],
)
def test_commitment_at_the_boundary(spent: str, apbd: str, expected: bool) -> None:
    assert meets_commitment(Decimal(spent), Decimal(apbd)) is expected


@pytest.mark.parametrize(
    ("spent", "apbd"),
    [(None, Decimal(1000)), (Decimal(20), None), (None, None), (Decimal(20), Decimal(0))],
)
def test_commitment_missing_figures_are_undecided(
    spent: Decimal | None, apbd: Decimal | None
) -> None:
    assert meets_commitment(spent, apbd) is None


@given(spent=st.one_of(st.none(), rupiah), apbd=st.one_of(st.none(), rupiah))
def test_commitment_is_the_exact_share(spent: Decimal | None, apbd: Decimal | None) -> None:
    decided = meets_commitment(spent, apbd)
    if spent is None or apbd is None:
        assert decided is None  # never True (nor False) for a missing figure
    else:
        assert decided is (Fraction(spent) / Fraction(apbd) * 100 >= Fraction(COMMITMENT))


@given(apbd=rupiah, percent=st.decimals(min_value=0, max_value=100, places=3))
def test_commitment_holds_exactly_at_its_own_share(apbd: Decimal, percent: Decimal) -> None:
    exact = Fraction(apbd) * Fraction(percent) / 100
    sen = Fraction(1, 100)
    at = Decimal((exact / sen).__ceil__()) / 100  # the least spending in sen that meets it
    assert meets_commitment(at, apbd, percent) is True
    if at > 0:
        assert meets_commitment(at - Decimal("0.01"), apbd, percent) is False


@given(st.lists(rupiah, min_size=1, max_size=40))
def test_median_is_the_standard_median(xs: list[Decimal]) -> None:
    assert Fraction(median(xs) or 0) == statistics.median(Fraction(x) for x in xs)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median([Decimal(4), Decimal(1), Decimal(3), Decimal(2)]) == Decimal("2.5")
    assert median([Decimal(1), Decimal(2), Decimal(9)]) == Decimal(2)
    assert median([]) is None


@given(
    population=st.integers(min_value=1, max_value=60_000_000),
    size=st.decimals(min_value=1, max_value=10, places=2),
)
def test_households_round_half_up(population: int, size: Decimal) -> None:
    exact = Fraction(population) / Fraction(size)
    assert households(population, size) == int(exact + Fraction(1, 2))


def test_households_of_no_population_is_unknown() -> None:
    assert households(None) is None and households(0) is None
    assert households(1_000_003) == 263_159  # 263 158.68: the nearest household


@given(st.integers(min_value=-(10**40), max_value=10**40))
def test_group_thousands_groups_by_three(n: int) -> None:
    text = format_number(n)
    digits = text.lstrip("-")
    groups = digits.split(".")
    assert 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    assert int(text.replace(".", "")) == n
    assert group_thousands(str(abs(n))) == digits


@given(
    st.decimals(min_value=Decimal("-1e30"), max_value=Decimal("1e30"), allow_nan=False),
    st.integers(min_value=0, max_value=4),
)
def test_format_number_keeps_sign_sen_and_value(value: Decimal, places: int) -> None:
    text = format_number(value, places)
    whole, _, frac = text.partition(",")
    assert len(frac) == places
    back = Fraction(Decimal(whole.replace(".", "") + ("." + frac if frac else "")))
    assert abs(back - Fraction(value)) <= Fraction(1, 10**places) / 2
    assert text.startswith("-") == (back < 0)


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("-1234567.891"), 2, "-1.234.567,89"),
        (Decimal("1500000.5"), 2, "1.500.000,50"),
        (Decimal("0.005"), 2, "0,01"),
        (Decimal("-0.004"), 2, "0,00"),
        (Decimal("1e30"), 2, "1" + ".000" * 10 + ",00"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (None, 0, "–"),
    ],
)
def test_format_number_examples(value: object, places: int, text: str) -> None:
    assert format_number(value, places) == text
