"""Amounts in Indonesian words, as on a kuitansi (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from akkopsi.core.terbilang import number_words, terbilang


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "nol rupiah"),
        ("1", "satu rupiah"),
        ("10", "sepuluh rupiah"),
        ("11", "sebelas rupiah"),
        ("12", "dua belas rupiah"),
        ("19", "sembilan belas rupiah"),
        ("20", "dua puluh rupiah"),
        ("99", "sembilan puluh sembilan rupiah"),
        ("100", "seratus rupiah"),
        ("111", "seratus sebelas rupiah"),
        ("250", "dua ratus lima puluh rupiah"),
        ("1000", "seribu rupiah"),
        ("1001", "seribu satu rupiah"),
        ("1100", "seribu seratus rupiah"),
        ("2015", "dua ribu lima belas rupiah"),
        ("11000", "sebelas ribu rupiah"),
        ("100000", "seratus ribu rupiah"),
        ("101000", "seratus satu ribu rupiah"),
        ("1000000", "satu juta rupiah"),
        ("1500000", "satu juta lima ratus ribu rupiah"),
        ("1001000", "satu juta seribu rupiah"),
        ("7500000", "tujuh juta lima ratus ribu rupiah"),
        ("1000000000", "satu miliar rupiah"),
        (
            "1384569825267",
            "satu triliun tiga ratus delapan puluh empat miliar lima ratus enam puluh sembilan juta delapan ratus dua puluh lima ribu dua ratus enam puluh tujuh rupiah",
        ),
        ("2000000000000000", "dua kuadriliun rupiah"),
        ("125000.50", "seratus dua puluh lima ribu rupiah lima puluh sen"),
        (
            "1333333.33",
            "satu juta tiga ratus tiga puluh tiga ribu tiga ratus tiga puluh tiga rupiah tiga puluh tiga sen",
        ),
        ("0.05", "lima sen"),
        ("0.5", "lima puluh sen"),
        ("1.00", "satu rupiah"),
        ("-1500", "minus seribu lima ratus rupiah"),
    ],
)
def test_terbilang(amount: str, words: str) -> None:
    assert terbilang(Decimal(amount)) == words


def test_the_largest_amount_a_money_field_holds() -> None:
    words = terbilang(Decimal("999999999999999999.99"))
    assert words.startswith("sembilan ratus sembilan puluh sembilan kuadriliun")
    assert words.endswith("rupiah sembilan puluh sembilan sen")


@pytest.mark.parametrize("bad", ["1.005", "1000000000000000000", "NaN", "Infinity", "satu"])
def test_terbilang_refuses_what_is_not_a_rupiah_amount(bad: str) -> None:
    with pytest.raises(ValueError):
        terbilang(bad)


def test_number_words_round_trip_on_every_number_below_ten_thousand_is_unique() -> None:
    seen = {number_words(n) for n in range(10_000)}
    assert len(seen) == 10_000
