"""Demo coordination records: the rakor of 19 May 2015 in Balikpapan in full, meetings before and
after it, City Sanitation Summit editions XIII-XXIV, the 2015 work programme and two advocacy
visits. The data is in :mod:`akkopsi.demo.coordination_data`; this module records it through
the coordination services.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from akkopsi.coordination import services
from akkopsi.coordination.models import (
    ActionStatus,
    AdvocacyVisit,
    BoardPosition,
    Division,
    Meeting,
    MeetingKind,
    ProgrammeActivity,
    Summit,
    WorkingGroup,
    WorkingGroupScope,
)
from akkopsi.demo import facts
from akkopsi.demo.coordination_data import (
    MEETINGS_AFTER,
    MEETINGS_BEFORE,
    RAKOR_2015_ACTIONS,
    RAKOR_2015_AGENDA,
    RAKOR_2025_ACTIONS,
    SEKNAS,
    SUMMIT_NOTES,
    SUMMITS,
    WITA,
    DemoMeeting,
)
from akkopsi.members.models import Member


def load_coordination() -> None:
    """Idempotent: does nothing once any meeting exists."""
    if Meeting.objects.exists():
        return
    members = {m.code: m for m in Member.objects.select_related("regency")}
    summits = _summits(members)
    munas = _meetings(members, summits)
    for pos in BoardPosition.objects.filter(elected_at__startswith="Munas "):
        key = "III" if pos.elected_at.startswith("Munas III") else "II"
        pos.elected_by = munas.get(key)
        pos.save(update_fields=["elected_by"])


def _summits(members: dict[str, Member]) -> dict[int, Summit]:
    out = {}
    for number, year, host, start, end, venue, theme in SUMMITS:
        out[number] = Summit.objects.create(
            number=number,
            year=year,
            host=members.get(host),
            starts_on=start,
            ends_on=end,
            venue=venue,
            theme=theme,
            notes=SUMMIT_NOTES.get(number, ""),
            registration_open=number == 24,
            capacity=200 if number == 24 else None,
        )
    return out


def _meeting(members: dict[str, Member], attending: Iterable[str], **fields: Any) -> Meeting:
    day = fields["starts_at"].date()
    present = [members[c] for c in attending if c in members]
    present = [m for m in present if m.is_active_on(day)]
    return services.save_meeting(meeting=Meeting(**fields), attending=present, by=None)


def _record(
    members: dict[str, Member], summits: dict[int, Summit], rows: list[DemoMeeting]
) -> dict[str, Meeting]:
    """Record ``rows``; the meetings with a key are returned by it."""
    keyed = {}
    for row in rows:
        meeting = _meeting(
            members,
            row.attending,
            kind=row.kind,
            title=row.title,
            starts_at=datetime.combine(row.first_day, time(row.hours[0]), row.tz),
            ends_at=datetime.combine(row.last_day, time(row.hours[1]), row.tz),
            host=members.get(row.host),
            venue=row.venue,
            summary=row.summary,
            published=True,
            summit=summits[row.summit] if row.summit else None,
            **row.extra,
        )
        if row.key:
            keyed[row.key] = meeting
    return keyed


def _owner(members: dict[str, Member], code: str, person: str = "") -> dict[str, Any]:
    """An action's owner: the member when the registry has it, else (or also) a person."""
    member = members.get(code) if code else None
    return {"owner_member": member, "owner_person": person or ("" if member else SEKNAS)}


def _meetings(members: dict[str, Member], summits: dict[int, Summit]) -> dict[str, Meeting]:
    keyed = _record(members, summits, MEETINGS_BEFORE)
    rakor = _rakor_2015(members, summits)
    _advocacy(rakor)
    _working_groups(members, rakor)
    _programme()
    keyed.update(_record(members, summits, MEETINGS_AFTER))
    later = keyed["2025"]
    item = services.add_agenda_item(
        meeting=later,
        title="Persiapan Munas 2026 dan CSS XXIV",
        decisions="Seknas menyiapkan rancangan tata tertib Munas 2026. (demo)",
        by=None,
    )
    for what, code, due, summit in RAKOR_2025_ACTIONS:
        services.add_action(
            what=what,
            due_on=due,
            meeting=later,
            agenda_item=item,
            summit=summits[summit] if summit else None,
            by=None,
            **_owner(members, code),
        )
    return keyed


