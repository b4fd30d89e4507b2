"""The secretariat's review of one submission: every value beside last year's, the national
target and the median of similar members, with its flags and the staff's comment; the budget
by sub-sector and source with the share of APBD; and the queue of submissions awaiting
verification (oldest first) the review walks through.

Reads only, in a fixed number of queries whatever the number of members or values; the
decisions are ``data.services.verify`` and ``data.services.return_for_correction``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from akkopsi.core.formatting import format_number
from akkopsi.core.missing import Missing, Reason
from akkopsi.data import queries as q
from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector, ValueKind
from akkopsi.data.flags import Spread, is_jump
from akkopsi.data.models import BudgetLine, Indicator, IndicatorValue, ReturnReason, Submission

NOT_REPORTED = Missing(Reason.NOT_REPORTED)


def return_reasons(submission: Submission) -> dict[str, str]:
    """Indicator code -> why the secretariat returned that value, for the latest return of
    ``submission`` (empty once the secretariat has decided on it again). One query; the
    entry form shows them beside its fields."""
    return dict(
        ReturnReason.objects.filter(submission=submission, is_open=True).values_list(
            "indicator__code", "reason"
        )
    )


# -- the queue -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Queue:
    """Where a submission stands among those awaiting verification, oldest first."""

    keys: list[tuple[str, int]]  # (member code, year)
    current: tuple[str, int]

    @classmethod
    def load(cls, code: str, year: int) -> Queue:
        """The queue, read in one query."""
        rows = (
            Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
            .order_by(F("submitted_at").asc(nulls_first=True), "id")
            .values_list("member__regency_id", "year")
        )
        return cls(list(rows), (code, year))

    @property
    def position(self) -> int | None:
        """1-based place of the current submission; None when it no longer waits."""
        return self.keys.index(self.current) + 1 if self.current in self.keys else None

    @property
    def previous(self) -> tuple[str, int] | None:
        pos = self.position
        return self.keys[pos - 2] if pos and pos > 1 else None

    @property
    def next(self) -> tuple[str, int] | None:
        """The one after the current; once the current has left the queue, the first."""
        pos = self.position
        if pos is None:
            return self.keys[0] if self.keys else None
        return self.keys[pos] if pos < len(self.keys) else None

    def after_decision(self) -> tuple[str, int] | None:
        """Where the reviewer goes once the current submission is decided: the next one,
        else the one before (the queue's end was reached), else nowhere (queue empty)."""
        return self.next or self.previous


# -- one submission ---------------------------------------------------------------------------


@dataclass(slots=True)
class ValueRow:
    indicator: Indicator
    value: Decimal | Missing
    shown: str
    comment: str
    previous: Decimal | Missing
    previous_shown: str
    change: Decimal | Missing
    change_shown: str
    target: tuple[int, Decimal, str] | None
    target_shown: str
    median: Decimal | Missing
    median_shown: str
    flags: list[str] = field(default_factory=list)
    open_reason: str = ""


@dataclass(slots=True)
class BudgetTable:
    """One stage's spending: sub-sector x funding source, with the sums and the share."""

    stage: str
    label: str
    sources: list[tuple[str, Any]]  # the funding sources the member used (columns)
    rows: list[tuple[str, list[Decimal | None], Decimal]]
    column_totals: list[Decimal]
    figures: dict[str, Any]
    meets: bool | None
    previous_share: Any


@dataclass(slots=True)
class Review:
    submission: Submission
    rows: list[ValueRow]
    peer_label: str
    budgets: list[BudgetTable]

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flags)


def review(submission: Submission, indicators: list[Indicator]) -> Review:
    """Everything the review screen shows about ``submission`` (its member loaded), for
    ``indicators`` (the catalogue: the active ones and any with a value this year)."""
    m, year = submission.member, submission.year
    own = IndicatorValue.objects.filter(member=m, year__in=[year - 1, year]).values_list(
        "indicator_id", "year", "value", "comment"
    )
    mine = {(i, y): (v, c) for i, y, v, c in own}
    shown = [i for i in indicators if i.active or (i.pk, year) in mine]
    codes = [i.code for i in shown]
    peers, peer_label = q.peers(m)
    peer_values = q.values(codes, members=peers, years=[year])
    targets = q.targets(codes)
    spreads = _spreads(year, [i.pk for i in shown])
    reasons = return_reasons(submission)
    rows = [
        _row(i, year, mine, q.target_for(targets[i.code], year), peer_values[i.code], spreads)
        for i in shown
    ]
    for row in rows:
        row.open_reason = reasons.get(row.indicator.code, "")
    return Review(submission, rows, peer_label, _budgets(m.pk, year))


