"""Payments: full, partial, several, overpayment as credit, idempotency, bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from akkopsi.dues import services
from akkopsi.dues.models import CreditApplication, Invoice, LedgerEntry, Payment, Receipt
from akkopsi.dues.tests.conftest import pay

pytestmark = pytest.mark.django_db


def _balance(invoice: Invoice) -> Decimal:
    return services.invoice_balance(invoice)


def test_a_full_payment_settles_the_invoice_and_issues_receipt_1(invoices: Any, users: Any) -> None:
    payment = pay(invoices["6474"], "1500000", users["treasurer"], bank_reference="BNI 0042")
    assert _balance(invoices["6474"]) == Decimal("0.00")
    assert payment.receipt.number == "KWT/2015/0001"
    assert (payment.applied_amount, payment.credit_amount) == (Decimal("1500000"), Decimal("0"))
    status = Invoice.objects.with_status(date(2015, 5, 19)).get(pk=invoices["6474"].pk).status
    assert status == "paid"


def test_several_partial_payments_add_up(invoices: Any, users: Any) -> None:
    invoice = invoices["6471"]
    pay(invoice, "500000", users["treasurer"])
    assert _balance(invoice) == Decimal("1000000.00")
    annotated = Invoice.objects.with_status(date(2015, 3, 1)).get(pk=invoice.pk)
    assert (annotated.balance, annotated.status) == (Decimal("1000000.00"), "partial")
    pay(invoice, "999999.50", users["treasurer"], paid_on=date(2015, 4, 11))
    pay(invoice, "0.50", users["treasurer"], paid_on=date(2015, 4, 12))
    assert _balance(invoice) == Decimal("0.00")
    assert list(Receipt.objects.order_by("sequence_no").values_list("number", flat=True)) == [
        "KWT/2015/0001",
        "KWT/2015/0002",
        "KWT/2015/0003",
    ]


def test_an_overpayment_is_kept_as_credit_and_applied_explicitly(
    invoices: Any, users: Any, schedule: Any
) -> None:
    member = invoices["6474"].member
    payment = pay(invoices["6474"], "2000000", users["treasurer"])
    assert (payment.applied_amount, payment.credit_amount) == (
        Decimal("1500000.00"),
        Decimal("500000.00"),
    )
    assert services.member_credit(member) == Decimal("500000.00")
    later = services.create_invoice(
        member=member,
        description="Biaya pendaftaran CSS XV",
        amount="750000",
        issued_on=date(2015, 9, 1),
        due_on=date(2015, 10, 1),
        by=users["treasurer"],
    )
    assert _balance(later) == Decimal("750000.00")  # credit is never applied silently
    applied = services.apply_credit(member=member, by=users["treasurer"], on=date(2015, 9, 2))
    assert [(a.invoice.number, a.amount) for a in applied] == [
        ("INV/2015/0004", Decimal("500000.00"))
    ]
    assert _balance(later) == Decimal("250000.00")
    assert services.member_credit(member) == Decimal("0.00")


def test_apply_credit_without_credit_is_refused(invoices: Any, users: Any) -> None:
    with pytest.raises(ValidationError, match="tidak memiliki kredit"):
        services.apply_credit(member=invoices["6474"].member, by=users["treasurer"])
    assert not CreditApplication.objects.exists()


def test_the_same_key_and_data_return_the_stored_payment(invoices: Any, users: Any) -> None:
    first = pay(invoices["6474"], "1500000", users["treasurer"], key="transfer-42")
    again = pay(invoices["6474"], "1500000", users["treasurer"], key="transfer-42")
    assert again.pk == first.pk and again.replayed and not first.replayed
    assert Payment.objects.count() == 1 and Receipt.objects.count() == 1
    assert _balance(invoices["6474"]) == Decimal("0.00")


def test_the_same_key_with_different_data_is_refused(invoices: Any, users: Any) -> None:
    pay(invoices["6474"], "1500000", users["treasurer"], key="transfer-42")
    with pytest.raises(services.IdempotencyConflict, match="sudah dipakai"):
        pay(invoices["6474"], "1000000", users["treasurer"], key="transfer-42")
    with pytest.raises(services.IdempotencyConflict):
        pay(invoices["6471"], "1500000", users["treasurer"], key="transfer-42")
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1500000", "lebih dari nol"),
        ("0", "lebih dari nol"),
        ("0.00", "lebih dari nol"),
        ("1500000.005", "paling banyak dua desimal"),
        ("satu juta", "bukan angka"),
        ("NaN", "bukan angka"),
        (1500000.5, "bukan float"),
        ("1" * 19, "terlalu besar"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(
    invoices: Any, users: Any, amount: Any, message: str
) -> None:
    entries = LedgerEntry.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.record_payment(
            invoice=invoices["6474"],
            amount=amount,
            paid_on=date(2015, 4, 1),
            method="transfer",
            idempotency_key="k1",
            by=users["treasurer"],
        )
    assert not Payment.objects.exists() and not Receipt.objects.exists()
    assert LedgerEntry.objects.count() == entries


def test_paying_an_unknown_invoice_is_refused(invoices: Any, users: Any) -> None:
    with pytest.raises(ValidationError, match="Tagihan tidak ditemukan"):
        pay(999999, "1000", users["treasurer"])
    assert not Payment.objects.exists()


def test_paying_a_void_invoice_is_refused(invoices: Any, users: Any) -> None:
    services.void_invoice(invoice=invoices["6474"], reason="Salah tarif", by=users["treasurer"])
    with pytest.raises(ValidationError, match="dibatalkan"):
        pay(invoices["6474"], "1500000", users["treasurer"])
    assert not Payment.objects.exists()


def test_a_payment_before_the_invoice_or_in_the_future_is_refused(
    invoices: Any, users: Any
) -> None:
    with pytest.raises(ValidationError, match="sebelum tagihan diterbitkan"):
        pay(invoices["6474"], "1000", users["treasurer"], paid_on=date(2014, 12, 31))
    with pytest.raises(ValidationError, match="masa depan"):
        pay(invoices["6474"], "1000", users["treasurer"], paid_on=date(2999, 1, 1))
    assert not Payment.objects.exists()


def test_a_missing_key_or_method_is_refused(invoices: Any, users: Any) -> None:
    with pytest.raises(ValidationError, match="kunci idempotensi"):
        services.record_payment(
            invoice=invoices["6474"],
            amount=Decimal("1"),
            paid_on=date(2015, 4, 1),
            method="transfer",
            idempotency_key="  ",
            by=users["treasurer"],
        )
    with pytest.raises(ValidationError, match="cara pembayaran"):
        pay(invoices["6474"], "1", users["treasurer"], method="bitcoin")
    assert not Payment.objects.exists()


def test_money_stays_decimal_from_service_to_database(invoices: Any, users: Any) -> None:
    pay(invoices["6474"], "1234.56", users["treasurer"])
    stored = Payment.objects.get()
    assert isinstance(stored.amount, Decimal) and stored.amount == Decimal("1234.56")
    entry = LedgerEntry.objects.get(payment=stored)
    assert isinstance(entry.amount, Decimal) and entry.amount == Decimal("-1234.56")
    annotated = Invoice.objects.with_balance().get(pk=invoices["6474"].pk)
    assert isinstance(annotated.balance, Decimal)
    assert annotated.balance == Decimal("1498765.44")
