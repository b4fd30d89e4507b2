"""The national league table: every member on the measures of the Rapor Sanitasi, one year
at a time (``Season``); filtered by ``rapor.filters.LeagueFilter``.

Set-based: a fixed number of queries whatever the number of members (members, values,
budgets, population, the award run; plus plans and dues for those who may see them).
Public figures are verified figures; the plan gap and the dues arrears are columns only for
the secretariat (plans) and the treasurer/secretariat (dues of all members).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from akkopsi.awards.models import Nomination, ResultRun
from akkopsi.core.dates import today
from akkopsi.core.missing import Missing, Reason, is_missing, or_missing
from akkopsi.data import queries as q
from akkopsi.data.choices import Stage, SubmissionStatus
from akkopsi.data.models import Submission
from akkopsi.data.queries import MoneyYear
from akkopsi.dues.reports import arrears
from akkopsi.members.models import Member
from akkopsi.planning.models import SolveResult
from akkopsi.rapor import access
from akkopsi.rapor.blocks import ACCESS, per_capita


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True
    #: True when a higher value is better (sorting puts the best first by default).
    higher_better: bool = True


def _pct(label: str) -> str:
    return label % {"unit": "%"}


def columns(user: Any) -> list[Column]:
    cols = [
        Column("code", _("Code"), numeric=False),
        Column("name", _("Kabupaten/kota"), numeric=False),
        Column("province", _("Province"), numeric=False),
        Column("akses_layak", _pct(_("Akses layak (%(unit)s)"))),
        Column("akses_aman", _pct(_("Akses aman (%(unit)s)"))),
        Column("babs", _pct(_("BABS (%(unit)s)")), higher_better=False),
        Column("desa_odf", _pct(_("ODF villages (%(unit)s)"))),
        Column("share", _pct(_("Sanitation share of APBD (%(unit)s)"))),
        Column("per_capita", _("Rupiah per person")),
        Column("rank", _("Sanipura rank"), higher_better=False),
    ]
    if access.sees_plan_gaps(user):
        cols.append(Column("plan_gap", _("Plan funding gap (Rp)"), higher_better=False))
    if access.sees_arrears(user):
        cols.append(Column("arrears", _("Dues past due (Rp)"), higher_better=False))
    return cols


@dataclass(frozen=True)
class Season:
    """One year of the league: the year and each member's verified money of that year, from
    which the 2 % decision is read (``MoneyYear.meets_commitment``, the one rule)."""

    year: int
    money: dict[int, MoneyYear]

    @classmethod
    def of(cls, year: int) -> Season:
        found = q.money(None, [year], Stage.PLANNED)  # verified only (two queries)
        return cls(year, {m: mon for (m, _y), mon in found.items()})

    def decisions(self) -> dict[int, bool]:
        """member id -> meets 2 %, for the members the rule decides (``data.queries.decided``)."""
        return q.decided({(m, self.year): mon for m, mon in self.money.items()})


def members_of(season: Season) -> QuerySet[Member]:
    """The rows of a year (``data.queries.members_in_year``), so the count of a dashboard is
    the count of the linked list."""
    return (
        q.members_in_year(season.year, season.decisions())
        .select_related("regency__province")
        .order_by("regency_id")
    )


def _money_cells(mon: MoneyYear | None, pop: int | None, absent: Missing) -> dict[str, Any]:
    """Share of APBD, the commitment and spending per person of the year."""
    if mon is None:
        return {"share": absent, "meets": None, "per_capita": absent}
    return {
        "share": mon.figures()["share"],
        "meets": mon.meets_commitment,
        "per_capita": per_capita(mon, pop),
    }


def rows(user: Any, season: Season, members: Iterable[Member]) -> list[dict[str, Any]]:
    """One row per member of ``members`` with its figures of the season's year (a fixed
    number of queries whatever the number of members), with the columns ``user`` may see."""
    keys = {c.key for c in columns(user)}
    members = list(members)
    year = season.year
    values = q.values(ACCESS, years=[year])  # verified only, every member (one query)
    pops = q.population({m.pk: m.code for m in members}, year)
    # Members whose data of the year is not verified yet (one query): their missing figures
    # are "not verified", the others' "not reported".
    unverified = set(
        Submission.objects.filter(year=year)
        .exclude(status=SubmissionStatus.VERIFIED)
        .values_list("member_id", flat=True)
    )
    on = today()
    ranks = latest_ranks(on, data_year=year)
    gaps = plan_gaps(on) if "plan_gap" in keys else {}
    owed = {r.member_id: r.total for r in arrears(on=on).rows} if "arrears" in keys else {}
    out = []
    for m in members:
        row: dict[str, Any] = {
            "member": m,
            "code": m.code,
            "name": m.regency.display_name,
            "province": m.regency.province.name,
            "money_year": year if m.pk in season.money else None,
        }
        absent = Missing(Reason.NOT_VERIFIED if m.pk in unverified else Reason.NOT_REPORTED)
        for code in ACCESS:
            hit = values[code].get((m.pk, year))
            row[code] = absent if hit is None else hit
            row[f"{code}_year"] = None if hit is None else year
        row |= _money_cells(season.money.get(m.pk), pops.get(m.pk), absent)
        hit_rank = ranks.get(m.pk)
        row["rank"] = hit_rank[1] if hit_rank else Missing(Reason.NOT_RANKED)
        row["rank_year"] = hit_rank[0] if hit_rank else None
        if "plan_gap" in keys:
            row["plan_gap"] = or_missing(gaps.get(m.pk), Reason.NO_SOLVED_PLAN)
        if "arrears" in keys:
            # Only members with a balance are in the arrears rows: the others owe a real 0.
            row["arrears"] = owed.get(m.pk, Decimal(0))
        out.append(row)
    return out


def latest_ranks(on: date, data_year: int | None = None) -> dict[int, tuple[int, int]]:
    """member id -> (edition year, rank) in the latest published edition that ranked it, the
    same rule as the award block of the report (two queries: eligible nominations, then
    the latest result run of only the editions needed). With ``data_year``, only editions
    of data of that year or before (the league of a past year)."""
    latest: dict[int, tuple[str, int, int]] = {}
    nominations = Nomination.objects.filter(
        eligible=True,
        edition__published=True,
        edition__year__lte=on.year,
        edition__announcement__lte=on,
    )
    if data_year is not None:
        nominations = nominations.filter(edition__data_year__lte=data_year)
    for member_id, code, edition_id, year in nominations.order_by(
        "member_id", "-edition__year"
    ).values_list("member_id", "member__regency_id", "edition_id", "edition__year"):
        latest.setdefault(member_id, (code, edition_id, year))
    runs: dict[int, ResultRun] = {}
    for run in ResultRun.objects.filter(
        edition_id__in={e for _c, e, _y in latest.values()}
    ).order_by("edition_id", "-computed_at", "-id"):
        runs.setdefault(run.edition_id, run)
    rank_of = {
        (edition_id, u["code"]): u["rank"]
        for edition_id, run in runs.items()
        for u in run.results["units"]
    }
    out = {}
    for member_id, (code, edition_id, year) in latest.items():
        rank = rank_of.get((edition_id, code))
        if rank is not None:
            out[member_id] = (year, rank)
    return out


def plan_gaps(on: date) -> dict[int, Decimal]:
    """member id -> funding gap of the latest solved scenario of its latest plan (one query),
    the same rule as the plan block of the report."""
    out: dict[int, Decimal] = {}
    for member_id, gap in (
        SolveResult.objects.filter(scenario__plan__base_year__lte=on.year)
        .order_by("scenario__plan__member_id", "-scenario__plan__base_year", "-created_at", "-id")
        .values_list("scenario__plan__member_id", "gap_total")
    ):
        out.setdefault(member_id, gap)
    return out


def sort_rows(
    rows: list[dict[str, Any]], cols: list[Column], key: str
) -> tuple[list[dict[str, Any]], str]:
    """Sort by ``key`` ("-key" descending); empty values always last. Unknown keys: by code."""
    desc = key.startswith("-")
    name = key.lstrip("-")
    col = next((c for c in cols if c.key == name), None)
    if col is None:
        return rows, "code"
    present = [r for r in rows if not is_missing(r.get(name))]
    missing = [r for r in rows if is_missing(r.get(name))]
    present.sort(key=lambda r: (r[name], r["code"]), reverse=desc)
    return present + missing, key
