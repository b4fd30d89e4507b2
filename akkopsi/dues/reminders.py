"""Reminders for overdue invoices (inbox and e-mail, through notifications), with a log of
what was sent to whom and when.

One message per member lists its overdue invoices; each invoice gets one ``ReminderLog``
row per day (a unique constraint), claimed before the message is sent, so running the
command twice a day, or twice at once, sends nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from akkopsi.accounts.models import Role, User
from akkopsi.dues.choices import ReminderStatus
from akkopsi.dues.due import past_due
from akkopsi.dues.models import HALF_SEN, ZERO, Invoice, ReminderLog
from akkopsi.dues.notices import staff_by_member
from akkopsi.members.models import Contact, Member
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.services import notify


@dataclass
class ReminderRun:
    members: int = 0
    invoices: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def overdue_invoices(*, on: date, every_days: int = 7) -> QuerySet:
    """Live invoices past due on ``on`` with a balance, not reminded in the last ``every_days``."""
    recent = ReminderLog.objects.filter(
        invoice=OuterRef("pk"), sent_on__gt=on - timedelta(days=every_days), sent_on__lte=on
    )
    return (
        Invoice.objects.live()
        .filter(past_due(on), issued_on__lte=on)
        .with_balance(on)
        .filter(balance__gt=HALF_SEN)
        .filter(~Exists(recent))
        .select_related("member__regency")
        .order_by("member__regency_id", "due_on", "sequence_no")
    )


def addresses(member_ids: list[int]) -> dict[int, list[str]]:
    """The member's own e-mail, its primary contacts and its active staff accounts."""
    found: dict[int, list[str]] = defaultdict(list)

    def add(member_id: int, email: str) -> None:
        email = (email or "").strip()
        if email and email.lower() not in {e.lower() for e in found[member_id]}:
            found[member_id].append(email)

    for member_id, email in Member.objects.filter(pk__in=member_ids).values_list("pk", "email"):
        add(member_id, email)
    for member_id, email in (
        Contact.objects.live()
        .filter(member_id__in=member_ids, is_primary=True)
        .values_list("member_id", "email")
    ):
        add(member_id, email)
    for member_id, email in User.objects.filter(
        member_id__in=member_ids, role=Role.MEMBER_STAFF, is_active=True
    ).values_list("member_id", "email"):
        add(member_id, email)
    return found


def send_reminders(*, on: date, every_days: int = 7, dry_run: bool = False) -> ReminderRun:
    """One reminder per member through notifications.notify (its inbox, e-mail to each
    address). A log row "sent" means handed to the notifications' queue; whether each
    e-mail left is in the notifications' delivery log."""
    run = ReminderRun()
    invoices = list(overdue_invoices(on=on, every_days=every_days))
    member_ids = sorted({i.member_id for i in invoices})
    to_by_member = addresses(member_ids)
    staff = staff_by_member(member_ids)
    for _member_id, group in groupby(invoices, key=lambda i: i.member_id):
        batch = list(group)
        member = batch[0].member
        run.members += 1
        run.invoices += len(batch)
        to = to_by_member.get(member.pk, [])
        if dry_run:
            continue
        if not _claim(batch, member, on, to, _subject(member, batch)):
            run.skipped += len(batch)
            continue
        logs = ReminderLog.objects.filter(invoice__in=batch, sent_on=on)
        if not to:
            run.failed += 1
            continue
        context = {"member": member, "invoices": batch, "on": on, "total": _total(batch)}
        link = reverse("dues:member_statement", args=[member.code])
        notify(
            staff.get(member.pk, []), Kind.INVOICE_OVERDUE, context=context, link=link, addresses=to
        )
        logs.update(status=ReminderStatus.SENT)
        run.sent += 1
    return run


def _total(batch: list[Invoice]) -> Any:
    return sum((i.balance for i in batch), ZERO)  # type: ignore[attr-defined]  # annotated


def _subject(member: Member, batch: list[Invoice]) -> str:
    with translation.override("id"):
        text = render_to_string(
            "dues/email/reminder_subject.txt", {"member": member, "invoices": batch}
        )
    return " ".join(text.split())


def _claim(batch: list[Invoice], member: Member, on: date, to: list[str], subject: str) -> bool:
    """Write the day's log rows first; False if another run already claimed them."""
    try:
        with transaction.atomic():
            ReminderLog.objects.bulk_create(
                [
                    ReminderLog(
                        invoice=invoice,
                        member=member,
                        sent_on=on,
                        recipients=", ".join(to),
                        subject=subject[:200],
                        balance=invoice.balance,  # type: ignore[attr-defined]  # annotated by the queryset
                        status=ReminderStatus.SENDING if to else ReminderStatus.FAILED,
                        error="" if to else "no e-mail address on record",
                    )
                    for invoice in batch
                ]
            )
    except IntegrityError:
        return False
    return True
