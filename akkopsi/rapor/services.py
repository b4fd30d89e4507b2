"""Read side of the Rapor Sanitasi: everything about one member in a constant number of queries.

The report is built from what the other apps hold (data, planning, awards, dues,
coordination) through their own read helpers where they exist; what they lack is read here,
set-based: one query per table whatever the length of the member's history.

Who sees what (``Audience``): the public and anyone without the member's private data see
verified figures only and no plan, dues or action items; the member's own staff and the
secretariat see their unverified data too (labelled), the plan, dues and actions; the
treasurer sees the dues. Peers' figures are always verified figures.

"Similar members" (peers): members of the same kind (kabupaten or kota) in the same
population class (below 100 000, 100 000-500 000, 500 000-1 000 000, above 1 000 000, the
BPS town-size classes); when fewer than three of them have a figure, the members of the same
kind in the same province instead. The rule is in ``peer_rule`` and in the README.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akkopsi.accounts.permissions import Permission, can
from akkopsi.coordination.access import meetings_for_user
from akkopsi.coordination.models import (
    ActionItem,
    Delegate,
    DelegateStatus,
    MeetingKind,
    Summit,
)
from akkopsi.coordination.models.meetings import OPEN_STATUSES, ActionStatus
from akkopsi.core.dates import today
from akkopsi.core.missing import Coverage, Missing, Reason
from akkopsi.data import queries as q
from akkopsi.data.choices import Direction, FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import Indicator, ReportingYear, Submission
from akkopsi.dues.choices import InvoiceKind
from akkopsi.dues.due import is_past_due
from akkopsi.dues.models import Invoice
from akkopsi.dues.reports import arrears
from akkopsi.engines import rules
from akkopsi.members.models import HeadOfRegion, Member
from akkopsi.planning import report as plan_report
from akkopsi.planning import solve as plan_solve
from akkopsi.planning.models import Plan, SolveResult
from akkopsi.regions.models import Population

ACCESS = ["akses_layak", "akses_aman", "babs", "desa_odf"]
#: Indicators whose gap is counted in households (ODF is counted in villages).
HOUSEHOLD_GAP = {"akses_layak", "akses_aman", "babs"}
POPULATION_CLASSES = [100_000, 500_000, 1_000_000]
MIN_PEERS = 3
FIRST_YEAR = 2010
ZERO = Decimal(0)
MEETING_HORIZON = 365  # days ahead for "upcoming meetings"
#: Meetings every member is concerned by, invited by name or not.
ALLIANCE_WIDE = [MeetingKind.MUNAS, MeetingKind.RAKERNAS, MeetingKind.SUMMIT]


def population_class(pop: int | None) -> int | None:
    """0: below 100 000, 1: to 500 000, 2: to 1 000 000, 3: above (None: unknown)."""
    if pop is None:
        return None
    return sum(pop >= limit for limit in POPULATION_CLASSES)


def population_class_label(cls: int | None) -> str:
    labels = [
        _("below 100,000 people"),
        _("100,000 to 500,000 people"),
        _("500,000 to 1,000,000 people"),
        _("above 1,000,000 people"),
    ]
    return labels[cls] if cls is not None else _("population unknown")


@dataclass(frozen=True)
class Audience:
    """What the user may see of this member's report."""

    unverified: bool
    plan: bool
    dues: bool
    actions: bool
    delegates: bool

    @property
    def public(self) -> bool:
        return not self.unverified

    @classmethod
    def of(cls, user: Any, member: Member, *, public: bool = False) -> Audience:
        if public:  # the public version, asked for explicitly (or printed for the public)
            return cls(False, False, False, False, False)
        return cls(
            unverified=can(user, Permission.VIEW_UNVERIFIED_DATA, member),
            plan=can(user, Permission.PLAN, member),
            dues=can(user, Permission.VIEW_DUES, member),
            actions=can(user, Permission.UPDATE_ACTIONS, member),
            delegates=can(user, Permission.REGISTER_DELEGATES, member),
        )


