"""The figure blocks of the Rapor Sanitasi: access to sanitation and money for sanitation.

Each is read set-based (one query for the member and its peers) and returned as a typed read
model (``akkopsi.rapor.readmodel``). Peers' figures are always verified figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from akkopsi.core.missing import Coverage, Missing, Reason
from akkopsi.data import queries as q
from akkopsi.data.choices import Direction, FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import Indicator
from akkopsi.data.queries import MoneyYear
from akkopsi.engines import rules
from akkopsi.members.models import Member
from akkopsi.rapor.peers import Found, PeerRule, median_by_year, pick_peers
from akkopsi.rapor.readmodel import (
    AccessBlock,
    AccessRow,
    Audience,
    Figure,
    MoneyBlock,
    MoneyFigures,
    Target,
)

ACCESS = ["akses_layak", "akses_aman", "babs", "desa_odf"]
#: Indicators whose gap is counted in households (ODF is counted in villages).
HOUSEHOLD_GAP = {"akses_layak", "akses_aman", "babs"}
FIRST_YEAR = 2010
ZERO = Decimal(0)


@dataclass(frozen=True)
class Context:
    """What every block reads: the member, the day, who looks, the data's statuses, peers."""

    member: Member
    on: date
    audience: Audience
    statuses: dict[int, str]
    rule: PeerRule
    pops: dict[int, int]

    def verified(self, year: int) -> bool:
        return self.statuses.get(year) == SubmissionStatus.VERIFIED

    def missing(self, until: int) -> Missing:
        """Why the member has no figure up to ``until``: for the public, data the member
        reported but the secretariat has not verified yet; otherwise, not reported."""
        unverified = any(
            y <= until and st != SubmissionStatus.VERIFIED for y, st in self.statuses.items()
        )
        return Missing(
            Reason.NOT_VERIFIED if self.audience.public and unverified else Reason.NOT_REPORTED
        )


# ----------------------------------------------------------------------------- access


def access_block(ctx: Context) -> AccessBlock:
    # A year's indicators are reported in the cycle of the following year (Susenas of year
    # Y is published in Y+1): on a given day, the latest possible figure is last year's.
    member = ctx.member
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=ACCESS)}
    # One query for the member and its peers; the member's unverified rows are dropped below.
    found = q.values(
        ACCESS, members=[member.pk, *ctx.rule.everyone], member_id=member.pk, on=ctx.on
    )
    if not ctx.audience.unverified:
        found = {
            c: {k: v for k, v in rows.items() if k[0] != member.pk or ctx.verified(k[1])}
            for c, rows in found.items()
        }
    tgts = q.targets(ACCESS)
    households = rules.households(ctx.pops.get(member.pk))
    rows = tuple(
        _access_row(ctx, code, indicators.get(code), found[code], tgts[code], households)
        for code in ACCESS
    )
    return AccessBlock(
        rows=rows, households=households, household_size=rules.HOUSEHOLD_SIZE, targets=tgts
    )


def _access_row(
    ctx: Context,
    code: str,
    ind: Indicator | None,
    found: Found,
    targets: list[tuple[int, Decimal, str]],
    households: int | None,
) -> AccessRow:
    member_id, last_year = ctx.member.pk, ctx.on.year - 1
    own = {y: v for (m, y), v in found.items() if m == member_id and y <= last_year}
    base: dict[str, Any] = {
        "code": code,
        "indicator": ind,
        "name": ind.name if ind else code,
        "unit": ind.unit if ind else "%",
        "source": ind.source if ind else "",
        "direction": ind.direction if ind else Direction.HIGHER,
        "series": dict(sorted(own.items())),
    }
    if not own:
        return AccessRow(**base, value=ctx.missing(last_year))
    year = max(own)
    value = own[year]
    peers = {k: v for k, v in found.items() if k[0] != member_id and k[1] <= last_year}
    ids, label = pick_peers(peers, ctx.rule, year)
    medians = median_by_year(peers, ids)
    with_value = sum(1 for (m, y) in peers if m in ids and y == year)
    return AccessRow(
        **base,
        **_gap(code, base["direction"], value, q.target_for(targets, year), households),
        year=year,
        value=value,
        verified=ctx.verified(year),
        peer_median=medians.get(year),
        peer_coverage=Coverage.of(with_value, len(ids)),
        peer_label=label,
        peer_medians=medians,
    )


