"""National-scale demo data (``akkopsi demo --scale national``), for benchmarks and load tests.

On top of the ordinary demo it makes every kabupaten/kota a member (the 22 that never
joined join between 2020 and 2023), gives every member indicators and budgets for every
year of 2011-2025 from the year it joined (every year reported), bills and settles their dues, keeps an
investment plan for each member (a deterministic sample of them solved: a solve takes
about a second) and runs a Sanipura Award edition for every year with every member that
has verified data nominated (outside the juror's province). Deterministic: every choice comes from a hash of codes and
years, so two runs on the same start give the same data (``checksums`` proves it).
Indicators, budgets, members and their history rows are written set-based; plans and
award results go through their services. ``provinces`` limits everything to some
provinces (used by the tests).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Model, QuerySet

from akkopsi.accounts.models import Role, User
from akkopsi.awards import compute
from akkopsi.awards.models import (
    Edition,
    JuryScore,
    MethodologyVersion,
    Nomination,
)
from akkopsi.core.bulk import bulk_create_with_history
from akkopsi.core.checksums import digest_rows
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ApbdTotal, BudgetLine, IndicatorValue, Submission
from akkopsi.demo import awards as awards_demo
from akkopsi.demo import data as data_demo
from akkopsi.demo import dues as dues_demo
from akkopsi.demo import members as members_demo
from akkopsi.demo.planning import add_demo_plans, create_demo_plans
from akkopsi.dues import services as dues_services
from akkopsi.dues.choices import PaymentMethod
from akkopsi.dues.models import DuesSchedule, Invoice, Payment
from akkopsi.members.models import Member, MembershipPeriod
from akkopsi.planning import services as plan_services
from akkopsi.planning.models import Plan
from akkopsi.regions.models import Regency

YEARS = list(range(2011, 2026))
JOIN_FROM, JOIN_DAYS = date(2020, 1, 15), 4 * 365
NOTE = "Data demo skala nasional (bukan data resmi)."


def _h(*parts: object) -> int:
    return int(
        hashlib.sha256("|".join(map(str, ["national", *parts])).encode()).hexdigest()[:12], 16
    )


def _status(code: str, year: int) -> str:
    """Every year reported: the ordinary demo's status, else verified up to 2023."""
    status = data_demo._status(code, year)
    if status is not None:
        return status
    if year <= 2023:
        return SubmissionStatus.VERIFIED
    return SubmissionStatus.SUBMITTED if year == 2024 else SubmissionStatus.DRAFT


def _scope(provinces: Iterable[str] | None) -> QuerySet[Regency]:
    regencies = Regency.objects.select_related("province").order_by("code")
    return regencies.filter(province_id__in=list(provinces)) if provinces else regencies


def add_members(regencies: list[Regency]) -> list[Member]:
    """Every kabupaten/kota of ``regencies`` that is not a member joins (with staff and heads)."""
    taken = set(Member.objects.values_list("regency_id", flat=True))
    new = [r for r in regencies if r.code not in taken]
    if not new:
        return []
    numbers = Member.objects.values_list("membership_number", flat=True)
    last = max((int(n.rsplit("-", 1)[-1]) for n in numbers if n[-4:].isdigit()), default=0)
    created = bulk_create_with_history(
        [
            Member(
                regency=r,
                membership_number=f"AKK-{last + i + 1:04d}",
                notes=members_demo.DEMO_NOTE,
                email=f"pokja.sanitasi.{r.code}@contoh.go.id",
            )
            for i, r in enumerate(new)
        ],
        Member,
        batch_size=500,
        default_change_reason=NOTE,
    )
    members = list(
        Member.objects.filter(regency_id__in=[m.regency_id for m in created])
        .select_related("regency")
        .order_by("regency_id")
    )
    bulk_create_with_history(
        [
            MembershipPeriod(
                member=m,
                joined_on=JOIN_FROM + timedelta(days=_h("join", m.code) % JOIN_DAYS),
                join_note="Bergabung (demo skala nasional)",
            )
            for m in members
        ],
        MembershipPeriod,
        batch_size=500,
        default_change_reason=NOTE,
    )
    members_demo.build_heads(members)
    members_demo.build_users(members)
    return members


def add_data(members: list[Member]) -> int:
    """Indicators and budgets for every (member, year) of 2011-2025 not reported yet, from
    the year the member first joined (as the ordinary demo): data is submitted and verified
    in the next year's cycle (``data_demo.stamps``), so data of a year before joining would
    have been verified for a member that was not one yet, and would change the figures the
    bulletins had published as of their dates."""
    ids = [m.pk for m in members]
    done = frozenset(
        Submission.objects.filter(member_id__in=ids, year__in=YEARS).values_list(
            "member_id", "year"
        )
    )
    first_join = {
        m: j
        for m, j in MembershipPeriod.objects.live()
        .filter(member_id__in=ids)
        .order_by("joined_on")
        .values_list("member_id", "joined_on")[::-1]
    }
    rows = data_demo.build_rows(members, first_join, _status, years=YEARS, skip=done)
    if rows.subs:
        data_demo.write_rows(rows, file_name="data demo skala nasional")
    return len(rows.subs)


