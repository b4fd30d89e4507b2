"""The summit delegate fee: invoiced once by the dues module when a place is confirmed, voided
on cancellation unless something was already settled against it (the dues module's rules)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.coordination import services
from akkopsi.coordination.models import Delegate, DelegateStatus, Summit
from akkopsi.coordination.tests.factories import make_summit
from akkopsi.core.dates import today
from akkopsi.dues import services as dues
from akkopsi.dues.choices import InvoiceKind
from akkopsi.dues.models import Invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(members: Any) -> Summit:
    summit = make_summit(number=15, capacity=1)
    summit.fee = Decimal("1500000")
    summit.save()
    return summit


def _register(summit: Summit, member: Any, name: str) -> Delegate:
    return services.register_delegate(summit=summit, member=member, name=name, by=None)


def test_a_confirmed_delegate_is_invoiced_once(summit: Summit, members: Any, users: Any) -> None:
    first = _register(summit, members["6474"], "Pak Budi")
    invoice = first.fee_invoice
    assert invoice is not None and invoice.member == members["6474"]
    assert invoice.kind == InvoiceKind.ONE_OFF and invoice.amount == Decimal("1500000.00")
    assert "XV" in invoice.description and "Pak Budi" in invoice.description
    assert invoice.due_on == today() + timedelta(days=services.FEE_DUE_DAYS)
    waiting = _register(summit, members["6474"], "Bu Sari")
    assert waiting.status == DelegateStatus.WAITLISTED and waiting.fee_invoice is None
    services.change_delegate_status(
        delegate=waiting, status="registered", by=users["secretariat"], by_secretariat=True
    )
    waiting.refresh_from_db()
    assert waiting.fee_invoice is not None and waiting.fee_invoice != invoice
    services.change_delegate_status(
        delegate=first, status="attended", by=users["secretariat"], by_secretariat=True
    )
    assert Invoice.objects.count() == 2  # attending does not invoice again


def test_no_fee_no_invoice(members: Any) -> None:
    delegate = _register(make_summit(number=16), members["6474"], "Pak Budi")
    assert delegate.fee_invoice is None and not Invoice.objects.exists()


def test_cancelling_voids_an_unpaid_fee_invoice(summit: Summit, members: Any, users: Any) -> None:
    delegate = _register(summit, members["6474"], "Pak Budi")
    delegate = services.change_delegate_status(
        delegate=delegate, status="cancelled", by=users["bontang"], by_secretariat=False
    )
    invoice = Invoice.objects.get()
    assert invoice.is_void and "Pak Budi" in invoice.void_reason
    assert invoice.number in delegate.fee_note


def test_cancelling_keeps_a_paid_fee_invoice_for_the_treasurer(
    client: Any, summit: Summit, members: Any, users: Any
) -> None:
    delegate = _register(summit, members["6474"], "Pak Budi")
    dues.record_payment(
        invoice=delegate.fee_invoice,
        amount=Decimal("1500000"),
        paid_on=today(),
        method="transfer",
        idempotency_key="css-15-budi",
        by=users["treasurer"],
    )
    client.force_login(users["bontang"])
    response = client.post(
        reverse("coordination:delegate_status", args=[delegate.pk]),
        {"status": "cancelled"},
        follow=True,
    )
    assert Delegate.objects.get().status == DelegateStatus.CANCELLED
    invoice = Invoice.objects.get()
    assert not invoice.is_void
    notes = [str(m) for m in response.context["messages"]]
    assert any(invoice.number in n for n in notes)
