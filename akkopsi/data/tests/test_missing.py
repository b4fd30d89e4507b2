"""Missing is not zero (issue 15, point 3) on the dashboards and their exports.

Kota Bontang and Kota Balikpapan report verified budgets for 2020-2022; Kabupaten Buleleng
reports an APBD total for 2022 and no sanitation budget line. The 2 % share is over the two
members that reported both figures and says that one member did not; Buleleng's own share is
"belum dilaporkan" with the reason, never 0,00 %.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from akkopsi.rapor.tests.conftest import history
from akkopsi.rapor.tests.test_missing import NO_LINES, apbd_only, lines_only

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings: Any) -> None:
    settings.AKKOPSI_DEMO_DATE = "2024-06-01"


@pytest.fixture
def data(members: dict[str, Any]) -> dict[str, Any]:
    history(members, range(2020, 2023))
    apbd_only(members["5108"])
    return members


def test_national_share_meeting_2pct_states_who_it_excludes(client: Any, data: Any) -> None:
    html = client.get(reverse("data:national") + "?tahun=2022").content.decode()
    rate = html[html.index('id="meet-rate"') :][:80]
    assert "0,0%" in rate  # both reporting members plan 1,5 %: a reported 0, not a missing one
    coverage = html[html.index('id="meet-coverage"') :][:200]
    assert "dari 2 anggota yang melapor; 1 belum melapor" in coverage


def test_national_medians_state_who_they_exclude_and_the_export_too(client: Any, data: Any) -> None:
    html = client.get(reverse("data:national") + "?tahun=2022").content.decode()
    table = html[html.index('id="national-table"') :]
    assert "dari 2 anggota yang melapor; 1 belum melapor" in table
    xlsx = client.get(reverse("data:national") + "?tahun=2022&export=xlsx")
    ws = load_workbook(BytesIO(xlsx.content)).active
    header = [c.value for c in ws[1]]
    assert "Anggota yang belum melapor" in header
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "akses_layak")
    assert row[header.index("Anggota yang belum melapor")] == 1
    # An indicator nobody reported has no median: "belum dilaporkan", not 0 or an empty cell.
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "akses_aman")
    assert row[header.index("Median")] == "belum dilaporkan"


def test_province_dashboard_and_export_say_not_reported(client: Any, data: Any) -> None:
    html = client.get(reverse("data:province", args=["51"]) + "?tahun=2022").content.decode()
    row = html[html.index("Kabupaten Buleleng") :].split("</tr>")[0]
    assert "belum dilaporkan" in row and NO_LINES in row
    assert "0,00%" not in row and "&lt; 2%" not in row
    assert "dari 0 anggota yang melapor; 1 belum melapor" in html
    text = client.get(
        reverse("data:province", args=["51"]) + "?tahun=2022&export=csv"
    ).content.decode("utf-8-sig")
    line = next(x for x in text.splitlines() if x.startswith("5108"))
    assert f"belum dilaporkan ({NO_LINES})" in line and "0.00" not in line


def test_member_dashboard_status_rows_say_why_the_share_is_missing(
    client: Any, users: Any, members: Any
) -> None:
    history(members, range(2020, 2022))
    lines_only(members["6474"], 2023)  # no APBD total in 2023: the share is not infinite
    from akkopsi.data.models import Indicator, IndicatorValue

    layak = Indicator.objects.get(code="akses_layak")
    IndicatorValue.objects.create(member=members["6474"], indicator=layak, year=2023, value=50)
    client.force_login(users["bontang"])
    html = client.get(reverse("data:member_data", args=["6474"])).content.decode()
    row = html[html.index("<td>2023</td>") :].split("</tr>")[0]
    assert "total APBD tidak dilaporkan" in row


def test_bulletin_commitment_section_states_who_it_excludes(data: Any) -> None:
    from datetime import date

    from akkopsi.bulletin import sections

    figures, _svg = sections.commitment(date(2024, 6, 1))
    latest = next(r for r in figures["rows"] if r["year"] == 2022)
    assert latest["reporting"] == 2
    assert latest["coverage"] == {"reporting": 2, "excluded": 1}
    access, _svg = sections.access(date(2024, 6, 1))
    assert all(r["coverage"]["reporting"] == r["reporting"] for r in access["rows"])
