"""Data cycle benchmarks (issue 3).

1. Importing one national workbook (514 members x 12 indicators x 10 years, plus budget lines
   and APBD totals) through the importer, against the floor: a raw bulk insert of the same rows.
   The import reads the XLSX, validates, diffs, writes values and their history.
2. The national dashboard at 20 and at 514 members: same number of queries; time ratio.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from bench import _django
from bench._django import queries, row, timed

YEARS = list(range(2014, 2024))


def _members(n: int) -> list[Any]:
    from akkopsi.members.models import Member, MembershipPeriod
    from akkopsi.regions.models import Regency

    codes = list(Regency.objects.order_by("code").values_list("code", flat=True)[:n])
    existing = set(Member.objects.values_list("regency_id", flat=True))
    new = [Member(regency_id=c, membership_number=f"B-{c}") for c in codes if c not in existing]
    Member.objects.bulk_create(new)
    members = list(Member.objects.filter(regency_id__in=codes).select_related("regency"))
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(member=m, joined_on=date(2010, 1, 1))
            for m in members
            if m.regency_id in {x.regency_id for x in new}
        ]
    )
    return members


def _workbook(members: list[Any], indicators: list[Any]) -> tuple[bytes, int]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    data = wb.create_sheet("Data")
    data.append(["kode", "tahun", *[i.code for i in indicators]])
    budget = wb.create_sheet("Anggaran")
    budget.append(["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"])
    apbd = wb.create_sheet("APBD")
    apbd.append(["kode", "tahun", "tahap", "apbd"])
    rows = 0
    for k, m in enumerate(members):
        for y in YEARS:
            values = []
            for i in indicators:
                lo, hi = float(i.min_value), float(i.max_value)
                values.append(
                    round(
                        lo + (hi - lo) * ((k * 7 + y * 3 + i.pk) % 97) / 100,
                        0 if i.kind in {"count", "year", "level", "boolean"} else 2,
                    )
                )
            data.append([m.code, y, *values])
            apbd.append([m.code, y, "planned", 1_500_000_000_000 + k * 1_000_000])
            for sub in ["air_limbah", "persampahan", "drainase"]:
                budget.append([m.code, y, sub, "apbd_kabkota", "planned", 5_000_000_000 + k])
            rows += len(indicators) + 1 + 3
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), rows


def _raw_insert(members: list[Any], indicators: list[Any], user: Any) -> None:
    from akkopsi.data.models import ApbdTotal, BudgetLine, IndicatorValue

    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(member=m, indicator=i, year=y, value=Decimal(50))
            for m in members
            for y in YEARS
            for i in indicators
        ],
        batch_size=5000,
    )
    ApbdTotal.objects.bulk_create(
        [
            ApbdTotal(member=m, year=y, stage="planned", amount=Decimal(10**12))
            for m in members
            for y in YEARS
        ],
        batch_size=5000,
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                member=m,
                year=y,
                subsector=s,
                source="apbd_kabkota",
                stage="planned",
                amount=Decimal(10**9),
            )
            for m in members
            for y in YEARS
            for s in ["air_limbah", "persampahan", "drainase"]
        ],
        batch_size=5000,
    )


def _clear() -> None:
    from akkopsi.data.models import ApbdTotal, BudgetLine, ImportBatch, IndicatorValue, Submission

    for model in (IndicatorValue, BudgetLine, ApbdTotal, Submission):
        model.objects.all()._raw_delete(model.objects.db)
        model.history.all().delete()
    ImportBatch.objects.all()._raw_delete(ImportBatch.objects.db)


def run() -> list[dict[str, Any]]:
    _django.setup()
    from akkopsi.accounts.models import Role, User
    from akkopsi.data.models import Indicator

    user = User.objects.create(username="bench-seknas", role=Role.SECRETARIAT)
    indicators = list(Indicator.objects.filter(active=True))
    members = _members(514)
    return [_bench_import(user, members, indicators), _bench_dashboard(members)]


def _bench_import(user: Any, members: list[Any], indicators: list[Any]) -> dict[str, Any]:
    """1. national import vs raw bulk insert; queries of a small and a national import."""
    from django.db import transaction

    from akkopsi.data.importing.service import commit, dry_run_file

    workbook, rows = _workbook(members, indicators)
    floor, _ = timed(lambda: _raw_insert(members, indicators, user))
    _clear()

    def do_import() -> Any:
        with transaction.atomic():
            p = dry_run_file(workbook, "nasional.xlsx", user, current_year=2025)
            assert p.ok, [str(e) for e in p.errors[:5]]
            return commit(p, by=user, comment="bench")

    def import_of(book: bytes, name: str) -> Callable[[], Any]:
        return lambda: commit(
            dry_run_file(book, name, user, current_year=2025), by=user, comment="bench"
        )

    seconds, batch = timed(do_import)
    assert batch.created == rows, (batch.created, rows)
    _clear()
    small_book, small_rows = _workbook(members[:20], indicators)
    q_small, _ = queries(import_of(small_book, "kecil.xlsx"))
    _clear()
    q_large, _ = queries(import_of(workbook, "nasional.xlsx"))
    return row(
        "data: import national workbook (514 x 12 x 10 + budget)",
        seconds,
        "raw bulk insert of the same rows",
        floor,
        f"{rows:,} rows; SQL queries {q_small} for {small_rows:,} rows vs {q_large} for {rows:,} (grows only by batches of 2,000)",
    )


def _bench_dashboard(members: list[Any]) -> dict[str, Any]:
    """2. national dashboard at 20 and at 514 members (verified data), uncached."""
    from django.core.cache import cache
    from django.test import Client

    from akkopsi.data.models import Submission

    Submission.objects.filter(year__in=YEARS).update(status="verified")
    client = Client(HTTP_HOST="127.0.0.1")

    def page() -> Any:
        cache.clear()
        return client.get("/data/", {"tahun": 2023})

    q514, _ = queries(page)
    t514, _ = timed(page, repeat=3)
    Submission.objects.exclude(member__in=members[:20]).update(status="draft")
    q20, _ = queries(page)
    t20, _ = timed(page, repeat=3)
    return row(
        "data: national dashboard, 514 members (uncached)",
        t514,
        "the same at 20 members",
        t20,
        f"SQL queries {q514} at 514 vs {q20} at 20 (goal: equal; time ratio goal <= 1.5)",
    )