@dataclass
class Report:
    member: Member
    on: date
    audience: Audience
    head: HeadOfRegion | None
    access: dict[str, Any]
    money: dict[str, Any]
    plan: dict[str, Any]
    award: dict[str, Any]
    alliance: dict[str, Any]
    charts: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------------------- helpers


def _latest(series: dict[int, Decimal]) -> tuple[int, Decimal] | None:
    if not series:
        return None
    year = max(series)
    return year, series[year]


def _own_series(
    found: dict[tuple[int, int], Decimal], member_id: int, last_year: int
) -> dict[int, Decimal]:
    return {y: v for (m, y), v in found.items() if m == member_id and y <= last_year}


def peer_populations(member: Member, year: int) -> tuple[dict[int, int], int | None]:
    """member id -> population of the members of the same kind, in the latest year with a
    population at or before ``year`` for ``member`` (one query); and that year."""
    rows = list(
        Population.objects.filter(
            year__lte=year, regency__kind=member.regency.kind, regency__member__isnull=False
        )
        .filter(year__gte=year - 5)
        .values_list("regency__member__id", "year", "population")
    )
    own_years = [y for m, y, _p in rows if m == member.pk]
    if not own_years:
        return {}, None
    at = max(own_years)
    return {m: p for m, y, p in rows if y == at}, at


def peer_rule(member: Member, pops: dict[int, int], province_of: dict[int, str]) -> dict[str, Any]:
    """The peers of ``member``: same kind and population class, else same kind and province."""
    cls = population_class(pops.get(member.pk))
    same_class = [m for m, p in pops.items() if m != member.pk and population_class(p) == cls]
    same_province = [
        m
        for m, prov in province_of.items()
        if prov == member.regency.province_id and m != member.pk
    ]
    kind = member.regency.get_kind_display().lower()
    return {
        "by_class": same_class,
        "by_province": same_province,
        "class_label": _("%(kind)s with %(size)s")
        % {"kind": kind, "size": population_class_label(cls)},
        "province_label": _("%(kind)s in %(province)s")
        % {"kind": kind, "province": member.regency.province.name},
    }


def _median_by_year(
    found: dict[tuple[int, int], Decimal], ids: set[int]
) -> dict[int, Decimal | None]:
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    for (m, y), v in found.items():
        if m in ids:
            by_year[y].append(v)
    return {y: q.median(xs) for y, xs in by_year.items() if len(xs) >= MIN_PEERS}


def _pick_peers(
    found: dict[tuple[int, int], Decimal], rule: dict[str, Any], year: int
) -> tuple[set[int], str]:
    """Peers by class when at least three of them have a figure for ``year``, else by province."""
    by_class = set(rule["by_class"])
    if sum(1 for (m, y) in found if m in by_class and y == year) >= MIN_PEERS:
        return by_class, rule["class_label"]
    return set(rule["by_province"]), rule["province_label"]


# ----------------------------------------------------------------------------- blocks


