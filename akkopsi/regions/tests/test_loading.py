from __future__ import annotations

from typing import Any

import pytest

from akkopsi.regions.loading import load_regions
from akkopsi.regions.models import District, Province, Regency

pytestmark = pytest.mark.django_db


def test_registry_has_every_province_kabupaten_kota_and_kecamatan(
    django_assert_max_num_queries: Any,
) -> None:
    with django_assert_max_num_queries(40):  # set-based: a few bulk statements, not a query per row
        summary = load_regions()
    assert (summary.provinces, summary.regencies, summary.districts) == (38, 514, 7277)
    assert Province.objects.count() == 38
    assert Regency.objects.filter(kind="kabupaten").count() == 416
    assert Regency.objects.filter(kind="kota").count() == 98
    assert District.objects.count() == 7277


def test_loading_twice_changes_nothing() -> None:
    load_regions()
    Regency.objects.filter(code="6474").update(name="Salah")
    load_regions()
    assert Regency.objects.count() == 514
    assert Regency.objects.get(code="6474").name == "Bontang"


def test_names_are_written_the_indonesian_way() -> None:
    load_regions()
    assert Regency.objects.get(code="6474").display_name == "Kota Bontang"
    assert Regency.objects.get(code="5108").display_name == "Kabupaten Buleleng"
    assert Province.objects.get(code="64").display_name == "Provinsi Kalimantan Timur"
    assert District.objects.get(code="647401").regency_id == "6474"
