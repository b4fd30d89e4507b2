"""The default indicator catalogue and national targets (sources: docs/sources.md, sections 2.4-2.7).

The secretariat edits the catalogue in the application; this is only what a new install starts with.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Model

from akkopsi.data.choices import Direction, SubSector, ValueKind

D = Decimal
#: code, name_id, name_en, unit, subsector, kind, direction, min, max, yoy threshold, definition, source
INDICATORS: list[
    tuple[str, str, str, str, str, str, str, Decimal, Decimal, Decimal | None, str, str]
] = [
    (
        "akses_layak",
        "Rumah tangga dengan akses sanitasi layak",
        "Households with improved (layak) sanitation",
        "%",
        SubSector.AIR_LIMBAH,
        ValueKind.PERCENT,
        Direction.HIGHER,
        D(0),
        D(100),
        D(15),
        "Persentase rumah tangga yang memiliki fasilitas BAB leher angsa dengan pembuangan akhir tangki septik atau IPAL/SPAL (perdesaan: juga lubang tanah), milik sendiri atau bersama.",
        "BPS, Susenas (Inkesra); definisi Bappenas/BPS",
    ),
    (
        "akses_aman",
        "Rumah tangga dengan akses sanitasi aman",
        "Households with safely managed (aman) sanitation",
        "%",
        SubSector.AIR_LIMBAH,
        ValueKind.PERCENT,
        Direction.HIGHER,
        D(0),
        D(100),
        D(10),
        "Akses layak milik sendiri yang tersambung ke SPALD-T/IPALD, atau tangki septik yang disedot minimal sekali dalam 3-5 tahun dan lumpurnya diolah di IPLT.",
        "BPS, Susenas KOR; Perpres 59/2017 lampiran",
    ),
    (
        "babs",
        "Rumah tangga BABS di tempat terbuka",
        "Households practising open defecation (BABS)",
        "%",
        SubSector.HIGIENE,
        ValueKind.PERCENT,
        Direction.LOWER,
        D(0),
        D(100),
        D(10),
        "Persentase rumah tangga tanpa fasilitas BAB atau yang tidak menggunakannya (BABS di tempat terbuka).",
        "BPS, Susenas",
    ),
    (
        "desa_odf",
        "Desa/kelurahan SBS (ODF)",
        "Open-defecation-free (SBS) villages",
        "%",
        SubSector.HIGIENE,
        ValueKind.PERCENT,
        Direction.HIGHER,
        D(0),
        D(100),
        D(25),
        "Persentase desa/kelurahan terverifikasi Stop Buang air besar Sembarangan (100% KK stop BABS).",
        "Kemenkes, STBM",
    ),
    (
        "sampah_tertangani",
        "Sampah rumah tangga tertangani",
        "Household waste handled",
        "%",
        SubSector.PERSAMPAHAN,
        ValueKind.PERCENT,
        Direction.HIGHER,
        D(0),
        D(100),
        D(20),
        "Pemilahan, pengumpulan, pengangkutan, pengolahan dan pemrosesan akhir sampah rumah tangga dan sejenisnya, terhadap timbulan.",
        "Jakstrada (PermenLHK P.10/2018); SIPSN",
    ),
    (
        "sampah_berkurang",
        "Sampah rumah tangga terkurangi",
        "Household waste reduced",
        "%",
        SubSector.PERSAMPAHAN,
        ValueKind.PERCENT,
        Direction.HIGHER,
        D(0),
        D(100),
        D(15),
        "Pembatasan timbulan, pendauran ulang dan pemanfaatan kembali sampah, terhadap timbulan.",
        "Jakstrada (PermenLHK P.10/2018); SIPSN",
    ),
    (
        "layanan_spald",
        "Rumah tangga terlayani SPALD-T atau komunal",
        "Households served by sewerage or communal systems",
        "%",
        SubSector.AIR_LIMBAH,
        ValueKind.PERCENT,
        Direction.HIGHER,
        D(0),
        D(100),
        D(10),
        "Persentase rumah tangga yang tersambung ke SPALD terpusat (skala perkotaan, permukiman) atau sistem komunal (SANIMAS, MCK++).",
        "Permen PUPR 04/PRT/M/2017",
    ),
    (
        "iplt_beroperasi",
        "IPLT beroperasi",
        "Faecal sludge treatment plants (IPLT) in operation",
        "unit",
        SubSector.AIR_LIMBAH,
        ValueKind.COUNT,
        Direction.HIGHER,
        D(0),
        D(20),
        D(2),
        "Jumlah Instalasi Pengolahan Lumpur Tinja yang beroperasi dan menerima lumpur tinja.",
        "Dinas PUPR kabupaten/kota",
    ),
    (
        "genangan_ha",
        "Luas genangan di kawasan permukiman",
        "Flooded settlement area",
        "ha",
        SubSector.DRAINASE,
        ValueKind.NUMBER,
        Direction.LOWER,
        D(0),
        D(100000),
        None,
        "Luas kawasan permukiman yang tergenang lebih dari 30 cm selama lebih dari 2 jam, lebih dari 2 kali setahun.",
        "SSK; Dinas PUPR",
    ),
    (
        "ssk_status",
        "Status dokumen SSK",
        "Status of the SSK document",
        "0-2",
        SubSector.KELEMBAGAAN,
        ValueKind.LEVEL,
        Direction.HIGHER,
        D(0),
        D(2),
        None,
        "0 = belum ada, 1 = dalam penyusunan atau pemutakhiran, 2 = ditetapkan (Perkada).",
        "Pokja Sanitasi",
    ),
    (
        "ssk_tahun",
        "Tahun dokumen SSK",
        "Year of the SSK document",
        "tahun",
        SubSector.KELEMBAGAAN,
        ValueKind.YEAR,
        Direction.NEUTRAL,
        D(2005),
        D(2100),
        None,
        "Tahun penetapan atau pemutakhiran terakhir dokumen Strategi Sanitasi Kabupaten/Kota.",
        "Pokja Sanitasi",
    ),
    (
        "sk_pokja",
        "SK Pokja Sanitasi berlaku",
        "Pokja Sanitasi decree in force",
        "ya/tidak",
        SubSector.KELEMBAGAAN,
        ValueKind.BOOLEAN,
        Direction.HIGHER,
        D(0),
        D(1),
        None,
        "1 jika ada Surat Keputusan kepala daerah tentang Pokja Sanitasi (atau Pokja PPAS) yang masih berlaku, 0 jika tidak.",
        "SE Mendagri 660/4919/SJ",
    ),
]

#: indicator code, year, target, source
TARGETS: list[tuple[str, int, Decimal, str]] = [
    ("akses_layak", 2015, D("62.4"), "MDG 2015 (disebut pada CSS XV Padang)"),
    ("akses_layak", 2019, D(100), "RPJMN 2015-2019 (akses universal 100-0-100)"),
    ("akses_layak", 2024, D(90), "RPJMN 2020-2024 (Perpres 18/2020)"),
    ("akses_aman", 2024, D(15), "RPJMN 2020-2024 (Perpres 18/2020)"),
    ("akses_aman", 2045, D(70), "RPJPN 2025-2045"),
    ("babs", 2019, D(0), "RPJMN 2015-2019 (akses universal)"),
    ("babs", 2024, D(0), "RPJMN 2020-2024 (Perpres 18/2020)"),
    ("desa_odf", 2020, D(40), "Renstra Kemenkes 2020-2024"),
    ("desa_odf", 2021, D(50), "Renstra Kemenkes 2020-2024"),
    ("desa_odf", 2022, D(60), "Renstra Kemenkes 2020-2024"),
    ("desa_odf", 2023, D(70), "Renstra Kemenkes 2020-2024"),
    ("desa_odf", 2024, D(90), "Renstra Kemenkes 2020-2024"),
    ("sampah_tertangani", 2019, D(80), "RPJMN 2015-2019"),
    ("sampah_tertangani", 2024, D(80), "RPJMN 2020-2024"),
    ("sampah_tertangani", 2025, D(70), "Jakstranas (Perpres 97/2017)"),
    ("sampah_berkurang", 2019, D(20), "RPJMN 2015-2019"),
    ("sampah_berkurang", 2024, D(20), "RPJMN 2020-2024"),
    ("sampah_berkurang", 2025, D(30), "Jakstranas (Perpres 97/2017)"),
]


def load_default_catalogue(indicator_model: type[Model], target_model: type[Model]) -> None:
    """Create what is missing; never overwrite what the secretariat has edited."""
    existing = set(indicator_model._default_manager.values_list("code", flat=True))
    for position, (
        code,
        name_id,
        name_en,
        unit,
        sub,
        kind,
        direction,
        lo,
        hi,
        yoy,
        definition,
        source,
    ) in enumerate(INDICATORS):
        if code not in existing:
            indicator_model._default_manager.create(
                code=code,
                name_id=name_id,
                name_en=name_en,
                unit=unit,
                subsector=sub,
                kind=kind,
                direction=direction,
                min_value=lo,
                max_value=hi,
                yoy_threshold=yoy,
                definition=definition,
                source=source,
                position=position,
            )
    ids = dict(indicator_model._default_manager.values_list("code", "id"))
    have = set(target_model._default_manager.values_list("indicator_id", "year"))
    for code, year, value, source in TARGETS:
        if (ids[code], year) not in have:
            target_model._default_manager.create(
                indicator_id=ids[code], year=year, value=value, source=source
            )
