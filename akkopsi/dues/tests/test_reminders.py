"""Reminders for overdue invoices: sent once per invoice and day, logged."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from akkopsi.conftest import sending
from akkopsi.dues.models import ReminderLog
from akkopsi.dues.reminders import send_reminders as send_now
from akkopsi.dues.tests.conftest import pay
from akkopsi.members.models import Contact

pytestmark = pytest.mark.django_db


def send_reminders(**kwargs: Any) -> Any:
    with sending():
        return send_now(**kwargs)


ON = date(2015, 5, 19)


def test_members_with_overdue_invoices_get_one_message_each(invoices: Any, users: Any) -> None:
    pay(invoices["6474"], "1500000", users["treasurer"])
    Contact.objects.create(
        member=invoices["6471"].member,
        name="Sekretaris Pokja",
        email="pokja@balikpapan.go.id",
        is_primary=True,
    )
    run = send_reminders(on=ON)
    assert (run.members, run.invoices, run.sent, run.failed) == (2, 2, 1, 1)  # Buleleng: no address
    sent = [m for m in mail.outbox if "Kota Balikpapan" in m.subject]
    message = sent[0]
    assert message.subject == "Pengingat iuran AKKOPSI: 1 tagihan Kota Balikpapan lewat jatuh tempo"
    assert "INV/2015/0002" in message.body and "Rp1.500.000" in message.body
    assert {m.to[0] for m in sent} == {"pokja@balikpapan.go.id", "staf-6471@contoh.go.id"}
    log = ReminderLog.objects.get(invoice=invoices["6471"])
    assert (log.sent_on, log.status, log.balance) == (ON, "sent", 1500000)
    assert "pokja@balikpapan.go.id" in log.recipients


def test_running_twice_the_same_day_sends_nothing_twice(invoices: Any) -> None:
    send_reminders(on=ON, every_days=1)
    again = send_reminders(on=ON, every_days=1)
    assert again.sent == 0 and len(mail.outbox) == 2  # Buleleng has no address
    assert ReminderLog.objects.count() == 3
    tomorrow = send_reminders(on=date(2015, 5, 20), every_days=1)
    assert tomorrow.sent == 2


def test_reminders_wait_the_interval(invoices: Any) -> None:
    send_reminders(on=ON)
    assert send_reminders(on=date(2015, 5, 25)).invoices == 0
    assert send_reminders(on=date(2015, 5, 26)).invoices == 3


def test_a_member_without_address_is_logged_as_failed(invoices: Any) -> None:
    run = send_reminders(on=ON)
    assert run.failed == 1
    log = ReminderLog.objects.get(invoice=invoices["5108"])
    assert log.status == "failed" and log.error


def test_nothing_is_reminded_before_the_due_date(invoices: Any) -> None:
    assert send_reminders(on=date(2015, 3, 31)).invoices == 0
    assert not mail.outbox


def test_the_command_with_dry_run_sends_nothing(invoices: Any) -> None:
    out = StringIO()
    call_command("dues_remind", "--on", "2015-05-19", "--dry-run", stdout=out)
    assert "3 overdue invoices" in out.getvalue()
    assert not mail.outbox and not ReminderLog.objects.exists()
    with sending():
        call_command("dues_remind", "--on", "2015-05-19", stdout=StringIO())
    assert len(mail.outbox) == 2
