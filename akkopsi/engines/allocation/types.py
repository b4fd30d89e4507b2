"""Input and output types of the allocation engine (frozen, slotted dataclasses).

Conventions
-----------
* Money that goes *in* is ``Decimal`` or ``int`` rupiah (never ``float``); money that comes
  *out* is ``Decimal`` rounded to whole rupiah. Shares, rates and households are numbers.
* Years: ``PlanProblem.base_year`` is the year of the baseline situation; the plan covers
  the ``horizon`` years ``base_year + 1 .. base_year + horizon``. Every per-year tuple
  (envelopes, household series, APBD totals) has one entry per plan year, in order.
* A ladder lists its steps from the lowest (e.g. BABS) to the highest (e.g. aman).
* Identifiers (``id``) are short machine names; ``name`` is the Indonesian label.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from akkopsi.engines.errors import Param, render

__all__ = [
    "ApbdCheck",
    "ApbdRule",
    "ApbdRuleMode",
    "Catalogue",
    "Constraint",
    "CostKind",
    "CoverageRow",
    "ExtraFunding",
    "ExtraFundingShare",
    "Facility",
    "FundingRule",
    "ItemKind",
    "Ladder",
    "MarginalValue",
    "Method",
    "Money",
    "MoveRow",
    "Note",
    "Option",
    "OptionCost",
    "PlanProblem",
    "PlanResult",
    "PlantRow",
    "ProgramLine",
    "Ratio",
    "Source",
    "SpendingRow",
    "SubSector",
    "Target",
    "TargetKind",
    "TargetResult",
]


@dataclass(frozen=True, slots=True)
class Note:
    """A remark of the engine on a result, saved with it: a code (``PlanNote``) with its
    parameters, translated where a user reads it, and ``text``, its English wording for
    readers of the saved JSON. Results saved before the codes carry a plain string."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()
    text: str = ""

    @classmethod
    def of(cls, code: str, **params: Param) -> Note:
        return cls(code, tuple(params.items()), render(code, params))


Money = Decimal | int
"""Rupiah as they arrive: ``Decimal`` (sen allowed) or ``int``; ``float`` is refused."""

Ratio = Decimal | float | int
"""A share, rate or fraction (not money)."""


class TargetKind(StrEnum):
    """How a target reads."""

    AT_LEAST = "at_least"
    """At least ``share`` of households stand at ``step`` or above (e.g. 90% >= layak)."""
    AT_MOST = "at_most"
    """At most ``share`` of households stand at ``step`` or below (e.g. 0% at BABS)."""


class ApbdRuleMode(StrEnum):
    CHECK = "check"
    """Only report whether the program's use of the source reaches the floor."""
    FLOOR = "floor"
    """Force the program to use at least the floor from that source each year."""


class CostKind(StrEnum):
    CAPITAL = "capital"
    OPERATING = "operating"


class ItemKind(StrEnum):
    OPTION = "option"
    FACILITY = "facility"


class Constraint(StrEnum):
    """A constraint of the plan, as :func:`~akkopsi.engines.allocation.check.check_result`
    verifies it on a result (the names of ``PlanResult.constraints_broken``)."""

    ELIGIBILITY = "eligibility"
    """Money of an item comes only from sources allowed to pay that cost of that item."""
    CAPITAL = "capital"
    """Capital paid = unit cost x households moved (options) or plants built (facilities)."""
    OPERATING = "operating"
    """O&M paid each year = unit O&M x what was built in an earlier year and still lives."""
    BUDGET = "budget"
    """Spending of a source in a year stays within its envelope."""
    APBD_FLOOR = "apbd_floor"
    """``ApbdRuleMode.FLOOR``: the APBD source spends at least the floor every year."""
    STOCK = "stock"
    """Households leave a step only from those on it at the start of the year (plus that
    year's newcomers on the entry step), along the option's own steps."""
    OPTION_CAP = "option_cap"
    """Households moved by an option in a year stay within its yearly cap."""
    PLANTS = "plants"
    """Plants are whole, non-negative and within the yearly build cap."""
    CAPACITY = "capacity"
    """Households served by a facility's options fit its spare capacity plus living plants."""
    SHORTFALL = "shortfall"
    """Each target's reported shortfall is what the program leaves short, and the weighted
    shortfall is their weighted sum."""
    COST = "cost"
    """The reported total and discounted costs are those of the program lines."""


class Method(StrEnum):
    OPTIMAL = "optimal"
    """Two-stage MILP solved by HiGHS."""
    GREEDY = "greedy"
    """Consul-style greedy baseline."""


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class SubSector:
    """A sub-sector with its service ladder and the baseline households on each step."""

    id: str
    name: str
    steps: tuple[str, ...]
    baseline: tuple[int, ...]
    """Households on each step in the base year, aligned with ``steps``; sums to
    ``PlanProblem.households``."""
    entry_step: str | None = None
    """Step on which new households (growth) enter; ``None`` = the lowest step."""


