"""Default ladders, options, facilities, funding rules and targets.

The options and facilities with their unit costs and lifetimes are in the packaged
``data/options.csv``, what each kind of funding source may pay in ``data/funding_rules.csv``;
every row says where its figures come from (``source``/``note``). Unit costs are nominal
rupiah from Indonesian sources collected in ``docs/sources.md`` 3.3 (use them as ranges, not
standards). Markers as there: [V] stated in the source, [D] derived by arithmetic on cited
figures, [U] uncertain or our assumption. Every figure without a published source is an
assumption marked [U] and should be replaced by local data.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from importlib import resources

from akkopsi.engines.allocation.types import (
    Catalogue,
    Facility,
    FundingRule,
    Ladder,
    Option,
    Target,
    TargetKind,
)

__all__ = ["default_catalogue", "default_targets"]

AIR_LIMBAH = Ladder(
    "air_limbah",
    "Air limbah domestik",
    ("babs", "belum_layak", "layak", "aman"),
    # docs/sources.md 2.5 (Bappenas/BPS adaptation of the JMP ladder; nawasis.org definisi)
    ("BABS di tempat terbuka", "Belum layak", "Layak", "Aman"),
)
PERSAMPAHAN = Ladder(
    "persampahan",
    "Persampahan",
    ("tidak_tertangani", "tertangani", "terkurangi"),
    # docs/sources.md 2.2: penanganan (handled) and pengurangan (reduced at source), Perpres 97/2017
    ("Tidak tertangani", "Tertangani", "Terkurangi"),
)

_DATA = resources.files("akkopsi.engines.allocation") / "data"


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of a packaged CSV file (``data/NAME``)."""
    return list(csv.DictReader((_DATA / name).read_text(encoding="utf-8").splitlines()))


def _cost(text: str) -> Decimal | int:
    """A unit cost in whole rupiah: ``Decimal``, or the int ``0`` for no cost."""
    value = int(text)
    return Decimal(value) if value else 0


def _ids(text: str) -> frozenset[str] | None:
    """Space-separated ids; ``*`` = everything (``None``), empty = nothing."""
    return None if text == "*" else frozenset(text.split())


def _option(row: dict[str, str]) -> Option:
    return Option(
        row["id"],
        row["name"],
        row["sub_sector"],
        tuple(row["from_steps"].split()),
        row["to_step"],
        _cost(row["capital_cost"]),
        _cost(row["operating_cost"]),
        int(row["lifetime_years"]),
        facility=row["facility"] or None,
    )


def _facility(row: dict[str, str]) -> Facility:
    return Facility(
        row["id"],
        row["name"],
        int(row["capacity_households"]),
        _cost(row["capital_cost"]),
        _cost(row["operating_cost"]),
        int(row["lifetime_years"]),
    )


@cache
def _options_and_facilities() -> tuple[tuple[Option, ...], tuple[Facility, ...]]:
    """``data/options.csv``: every option and facility with its unit costs and their source."""
    rows = _rows("options.csv")
    options = tuple(_option(r) for r in rows if r["kind"] == "option")
    facilities = tuple(_facility(r) for r in rows if r["kind"] == "facility")
    return options, facilities


@cache
def _funding_rules() -> tuple[FundingRule, ...]:
    """``data/funding_rules.csv``: what each kind of source may pay (docs/sources.md 3.2)."""
    return tuple(
        FundingRule(r["id"], r["name"], _ids(r["capital_for"]), _ids(r["operating_for"]), r["note"])
        for r in _rows("funding_rules.csv")
    )


def default_catalogue() -> Catalogue:
    """Ladders, options, facilities and funding rules with Indonesian unit costs."""
    return Catalogue(
        ladders=(AIR_LIMBAH, PERSAMPAHAN),
        options=_options_and_facilities()[0],
        facilities=_options_and_facilities()[1],
        funding_rules=_funding_rules(),
    )


def default_targets(year: int = 2024) -> tuple[Target, ...]:
    """RPJMN 2020-2024 targets (Perpres 18/2020), all due in ``year``.

    * air limbah: 90% layak including 15% aman, 0% BABS di tempat terbuka (docs/sources.md 2.6);
    * persampahan: 100% managed = 80% handled + 20% reduced, i.e. 100% at >= tertangani and
      20% at terkurangi (docs/sources.md 2.2, Bappenas).
    """
    return (
        Target("air_limbah", "layak", year, Decimal("0.90")),
        Target("air_limbah", "aman", year, Decimal("0.15")),
        Target("air_limbah", "babs", year, Decimal("0"), TargetKind.AT_MOST),
        Target("persampahan", "tertangani", year, Decimal("1.00")),
        Target("persampahan", "terkurangi", year, Decimal("0.20")),
    )
