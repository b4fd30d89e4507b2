"""Browser test: at phone width the job page's progress bar follows the job (htmx) and shows
the result's link when it ends, without a CSP or console error; the cancel button works."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS
from akkopsi.core.tests.browsing import login

pytestmark = BROWSER_TESTS


def test_the_progress_bar_follows_the_job_and_links_to_the_result(
    live_server: Any, users: Any, browser: Any
) -> None:
    from akkopsi.conftest import open_page
    from akkopsi.jobs.models import Job, State

    job = Job.objects.create(
        kind="planning.solve", started_by=users["bontang"], state=State.RUNNING, total=10, done=3
    )
    other = Job.objects.create(kind="planning.solve", started_by=users["bontang"])
    base = live_server.url
    with open_page(browser, width=390, no_console_errors=True) as page:
        login(page, base, "staf-6474")
        page.goto(f"{base}/tugas/{job.pk}/")
        bar = page.locator("#job-progress progress")
        expect(bar).to_have_attribute("value", "3")
        expect(page.locator("#job-progress")).to_contain_text("3 dari 10 selesai")
        Job.objects.filter(pk=job.pk).update(done=7)
        expect(bar).to_have_attribute("value", "7", timeout=10_000)  # polled by htmx
        Job.objects.filter(pk=job.pk).update(done=10, state=State.SUCCEEDED, result_url="/r/")
        link = page.get_by_role("link", name="Lihat hasilnya")
        expect(link).to_have_attribute("href", "/r/", timeout=10_000)
        expect(page.locator("#job-progress .job-state")).to_contain_text("Selesai")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        page.goto(f"{base}/tugas/{other.pk}/")
        page.get_by_role("button", name="Batalkan tugas ini").click()
        expect(page.locator("#job-progress .job-state")).to_contain_text("Dibatalkan")
    other.refresh_from_db()
    assert other.state == State.CANCELLED and other.cancel_requested
