"""Format quirks that are safely understood (the refused ones are in test_bad_input.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from akkopsi.data.importing.cells import (
    CellError,
    is_blank,
    parse_boolean,
    parse_code,
    parse_decimal,
    parse_money,
    parse_year,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (80, Decimal(80)),
        (80.25, Decimal("80.25")),
        ("80,5", Decimal("80.5")),
        ("80.5", Decimal("80.5")),
        (" 80,5 ", Decimal("80.5")),
        ("1.234.567", Decimal(1234567)),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234,567", Decimal(1234567)),
        ("1,234,567.89", Decimal("1234567.89")),
        ("1\u00a0234\u00a0567", Decimal(1234567)),
        ("-2,5", Decimal("-2.5")),
    ],
)
def test_numbers_written_the_indonesian_or_english_way(raw: object, value: Decimal) -> None:
    assert parse_decimal(raw) == value


def test_percent_sign_is_understood_on_percentages_only() -> None:
    assert parse_decimal("85,5%", percent=True) == Decimal("85.5")
    with pytest.raises(CellError):
        parse_decimal("85,5%")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.500", Decimal("1500.00")),
        ("1,500", Decimal("1500.00")),
        ("Rp1.500.000,50", Decimal("1500000.50")),
        ("Rp 1.384.569.825.267", Decimal("1384569825267.00")),
        (1362222315800.68, Decimal("1362222315800.68")),
    ],
)
def test_money_with_separators_and_sen(raw: object, value: Decimal) -> None:
    assert parse_money(raw) == value


def test_a_single_separator_is_a_decimal_mark_for_indicators() -> None:
    assert parse_decimal("1.500") == Decimal("1.5")
    assert parse_decimal("1,500") == Decimal("1.5")


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "–"])
def test_empty_and_dash_mean_no_value(raw: object) -> None:
    assert is_blank(raw)


def test_codes_years_and_booleans() -> None:
    assert (
        parse_code(6474) == "6474"
        and parse_code(6474.0) == "6474"
        and parse_code("64.74") == "6474"
    )
    assert parse_year("2024") == 2024 and parse_year(2024.0) == 2024
    assert parse_boolean("ya") == 1 and parse_boolean("Tidak") == 0 and parse_boolean(True) == 1
