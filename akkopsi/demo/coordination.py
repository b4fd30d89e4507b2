"""Demo coordination records: the rakor of 19 May 2015 in Balikpapan in full, meetings before and
after it, City Sanitation Summit editions XIII-XXIV (DOMAIN.md 5.4), the 2015 work programme and
two advocacy visits. What the sources give is used as given; every invented detail says "(demo)".
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

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
from akkopsi.members.models import Member

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")

#: (number, year, host code, starts, ends, venue, theme) from DOMAIN.md 5.4.
SUMMITS: list[tuple[int, int, str, date | None, date | None, str, str]] = [
    (
        13,
        2013,
        "5271",
        date(2013, 9, 17),
        date(2013, 9, 19),
        "Mataram (bersama Munas II)",
        "Tuntaskan Komitmen Pencapaian Target PPSP: Penguatan Desentralisasi Pembangunan Sanitasi di Daerah",
    ),
    (14, 2014, "3273", date(2014, 9, 18), date(2014, 9, 18), "Bandung (bersama Rakernas)", ""),
    (15, 2015, "1371", date(2015, 11, 18), date(2015, 11, 20), "Grand Inna Muara, Padang", ""),
    (16, 2016, "1171", date(2016, 11, 23), date(2016, 11, 25), "AAC Dayan Dawood, Banda Aceh", ""),
    (
        17,
        2017,
        "7371",
        date(2017, 12, 12),
        date(2017, 12, 15),
        "Four Points by Sheraton, Makassar",
        "Optimalisasi Gerakan Akkopsi dalam Pencapaian Universal Akses",
    ),
    (
        18,
        2018,
        "1571",
        date(2018, 10, 24),
        date(2018, 10, 25),
        "BW Luxury, Jambi",
        "Kepemimpinan Daerah untuk Pembangunan Sanitasi Berkelanjutan",
    ),
    (19, 2019, "6371", date(2019, 9, 23), date(2019, 9, 24), "Rattan Inn, Banjarmasin", ""),
    (
        20,
        2022,
        "3603",
        date(2022, 9, 6),
        date(2022, 9, 8),
        "ICE BSD, Tangerang",
        "Sanitasi Aman, Investasi Masa Depan",
    ),
    (
        21,
        2023,
        "3204",
        date(2023, 6, 14),
        date(2023, 6, 16),
        "Soreang",
        "Implementasi SSK dan Pencapaian Akses Sanitasi Aman",
    ),
    (22, 2024, "3672", date(2024, 5, 6), date(2024, 5, 8), "The Royale Krakatau, Cilegon", ""),
    (
        23,
        2025,
        "8271",
        date(2025, 8, 29),
        date(2025, 8, 30),
        "Bela Hotel, Ternate",
        "Sanitasi Berkelanjutan Melalui Partisipasi dan Inovasi Pengelolaan Sampah ...",
    ),
    (24, 2026, "1171", None, None, "", ""),
]
SUMMIT_NOTES = {
    14: "Tema tidak ditemukan di sumber.",
    15: "Bersama Rakernas VII. Tema tidak ditemukan di sumber.",
    16: "Bersama Rakernas VIII; Sanipura Award 2016.",
    17: "Bersama Munas III; Deklarasi Makassar.",
    22: "Fokus persampahan (sampah menjadi RDF untuk cofiring).",
    23: "33 kepala daerah, 182 delegasi. Judul tema terpotong di sumber.",
    24: "Direncanakan; pataka diserahkan di Ternate.",
}

#: The agenda of the rakor (seed article); minutes and decisions beyond it are demo.
RAKOR_2015_AGENDA = [
    (
        "Update operasional dan kegiatan Sekretariat Nasional AKKOPSI",
        "Seknas memaparkan laporan operasional dan kemajuan program kerja 2015 per bidang. (demo)",
        "Laporan operasional Seknas diterima. (demo)",
    ),
    (
        "Hasil-hasil audiensi atau kunjungan ke beberapa kementerian",
        "Seknas melaporkan hasil audiensi ke Bappenas dan Kementerian PUPR. (demo)",
        "Audiensi lanjutan dijadwalkan sebelum Rakernas VII. (demo)",
    ),
    (
        "Pembentukan tim pokja daerah",
        "Dibahas pembentukan pokja regional per gugus pulau. (demo)",
        "Dibentuk Pokja Regional Kalimantan, Sumatera, serta Jawa, Bali dan Nusa Tenggara. (demo)",
    ),
    (
        "Persiapan City Sanitation Summit di Padang, Sumatera Barat",
        "Kota Padang menjadi tuan rumah CSS XV bersama Rakernas VII. (demo)",
        "Panitia bersama Seknas dan Kota Padang dibentuk. (demo)\nUndangan dikirim ke seluruh anggota. (demo)",
    ),
    (
        "Penerbitan Akkopsinergi",
        "Edisi 1 terbit Maret 2015; edisi berikutnya direncanakan. (demo)",
        "Akkopsinergi edisi 2 terbit sebelum CSS XV. (demo)",
    ),
    (
        "Iuran anggota",
        "Dibahas pengumpulan iuran anggota. (demo)",
        "Seknas mengirim tagihan iuran 2015 kepada seluruh anggota. (demo)",
    ),
    (
        "Perbaikan metodologi dan skema Sanipura Award",
        "Bidang Monev mengusulkan perbaikan metodologi penilaian. (demo)",
        "Metodologi Sanipura Award yang diperbaiki dibahas pada Rakernas VII. (demo)",
    ),
    (
        "Dukungan teknis kepada wali kota/bupati tentang mekanisme pengalokasian dan perencanaan "
        "anggaran sanitasi di kabupaten/kota",
        "Sistem perencanaan yang mencakup anggaran kegiatan sangat penting di masing-masing daerah "
        "untuk menunjang kegiatan sanitasi lingkungan (Adi Darma).",
        "Seknas menyusun panduan singkat alokasi anggaran sanitasi. (demo)",
    ),
]
#: (agenda position, what, owner code or "", owner person, due, status) - all demo.
RAKOR_2015_ACTIONS = [
    (2, "Jadwalkan audiensi lanjutan ke Bappenas", "", "Seknas AKKOPSI", date(2015, 8, 31), "done"),
    (3, "Usulkan anggota Pokja Regional Kalimantan", "6471", "", date(2015, 6, 30), "done"),
    (
        4,
        "Persiapan City Sanitation Summit XV di Padang: tempat dan akomodasi",
        "1371",
        "",
        date(2015, 10, 31),
        "done",
    ),
    (
        4,
        "Persiapan City Sanitation Summit XV: undangan anggota",
        "",
        "Seknas AKKOPSI",
        date(2015, 9, 30),
        "done",
    ),
    (5, "Terbitkan Akkopsinergi edisi 2", "", "Seknas AKKOPSI", date(2015, 11, 1), "done"),
    (6, "Kirim tagihan iuran 2015", "6474", "Bendahara Umum", date(2015, 7, 31), "done"),
    (
        7,
        "Usulan perbaikan metodologi Sanipura Award",
        "1571",
        "Bidang Monev",
        date(2015, 10, 31),
        "done",
    ),
    (
        8,
        "Susun panduan alokasi anggaran sanitasi",
        "",
        "Seknas AKKOPSI",
        date(2015, 12, 31),
        "done",
    ),
]


def _at(day: date, start: int, end: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return datetime.combine(day, time(start), tz), datetime.combine(day, time(end), tz)


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


def _meeting(members: dict[str, Member], attending: list[str], **fields: object) -> Meeting:
    present = [members[c] for c in attending if c in members]
    day = fields["starts_at"].date()  # type: ignore[attr-defined]
    present = [m for m in present if m.is_active_on(day)]
    return services.save_meeting(meeting=Meeting(**fields), attending=present, by=None)


def _meetings(members: dict[str, Member], summits: dict[int, Summit]) -> dict[str, Meeting]:
    m = members
    munas2 = _meeting(
        m,
        ["5271", "6471", "1571", "3273", "6474"],
        kind=MeetingKind.MUNAS,
        title="Munas II AKKOPSI",
        starts_at=_at(date(2013, 9, 17), 9, 17, WITA)[0],
        ends_at=_at(date(2013, 9, 19), 9, 17, WITA)[1],
        host=m.get("5271"),
        venue="Mataram",
        summary="Memilih Rizal Effendi (Wali Kota Balikpapan) sebagai Ketua Umum 2013-2017.",
        published=True,
        summit=summits[13],
    )
    _meeting(
        m,
        ["3273", "6471", "1571"],
        kind=MeetingKind.RAKERNAS,
        title="Rakernas AKKOPSI 2014",
        starts_at=_at(date(2014, 9, 18), 9, 17, WIB)[0],
        ends_at=_at(date(2014, 9, 18), 9, 17, WIB)[1],
        host=m.get("3273"),
        venue="Bandung",
        summary="Mengamanatkan Seknas menerbitkan buletin Akkopsinergi.",
        published=True,
        summit=summits[14],
    )
    rakor = _rakor_2015(m, summits)
    _advocacy(rakor)
    _working_groups(m, rakor)
    _programme()
    _meeting(
        m,
        ["1371", "6471", "6474", "1571"],
        kind=MeetingKind.RAKERNAS,
        title="Rakernas VII AKKOPSI",
        starts_at=_at(date(2015, 11, 18), 9, 17, WIB)[0],
        ends_at=_at(date(2015, 11, 20), 9, 17, WIB)[1],
        host=m.get("1371"),
        venue="Grand Inna Muara, Padang",
        summary="Bersama City Sanitation Summit XV.",
        published=True,
        summit=summits[15],
    )
    _meeting(
        m,
        ["3273", "1571", "6471"],
        kind=MeetingKind.RAKOR,
        title="Rakor AKKOPSI 2016 di Bandung",
        starts_at=_at(date(2016, 6, 24), 9, 16, WIB)[0],
        ends_at=_at(date(2016, 6, 24), 9, 16, WIB)[1],
        host=m.get("3273"),
        venue="Bandung",
        chair_name="Syarif Fasha",
        chair_role="Ketua I",
        summary="Wali Kota Jambi Syarif Fasha menjadi pembicara.",
        published=True,
    )
    munas3 = _meeting(
        m,
        ["7371", "1571", "6471"],
        kind=MeetingKind.MUNAS,
        title="Munas III AKKOPSI",
        starts_at=_at(date(2017, 12, 12), 9, 17, WITA)[0],
        ends_at=_at(date(2017, 12, 12), 9, 17, WITA)[1],
        host=m.get("7371"),
        venue="Four Points by Sheraton, Makassar",
        summary="Moh. Ramdhan Pomanto terpilih secara aklamasi sebagai Ketua Umum 2017-2021. "
        "Tema: Optimalisasi Gerakan Akkopsi dalam Pencapaian Universal Akses.",
        published=True,
        summit=summits[17],
    )
    _meeting(
        m,
        ["3507"],
        kind=MeetingKind.AHL,
        title="Advocacy Horizontal Learning di Pujon Kidul",
        starts_at=_at(date(2019, 8, 8), 9, 16, WIB)[0],
        ends_at=_at(date(2019, 8, 8), 9, 16, WIB)[1],
        host=m.get("3507"),
        venue="Desa Wisata Pujon Kidul, Kabupaten Malang",
        summary="Integrasi sanitasi sehat dengan pariwisata.",
        published=True,
    )
    later = _meeting(
        m,
        ["3603", "3204", "6474"],
        kind=MeetingKind.RAKOR,
        title="Rakor Pengurus AKKOPSI 2025",
        starts_at=_at(date(2025, 4, 29), 9, 16, WIB)[0],
        ends_at=_at(date(2025, 4, 29), 9, 16, WIB)[1],
        host=m.get("3603"),
        venue="Tangerang",
        summary="Dadang Supriatna (Bupati Bandung) terpilih sebagai Ketua Umum; struktur "
        "kepengurusan disempurnakan; fokus menggelar CSS XXIII 2025.",
        published=True,
    )
    item = services.add_agenda_item(
        meeting=later,
        title="Persiapan Munas 2026 dan CSS XXIV",
        decisions="Seknas menyiapkan rancangan tata tertib Munas 2026. (demo)",
        by=None,
    )
    services.add_action(
        what="Usulan lokasi sidang komisi Munas 2026 (demo)",
        owner_member=m.get("6474"),
        owner_person="" if m.get("6474") else "Seknas AKKOPSI",
        due_on=date(2026, 6, 30),
        meeting=later,
        agenda_item=item,
        by=None,
    )
    services.add_action(
        what="Persiapan CSS XXIV: tempat dan pataka (demo)",
        owner_member=m.get("1171"),
        owner_person="" if m.get("1171") else "Seknas AKKOPSI",
        due_on=date(2026, 3, 31),
        meeting=later,
        agenda_item=item,
        summit=summits[24],
        by=None,
    )
    return {"II": munas2, "III": munas3}


def _rakor_2015(m: dict[str, Member], summits: dict[int, Summit]) -> Meeting:
    start, end = _at(date(2015, 5, 19), 9, 16, WITA)
    rakor = _meeting(
        m,
        facts.ARTICLE_MEMBERS,
        kind=MeetingKind.RAKOR,
        title="Rapat Koordinasi Pokja AKKOPSI 2015",
        starts_at=start,
        ends_at=end,
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
            owner_member=m.get(code) if code else None,
            owner_person=person or ("" if m.get(code) else "Seknas AKKOPSI"),
            due_on=due,
            meeting=rakor,
            agenda_item=items[position - 1],
            summit=summits[15] if position == 4 else None,
            by=None,
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
