"""Demo sanitation data 2010-2025 for the demo members: deterministic, plausible, labelled.

Each member gets a seeded trajectory: access improving at its own pace, an APBD growing
about 6% a year, and a sanitation share of APBD of its own (some below the 2% commitment).
Years up to 2023 are verified; 2024 is a mix of verified, submitted and returned; 2025 is
partly in draft. Reporting year 2025 is open. A year's data is submitted in the cycle of the
following year (15 January to the end of March) and verified one to six weeks later, and the
history rows carry those times: the bulletin and the Rapor read the data as it stood on
their date, so the data of 2015 is not yet reported in May 2015.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils import timezone

from akkopsi.accounts.models import User
from akkopsi.core.bulk import bulk_create_with_history, insert_with_history
from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import (
    ApbdTotal,
    BudgetLine,
    ImportBatch,
    Indicator,
    IndicatorValue,
    ReportingYear,
    Submission,
)
from akkopsi.members.models import Member, MembershipPeriod
from akkopsi.regions.models import Population, RegencyKind

YEARS = list(range(2010, 2026))
NOTE = "data demo"


def _rng(code: str) -> np.random.Generator:
    return np.random.default_rng(int(hashlib.sha256(f"data-{code}".encode()).hexdigest()[:12], 16))


def _d(x: float, places: int = 2) -> Decimal:
    return Decimal(str(round(float(x), places)))


def _status(code: str, year: int) -> str | None:
    h = int(hashlib.sha256(f"status-{code}-{year}".encode()).hexdigest()[:6], 16) % 100
    if year <= 2023:
        return SubmissionStatus.VERIFIED if h < 95 else SubmissionStatus.SUBMITTED
    if year == 2024:
        return (
            SubmissionStatus.VERIFIED
            if h < 60
            else SubmissionStatus.SUBMITTED
            if h < 85
            else SubmissionStatus.RETURNED
            if h < 92
            else None
        )
    return SubmissionStatus.DRAFT if h < 35 else None


def stamps(code: str, year: int) -> tuple[datetime, datetime]:
    """When member ``code`` submitted its data of ``year`` and when it was verified: in the
    reporting cycle of the following year, never later than now."""
    h = int(hashlib.sha256(f"stamps-{code}-{year}".encode()).hexdigest()[:8], 16)
    opens = timezone.make_aware(datetime(year + 1, 1, 15, 9))
    submitted = opens + timedelta(days=h % 75, minutes=(h >> 8) % 480)
    verified = submitted + timedelta(days=7 + (h >> 16) % 36, minutes=(h >> 4) % 480)
    now = timezone.now()
    return min(submitted, now), min(verified, now)


@dataclass
class Rows:
    """Generated demo data, not yet written."""

    # Plain tuples in the column order of write_rows (model instances cost seconds here):
    values: list[tuple[Any, ...]] = field(default_factory=list)  # member, indicator, year, value
    totals: list[tuple[Any, ...]] = field(default_factory=list)  # member, year, stage, amount
    # member, year, subsector, source, stage, amount
    lines: list[tuple[Any, ...]] = field(default_factory=list)
    subs: list[Submission] = field(default_factory=list)
    pops: list[Population] = field(default_factory=list)


def load_data() -> None:
    if IndicatorValue.objects.exists():
        return
    members = list(Member.objects.select_related("regency").order_by("regency_id"))
    first_join = {
        m: j
        for m, j in MembershipPeriod.objects.live()
        .order_by("joined_on")
        .values_list("member_id", "joined_on")[::-1]
    }
    write_rows(build_rows(members, first_join, _status), file_name="data demo")
    for year, opens, deadline, is_open in [
        (2024, date(2025, 1, 15), date(2025, 3, 31), False),
        (2025, date(2026, 1, 15), date(2026, 12, 31), True),
    ]:
        ReportingYear.objects.get_or_create(
            year=year, defaults={"opens_on": opens, "deadline": deadline, "is_open": is_open}
        )


@dataclass(frozen=True, slots=True)
class _Trajectory:
    """One member's seeded starting points and yearly gains."""

    kota: bool
    layak0: float
    layak_gain: float
    aman0: float
    aman_gain: float
    odf0: float
    odf_gain: float
    waste0: float
    waste_gain: float
    reduce0: float
    reduce_gain: float
    spald0: float
    apbd0: float
    share: float
    population0: float
    ssk_year: int

    @classmethod
    def draw(cls, rng: np.random.Generator, kota: bool) -> _Trajectory:
        # The order of the draws is the data: keep it.
        layak0 = rng.uniform(55, 80) if kota else rng.uniform(35, 70)
        layak_gain = rng.uniform(0.8, 3.2)
        aman0, aman_gain = rng.uniform(0.5, 5), rng.uniform(0.2, 1.4)
        odf0, odf_gain = rng.uniform(0, 25), rng.uniform(2, 7)
        waste0, waste_gain = rng.uniform(35, 70), rng.uniform(0.5, 2.5)
        reduce0, reduce_gain = rng.uniform(1, 10), rng.uniform(0.3, 1.5)
        spald0 = rng.uniform(0, 8) if kota else rng.uniform(0, 3)
        apbd0 = rng.uniform(0.9e12, 2.8e12) if kota else rng.uniform(0.8e12, 3.5e12)
        share = rng.choice([rng.uniform(0.6, 1.9), rng.uniform(2.0, 3.6)], p=[0.35, 0.65])
        population0 = rng.uniform(120_000, 900_000) if kota else rng.uniform(150_000, 1_800_000)
        ssk_year = int(rng.integers(2011, 2016))
        return cls(
            kota,
            layak0,
            layak_gain,
            aman0,
            aman_gain,
            odf0,
            odf_gain,
            waste0,
            waste_gain,
            reduce0,
            reduce_gain,
            spald0,
            apbd0,
            share,
            population0,
            ssk_year,
        )

    def indicators(self, rng: np.random.Generator, year: int) -> dict[str, float]:
        """The indicator values of ``year`` (in the order of the draws)."""
        t = year - 2010
        layak = min(99.0, self.layak0 + self.layak_gain * t + rng.normal(0, 0.8))
        babs = max(0.0, (100 - layak) * rng.uniform(0.2, 0.45) - 0.3 * t)
        ssk = self.ssk_year
        return {
            "akses_layak": layak,
            "akses_aman": min(layak, self.aman0 + self.aman_gain * t + rng.normal(0, 0.3)),
            "babs": babs,
            "desa_odf": min(100.0, self.odf0 + self.odf_gain * t),
            "sampah_tertangani": min(98.0, self.waste0 + self.waste_gain * t),
            "sampah_berkurang": min(40.0, self.reduce0 + self.reduce_gain * t),
            "layanan_spald": min(40.0, self.spald0 + rng.uniform(0, 0.6) * t),
            "iplt_beroperasi": float(int(t > rng.integers(2, 14)) + int(self.kota and t > 10)),
            "genangan_ha": max(0.0, rng.uniform(20, 400) - 8 * t),
            "ssk_status": 2.0 if year >= ssk else 1.0,
            "ssk_tahun": float(ssk if year >= ssk else 2010),
            "sk_pokja": 1.0 if rng.uniform() < 0.85 else 0.0,
        }

    def money(
        self, rng: np.random.Generator, member_id: int, year: int
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The APBD totals and budget lines of ``year`` (in the order of the draws)."""
        apbd = self.apbd0 * (1.06 ** (year - 2010))
        realised = year < 2025
        totals = [(member_id, year, Stage.PLANNED, _d(apbd))]
        if realised:
            totals.append((member_id, year, Stage.REALISED, _d(apbd * rng.uniform(0.88, 0.97))))
        sanitation = apbd * (self.share + rng.normal(0, 0.15)) / 100
        split = rng.dirichlet([5, 3, 2, 1])
        kabkota = FundingSource.APBD_KABKOTA
        lines: list[tuple[Any, ...]] = []
        for sub, part in zip(SUBSECTORS, split, strict=True):
            lines.append(
                (member_id, year, sub, kabkota, Stage.PLANNED, _d(max(0, sanitation * part)))
            )
            if realised:
                amount = _d(max(0, sanitation * part * rng.uniform(0.8, 0.98)))
                lines.append((member_id, year, sub, kabkota, Stage.REALISED, amount))
        for sub, source, low, high in OTHER_SOURCES:
            lines.append((member_id, year, sub, source, Stage.PLANNED, _d(rng.uniform(low, high))))
        return totals, lines


SUBSECTORS = [SubSector.AIR_LIMBAH, SubSector.PERSAMPAHAN, SubSector.DRAINASE, SubSector.HIGIENE]
#: Planned lines from other sources: (sub-sector, source, lowest, highest rupiah).
OTHER_SOURCES = [
    (SubSector.AIR_LIMBAH, FundingSource.APBN, 2e9, 15e9),
    (SubSector.PERSAMPAHAN, FundingSource.APBD_PROVINSI, 0.3e9, 3e9),
]
#: Indicators counted in whole numbers.
WHOLE = {"iplt_beroperasi", "ssk_status", "ssk_tahun", "sk_pokja"}


def build_rows(
    members: list[Member],
    first_join: dict[int, date],
    status_of: Callable[[str, int], str | None],
    *,
    years: list[int] = YEARS,
    skip: frozenset[tuple[int, int]] = frozenset(),
) -> Rows:
    """Each member's seeded trajectory for ``years`` from its first joining (if known),
    for the (member id, year) pairs not in ``skip`` that ``status_of`` gives a status."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    rows = Rows()
    now = timezone.now()
    for m in members:
        rng = _rng(m.code)
        traj = _Trajectory.draw(rng, m.regency.kind == RegencyKind.KOTA)
        start = max(2010, first_join.get(m.pk, date(2010, 1, 1)).year)
        rows.pops.append(
            Population(
                regency_id=m.code, year=2024, population=int(traj.population0 * 1.12), source=NOTE
            )
        )
        rows.pops.append(
            Population(regency_id=m.code, year=2015, population=int(traj.population0), source=NOTE)
        )
        for year in years:
            if year < start or (m.pk, year) in skip:
                continue
            status = status_of(m.code, year)
            if status is None:
                continue
            for code, value in traj.indicators(rng, year).items():
                ind = indicators[code]
                amount = _d(max(float(ind.min_value), value), 0 if code in WHOLE else 2)
                rows.values.append((m.pk, ind.pk, year, amount))
            totals, lines = traj.money(rng, m.pk, year)
            rows.totals += totals
            rows.lines += lines
            rows.subs.append(_submission(m, year, status, now))
    return rows


def _submission(m: Member, year: int, status: str, now: datetime) -> Submission:
    S = SubmissionStatus
    sub = Submission(
        member=m,
        year=year,
        status=status,
        created_at=now,
        updated_at=now,
        comment="Mohon lengkapi data persampahan (demo)." if status == S.RETURNED else "",
    )
    submitted, verified = stamps(m.code, year)
    if status in {S.SUBMITTED, S.VERIFIED, S.RETURNED}:
        sub.submitted_at = submitted
    if status == S.VERIFIED:
        sub.verified_at = verified
    # The history row is dated when the submission reached its state (as_of readings).
    sub._history_date = sub.verified_at or sub.submitted_at or now  # type: ignore[attr-defined]
    return sub


def write_rows(rows: Rows, *, file_name: str) -> None:
    """Write generated rows set-based, each with its history row."""
    values, totals, lines = rows.values, rows.totals, rows.lines
    now = timezone.now()
    kw: dict[str, Any] = {"batch_size": 5000, "default_change_reason": NOTE}
    admin = (
        User.objects.filter(username="admin").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if admin is None:
        raise RuntimeError("the demo data is imported by the admin user: create it first")
    batch = ImportBatch.objects.create(
        file_name=file_name,
        sha256="0" * 64,
        uploaded_by=admin,
        rows=len(values) + len(totals) + len(lines),
        created=len(values) + len(totals) + len(lines),
        comment=NOTE,
    )
    stamps = {"batch": batch, "created_at": now, "updated_at": now}
    common: dict[str, Any] = {
        "constants": stamps,
        "marker": "batch",
        "user": admin,
        "reason": NOTE,
    }
    insert_with_history(
        IndicatorValue,
        ["member", "indicator", "year", "value", "comment"],
        [(*v, "") for v in values],
        key=["member", "indicator", "year"],
        **common,
    )
    insert_with_history(
        ApbdTotal,
        ["member", "year", "stage", "amount"],
        totals,
        key=["member", "year", "stage"],
        **common,
    )
    insert_with_history(
        BudgetLine,
        ["member", "year", "subsector", "source", "stage", "amount"],
        lines,
        key=["member", "year", "subsector", "source", "stage"],
        **common,
    )
    bulk_create_with_history(rows.subs, Submission, **kw)
    existing = set(Population.objects.values_list("regency_id", "year"))
    bulk_create_with_history(
        [p for p in rows.pops if (p.regency_id, p.year) not in existing], Population, **kw
    )
