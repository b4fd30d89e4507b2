"""Read side of the data cycle: set-based, a fixed number of queries whatever the member count.

Public figures use verified data only. Each function loads the rows it needs with one
``values_list`` per table and aggregates in Python/numpy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from akkopsi.core.dates import end_of_day
from akkopsi.core.missing import Missing, Reason
from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus
from akkopsi.data.models import (
    ApbdTotal,
    BudgetLine,
    IndicatorValue,
    NationalTarget,
    Submission,
)
from akkopsi.engines import rules
from akkopsi.engines.rules import COMMITMENT as COMMITMENT  # the 2% rule's one home
from akkopsi.engines.rules import meets_commitment
from akkopsi.members.models import Member, MembershipPeriod
from akkopsi.regions.models import Population


def verified_as_of(on: date) -> QuerySet:
    """Submissions that were verified on day ``on``, as the data stood then.

    Verified now with a verification time on or before D: verified ever since (reopening
    clears the time, verifying again sets a new one). Otherwise the history tells: a recorded
    verified state whose verification time is on or before D, not left (reopened, returned)
    before D ends. So data verified then and reopened later still counts for D, and data
    verified only after D does not."""
    cut = end_of_day(on)
    history = Submission.history.model
    left_before_d = history.objects.filter(
        id=OuterRef("id"),
        history_date__gt=OuterRef("history_date"),
        history_date__lt=cut,
    ).exclude(status=SubmissionStatus.VERIFIED)
    was_verified = history.objects.filter(
        id=OuterRef("pk"), status=SubmissionStatus.VERIFIED, verified_at__lt=cut
    ).filter(~Exists(left_before_d))
    return Submission.objects.filter(
        Q(status=SubmissionStatus.VERIFIED, verified_at__lt=cut) | Exists(was_verified)
    )


def statuses_on(on: date, submissions: QuerySet) -> dict[tuple[int, int], str]:
    """(member_id, year) -> the status of each of ``submissions`` on day ``on`` (one query):
    verified if ``verified_as_of`` says so, else the last state recorded by then; data
    verified only after D was at most submitted on D."""
    ok = verified_as_of(on).filter(pk=OuterRef("pk"))
    history = Submission.history.model
    then = (
        history.objects.filter(id=OuterRef("pk"), history_date__lt=end_of_day(on))
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )
    rows = submissions.annotate(ok=Exists(ok), then=Subquery(then)).values_list(
        "member_id", "year", "status", "ok", "then"
    )
    out: dict[tuple[int, int], str] = {}
    for member_id, year, now, was_verified, then_status in rows:
        if was_verified:
            out[(member_id, year)] = SubmissionStatus.VERIFIED
        elif now == SubmissionStatus.VERIFIED:
            out[(member_id, year)] = then_status or SubmissionStatus.SUBMITTED
        else:
            out[(member_id, year)] = then_status or now
    return out


def verified(
    qs: QuerySet,
    *,
    include_unverified: bool = False,
    member_id: int | None = None,
    on: date | None = None,
) -> QuerySet:
    """Restrict value rows to verified member-years, except the given member's (own staff).

    With ``on``, the data as it stood on that day: member-years verified by then
    (``verified_as_of``), of members active that day (membership periods)."""
    if include_unverified:
        return qs
    if on is not None:
        ok: Q | Exists = Exists(
            verified_as_of(on).filter(member_id=OuterRef("member_id"), year=OuterRef("year"))
        ) & Exists(MembershipPeriod.objects.covering(on).filter(member_id=OuterRef("member_id")))
    else:
        ok = Exists(
            Submission.objects.filter(
                member_id=OuterRef("member_id"),
                year=OuterRef("year"),
                status=SubmissionStatus.VERIFIED,
            )
        )
    if member_id is not None:
        return qs.filter(Q(ok) | Q(member_id=member_id))
    return qs.filter(ok)


def as_stood(model: Any, field_name: str, on: date, years: list[int] | None) -> dict[int, Any]:
    """Row id -> ``field_name`` as it stood on day ``on``, for the rows of ``model`` changed
    after that day (from the history; one query when nothing changed, two otherwise).

    Verified data is locked, so a later change follows a reopening: a figure as of D shows
    the value verified then. A row whose history starts after D (loaded in bulk) keeps the
    value it was first recorded with."""
    history = model.history.model
    cut = end_of_day(on)
    later = history.objects.filter(history_date__gte=cut, history_type="~")
    if years is not None:
        later = later.filter(year__in=years)
    ids = set(later.values_list("id", flat=True))
    if not ids:
        return {}
    then: dict[int, Any] = {}
    first: dict[int, Any] = {}
    for pk, when, value in (
        history.objects.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", field_name)
    ):
        first.setdefault(pk, value)
        if when < cut:
            then[pk] = value
    return {pk: then.get(pk, first[pk]) for pk in ids}


@dataclass(slots=True)
class MoneyYear:
    apbd: Decimal | None = None
    apbd_sanitation: Decimal = Decimal(0)  # APBD kab/kota-funded sanitation spending
    total_sanitation: Decimal = Decimal(0)  # from every source
    by_subsector: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    by_source: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    #: Budget lines behind the sums: with none, the sums above are not 0 but missing.
    lines: int = 0

    @property
    def missing_reason(self) -> str | None:
        """Why the share of APBD cannot be worked out (None: it can). Missing is not zero:
        no budget lines is no figure, not 0 %; no APBD total is no figure, not infinite."""
        if self.apbd is None and not self.lines:
            return Reason.NOT_REPORTED
        if not self.apbd:
            return Reason.NO_APBD_TOTAL
        if not self.lines:
            return Reason.NO_BUDGET_LINES
        return None

    def figures(self) -> dict[str, Decimal | Missing]:
        """APBD total, sanitation spending (APBD kab/kota, every source) and the share, each
        a ``Missing`` with its reason when there is no data behind it."""
        no_lines = Missing(Reason.NO_BUDGET_LINES)
        share = self.share
        return {
            "apbd": Missing(Reason.NO_APBD_TOTAL) if self.apbd is None else self.apbd,
            "apbd_sanitation": self.apbd_sanitation if self.lines else no_lines,
            "total_sanitation": self.total_sanitation if self.lines else no_lines,
            "share": share if share is not None else Missing(self.missing_reason or ""),
        }

    @property
    def share(self) -> Decimal | None:
        if not self.apbd or not self.lines:
            return None
        return (self.apbd_sanitation * 100 / self.apbd).quantize(Decimal("0.01"))

    @property
    def apbd_spending(self) -> Decimal | None:
        """APBD kabupaten/kota money for sanitation; None when no budget line was reported
        (lines of other sources only are a reported 0, as in ``share``)."""
        return self.apbd_sanitation if self.lines else None

    @property
    def meets_commitment(self) -> bool | None:
        """The 2% decision on the exact figures (never on the rounded ``share``)."""
        return meets_commitment(self.apbd_spending, self.apbd)


def money(
    members: list[int] | None, years: list[int] | None, stage: str = Stage.PLANNED, **scope: Any
) -> dict[tuple[int, int], MoneyYear]:
    """(member_id, year) -> APBD total and sanitation spending (two queries)."""
    lines = BudgetLine.objects.filter(stage=stage)
    totals = ApbdTotal.objects.filter(stage=stage)
    if members is not None:
        lines, totals = lines.filter(member_id__in=members), totals.filter(member_id__in=members)
    if years is not None:
        lines, totals = lines.filter(year__in=years), totals.filter(year__in=years)
    lines, totals = verified(lines, **scope), verified(totals, **scope)
    on = scope.get("on")
    total_then = as_stood(ApbdTotal, "amount", on, years) if on else {}
    line_then = as_stood(BudgetLine, "amount", on, years) if on else {}
    out: dict[tuple[int, int], MoneyYear] = defaultdict(MoneyYear)
    for pk, member_id, year, amount in totals.values_list("pk", "member_id", "year", "amount"):
        out[(member_id, year)].apbd = total_then.get(pk, amount)
    for pk, member_id, year, sub, source, amount in lines.values_list(
        "pk", "member_id", "year", "subsector", "source", "amount"
    ):
        amount = line_then.get(pk, amount)
        m = out[(member_id, year)]
        m.lines += 1
        m.total_sanitation += amount
        m.by_subsector[sub] += amount
        m.by_source[source] += amount
        if source == FundingSource.APBD_KABKOTA:
            m.apbd_sanitation += amount
    return dict(out)


def decided(found: dict[tuple[int, int], MoneyYear]) -> dict[int, bool]:
    """member id -> meets 2 %, from the money of one year (``money(..., [year])``), for the
    members the rule decides: the others have no APBD total or no budget line, missing and
    not "no" (the lists behind the counts of ``commitment_by_year``)."""
    out: dict[int, bool] = {}
    for (member_id, _year), mon in found.items():
        decision = mon.meets_commitment
        if decision is not None:
            out[member_id] = decision
    return out


def members_in_year(year: int, decided_ids: Iterable[int]) -> QuerySet[Member]:
    """The members a year's figures are of: the members at the end of the year, and those
    the 2 % rule decided for that year (a member that left during the year had reported)."""
    return Member.objects.active_on(date(year, 12, 31)) | Member.objects.filter(
        pk__in=list(decided_ids)
    )


def commitment_by_year(
    years: list[int], stage: str = Stage.PLANNED, **scope: Any
) -> dict[int, tuple[int, int]]:
    """year -> (members meeting 2%, members decided), the spending summed in the database.

    "Decided" is the rule of ``MoneyYear.share``: an APBD total and at least one budget line
    (of any source); members without either are excluded, never counted as 0 %. The database
    only sums each member's APBD kabupaten/kota lines (exact, as the Decimal column); the
    decision is :func:`meets_commitment`, the same function as
    :attr:`MoneyYear.meets_commitment`, on the same figures."""
    totals = verified(ApbdTotal.objects.filter(stage=stage, year__in=years), **scope)
    lines = verified(BudgetLine.objects.filter(stage=stage, year__in=years), **scope)
    on = scope.get("on")
    total_then = as_stood(ApbdTotal, "amount", on, years) if on else {}
    line_then = as_stood(BudgetLine, "amount", on, years) if on else {}
    apbd = {
        (m, y): total_then.get(pk, a)
        for pk, m, y, a in totals.values_list("pk", "member_id", "year", "amount")
    }
    # Budget lines reported, none of them from the APBD kab/kota: a reported 0.
    spending: dict[tuple[int, int], Decimal] = {
        (m, y): spent if spent is not None else Decimal(0)
        for m, y, spent in lines.values("member_id", "year")
        .annotate(spent=Sum("amount", filter=Q(source=FundingSource.APBD_KABKOTA)))
        .values_list("member_id", "year", "spent")
    }
    if line_then:  # lines changed after D: the amount as it stood then, in place of today's
        for pk, m, y, amount in lines.filter(
            pk__in=line_then, source=FundingSource.APBD_KABKOTA
        ).values_list("pk", "member_id", "year", "amount"):
            spending[(m, y)] += line_then[pk] - amount
    out: dict[int, list[int]] = {y: [0, 0] for y in years}
    for (member_id, year), spent in spending.items():
        meets = meets_commitment(spent, apbd.get((member_id, year)))
        if meets is not None:
            out[year][1] += 1
            out[year][0] += int(meets)
    return {y: (a, b) for y, (a, b) in out.items()}


def values(
    indicator_codes: list[str],
    *,
    members: list[int] | None = None,
    years: list[int] | None = None,
    **scope: Any,
) -> dict[str, dict[tuple[int, int], Decimal]]:
    """indicator code -> {(member_id, year): value} (one query)."""
    qs = IndicatorValue.objects.filter(indicator__code__in=indicator_codes)
    if members is not None:
        qs = qs.filter(member_id__in=members)
    if years is not None:
        qs = qs.filter(year__in=years)
    on = scope.get("on")
    then = as_stood(IndicatorValue, "value", on, years) if on else {}
    out: dict[str, dict[tuple[int, int], Decimal]] = {c: {} for c in indicator_codes}
    for pk, code, member_id, year, value in verified(qs, **scope).values_list(
        "pk", "indicator__code", "member_id", "year", "value"
    ):
        out[code][(member_id, year)] = then.get(pk, value)
    return out


def targets(indicator_codes: list[str]) -> dict[str, list[tuple[int, Decimal, str]]]:
    out: dict[str, list[tuple[int, Decimal, str]]] = {c: [] for c in indicator_codes}
    for code, year, value, source in NationalTarget.objects.filter(
        indicator__code__in=indicator_codes
    ).values_list("indicator__code", "year", "value", "source"):
        out[code].append((year, value, source))
    return out


def target_for(
    series: list[tuple[int, Decimal, str]], year: int
) -> tuple[int, Decimal, str] | None:
    """The target in force for ``year``: the first target year at or after it, else the last."""
    later = [t for t in series if t[0] >= year]
    if later:
        return min(later, key=lambda t: t[0])
    return max(series, key=lambda t: t[0]) if series else None


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, to one decimal as published; None without a whole."""
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def median(xs: list[Decimal]) -> Decimal | None:
    """The median (:func:`akkopsi.engines.rules.median`), to two decimals as published."""
    m = rules.median(xs)
    return None if m is None else m.quantize(Decimal("0.01"), ROUND_HALF_UP)


