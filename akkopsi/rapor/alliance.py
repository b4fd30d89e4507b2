"""The blocks of the Rapor Sanitasi read from the other apps: the investment plan, the Sanipura
Award rank and the member's life in the alliance (dues, actions, meetings, summit, cycle).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language

from akkopsi.coordination.access import meetings_for_user
from akkopsi.coordination.models import ActionItem, Delegate, DelegateStatus, MeetingKind, Summit
from akkopsi.coordination.models.meetings import OPEN_STATUSES, ActionStatus
from akkopsi.data.models import ReportingYear
from akkopsi.dues.choices import InvoiceKind
from akkopsi.dues.due import is_past_due
from akkopsi.dues.models import Invoice
from akkopsi.dues.reports import arrears
from akkopsi.members.models import Member
from akkopsi.planning import report as plan_report
from akkopsi.planning import solve as plan_solve
from akkopsi.planning.models import Plan, SolveResult
from akkopsi.rapor.readmodel import (
    AllianceBlock,
    Audience,
    AwardBlock,
    BestUse,
    DuesBlock,
    PlanBlock,
    PlanFigures,
    WhatIf,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from akkopsi.accounts.models import User

ZERO = Decimal(0)
MEETING_HORIZON = 365  # days ahead for "upcoming meetings"
#: Meetings every member is concerned by, invited by name or not.
ALLIANCE_WIDE = [MeetingKind.MUNAS, MeetingKind.RAKERNAS, MeetingKind.SUMMIT]


# ----------------------------------------------------------------------------- plan


def plan_block(member: Member, on: date, audience: Audience) -> PlanBlock:
    if not audience.plan:
        return PlanBlock(visible=False)
    saved = (
        SolveResult.objects.filter(
            scenario__plan__member=member, scenario__plan__base_year__lte=on.year
        )
        .defer("inputs", "result")
        .select_related("scenario__plan")
        .order_by("-scenario__plan__base_year", "-created_at", "-id")
        .first()
    )
    if saved is None:
        unsolved = (
            Plan.objects.filter(member=member, base_year__lte=on.year)
            .order_by("-base_year", "-id")
            .first()
        )
        return PlanBlock(visible=True, unsolved=unsolved)
    return PlanBlock(
        visible=True,
        saved=saved,
        scenario=saved.scenario,
        plan=saved.scenario.plan,
        targets_met=saved.targets_met,
        figures=plan_figures(saved),
    )


def plan_figures(saved: SolveResult) -> PlanFigures:
    """Gap table and chart, marginal values and the best use of extra money of a saved
    result. A saved result never changes, so this is cached by its id (and language)."""
    key = f"rapor-plan-figures:{saved.pk}:{get_language() or 'id'}"
    figures = cache.get(key)
    if isinstance(figures, PlanFigures):
        return figures
    problem, result = plan_solve.load(SolveResult.objects.get(pk=saved.pk))
    marginal = plan_report.marginal_table(problem, result)
    best: BestUse | None = None
    for row in marginal:
        for year, value in zip(result.years, row["values"], strict=True):
            if value > 0 and (best is None or value > best.value):
                best = BestUse(source_name=row["source_name"], year=year, value=value)
    figures = PlanFigures(
        years=list(result.years),
        gap=plan_report.gap_table(problem, result),
        marginal=marginal,
        best=best,
    )
    cache.set(key, figures, 24 * 3600)
    return figures


# ----------------------------------------------------------------------------- award


def award_block(member: Member, on: date) -> AwardBlock:
    """The member's rank in the latest published edition that ranked it (two queries: the
    edition from its eligible nominations, then that edition's latest result run)."""
    from akkopsi.awards.models import Nomination, ResultRun

    published = {
        "edition__published": True,
        "edition__year__lte": on.year,
        "edition__announcement__lte": on,
    }
    edition_id = (
        Nomination.objects.filter(member=member, eligible=True, **published)
        .order_by("-edition__year")
        .values_list("edition_id", flat=True)
        .first()
    )
    if edition_id is None:
        return AwardBlock()
    run = (
        ResultRun.objects.filter(edition_id=edition_id, **published)
        .select_related("edition")
        .order_by("-computed_at", "-id")
        .first()
    )
    units = run.results["units"] if run else []
    unit = next((u for u in units if u["code"] == member.code), None)
    if run is None or unit is None:
        return AwardBlock()
    names = {c["code"]: c["name"] for c in run.results["criteria"]}
    whatif = sorted(
        (
            WhatIf(code=c, name=names.get(c, c), value=w["value"], change=w["change"])
            for c, w in unit["whatif"].items()
            if w.get("change") is not None
        ),
        key=lambda w: abs(w.change),
    )
    return AwardBlock(
        edition=run.edition,
        run=run,
        unit=unit,
        n_units=len(units),
        interval=unit.get("interval"),
        whatif=tuple(whatif),
    )


