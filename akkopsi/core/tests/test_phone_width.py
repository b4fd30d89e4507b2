"""Issue 19.1: every page each demo role can reach fits a 390 px phone (no page wider than the
screen), answers without a server error, asks nothing of another machine, and has a language
and a title. The crawl (core/tests/crawling.py) follows the site's own links from each role's
home over the demo; a few pages per URL pattern (ADR 53)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.core.tests.browsing import login
from akkopsi.core.tests.crawling import PHONE_WIDTH, Crawl
from akkopsi.demo.members import DEMO_PASSWORD

pytestmark = BROWSER_TESTS

#: Each role and how many pages of one URL pattern it visits: two members' pages for the
#: public (one member's page is much like another's), one page of each pattern for the roles.
ROLES = {"": 2, "staf-6474": 1, "sekretariat": 1, "bendahara": 1, "juri": 1, "admin": 1}


def test_every_page_of_every_role_fits_a_phone(live_server: Any, browser: Any) -> None:
    call_command("demo", "--quiet-logins", stdout=StringIO())
    base = live_server.url
    problems: list[str] = []
    for username, per_pattern in ROLES.items():
        crawl = Crawl(base, per_pattern=per_pattern)
        with open_page(browser, width=PHONE_WIDTH) as page:
            if username:
                login(page, base, username, password=DEMO_PASSWORD)
            crawl.run(page, "/beranda/" if username else "/")
        assert len(crawl.visited) > 20, (username, crawl.visited)
        problems += [f"{username or 'anonymous'} {p}" for p in crawl.problems]
    assert not problems, "\n".join(problems)


WIDE = """<!doctype html><html><head></head><body>
<div style="width:900px">wide</div><img src="https://cdn.example.org/x.png" alt="">
<a href="/anggota/">members</a><a href="/anggota/laporan.pdf">pdf</a>
<a href="/akun/keluar/">out</a><a href="https://example.org/">away</a></body></html>"""


def test_the_crawl_reports_what_it_promises(browser: Any) -> None:
    """The crawl can fail: a wide page without lang and title that fetches from elsewhere is
    reported on each count, and only same-site pages are followed (no download, no sign-out)."""
    base = "http://crawl.test"
    with open_page(browser, width=PHONE_WIDTH) as page:
        page.route(
            "**/*",
            lambda route: (
                route.fulfill(body=WIDE, content_type="text/html")
                if route.request.url.startswith(base)
                else route.abort()
            ),
        )
        crawl = Crawl(base, per_pattern=1)
        crawl.run(page, "/")
    assert crawl.visited == [f"{base}/", f"{base}/anggota/"]
    for expected in (
        "px wide at 390 px",
        "<html lang>",
        "<title>",
        "https://cdn.example.org/x.png",
    ):
        assert any(expected in p for p in crawl.problems), (expected, crawl.problems)


@pytest.mark.parametrize(
    ("url", "followed"),
    [
        ("/rapor/6474/", True),
        ("/rapor/6474/pdf/", False),
        ("/organisasi/rapat/kalender.ics", False),
        ("/anggota/?export=csv", False),
        ("/admin/", True),
        ("/admin/members/member/", False),
        ("/api/docs/", True),
        ("/api/anggota/", False),
        ("/akun/keluar/", False),
        ("https://example.org/rapor/6474/", False),
    ],
)
def test_which_links_the_crawl_follows(url: str, followed: bool) -> None:
    crawl = Crawl("http://crawl.test")
    link = url if url.startswith("https:") else crawl.base + url
    assert (crawl.pattern(link) is not None) is followed
