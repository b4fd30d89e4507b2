"""The secretariat's national import as a job, in a real (headless) Chromium (ADR 0061):
upload the national file, see the preview, confirm, watch the job page (queued, then its
progress bar refreshed by htmx while a worker runs it) and open the import it made."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS
from akkopsi.core.tests.browsing import login
from akkopsi.data.models import ImportBatch, IndicatorValue
from akkopsi.data.tests.conftest import xlsx
from akkopsi.jobs.models import Job, State

pytestmark = BROWSER_TESTS

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _national() -> bytes:
    rows = [["kode", "tahun", "akses_layak", "babs"]]
    rows += [[code, 2024, 70 + k, 4] for k, code in enumerate(["6471", "6474", "5108"])]
    return xlsx({"Data": rows})


def test_the_secretariat_confirms_a_national_file_and_follows_its_job(
    live_server: Any,
    users: Any,
    members: Any,
    open_year: Any,
    page: Any,
    tmp_path: Any,
    settings: Any,
) -> None:
    settings.TASKS = {**DB_TASKS, "immediate": settings.TASKS["immediate"]}  # a worker runs it
    base = live_server.url
    login(page, base, "sekretariat")
    page.goto(f"{base}/data/unggah/")
    workbook = tmp_path / "nasional-2024.xlsx"
    workbook.write_bytes(_national())
    page.set_input_files("#upload-form input[type=file]", str(workbook))
    page.click("text=Periksa berkas")
    expect(page.locator("#preview-result")).to_be_visible()
    assert page.locator("#count-new").inner_text() == "6"
    page.click("text=Konfirmasi dan simpan")
    page.wait_for_url(f"{base}/tugas/*/")
    state = page.locator(".job-state")
    expect(state).to_have_attribute("data-state", "queued")
    assert not IndicatorValue.objects.exists()  # nothing written before the worker runs it
    job = Job.objects.get()
    assert job.started_by == users["secretariat"] and job.kind == "data.import"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(state).to_have_attribute("data-state", "succeeded", timeout=15_000)  # htmx, 2 s
    expect(page.locator("#job-progress progress")).to_have_attribute("value", "1")
    page.click("text=Lihat hasilnya")
    batch = ImportBatch.objects.get()
    page.wait_for_url(f"{base}/data/unggahan/{batch.pk}/")
    assert "nasional-2024.xlsx" in page.locator("h1").inner_text()
    assert IndicatorValue.objects.count() == 6
    assert {h.history_user_id for h in IndicatorValue.history.all()} == {users["secretariat"].pk}
    assert Job.objects.get().state == State.SUCCEEDED
