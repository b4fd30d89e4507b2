"""The sweeps and the backup through the default storage on an S3 bucket (ADR 0061, addendum):
the same code as on the local disk (``core/tests/test_stored_files.py``, ``test_backup.py``),
against moto's S3-compatible server on loopback (the ``s3`` fixture, ``conftest.py``)."""

from __future__ import annotations

import hashlib
import json
import tarfile
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings

from akkopsi.bulletin.models import Image
from akkopsi.bulletin.tests.conftest import PNG, make_edition
from akkopsi.core import backup, files
from akkopsi.data import pending
from akkopsi.data.importing import service
from akkopsi.data.models import ImportBatch, ReportingYear
from akkopsi.members.models import Member

WORKBOOK = b"kode,tahun,akses_layak\n6474,2024,80\n"


def _import(user: Any, member: Any) -> ImportBatch:
    ReportingYear.objects.get_or_create(
        year=2024, defaults={"opens_on": date(2025, 1, 1), "deadline": date(2025, 3, 31)}
    )
    preview = service.dry_run_file(WORKBOOK, "data bontang.csv", user, current_year=2025)
    assert preview.ok, [str(e) for e in preview.errors]
    return service.commit(
        preview, by=user, data=WORKBOOK, filename="data bontang.csv", member=member
    )


@pytest.mark.django_db
def test_expire_uploads_sweeps_the_bucket(
    s3: Any,
    users: dict[str, Any],
    members: dict[str, Any],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = settings.VAR_DIR  # not the storage: no guard, nothing local swept
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = _import(users["bontang"], members["6474"]).file.name
        image = Image.objects.create(
            edition=make_edition(5, title="Draf"),
            file=ContentFile(PNG, "lama.png"),
            content_type="image/png",
        )
        replaced = image.file.name
        image.file = ContentFile(PNG, "baru.png")
        image.save()  # the first file is referred to by the image's history only
    session: dict[str, Any] = {}
    old_token = pending.store(session, WORKBOOK, "lama.xlsx")
    fresh_token = pending.store(session, WORKBOOK, "baru.xlsx")
    old_orphan = default_storage.save("imports/2025/01/sisa.xlsx", ContentFile(b"x"))
    fresh_orphan = default_storage.save("bulletin/9/baru.png", ContentFile(b"x"))
    for name, days in [
        (confirmed, 30),
        (replaced, 30),
        (image.file.name, 30),
        (pending.name(old_token), 3),
        (old_orphan, 3),
        (fresh_orphan, 0.5),
    ]:
        s3.age(name, days)
    everything = s3.names()

    call_command("expire_uploads", "--older-than", "2d", "--dry-run", stdout=(dry := StringIO()))
    assert s3.names() == everything
    assert "Would delete 1 pending uploads and 1 orphan files" in dry.getvalue()

    call_command("expire_uploads", "--older-than", "2d", stdout=(out := StringIO()))
    assert s3.names() == sorted(
        [confirmed, replaced, image.file.name, pending.name(fresh_token), fresh_orphan]
    )
    assert pending.load(session, fresh_token) == (WORKBOOK, "baru.xlsx")
    assert pending.load(session, old_token) is None
    assert "Deleted 1 pending uploads and 1 orphan files" in out.getvalue()
    assert f"pending upload: {pending.name(old_token)}" in out.getvalue()
    assert "orphan file: imports/2025/01/sisa.xlsx" in out.getvalue()


@pytest.mark.django_db
def test_the_orphan_sweep_keeps_referenced_objects_and_pending_uploads(
    s3: Any, users: dict[str, Any], members: dict[str, Any]
) -> None:
    batch = _import(users["bontang"], members["6474"])
    token = pending.store({}, WORKBOOK, "lama.xlsx")
    orphan = default_storage.save("imports/2025/01/sisa.xlsx", ContentFile(b"x"))
    for name in (batch.file.name, pending.name(token), orphan):
        s3.age(name, 10)
    assert files.orphans(timedelta(days=2)) == [orphan]
    assert files.delete([orphan, orphan], "uji") == 1  # gone meanwhile: not counted twice
    assert s3.names() == sorted([batch.file.name, pending.name(token)])
    assert files.remove_empty_folders(timedelta(hours=1)) == 0  # a bucket has no folders


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_buckets_files_and_a_restore_puts_them_back(
    s3: Any, users: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    default_storage.save("imports/berkas.xlsx", ContentFile(b"PK\x03\x04 isi berkas"))
    default_storage.save("bulletin/3/foto.png", ContentFile(PNG))
    Member.objects.filter(regency_id="6474").update(phone="0548-21001")
    before = {name: s3.sha256(name) for name in s3.names()}
    tables = backup.table_checksums()
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())

    with tarfile.open(archive, "r:gz") as tar:  # the archive's format, as from the local disk
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        archived = {
            m.name.removeprefix("media/"): hashlib.sha256(
                tar.extractfile(m).read()  # type: ignore[union-attr]
            ).hexdigest()
            for m in tar.getmembers()
            if m.name.startswith("media/") and m.isfile()
        }
    assert manifest["format"] == backup.FORMAT
    assert manifest["media"] == archived == before

    call_command("flush", interactive=False, verbosity=0)
    s3.empty()
    real = backup._put_back_media

    def then_fail(*args: Any) -> None:
        real(*args)
        assert sorted(s3.names()) == sorted(before)  # written, not yet committed
        raise backup.BackupError("a failure after the files")

    monkeypatch.setattr(backup, "_put_back_media", then_fail)
    with pytest.raises(backup.BackupError):
        backup.restore(archive)
    assert s3.names() == [] and not Member.objects.exists()  # all or nothing, files too
    monkeypatch.undo()

    default_storage.save("imports/berkas.xlsx", ContentFile(b"diubah sesudahnya"))
    call_command("restore", str(archive), stdout=StringIO())  # replaces the changed file
    assert {name: s3.sha256(name) for name in s3.names()} == before
    assert backup.table_checksums() == tables
    assert Member.objects.get(regency_id="6474").phone == "0548-21001"


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_local_disk_restores_into_the_bucket(
    s3: Any, users: Any, tmp_path: Path, settings: Any
) -> None:
    """Moving to S3: the archive of an installation on the local disk, restored with the
    bucket set."""
    media = tmp_path / "media"
    (media / "imports").mkdir(parents=True)
    (media / "imports" / "berkas.xlsx").write_bytes(b"PK\x03\x04 isi berkas")
    local = {**settings.STORAGES, "default": {"BACKEND": "akkopsi.core.files.TransactionalStorage"}}
    archive = tmp_path / "cadangan.tar.gz"
    with override_settings(STORAGES=local, MEDIA_ROOT=str(media)):
        call_command("backup", str(archive), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), stdout=StringIO())
    assert s3.names() == ["imports/berkas.xlsx"]
    assert s3.read("imports/berkas.xlsx") == b"PK\x03\x04 isi berkas"
