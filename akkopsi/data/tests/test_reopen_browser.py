"""The journey of a request to open verified data again, on a phone (390 px), over the demo:
Kota Bontang's staff ask for their verified year back; the secretariat finds the request on
its home, walks its daily pages (verification queue, the year, the reminder confirmation)
and grants it; the staff find their form editable again and the news in their inbox."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.core.tests.browsing import login
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ReportingYear, Submission
from akkopsi.demo.members import DEMO_PASSWORD

pytestmark = BROWSER_TESTS

#: Elements sticking out of the screen, outside a scrolling box (for the failure message).
WIDER_THAN_THE_SCREEN = """Array.from(document.querySelectorAll("body *"))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
               && !e.closest(".table-wrap"))
  .map(e => e.tagName + "#" + e.id + "." + e.className).slice(0, 10)"""


@pytest.fixture
def signed_in(browser: Any, live_server: Any) -> Iterator[Any]:
    """Sign a demo user in on a phone-sized screen (``open_page``, CSP checked on leaving):
    ``signed_in(username)`` returns the page, closing the previous user's."""
    with ExitStack() as stack:
        current: list[ExitStack] = []

        def sign_in(username: str) -> Any:
            if current:
                current.pop().close()
            inner = stack.enter_context(ExitStack())
            current.append(inner)
            page = inner.enter_context(open_page(browser, width=390))
            login(page, live_server.url, username, password=DEMO_PASSWORD)
            return page

        yield sign_in


def _fits(page: Any) -> None:
    """Nothing on the page is wider than the phone's screen."""
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == [], page.url


def test_staff_ask_the_secretariat_grants_the_staff_edit(live_server: Any, signed_in: Any) -> None:
    call_command("demo", "--quiet-logins", stdout=StringIO())
    mine = Submission.objects.filter(member__regency__code="6474", status=SubmissionStatus.VERIFIED)
    year = mine.order_by("-year").values_list("year", flat=True).first()
    entry = f"{live_server.url}/data/anggota/6474/{year}/isi/"

    # Kota Bontang's staff: the verified year is read-only; they ask for it back
    page = signed_in("staf-6474")
    page.goto(entry)
    expect(page.locator("#entry-form input[name=ind_akses_layak]")).to_be_disabled()
    page.get_by_role("link", name="Minta dibuka kembali").click()
    page.fill("textarea[name=reason]", "Angka akses layak salah ketik")
    page.click("form.form button[type=submit]")
    page.wait_for_url(entry)
    expect(page.locator("#reopen-pending")).to_contain_text("menunggu keputusan sekretariat")
    _fits(page)

    _secretariat_grants(signed_in("sekretariat"), live_server.url, year)

    # the staff: the form takes changes again, and the inbox says so
    page = signed_in("staf-6474")
    page.goto(entry)
    expect(page.locator("#entry-form input[name=ind_akses_layak]")).to_be_enabled()
    page.locator("a.inbox-link").click()
    page.wait_for_url(f"{live_server.url}/akun/kotak-masuk/")
    expect(page.locator(".inbox li.unread").first).to_contain_text(
        f"Data {year} Kota Bontang dibuka kembali"
    )


def _secretariat_grants(page: Any, base: str, year: int) -> None:
    """The request on the secretariat's home; its daily pages fit the phone; it grants."""
    queue = page.locator("#queue-reopen")
    expect(queue).to_contain_text(f"Kota Bontang · {year}")
    expect(queue).to_contain_text("Angka akses layak salah ketik")
    _fits(page)
    open_year = ReportingYear.objects.filter(is_open=True).order_by("-year").first()
    assert open_year is not None
    for path in ("/data/verifikasi/", f"/data/siklus/{open_year.year}/"):
        page.goto(f"{base}{path}")
        _fits(page)
    page.get_by_role("link", name="Kirim e-mail pengingat ke anggota yang belum mengirim").click()
    page.wait_for_url(f"{base}/data/siklus/{open_year.year}/ingatkan/")
    expect(page.locator("#plan")).to_contain_text(f"Pengingat tentang data {open_year.year}")
    _fits(page)
    page.goto(f"{base}/beranda/")
    page.locator("#queue-reopen li a").first.click()
    page.wait_for_url(re.compile(r".*/data/siklus/permintaan/\d+/buka/$"))
    expect(page.locator("main")).to_contain_text("Angka akses layak salah ketik")
    _fits(page)
    page.get_by_role("button", name="Buka kembali data").click()
    page.wait_for_url(f"{base}/data/siklus/{year}/")
    expect(page.locator("body")).to_contain_text("dapat diubah lagi")
    page.goto(f"{base}/beranda/")
    expect(page.locator("#queue-reopen")).not_to_contain_text("Kota Bontang")
