"""Every page with charts shows them the one way (core.charts, ADR 51): an inline SVG with
its title and description, the table of its values and a CSV link; the award, arrears,
league and growth pages have the charts people expect; the PDFs print them."""

from __future__ import annotations

import re
from html import unescape
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from akkopsi.awards.models import Edition
from akkopsi.planning.models import SolveResult

pytestmark = pytest.mark.django_db  # each test in a savepoint inside the demo's transaction

FIGURE = re.compile(r'<figure class="chart-box" id="(chart-[0-9a-f]+)">(.*?)</figure>', re.S)

#: (user, url, at least this many charts)
PAGES = [
    ("", "/", 0),  # the home page draws the province map (core.choropleth), not a chart
    ("", "/data/", 3),
    ("", "/data/provinsi/64/", 1),
    ("", "/data/anggota/6471/", 2),
    ("", "/anggota/pertumbuhan/", 1),
    ("", "/rapor/6471/", 2),
    ("", "/rapor/liga/", 1),
    ("bendahara", "/iuran/", 1),
    ("bendahara", "/iuran/tunggakan/", 1),
    ("sekretariat", "/perencanaan/", 1),
]


def _charts(body: str) -> list[tuple[str, str]]:
    return FIGURE.findall(body)


def _check(body: str, where: str) -> int:
    """Each chart has its title, description, a table of its values and a CSV link."""
    found = _charts(body)
    assert '<img class="chart"' not in body, where  # no picture without its table
    for ident, inner in found:
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in inner
        assert f'aria-labelledby="{ident}-t {ident}-d"' in inner, where
        title = re.search(rf'<title id="{ident}-t">([^<]+)</title>', inner)
        desc = re.search(rf'<desc id="{ident}-d">([^<]+)</desc>', inner)
        assert title and desc, (where, ident)
        table = inner[inner.index('<details class="chart-data">') :]
        assert table.count("<tr>") >= 2, (where, title.group(1))  # a header and data
        assert 'href="data:text/csv;charset=utf-8,' in table and "download=" in table
        assert ' style="' not in inner  # inline SVG under the strict CSP
    return len(found)


def _client(client: Any, username: str) -> Any:
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize(("username", "url", "least"), PAGES)
def test_each_chart_page_shows_its_charts_the_one_way(
    demo: None, client: Any, username: str, url: str, least: int
) -> None:
    response = _client(client, username).get(url)
    assert response.status_code == 200, url
    assert _check(response.content.decode(), url) >= least, url


def test_the_award_edition_shows_the_score_spread_and_the_winners_contributions(
    demo: None, client: Any
) -> None:
    edition = Edition.objects.filter(published=True).order_by("-year").first()
    assert edition is not None
    body = client.get(f"/penghargaan/{edition.year}/").content.decode()
    assert _check(body, "award") == 2
    assert "Anggota menurut skor indeks" in body and "Pemenang: sumbangan kriteria" in body


def test_the_growth_chart_marks_the_rakor_of_19_may_2015(demo: None, client: Any) -> None:
    body = client.get("/anggota/pertumbuhan/").content.decode()
    assert ">rakor 19 Mei 2015</text>" in body
    assert 'stroke-dasharray="6 4"' in body  # the marker's line


def test_the_league_chart_marks_the_2_percent_line(demo: None, client: Any) -> None:
    body = client.get("/rapor/liga/").content.decode()
    ((_ident, inner),) = _charts(body)
    assert ">komitmen 2%</text>" in inner and "porsi APBD" in inner


def test_the_arrears_chart_is_by_age_over_the_years(demo: None, client: Any) -> None:
    body = _client(client, "bendahara").get("/iuran/tunggakan/").content.decode()
    ((_ident, inner),) = _charts(body)
    header = re.search(r"<thead><tr>(.*?)</tr></thead>", inner, re.S).group(1)  # type: ignore[union-attr]
    assert all(age in header for age in ("Tahun berjalan", "1 tahun", "2 tahun"))


def _pdf_text(response: Any) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF-")
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(data)).pages)


def test_the_pdfs_print_the_charts(demo: None, client: Any) -> None:
    rapor = _pdf_text(_client(client, "staf-6471").get("/rapor/6471/pdf/"))  # signed in
    assert "Belanja sanitasi per subsektor (rencana, juta rupiah)" in rapor
    assert "Tabel data" not in rapor  # the table under a chart is for the screen
    client.logout()
    dues = _pdf_text(_client(client, "bendahara").get("/iuran/?export=pdf"))
    assert "Iuran yang diterima dibanding iuran yang ditagihkan, per tahun" in dues
    client.logout()
    planner = _client(client, "sekretariat")
    for result in SolveResult.objects.order_by("pk")[:5]:  # a result that has charts
        page = planner.get(f"/perencanaan/hasil/{result.pk}/").content.decode()
        titles = [unescape(t) for t in re.findall(r'class="chart-title">([^<]+)<', page)]
        if titles:
            break
    assert titles
    printed = _pdf_text(planner.get(f"/perencanaan/hasil/{result.pk}/?export=pdf"))
    assert all(" ".join(t.split()) in printed for t in titles), (titles, printed[:300])