def peers(m: Member) -> tuple[list[int], str]:
    """The members a member is compared with: the same kind in its province, or in the whole
    country when the province has fewer than three; and the chart's label for them."""
    kind = m.regency.get_kind_display().lower()
    same_kind = Member.objects.filter(regency__kind=m.regency.kind).exclude(pk=m.pk)
    near = list(
        same_kind.filter(regency__province=m.regency.province_id).values_list("pk", flat=True)
    )
    if len(near) >= 3:
        return near, _("median of other %(kind)s in the province") % {"kind": kind}
    return list(same_kind.values_list("pk", flat=True)), _("median of all member %(kind)s") % {
        "kind": kind
    }


def population(members_regency: dict[int, str], year: int) -> dict[int, int]:
    """member_id -> latest population at or before ``year`` (one query)."""
    codes = set(members_regency.values())
    latest: dict[str, tuple[int, int]] = {}
    for code, y, pop in Population.objects.filter(regency_id__in=codes, year__lte=year).values_list(
        "regency_id", "year", "population"
    ):
        if code not in latest or y > latest[code][0]:
            latest[code] = (y, pop)
    return {m: latest[c][1] for m, c in members_regency.items() if c in latest}


def submission_counts(years: list[int]) -> dict[int, dict[str, int]]:
    """year -> {status: number of submissions} (one query)."""
    out: dict[int, dict[str, int]] = {y: defaultdict(int) for y in years}
    for year, status, n in (
        Submission.objects.filter(year__in=years)
        .order_by()
        .values_list("year", "status")
        .annotate(n=Count("id"))
    ):
        out[year][status] += n
    return out


