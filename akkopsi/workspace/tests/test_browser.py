"""Acceptance over the demo, on a phone-sized screen: the staff of Kota Bontang, the
secretariat, the treasurer and a juror each sign in at /akun/masuk/, land on their own home
and find their work queue there, each item leading to where the work is done."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

from django.core.management import call_command
from playwright.sync_api import expect

from akkopsi.awards.models import Edition, JuryScore
from akkopsi.conftest import BROWSER_TESTS
from akkopsi.demo.members import DEMO_PASSWORD

pytestmark = BROWSER_TESTS


def _sign_in(browser: Any, base: str, username: str, problems: list[str]) -> Any:
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/beranda/")
    expect(page.locator("h1")).to_have_text("Beranda saya")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return page


def _follow(link: Any, url: str) -> None:
    """Click a queue's item: it leads to the page where the work is done."""
    link.click()
    link.page.wait_for_url(re.compile(url))
    link.page.context.close()


def test_each_role_signs_in_and_lands_on_its_queue(live_server: Any, browser: Any) -> None:
    call_command("demo", "--quiet-logins", stdout=StringIO())
    edition = Edition.objects.get(year=2025)
    Edition.objects.filter(pk=edition.pk).update(jury_closed=False)  # the jury at work
    mine = JuryScore.objects.filter(nomination__edition=edition, juror__username="juri")
    JuryScore.objects.filter(pk__in=list(mine.values_list("pk", flat=True)[:2])).delete()
    base = live_server.url
    problems: list[str] = []

    # Kota Bontang's staff: its year's data, then on to the form
    page = _sign_in(browser, base, "staf-6474", problems)
    expect(page.locator("#data-progress")).to_have_text(
        re.compile(r"Data 2025: \d+ dari 12 indikator terisi, batas \d+ \w+ 20\d\d")
    )
    expect(page.locator("#queue-actions")).to_contain_text("Usulan lokasi sidang komisi Munas")
    expect(page.locator("#queue-invoices")).to_contain_text("belum dibayar")
    page.locator("#queue-data a.button").first.click()
    page.wait_for_url(f"{base}/data/anggota/6474/2025/isi/")
    page.goto(f"{base}/anggota/6474/")
    expect(page.locator("#data-entry-link")).to_have_text("Isi data 2025")
    page.context.close()

    # the secretariat: the oldest submission first, with its flags, to verify
    page = _sign_in(browser, base, "sekretariat", problems)
    queue = page.locator("#queue-verify")
    expect(queue).to_contain_text("Kabupaten Lahat · 2010")
    expect(page.locator("#queue-not-reporting")).to_contain_text("Data 2025, batas")
    _follow(queue.locator("li a").first, r".*/data/anggota/\d+/2010/verify/$")

    # the treasurer: overdue invoices, each with the way to record its payment
    page = _sign_in(browser, base, "bendahara", problems)
    overdue = page.locator("#queue-overdue")
    expect(overdue).to_contain_text("Tagihan lewat jatuh tempo")
    _follow(overdue.get_by_text("Catat pembayaran").first, r".*/iuran/tagihan/\d+/bayar/$")

    # a juror: two nominees left to score, pending first, then the score form
    page = _sign_in(browser, base, "juri", problems)
    jury = page.locator("#queue-jury-2025")
    expect(jury).to_contain_text("2 belum dinilai")
    expect(jury.locator("li").first).to_contain_text("belum dinilai")
    jury.locator("li a").first.click()
    page.wait_for_url(re.compile(r".*/penghargaan/2025/juri/\d+/$"))
    expect(page.locator("h1")).to_be_visible()
    page.context.close()
    assert not problems, problems
