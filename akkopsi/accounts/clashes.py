"""Accounts sharing an e-mail address (case-insensitively), found before the unique
constraint on e-mail is added: the migration names them instead of failing obscurely."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def email_clashes(user_model: Any) -> dict[str, list[str]]:
    """E-mail address (lower case) -> usernames of the accounts sharing it, for every address
    used by more than one account. ``user_model`` may be the historical model of a migration."""
    by_email: dict[str, list[str]] = defaultdict(list)
    for username, email in (
        user_model._default_manager.exclude(email="")
        .order_by("username")
        .values_list("username", "email")
    ):
        by_email[email.strip().lower()].append(username)
    return {email: names for email, names in sorted(by_email.items()) if len(names) > 1}


def clash_report(clashes: dict[str, list[str]]) -> str:
    """The clashes as a message for the administrator, in Indonesian."""
    lines = [
        "Alamat e-mail berikut dipakai lebih dari satu akun; ubah dulu agar setiap akun "
        "memakai alamatnya sendiri, lalu jalankan migrate lagi:"
    ]
    lines += [f"- {email}: {', '.join(names)}" for email, names in clashes.items()]
    return "\n".join(lines)


def refuse_clashes(apps: Any, schema_editor: Any) -> None:
    """Migration step: stop, naming every clash, when e-mail addresses are shared."""
    clashes = email_clashes(apps.get_model("accounts", "User"))
    if clashes:
        raise RuntimeError(clash_report(clashes))
