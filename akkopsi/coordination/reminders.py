"""Reminders about open action items that are overdue or due soon, to the owner member's
staff (inbox and e-mail, through notifications.notify_each)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from akkopsi.accounts.models import Role, User
from akkopsi.coordination.models import ActionItem
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.recipients import member_staff, with_role
from akkopsi.notifications.services import Notice, notify_each


def send_action_reminders(*, day: date, days_ahead: int = 7) -> int:
    """One reminder per owner member listing its open actions due by ``day + days_ahead``.

    Actions owned only by a person go to the secretariat in one digest.
    Returns the number of reminders that reached somebody by e-mail.
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
    to: dict[int | None, list[User]] = defaultdict(list)
    for user in member_staff([k for k in by_member if k]):
        to[user.member_id].append(user)
    to[None] = list(with_role(Role.SECRETARIAT))
    notices = [
        Notice(
            to[member_id],
            {
                "who": str(items[0].owner_member) if member_id else _("National Secretariat"),
                "items": items,
                "day": day,
            },
            reverse("coordination:action_list"),
        )
        for member_id, items in by_member.items()
    ]
    notify_each(Kind.ACTION_OVERDUE, notices)
    return sum(1 for n in notices if any(u.email for u in n.recipients))
