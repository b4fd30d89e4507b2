from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from akkopsi.core import backup
from akkopsi.members.models import Member

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_and_restore_lose_nothing(users: Any, tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "imports").mkdir(parents=True)
    (tmp_path / "media" / "imports" / "berkas.xlsx").write_bytes(b"PK\x03\x04 isi berkas")
    Member.objects.filter(regency_id="6474").update(phone="0548-21001")
    before_tables = backup.table_checksums()
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))
    assert archive.stat().st_size > 0
    with pytest.raises(CommandError):  # not into a database that holds data
        call_command("restore", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    (tmp_path / "media" / "imports" / "berkas.xlsx").unlink()
    assert Member.objects.count() == 0
    call_command("restore", str(archive))
    assert backup.table_checksums() == before_tables
    assert (tmp_path / "media" / "imports" / "berkas.xlsx").read_bytes() == b"PK\x03\x04 isi berkas"
    assert Member.objects.get(regency_id="6474").phone == "0548-21001"
    assert (
        before_tables["members.member"]["rows"] == 3
        and before_tables["members.historicalmember"]["rows"] >= 3
    )


def test_restore_refuses_an_unknown_format(tmp_path: Path, db: Any) -> None:
    import io
    import json
    import tarfile

    archive = tmp_path / "lain.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        payload = json.dumps({"format": 99}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    with pytest.raises(backup.BackupError, match="Format arsip 99 tidak didukung"):
        backup.restore(archive)


def test_a_forced_restore_that_fails_on_a_file_leaves_the_files_as_they_were(
    users: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``restore --force`` replaces a file whose content differs from the archive's; when a
    later file cannot be written, the database rolls back and so do the files: the replaced
    one holds its earlier content again and the new one is gone."""
    from django.core.files.storage import FileSystemStorage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    imports = tmp_path / "media" / "imports"
    imports.mkdir(parents=True)
    (imports / "a.xlsx").write_bytes(b"PK archived a")
    (imports / "b.xlsx").write_bytes(b"PK archived b")
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))
    (imports / "a.xlsx").write_bytes(b"PK edited a since the backup")
    (imports / "b.xlsx").unlink()
    Member.objects.filter(regency_id="6474").update(phone="0548-21001")
    before = backup.table_checksums()
    real_save = FileSystemStorage.save

    def refuse_b(self: Any, name: Any, content: Any, max_length: Any = None) -> str:
        if name == "imports/b.xlsx":
            raise OSError("disk full")
        return real_save(self, name, content, max_length)

    monkeypatch.setattr(FileSystemStorage, "save", refuse_b)
    with pytest.raises(backup.BackupError, match=r"imports/b\.xlsx tidak dapat dipulihkan"):
        backup.restore(archive, force=True)
    monkeypatch.undo()
    assert backup.table_checksums() == before
    assert (imports / "a.xlsx").read_bytes() == b"PK edited a since the backup"
    assert not (imports / "b.xlsx").exists()
    assert sorted(p.name for p in imports.iterdir()) == ["a.xlsx"]
    # The same restore with nothing in its way replaces a and writes b.
    backup.restore(archive, force=True)
    assert (imports / "a.xlsx").read_bytes() == b"PK archived a"
    assert (imports / "b.xlsx").read_bytes() == b"PK archived b"
