"""Corrections: void with a reason and reversing entries; waivers by board decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from akkopsi.dues import services
from akkopsi.dues.choices import EntryKind
from akkopsi.dues.models import Invoice, LedgerEntry, Payment, Receipt
from akkopsi.dues.reconcile import reconcile
from akkopsi.dues.tests.conftest import pay

pytestmark = pytest.mark.django_db


def test_voiding_a_payment_keeps_it_and_posts_reversing_entries(invoices: Any, users: Any) -> None:
    invoice = invoices["6474"]
    payment = pay(invoice, "1500000", users["treasurer"])
    services.void_payment(payment=payment, reason="Transfer ditolak bank", by=users["treasurer"])
    payment.refresh_from_db()
    assert payment.is_void and payment.void_reason == "Transfer ditolak bank"
    assert payment.voided_by == users["treasurer"]
    entries = list(LedgerEntry.objects.filter(payment=payment).order_by("pk"))
    assert [e.amount for e in entries] == [Decimal("-1500000.00"), Decimal("1500000.00")]
    assert entries[1].reverses == entries[0]
    assert services.invoice_balance(invoice) == Decimal("1500000.00")
    assert Receipt.objects.filter(payment=payment).exists()  # its number is never reused
    assert pay(invoice, "1500000", users["treasurer"]).receipt.number == "KWT/2015/0002"
    assert reconcile().ok


def test_voiding_needs_a_reason_and_writes_nothing_without_one(invoices: Any, users: Any) -> None:
    payment = pay(invoices["6474"], "1500000", users["treasurer"])
    entries = LedgerEntry.objects.count()
    for call in (
        lambda: services.void_payment(payment=payment, reason="  ", by=users["treasurer"]),
        lambda: services.void_invoice(invoice=invoices["6471"], reason="", by=users["treasurer"]),
    ):
        with pytest.raises(ValidationError, match="Alasan wajib diisi"):
            call()
    assert LedgerEntry.objects.count() == entries
    assert not Payment.objects.get().is_void and not Invoice.objects.live().count() < 3


def test_voiding_twice_is_refused(invoices: Any, users: Any) -> None:
    payment = pay(invoices["6474"], "1500000", users["treasurer"])
    services.void_payment(payment=payment, reason="Salah input", by=users["treasurer"])
    with pytest.raises(ValidationError, match="sudah dibatalkan"):
        services.void_payment(payment=payment, reason="lagi", by=users["treasurer"])
    assert LedgerEntry.objects.filter(payment=payment).count() == 2


def test_an_invoice_with_money_on_it_cannot_be_voided(invoices: Any, users: Any) -> None:
    pay(invoices["6474"], "500000", users["treasurer"])
    with pytest.raises(ValidationError, match="masih memiliki pembayaran"):
        services.void_invoice(invoice=invoices["6474"], reason="Salah", by=users["treasurer"])
    assert not Invoice.objects.get(pk=invoices["6474"].pk).is_void


def test_voiding_an_invoice_reverses_its_entry_and_keeps_its_number(
    invoices: Any, users: Any
) -> None:
    services.void_invoice(invoice=invoices["6471"], reason="Dobel", by=users["treasurer"])
    invoice = Invoice.objects.with_status(date(2015, 5, 19)).get(pk=invoices["6471"].pk)
    assert (invoice.status, invoice.balance, invoice.number) == ("void", 0, "INV/2015/0002")
    kinds = list(invoice.entries.values_list("kind", "amount"))
    assert kinds == [
        (EntryKind.INVOICE, Decimal("1500000.00")),
        (EntryKind.INVOICE, Decimal("-1500000.00")),
    ]


def test_business_records_and_entries_cannot_be_deleted_or_edited(
    invoices: Any, users: Any
) -> None:
    entry = LedgerEntry.objects.first()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        LedgerEntry.objects.all().update(amount=1)
    with pytest.raises(ValidationError):
        invoices["6474"].delete()


def test_a_waiver_by_board_decision_is_its_own_entry(invoices: Any, users: Any) -> None:
    invoice = invoices["5108"]
    pay(invoice, "500000", users["treasurer"])
    waiver = services.waive(
        invoice=invoice,
        decision_reference="Keputusan Rapat Dewan Pengurus No. 07/2015",
        decided_on=date(2015, 5, 19),
        reason="Bencana banjir",
        by=users["treasurer"],
    )
    assert waiver.amount == Decimal("1500000.00")  # the whole remaining balance
    assert services.invoice_balance(invoice) == 0
    status = Invoice.objects.with_status(date(2015, 6, 1)).get(pk=invoice.pk).status
    assert status == "paid"  # partly paid, the rest waived
    assert invoice.amount == Decimal("2000000.00")  # the invoice itself is never edited
    services.void_waiver(waiver=waiver, reason="Keputusan dicabut", by=users["treasurer"])
    assert services.invoice_balance(invoice) == Decimal("1500000.00")
    assert reconcile().ok


def test_a_full_waiver_shows_as_waived(invoices: Any, users: Any) -> None:
    services.waive(
        invoice=invoices["6471"],
        decision_reference="SK 01/2015",
        decided_on=date(2015, 5, 19),
        reason="Bencana",
        by=users["treasurer"],
    )
    assert Invoice.objects.with_status(date(2015, 6, 1)).get(pk=invoices["6471"].pk).status == (
        "waived"
    )


def test_a_waiver_beyond_the_balance_or_without_a_decision_is_refused(
    invoices: Any, users: Any
) -> None:
    base = {"invoice": invoices["6474"], "decided_on": date(2015, 5, 19), "by": users["treasurer"]}
    with pytest.raises(ValidationError, match="melebihi sisa tagihan"):
        services.waive(decision_reference="SK", reason="x", amount=Decimal("1500000.01"), **base)
    with pytest.raises(ValidationError, match="nomor keputusan"):
        services.waive(decision_reference=" ", reason="x", **base)
    assert not invoices["6474"].waivers.exists()


def test_voiding_a_payment_whose_credit_was_used_is_refused_until_the_credit_is_undone(
    invoices: Any, users: Any
) -> None:
    member = invoices["6474"].member
    payment = pay(invoices["6474"], "2000000", users["treasurer"])
    later = services.create_invoice(
        member=member,
        description="Biaya CSS",
        amount="500000",
        issued_on=date(2015, 9, 1),
        due_on=date(2015, 10, 1),
        by=users["treasurer"],
    )
    [application] = services.apply_credit(member=member, by=users["treasurer"])
    with pytest.raises(ValidationError, match="sudah dipakai"):
        services.void_payment(payment=payment, reason="Ditolak", by=users["treasurer"])
    services.void_credit_application(
        application=application, reason="Ditolak", by=users["treasurer"]
    )
    assert services.invoice_balance(later) == Decimal("500000.00")
    services.void_payment(payment=payment, reason="Ditolak", by=users["treasurer"])
    assert services.member_credit(member) == 0
    assert services.invoice_balance(invoices["6474"]) == Decimal("1500000.00")
    assert reconcile().ok
