"""Each event of the issue notifies once, the people the domain names, nobody else."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core import mail
from pypdf import PdfReader

from akkopsi.conftest import sending
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _told(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def submitted(members: Any, users: Any, open_year: Any) -> Any:
    from akkopsi.data import services
    from akkopsi.data.importing.service import commit, dry_run_file
    from akkopsi.data.tests.conftest import xlsx

    staff = users["bontang"]
    batch = xlsx({"Data": [["kode", "tahun", "babs"], ["6474", 2024, 5]]})
    commit(dry_run_file(batch, "a.xlsx", staff, current_year=2025), by=staff)
    return services.submit(member=members["6474"], year=2024, by=staff)


def test_returned_and_verified_go_to_the_members_staff(
    submitted: Any, members: Any, users: Any
) -> None:
    from akkopsi.data import services

    with sending():
        services.return_for_correction(
            member=members["6474"],
            year=2024,
            comment="BABS 5% tidak wajar",
            by=users["secretariat"],
        )
    assert _told(Kind.SUBMISSION_RETURNED) == ["staf-6474"]
    (note,) = Notification.objects.filter(kind=Kind.SUBMISSION_RETURNED)
    assert "BABS 5% tidak wajar" in note.body and note.link == "/data/anggota/6474/2024/isi/"
    assert [m.to for m in mail.outbox] == [["staf-6474@contoh.go.id"]]
    services.submit(member=members["6474"], year=2024, by=users["bontang"])
    with sending():
        services.verify(member=members["6474"], year=2024, by=users["secretariat"])
    assert _told(Kind.SUBMISSION_VERIFIED) == ["staf-6474"]
    assert len(mail.outbox) == 2


def test_opening_a_year_tells_staff_of_active_members_once(users: Any) -> None:
    from akkopsi.data import services

    opened = services.open_year(
        year=2025, opens_on=date(2026, 1, 1), deadline=date(2026, 3, 31), by=users["secretariat"]
    )
    assert _told(Kind.REPORTING_OPENED) == ["staf-6471", "staf-6474"]
    title = Notification.objects.filter(kind=Kind.REPORTING_OPENED).first().title  # type: ignore[union-attr]
    assert title == "Pelaporan data 2025 dibuka"
    services.change_deadline(  # moving the deadline of an open year is no news
        reporting_year=opened, deadline=date(2026, 4, 30), by=users["secretariat"]
    )
    assert Notification.objects.filter(kind=Kind.REPORTING_OPENED).count() == 2


def test_deadline_reminder_reaches_the_inbox(members: Any, users: Any, open_year: Any) -> None:
    from akkopsi.data.reminders import send_reminders

    assert send_reminders(open_year) == 2
    assert _told(Kind.DEADLINE_NEAR) == ["staf-6471", "staf-6474"]


def test_issued_invoices_carry_their_pdf(invoices: Any, users: Any) -> None:
    assert _told(Kind.INVOICE_ISSUED) == ["staf-6471", "staf-6474"]  # Buleleng: no staff
    from akkopsi.dues import services

    with sending():
        assert services.send_invoice(invoice=invoices["6474"], by=users["treasurer"]) == 1
    (message,) = mail.outbox
    assert message.to == ["staf-6474@contoh.go.id"]
    assert message.subject == "Tagihan INV/2015/0003 dari AKKOPSI"
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("INV-2015-0003.pdf", "application/pdf")
    text = _pdf_text(content)
    for expected in (
        "INV/2015/0003",
        "Keputusan Rakernas No. 07/2014",
        "31 Maret 2015",
        "Rp1.500.000",
        "123-456-7890",
        "Bank Demo Indonesia",
    ):
        assert expected in text, expected


def test_issued_invoices_link_to_their_page(invoices: Any) -> None:
    """The link is reversed once per batch and completed per invoice: the same as reverse()."""
    from django.urls import reverse

    notes = Notification.objects.filter(kind=Kind.INVOICE_ISSUED)
    assert notes.count() == 2
    pks = {i.member_id: i.pk for i in invoices.values()}
    for note in notes.select_related("recipient"):
        pk = pks[note.recipient.member_id]
        assert note.link == reverse("dues:invoice_detail", args=[pk]) == f"/iuran/tagihan/{pk}/"


def test_send_invoice_is_the_treasurers(invoices: Any, users: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from akkopsi.dues import services

    with pytest.raises(PermissionDenied):
        services.send_invoice(invoice=invoices["6474"], by=users["bontang"])


def test_payment_received_carries_the_receipt(invoices: Any, users: Any) -> None:
    from akkopsi.dues.tests.conftest import pay

    with sending():
        payment = pay(invoices["6474"], "500000", users["treasurer"])
    assert _told(Kind.PAYMENT_RECEIVED) == ["staf-6474"]
    (message,) = [m for m in mail.outbox if "kuitansi" in m.subject]
    ((name, content, _mime),) = message.attachments
    assert name == f"{payment.receipt.number.replace('/', '-')}.pdf"
    assert payment.receipt.number in _pdf_text(content)


def test_action_assigned_once_and_delegate_status(members: Any, users: Any) -> None:
    from akkopsi.coordination import services
    from akkopsi.coordination.models import DelegateStatus
    from akkopsi.coordination.tests.factories import make_meeting, make_summit

    meeting = make_meeting(attending=[members["6474"]])
    action = services.add_action(
        what="Siapkan CSS",
        due_on=date(2015, 10, 31),
        owner_member=members["6474"],
        meeting=meeting,
        by=users["secretariat"],
    )
    action.what = "Siapkan CSS di Padang"
    services.save_action(action=action, by=users["secretariat"])  # same owner: no news
    assert _told(Kind.ACTION_ASSIGNED) == ["staf-6474"]
    summit = make_summit(number=15, capacity=1)
    services.register_delegate(summit=summit, member=members["6471"], name="Pak Ali", by=None)
    waiting = services.register_delegate(
        summit=summit, member=members["6474"], name="Pak Budi", by=None
    )
    assert waiting.status == DelegateStatus.WAITLISTED
    services.change_delegate_status(
        delegate=waiting, status=DelegateStatus.CANCELLED, by=users["bontang"], by_secretariat=False
    )
    assert _told(Kind.DELEGATE_STATUS) == []  # the staff did it themselves
    services.change_delegate_status(
        delegate=services.register_delegate(
            summit=summit, member=members["6474"], name="Bu Sri", by=None
        ),
        status=DelegateStatus.CANCELLED,
        by=users["secretariat"],
        by_secretariat=True,
    )
    assert _told(Kind.DELEGATE_STATUS) == ["staf-6474"]


def test_jury_assigned_only_to_newly_seated_jurors(award: Any, users: Any) -> None:
    from akkopsi.awards import services
    from akkopsi.awards.models import Category

    assert _told(Kind.JURY_ASSIGNED) == ["juri", "juri-2"]
    inovasi = Category.objects.get(methodology=award["version"], code="inovasi")
    services.set_jury(award["edition"], inovasi, [users["jury"]], by=users["secretariat"])
    assert Notification.objects.filter(kind=Kind.JURY_ASSIGNED).count() == 2


def test_overdue_reminders_reach_the_inbox(invoices: Any, users: Any) -> None:
    from akkopsi.dues.reminders import send_reminders

    send_reminders(on=date(2015, 5, 19))
    assert _told(Kind.INVOICE_OVERDUE) == ["staf-6471", "staf-6474"]
    note = Notification.objects.get(kind=Kind.INVOICE_OVERDUE, recipient=users["bontang"])
    assert "INV/2015/0003" in note.body and note.link == "/iuran/anggota/6474/"


def test_action_reminders_reach_the_inbox(members: Any, users: Any) -> None:
    from akkopsi.coordination import services
    from akkopsi.coordination.reminders import send_action_reminders

    services.add_action(
        what="Laporkan CSS", due_on=date(2015, 10, 31), owner_member=members["6474"], by=None
    )
    services.add_action(
        what="Undang menteri", due_on=date(2015, 10, 31), owner_person="Ketua", by=None
    )
    assert send_action_reminders(day=date(2015, 11, 1)) == 2
    assert _told(Kind.ACTION_OVERDUE) == ["sekretariat", "staf-6474"]
    note = Notification.objects.get(kind=Kind.ACTION_OVERDUE, recipient=users["bontang"])
    assert "Laporkan CSS" in note.body and "TERLAMBAT" in note.body


def test_invoice_page_offers_pdf_and_sending_to_the_treasurer(
    client: Any, invoices: Any, users: Any
) -> None:
    from django.urls import reverse

    invoice = invoices["6474"]
    send = reverse("dues:invoice_send", args=[invoice.pk])
    pdf = reverse("dues:invoice_pdf", args=[invoice.pk])
    assert client.get(pdf).status_code == 302  # the public signs in first
    client.force_login(users["bontang"])
    page = client.get(reverse("dues:invoice_detail", args=[invoice.pk])).content.decode()
    assert pdf in page and send not in page
    assert client.get(pdf)["Content-Type"] == "application/pdf"
    assert client.post(send).status_code == 403
    client.force_login(users["balikpapan"])
    assert client.get(pdf).status_code in (403, 404)
    client.force_login(users["treasurer"])
    page = client.get(reverse("dues:invoice_detail", args=[invoice.pk])).content.decode()
    assert "Kirim tagihan lewat e-mail" in page
    with sending():
        response = client.post(send)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["staf-6474@contoh.go.id"]]
    assert (
        "Tagihan INV/2015/0003 sudah dikirim lewat e-mail."
        in client.get(response["Location"]).content.decode()
    )
