"""BPS Indeks Pembangunan Manusia (IPM, metode baru) as an ordinary methodology.

I_kesehatan = (UHH - 20) / 65; I_pendidikan = (HLS/18 + RLS/15) / 2 (HLS capped at 18,
RLS at 15); I_pengeluaran = (ln P - ln 1007.436) / (ln 26572.352 - ln 1007.436), P in
thousand rupiah per person per year (constant 2012 prices); IPM = 100 x geometric mean of
the three dimension indices (BPS, "Indeks Pembangunan Manusia 2014", Katalog 4102002;
ipm.bps.go.id). Here each indicator is normalised by goalposts onto 0-100, so the
arithmetic and geometric means give IPM directly (both are homogeneous of degree 1).
"""

from __future__ import annotations

from .types import Aggregate, Indicator, Methodology, Normalisation

UHH_POSTS = (20.0, 85.0)
HLS_POSTS = (0.0, 18.0)
RLS_POSTS = (0.0, 15.0)
EXPENDITURE_POSTS = (1007.436, 26572.352)  # thousand rupiah


def ipm_methodology() -> Methodology:
    """The IPM tree: UHH -> I_KES; HLS, RLS -> I_PEND (amean); PENGELUARAN (ln) -> I_PENG;
    the three dimensions -> IPM (gmean). Data columns: UHH, HLS, RLS, PENGELUARAN."""

    def gp(posts: tuple[float, float]) -> Normalisation:
        return Normalisation.goalposts(posts[0], posts[1], scale=100.0)

    indicators = (
        Indicator(
            "UHH",
            "I_KES",
            name="Umur Harapan Hidup saat lahir (tahun)",
            normalisation=gp(UHH_POSTS),
        ),
        Indicator(
            "HLS", "I_PEND", name="Harapan Lama Sekolah (tahun)", normalisation=gp(HLS_POSTS)
        ),
        Indicator(
            "RLS", "I_PEND", name="Rata-rata Lama Sekolah (tahun)", normalisation=gp(RLS_POSTS)
        ),
        Indicator(
            "PENGELUARAN",
            "I_PENG",
            name="Pengeluaran per kapita disesuaikan (ribu rupiah)",
            transform="ln",
            normalisation=gp(EXPENDITURE_POSTS),
        ),
    )
    aggregates = (
        Aggregate("I_KES", 2, "IPM", name="Indeks Kesehatan"),
        Aggregate("I_PEND", 2, "IPM", name="Indeks Pendidikan"),
        Aggregate("I_PENG", 2, "IPM", name="Indeks Pengeluaran"),
        Aggregate("IPM", 3, None, name="Indeks Pembangunan Manusia", aggregation="gmean"),
    )
    return Methodology(indicators, aggregates, name="IPM BPS (metode baru)")
