"""E-mail reminders about open action items that are overdue or due soon, to the owner member's staff."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail

from akkopsi.accounts.models import Role, User
from akkopsi.coordination.models import ActionItem


def send_action_reminders(*, day: date, days_ahead: int = 7) -> int:
    """One e-mail per owner member listing its open actions due by ``day + days_ahead``.

    Actions owned only by a person go to the secretariat in one digest.
    Returns the number of e-mails sent.
    """
    actions = (
        ActionItem.objects.open()
        .filter(due_on__lte=day + timedelta(days=days_ahead))
        .select_related("owner_member__regency", "meeting")
        .order_by("due_on")
    )
    by_member: dict[int | None, list[ActionItem]] = defaultdict(list)
    for a in actions:
        by_member[a.owner_member_id].append(a)
    to: dict[int | None, set[str]] = defaultdict(set)
    for staff_member_id, email in (
        User.objects.filter(member_id__in=[k for k in by_member if k], is_active=True)
        .exclude(email="")
        .values_list("member_id", "email")
    ):
        to[staff_member_id].add(email)
    secretariat = set(
        User.objects.filter(role=Role.SECRETARIAT, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    to[None] = secretariat
    messages = []
    for member_id, items in by_member.items():
        if not to[member_id]:
            continue
        who = str(items[0].owner_member) if member_id else "Sekretariat Nasional"
        lines = []
        for a in items:
            state = "TERLAMBAT" if a.due_on < day else "segera"
            source = f" ({a.meeting.title})" if a.meeting is not None else ""
            owner = f" [{a.owner_person}]" if a.owner_person else ""
            lines.append(f"- {a.what}{owner}{source}: batas {a.due_on:%d-%m-%Y}, {state}")
        subject = f"Pengingat tindak lanjut AKKOPSI: {len(items)} tindak lanjut {who}"
        body = (
            f"Yth. {who},\n\nTindak lanjut berikut masih terbuka:\n\n"
            + "\n".join(lines)
            + "\n\nPerbarui statusnya di Akkopsi Platform.\n\nSekretariat Nasional AKKOPSI"
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, sorted(to[member_id])))
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