def _gap(
    code: str,
    direction: str,
    value: Decimal,
    target: tuple[int, Decimal, str] | None,
    households: int | None,
) -> dict[str, Any]:
    """The target that applies and the gap to it, in points and (if counted so) households."""
    if not target:
        return {}
    gap = (value - target[1]) if direction == Direction.LOWER else (target[1] - value)
    gap = max(gap, ZERO)
    out: dict[str, Any] = {"target": Target(*target), "gap_points": gap}
    if code in HOUSEHOLD_GAP and households:
        out["gap_households"] = int((gap * households / 100).to_integral_value())
    return out


# ----------------------------------------------------------------------------- money


def money_block(ctx: Context) -> MoneyBlock:
    member, on = ctx.member, ctx.on
    scope: dict[str, Any] = (
        {"include_unverified": False, "member_id": member.pk, "on": on}
        if ctx.audience.unverified
        else {"on": on}
    )
    years = list(range(FIRST_YEAR, on.year + 1))
    own = {y: m for (_mid, y), m in q.money([member.pk], years, Stage.PLANNED, **scope).items()}
    base: dict[str, Any] = {
        "years": sorted(own),
        "series": dict(sorted(own.items())),
        "commitment": q.COMMITMENT,
    }
    if not own:
        return MoneyBlock(**base, share=ctx.missing(on.year))
    year = max(own)
    this = own[year]
    figures = MoneyFigures.of(this)
    return MoneyBlock(
        **base,
        **_money_peers(ctx, year, this),
        year=year,
        verified=ctx.verified(year),
        this=this,
        figures=figures,
        share=figures.share,
        meets=this.meets_commitment,
        by_subsector=[(str(lbl), this.by_subsector.get(c, ZERO)) for c, lbl in SubSector.choices],
        by_source=[(str(lbl), this.by_source.get(c, ZERO)) for c, lbl in FundingSource.choices],
    )


def per_capita(this: MoneyYear, pop: int | None) -> Figure:
    """Planned sanitation spending per person, rupiah (the report's and the league's rule)."""
    if not this.lines:
        return Missing(Reason.NO_BUDGET_LINES)
    if not pop:
        return Missing(Reason.NO_POPULATION)
    return (this.total_sanitation / pop).quantize(Decimal(1))


def _money_peers(ctx: Context, year: int, this: MoneyYear) -> dict[str, Any]:
    """Spending per person and share of APBD against the peers: verified figures of the same
    year only (two more queries)."""
    member, pops = ctx.member, ctx.pops
    found = q.money(list(ctx.rule.everyone), [year], Stage.PLANNED, on=ctx.on)
    peer_pc: dict[int, Decimal] = {}
    for (mid, y), m in found.items():
        # A peer without budget lines has no spending figure: left out, not counted as Rp0.
        if mid != member.pk and y == year and pops.get(mid) and m.lines:
            peer_pc[mid] = m.total_sanitation / pops[mid]
    ids, label = pick_peers({(m, year): v for m, v in peer_pc.items()}, ctx.rule, year)
    peer_values = [v for m, v in peer_pc.items() if m in ids]
    share_peers = [
        s
        for (mid, y), m in found.items()
        if mid in ids and y == year and (s := m.share) is not None
    ]
    return {
        "per_capita": per_capita(this, pops.get(member.pk)),
        "peer_per_capita": q.median(peer_values),
        "peer_per_capita_coverage": Coverage.of(len(peer_values), len(ids)),
        "peer_share": q.median(share_peers),
        "peer_share_coverage": Coverage.of(len(share_peers), len(ids)),
        "peer_label": label,
        "peer_count": len(peer_values),
    }
