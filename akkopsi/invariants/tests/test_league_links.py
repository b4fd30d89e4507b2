"""The 2 % figures of the dashboards link to the league table of those members (issue 18).

Over the whole demo, for the nation and every province, for each year with data: the count a
dashboard shows beside "memenuhi 2%" (and "below 2%", "not reported") is the count of rows of
the league list its link opens, and the three lists split the members of the year.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse

from akkopsi.core.dates import today
from akkopsi.data import dashboards
from akkopsi.data import queries as q
from akkopsi.portal import figures
from akkopsi.rapor import league
from akkopsi.rapor.filters import LeagueFilter
from akkopsi.regions.models import Province

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/rapor/liga/\?[^"]+)" data-count="(\d+)" data-filter="(\w+)"')


@pytest.fixture
def no_charts(monkeypatch: Any) -> None:
    """The figures, not the pictures: the charts are not what these tests are about."""
    for name in ("line_chart", "stacked_bar", "histogram", "bar_chart"):
        monkeypatch.setattr(dashboards, name, lambda *a, **k: "")


def _context(build: Any, year: int, *args: Any) -> dict[str, Any]:
    request = RequestFactory().get("/", {"tahun": str(year)})
    request.user = AnonymousUser()
    context = build(request, *args)
    assert isinstance(context, dict)
    return context


def _listed(year: int, meets: str, province: str = "") -> set[int]:
    params = QueryDict(mutable=True)
    params.update({"tahun": str(year), "memenuhi": meets, "provinsi": province})
    found = LeagueFilter(params)
    assert found.is_valid(), found.errors
    return set(found.qs.values_list("pk", flat=True))


def _years() -> list[int]:
    """The years with a 2 % figure."""
    every = list(range(dashboards.FIRST_YEAR, today().year + 1))
    return sorted(y for y, (_m, decided) in q.commitment_by_year(every).items() if decided)


def test_the_national_counts_are_the_counts_of_the_linked_lists(
    demo: None, no_charts: None
) -> None:
    years = _years()
    assert len(years) > 5
    for year in years:
        context = _context(dashboards.national_context, year)
        lists = {meets: _listed(year, meets) for meets in ("ya", "tidak", "belum")}
        shown = {
            "ya": context["meeting"],
            "tidak": context["below"],
            "belum": context["meet_coverage"].excluded,
        }
        assert {k: len(v) for k, v in lists.items()} == shown, year
        assert context["meet_rate"] == dashboards._percent(
            len(lists["ya"]), len(lists["ya"]) + len(lists["tidak"])
        )
        # the three lists split the league of the year
        season = league.Season.of(year)
        everyone = set(league.members_of(season).values_list("pk", flat=True))
        assert lists["ya"] | lists["tidak"] | lists["belum"] == everyone
        assert sum(len(v) for v in lists.values()) == len(everyone)


def test_each_province_count_is_the_count_of_its_linked_list(demo: None, no_charts: None) -> None:
    provinces = list(Province.objects.filter(regencies__member__isnull=False).distinct())
    assert len(provinces) > 10
    for year in _years():
        for prov in provinces:
            context = _context(dashboards.province_context, year, prov)
            shown = context["commitment"]
            for meets, key in (("ya", "meeting"), ("tidak", "below"), ("belum", "undecided")):
                assert len(_listed(year, meets, prov.code)) == shown[key], (year, prov, meets)


def test_the_pages_show_the_counts_their_links_list(client: Any, demo: None) -> None:
    """As a visitor sees it: the national page, a province page and the portal home."""
    year = _years()[-1]
    prov = Province.objects.filter(regencies__member__isnull=False).order_by("code").first()
    assert prov is not None
    pages = [
        (reverse("data:national") + f"?tahun={year}", 3),
        (reverse("data:province", args=[prov.code]) + f"?tahun={year}", 3),
        (reverse("portal:home"), 2),
    ]
    for url, expected in pages:
        html = client.get(url).content.decode()
        links = LINK.findall(html.replace("&amp;", "&"))
        assert len(links) == expected, url
        for href, count, _meets in links:
            listed = client.get(href).content.decode()
            found = re.search(r'id="league-count" data-count="(\d+)"', listed)
            assert found and found.group(1) == count, (url, href)


def test_the_portal_figure_is_the_league_of_its_year(demo: None) -> None:
    national = figures.national_headlines(today())
    year = national["year"]
    assert len(_listed(year, "ya")) == national["meeting"]
    assert len(_listed(year, "tidak")) == national["below"]
