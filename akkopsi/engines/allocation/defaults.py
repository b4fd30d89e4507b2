"""Default ladders, options, facilities, funding rules and targets.

Unit costs are nominal rupiah from Indonesian sources collected in ``DOMAIN.md`` 3.3 (use
them as ranges, not standards). Markers as there: [V] stated in the source, [D] derived by
arithmetic on cited figures, [U] uncertain or our assumption. Every figure without a
published source is an assumption marked [U] and should be replaced by local data.
"""

from __future__ import annotations

from decimal import Decimal

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
    # DOMAIN 2.5 (Bappenas/BPS adaptation of the JMP ladder; nawasis.org definisi)
    ("BABS di tempat terbuka", "Belum layak", "Layak", "Aman"),
)
PERSAMPAHAN = Ladder(
    "persampahan",
    "Persampahan",
    ("tidak_tertangani", "tertangani", "terkurangi"),
    # DOMAIN 2.2: penanganan (handled) and pengurangan (reduced at source), Perpres 97/2017
    ("Tidak tertangani", "Tertangani", "Terkurangi"),
)

_BELOW_LAYAK = ("babs", "belum_layak")
_BELOW_AMAN = ("babs", "belum_layak", "layak")


def _options() -> tuple[Option, ...]:
    return (
        # Rp11.09 M / 1,109 SR, DAK fisik 2024, Purbalingga (republika) -> ~Rp10 jt/SR [D];
        # life 20 years [U]; desludging is a separate option.
        Option(
            "tangki_septik_individual",
            "Tangki septik individual",
            "air_limbah",
            _BELOW_LAYAK,
            "layak",
            Decimal(10_000_000),
            0,
            20,
        ),
        # Communal septic tank (5-10 KK): Rp1 M / 100 SR, Purbalingga 2024 -> ~Rp10 jt/SR [D]
        Option(
            "tangki_septik_komunal",
            "Tangki septik komunal (5-10 KK)",
            "air_limbah",
            _BELOW_LAYAK,
            "layak",
            Decimal(10_000_000),
            0,
            20,
        ),
        # HDPE septic tank: Rp3.85 jt material, "Rp7 jt per item pekerjaan", Kapuas 2021 [U]
        Option(
            "tangki_septik_hdpe",
            "Tangki septik fabrikasi (HDPE)",
            "air_limbah",
            _BELOW_LAYAK,
            "layak",
            Decimal(7_000_000),
            0,
            15,
        ),
        # Community latrine: Rp600,000/KK planning assumption, Tulang Bawang RAD AMPL [U, low];
        # moves BABS to a (not yet layak) latrine; life 5 years [U].
        Option(
            "jamban_stbm",
            "Jamban sehat swadaya (pemicuan STBM)",
            "air_limbah",
            ("babs",),
            "belum_layak",
            Decimal(600_000),
            0,
            5,
        ),
        # Scheduled desludging (LLTT): truck ~Rp498 jt (DAK 2021, Sukabumi) [D] serving an
        # assumed 1,500 HH (500 tanks/yr on a 3-year cycle) [U] -> Rp332,000/HH;
        # O&M: Rp165,000/m3 tariff (OKU 2015) x 2 m3 every 3 years -> ~Rp110,000/HH/yr [D, U];
        # truck life 10 years [U]. Needs IPLT capacity.
        Option(
            "sedot_tinja_terjadwal",
            "Layanan lumpur tinja terjadwal (LLTT)",
            "air_limbah",
            ("layak",),
            "aman",
            Decimal(332_000),
            Decimal(110_000),
            10,
            facility="iplt",
        ),
        # City sewerage: Palembang Rp943 M / 21,700 SR -> ~Rp43 jt/SR [D] (tempo 2017);
        # O&M 1% of capital a year [U]; life 30 years [U].
        Option(
            "sambungan_spald_t_kota",
            "Sambungan rumah SPALD-T skala perkotaan",
            "air_limbah",
            _BELOW_AMAN,
            "aman",
            Decimal(43_000_000),
            Decimal(430_000),
            30,
        ),
        # Small IPALD: Rp18.75 M for 645 HH -> ~Rp29 jt/HH [D] (bisnis 2021); O&M 1%/yr [U].
        Option(
            "ipald_permukiman",
            "SPALD-T skala permukiman (IPALD kecil)",
            "air_limbah",
            _BELOW_AMAN,
            "aman",
            Decimal(29_000_000),
            Decimal(290_000),
            25,
        ),
        # SANIMAS communal IPAL: cost per site in the facility; household O&M by the KPP,
        # Rp60,000/HH/yr [U]; life 20 years [U].
        Option(
            "sanimas_ipal_komunal",
            "SANIMAS IPAL komunal",
            "air_limbah",
            _BELOW_LAYAK,
            "aman",
            0,
            Decimal(60_000),
            20,
            facility="lokasi_sanimas",
        ),
        # Collection: dump truck Rp340 jt (OKU 2015) [V] serving an assumed 1,000 HH [U] ->
        # Rp340,000/HH; O&M Rp120,000/HH/yr [U]; life 8 years [U].
        Option(
            "pengumpulan_sampah",
            "Pengumpulan dan pengangkutan sampah",
            "persampahan",
            ("tidak_tertangani",),
            "tertangani",
            Decimal(340_000),
            Decimal(120_000),
            8,
        ),
        # TPS3R: cost per plant in the facility (min. 200 KK per TPS3R, SE DJCK 03/SE/DC/2020).
        Option(
            "tps3r",
            "Pengurangan sampah di TPS3R",
            "persampahan",
            ("tertangani",),
            "terkurangi",
            0,
            0,
            10,
            facility="tps3r_unit",
        ),
    )


