"""Dues schedules: created, corrected while not in force, superseded once in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.dues.choices import Prorate
from akkopsi.dues.due import DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS
from akkopsi.dues.models import DuesSchedule, ScheduleLine
from akkopsi.dues.services.common import check_amount
from akkopsi.regions.models import RegencyKind


def _check_schedule(
    year: int, amounts: dict[str, Any], prorate: str, due_on: date, grace_days: int
) -> dict[str, Decimal]:
    if not 2009 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 2009 and 2100.")})
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise ValidationError(
            {
                "grace_days": _("The grace period must be between 0 and %(max)s days.")
                % {"max": MAX_GRACE_DAYS}
            }
        )
    if prorate not in Prorate.values:
        raise ValidationError({"prorate": _("Choose how members joining during the year pay.")})
    if due_on.year != year:
        raise ValidationError({"due_on": _("The due date must fall in the year of the dues.")})
    checked = {}
    for member_class in RegencyKind.values:
        if amounts.get(member_class) in (None, ""):
            raise ValidationError(
                {f"amount_{member_class}": _("Give the yearly amount for every member class.")}
            )
        checked[member_class] = check_amount(amounts[member_class], f"amount_{member_class}")
    return checked


def _save_lines(schedule: DuesSchedule, amounts: dict[str, Decimal], by: User | None) -> None:
    existing = {line.member_class: line for line in schedule.lines.all()}
    for member_class, amount in amounts.items():
        line = existing.get(member_class) or ScheduleLine(
            schedule=schedule, member_class=member_class
        )
        line.amount = amount
        line._history_user = by  # type: ignore[attr-defined]
        line.save()


@transaction.atomic
def create_schedule(
    *,
    year: int,
    amounts: dict[str, Any],
    prorate: str,
    due_on: date,
    decided_on: date,
    decision_reference: str,
    by: User | None,
    notes: str = "",
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> DuesSchedule:
    """The first schedule of a year (version 1)."""
    checked = _check_schedule(year, amounts, prorate, due_on, grace_days)
    if DuesSchedule.objects.filter(year=year).exists():
        raise ValidationError(
            {
                "year": _("A schedule for %(year)s exists; supersede it with a new version.")
                % {"year": year}
            }
        )
    schedule = DuesSchedule(
        year=year,
        version=1,
        prorate=prorate,
        due_on=due_on,
        grace_days=grace_days,
        decided_on=decided_on,
        decision_reference=decision_reference.strip(),
        notes=notes,
        created_by=by,
    )
    return _store(schedule, checked, by)


@transaction.atomic
def update_schedule(
    *,
    schedule: DuesSchedule,
    amounts: dict[str, Any],
    prorate: str,
    due_on: date,
    decided_on: date,
    decision_reference: str,
    by: User | None,
    notes: str = "",
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> DuesSchedule:
    """Correct a schedule that is not yet in force (no invoice uses it, no newer version)."""
    schedule = DuesSchedule.objects.select_for_update().get(pk=schedule.pk)
    if schedule.invoices.exists():
        raise ValidationError(
            _("This schedule is in force (invoices use it); supersede it with a new version.")
        )
    if DuesSchedule.objects.filter(year=schedule.year, version__gt=schedule.version).exists():
        raise ValidationError(_("A newer version of this schedule exists; it cannot be changed."))
    checked = _check_schedule(schedule.year, amounts, prorate, due_on, grace_days)
    schedule.prorate, schedule.due_on, schedule.decided_on = prorate, due_on, decided_on
    schedule.grace_days = grace_days
    schedule.decision_reference, schedule.notes = decision_reference.strip(), notes
    return _store(schedule, checked, by)


@transaction.atomic
def supersede_schedule(
    *,
    schedule: DuesSchedule,
    amounts: dict[str, Any],
    prorate: str,
    due_on: date,
    decided_on: date,
    decision_reference: str,
    by: User | None,
    notes: str = "",
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> DuesSchedule:
    """A new version of the year's schedule. Invoices already issued keep their amounts;
    invoices generated from now on use the new version."""
    schedule = DuesSchedule.objects.select_for_update().get(pk=schedule.pk)
    latest = DuesSchedule.objects.filter(year=schedule.year).order_by("-version").first()
    if latest is None or latest.pk != schedule.pk:
        raise ValidationError(_("Only the latest version of a schedule can be superseded."))
    checked = _check_schedule(schedule.year, amounts, prorate, due_on, grace_days)
    new = DuesSchedule(
        year=schedule.year,
        version=schedule.version + 1,
        prorate=prorate,
        due_on=due_on,
        grace_days=grace_days,
        decided_on=decided_on,
        decision_reference=decision_reference.strip(),
        notes=notes,
        supersedes=schedule,
        created_by=by,
    )
    return _store(new, checked, by)


def _store(schedule: DuesSchedule, amounts: dict[str, Decimal], by: User | None) -> DuesSchedule:
    """Validate and save the schedule (history by ``by``) and its lines."""
    schedule._history_user = by  # type: ignore[attr-defined]
    schedule.full_clean()
    schedule.save()
    _save_lines(schedule, amounts, by)
    return schedule


def current_schedule(year: int) -> DuesSchedule | None:
    return (
        DuesSchedule.objects.filter(year=year)
        .prefetch_related("lines")
        .order_by("-version")
        .first()
    )
