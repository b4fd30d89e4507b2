from __future__ import annotations

from decimal import Decimal

import pytest

from akkopsi.core.formatting import format_number, format_percent, format_rupiah


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1500000"), "Rp1.500.000"),
        (Decimal("1384569825267.00"), "Rp1.384.569.825.267"),
        (Decimal("1362222315800.68"), "Rp1.362.222.315.800,68"),
        (Decimal("-2500.5"), "-Rp2.500,50"),
        (Decimal("0"), "Rp0"),
        (None, "–"),
    ],
)
def test_rupiah_is_written_the_indonesian_way(value: Decimal | None, text: str) -> None:
    assert format_rupiah(value) == text


def test_rupiah_can_force_sen() -> None:
    assert format_rupiah(Decimal("12"), sen=True) == "Rp12,00"


def test_numbers_and_percent() -> None:
    assert format_number(349) == "349"
    assert format_number(7277) == "7.277"
    assert format_number(Decimal("80.285"), 2) == "80,29"
    assert format_percent(Decimal("2.0")) == "2,0%"
    assert format_number("bukan angka") == "bukan angka"


def test_one_grouping_for_pages_and_engines() -> None:
    # The pages' formatter is the engines' rule (akkopsi.engines.rules.format_number): one
    # grouping for every number, including the engine's own notes and amounts beyond 28 digits.
    from akkopsi.engines import rules

    assert format_number is rules.format_number
    assert format_rupiah(Decimal("-1e30")) == "-Rp1" + ".000" * 10
    assert format_number(Decimal("12345678901234567890123456789.5"), 1) == (
        "12.345.678.901.234.567.890.123.456.789,5"
    )


@pytest.mark.parametrize(
    ("value", "places"),
    [
        (Decimal("1234567.5"), 1),
        (Decimal("-98765.43"), 2),
        (Decimal("7277"), 0),
        (Decimal("0.5"), 2),
    ],
)
def test_the_formatter_writes_what_djangos_indonesian_locale_writes(
    value: Decimal, places: int
) -> None:
    # The separators and grouping of akkopsi/formats/id, as Django's l10n applies them: the
    # one formatter (Django-free, for the engines too) writes the same text.
    from django.utils import translation
    from django.utils.formats import number_format

    with translation.override("id"):
        assert format_number(value, places) == number_format(value, places, force_grouping=True)
    with translation.override("en"):  # figures stay Indonesian in the English interface
        assert format_number(Decimal("1234.5"), 1) == "1.234,5"


def test_format_date_writes_the_long_form_in_the_active_language() -> None:
    from datetime import UTC, date, datetime

    from django.template import Context, Template
    from django.utils import translation

    from akkopsi.core.formatting import format_date

    with translation.override("id"):
        assert format_date(date(2026, 12, 3)) == "3 Desember 2026"
        # 20:00 UTC on 2 December is 3 December in Jakarta.
        assert format_date(datetime(2026, 12, 2, 20, 0, tzinfo=UTC)) == "3 Desember 2026"
        assert format_date(None) == "–"
        template = Template("{% load akkopsi %}{{ day|tanggal }}")
        assert template.render(Context({"day": date(2015, 5, 19)})) == "19 Mei 2015"
    with translation.override("en"):
        assert format_date(date(2026, 12, 3)) == "3 December 2026"
