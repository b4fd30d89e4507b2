"""A real S3-compatible server for the tests of the files on S3 (ADR 0061): moto's server on
a free loopback port, spoken to over HTTP by django-storages and boto3 like any bucket.

It runs in a thread of the test process (``moto.server.ThreadedMotoServer``) rather than a
subprocess so that a test can age an object: S3 has no way to set an object's LastModified
(the local disk's ``os.utime``), so :meth:`Bucket.age` moves it back in the server's own store.
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

BUCKET = "akkopsi-uji"
PREFIX = "media"
KEYS = {"aws_access_key_id": "uji", "aws_secret_access_key": "uji"}


class Bucket:
    """The test bucket, seen from outside the application (boto3)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def objects(self) -> list[str]:
        """Every object's key (the default storage's names under ``media/``)."""
        listed = self.client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return sorted(o["Key"] for o in listed)

    def names(self) -> list[str]:
        """Every object's name in the default storage (the key without the prefix)."""
        return [k.removeprefix(f"{PREFIX}/") for k in self.objects()]

    def read(self, name: str) -> bytes:
        data: bytes = self.client.get_object(Bucket=BUCKET, Key=f"{PREFIX}/{name}")["Body"].read()
        return data

    def sha256(self, name: str) -> str:
        return hashlib.sha256(self.read(name)).hexdigest()

    def age(self, name: str, days: float) -> None:
        """Make the object ``name`` look last written ``days`` earlier than it was."""
        from moto.s3.models import s3_backends

        partition, account = s3_backends.bucket_accounts[BUCKET]
        key = s3_backends[account][partition].buckets[BUCKET].keys[f"{PREFIX}/{name}"]
        key.last_modified -= timedelta(days=days)

    def empty(self) -> None:
        for key in self.objects():
            self.client.delete_object(Bucket=BUCKET, Key=key)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server on a free loopback port; the tests skip when it cannot run."""
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server", reason="moto[server] is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    try:
        server.start()
    except OSError as exc:
        pytest.skip(f"moto's server could not start: {exc}")
    url = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client("s3", endpoint_url=url, region_name="us-east-1", **KEYS)
        client.create_bucket(Bucket=BUCKET)
        yield url
    finally:
        server.stop()


@pytest.fixture
def s3(s3_server: str, settings: Any, monkeypatch: Any) -> Iterator[Bucket]:
    """The default storage on the bucket, as AKKOPSI_S3_BUCKET configures it."""
    import boto3

    from akkopsi.config.settings import s3_storage

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEYS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", KEYS["aws_secret_access_key"])
    options = s3_storage(BUCKET, s3_server, "us-east-1", PREFIX)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "akkopsi.core.files.TransactionalStorage", "OPTIONS": options},
    }
    bucket = Bucket(boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **KEYS))
    bucket.empty()
    yield bucket
    bucket.empty()
