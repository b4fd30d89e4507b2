"""The Rapor Sanitasi as typed read models: frozen dataclasses, one per block of the report.

``akkopsi.rapor.services.build`` (and the block builders in ``akkopsi.rapor.blocks``) fill
them; the templates and the PDF read them; ``akkopsi.rapor.serializers`` turns them into the
API's JSON, with a schema that names every field. A figure that can be missing is typed
``Decimal | Missing`` (``akkopsi.core.missing``): never 0, always with its reason.

Every read model also answers ``model["field"]`` and ``model.get("field")`` so that code
written against the dict-shaped report keeps working (see docs/adr/0039).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from akkopsi.core.charts import Chart
from akkopsi.core.formatting import format_rupiah
from akkopsi.core.missing import Coverage, Missing
from akkopsi.core.pdf import column_widths

if TYPE_CHECKING:
    from akkopsi.awards.models import Edition, ResultRun
    from akkopsi.coordination.models import ActionItem, Meeting, Summit
    from akkopsi.data.models import Indicator, ReportingYear
    from akkopsi.data.queries import MoneyYear
    from akkopsi.dues.models import Invoice
    from akkopsi.members.models import HeadOfRegion, Member
    from akkopsi.planning.models import Plan, Scenario, SolveResult

#: A figure: a value, or ``Missing`` with the reason.
Figure = Decimal | Missing


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


class ReadModel:
    """Read access by key, as the dict-shaped report had it (``row["code"]``)."""

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


# ----------------------------------------------------------------------------- access


@dataclass(frozen=True)
class Target(ReadModel):
    """The national target that applies in a year."""

    year: int
    value: Decimal
    source: str


@dataclass(frozen=True)
class AccessRow(ReadModel):
    """One access indicator: the member's latest figure, the target, the gap, the peers."""

    code: str
    indicator: Indicator | None
    name: str
    unit: str
    source: str
    direction: str
    series: dict[int, Decimal]
    value: Figure
    year: int | None = None
    verified: bool | None = None
    target: Target | None = None
    gap_points: Decimal | None = None
    gap_households: int | None = None
    peer_median: Decimal | None = None
    peer_coverage: Coverage | None = None
    peer_label: str = ""
    peer_medians: dict[int, Decimal | None] = field(default_factory=dict)
    chart: Chart | None = None


@dataclass(frozen=True)
class AccessBlock(ReadModel):
    rows: tuple[AccessRow, ...]
    households: int | None
    household_size: Decimal
    targets: dict[str, list[tuple[int, Decimal, str]]]


# ----------------------------------------------------------------------------- money


@dataclass(frozen=True)
class MoneyFigures(ReadModel):
    """APBD total, sanitation spending (APBD kab/kota, every source) and the share."""

    apbd: Figure
    apbd_sanitation: Figure
    total_sanitation: Figure
    share: Figure

    @classmethod
    def of(cls, money: MoneyYear) -> MoneyFigures:
        return cls(**money.figures())


@dataclass(frozen=True)
class MoneyBlock(ReadModel):
    """The member's latest planned budget year against the 2 % commitment and its peers
    (``year`` None: no budget year at all, and ``share`` says why)."""

    years: list[int]
    series: dict[int, MoneyYear]
    commitment: Decimal
    share: Figure
    year: int | None = None
    verified: bool | None = None
    this: MoneyYear | None = None
    figures: MoneyFigures | None = None
    meets: bool | None = None
    per_capita: Figure | None = None
    peer_per_capita: Decimal | None = None
    peer_per_capita_coverage: Coverage | None = None
    peer_share: Decimal | None = None
    peer_share_coverage: Coverage | None = None
    peer_label: str = ""
    peer_count: int = 0
    by_subsector: list[tuple[str, Decimal]] = field(default_factory=list)
    by_source: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def share_by_year(self) -> dict[int, Figure]:
        return {
            y: s.share if s.share is not None else Missing(s.missing_reason or "")
            for y, s in self.series.items()
        }


# ----------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class BestUse(ReadModel):
    """Where one more Rp1 miliar serves the most households."""

    source_name: str
    year: int
    value: float


@dataclass(frozen=True)
class PlanFigures(ReadModel):
    """The figures of a saved result (cached: a saved result never changes)."""

    years: list[int]
    gap: dict[str, Any]  # planning.report.gap_table: rows, chart, total
    marginal: list[dict[str, Any]]  # planning.report.marginal_table
    best: BestUse | None