def _rakor_2015(m: dict[str, Member], summits: dict[int, Summit]) -> Meeting:
    rakor = _meeting(
        m,
        facts.ARTICLE_MEMBERS,
        kind=MeetingKind.RAKOR,
        title="Rapat Koordinasi Pokja AKKOPSI 2015",
        starts_at=datetime.combine(date(2015, 5, 19), time(9), WITA),
        ends_at=datetime.combine(date(2015, 5, 19), time(16), WITA),
        host=m.get("6471"),
        venue="Balikpapan (tempat rinci: demo)",
        chair_name="Adi Darma",
        chair_role="Bendahara Umum AKKOPSI, Wali Kota Bontang",
        attending_people="Kelompok kerja sepuluh anggota (nama peserta tidak diberitakan).",
        summary="Rakor pokja tahunan untuk mendorong percepatan pembangunan sanitasi permukiman, "
        "koordinasi dan konsolidasi peran bidang-bidang dalam melaksanakan fungsi dan tugas. "
        "Anggota AKKOPSI mencapai 349 kabupaten/kota (sumber: ANTARA Kaltim, 19 Mei 2015).",
        published=True,
    )
    items = [
        services.add_agenda_item(meeting=rakor, title=t, minutes=mi, decisions=de, by=None)
        for t, mi, de in RAKOR_2015_AGENDA
    ]
    for position, what, code, person, due, status in RAKOR_2015_ACTIONS:
        action = services.add_action(
            what=what,
            due_on=due,
            meeting=rakor,
            agenda_item=items[position - 1],
            summit=summits[15] if position == 4 else None,
            by=None,
            **_owner(m, code, person),
        )
        if status == ActionStatus.DONE:
            services.set_action_status(action=action, status=status, on=due, by=None)
    return rakor


def _advocacy(rakor: Meeting) -> None:
    for institution, day, topics in [
        ("Kementerian PPN/Bappenas (demo)", date(2015, 3, 10), "Dukungan PPSP 2015-2019 (demo)"),
        (
            "Kementerian PUPR, Ditjen Cipta Karya (demo)",
            date(2015, 4, 14),
            "Pendanaan air limbah domestik (demo)",
        ),
    ]:
        visit = AdvocacyVisit.objects.create(
            institution=institution,
            visited_on=day,
            delegation="Seknas AKKOPSI (demo)\nBendahara Umum (demo)",
            topics=topics,
            outcomes="Dilaporkan pada rakor 19 Mei 2015 (demo).",
            reported_at=rakor,
        )
        services.add_action(
            what=f"Tindak lanjut audiensi {institution}",
            owner_person="Seknas AKKOPSI",
            due_on=date(2015, 8, 31),
            advocacy=visit,
            by=None,
        )


def _working_groups(m: dict[str, Member], rakor: Meeting) -> None:
    for name, region, codes in [
        ("Pokja Regional Kalimantan (demo)", "Kalimantan", ["6471", "6474"]),
        ("Pokja Regional Sumatera (demo)", "Sumatera", ["1671", "1171", "1571", "1306"]),
        (
            "Pokja Regional Jawa, Bali dan Nusa Tenggara (demo)",
            "Jawa, Bali, Nusa Tenggara",
            ["3273", "3507", "5108", "5271"],
        ),
    ]:
        services.form_working_group(
            group=WorkingGroup(
                name=name,
                scope=WorkingGroupScope.REGIONAL,
                region=region,
                mandate="Koordinasi anggota di wilayahnya dan pendampingan perencanaan anggaran "
                "sanitasi. (demo)",
                formed_on=rakor.day,
                formed_at=rakor,
                formed_by_decision="Agenda 3 rakor 19 Mei 2015.",
            ),
            members=[m[c] for c in codes if c in m],
            by=None,
        )


def _programme() -> None:
    monev = Division.objects.create(
        name="Bidang Monitoring dan Evaluasi",
        functions="Memantau dan menilai kemajuan sanitasi anggota; Sanipura Award. (demo)",
    )
    advokasi = Division.objects.create(
        name="Bidang Advokasi dan Komunikasi",
        functions="Advokasi kebijakan dan komunikasi, termasuk Akkopsinergi. (demo)",
    )
    seknas = Division.objects.create(name="Sekretariat Nasional", functions="Operasional. (demo)")
    for division, title, target, budget, who, progress in [
        (
            monev,
            "Perbaikan metodologi Sanipura Award",
            "Metodologi baru disahkan Rakernas VII",
            "150000000",
            "Syarif Fasha",
            40,
        ),
        (
            monev,
            "Pemutakhiran data sanitasi anggota",
            "349 anggota melapor",
            "90000000",
            "Seknas",
            25,
        ),
        (
            advokasi,
            "Audiensi ke kementerian",
            "4 audiensi",
            "60000000",
            "Illiza Sa'aduddin Djamal",
            50,
        ),
        (advokasi, "Penerbitan Akkopsinergi", "3 edisi", "75000000", "Seknas", 33),
        (
            seknas,
            "City Sanitation Summit XV Padang",
            "Terselenggara November 2015",
            "500000000",
            "Seknas",
            20,
        ),
        (seknas, "Penagihan iuran anggota", "Seluruh anggota ditagih", "10000000", "Adi Darma", 60),
    ]:
        ProgrammeActivity.objects.create(
            division=division,
            year=2015,
            title=title,
            target=f"{target} (demo)",
            budget=Decimal(budget),
            responsible=who,
            progress=progress,
            progress_note="Per 19 Mei 2015 (demo).",
        )
