"""Demo members: the alliance as the seed article describes it on 19 May 2015.

Deterministic: the same database every run. Generated names are labelled "(demo)".
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from akkopsi.accounts.models import Role, User
from akkopsi.coordination.models import BoardPosition
from akkopsi.core.bulk import bulk_create_with_history
from akkopsi.demo import facts
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Contact, HeadOfRegion, Member, MembershipPeriod
from akkopsi.regions.models import Regency, RegencyKind

DEMO_PASSWORD = "akkopsi-demo"
DEMO_NOTE = "Data demo (bukan data resmi)."
FIRST = [
    "Ahmad",
    "Budi",
    "Siti",
    "Dewi",
    "Hendra",
    "Rina",
    "Agus",
    "Yusuf",
    "Made",
    "Nyoman",
    "Fitri",
    "Rahmat",
    "Teguh",
    "Wahyu",
    "Lestari",
    "Andi",
    "Yohanes",
    "Maria",
    "Bambang",
    "Sri",
]
LAST = [
    "Saputra",
    "Hidayat",
    "Wijaya",
    "Nasution",
    "Siregar",
    "Pratama",
    "Kusuma",
    "Lubis",
    "Harahap",
    "Suryadi",
    "Rahman",
    "Putri",
    "Santoso",
    "Gunawan",
    "Sembiring",
    "Simanjuntak",
    "Daulay",
    "Setiawan",
    "Halim",
    "Tanjung",
]


def _key(code: str) -> str:
    return hashlib.sha256(f"akkopsi-demo-{code}".encode()).hexdigest()


def _spread(start: date, end: date, n: int) -> list[date]:
    """n dates spread evenly over [start, end]."""
    if n <= 0:
        return []
    span = (end - start).days
    return [start + timedelta(days=round(span * (i + 1) / n)) for i in range(n)]


def _member_order(regencies: list[Regency]) -> list[Regency]:
    """The 492 demo members in order of first joining; 22 kabupaten/kota never join."""
    by_code = {r.code: r for r in regencies}
    pinned = [
        *facts.FOUNDERS,
        *[c for c in facts.ARTICLE_MEMBERS if c not in facts.FOUNDERS],
        facts.KOTA_PADANG,
    ]
    known = [c for c in facts.KNOWN_HEADS if c not in pinned]
    rest = sorted(
        (r.code for r in regencies if r.code not in pinned and r.code not in known), key=_key
    )
    # The last 22 in hash order stay outside (docs/sources.md 5.3: "only 23 kab/kota not yet members").
    outside = set(rest[-22:])
    rest = [c for c in rest[:-22]]
    ordered = [*pinned, *rest[:60], *known, *rest[60:]]
    return [by_code[c] for c in ordered if c not in outside]


def _join_dates() -> list[date]:
    """First-joining dates for 492 members that reproduce every published count."""
    dates = [facts.FOUNDING] * facts.FOUNDING_COUNT
    prev_day, prev_count = facts.FOUNDING, facts.FOUNDING_COUNT
    for day, count in facts.COUNT_ANCHORS:
        left = sum(n for left_on, n, _r in facts.LEAVINGS if prev_day < left_on <= day)
        back = sum(n for _l, n, rejoin in facts.LEAVINGS if rejoin and prev_day < rejoin <= day)
        new = count - prev_count + left - back
        dates += _spread(prev_day + timedelta(days=1), day, new)
        prev_day, prev_count = day, count
    return dates


def build_members(regencies: list[Regency]) -> list[Member]:
    ordered = _member_order(regencies)
    joins = _join_dates()
    assert len(ordered) == len(joins) == 492, (len(ordered), len(joins))
    members = [
        Member(
            regency=r,
            membership_number=f"AKK-{i + 1:04d}",
            notes=DEMO_NOTE,
            email=f"pokja.sanitasi.{r.code}@contoh.go.id",
        )
        for i, r in enumerate(ordered)
    ]
    members = bulk_create_with_history(
        members, Member, batch_size=500, default_change_reason="demo"
    )
    members = list(Member.objects.order_by("membership_number"))
    periods: list[MembershipPeriod] = []
    # Members that leave and come back: late joiners of the interval before, never the named ones.
    protected = {*facts.ARTICLE_MEMBERS, *facts.FOUNDERS, facts.KOTA_PADANG, *facts.KNOWN_HEADS}
    candidates = [i for i in range(200, 225) if members[i].code not in protected]
    leaving: dict[int, tuple[date, date | None]] = {}
    cursor = 0
    for left_on, n, rejoin in facts.LEAVINGS:
        for i in candidates[cursor : cursor + n]:
            leaving[i] = (left_on, rejoin)
        cursor += n
    for i, (member, joined) in enumerate(zip(members, joins, strict=True)):
        note = "Pendiri AKKOPSI" if joined == facts.FOUNDING else ""
        if i in leaving:
            left_on, rejoin = leaving[i]
            periods.append(
                MembershipPeriod(
                    member=member,
                    joined_on=joined,
                    join_note=note,
                    left_on=left_on,
                    leave_reason="Tidak aktif, keanggotaan dihentikan sementara (demo).",
                )
            )
            if rejoin:
                periods.append(
                    MembershipPeriod(
                        member=member, joined_on=rejoin, join_note="Bergabung kembali (demo)"
                    )
                )
        else:
            periods.append(MembershipPeriod(member=member, joined_on=joined, join_note=note))
    bulk_create_with_history(
        periods, MembershipPeriod, batch_size=500, default_change_reason="demo"
    )
    counts = membership_counts([d for d, _n in facts.COUNT_ANCHORS])
    expected = [n for _d, n in facts.COUNT_ANCHORS]
    assert counts == expected, f"demo membership counts {counts} != published {expected}"
    return members


def build_heads(members: list[Member]) -> None:
    heads: list[HeadOfRegion] = []
    for m in members:
        known = facts.KNOWN_HEADS.get(m.code)
        if known:
            heads += [
                HeadOfRegion(member=m, name=n, title=t, term_start=s, term_end=e)
                for n, t, s, e in known
            ]
            continue
        h = int(_key(m.code)[:8], 16)
        title = "wali_kota" if m.regency.kind == RegencyKind.KOTA else "bupati"
        for k, (start, end) in enumerate(
            [
                (date(2010, 8, 1), date(2015, 8, 1)),
                (date(2015, 8, 1), date(2021, 2, 26)),
                (date(2021, 2, 26), None),
            ]
        ):
            name = f"{FIRST[(h >> (4 * k)) % 20]} {LAST[(h >> (4 * k + 2)) % 20]} (demo)"
            heads.append(
                HeadOfRegion(member=m, name=name, title=title, term_start=start, term_end=end)
            )
    bulk_create_with_history(heads, HeadOfRegion, batch_size=1000, default_change_reason="demo")


def build_contacts(members: list[Member]) -> None:
    contacts = []
    for m in members:
        if m.code in facts.ARTICLE_MEMBERS or m.code in facts.KNOWN_HEADS:
            contacts.append(
                Contact(
                    member=m,
                    name=f"Sekretaris Pokja Sanitasi {m.regency.display_name} (demo)",
                    position="Sekretaris Pokja Sanitasi",
                    institution="Bappeda",
                    email=f"bappeda.{m.code}@contoh.go.id",
                    is_primary=True,
                )
            )
            contacts.append(
                Contact(
                    member=m,
                    name=f"Kepala Bidang Cipta Karya {m.regency.display_name} (demo)",
                    position="Kepala Bidang",
                    institution="Dinas PUPR",
                    email=f"pupr.{m.code}@contoh.go.id",
                )
            )
    bulk_create_with_history(contacts, Contact, batch_size=500, default_change_reason="demo")


def build_board(members: list[Member]) -> None:
    by_code = {m.code: m for m in members}
    positions = [
        BoardPosition(
            role=role,
            portfolio=pf,
            holder_name=holder,
            member=by_code[code],
            holder_office=office,
            start_on=start,
            end_on=end,
            elected_at=at,
        )
        for role, pf, holder, code, office, start, end, at in facts.BOARD
    ]
    bulk_create_with_history(positions, BoardPosition, default_change_reason="demo")


# The accounts of the roles: username, full name, role, e-mail, is_staff, is_superuser.
ROLE_ACCOUNTS = [
    ("admin", "Administrator (demo)", Role.ADMIN, "admin@contoh.go.id", True, True),
    ("sekretariat", "Seknas AKKOPSI (demo)", Role.SECRETARIAT, "seknas@contoh.go.id", True, False),
    ("bendahara", "Bendahara (demo)", Role.TREASURER, "bendahara@contoh.go.id", False, False),
    ("juri", "Juri Sanipura (demo)", Role.JURY, "juri@contoh.go.id", False, False),
    ("juri2", "Juri Sanipura kedua (demo)", Role.JURY, "juri2@contoh.go.id", False, False),
]
# The accounts the demo page names (username, what it is).
NAMED_ACCOUNTS = [
    ("admin", "administrator"),
    ("sekretariat", "sekretariat"),
    ("bendahara", "bendahara"),
    ("juri", "juri (dari DKI Jakarta)"),
    ("juri2", "juri (dari Sulawesi Selatan)"),
    ("staf-6474", "staf Kota Bontang"),
]


def build_users(members: list[Member]) -> list[tuple[str, str]]:
    """One account per role, and staff ``staf-<kode>`` for every member; one password hash."""
    password = make_password(DEMO_PASSWORD)
    users = [
        User(
            username=username,
            full_name=full_name,
            role=role,
            email=email,
            is_staff=is_staff,
            is_superuser=is_superuser,
            password=password,
        )
        for username, full_name, role, email, is_staff, is_superuser in ROLE_ACCOUNTS
    ]
    users += [
        User(
            username=f"staf-{m.code}",
            full_name=f"Staf Pokja Sanitasi {m.regency.display_name} (demo)",
            role=Role.MEMBER_STAFF,
            member=m,
            email=f"staf.{m.code}@contoh.go.id",
            position="Staf Pokja Sanitasi",
            password=password,
        )
        for m in members
    ]
    User.objects.bulk_create(users, ignore_conflicts=True, batch_size=500)
    return list(NAMED_ACCOUNTS)


def load() -> tuple[bool, list[tuple[str, str]]]:
    """Load the demo once; later runs leave the data as it is (idempotent)."""
    created = False
    if not Member.objects.exists():
        regencies = list(Regency.objects.select_related("province").order_by("code"))
        members = build_members(regencies)
        members = list(Member.objects.select_related("regency").order_by("membership_number"))
        build_heads(members)
        build_contacts(members)
        build_board(members)
        created = True
    members = list(Member.objects.select_related("regency").order_by("membership_number"))
    logins = build_users(members)
    return created, logins