@dataclass(frozen=True)
class PlanBlock(ReadModel):
    """The latest solved scenario of the member's plan (``visible`` False: not shown)."""

    visible: bool
    saved: SolveResult | None = None
    unsolved: Plan | None = None
    scenario: Scenario | None = None
    plan: Plan | None = None
    targets_met: bool | None = None
    figures: PlanFigures | None = None

    @property
    def solved(self) -> bool:
        return self.saved is not None

    @property
    def plan_name(self) -> str | None:
        plan = self.plan or self.unsolved
        return plan.name if plan else None

    @property
    def years(self) -> list[int]:
        return self.figures.years if self.figures else []

    @property
    def gap(self) -> dict[str, Any]:
        return self.figures.gap if self.figures else {}

    @property
    def marginal(self) -> list[dict[str, Any]]:
        return self.figures.marginal if self.figures else []

    @property
    def best(self) -> BestUse | None:
        return self.figures.best if self.figures else None

    @property
    def gap_columns(self) -> tuple[list[float], bool]:
        """The printed funding gap table's column widths (percent) and whether it needs a
        landscape page, from its content (``core.pdf.column_widths``): amounts never overlap."""
        header = [_("Funding source"), *(str(y) for y in self.years), _("Total")]
        rows = [
            [r["source_name"], *(format_rupiah(v) for v in [*r["values"], r["total"]])]
            for r in self.gap.get("rows", [])
        ]
        return column_widths(header, rows, range(1, len(header)))

    @property
    def gap_by_source(self) -> dict[str, dict[int, Decimal]]:
        return {
            r["source_name"]: dict(zip(self.years, r["values"], strict=True))
            for r in self.gap.get("rows", [])
        }


# ----------------------------------------------------------------------------- award


@dataclass(frozen=True)
class WhatIf(ReadModel):
    """What one criterion alone would have to reach to move the member up one place."""

    code: str
    name: str
    value: float
    change: float


@dataclass(frozen=True)
class AwardBlock(ReadModel):
    """The member's rank in the latest published edition that ranked it (else all None)."""

    edition: Edition | None = None
    run: ResultRun | None = None
    unit: dict[str, Any] | None = None  # the member's unit in the run's results
    n_units: int = 0
    interval: dict[str, float] | None = None
    whatif: tuple[WhatIf, ...] = ()

    @property
    def rank(self) -> int | None:
        return self.unit["rank"] if self.unit else None

    @property
    def score(self) -> float | None:
        return self.unit["score"] if self.unit else None


# ----------------------------------------------------------------------------- alliance


@dataclass(frozen=True)
class DuesBlock(ReadModel):
    """The member's latest dues invoice, what is open this year, arrears and credit."""

    invoice: Invoice | None
    status: str | None  # paid, open, overdue, none_this_year; None: no invoice yet
    outstanding_this_year: Decimal
    arrears: Decimal
    credit: Decimal
    oldest_year: int | None

    @property
    def invoice_number(self) -> str | None:
        return self.invoice.number if self.invoice else None


@dataclass(frozen=True)
class SummitState(ReadModel):
    number: int
    year: int
    registration_open: bool
    delegates: dict[str, int] | None  # by status; None: the user may not see them


@dataclass(frozen=True)
class CycleState(ReadModel):
    year: int
    deadline: date
    submission: str | None  # the status of the member's data (its own staff only)


@dataclass(frozen=True)
class AllianceBlock(ReadModel):
    """Dues and actions (None when the user may not see them), meetings, summit, cycle."""

    meetings: list[Meeting]
    summit: Summit | None
    cycle: ReportingYear | None
    dues: DuesBlock | None = None
    actions: list[ActionItem] | None = None
    delegates: dict[str, int] | None = None
    submission: str | None = None  # the status of the cycle's data, for the member's staff

    @property
    def summit_state(self) -> SummitState | None:
        s = self.summit
        if s is None:
            return None
        return SummitState(s.number, s.year, s.registration_open, self.delegates)

    @property
    def cycle_state(self) -> CycleState | None:
        c = self.cycle
        return CycleState(c.year, c.deadline, self.submission) if c else None


# ----------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Report(ReadModel):
    member: Member
    on: date
    audience: Audience
    head: HeadOfRegion | None
    access: AccessBlock
    money: MoneyBlock
    plan: PlanBlock
    award: AwardBlock
    alliance: AllianceBlock
    charts: dict[str, Any] = field(default_factory=dict)

    @property
    def head_of_region(self) -> str | None:
        return str(self.head) if self.head else None

    @property
    def award_shown(self) -> AwardBlock | None:
        return self.award if self.award.edition else None

    @property
    def plan_shown(self) -> PlanBlock | None:
        """The plan block, or None when there is neither a solved nor an unsolved plan."""
        return self.plan if self.plan.saved or self.plan.unsolved else None
