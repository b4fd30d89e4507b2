"""Gapless per-year numbering: the one counter model and the one function that takes a number.

Dues invoices (``INV``) and receipts (``KWT``) and printed Rapor Sanitasi (``RAPOR``) take
their numbers here. The (kind, year) row is locked with SELECT ... FOR UPDATE until the
caller's transaction ends, so two users at once never get the same number and a rolled-back
transaction gives its number back (no gaps). See docs/adr/0040-gapless-numbering.md.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from akkopsi.core.models import NumberSequence


def lock(kind: str, year: int) -> NumberSequence:
    """The (kind, year) counter row, locked until the transaction ends; created if new.
    Call inside a transaction."""
    locked = NumberSequence.objects.select_for_update()
    try:
        return locked.get(kind=kind, year=year)
    except NumberSequence.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            NumberSequence.objects.create(kind=kind, year=year, last_number=0)
    except IntegrityError:
        pass  # another transaction created it first; the lock below waits for it
    return locked.get(kind=kind, year=year)


def next_number(kind: str, year: int, count: int = 1) -> int:
    """Take the next ``count`` numbers of ``kind`` in ``year`` (1, 2, 3, ...) and return the
    last of them. The counter stays locked until the caller's transaction ends, so a rolled
    back transaction gives its numbers back."""
    with transaction.atomic():
        sequence = lock(kind, year)
        sequence.last_number += count
        sequence.save(update_fields=["last_number"])
        return sequence.last_number


def last_numbers(kind: str) -> dict[int, int]:
    """year -> the last number issued of ``kind`` (for reconciliation checks)."""
    return dict(NumberSequence.objects.filter(kind=kind).values_list("year", "last_number"))


def formatted(prefix: str, year: int, number: int) -> str:
    """``INV/2015/0001``, ``RAPOR/2015/0001``."""
    return f"{prefix}/{year}/{number:04d}"