def _access_block(
    member: Member,
    on: date,
    audience: Audience,
    statuses: dict[int, str],
    rule: dict[str, Any],
    households: int | None,
) -> dict[str, Any]:
    # A year's indicators are reported in the cycle of the following year (Susenas of year
    # Y is published in Y+1): on a given day, the latest possible figure is last year's.
    last_year = on.year - 1
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=ACCESS)}
    peer_ids = set(rule["by_class"]) | set(rule["by_province"])
    # One query for the member and its peers; peers' unverified rows are dropped below.
    found = q.values(ACCESS, members=[member.pk, *peer_ids], member_id=member.pk, on=on)
    if not audience.unverified:
        found = {
            c: {
                k: v
                for k, v in rows.items()
                if k[0] != member.pk or statuses.get(k[1]) == SubmissionStatus.VERIFIED
            }
            for c, rows in found.items()
        }
    tgts = q.targets(ACCESS)
    rows = []
    for code in ACCESS:
        ind = indicators.get(code)
        own = _own_series(found[code], member.pk, last_year)
        latest = _latest(own)
        peers = {k: v for k, v in found[code].items() if k[0] != member.pk and k[1] <= last_year}
        row: dict[str, Any] = {
            "code": code,
            "indicator": ind,
            "name": ind.name if ind else code,
            "unit": ind.unit if ind else "%",
            "source": ind.source if ind else "",
            "direction": ind.direction if ind else Direction.HIGHER,
            "series": dict(sorted(own.items())),
            "year": None,
            "value": None,
            "verified": None,
            "target": None,
            "gap_points": None,
            "gap_households": None,
            "peer_median": None,
            "peer_coverage": None,
            "peer_label": "",
            "peer_medians": {},
        }
        if not latest:
            row["value"] = Missing(_missing_reason(audience, statuses, last_year))
        else:
            year, value = latest
            ids, label = _pick_peers(peers, rule, year)
            medians = _median_by_year(peers, ids)
            with_value = sum(1 for (m, y) in peers if m in ids and y == year)
            target = q.target_for(tgts[code], year)
            row.update(
                year=year,
                value=value,
                verified=statuses.get(year) == SubmissionStatus.VERIFIED,
                peer_median=medians.get(year),
                peer_coverage=Coverage.of(with_value, len(ids)),
                peer_label=label,
                peer_medians=medians,
            )
            if target:
                row["target"] = {"year": target[0], "value": target[1], "source": target[2]}
                lower = row["direction"] == Direction.LOWER
                gap = (value - target[1]) if lower else (target[1] - value)
                gap = max(gap, ZERO)
                row["gap_points"] = gap
                if code in HOUSEHOLD_GAP and households:
                    row["gap_households"] = int((gap * households / 100).to_integral_value())
        rows.append(row)
    return {
        "rows": rows,
        "households": households,
        "household_size": rules.HOUSEHOLD_SIZE,
        "targets": tgts,
    }


def _money_block(
    member: Member,
    on: date,
    audience: Audience,
    statuses: dict[int, str],
    rule: dict[str, Any],
    pops: dict[int, int],
) -> dict[str, Any]:
    scope: dict[str, Any] = (
        {"include_unverified": False, "member_id": member.pk, "on": on}
        if audience.unverified
        else {"on": on}
    )
    years = list(range(FIRST_YEAR, on.year + 1))
    peer_ids = set(rule["by_class"]) | set(rule["by_province"])
    own = {y: m for (_mid, y), m in q.money([member.pk], years, Stage.PLANNED, **scope).items()}
    out: dict[str, Any] = {
        "years": sorted(own),
        "series": dict(sorted(own.items())),
        "commitment": q.COMMITMENT,
        "year": None,
    }
    if not own:
        out["share"] = Missing(_missing_reason(audience, statuses, on.year))
        return out
    year = max(own)
    this = own[year]
    # Peers: verified figures of the same year only (two more queries).
    found = q.money(list(peer_ids), [year], Stage.PLANNED, on=on)
    pop = pops.get(member.pk)
    figures = this.figures()
    per_capita: Decimal | Missing
    if not this.lines:
        per_capita = Missing(Reason.NO_BUDGET_LINES)
    elif not pop:
        per_capita = Missing(Reason.NO_POPULATION)
    else:
        per_capita = (this.total_sanitation / pop).quantize(Decimal(1))
    peer_pc: dict[int, Decimal] = {}
    for (mid, y), m in found.items():
        # A peer without budget lines has no spending figure: left out, not counted as Rp0.
        if mid != member.pk and y == year and pops.get(mid) and m.lines:
            peer_pc[mid] = m.total_sanitation / pops[mid]
    ids, label = _pick_peers({(m, year): v for m, v in peer_pc.items()}, rule, year)
    peer_values = [v for m, v in peer_pc.items() if m in ids]
    share_peers = [
        s
        for (mid, y), m in found.items()
        if mid in ids and y == year and (s := m.share) is not None
    ]
    out.update(
        year=year,
        verified=statuses.get(year) == SubmissionStatus.VERIFIED,
        this=this,
        figures=figures,
        share=figures["share"],
        meets=this.meets_commitment,
        per_capita=per_capita,
        peer_per_capita=q.median(peer_values),
        peer_per_capita_coverage=Coverage.of(len(peer_values), len(ids)),
        peer_share=q.median(share_peers),
        peer_share_coverage=Coverage.of(len(share_peers), len(ids)),
        peer_label=label,
        peer_count=len(peer_values),
        by_subsector=[
            (label_, this.by_subsector.get(code, ZERO)) for code, label_ in SubSector.choices
        ],
        by_source=[
            (label_, this.by_source.get(code, ZERO)) for code, label_ in FundingSource.choices
        ],
    )
    return out


