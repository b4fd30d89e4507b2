"""Uploaded and generated files on S3-compatible storage (ADR 0061), against a real
S3-compatible server: moto's server on loopback (the ``s3`` fixture, ``conftest.py``).

The same ``TransactionalStorage`` wraps the S3 backend: a file written in a transaction that
rolls back is deleted from the bucket, a committed one stays, and a file is still served only
through ``/media/<name>`` after the permission check.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from akkopsi.data.models import ImportBatch, ReportingYear
from akkopsi.jobs.models import Job, State

WORKBOOK = b"kode,tahun,akses_layak\n6474,2024,80\n"


@pytest.mark.django_db(transaction=True)
def test_a_file_written_in_a_rolled_back_transaction_is_gone_a_committed_one_stays(
    s3: Any,
) -> None:
    assert type(default_storage.backend).__name__ == "S3Storage"
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = default_storage.save("uji/batal.txt", ContentFile(b"batal"))
        assert s3.objects() == [f"media/{lost}"]  # written at once, in the bucket
        raise RuntimeError("rolled back")
    assert s3.objects() == []
    with transaction.atomic():
        kept = default_storage.save("uji/simpan.txt", ContentFile(b"simpan"))
    assert s3.objects() == [f"media/{kept}"]
    with default_storage.open(kept, "rb") as f:
        assert f.read() == b"simpan"
    # a name already taken is not overwritten: a rollback of the second takes only its own
    with pytest.raises(RuntimeError), transaction.atomic():
        other = default_storage.save("uji/simpan.txt", ContentFile(b"lain"))
        assert other != kept
        raise RuntimeError("rolled back")
    assert s3.objects() == [f"media/{kept}"]
    assert default_storage.url(kept) == f"/media/{kept}"  # served by the app, not the bucket


@pytest.mark.django_db
def test_an_upload_confirmed_and_downloaded_through_the_pages_lives_in_the_bucket(
    s3: Any, client: Any, users: dict[str, Any], members: dict[str, Any]
) -> None:
    ReportingYear.objects.create(year=2024, opens_on=date(2025, 1, 1), deadline=date(2025, 3, 31))
    client.force_login(users["bontang"])
    upload = SimpleUploadedFile("data bontang.csv", WORKBOOK)
    preview = client.post(reverse("data:upload"), {"file": upload})
    assert preview.status_code == 200 and preview.context["preview"].ok
    token = preview.context["token"]
    assert s3.objects() == [f"media/pending/{token}.bin"]  # the worker reads it from the bucket
    confirmed = client.post(reverse("data:upload_confirm"), {"token": token, "comment": ""})
    job = Job.objects.get()
    assert confirmed.url == reverse("jobs:job", args=[job.pk]) and job.state == State.SUCCEEDED
    batch = ImportBatch.objects.get()
    assert f"media/{batch.file.name}" in s3.objects()
    response = client.get(batch.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == WORKBOOK
    client.force_login(users["balikpapan"])  # another member's staff: not theirs
    assert client.get(batch.file.url).status_code == 404
