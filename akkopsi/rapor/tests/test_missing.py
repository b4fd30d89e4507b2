"""Missing is not zero (issue 15, point 3) on the Rapor Sanitasi and the league table.

Kabupaten Buleleng (5108) has a verified year with an APBD total and no sanitation budget
line: its share of APBD is missing ("belum dilaporkan", with the reason), never 0,00 % or
"below the 2 % commitment", on the page, the PDF, the API and the league table's exports.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue, Submission
from akkopsi.rapor.tests.conftest import MILIAR, submission

pytestmark = pytest.mark.django_db

NO_LINES = "tidak ada baris anggaran sanitasi yang dilaporkan"


def apbd_only(member: Any, year: int = 2022, status: str = SubmissionStatus.VERIFIED) -> None:
    """A year with an APBD total and no sanitation budget line."""
    submission(member, year, status)
    ApbdTotal.objects.create(member=member, year=year, stage=Stage.PLANNED, amount=800 * MILIAR)


def lines_only(member: Any, year: int = 2022) -> None:
    """A year with sanitation budget lines and no APBD total."""
    submission(member, year, SubmissionStatus.VERIFIED)
    BudgetLine.objects.create(
        member=member,
        year=year,
        subsector=SubSector.AIR_LIMBAH,
        source=FundingSource.APBD_KABKOTA,
        stage=Stage.PLANNED,
        amount=12 * MILIAR,
    )


def test_rapor_page_says_not_reported_for_a_member_without_budget_lines(
    client: Any, data: Any
) -> None:
    apbd_only(data["5108"])
    html = client.get(reverse("rapor:report", args=["5108"])).content.decode()
    share = html[html.index('id="anggaran-share"') :][:400]
    assert "belum dilaporkan" in share and NO_LINES in share
    assert "0,00%" not in html
    assert "di bawah komitmen" not in html  # no "below the 2% commitment" for no figure
    assert "Rp0" not in html  # no sanitation spending is no figure, not Rp0


def test_rapor_page_says_why_for_a_member_with_lines_and_no_apbd_total(
    client: Any, data: Any
) -> None:
    lines_only(data["5108"])
    html = client.get(reverse("rapor:report", args=["5108"])).content.decode()
    share = html[html.index('id="anggaran-share"') :][:400]
    assert "belum dilaporkan" in share and "total APBD tidak dilaporkan" in share
    assert 'data-reason="no_apbd_total"' in share


def test_rapor_page_access_figures_missing_say_so(client: Any, data: Any) -> None:
    html = client.get(reverse("rapor:report", args=["5108"])).content.decode()
    cell = html[html.index('id="akses-akses_layak"') :][:200]
    assert "belum dilaporkan" in cell
    # Unverified data is "reported but not verified yet" for the public.
    Submission.objects.create(member=data["5108"], year=2023, status=SubmissionStatus.SUBMITTED)
    html = client.get(reverse("rapor:report", args=["5108"])).content.decode()
    cell = html[html.index('id="akses-akses_layak"') :][:300]
    assert 'data-reason="not_verified"' in cell and "belum diverifikasi" in cell


def test_rapor_peer_median_states_how_many_it_excludes(
    client: Any, data: Any, regions: Any
) -> None:
    from datetime import date

    from akkopsi.members import services as members

    samarinda = members.create_member(
        regency=regions["6472"], membership_number="AKK-0009", joined_on=date(2011, 1, 1), by=None
    )
    apbd_only(samarinda)
    # Bontang's peers: the member kota of Kalimantan Timur, Balikpapan (reports) and Samarinda
    # (an APBD total, no budget line): the median is Balikpapan's alone, and says so.
    api = client.get(reverse("rapor-api-report", args=["6474"])).json()
    assert api["money"]["peer_share"] == "1.50"
    assert api["money"]["peer_share_coverage"] == {"reporting": 1, "excluded": 1}
    html = client.get(reverse("rapor:report", args=["6474"])).content.decode()
    assert "dari 1 anggota yang melapor; 1 belum melapor" in html


def test_rapor_pdf_says_not_reported(client: Any, users: Any, data: Any) -> None:
    apbd_only(data["5108"])
    client.force_login(users["secretariat"])
    response = client.get(reverse("rapor:report_pdf", args=["5108"]))
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "belum dilaporkan" in text and "tidak ada baris anggaran" in text
    assert "0,00%" not in text and "di bawah komitmen" not in text


def test_rapor_api_gives_null_and_a_reason(client: Any, data: Any) -> None:
    apbd_only(data["5108"])
    money = client.get(reverse("rapor-api-report", args=["5108"])).json()["money"]
    assert money["share"] is None and money["share_reason"] == "no_budget_lines"
    assert money["apbd_sanitation"] is None
    assert money["apbd_sanitation_reason"] == "no_budget_lines"
    assert money["total_sanitation"] is None and money["meets_commitment"] is None
    assert money["apbd"] == "800000000000.00"
    assert money["share_by_year"]["2022"] is None
    assert money["share_by_year"]["2022_reason"] == "no_budget_lines"


def test_rapor_api_without_any_budget_says_not_reported(client: Any, data: Any) -> None:
    money = client.get(reverse("rapor-api-report", args=["5108"])).json()["money"]
    assert money["share"] is None and money["share_reason"] == "not_reported"
    access = client.get(reverse("rapor-api-report", args=["5108"])).json()["access"]
    assert all(a["value"] is None and a["value_reason"] == "not_reported" for a in access)


def _league_row(client: Any, code: str) -> dict[str, Any]:
    rows = client.get(reverse("rapor-api-league")).json()["rows"]
    return next(r for r in rows if r["code"] == code)


def test_league_api_gives_null_and_a_reason(client: Any, data: Any) -> None:
    apbd_only(data["5108"])
    row = _league_row(client, "5108")
    assert row["share"] is None and row["share_reason"] == "no_budget_lines"
    assert row["per_capita"] is None and row["per_capita_reason"] == "no_budget_lines"
    assert row["akses_layak"] is None and row["akses_layak_reason"] == "not_reported"
    assert row["rank"] is None and row["rank_reason"] == "not_ranked"


def test_league_sorts_missing_last(client: Any, data: Any) -> None:
    apbd_only(data["5108"])
    for sort in ("share", "-share"):
        rows = client.get(reverse("rapor-api-league") + f"?sort={sort}").json()["rows"]
        assert rows[-1]["code"] == "5108"


def test_league_csv_and_xlsx_say_not_reported(client: Any, data: Any) -> None:
    apbd_only(data["5108"])
    text = client.get(reverse("rapor:league") + "?export=csv").content.decode("utf-8-sig")
    line = next(x for x in text.splitlines() if x.startswith("5108"))
    assert f"belum dilaporkan ({NO_LINES})" in line
    assert "0.00" not in line
    xlsx = client.get(reverse("rapor:league") + "?export=xlsx")
    ws = load_workbook(BytesIO(xlsx.content)).active
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "5108")
    share = row[next(i for i, h in enumerate(header) if "APBD" in str(h))]
    assert share == f"belum dilaporkan ({NO_LINES})"


def test_league_page_says_unverified_data_is_not_verified(client: Any, data: Any) -> None:
    ind = Indicator.objects.get(code="akses_layak")
    Submission.objects.create(member=data["5108"], year=2023, status=SubmissionStatus.SUBMITTED)
    IndicatorValue.objects.create(member=data["5108"], indicator=ind, year=2023, value=Decimal(50))
    html = client.get(reverse("rapor:league") + "?tahun=2023").content.decode()
    row = html[html.index("Kabupaten Buleleng") :].split("</tr>")[0]
    assert 'data-reason="not_verified"' in row and "50,0%" not in row


def test_the_schema_declares_null_and_the_reason(client: Any, db: Any) -> None:
    schema = client.get("/api/schema/").content.decode()
    for name in ("RaporLeagueRow", "RaporMoney", "share_reason", "MissingReasonEnum"):
        assert name in schema
    assert "no_budget_lines" in schema and "no_apbd_total" in schema
