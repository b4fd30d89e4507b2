"""The account a bulletin command acts as (shared by send_bulletin and recompute_sections)."""

from __future__ import annotations

from django.core.management.base import CommandError

from akkopsi.accounts.models import Role, User


def secretariat_account(username: str | None, doing: str) -> User:
    """The active account named ``username``, else the first active secretariat account;
    ``doing`` ends the message when there is none ("untuk mengirim")."""
    users = User.objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
    else:
        user = users.filter(role=Role.SECRETARIAT).order_by("pk").first()
    if user is None:
        raise CommandError(f"Tidak ada akun sekretariat {doing}.")
    return user
