"""Published facts the demo reproduces (sources in docs/sources.md and the seed article).

Everything not listed here is generated deterministically and labelled as demo data.
"""

from __future__ import annotations

from datetime import date

#: The ten member working groups at the rakor of 19 May 2015 in Balikpapan, and the summit host.
ARTICLE_MEMBERS = ["1671", "3273", "5271", "1171", "1571", "6471", "6474", "5108", "3507", "1306"]
KOTA_PADANG = "1371"
#: ISSDP pilot cities and named founders (AKKOPSI founded 2009 in Jambi; Payakumbuh, Surakarta).
FOUNDERS = ["1571", "1376", "3372", "3572", "6371", "5171"]

#: Membership counts the alliance published, as (date, members on that date), and the
#: events between them: (date, kind, how many). Leaving and rejoining are demo choices
#: that keep every published count exact.
COUNT_ANCHORS: list[tuple[date, int]] = [
    (date(2012, 6, 30), 121),  # 2012: 121 (aksansi.org)
    (date(2013, 9, 19), 225),  # CSS XIII Mataram, Sep 2013: 225
    (date(2015, 3, 31), 348),  # Akkopsinergi ed. 1, Mar 2015: 348 with official numbers
    (date(2015, 5, 19), 349),  # rakor Balikpapan, 19 May 2015: 349 (seed article)
    (date(2016, 6, 24), 444),  # rakor Bandung, Jun 2016: 444
    (date(2016, 11, 23), 443),  # CSS XVI Banda Aceh, Nov 2016: 443
    (date(2018, 10, 24), 487),  # CSS XVIII Jambi, Oct 2018: 487
    (date(2019, 6, 28), 492),  # 2019-2025: 492
]
FOUNDING = date(2009, 10, 20)
FOUNDING_COUNT = 18
#: (left_on, count, rejoined_on or None): demo leavings that keep the anchors exact.
LEAVINGS: list[tuple[date, int, date | None]] = [
    (date(2014, 6, 30), 3, date(2016, 3, 15)),
    (date(2016, 9, 30), 1, date(2017, 12, 12)),
]

#: Heads of region named in the sources (docs/sources.md 5.2); other members get generated demo names.
KNOWN_HEADS: dict[str, list[tuple[str, str, date, date | None]]] = {
    "6474": [("Adi Darma", "wali_kota", date(2011, 7, 20), date(2016, 7, 20))],
    "6471": [("Rizal Effendi", "wali_kota", date(2011, 7, 31), date(2021, 5, 31))],
    "1571": [("Syarif Fasha", "wali_kota", date(2013, 6, 28), date(2023, 6, 28))],
    "3273": [("Ridwan Kamil", "wali_kota", date(2013, 9, 16), date(2018, 9, 16))],
    "1171": [("Illiza Sa'aduddin Djamal", "wali_kota", date(2014, 6, 16), date(2017, 7, 7))],
    "7371": [("Moh. Ramdhan Pomanto", "wali_kota", date(2014, 5, 8), date(2019, 5, 8))],
    "3603": [("Ahmed Zaki Iskandar", "bupati", date(2013, 2, 22), date(2023, 2, 22))],
    "3204": [("Dadang Supriatna", "bupati", date(2021, 4, 26), None)],
    "6371": [("Ibnu Sina", "wali_kota", date(2016, 2, 17), None)],
    "6472": [("Andi Harun", "wali_kota", date(2021, 2, 26), None)],
    "3672": [("Helldy Agustian", "wali_kota", date(2021, 2, 26), None)],
}

#: Board positions (docs/sources.md 5.2): (role, portfolio, holder, member code, office, start, end, elected at)
BOARD: list[tuple[str, str, str, str, str, date, date | None, str]] = [
    (
        "ketua_umum",
        "",
        "H.R. Bambang Priyanto",
        "1571",
        "Wali Kota Jambi",
        date(2010, 1, 1),
        date(2013, 9, 18),
        "Pendirian AKKOPSI, Jambi",
    ),
    (
        "ketua_umum",
        "",
        "Rizal Effendi",
        "6471",
        "Wali Kota Balikpapan",
        date(2013, 9, 18),
        date(2017, 12, 12),
        "Munas II, Mataram, September 2013",
    ),
    (
        "ketua_1",
        "Monitoring dan Evaluasi",
        "Syarif Fasha",
        "1571",
        "Wali Kota Jambi",
        date(2013, 9, 18),
        date(2017, 12, 12),
        "Munas II, Mataram, September 2013",
    ),
    (
        "ketua_2",
        "",
        "Ridwan Kamil",
        "3273",
        "Wali Kota Bandung",
        date(2013, 9, 18),
        date(2017, 12, 12),
        "Munas II, Mataram, September 2013",
    ),
    (
        "bendahara_umum",
        "",
        "Adi Darma",
        "6474",
        "Wali Kota Bontang",
        date(2013, 9, 18),
        date(2016, 7, 20),
        "Munas II, Mataram, September 2013",
    ),
    (
        "ketua_bidang",
        "Advokasi dan Komunikasi",
        "Illiza Sa'aduddin Djamal",
        "1171",
        "Wali Kota Banda Aceh",
        date(2014, 6, 16),
        date(2017, 7, 7),
        "Rapat Dewan Pengurus",
    ),
    (
        "ketua_umum",
        "",
        "Moh. Ramdhan Pomanto",
        "7371",
        "Wali Kota Makassar",
        date(2017, 12, 12),
        date(2019, 6, 24),
        "Munas III, Makassar, 12 Desember 2017",
    ),
    (
        "sekretaris_umum",
        "",
        "Syarif Fasha",
        "1571",
        "Wali Kota Jambi",
        date(2017, 12, 12),
        date(2019, 6, 24),
        "Munas III, Makassar, 12 Desember 2017",
    ),
    (
        "ketua_umum",
        "",
        "Syarif Fasha",
        "1571",
        "Wali Kota Jambi",
        date(2019, 6, 24),
        date(2023, 3, 3),
        "Rapat Dewan Pengurus, Jakarta, 24 Juni 2019",
    ),
    (
        "ketua_umum",
        "",
        "Ahmed Zaki Iskandar",
        "3603",
        "Bupati Tangerang",
        date(2023, 3, 3),
        date(2024, 5, 6),
        "Pelantikan, ICE BSD, 3 Maret 2023",
    ),
    (
        "sekretaris_umum",
        "",
        "Ibnu Sina",
        "6371",
        "Wali Kota Banjarmasin",
        date(2023, 3, 3),
        date(2024, 5, 6),
        "Pelantikan, ICE BSD, 3 Maret 2023",
    ),
    (
        "bendahara_umum",
        "",
        "Andi Harun",
        "6472",
        "Wali Kota Samarinda",
        date(2023, 3, 3),
        None,
        "Pelantikan, ICE BSD, 3 Maret 2023",
    ),
    (
        "ketua_umum",
        "",
        "Ibnu Sina",
        "6371",
        "Wali Kota Banjarmasin",
        date(2024, 5, 6),
        date(2025, 4, 29),
        "CSS XXII, Cilegon, Mei 2024",
    ),
    (
        "sekretaris_umum",
        "",
        "Helldy Agustian",
        "3672",
        "Wali Kota Cilegon",
        date(2024, 5, 6),
        None,
        "CSS XXII, Cilegon, Mei 2024",
    ),
    (
        "ketua_umum",
        "",
        "Dadang Supriatna",
        "3204",
        "Bupati Bandung",
        date(2025, 4, 29),
        None,
        "Rakor Pengurus, Tangerang, 29 April 2025",
    ),
]
