"""A Hypothesis state machine drives the ledger through invoices, payments, voids, waivers
and credit, and checks after every step that the reconciliation agrees and that every
balance equals the one a plain Python model of the rules predicts."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from akkopsi.dues import services
from akkopsi.dues.reconcile import reconcile

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3000000"), places=2)
ISSUED, PAID, APPLIED = date(2015, 1, 15), date(2015, 3, 1), date(2015, 6, 1)


class DuesLedger(RuleBasedStateMachine):
    members: dict[str, Any] = {}
    treasurer: Any = None

    invoices = Bundle("invoices")
    payments = Bundle("payments")
    waivers = Bundle("waivers")
    credits = Bundle("credits")

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        # The model: balance per invoice, credit per member, live settlements per invoice.
        self.balance: dict[int, Decimal] = {}
        self.amount: dict[int, Decimal] = {}
        self.void_invoices: set[int] = set()
        self.owner: dict[int, str] = {}
        self.credit: dict[str, Decimal] = dict.fromkeys(self.members, ZERO)
        self.settlements: dict[int, int] = {}
        self.void_docs: set[tuple[str, int]] = set()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @rule(target=invoices, code=st.sampled_from(["6474", "6471", "5108"]), amount=money)
    def invoice(self, code: str, amount: Decimal) -> Any:
        inv = services.create_invoice(
            member=self.members[code],
            description="Uji",
            amount=amount,
            issued_on=ISSUED,
            due_on=ISSUED,
            by=self.treasurer,
        )
        self.balance[inv.pk], self.amount[inv.pk], self.owner[inv.pk] = amount, amount, code
        self.settlements[inv.pk] = 0
        return inv

    @rule(target=payments, invoice=invoices, amount=money)
    def pay(self, invoice: Any, amount: Decimal) -> Any:
        if invoice.pk in self.void_invoices:
            with pytest.raises(ValidationError):
                self._pay(invoice, amount)
            return multiple()
        payment = self._pay(invoice, amount)
        applied = min(amount, max(self.balance[invoice.pk], ZERO))
        assert (payment.applied_amount, payment.credit_amount) == (applied, amount - applied)
        self.balance[invoice.pk] -= applied
        self.credit[self.owner[invoice.pk]] += amount - applied
        self.settlements[invoice.pk] += 1
        return payment

    def _pay(self, invoice: Any, amount: Decimal) -> Any:
        return services.record_payment(
            invoice=invoice,
            amount=amount,
            paid_on=PAID,
            method="transfer",
            idempotency_key=uuid.uuid4().hex,
            by=self.treasurer,
        )

    @rule(payment=payments)
    def void_payment(self, payment: Any) -> None:
        code = self.owner[payment.invoice_id]
        refused = ("payment", payment.pk) in self.void_docs or (
            payment.credit_amount > self.credit[code]
        )
        if refused:
            with pytest.raises(ValidationError):
                services.void_payment(payment=payment, reason="uji", by=self.treasurer)
            return
        services.void_payment(payment=payment, reason="uji", by=self.treasurer)
        self.void_docs.add(("payment", payment.pk))
        self.balance[payment.invoice_id] += payment.applied_amount
        self.credit[code] -= payment.credit_amount
        self.settlements[payment.invoice_id] -= 1

    @rule(target=waivers, invoice=invoices, part=st.booleans())
    def waive(self, invoice: Any, part: bool) -> Any:
        balance = self.balance[invoice.pk]
        amount = (balance / 2).quantize(Decimal("0.01")) if part else None
        if invoice.pk in self.void_invoices or balance <= 0 or amount == ZERO:
            with pytest.raises(ValidationError):
                services.waive(
                    invoice=invoice,
                    amount=amount,
                    decision_reference="SK",
                    decided_on=PAID,
                    reason="uji",
                    by=self.treasurer,
                )
            return multiple()
        waiver = services.waive(
            invoice=invoice,
            amount=amount,
            decision_reference="SK",
            decided_on=PAID,
            reason="uji",
            by=self.treasurer,
        )
        assert waiver.amount == (amount or balance)
        self.balance[invoice.pk] -= waiver.amount
        self.settlements[invoice.pk] += 1
        return waiver

    @rule(waiver=waivers)
    def void_waiver(self, waiver: Any) -> None:
        if ("waiver", waiver.pk) in self.void_docs:
            with pytest.raises(ValidationError):
                services.void_waiver(waiver=waiver, reason="uji", by=self.treasurer)
            return
        services.void_waiver(waiver=waiver, reason="uji", by=self.treasurer)
        self.void_docs.add(("waiver", waiver.pk))
        self.balance[waiver.invoice_id] += waiver.amount
        self.settlements[waiver.invoice_id] -= 1

    @rule(target=credits, code=st.sampled_from(["6474", "6471", "5108"]))
    def apply_credit(self, code: str) -> Any:
        open_ids = sorted(
            pk
            for pk, owner in self.owner.items()
            if owner == code and pk not in self.void_invoices and self.balance[pk] > 0
        )
        if self.credit[code] <= 0 or not open_ids:
            with pytest.raises(ValidationError):
                services.apply_credit(member=self.members[code], by=self.treasurer, on=APPLIED)
            return multiple()
        applied = services.apply_credit(member=self.members[code], by=self.treasurer, on=APPLIED)
        for app in applied:
            assert app.invoice_id == open_ids.pop(0)  # oldest first
            self.balance[app.invoice_id] -= app.amount
            self.credit[code] -= app.amount
            self.settlements[app.invoice_id] += 1
        return multiple(*applied)

    @rule(application=credits)
    def void_credit(self, application: Any) -> None:
        if ("credit", application.pk) in self.void_docs:
            with pytest.raises(ValidationError):
                services.void_credit_application(
                    application=application, reason="uji", by=self.treasurer
                )
            return
        services.void_credit_application(application=application, reason="uji", by=self.treasurer)
        self.void_docs.add(("credit", application.pk))
        self.balance[application.invoice_id] += application.amount
        self.credit[self.owner[application.invoice_id]] += application.amount
        self.settlements[application.invoice_id] -= 1

    @rule(invoice=invoices)
    def void_invoice(self, invoice: Any) -> None:
        if invoice.pk in self.void_invoices or self.settlements[invoice.pk]:
            with pytest.raises(ValidationError):
                services.void_invoice(invoice=invoice, reason="uji", by=self.treasurer)
            return
        services.void_invoice(invoice=invoice, reason="uji", by=self.treasurer)
        self.void_invoices.add(invoice.pk)
        self.balance[invoice.pk] = ZERO

    @invariant()
    def books_reconcile(self) -> None:
        result = reconcile()
        assert result.ok, result.problems
        expected = sum(self.balance.values(), ZERO) - sum(self.credit.values(), ZERO)
        assert result.ledger_total == expected

    @invariant()
    def balances_follow_the_model(self) -> None:
        for pk, balance in self.balance.items():
            assert services.invoice_balance(pk) == balance  # type: ignore[arg-type]
            assert balance >= 0
        for code, credit in self.credit.items():
            assert services.member_credit(self.members[code]) == credit


def test_the_ledger_always_reconciles(members: Any, users: Any) -> None:
    DuesLedger.members = members
    DuesLedger.treasurer = users["treasurer"]
    run_state_machine_as_test(
        DuesLedger,
        settings=settings(
            max_examples=20,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