def _spreads(year: int, indicator_ids: list[int]) -> dict[int, Spread | None]:
    """The spread of every member's value of ``year``, per indicator (as the importer's
    outlier check pools them: whatever their status)."""
    pool: dict[int, list[Decimal]] = defaultdict(list)
    for indicator_id, value in IndicatorValue.objects.filter(
        year=year, indicator_id__in=indicator_ids
    ).values_list("indicator_id", "value"):
        pool[indicator_id].append(value)
    return {pk: Spread.of(values) for pk, values in pool.items()}


def _row(
    ind: Indicator,
    year: int,
    mine: dict[tuple[int, int], tuple[Decimal, str]],
    target: tuple[int, Decimal, str] | None,
    peer_values: dict[tuple[int, int], Decimal],
    spreads: dict[int, Spread | None],
) -> ValueRow:
    value, comment = mine.get((ind.pk, year), (None, ""))
    previous = mine.get((ind.pk, year - 1), (None, ""))[0]
    median = q.median(list(peer_values.values()))
    change = None if value is None or previous is None else value - previous
    row = ValueRow(
        indicator=ind,
        value=NOT_REPORTED if value is None else value,
        shown=shown_value(ind, value),
        comment=comment,
        previous=NOT_REPORTED if previous is None else previous,
        previous_shown=shown_value(ind, previous),
        change=NOT_REPORTED if change is None else change,
        change_shown=_signed(ind, change),
        target=target,
        target_shown=shown_value(ind, target[1]) if target else "",
        median=NOT_REPORTED if median is None else median,
        median_shown=shown_value(ind, median),
    )
    if value is None:
        return row
    if previous is not None and is_jump(value, previous, ind.yoy_threshold):
        row.flags.append(
            _("Changed by %(delta)s since %(year)s; more than %(limit)s needs an explanation")
            % {
                "delta": shown_value(ind, abs(value - previous)),
                "year": year - 1,
                "limit": shown_value(ind, ind.yoy_threshold),
            }
        )
    spread = spreads.get(ind.pk)
    if spread is not None and spread.is_outlier(value):
        row.flags.append(
            _("Far from other members' values this year (their middle value is %(median)s)")
            % {"median": shown_value(ind, spread.median)}
        )
    return row


def shown_value(ind: Indicator, value: Decimal | None) -> str:
    """A value as its kind reads: a year as 2011, yes/no as words, counts whole, others
    with up to two decimals the Indonesian way; "" when there is none."""
    if value is None:
        return ""
    if ind.kind == ValueKind.YEAR:
        return str(int(value))
    if ind.kind == ValueKind.BOOLEAN:
        return _("yes") if value else _("no")
    places = 0 if value == value.to_integral_value() else 2
    return format_number(value, places)


def _signed(ind: Indicator, change: Decimal | None) -> str:
    """A change with its sign (+1,5 or -2); for a year or a yes/no only whether it changed."""
    if change is None:
        return ""
    if ind.kind in {ValueKind.YEAR, ValueKind.BOOLEAN}:
        return _("changed") if change else _("same")
    sign = "+" if change > 0 else "−" if change < 0 else ""
    return sign + shown_value(ind, abs(change))


def _budgets(member_id: int, year: int) -> list[BudgetTable]:
    """The planned and the realised budget of a member-year, with the share of APBD as
    ``queries.MoneyYear`` decides it (the one rule)."""
    grid: dict[str, dict[tuple[str, str], Decimal]] = {s: {} for s in Stage.values}
    for sub, src, stage, amount in BudgetLine.objects.filter(
        member_id=member_id, year=year
    ).values_list("subsector", "source", "stage", "amount"):
        grid[stage][(sub, src)] = amount
    # Columns for the sources the member used in either stage (APBD kabupaten/kota always).
    used = {src for cells in grid.values() for _sub, src in cells} | {FundingSource.APBD_KABKOTA}
    sources = [(src, label) for src, label in FundingSource.choices if src in used]
    out = []
    for stage, label in Stage.choices:
        money = q.money([member_id], [year - 1, year], stage, include_unverified=True)
        this = money.get((member_id, year), q.MoneyYear())
        before = money.get((member_id, year - 1), q.MoneyYear())
        cells = grid[stage]
        rows = [
            (
                str(sub_label),
                [cells.get((sub, src)) for src, _l in sources],
                sum((cells.get((sub, src), Decimal(0)) for src, _l in sources), Decimal(0)),
            )
            for sub, sub_label in SubSector.choices
        ]
        totals = [
            sum((cells.get((sub, src), Decimal(0)) for sub in SubSector.values), Decimal(0))
            for src, _l in sources
        ]
        out.append(
            BudgetTable(
                stage=stage,
                label=str(label),
                sources=sources,
                rows=rows,
                column_totals=totals,
                figures=this.figures(),
                meets=this.meets_commitment,
                previous_share=before.figures()["share"],
            )
        )
    return out