def latest_verified_year(until: int) -> int | None:
    """The latest year up to ``until`` with verified data (the default year of the dashboards
    and the league table), None when nothing is verified yet."""
    year: int | None = (
        Submission.objects.filter(status=SubmissionStatus.VERIFIED, year__lte=until)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return year


def members_of_year(year: int) -> QuerySet[Member]:
    """The members active at the end of ``year``, each with ``submission_status`` (the status
    of that year's submission, None when nothing was entered)."""
    status = Submission.objects.filter(member=OuterRef("pk"), year=year).values("status")[:1]
    return (
        Member.objects.active_on(date(year, 12, 31))
        .select_related("regency__province")
        .annotate(submission_status=Subquery(status))
        .order_by("regency_id")
    )


def value_history(member: Member, limit: int = 500) -> list[dict[str, Any]]:
    """Who changed which value of ``member``, when, from what (``old``) and from which file;
    newest first."""
    records = (
        IndicatorValue.history.filter(member_id=member.pk)
        .select_related("history_user", "indicator", "batch")
        .order_by("indicator_id", "year", "history_date")
    )
    previous: dict[tuple[int, int], Any] = {}
    entries = []
    for r in records:
        key = (r.indicator_id, r.year)
        entries.append({"record": r, "old": previous.get(key)})
        previous[key] = r.value
    entries.reverse()
    return entries[:limit]
