"""The demo's coordination data: what the sources give (the summit editions on record, the seed
article of the rakor of 19 May 2015) is used as given; every invented detail says "(demo)".
Recorded by :mod:`akkopsi.demo.coordination`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from akkopsi.coordination.models import MeetingKind

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
SEKNAS = "Seknas AKKOPSI"

#: (number, year, host code, starts, ends, venue, theme) of the summit editions on record.
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


@dataclass(frozen=True)
class DemoMeeting:
    """A meeting of the demo: attending member codes, days, hours and zone, host code, fields."""

    attending: tuple[str, ...]
    kind: str
    title: str
    first_day: date
    last_day: date
    hours: tuple[int, int]
    tz: ZoneInfo
    host: str
    venue: str
    summary: str
    summit: int | None = None
    key: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _m(attending: str, kind: str, title: str, days: tuple[date, date], **more: Any) -> DemoMeeting:
    return DemoMeeting(tuple(attending.split()), kind, title, days[0], days[1], **more)


#: The meetings before the rakor of 19 May 2015 and those after it, in the order recorded.
MEETINGS_BEFORE = [
    _m(
        "5271 6471 1571 3273 6474",
        MeetingKind.MUNAS,
        "Munas II AKKOPSI",
        (date(2013, 9, 17), date(2013, 9, 19)),
        hours=(9, 17),
        tz=WITA,
        host="5271",
        venue="Mataram",
        summary="Memilih Rizal Effendi (Wali Kota Balikpapan) sebagai Ketua Umum 2013-2017.",
        summit=13,
        key="II",
    ),
    _m(
        "3273 6471 1571",
        MeetingKind.RAKERNAS,
        "Rakernas AKKOPSI 2014",
        (date(2014, 9, 18), date(2014, 9, 18)),
        hours=(9, 17),
        tz=WIB,
        host="3273",
        venue="Bandung",
        summary="Mengamanatkan Seknas menerbitkan buletin Akkopsinergi.",
        summit=14,
    ),
]
MEETINGS_AFTER = [
    _m(
        "1371 6471 6474 1571",
        MeetingKind.RAKERNAS,
        "Rakernas VII AKKOPSI",
        (date(2015, 11, 18), date(2015, 11, 20)),
        hours=(9, 17),
        tz=WIB,
        host="1371",
        venue="Grand Inna Muara, Padang",
        summary="Bersama City Sanitation Summit XV.",
        summit=15,
    ),
    _m(
        "3273 1571 6471",
        MeetingKind.RAKOR,
        "Rakor AKKOPSI 2016 di Bandung",
        (date(2016, 6, 24), date(2016, 6, 24)),
        hours=(9, 16),
        tz=WIB,
        host="3273",
        venue="Bandung",
        summary="Wali Kota Jambi Syarif Fasha menjadi pembicara.",
        extra={"chair_name": "Syarif Fasha", "chair_role": "Ketua I"},
    ),
    _m(
        "7371 1571 6471",
        MeetingKind.MUNAS,
        "Munas III AKKOPSI",
        (date(2017, 12, 12), date(2017, 12, 12)),
        hours=(9, 17),
        tz=WITA,
        host="7371",
        venue="Four Points by Sheraton, Makassar",
        summary="Moh. Ramdhan Pomanto terpilih secara aklamasi sebagai Ketua Umum 2017-2021. "
        "Tema: Optimalisasi Gerakan Akkopsi dalam Pencapaian Universal Akses.",
        summit=17,
        key="III",
    ),
    _m(
        "3507",
        MeetingKind.AHL,
        "Advocacy Horizontal Learning di Pujon Kidul",
        (date(2019, 8, 8), date(2019, 8, 8)),
        hours=(9, 16),
        tz=WIB,
        host="3507",
        venue="Desa Wisata Pujon Kidul, Kabupaten Malang",
        summary="Integrasi sanitasi sehat dengan pariwisata.",
    ),
    _m(
        "3603 3204 6474",
        MeetingKind.RAKOR,
        "Rakor Pengurus AKKOPSI 2025",
        (date(2025, 4, 29), date(2025, 4, 29)),
        hours=(9, 16),
        tz=WIB,
        host="3603",
        venue="Tangerang",
        summary="Dadang Supriatna (Bupati Bandung) terpilih sebagai Ketua Umum; struktur "
        "kepengurusan disempurnakan; fokus menggelar CSS XXIII 2025.",
        key="2025",
    ),
]
#: The actions of the 2025 rakor's one agenda item: (what, owner code, due, summit number).
RAKOR_2025_ACTIONS = [
    ("Usulan lokasi sidang komisi Munas 2026 (demo)", "6474", date(2026, 6, 30), None),
    ("Persiapan CSS XXIV: tempat dan pataka (demo)", "1171", date(2026, 3, 31), 24),
]
