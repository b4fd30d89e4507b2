"""Acceptance over the demo, on a phone-sized screen: the staff of Kota Bontang, the
secretariat, the treasurer and a juror each sign in at /akun/masuk/, land on their own home
and find their work queue there, each item leading to where the work is done."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

from django.core.management import call_command
from playwright.sync_api import expect

from akkopsi.awards.models import Edition, JuryScore
from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.core.tests.browsing import login
from akkopsi.demo.members import DEMO_PASSWORD

pytestmark = BROWSER_TESTS


@contextmanager
def _home(browser: Any, base: str, username: str) -> Iterator[Any]:
    """A phone-sized page signed in as ``username``, on its own home."""
    with open_page(browser, width=390, no_console_errors=True) as page:
        login(page, base, username, password=DEMO_PASSWORD, lands_on="/beranda/")
        expect(page.locator("h1")).to_have_text("Beranda saya")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        yield page


def _follow(link: Any, url: str) -> None:
    """Click a queue's item: it leads to the page where the work is done."""
    link.click()
    link.page.wait_for_url(re.compile(url))


def test_each_role_signs_in_and_lands_on_its_queue(live_server: Any, browser: Any) -> None:
    call_command("demo", "--quiet-logins", stdout=StringIO())
    edition = Edition.objects.get(year=2025)
    Edition.objects.filter(pk=edition.pk).update(jury_closed=False)  # the jury at work
    mine = JuryScore.objects.filter(nomination__edition=edition, juror__username="juri")
    JuryScore.objects.filter(pk__in=list(mine.values_list("pk", flat=True)[:2])).delete()
    base = live_server.url

    # Kota Bontang's staff: its year's data, then on to the form
    with _home(browser, base, "staf-6474") as page:
        expect(page.locator("#data-progress")).to_have_text(
            re.compile(r"Data 2025: \d+ dari 12 indikator terisi, batas \d+ \w+ 20\d\d")
        )
        expect(page.locator("#queue-actions")).to_contain_text("Usulan lokasi sidang komisi Munas")
        expect(page.locator("#queue-invoices")).to_contain_text("belum dibayar")
        page.locator("#queue-data a.button").first.click()
        page.wait_for_url(f"{base}/data/anggota/6474/2025/isi/")
        page.goto(f"{base}/anggota/6474/")
        expect(page.locator("#data-entry-link")).to_have_text("Isi data 2025")

    # the secretariat: the oldest submission first, with its flags, to verify
    with _home(browser, base, "sekretariat") as page:
        queue = page.locator("#queue-verify")
        expect(queue).to_contain_text("Kabupaten Lahat · 2010")
        expect(page.locator("#queue-not-reporting")).to_contain_text("Data 2025, batas")
        _follow(queue.locator("li a").first, r".*/data/anggota/\d+/2010/verify/$")

    # the treasurer: overdue invoices, each with the way to record its payment
    with _home(browser, base, "bendahara") as page:
        overdue = page.locator("#queue-overdue")
        expect(overdue).to_contain_text("Tagihan lewat jatuh tempo")
        _follow(overdue.get_by_text("Catat pembayaran").first, r".*/iuran/tagihan/\d+/bayar/$")

    # a juror: two nominees left to score, pending first, then the score form
    with _home(browser, base, "juri") as page:
        jury = page.locator("#queue-jury-2025")
        expect(jury).to_contain_text("2 belum dinilai")
        expect(jury.locator("li").first).to_contain_text("belum dinilai")
        _follow(jury.locator("li a").first, r".*/penghargaan/2025/juri/\d+/$")
        expect(page.locator("h1")).to_be_visible()
