"""Uploaded and generated files on S3-compatible storage (ADR 0061), against a real
S3-compatible server: moto's standalone server, run on loopback for these tests.

The same ``TransactionalStorage`` wraps the S3 backend: a file written in a transaction that
rolls back is deleted from the bucket, a committed one stays, and a file is still served only
through ``/media/<name>`` after the permission check.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from akkopsi.config.settings import s3_storage
from akkopsi.data.models import ImportBatch, ReportingYear
from akkopsi.jobs.models import Job, State

BUCKET = "akkopsi-uji"
WORKBOOK = b"kode,tahun,akses_layak\n6474,2024,80\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server on a free loopback port; the tests skip when it cannot run."""
    boto3 = pytest.importorskip("boto3")
    pytest.importorskip("moto.server", reason="moto[server] is not installed")
    port = _free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if proc.poll() is not None:
                pytest.skip(f"moto's server stopped at once (exit {proc.returncode})")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.skip("moto's server did not start within 10 s")
        client = boto3.client(
            "s3",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="uji",
            aws_secret_access_key="uji",
        )
        client.create_bucket(Bucket=BUCKET)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def s3(s3_server: str, settings: Any, monkeypatch: Any) -> Any:
    """The default storage on the bucket, as AKKOPSI_S3_BUCKET configures it."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "uji")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "uji")
    options = s3_storage(BUCKET, s3_server, "us-east-1", "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "akkopsi.core.files.TransactionalStorage", "OPTIONS": options},
    }
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="uji",
        aws_secret_access_key="uji",
    )
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def _keys(client: Any) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.mark.django_db(transaction=True)
def test_a_file_written_in_a_rolled_back_transaction_is_gone_a_committed_one_stays(
    s3: Any,
) -> None:
    assert type(default_storage.backend).__name__ == "S3Storage"
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = default_storage.save("uji/batal.txt", ContentFile(b"batal"))
        assert _keys(s3) == [f"media/{lost}"]  # written at once, in the bucket
        raise RuntimeError("rolled back")
    assert _keys(s3) == []
    with transaction.atomic():
        kept = default_storage.save("uji/simpan.txt", ContentFile(b"simpan"))
    assert _keys(s3) == [f"media/{kept}"]
    with default_storage.open(kept, "rb") as f:
        assert f.read() == b"simpan"
    # a name already taken is not overwritten: a rollback of the second takes only its own
    with pytest.raises(RuntimeError), transaction.atomic():
        other = default_storage.save("uji/simpan.txt", ContentFile(b"lain"))
        assert other != kept
        raise RuntimeError("rolled back")
    assert _keys(s3) == [f"media/{kept}"]
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
    assert _keys(s3) == [f"media/pending/{token}.bin"]  # the worker reads it from the bucket
    confirmed = client.post(reverse("data:upload_confirm"), {"token": token, "comment": ""})
    job = Job.objects.get()
    assert confirmed.url == reverse("jobs:job", args=[job.pk]) and job.state == State.SUCCEEDED
    batch = ImportBatch.objects.get()
    assert f"media/{batch.file.name}" in _keys(s3)
    response = client.get(batch.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == WORKBOOK
    client.force_login(users["balikpapan"])  # another member's staff: not theirs
    assert client.get(batch.file.url).status_code == 404
