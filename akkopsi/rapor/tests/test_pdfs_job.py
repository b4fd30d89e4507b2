"""Every member's Rapor of a year as PDFs in one zip, made by a job (ADR 0054)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from akkopsi.core.dates import today
from akkopsi.jobs.models import Job, State
from akkopsi.members.models import Member
from akkopsi.rapor.models import IssuedReport

pytestmark = pytest.mark.django_db

URL = "/rapor/liga/cetak-semua/"


def test_the_secretariat_gets_one_zip_of_numbered_reports(
    client: Any, users: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    year = today().year
    client.force_login(users["secretariat"])
    assert "Cetak Rapor" in client.get(f"/rapor/liga/?tahun={year}").content.decode()
    response = client.post(URL, {"tahun": str(year)})
    job = Job.objects.get()
    assert response["Location"] == f"/tugas/{job.pk}/"
    active = Member.objects.active_on(today()).count()
    assert (job.state, job.done, job.total) == (State.SUCCEEDED, active, active) and active > 0
    assert IssuedReport.objects.count() == active  # each printed report has its number
    assert job.result_url == f"/tugas/{job.pk}/berkas/"
    download = client.get(job.result_url)
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == sorted(
        f"rapor-sanitasi-{m.code}-{year}.pdf" for m in Member.objects.active_on(today())
    )
    assert all(archive.read(n).startswith(b"%PDF") for n in names)
    client.force_login(users["bontang"])  # not theirs: not found
    assert client.get(job.result_url).status_code == 404


@pytest.mark.parametrize("who", ["bontang", "treasurer", "jury"])
def test_only_who_sees_every_report_prints_them_all(client: Any, users: Any, who: str) -> None:
    client.force_login(users[who])
    assert client.post(URL, {"tahun": str(today().year)}).status_code == 403
    assert "Cetak Rapor" not in client.get("/rapor/liga/").content.decode()
    assert not Job.objects.exists()
