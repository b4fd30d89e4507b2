"""Concurrency of imports (ADR 25): confirmation tokens used once, and the locks a commit
takes before it reads again what the preview compared against."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.bulk import bulk_create_with_history
from akkopsi.data.importing.preview import Preview
from akkopsi.data.models import ConfirmToken, Submission


class AlreadyConfirmed(Exception):
    """The confirmation token was used already; ``batch_id`` is the import it made, if known."""

    def __init__(self, batch_id: int | None) -> None:
        super().__init__(_("This upload was already confirmed."))
        self.batch_id = batch_id


def issue_token(token: str, preview: Preview, user: User) -> ConfirmToken:
    """Record a dry run's confirmation token with the fingerprint the user saw."""
    return ConfirmToken.objects.create(token=token, user=user, fingerprint=preview.fingerprint)


def token_used(token: str, user: User) -> AlreadyConfirmed | None:
    """A cheap look before re-reading the file: the answer a used token gets."""
    row = (
        ConfirmToken.objects.filter(token=token, user=user, used_at__isnull=False)
        .values_list("batch_id")
        .first()
    )
    return None if row is None else AlreadyConfirmed(row[0])


def claim_token(token: str, by: User, now: datetime) -> str:
    """Mark ``token`` used (once) and return the fingerprint its preview saw."""
    claimed = ConfirmToken.objects.filter(token=token, user=by, used_at__isnull=True)
    if claimed.update(used_at=now) != 1:
        raise AlreadyConfirmed(
            ConfirmToken.objects.filter(token=token).values_list("batch_id", flat=True).first()
        )
    return ConfirmToken.objects.values_list("fingerprint", flat=True).get(token=token)


def take_write_lock() -> None:
    """SQLite has no row locks: take its single-writer lock before reading what to compare.

    A deferred SQLite transaction that reads first and writes later fails ("database is
    locked") when another writer committed in between; one that writes first waits its turn.
    An UPDATE that matches no row takes the lock and changes nothing.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Submission._meta.db_table} SET id = id WHERE 0")


def lock_submissions(pairs: set[tuple[int, int]], now: datetime, by: User, reason: str) -> None:
    """Lock the submission of every member-year written, creating the missing ones.

    Every writer of a member-year's values (imports, the form, the API, the workflow's status
    steps) locks this row first, so they take turns. Rows are locked and created in key order
    (no deadlock between two imports). A submission created meanwhile by another transaction
    makes the insert fail once; it is then locked like the others.
    """
    if not pairs:
        return
    members = {m for m, _y in pairs}
    years = {y for _m, y in pairs}
    for attempt in (1, 2):
        have = set(
            Submission.objects.select_for_update()
            .filter(member_id__in=members, year__in=years)
            .order_by("member_id", "year")
            .values_list("member_id", "year")
        )
        missing = [
            Submission(member_id=m, year=y, created_at=now, updated_at=now)
            for m, y in sorted(pairs - have)
        ]
        if not missing:
            return
        try:
            with transaction.atomic():
                bulk_create_with_history(
                    missing,
                    Submission,
                    batch_size=2000,
                    default_user=by,
                    default_change_reason=reason,
                )
            return
        except IntegrityError:
            if attempt == 2:
                raise
