"""Issue 16, uploaded files: none left behind by a rollback, unconfirmed and unreferenced ones
expired daily, and every file served only after a permission check, in DEBUG too."""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Iterator
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import clear_url_caches, reverse

from akkopsi.bulletin.models import Edition, Image
from akkopsi.bulletin.tests.conftest import PNG, make_edition
from akkopsi.data import pending
from akkopsi.data.importing import service
from akkopsi.data.models import ImportBatch, ReportingYear

pytestmark = pytest.mark.django_db

WORKBOOK = b"kode,tahun,akses_layak\n6474,2024,80\n"
DAY = 24 * 3600


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def open_year(db: Any) -> ReportingYear:
    return ReportingYear.objects.create(
        year=2024, opens_on=date(2025, 1, 1), deadline=date(2025, 3, 31)
    )


def _stored(media: Path) -> list[str]:
    """Every file under MEDIA_ROOT but the pending uploads."""
    if not media.exists():
        return []
    return sorted(
        p.relative_to(media).as_posix()
        for p in media.rglob("*")
        if p.is_file() and "pending" not in p.parts
    )


def _import(user: Any, member: Any = None) -> ImportBatch:
    preview = service.dry_run_file(WORKBOOK, "data bontang.csv", user, current_year=2025)
    assert preview.ok, [str(e) for e in preview.errors]
    return service.commit(
        preview, by=user, data=WORKBOOK, filename="data bontang.csv", member=member
    )


# -- a rollback leaves no file ----------------------------------------------------------------