def _missing_reason(audience: Audience, statuses: dict[int, str], until: int) -> str:
    """Why the member has no figure up to ``until``: for the public, data the member reported
    but the secretariat has not verified yet; otherwise, not reported."""
    unverified = any(y <= until and st != SubmissionStatus.VERIFIED for y, st in statuses.items())
    return Reason.NOT_VERIFIED if audience.public and unverified else Reason.NOT_REPORTED


def _plan_block(member: Member, on: date, audience: Audience) -> dict[str, Any]:
    if not audience.plan:
        return {"visible": False}
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
        return {"visible": True, "saved": None, "unsolved": unsolved}
    return {
        "visible": True,
        "saved": saved,
        "scenario": saved.scenario,
        "plan": saved.scenario.plan,
        "targets_met": saved.targets_met,
        **plan_figures(saved),
    }


def plan_figures(saved: SolveResult) -> dict[str, Any]:
    """Gap table and chart, marginal values and the best use of extra money of a saved
    result. A saved result never changes, so this is cached by its id (and language)."""
    key = f"rapor-plan:{saved.pk}:{get_language() or 'id'}"
    figures = cache.get(key)
    if figures is not None:
        return figures
    problem, result = plan_solve.load(SolveResult.objects.get(pk=saved.pk))
    gap = plan_report.gap_table(problem, result)
    marginal = plan_report.marginal_table(problem, result)
    best = None
    for row in marginal:
        for year, value in zip(result.years, row["values"], strict=True):
            if value > 0 and (best is None or value > best["value"]):
                best = {"source_name": row["source_name"], "year": year, "value": value}
    figures = {"years": list(result.years), "gap": gap, "marginal": marginal, "best": best}
    cache.set(key, figures, 24 * 3600)
    return figures


def _award_block(member: Member, on: date) -> dict[str, Any]:
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
    run = (
        ResultRun.objects.filter(edition_id=edition_id, **published)
        .select_related("edition")
        .order_by("-computed_at", "-id")
        .first()
        if edition_id is not None
        else None
    )
    unit = (
        next((u for u in run.results["units"] if u["code"] == member.code), None) if run else None
    )
    if run is not None and unit is not None:
        names = {c["code"]: c["name"] for c in run.results["criteria"]}
        whatif = sorted(
            (
                {"code": c, "name": names.get(c, c), "value": w["value"], "change": w["change"]}
                for c, w in unit["whatif"].items()
                if w.get("change") is not None
            ),
            key=lambda w: abs(w["change"]),
        )
        return {
            "edition": run.edition,
            "run": run,
            "unit": unit,
            "n_units": len(run.results["units"]),
            "interval": unit.get("interval"),
            "whatif": whatif,
        }
    return {"edition": None}


