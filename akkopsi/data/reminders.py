"""E-mail reminders before the deadline to members that have not submitted, with a log."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone, translation

from akkopsi.accounts.models import User
from akkopsi.core.formatting import format_date, format_number
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ReminderLog, ReportingYear, Submission
from akkopsi.members.models import Contact, Member


def send_reminders(reporting_year: ReportingYear) -> int:
    """Remind every active member without a submitted or verified report; once a day each."""
    year = reporting_year.year
    done = set(
        Submission.objects.filter(
            year=year, status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED]
        ).values_list("member_id", flat=True)
    )
    today = timezone.localdate()
    already = set(
        ReminderLog.objects.filter(year=year, sent_at__date=today).values_list(
            "member_id", flat=True
        )
    )
    members = [
        m
        for m in Member.objects.active_on(date(year, 12, 31)).select_related("regency")
        if m.pk not in done and m.pk not in already
    ]
    ids = [m.pk for m in members]
    to: dict[int, set[str]] = {m.pk: set() for m in members}
    for member_id, email in (
        User.objects.filter(member_id__in=ids, is_active=True)
        .exclude(email="")
        .values_list("member_id", "email")
    ):
        to[member_id].add(email)
    for member_id, email in (
        Contact.objects.live()
        .filter(member_id__in=ids)
        .exclude(email="")
        .values_list("member_id", "email")
    ):
        to[member_id].add(email)
    with translation.override("id"):  # the reminder is written in Indonesian
        deadline = format_date(reporting_year.deadline)
    messages = []
    logs = []
    for m in members:
        if not to[m.pk]:
            continue
        subject = f"Pengingat: data sanitasi {year} {m} belum dikirim (batas {deadline})"
        body = (
            f"Yth. Pokja Sanitasi {m},\n\n"
            f"Data sanitasi dan anggaran tahun {year} belum dikirim ke Sekretariat Nasional AKKOPSI. "
            f"Batas waktu pengiriman: {deadline}.\n\n"
            f"Isi formulir atau unggah templat di platform AKKOPSI, lalu tekan Kirim.\n\n"
            f"Salam,\nSeknas AKKOPSI\n\n(Anggota nomor {m.membership_number}; {format_number(len(to[m.pk]))} penerima)"
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, sorted(to[m.pk])))
        logs.append(ReminderLog(member=m, year=year, recipients=", ".join(sorted(to[m.pk]))))
    if messages:
        send_mass_mail(messages, fail_silently=False)
        ReminderLog.objects.bulk_create(logs)
    return len(messages)