def test_an_import_that_fails_after_saving_its_file_leaves_no_file(
    users: dict[str, Any], members: dict[str, Any], open_year: Any, media: Path, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database refused the values")

    monkeypatch.setattr(service, "insert_with_history", broken)
    with pytest.raises(RuntimeError):
        _import(users["bontang"], members["6474"])
    assert not ImportBatch.objects.exists()
    assert _stored(media) == []


def test_a_file_whose_outer_transaction_rolls_back_is_deleted_too(
    users: dict[str, Any], members: dict[str, Any], open_year: Any, media: Path
) -> None:
    """The importer's own block committed (a savepoint), the request's did not."""
    with pytest.raises(RuntimeError), transaction.atomic():
        _import(users["bontang"], members["6474"])
        with transaction.atomic():
            edition = make_edition(5, title="Draf")
            Image.objects.create(
                edition=edition, file=ContentFile(PNG, "a.png"), content_type="image/png"
            )
        assert len(_stored(media)) == 2  # written at once, not after the commit
        raise RuntimeError("something later in the request failed")
    assert _stored(media) == []


def test_a_committed_upload_keeps_its_file(
    users: dict[str, Any],
    members: dict[str, Any],
    open_year: Any,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The rollback hook cannot take a committed file: the check above can fail."""
    with django_capture_on_commit_callbacks(execute=True):
        batch = _import(users["bontang"], members["6474"])
    with pytest.raises(RuntimeError), transaction.atomic():
        raise RuntimeError("a later, unrelated transaction rolls back")
    assert _stored(media) == [batch.file.name]
    assert (media / batch.file.name).read_bytes() == WORKBOOK


@pytest.mark.django_db(transaction=True)
def test_real_commits_and_rollbacks(
    transactional_db: Any, users: dict[str, Any], members: dict[str, Any], media: Path
) -> None:
    """Outside the test's own transaction: what a request does on PostgreSQL or SQLite."""
    ReportingYear.objects.create(year=2024, opens_on=date(2025, 1, 1), deadline=date(2025, 3, 31))
    batch = _import(users["bontang"], members["6474"])
    with pytest.raises(RuntimeError), transaction.atomic():
        _import(users["secretariat"])
        raise RuntimeError("rolled back")
    assert _stored(media) == [batch.file.name]
    assert ImportBatch.objects.count() == 1


# -- expiry ---------------------------------------------------------------------------------


def _age(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def _write(path: Path, days: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    _age(path, days)
    return path


def test_expire_uploads_removes_old_pending_and_orphan_files_only(
    users: dict[str, Any],
    members: dict[str, Any],
    open_year: Any,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = media / _import(users["bontang"], members["6474"]).file.name
    _age(confirmed, 30)
    session: dict[str, Any] = {}
    old_token = pending.store(session, WORKBOOK, "lama.xlsx")
    fresh_token = pending.store(session, WORKBOOK, "baru.xlsx")
    old_pending = media / pending.name(old_token)
    _age(old_pending, 3)
    old_orphan = _write(media / "imports/2025/01/sisa.xlsx", 3)
    fresh_orphan = _write(media / "bulletin/9/baru.png", 0.5)
    (empty := media / "imports/2020/01").mkdir(parents=True)
    _age(empty, 30)

    call_command("expire_uploads", "--older-than", "2d", stdout=(out := StringIO()))

    assert not old_pending.exists() and not old_orphan.exists()
    assert confirmed.exists() and fresh_orphan.exists()
    assert pending.load(session, fresh_token) == (WORKBOOK, "baru.xlsx")
    assert pending.load(session, old_token) is None  # the page says: upload it again
    assert not empty.exists()  # an old empty folder goes; one just emptied, the next day
    assert "Deleted 1 pending uploads and 1 orphan files" in out.getvalue()
    assert "imports/2025/01/sisa.xlsx" in out.getvalue()


def test_files_referred_to_only_by_history_are_kept(
    users: dict[str, Any], media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """A replaced file stays reachable from the row's history: it is not an orphan."""
    edition = make_edition(5, title="Draf")
    with django_capture_on_commit_callbacks(execute=True):
        image = Image.objects.create(
            edition=edition, file=ContentFile(PNG, "lama.png"), content_type="image/png"
        )
        first = media / image.file.name
        image.file = ContentFile(PNG, "baru.png")
        image.save()
    _age(first, 30)
    call_command("expire_uploads", stdout=StringIO())
    assert first.exists()


def test_expire_uploads_follows_no_link_out_of_the_storage(media: Path, tmp_path: Path) -> None:
    """Links under MEDIA_ROOT (put there by hand) are neither followed nor deleted."""
    outside = _write(tmp_path / "luar" / "data.xlsx", 30)
    _write(media / "imports/2025/01/sisa.xlsx", 30)
    (media / "imports/tautan.xlsx").symlink_to(outside)
    (media / "bulletin").mkdir()
    (media / "bulletin/luar").symlink_to(outside.parent, target_is_directory=True)
    call_command("expire_uploads", stdout=(out := StringIO()))
    assert "Deleted 0 pending uploads and 1 orphan files" in out.getvalue()
    assert outside.exists() and (media / "imports/tautan.xlsx").is_symlink()
    assert (media / "bulletin/luar").is_symlink()


def test_expire_uploads_refuses_a_media_root_holding_the_installation(settings: Any) -> None:
    settings.MEDIA_ROOT = settings.VAR_DIR
    with pytest.raises(CommandError, match="contains"):
        call_command("expire_uploads", stdout=StringIO())
    with pytest.raises(CommandError, match="days or hours"):
        call_command("expire_uploads", "--older-than", "dua hari", stdout=StringIO())


# -- serving --------------------------------------------------------------------------------


@pytest.fixture(params=[True, False], ids=["DEBUG", "production"])
def mode(request: Any, settings: Any) -> Iterator[bool]:
    """The URL configuration as `make run` (DEBUG) and production build it."""
    import akkopsi.config.urls

    settings.DEBUG = request.param
    importlib.reload(akkopsi.config.urls)
    clear_url_caches()
    yield request.param
    settings.DEBUG = False
    importlib.reload(akkopsi.config.urls)
    clear_url_caches()


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_uploaded_workbook_is_served_only_to_its_member_and_the_secretariat(
    client: Any,
    users: dict[str, Any],
    members: dict[str, Any],
    open_year: Any,
    mode: bool,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        batch = _import(users["bontang"], members["6474"])
    url = batch.file.url
    assert url.startswith("/media/imports/")
    refused = [None, "balikpapan", "treasurer", "jury"]
    for who in refused:
        client.logout()
        if who:
            client.force_login(users[who])
        response = client.get(url)
        assert response.status_code == 404, who
        assert WORKBOOK not in _body(response), who
    for who in ["bontang", "secretariat", "admin"]:  # the uploader, the secretariat
        client.force_login(users[who])
        response = client.get(url)
        assert response.status_code == 200, who
        assert _body(response) == WORKBOOK
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    page = client.get(reverse("data:batch_detail", args=[batch.pk]))
    assert url in page.content.decode()  # the import's page links its file


def test_an_upload_for_no_member_is_the_secretariats_alone(
    client: Any,
    users: dict[str, Any],
    open_year: Any,
    mode: bool,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        batch = _import(users["secretariat"])
    client.force_login(users["bontang"])
    assert client.get(batch.file.url).status_code == 404
    client.force_login(users["secretariat"])
    assert client.get(batch.file.url).status_code == 200


def test_pending_and_unknown_files_are_never_served(
    client: Any, users: dict[str, Any], media: Path, mode: bool
) -> None:
    session: dict[str, Any] = {}
    token = pending.store(session, WORKBOOK, "data.csv")
    _write(media / "imports/2025/01/lepas.csv", 0)
    client.force_login(users["admin"])
    for path in [f"pending/{token}.bin", "imports/2025/01/lepas.csv", "../akkopsi.sqlite3"]:
        assert client.get(f"/media/{path}").status_code == 404, path


def test_a_bulletin_image_is_public_once_its_edition_is_published(
    client: Any,
    users: dict[str, Any],
    mode: bool,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from akkopsi.bulletin import services

    published: Edition = make_edition(2, title="Terbit")
    draft: Edition = make_edition(3, title="Belum terbit")
    with django_capture_on_commit_callbacks(execute=True):
        shown, hidden = (
            Image.objects.create(
                edition=e, file=ContentFile(PNG, "foto.png"), content_type="image/png"
            )
            for e in (published, draft)
        )
    services.submit_for_review(published, by=users["secretariat"])
    services.publish(published, by=users["secretariat"])

    response = client.get(shown.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and _body(response) == PNG
    assert response["Content-Disposition"] == "inline"
    for who in [None, "bontang"]:
        if who:
            client.force_login(users[who])
        assert client.get(hidden.file.url).status_code == 404, who
    client.force_login(users["secretariat"])  # the editors see their draft's images
    assert _body(client.get(hidden.file.url)) == PNG
