"""The default catalogue read from its packaged CSV files equals the figures it had in code."""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources

from akkopsi.engines.allocation import default_catalogue

# The catalogue as it was written in defaults.py before the figures moved to data/*.csv
# (id, sub-sector, from-steps, to-step, capital, O&M per household, life, facility).
OPTIONS = [
    (
        "tangki_septik_individual",
        "air_limbah",
        ("babs", "belum_layak"),
        "layak",
        10000000,
        0,
        20,
        None,
    ),
    (
        "tangki_septik_komunal",
        "air_limbah",
        ("babs", "belum_layak"),
        "layak",
        10000000,
        0,
        20,
        None,
    ),
    ("tangki_septik_hdpe", "air_limbah", ("babs", "belum_layak"), "layak", 7000000, 0, 15, None),
    ("jamban_stbm", "air_limbah", ("babs",), "belum_layak", 600000, 0, 5, None),
    ("sedot_tinja_terjadwal", "air_limbah", ("layak",), "aman", 332000, 110000, 10, "iplt"),
    (
        "sambungan_spald_t_kota",
        "air_limbah",
        ("babs", "belum_layak", "layak"),
        "aman",
        43000000,
        430000,
        30,
        None,
    ),
    (
        "ipald_permukiman",
        "air_limbah",
        ("babs", "belum_layak", "layak"),
        "aman",
        29000000,
        290000,
        25,
        None,
    ),
    (
        "sanimas_ipal_komunal",
        "air_limbah",
        ("babs", "belum_layak"),
        "aman",
        0,
        60000,
        20,
        "lokasi_sanimas",
    ),
    (
        "pengumpulan_sampah",
        "persampahan",
        ("tidak_tertangani",),
        "tertangani",
        340000,
        120000,
        8,
        None,
    ),
    ("tps3r", "persampahan", ("tertangani",), "terkurangi", 0, 0, 10, "tps3r_unit"),
]
FACILITIES = [
    ("iplt", 50000, 6600000000, 330000000, 20),
    ("lokasi_sanimas", 50, 380000000, 10000000, 20),
    ("tps3r_unit", 200, 600000000, 120000000, 10),
]
FUNDING = [
    ("apbd_kabkota", None, None),
    ("apbd_provinsi", None, ()),
    (
        "dak",
        (
            "ipald_permukiman",
            "pengumpulan_sampah",
            "sambungan_spald_t_kota",
            "sedot_tinja_terjadwal",
            "tangki_septik_hdpe",
            "tangki_septik_individual",
            "tangki_septik_komunal",
            "tps3r_unit",
        ),
        (),
    ),
    ("apbn", ("iplt", "lokasi_sanimas", "sambungan_spald_t_kota", "tps3r_unit"), ()),
    ("hibah", ("ipald_permukiman", "iplt", "sambungan_spald_t_kota"), ()),
    ("csr", ("ipald_permukiman", "jamban_stbm", "tangki_septik_individual"), ()),
    ("kpbu", ("iplt", "sambungan_spald_t_kota"), ()),
    (
        "swadaya",
        ("jamban_stbm", "tangki_septik_individual"),
        (
            "lokasi_sanimas",
            "pengumpulan_sampah",
            "sanimas_ipal_komunal",
            "sedot_tinja_terjadwal",
            "tps3r_unit",
        ),
    ),
]


def test_every_row_of_the_packaged_csv_files_cites_its_source() -> None:
    data = resources.files("akkopsi.engines.allocation") / "data"
    for name, column in (("options.csv", "source"), ("funding_rules.csv", "note")):
        with (data / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, name
        assert all(row[column].strip() for row in rows), name


def test_the_options_and_facilities_are_the_figures_they_were() -> None:
    cat = default_catalogue()
    assert [
        (
            o.id,
            o.sub_sector,
            o.from_steps,
            o.to_step,
            o.capital_cost_per_household,
            o.operating_cost_per_household,
            o.lifetime_years,
            o.facility,
        )
        for o in cat.options
    ] == OPTIONS
    assert [
        (
            f.id,
            f.capacity_households,
            f.capital_cost_per_plant,
            f.operating_cost_per_plant,
            f.lifetime_years,
        )
        for f in cat.facilities
    ] == FACILITIES
    # money stays exact: Decimal rupiah, or the int 0 for no cost (as before)
    for item in cat.options:
        for value in (item.capital_cost_per_household, item.operating_cost_per_household):
            assert isinstance(value, Decimal) if value else value == 0 and type(value) is int
    assert all(o.max_households_per_year is None for o in cat.options)
    assert all(
        (f.existing_spare_capacity, f.max_plants_per_year) == (0, None) for f in cat.facilities
    )


def test_the_funding_rules_are_the_rules_they_were() -> None:
    rules = default_catalogue().funding_rules
    assert [
        (
            r.id,
            None if r.capital_for is None else tuple(sorted(r.capital_for)),
            None if r.operating_for is None else tuple(sorted(r.operating_for)),
        )
        for r in rules
    ] == FUNDING
    assert all(r.name and r.note for r in rules)
    assert default_catalogue() == default_catalogue()
