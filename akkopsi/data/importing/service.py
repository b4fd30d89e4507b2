"""Dry run and commit: the one import path for uploads, the web form, the API and `make reference`.

A dry run reads, checks and compares with the database without writing anything, and says
what would be new, changed or unchanged, with every error and warning. A commit repeats the
checks inside one transaction and writes everything or nothing. Queries per import are a
fixed handful (one per table read, bulk writes), whatever the number of rows.

Concurrency: a preview records the ``fingerprint`` of the stored rows it compared against. A
commit claims its confirmation token (once), locks the submissions of the member-years it
writes, reads those rows again and writes only when they are still as the preview saw them;
otherwise it refuses with ``ImportConflict`` and writes nothing (docs/data-import.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, can, own_member_id
from akkopsi.core.bulk import bulk_create_with_history, insert_with_history
from akkopsi.core.money import column_maximum
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.importing.checks import check_and_compare
from akkopsi.data.importing.concurrency import (
    AlreadyConfirmed,
    claim_token,
    issue_token,
    lock_submissions,
    take_write_lock,
    token_used,
)
from akkopsi.data.importing.parse import Context, IndicatorInfo, parse_sheets
from akkopsi.data.importing.preview import Diff, Preview, Scope, fingerprint, form_scope
from akkopsi.data.importing.reading import Deadline, Sheet, UnreadableFile, read_file
from akkopsi.data.importing.records import Parsed, Where
from akkopsi.data.models import (
    ApbdTotal,
    BudgetLine,
    ConfirmToken,
    ImportBatch,
    Indicator,
    IndicatorValue,
    ReportingYear,
    Submission,
)
from akkopsi.members.models import Member
from akkopsi.regions.models import Population, Regency

__all__ = [
    "AlreadyConfirmed",
    "Diff",
    "ImportConflict",
    "ImportRefused",
    "Preview",
    "Scope",
    "build_context",
    "changed_message",
    "check_and_compare",
    "commit",
    "dry_run_file",
    "dry_run_sheets",
    "fingerprint",
    "form_scope",
    "issue_token",
    "token_used",
]


def build_context(user: User, *, current_year: int | None = None) -> Context:
    year = current_year or timezone.localdate().year
    indicators = {
        i.code: IndicatorInfo(
            i.id, i.code, i.kind, i.min_value, i.max_value, i.yoy_threshold, i.name
        )
        for i in Indicator.objects.filter(active=True)
    }
    members = dict(Member.objects.values_list("regency_id", "id"))
    own = own_member_id(user)
    secretariat = can(user, Permission.MANAGE_MEMBERS)
    locked_statuses = (
        [SubmissionStatus.VERIFIED]
        if secretariat
        else [SubmissionStatus.VERIFIED, SubmissionStatus.SUBMITTED]
    )
    locked_q = Submission.objects.filter(status__in=locked_statuses)
    if own is not None:
        locked_q = locked_q.filter(member_id=own)
    ctx = Context(
        members=members,
        indicators=indicators,
        current_year=year,
        own_member_id=own,
        locked=set(locked_q.values_list("member_id", "year")),
        may_import_population=can(user, Permission.MANAGE_REGIONS),
        budget_maximum=column_maximum(BudgetLine._meta.get_field("amount")),
        apbd_maximum=column_maximum(ApbdTotal._meta.get_field("amount")),
    )
    if not secretariat:
        ctx.open_years = set(
            ReportingYear.objects.filter(is_open=True).values_list("year", flat=True)
        )
    if ctx.may_import_population:
        ctx.regencies = set(Regency.objects.values_list("code", flat=True))
    return ctx


def dry_run_file(
    data: bytes, filename: str, user: User, *, current_year: int | None = None
) -> Preview:
    deadline = Deadline()
    try:
        sheets = read_file(data, filename, deadline)
        preview = dry_run_sheets(sheets, user, current_year=current_year, deadline=deadline)
    except UnreadableFile as exc:
        parsed = Parsed()
        parsed.error(Where(filename, "-"), None, str(exc))
        return Preview(parsed=parsed, sha256=hashlib.sha256(data).hexdigest())
    preview.sha256 = hashlib.sha256(data).hexdigest()
    return preview


def dry_run_sheets(
    sheets: list[Sheet],
    user: User,
    *,
    current_year: int | None = None,
    deadline: Deadline | None = None,
) -> Preview:
    ctx = build_context(user, current_year=current_year)
    ctx.deadline = deadline
    parsed = parse_sheets(sheets, ctx)
    if parsed.rows == 0 and not parsed.problems:
        parsed.error(
            Where(sheets[0].name if sheets else "-", "-"),
            None,
            _("The file %(name)s has no data.") % {"name": sheets[0].name if sheets else ""},
        )
    return check_and_compare(parsed, ctx)


# -- commit ------------------------------------------------------------------------------


class ImportRefused(Exception):
    def __init__(self, preview: Preview) -> None:
        super().__init__(f"{len(preview.errors)} errors")
        self.preview = preview


class ImportConflict(ImportRefused):
    """The stored data changed since the preview (or the form was opened): nothing was written."""


def changed_message() -> str:
    return _("The data changed since your preview; look again.")


def commit(
    preview: Preview,
    *,
    by: User,
    data: bytes | None = None,
    filename: str = "",
    comment: str = "",
    member: Member | None = None,
    token: str | None = None,
    expected: list[tuple[Scope, str]] | None = None,
) -> ImportBatch:
    """Write a checked preview in one transaction. Warnings without a comment need ``comment``.

    ``token`` is claimed first (``AlreadyConfirmed`` when used) and its fingerprint must still
    hold; each (scope, fingerprint) in ``expected`` too (the web form's version, an API
    client's). Otherwise ``ImportConflict`` and nothing is written. No IntegrityError escapes.
    """
    try:
        return _commit(
            preview,
            by=by,
            source=_Source(data, filename, comment, member),
            token=token,
            expected=expected or [],
        )
    except IntegrityError:
        # A row inserted meanwhile by another import: its transaction won; this one wrote nothing.
        raise ImportConflict(_with_error(preview, changed_message())) from None


@transaction.atomic
def _commit(
    preview: Preview,
    *,
    by: User,
    source: _Source,
    token: str | None,
    expected: list[tuple[Scope, str]],
) -> ImportBatch:
    _refuse_unless_ready(preview, source.comment)
    now = timezone.now()
    take_write_lock()
    checks = [(preview.scope, preview.fingerprint), *expected]
    if token is not None:
        checks.append((preview.scope, claim_token(token, by, now)))
    pairs: set[tuple[int, int]] = set()
    for scope, _fp in checks:
        pairs |= scope.pairs
    lock_submissions(pairs, now, by, f"import: {source.filename or 'formulir'}")
    _refuse_if_changed(preview, checks)
    batch = _save_batch(preview, by, source)
    if token is not None:
        ConfirmToken.objects.filter(token=token).update(batch=batch)
    try:
        _write(preview, batch, by=by, comment=source.comment, now=now)
    except IntegrityError:
        if batch.file:
            batch.file.delete(save=False)
        raise
    return batch


def _refuse_unless_ready(preview: Preview, comment: str) -> None:
    """Errors refuse the import; a flagged value needs an explanation: its own comment, the
    row's komentar, one typed in the preview, or the import's ``comment``."""
    if not preview.ok:
        raise ImportRefused(preview)
    missing = [] if comment.strip() else preview.unexplained
    if missing:
        raise ImportRefused(
            _with_error(
                preview,
                _(
                    "%(n)s flagged values have no explanation (%(cells)s); explain each one before confirming"
                )
                % {
                    "n": len(missing),
                    "cells": ", ".join(f"{f.key} {f.record.indicator}" for f in missing[:10]),
                },
            )
        )


def _refuse_if_changed(preview: Preview, checks: list[tuple[Scope, str]]) -> None:
    """Read each scope again (locked) and refuse when it is not as it was seen."""
    current: dict[Scope, str] = {}
    for scope, seen_fp in checks:
        if scope not in current:
            current[scope] = fingerprint(scope, lock=True)
        if current[scope] != seen_fp:
            raise ImportConflict(_with_error(preview, changed_message()))


@dataclass(frozen=True, slots=True)
class _Source:
    """Where an import comes from: the file (if any), its name, the comment, the member."""

    data: bytes | None
    filename: str
    comment: str
    member: Member | None


def _save_batch(preview: Preview, by: User, source: _Source) -> ImportBatch:
    """The import record, with the file kept (on the storage) when there is one."""
    counts = preview.counts()
    data, filename = source.data, source.filename
    batch = ImportBatch(
        file_name=filename or "formulir",
        sha256=preview.sha256,
        uploaded_by=by,
        member=source.member,
        rows=counts["rows"],
        created=counts["new"],
        changed=counts["changed"],
        unchanged=counts["unchanged"],
        warnings=counts["warnings"],
        comment=source.comment.strip(),
    )
    if data is not None:
        batch.file.save(filename or "import.bin", ContentFile(data), save=False)
    batch.save()
    return batch


@dataclass(frozen=True, slots=True)
class _Writer:
    """Bulk writes of one import: inserts and updates with history, stamped with the batch."""

    batch: ImportBatch
    by: User
    now: datetime

    @property
    def reason(self) -> str:
        return f"import {self.batch.pk}: {self.batch.file_name}"

    def insert(
        self,
        model: type[models.Model],
        columns: list[str],
        rows: Sequence[tuple[Any, ...]],
        key: list[str],
    ) -> None:
        if rows:
            insert_with_history(
                model,
                columns,
                rows,
                constants={"batch": self.batch, "created_at": self.now, "updated_at": self.now},
                marker="batch",
                key=key,
                user=self.by,
                reason=self.reason,
            )

    def update(self, model: type[models.Model], fields: list[str], objs: list[Any]) -> None:
        if objs:
            bulk_update_with_history(
                objs,
                model,
                fields,
                batch_size=2000,
                default_user=self.by,
                default_change_reason=self.reason,
            )

    def create(self, model: type[models.Model], objs: list[Any]) -> None:
        if objs:
            bulk_create_with_history(
                objs,
                model,
                batch_size=2000,
                default_user=self.by,
                default_change_reason=self.reason,
            )


def _set(obj: Any, **values: Any) -> Any:
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def _noter(preview: Preview, comment: str) -> Callable[[Any], str]:
    """The comment stored with a written record: its own, plus its explanation (the row's
    komentar or one typed in the preview), or else the import's comment for a flagged value."""
    flagged = {w.where for w in preview.warnings}

    def note(record: Any) -> str:
        extra = getattr(record, "explanation", "") or (
            comment.strip() if record.where in flagged else ""
        )
        return "; ".join(x for x in (str(record.comment), extra) if x)

    return note


def _write(preview: Preview, batch: ImportBatch, *, by: User, comment: str, now: datetime) -> None:
    note = _noter(preview, comment)
    w = _Writer(batch, by, now)
    w.insert(
        IndicatorValue,
        ["member", "indicator", "year", "value", "comment"],
        [(r.member_id, r.indicator_id, r.year, r.value, note(r)) for r in preview.values.new],
        key=["member", "indicator", "year"],
    )
    w.update(
        IndicatorValue,
        ["value", "comment", "batch", "updated_at"],
        [
            _set(old, value=r.value, comment=note(r) or old.comment, batch=batch, updated_at=now)
            for old, r in preview.values.changed
        ],
    )
    money = {  # model: (diff, key columns, record attributes)
        BudgetLine: (preview.budget, ["member", "year", "subsector", "source", "stage"]),
        ApbdTotal: (preview.apbd, ["member", "year", "stage"]),
    }
    for model, (diff, key) in money.items():
        attrs = ["member_id", *key[1:], "amount"]
        w.insert(
            model,
            [*key, "amount"],
            [tuple(getattr(r, a) for a in attrs) for r in diff.new],
            key=key,
        )
        w.update(
            model,
            ["amount", "batch", "updated_at"],
            [_set(old, amount=r.amount, batch=batch, updated_at=now) for old, r in diff.changed],
        )
    _write_population(preview.population, w)


def _write_population(diff: Diff, w: _Writer) -> None:
    source, now = w.batch.file_name, w.now
    w.create(
        Population,
        [
            Population(
                regency_id=r.code,
                year=r.year,
                population=r.population,
                source=source,
                created_at=now,
                updated_at=now,
            )
            for r in diff.new
        ],
    )
    w.update(
        Population,
        ["population", "source", "updated_at"],
        [
            _set(old, population=r.population, source=source, updated_at=now)
            for old, r in diff.changed
        ],
    )


def _with_error(preview: Preview, message: str) -> Preview:
    """A copy of ``preview`` with one more error; the original stays usable."""
    parsed = replace(preview.parsed, problems=list(preview.parsed.problems))
    parsed.error(Where("-", "-"), None, message)
    return replace(preview, parsed=parsed)
