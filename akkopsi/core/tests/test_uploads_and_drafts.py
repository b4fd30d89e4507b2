"""Issue 10, security: uploads are limited in size and type, and no page or API shows one
member's draft data to anyone but its own staff and the secretariat."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.importing import reading
from akkopsi.data.models import BudgetLine, ImportBatch, Indicator, IndicatorValue, Submission

pytestmark = pytest.mark.django_db

DRAFT_VALUE = Decimal("87.6543")
DRAFT_AMOUNT = Decimal("987654321.12")
#: How the draft figures could appear on a page or in JSON, in either language.
TELLTALES = [b"87.65", b"87,65", b"987654321", b"987.654.321"]


def _upload(client: Any, name: str, data: bytes) -> Any:
    return client.post("/data/unggah/", {"file": SimpleUploadedFile(name, data)})


def test_data_upload_refuses_too_large_and_non_spreadsheet_files(
    client: Any, users: dict[str, Any]
) -> None:
    client.force_login(users["bontang"])
    big = _upload(client, "data.csv", b"kode,tahun\n" + b"x" * (reading.MAX_BYTES + 1))
    assert big.status_code == 200
    assert "lebih besar dari 10 MB" in big.content.decode() or "larger than 10 MB" in (
        big.content.decode()
    )
    page = _upload(client, "halaman.html", b"<html><script>alert(1)</script></html>")
    assert page.status_code == 200 and b"<script>alert(1)" not in page.content
    assert not ImportBatch.objects.exists()  # nothing written, nothing stored


@pytest.fixture
def bontang_draft(members: dict[str, Any]) -> None:
    """Bontang's 2025 data, still a draft: a distinctive value and budget line."""
    m = members["6474"]
    Submission.objects.create(member=m, year=2025, status=SubmissionStatus.DRAFT)
    IndicatorValue.objects.create(
        member=m, indicator=Indicator.objects.get(code="akses_layak"), year=2025, value=DRAFT_VALUE
    )
    BudgetLine.objects.create(
        member=m,
        year=2025,
        subsector=SubSector.AIR_LIMBAH,
        source=FundingSource.APBD_KABKOTA,
        stage=Stage.PLANNED,
        amount=DRAFT_AMOUNT,
    )


PAGES = [
    "/data/",
    "/data/?year=2025",
    "/data/provinsi/64/",
    "/data/provinsi/64/?year=2025",
    "/data/anggota/6474/",
    "/data/anggota/6474/?export=csv",
    "/data/anggota/6474/riwayat/",
    "/anggota/6474/",
    "/api/values/",
    "/api/values/?member=6474&year=2025",
    "/api/budget-lines/?member=6474",
    "/api/apbd-totals/?member=6474",
    "/perencanaan/anggota/6474/baru/",
    "/api/schema/",
]


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.mark.parametrize("who", ["public", "balikpapan", "jury", "treasurer"])
def test_no_page_or_api_shows_another_members_draft(
    client: Any, users: dict[str, Any], bontang_draft: None, who: str
) -> None:
    if who != "public":
        client.force_login(users[who])
    for url in PAGES:
        response = client.get(url)
        assert response.status_code in {200, 302, 403, 404}, (url, response.status_code)
        body = _body(response)
        for telltale in TELLTALES:
            assert telltale not in body, (who, url, telltale)


def test_the_members_own_staff_do_see_the_draft(
    client: Any, users: dict[str, Any], bontang_draft: None
) -> None:
    """The check above can fail: the same figures are visible to those who may see them."""
    client.force_login(users["bontang"])
    body = _body(client.get("/api/values/", {"member": "6474", "year": 2025}))
    assert any(t in body for t in TELLTALES)