def add_dues(members: list[Member], treasurer: User) -> int:
    """Bill every year to every member active in it; settle the new invoices as the demo does."""
    if not DuesSchedule.objects.exists():
        dues_demo._schedules(treasurer)
    before = Invoice.objects.aggregate(m=Max("pk"))["m"] or 0
    for year in range(dues_demo.FIRST_YEAR, dues_demo.LAST_YEAR + 1):
        dues_services.generate_invoices(year=year, by=treasurer, issued_on=date(year, 1, 15))
    new = Invoice.objects.filter(pk__gt=before, member__in=members).select_related(
        "member__regency"
    )
    paid = 0
    for inv in new.order_by("member__regency_id", "year"):
        code = inv.member.code
        kind = dues_demo._behaviour(code, inv.year)
        if kind == "unpaid":
            continue
        late = kind == "late"
        day = (inv.due_on if late else inv.issued_on) + timedelta(
            days=10 + _h("pay", inv.number) % 90
        )
        day = min(day, dues_demo.BOOKS_CLOSE)
        dues_services.record_payment(
            invoice=inv,
            amount=inv.amount,
            paid_on=day,
            method=PaymentMethod.TRANSFER,
            idempotency_key=f"demo-nasional-{inv.number}",
            bank_reference=f"{dues_demo.BANKS[_h('bank', code) % len(dues_demo.BANKS)]} {day:%Y%m%d}",
            by=treasurer,
        )
        paid += 1
    return paid


def add_plans(members: list[Member], solve: int) -> tuple[int, int]:
    """A plan for every member without one; the first ``solve`` in hash order are solved
    (two scenarios, as for the article's members), the others are written in bulk and keep
    their unsolved default scenario (``akkopsi solve_plans`` solves them)."""
    planned = set(Plan.objects.values_list("member_id", flat=True))
    todo = sorted((m for m in members if m.pk not in planned), key=lambda m: _h("plan", m.code))
    add_demo_plans(todo[:solve], plan_services.default_situations(todo[:solve]))
    create_demo_plans(todo[solve:])
    return len(todo), min(solve, len(todo))


def add_editions(members: list[Member], secretariat: User | None) -> int:
    """A published edition for every year without one, on the latest methodology version,
    with every member that has verified data for the data year nominated and scored
    (``awards_demo.hold_edition``): the ordinary demo's path, with the full uncertainty
    analysis (``compute.DEFAULT_REPLICATIONS``) and no publication unless it passes its
    checks."""
    awards_demo.load_awards()
    version = MethodologyVersion.objects.order_by("-pk").first()
    jury = awards_demo.jurors()
    if version is None or not jury:
        return 0
    ids = [m.pk for m in members]
    made = 0
    for year in YEARS:
        if Edition.objects.filter(year=year).exists():
            continue
        awards_demo.hold_edition(
            awards_demo._edition(year, version),
            jury=jury,
            secretariat=secretariat,
            replications=compute.DEFAULT_REPLICATIONS,
            members=ids,
            note=NOTE,
        )
        made += 1
    return made


def load_national(
    *,
    provinces: Iterable[str] | None = None,
    solve: int = 40,
    log: Callable[[str], Any] = lambda _msg: None,
) -> dict[str, int]:
    """Fill the national scale (or ``provinces`` only). Idempotent: a second run adds nothing."""
    regencies = list(_scope(provinces))
    clock = time.perf_counter()

    def step(what: str, n: object) -> None:
        nonlocal clock
        log(f"  {what}: {n} ({time.perf_counter() - clock:.1f} s)")
        clock = time.perf_counter()

    new = add_members(regencies)
    step("new members", len(new))
    members = list(
        Member.objects.filter(regency__in=regencies)
        .select_related("regency")
        .order_by("regency_id")
    )
    staff = {
        u.role: u
        for u in User.objects.filter(
            role__in=[Role.TREASURER, Role.SECRETARIAT, Role.JURY]
        ).order_by("-pk")
    }
    reported = add_data(members)
    step("member-years of data", reported)
    paid = add_dues(members, staff[Role.TREASURER])
    step("dues payments", paid)
    plans, solved = add_plans(members, solve)
    step("plans (solved)", f"{plans} ({solved})")
    editions = add_editions(members, staff.get(Role.SECRETARIAT))
    step("award editions", editions)
    return {
        "members": len(new),
        "reported": reported,
        "payments": paid,
        "plans": plans,
        "solved": solved,
        "editions": editions,
    }


#: What ``checksums`` compares, per model: the fields that carry content (no ids, no times).
CHECKED: list[tuple[type[Model], list[str]]] = [
    (Member, ["regency_id", "membership_number"]),
    (MembershipPeriod, ["member__regency_id", "joined_on", "left_on"]),
    (IndicatorValue, ["member__regency_id", "indicator__code", "year", "value"]),
    (ApbdTotal, ["member__regency_id", "year", "stage", "amount"]),
    (
        BudgetLine,
        ["member__regency_id", "year", "subsector", "source", "stage", "amount"],
    ),
    (Submission, ["member__regency_id", "year", "status"]),
    (Invoice, ["number", "member__regency_id", "amount"]),
    (Payment, ["invoice__number", "amount", "paid_on"]),
    (Plan, ["member__regency_id", "name", "base_year", "households"]),
    (Nomination, ["edition__year", "member__regency_id"]),
    (
        JuryScore,
        [
            "nomination__edition__year",
            "nomination__member__regency_id",
            "criterion__code",
            "juror__username",
            "score",
        ],
    ),
]


#: The ordinary demo's editions: their jury scores are drawn from member ids (demo/awards.py),
#: which PostgreSQL does not hand out again after a rollback, so they are not compared.
ORDINARY_EDITIONS = [2014, 2015]


def checksums() -> dict[str, tuple[int, str]]:
    """Per model: the row count and a SHA-256 of its content in a fixed order (canonical rows,
    as the backup's per-table checksums)."""
    out = {}
    for model, fields in CHECKED:
        rows = model._default_manager.order_by(*fields).values_list(*fields)
        if model is JuryScore:
            rows = rows.exclude(nomination__edition__year__in=ORDINARY_EDITIONS)
        out[model._meta.label] = digest_rows(rows.iterator(chunk_size=5000))
    return out
