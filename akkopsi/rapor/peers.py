"""Similar members ("peers") of the Rapor Sanitasi, and medians over them.

Peers: members of the same kind (kabupaten or kota) in the same population class (below
100 000, 100 000-500 000, 500 000-1 000 000, above 1 000 000, the BPS town-size classes); when
fewer than three of them have a figure, the members of the same kind in the same province
instead. The rule is in ``peer_rule`` and in the README.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from akkopsi.data import queries as q
from akkopsi.members.models import Member
from akkopsi.regions.models import Population

POPULATION_CLASSES = [100_000, 500_000, 1_000_000]
MIN_PEERS = 3

#: (member id, year) -> value
Found = dict[tuple[int, int], Decimal]


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
class PeerRule:
    """The two peer groups of a member and how they are named on the report."""

    by_class: list[int]
    by_province: list[int]
    class_label: str
    province_label: str

    @property
    def everyone(self) -> set[int]:
        return set(self.by_class) | set(self.by_province)


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


def peer_rule(member: Member, pops: dict[int, int], province_of: dict[int, str]) -> PeerRule:
    """The peers of ``member``: same kind and population class, else same kind and province."""
    cls = population_class(pops.get(member.pk))
    same_class = [m for m, p in pops.items() if m != member.pk and population_class(p) == cls]
    same_province = [
        m
        for m, prov in province_of.items()
        if prov == member.regency.province_id and m != member.pk
    ]
    kind = member.regency.get_kind_display().lower()
    return PeerRule(
        by_class=same_class,
        by_province=same_province,
        class_label=_("%(kind)s with %(size)s")
        % {"kind": kind, "size": population_class_label(cls)},
        province_label=_("%(kind)s in %(province)s")
        % {"kind": kind, "province": member.regency.province.name},
    )


def median_by_year(found: Found, ids: set[int]) -> dict[int, Decimal | None]:
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    for (m, y), v in found.items():
        if m in ids:
            by_year[y].append(v)
    return {y: q.median(xs) for y, xs in by_year.items() if len(xs) >= MIN_PEERS}


def pick_peers(found: Found, rule: PeerRule, year: int) -> tuple[set[int], str]:
    """Peers by class when at least three of them have a figure for ``year``, else by province."""
    by_class = set(rule.by_class)
    if sum(1 for (m, y) in found if m in by_class and y == year) >= MIN_PEERS:
        return by_class, rule.class_label
    return set(rule.by_province), rule.province_label