def _facilities() -> tuple[Facility, ...]:
    return (
        # IPLT Medan 100 m3/d, Rp6.6 M, for 50,000 houses (liputan6 2017) [V];
        # O&M 5% of capital a year [U]; life 20 years [U].
        Facility(
            "iplt",
            "IPLT (instalasi pengolahan lumpur tinja)",
            50_000,
            Decimal(6_600_000_000),
            Decimal(330_000_000),
            20,
        ),
        # SANIMAS: Rp510 M / 1,340 locations (2021 plan, djawanews) -> ~Rp380 jt/site [D];
        # 50 KK per site [U: not in the sources]; O&M of the site Rp10 jt/yr [U].
        Facility(
            "lokasi_sanimas", "Lokasi SANIMAS", 50, Decimal(380_000_000), Decimal(10_000_000), 20
        ),
        # TPS3R: Rp63.6 M / 106 sites (2020, kompas) -> ~Rp600 jt/site [D]; min. 200 KK
        # (SE DJCK 03/SE/DC/2020 Lampiran E) [V]; O&M Rp120 jt/yr [U]; life 10 years [U].
        Facility("tps3r_unit", "TPS3R", 200, Decimal(600_000_000), Decimal(120_000_000), 10),
    )


_SPALD_S = frozenset({"tangki_septik_individual", "tangki_septik_komunal", "tangki_septik_hdpe"})


def _funding_rules() -> tuple[FundingRule, ...]:
    return (
        FundingRule(
            "apbd_kabkota",
            "APBD kabupaten/kota",
            None,
            None,
            "main local source; pemda commits to fund O&M of assets it receives "
            "(SIPPA readiness criteria, DOMAIN 3.2)",
        ),
        FundingRule(
            "apbd_provinsi",
            "APBD provinsi",
            None,
            frozenset(),
            "via Pokja Provinsi consultation in the SSK (DOMAIN 1.3)",
        ),
        FundingRule(
            "dak",
            "DAK Fisik bidang sanitasi",
            _SPALD_S
            | {
                "ipald_permukiman",
                "sambungan_spald_t_kota",
                "sedot_tinja_terjadwal",
                "pengumpulan_sampah",
                "tps3r_unit",
            },
            frozenset(),
            "SPALD-S/SPALD-T and persampahan menus; physical (capital) only (DOMAIN 3.2)",
        ),
        FundingRule(
            "apbn",
            "APBN (Ditjen Cipta Karya, bantuan pemerintah)",
            frozenset({"iplt", "sambungan_spald_t_kota", "lokasi_sanimas", "tps3r_unit"}),
            frozenset(),
            "IPLT, city sewerage; SANIMAS and TPS3R as bantuan pemerintah (DOMAIN 3.2)",
        ),
        FundingRule(
            "hibah",
            "Hibah / donor",
            frozenset({"sambungan_spald_t_kota", "iplt", "ipald_permukiman"}),
            frozenset(),
            "sewerage and treatment (Australia, ADB, JICA, USAID; DOMAIN 3.2)",
        ),
        FundingRule(
            "csr",
            "CSR / TJSL",
            frozenset({"ipald_permukiman", "jamban_stbm", "tangki_septik_individual"}),
            frozenset(),
            "BRI TJSL SPALD-T Cimahi [U]; ODF programs Batang (DOMAIN 3.2)",
        ),
        FundingRule(
            "kpbu",
            "KPBU",
            frozenset({"sambungan_spald_t_kota", "iplt"}),
            frozenset(),
            "alternative financing of the gap; no concrete sanitation KPBU found [NF]",
        ),
        FundingRule(
            "swadaya",
            "Swadaya masyarakat",
            frozenset({"jamban_stbm", "tangki_septik_individual"}),
            frozenset(
                {
                    "sedot_tinja_terjadwal",
                    "sanimas_ipal_komunal",
                    "lokasi_sanimas",
                    "tps3r_unit",
                    "pengumpulan_sampah",
                }
            ),
            "in-cash/in-kind via KSM, STBM self-financing; tariffs and KPP/KSM O&M",
        ),
    )


def default_catalogue() -> Catalogue:
    """Ladders, options, facilities and funding rules with Indonesian unit costs."""
    return Catalogue(
        ladders=(AIR_LIMBAH, PERSAMPAHAN),
        options=_options(),
        facilities=_facilities(),
        funding_rules=_funding_rules(),
    )


def default_targets(year: int = 2024) -> tuple[Target, ...]:
    """RPJMN 2020-2024 targets (Perpres 18/2020), all due in ``year``.

    * air limbah: 90% layak including 15% aman, 0% BABS di tempat terbuka (DOMAIN 2.6);
    * persampahan: 100% managed = 80% handled + 20% reduced, i.e. 100% at >= tertangani and
      20% at terkurangi (DOMAIN 2.2, Bappenas).
    """
    return (
        Target("air_limbah", "layak", year, Decimal("0.90")),
        Target("air_limbah", "aman", year, Decimal("0.15")),
        Target("air_limbah", "babs", year, Decimal("0"), TargetKind.AT_MOST),
        Target("persampahan", "tertangani", year, Decimal("1.00")),
        Target("persampahan", "terkurangi", year, Decimal("0.20")),
    )
