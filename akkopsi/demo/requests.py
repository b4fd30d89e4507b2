"""Demo: a few requests of member staff waiting for the treasurer (payment notices and a
waiver request), so that the treasurer's home shows its queues in ``make run``."""

from __future__ import annotations

from datetime import timedelta

from akkopsi.accounts.models import User
from akkopsi.core.dates import today
from akkopsi.dues.choices import PaymentMethod
from akkopsi.dues.models import Invoice, PaymentNotice, WaiverRequest
from akkopsi.dues.services.requests import report_payment, request_waiver

#: Members whose staff ask (Kota Bontang, Kota Balikpapan, Kota Denpasar): payment, payment, waiver.
ASKING = ("6474", "6471", "5171")


def load_requests() -> bool:
    """Two payment notices and one waiver request on open invoices; idempotent."""
    if PaymentNotice.objects.exists() or WaiverRequest.objects.exists():
        return False
    day = today()
    staff = {
        u.username.removeprefix("staf-"): u
        for u in User.objects.filter(username__in=[f"staf-{c}" for c in ASKING])
    }
    open_invoices = {
        inv.member.code: inv
        for inv in Invoice.objects.with_status(day)
        .filter(member__regency_id__in=ASKING, balance__gt=0, voided_at__isnull=True)
        .select_related("member__regency")
        .order_by("issued_on")  # the newest open invoice of each member wins
    }
    for n, code in enumerate(ASKING):
        invoice, user = open_invoices.get(code), staff.get(code)
        if invoice is None or user is None:
            continue
        if n < 2:
            report_payment(
                invoice=invoice,
                amount=invoice.balance,
                paid_on=day - timedelta(days=2 + n),
                method=PaymentMethod.TRANSFER,
                bank_reference=f"Bank Kaltim {day:%Y%m%d}-{n + 1:04d}",
                by=user,
            )
        else:
            request_waiver(
                invoice=invoice,
                reason="APBD Perubahan belum disahkan; mohon keringanan iuran tahun ini.",
                by=user,
            )
    return True