# ----------------------------------------------------------------------------- alliance


def dues_block(member: Member, on: date) -> DuesBlock:
    invoice = (
        Invoice.objects.live()
        .filter(member=member, kind=InvoiceKind.DUES, issued_on__lte=on)
        .with_balance(on)
        .order_by("-year", "-id")
        .first()
    )
    # past due only, the figure of the arrears list and the league (dues.due)
    owed = arrears(on=on, member_id=member.pk)
    row = owed.rows[0] if owed.rows else None
    status: str | None = None
    current = ZERO
    if invoice is not None:
        balance: Decimal = invoice.balance
        if invoice.year != on.year:
            status = "none_this_year"
        elif balance <= 0:
            status = "paid"
        elif is_past_due(invoice.due_on, on):
            status, current = "overdue", balance
        else:
            status, current = "open", balance
    return DuesBlock(
        invoice=invoice,
        status=status,
        outstanding_this_year=current,
        arrears=row.total if row else ZERO,
        credit=row.credit if row else ZERO,
        oldest_year=row.oldest_year if row else None,
    )


def open_actions(member: Member, on: date) -> list[ActionItem]:
    return list(
        ActionItem.objects.live()
        .filter(owner_member=member)
        # open on that day: still open, or done/cancelled only later
        .filter(Q(status__in=OPEN_STATUSES) | Q(status=ActionStatus.DONE, done_on__gt=on))
        .filter(Q(meeting__isnull=True) | Q(meeting__starts_at__date__lte=on))
        .select_related("meeting")
        .order_by("due_on", "pk")
    )


def _meetings(member: Member, on: date, user: User | AnonymousUser | None) -> list[Any]:
    return list(
        meetings_for_user(user)
        .filter(starts_at__date__gte=on, starts_at__date__lte=on + timedelta(days=MEETING_HORIZON))
        .filter(
            Q(invited=member) | Q(attending=member) | Q(host=member) | Q(kind__in=ALLIANCE_WIDE)
        )
        .distinct()
        .order_by("starts_at")[:5]
    )


def _delegates(summit: Summit, member: Member) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for status in (
        Delegate.objects.live()
        .filter(summit=summit, member=member)
        .values_list("status", flat=True)
    ):
        counts[status] += 1
    return {str(DelegateStatus(k).label): n for k, n in counts.items()}


def alliance_block(
    member: Member, on: date, audience: Audience, user: User | AnonymousUser | None
) -> AllianceBlock:
    summit = (
        Summit.objects.live()
        .filter(Q(ends_on__gte=on) | Q(ends_on__isnull=True, year__gte=on.year))
        .select_related("host__regency")
        .order_by("number")
        .first()
    )
    return AllianceBlock(
        dues=dues_block(member, on) if audience.dues else None,
        actions=open_actions(member, on) if audience.actions else None,
        meetings=_meetings(member, on, user),
        summit=summit,
        delegates=_delegates(summit, member) if summit is not None and audience.delegates else None,
        cycle=ReportingYear.objects.filter(opens_on__lte=on).order_by("-year").first(),
    )
