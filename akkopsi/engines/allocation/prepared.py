"""The problem as the model reads it: validated, in canonical order and model units.

Built by :func:`akkopsi.engines.allocation.prepare.prepare`; every list is sorted by id and
money is in millions of rupiah (:data:`MONEY_SCALE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from akkopsi.engines.allocation.types import Target

__all__ = ["MONEY_SCALE", "PFacility", "POption", "PSource", "PSub", "PTarget", "Prepared"]

MONEY_SCALE = 1_000_000
"""Rupiah per model money unit (the model counts money in millions of rupiah)."""


# ------------------------------------------------------------------ prepared problem


@dataclass(frozen=True, slots=True)
class PSub:
    id: str
    steps: tuple[str, ...]
    baseline: tuple[float, ...]
    entry: int


@dataclass(frozen=True, slots=True)
class POption:
    id: str
    sub: int
    from_steps: tuple[int, ...]
    to_step: int
    capex: float
    opex: float
    life: int
    facility: int
    """Index into ``Prepared.facilities``; -1 = none."""
    max_per_year: float


@dataclass(frozen=True, slots=True)
class PFacility:
    id: str
    capacity: float
    capex: float
    opex: float
    life: int
    spare: float
    max_per_year: float


@dataclass(frozen=True, slots=True)
class PSource:
    id: str
    envelope: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class PTarget:
    sub: int
    step: int
    """At-least step (``AT_MOST`` targets are rewritten)."""
    year: int
    share: float
    """At-least share."""
    weight: float
    original: Target


@dataclass(frozen=True, slots=True)
class Prepared:
    """A validated problem in canonical order (every list sorted by id) and model units."""

    base_year: int
    horizon: int
    base_households: float
    households: tuple[float, ...]
    newcomers: tuple[float, ...]
    subs: tuple[PSub, ...]
    options: tuple[POption, ...]
    facilities: tuple[PFacility, ...]
    sources: tuple[PSource, ...]
    targets: tuple[PTarget, ...]
    option_cap_sources: tuple[tuple[int, ...], ...]
    option_om_sources: tuple[tuple[int, ...], ...]
    facility_cap_sources: tuple[tuple[int, ...], ...]
    facility_om_sources: tuple[tuple[int, ...], ...]
    discount_rate: float
    discount: tuple[float, ...]
    apbd_source: int
    """-1 = no APBD rule."""
    apbd_total: tuple[float, ...]
    apbd_share: float
    apbd_floor: bool
    apbd_rupiah: tuple[Decimal, ...] = ()
    """The APBD totals as given (exact rupiah), for the commitment check."""
    apbd_percent: Decimal = Decimal(0)
    """The minimum share as an exact percent, for the commitment check."""

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self.base_year + 1 + i for i in range(self.horizon))