def _alliance_block(member: Member, on: date, audience: Audience, user: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if audience.dues:
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
        status = None
        current = ZERO
        if invoice is not None:
            if invoice.year != on.year:
                status = "none_this_year"
            elif invoice.balance <= 0:
                status = "paid"
            elif is_past_due(invoice.due_on, on):
                status, current = "overdue", invoice.balance
            else:
                status, current = "open", invoice.balance
        out["dues"] = {
            "invoice": invoice,
            "status": status,
            "outstanding_this_year": current,
            "arrears": row.total if row else ZERO,
            "credit": row.credit if row else ZERO,
            "oldest_year": row.oldest_year if row else None,
        }
    if audience.actions:
        out["actions"] = list(
            ActionItem.objects.live()
            .filter(owner_member=member)
            # open on that day: still open, or done/cancelled only later
            .filter(Q(status__in=OPEN_STATUSES) | Q(status=ActionStatus.DONE, done_on__gt=on))
            .filter(Q(meeting__isnull=True) | Q(meeting__starts_at__date__lte=on))
            .select_related("meeting")
            .order_by("due_on", "pk")
        )
    out["meetings"] = list(
        meetings_for_user(user)
        .filter(starts_at__date__gte=on, starts_at__date__lte=on + timedelta(days=MEETING_HORIZON))
        .filter(
            Q(invited=member) | Q(attending=member) | Q(host=member) | Q(kind__in=ALLIANCE_WIDE)
        )
        .distinct()
        .order_by("starts_at")[:5]
    )
    summit = (
        Summit.objects.live()
        .filter(Q(ends_on__gte=on) | Q(ends_on__isnull=True, year__gte=on.year))
        .select_related("host__regency")
        .order_by("number")
        .first()
    )
    out["summit"] = summit
    if summit is not None and audience.delegates:
        counts: dict[str, int] = defaultdict(int)
        for status in (
            Delegate.objects.live()
            .filter(summit=summit, member=member)
            .values_list("status", flat=True)
        ):
            counts[status] += 1
        out["delegates"] = {DelegateStatus(k).label: n for k, n in counts.items()}
    cycle = ReportingYear.objects.filter(opens_on__lte=on).order_by("-year").first()
    out["cycle"] = cycle
    return out


def build(member: Member, user: Any, *, public: bool = False, on: date | None = None) -> Report:
    """The whole report of ``member`` as ``user`` may see it (a constant number of queries)."""
    on = on or today()
    audience = Audience.of(user, member, public=public)
    # The data as it stood on the report's date ("keadaan per"): statuses, values, peers.
    statuses = {
        year: status
        for (_m, year), status in q.statuses_on(
            on, Submission.objects.filter(member=member, year__lte=on.year)
        ).items()
    }
    pops, _pop_year = peer_populations(member, on.year)
    province_of = dict(
        Member.objects.filter(regency__kind=member.regency.kind).values_list(
            "pk", "regency__province_id"
        )
    )
    rule = peer_rule(member, pops, province_of)
    head = HeadOfRegion.objects.serving_on(on).filter(member=member).first()
    access = _access_block(
        member, on, audience, statuses, rule, rules.households(pops.get(member.pk))
    )
    money = _money_block(member, on, audience, statuses, rule, pops)
    report = Report(
        member=member,
        on=on,
        audience=audience,
        head=head,
        access=access,
        money=money,
        plan=_plan_block(member, on, audience),
        award=_award_block(member, on),
        alliance=_alliance_block(member, on, audience, user if not public else None),
    )
    if audience.unverified:
        cycle = report.alliance.get("cycle")
        status = statuses.get(cycle.year) if cycle else None
        report.alliance["submission"] = SubmissionStatus(status).label if status else None
    return report


# ----------------------------------------------------------------------------- numbering


def issue_number(*, member: Member, by: Any, public: bool, on: date | None = None) -> Any:
    """Record a printed report and give it the next number of its year (gapless: the year's
    counter row is locked until the transaction ends)."""
    from django.db import IntegrityError, transaction

    from akkopsi.rapor.models import IssuedReport, ReportCounter

    on = on or today()
    with transaction.atomic():
        counter = ReportCounter.objects.select_for_update().filter(year=on.year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    ReportCounter.objects.create(year=on.year, last=0)
            except IntegrityError:
                pass  # created by another transaction meanwhile; the lock below waits for it
            counter = ReportCounter.objects.select_for_update().get(year=on.year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return IssuedReport.objects.create(
            number=f"RAPOR/{on.year}/{counter.last:04d}",
            year=on.year,
            sequence_no=counter.last,
            member=member,
            issued_on=on,
            issued_by=by if getattr(by, "is_authenticated", False) else None,
            public_version=public,
        )
