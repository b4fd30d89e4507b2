"""The map of the alliance shows, for every province, the figure the one publishing function
gives: members per province, the province dashboard's 2 % counts and its members' median
access (layak), the reporting cycle's statuses; a province with nothing behind a figure is
missing, never 0; and the provinces add up to the national figures."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from akkopsi.core.missing import is_missing
from akkopsi.data import dashboards, provincemap
from akkopsi.data import queries as q
from akkopsi.data.choices import Stage, SubmissionStatus
from akkopsi.members.growth import members_by_province, membership_counts
from akkopsi.regions.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_charts(monkeypatch: Any) -> None:
    """The figures, not the pictures: matplotlib is the slow part of a dashboard."""
    for name in ("line_chart", "stacked_bar", "histogram", "bar_chart"):
        monkeypatch.setattr(dashboards, name, lambda *a, **k: "")


def test_the_map_agrees_with_the_publishing_functions(demo: None, no_charts: None) -> None:
    year = dashboards.year_asked(None)
    day = date(year, 12, 31)
    codes = list(Province.objects.values_list("code", flat=True))
    assert len(codes) == 38
    figures = {key: provincemap.province_figures(key, year, day) for key in provincemap.FIGURES}
    assert all(set(f) == set(codes) for f in figures.values())

    # members per province: the portal's count, 0 (a true count) where there are none
    counted = {code: n for code, _name, n in members_by_province(day)}
    assert {c: f.value for c, f in figures["anggota"].items()} == {
        c: counted.get(c, 0) for c in codes
    }
    assert sum(f.value or 0 for f in figures["anggota"].values()) == membership_counts([day])[0]

    # the reporting cycle's statuses of the members at the end of the year
    statuses: dict[str, Counter[str]] = {c: Counter() for c in codes}
    for province, status in q.members_of_year(year).values_list(
        "regency__province_id", "submission_status"
    ):
        statuses[province][str(status)] += 1
    for code, figure in figures["lapor"].items():
        whole = sum(statuses[code].values())
        verified = statuses[code][SubmissionStatus.VERIFIED]
        assert (figure.part, figure.whole) == (verified, whole)
        assert figure.value == (q.percent(verified, whole) if whole else None)

    # the province dashboards: their 2% counts and their members' access (layak)
    request = RequestFactory().get("/", {"tahun": str(year)})
    request.user = AnonymousUser()
    meeting_total = decided_total = 0
    for prov in Province.objects.all():
        context = dashboards.province_context(request, prov)
        assert isinstance(context, dict)
        counts = context["commitment"]
        decided = counts["meeting"] + counts["below"]
        share = figures["komitmen"][prov.code]
        assert (share.part or 0, share.whole) == (counts["meeting"], decided), prov.name
        assert share.value == (q.percent(counts["meeting"], decided) if decided else None)
        layak = [r["akses_layak"] for r in context["rows"] if not is_missing(r["akses_layak"])]
        median = figures["layak"][prov.code]
        assert median.value == q.median(layak), prov.name
        assert median.whole == len(layak)
        meeting_total += counts["meeting"]
        decided_total += decided
    # and the provinces add up to the national 2% count
    assert (meeting_total, decided_total) == q.commitment_by_year([year], Stage.PLANNED)[year]


def test_the_map_shows_missing_where_nothing_is_behind_a_figure(demo: None) -> None:
    year = dashboards.year_asked(None)
    for key in ("komitmen", "layak", "lapor"):
        drawn = provincemap.province_map(key, year, date(year, 12, 31))
        for row in drawn.rows:
            figure_missing = row.area.value is None
            assert (row.css == "map-none") == figure_missing
            if figure_missing:
                assert row.area.text == "tidak ada data"
    # a year before the alliance: every province missing, none at 0 %
    empty = provincemap.province_map("komitmen", 2005, date(2005, 12, 31))
    assert {r.css for r in empty.rows} == {"map-none"}
    assert not any("0,0%" in r.area.text for r in empty.rows)
