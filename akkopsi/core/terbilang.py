"""Rupiah amounts in Indonesian words, as written on a receipt (kuitansi).

``terbilang(Decimal("1500000"))`` -> ``"satu juta lima ratus ribu rupiah"``.

Decisions (docs/adr/0005-dues-ledger.md):
- Sen are written after the rupiah without "dan": ``Decimal("125000.50")`` ->
  ``"seratus dua puluh lima ribu rupiah lima puluh sen"``; an amount of sen only is
  ``"lima puluh sen"``; zero is ``"nol rupiah"``.
- "se-" is used for 10, 11, 100 and 1000 (sepuluh, sebelas, seratus, seribu) and
  "satu" for the larger scales (satu juta, satu miliar), as in formal writing.
- Lower case; a template capitalises the first letter where a sentence starts.
- Scales up to kuadriliun (10^15), enough for any MoneyField amount (max_digits=18, decimal_places=2).
  More than two decimals is an error, never rounded silently.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["number_words", "terbilang"]

_UNITS = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]
_SCALES = [(10**15, "kuadriliun"), (10**12, "triliun"), (10**9, "miliar"), (10**6, "juta")]
LIMIT = 10**18


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words += [_UNITS[hundreds], "ratus"]
    if rest == 0:
        return words
    if rest < 12:
        words.append(_UNITS[rest])
    elif rest < 20:
        words += [_UNITS[rest - 10], "belas"]
    else:
        tens, ones = divmod(rest, 10)
        words += [_UNITS[tens], "puluh"]
        if ones:
            words.append(_UNITS[ones])
    return words


def number_words(n: int) -> str:
    """A whole number 0 <= n < 10^18 in Indonesian words: 2015 -> 'dua ribu lima belas'."""
    if not 0 <= n < LIMIT:
        raise ValueError(f"number out of range for words: {n}")
    if n == 0:
        return "nol"
    words: list[str] = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            words += [*_below_thousand(count), name]  # count < 1000 below LIMIT
    thousands, n = divmod(n, 1000)
    if thousands == 1:
        words.append("seribu")
    elif thousands > 1:
        words += [*_below_thousand(thousands), "ribu"]
    if n:
        words += _below_thousand(n)
    return " ".join(words)


def terbilang(amount: Decimal | int | str) -> str:
    """The amount in words with "rupiah" (and "sen" when there are sen)."""
    try:
        value = Decimal(amount) if not isinstance(amount, Decimal) else amount
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"an amount in rupiah has at most two decimals: {amount}")
    sign = "minus " if value < 0 else ""
    cents = int(abs(value) * 100)
    rupiah, sen = divmod(cents, 100)
    if rupiah >= LIMIT:
        raise ValueError(f"amount too large for words: {amount}")
    if rupiah == 0 and sen:
        return f"{sign}{number_words(sen)} sen"
    text = f"{sign}{number_words(rupiah)} rupiah"
    if sen:
        text += f" {number_words(sen)} sen"
    return text
