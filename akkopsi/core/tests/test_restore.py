"""Disaster recovery: a backup restored into a new, freshly migrated database holds exactly the
same content (every table, history included), on SQLite and on PostgreSQL; a damaged archive
changes nothing.

"A new database" is a real second database: one is migrated per module by ``python -m akkopsi
migrate`` in a subprocess (a temporary SQLite file, or a PostgreSQL database beside the test
database), and each test restores into a copy of it (a file copy, or CREATE DATABASE ...
TEMPLATE) with ``python -m akkopsi restore`` in a subprocess, as an operator would; the
restored database's checksums come from ``python -m akkopsi checksums`` there. On PostgreSQL an
archive is also restored into a new SQLite database: equal content, equal checksums.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from akkopsi.coordination import services
from akkopsi.coordination.models import Meeting
from akkopsi.coordination.tests.factories import make_meeting
from akkopsi.core import backup
from akkopsi.demo import national
from akkopsi.members.models import Member
from akkopsi.regions.models import Province

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),  # the catalogue back after each flush (conftest)
]

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str, url: str, media: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(
        DATABASE_URL=url, MEDIA_ROOT=str(media), DJANGO_SETTINGS_MODULE="akkopsi.config.settings"
    )
    return subprocess.run(
        [sys.executable, "-m", "akkopsi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _pg(db: str = "postgres") -> Any:
    import psycopg

    s = django_settings.DATABASES["default"]
    return psycopg.connect(
        dbname=db,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        autocommit=True,
    )


def _pg_url(name: str) -> str:
    s = django_settings.DATABASES["default"]
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


@pytest.fixture(scope="module")
def new_database(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: Any
) -> Iterator[Callable[[], str]]:
    """A factory of new, freshly migrated databases (their DATABASE_URL)."""
    tmp = tmp_path_factory.mktemp("databases")
    media = tmp / "media"
    if connection.vendor == "postgresql":
        base = f"{connection.settings_dict['NAME']}_fresh"[:50]
        made: list[str] = []
        with _pg() as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{base}"')
            pg.execute(f'CREATE DATABASE "{base}"')
        done = _run("migrate", "-v0", url=_pg_url(base), media=media)
        assert done.returncode == 0, done.stderr

        def make() -> str:
            name = f"{base}_{uuid.uuid4().hex[:8]}"
            with _pg() as pg:
                pg.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
            made.append(name)
            return _pg_url(name)

        yield make
        with _pg() as pg:
            for name in [*made, base]:
                pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield _sqlite_databases(tmp)


def _sqlite_databases(tmp: Path) -> Callable[[], str]:
    template = tmp / "fresh.sqlite3"
    done = _run("migrate", "-v0", url=f"sqlite:///{template}", media=tmp / "media")
    assert done.returncode == 0, done.stderr

    def make() -> str:
        copy = tmp / f"{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(template, copy)
        return f"sqlite:///{copy}"

    return make


def _checksums(url: str, media: Path) -> dict[str, Any]:
    done = _run("checksums", url=url, media=media)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_a_national_slice_comes_back_identical_in_a_new_database(
    users: Any, tmp_path: Path, settings: Any, new_database: Callable[[], str]
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "imports").mkdir(parents=True)
    (tmp_path / "media" / "imports" / "berkas.xlsx").write_bytes(b"PK\x03\x04 isi berkas")
    Province.objects.create(code="31", name="DKI Jakarta")  # the demo juror's province
    national.load_national(provinces=["64", "51"], solve=1)
    members = list(Member.objects.order_by("regency_id"))
    meeting = make_meeting(day=date(2024, 5, 21), attending=members[:3])
    meeting.title = "Rakor Pokja AKKOPSI (diubah)"
    services.save_meeting(
        meeting=meeting, attending=members[1:4], invited=members, by=users["secretariat"]
    )
    make_meeting(day=date(2024, 8, 6), attending=members[2:])
    before = backup.table_checksums()
    history = {k: v["rows"] for k, v in before.items() if ".historical" in k and v["rows"]}
    assert history["coordination.historicalmeeting"] >= 3
    assert history["coordination.historicalmeeting_attending"] > 0
    # every indicator value of the national filling came with its history row
    values = before["data.indicatorvalue"]["rows"]
    assert values > 0 and history["data.historicalindicatorvalue"] >= values
    assert before["coordination.meeting_attending"]["rows"] == 3 + 3

    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))

    target, target_media = new_database(), tmp_path / "pulih"
    fresh = _checksums(target, target_media)
    assert fresh["data.indicator"]["rows"] > 0  # migrations seeded the catalogue
    done = _run("restore", str(archive), url=target, media=target_media)  # no --force
    assert done.returncode == 0, done.stderr
    after = _checksums(target, target_media)
    assert {k for k, v in after.items() if v != before[k]} == set()
    assert after == before
    assert (target_media / "imports" / "berkas.xlsx").read_bytes() == b"PK\x03\x04 isi berkas"
    assert Meeting.objects.count() == 2
    again = _run("restore", str(archive), url=target, media=target_media)
    assert again.returncode != 0 and "sudah berisi data" in again.stderr  # not over data

    # the restored database works on: new records get fresh ids (sequences were reset)
    done = _run(
        "shell",
        "-c",
        "from akkopsi.coordination.tests.factories import make_meeting;"
        "from akkopsi.members.models import Member;"
        "from datetime import date;"
        "make_meeting(day=date(2024, 9, 3), attending=Member.objects.all()[:2])",
        url=target,
        media=target_media,
    )
    assert done.returncode == 0, done.stderr


def test_force_replaces_everything_with_the_archive(users: Any, tmp_path: Path) -> None:
    archive = tmp_path / "cadangan.tar.gz"
    manifest = backup.create(archive)
    Member.objects.filter(regency_id="6474").update(phone="0548-21001")
    make_meeting(attending=list(Member.objects.all()))
    with pytest.raises(CommandError, match="sudah berisi data"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--force")
    assert backup.table_checksums() == {
        label: {"rows": t["rows"], "sha256": t["sha256"]} for label, t in manifest["tables"].items()
    }
    assert not Meeting.objects.exists()


def _damaged(archive: Path, how: str) -> Path:
    data = archive.read_bytes()
    bad = archive.with_name(f"{how}.tar.gz")
    if how == "truncated":
        bad.write_bytes(data[: len(data) * 2 // 3])
    elif how == "flipped":
        middle = len(data) // 2
        bad.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
    else:  # a wrong checksum for one table in an otherwise sound archive
        with tarfile.open(archive, "r:gz") as src, tarfile.open(bad, "w:gz") as dst:
            for member in src.getmembers():
                payload = src.extractfile(member).read()  # type: ignore[union-attr]
                if member.name == "manifest.json":
                    manifest = json.loads(payload)
                    manifest["tables"]["members.member"]["sha256"] = "0" * 64
                    payload = json.dumps(manifest).encode()
                    member.size = len(payload)
                dst.addfile(member, io.BytesIO(payload))
    return bad


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("truncated", "rusak atau terpotong"),
        ("flipped", "Tidak ada yang dipulihkan"),  # gzip's CRC, or else the manifest's checksums
        (
            "checksum",
            r"tidak cocok dengan manifesnya sendiri: members\.member \(checksum berbeda\)",
        ),
    ],
)
def test_a_damaged_archive_fails_cleanly_and_changes_nothing(
    users: Any, tmp_path: Path, settings: Any, how: str, message: str
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_meeting(attending=list(Member.objects.all()))
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))
    Member.objects.filter(regency_id="6474").update(phone="0548-21001")  # differs from archive
    before = backup.table_checksums()
    with pytest.raises(CommandError, match=message):  # even with --force: checked first
        call_command("restore", str(_damaged(archive, how)), "--force")
    assert backup.table_checksums() == before
    assert not (tmp_path / "media").exists()


def test_a_mismatch_after_restoring_rolls_everything_back(
    users: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))
    Member.objects.filter(regency_id="6474").update(phone="0548-21001")
    before = backup.table_checksums()
    real = backup.table_checksums

    def off_by_one(using: str = "default") -> dict[str, Any]:
        got = real(using)
        got["members.member"] = {**got["members.member"], "rows": -1}
        return got

    monkeypatch.setattr(backup, "table_checksums", off_by_one)
    with pytest.raises(backup.BackupError, match="berbeda dari arsip"):
        backup.restore(archive, force=True)
    monkeypatch.undo()
    assert backup.table_checksums() == before


def test_checksums_are_canonical() -> None:
    from datetime import datetime, timedelta, timezone
    from decimal import Decimal

    from akkopsi.core.checksums import canonical

    assert canonical(Decimal("1500.50")) == canonical(Decimal("1500.5")) == "1500.5"
    assert canonical(Decimal("1E+3")) == "1000" and canonical(Decimal("-0.00")) == "0"
    wita = timezone(timedelta(hours=8))
    assert canonical(datetime(2015, 5, 19, 9, tzinfo=wita)) == "2015-05-19T01:00:00+00:00"
    assert canonical({"b": 1, "a": [Decimal("2.0")]}) == {"b": 1, "a": ["2"]}


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL; set DATABASE_URL=postgres://..."
)
def test_an_archive_made_on_postgresql_restores_identically_on_sqlite(
    users: Any, tmp_path: Path
) -> None:
    Province.objects.create(code="31", name="DKI Jakarta")
    national.load_national(provinces=["51"], solve=1)  # decimals, dates, JSON with floats
    make_meeting(day=date(2024, 5, 21), attending=list(Member.objects.all()))
    before = backup.table_checksums()
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))
    target, media = _sqlite_databases(tmp_path)(), tmp_path / "media"
    done = _run("restore", str(archive), url=target, media=media)
    assert done.returncode == 0, done.stderr
    assert _checksums(target, media) == before