@dataclass(frozen=True, slots=True)
class Target:
    """A target of one sub-sector in one plan year."""

    sub_sector: str
    step: str
    year: int
    share: Ratio
    """Between 0 and 1 (0.9 = 90%)."""
    kind: TargetKind = TargetKind.AT_LEAST


@dataclass(frozen=True, slots=True)
class Facility:
    """A plant built in whole units that gives capacity to options (IPLT, TPS3R, SANIMAS site)."""

    id: str
    name: str
    capacity_households: int
    """Households one plant can serve."""
    capital_cost_per_plant: Money
    operating_cost_per_plant: Money = 0
    """Rupiah per plant per year, paid from the year after it is built, while alive."""
    lifetime_years: int = 20
    existing_spare_capacity: int = 0
    """Households that plants existing in the base year can still take on."""
    max_plants_per_year: int | None = None


@dataclass(frozen=True, slots=True)
class Option:
    """A technical option that moves households of one sub-sector up its ladder."""

    id: str
    name: str
    sub_sector: str
    from_steps: tuple[str, ...]
    to_step: str
    capital_cost_per_household: Money = 0
    operating_cost_per_household: Money = 0
    """Rupiah per household per year, paid from the year after the move, while alive."""
    lifetime_years: int = 20
    facility: str | None = None
    """Households served by this option use capacity of that facility, for good."""
    max_households_per_year: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A funding source with its envelope per plan year and what it may pay for."""

    id: str
    name: str
    envelope: tuple[Money, ...]
    capital_for: frozenset[str] | None = None
    """Option and facility ids whose capital cost this source may pay; ``None`` = all."""
    operating_for: frozenset[str] | None = frozenset()
    """Option and facility ids whose O&M this source may pay; ``None`` = all; default none."""


@dataclass(frozen=True, slots=True)
class ApbdRule:
    """The AKKOPSI 2% commitment: sanitation use of ``source`` >= ``min_share`` x APBD total."""

    apbd_total: tuple[Money, ...]
    source: str = "apbd_kabkota"
    min_share: Ratio = Decimal("0.02")
    mode: ApbdRuleMode = ApbdRuleMode.CHECK


@dataclass(frozen=True, slots=True)
class PlanProblem:
    """The sanitation situation of one kabupaten/kota and the money available."""

    base_year: int
    households: int
    sub_sectors: tuple[SubSector, ...]
    options: tuple[Option, ...]
    sources: tuple[Source, ...]
    targets: tuple[Target, ...] = ()
    facilities: tuple[Facility, ...] = ()
    horizon: int = 5
    growth_rate: Ratio = 0
    """Yearly growth of households; ignored when ``household_series`` is given."""
    household_series: tuple[int, ...] | None = None
    """Households in each plan year (not the base year); must not decrease."""
    discount_rate: Ratio = Decimal("0.05")
    apbd_rule: ApbdRule | None = None


@dataclass(frozen=True, slots=True)
class Ladder:
    """A ladder of the default catalogue (no baseline: that is local data)."""

    id: str
    name: str
    steps: tuple[str, ...]
    step_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FundingRule:
    """What a kind of funding source may pay for (default catalogue)."""

    id: str
    name: str
    capital_for: frozenset[str] | None
    operating_for: frozenset[str] | None
    note: str = ""

    def source(self, envelope: tuple[Money, ...]) -> Source:
        """This rule as a :class:`Source` with the given envelope per plan year."""
        return Source(self.id, self.name, envelope, self.capital_for, self.operating_for)


@dataclass(frozen=True, slots=True)
class Catalogue:
    ladders: tuple[Ladder, ...]
    options: tuple[Option, ...]
    facilities: tuple[Facility, ...]
    funding_rules: tuple[FundingRule, ...]


# -------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class ProgramLine:
    """One cell of the program table: year x item x source x cost kind."""

    year: int
    item: str
    item_kind: ItemKind
    source: str | None
    """``None`` for moves of an option that has no capital cost."""
    cost_kind: CostKind
    rupiah: Decimal
    households: float
    """Households moved (capital lines of options; pro rata to the source's share)."""
    plants: float
    """Plants built (capital lines of facilities; pro rata to the source's share)."""


@dataclass(frozen=True, slots=True)
class MoveRow:
    year: int
    option: str
    sub_sector: str
    from_step: str
    to_step: str
    households: float


@dataclass(frozen=True, slots=True)
class PlantRow:
    year: int
    facility: str
    plants: int


@dataclass(frozen=True, slots=True)
class CoverageRow:
    sub_sector: str
    year: int
    """Base year included."""
    step: str
    households: float
    share: float


@dataclass(frozen=True, slots=True)
class TargetResult:
    sub_sector: str
    step: str
    kind: TargetKind
    year: int
    share: float
    weight: float
    """Weight of this target in the shortfall objective (see ``model``)."""
    required_households: float
    """Households that must stand at/above the target step (for AT_MOST: above it)."""
    achieved_households: float
    shortfall_households: float
    met: bool
    met_at_baseline: bool
    """Already met by the base-year situation (before growth)."""
    shortfall_with_unlimited_money: float | None
    """What stays short even with unlimited extra money (stock, capacity, build caps)."""


@dataclass(frozen=True, slots=True)
class SpendingRow:
    year: int
    source: str
    envelope: Decimal
    capital: Decimal
    operating: Decimal
    total: Decimal
    unused: Decimal


@dataclass(frozen=True, slots=True)
class ExtraFunding:
    year: int
    source: str
    rupiah: Decimal


@dataclass(frozen=True, slots=True)
class ExtraFundingShare:
    """The part of the extra money of ``source`` in ``year`` that goes to ``item``.

    Money is fungible within a source-year, so the extra money of a source-year is shared
    among the items (options and facilities, capital and O&M) that the extra-funding solve
    pays from it, pro rata to what each gets; the shares add up to the
    :class:`ExtraFunding` row to the rupiah.
    """

    year: int
    source: str
    item: str
    rupiah: Decimal


@dataclass(frozen=True, slots=True)
class MarginalValue:
    """Value of one more Rp1 miliar (10^9) of ``source`` in ``year``.

    ``shortfall_reduction_per_billion`` is the fall of the weighted shortfall (households
    x step weight) per extra Rp1 M, from the dual of the budget row of the LP with plants
    fixed at their optimal numbers. Zero when the budget is not binding or when the
    targets are met.
    """

    year: int
    source: str
    shortfall_reduction_per_billion: float
    binding: bool


@dataclass(frozen=True, slots=True)
class OptionCost:
    """CACTUS-style total annualised cost per household (TACH) of one option."""

    option: str
    capital_annualised: Decimal
    operating: Decimal
    facility_share: Decimal
    """Annualised capital + O&M of the linked facility per household of capacity."""
    total: Decimal


@dataclass(frozen=True, slots=True)
class ApbdCheck:
    year: int
    source: str
    spending: Decimal
    apbd_total: Decimal
    share: float
    required_share: float
    met: bool | None
    """:func:`akkopsi.engines.rules.meets_commitment`; ``None`` when the APBD total is zero."""


@dataclass(frozen=True, slots=True)
class PlanResult:
    method: Method
    base_year: int
    years: tuple[int, ...]
    program: tuple[ProgramLine, ...]
    moves: tuple[MoveRow, ...]
    plants: tuple[PlantRow, ...]
    coverage: tuple[CoverageRow, ...]
    targets: tuple[TargetResult, ...]
    spending: tuple[SpendingRow, ...]
    extra_funding: tuple[ExtraFunding, ...]
    """Minimal extra money per year and source that closes what money can close
    (empty for the greedy baseline and when nothing is short)."""
    marginal_values: tuple[MarginalValue, ...]
    """Empty for the greedy baseline."""
    option_costs: tuple[OptionCost, ...]
    apbd_checks: tuple[ApbdCheck, ...]
    total_cost: Decimal
    """Nominal rupiah spent over the horizon (capital + O&M)."""
    discounted_cost: Decimal
    """Spending discounted to the first plan year at ``discount_rate``."""
    annualised_cost: Decimal
    """Annualised capital of everything built + its yearly O&M (CACTUS TACH numerator)."""
    annualised_cost_per_household: Decimal | None
    """``annualised_cost`` / households moved; ``None`` when nobody moved."""
    weighted_shortfall: float
    households_moved: float
    extra_funding_total: Decimal
    notes: tuple[Note | str, ...]
    """Remarks on the result (:class:`Note`; a plain string in results saved earlier)."""
    extra_funding_by_item: tuple[ExtraFundingShare, ...] = ()
    """``extra_funding`` shared among the items it pays for (for gaps by sub-sector)."""
    constraints_broken: tuple[Constraint, ...] = ()
    """Constraints of the plan this program does not respect. Always empty for the
    optimiser. The greedy baseline respects every constraint the optimiser does; the only
    one its heuristic can miss is the APBD floor (``APBD_FLOOR``), in a year where it found
    no more work for the APBD money although a program meeting every floor exists (when
    none exists it raises :class:`InfeasiblePlan` as the optimiser does). A result with a
    broken constraint is not a feasible point of the plan: it answers another question and
    must not be compared with the optimiser's."""
