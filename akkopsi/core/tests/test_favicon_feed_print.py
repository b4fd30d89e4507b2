"""Issue 19.4, the small things people notice: a favicon (also at /favicon.ico), the Atom feed
advertised on the home page and the bulletin pages, and print styles for the Rapor and the
dashboards (the content only: no navigation, forms or buttons)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from akkopsi.conftest import CHROMIUM, open_page

FEED = '<link rel="alternate" type="application/atom+xml"'


def test_favicon_is_answered_at_the_root(client: Any, db: Any) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO
    assert "max-age=86400" in response["Cache-Control"]
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.parametrize(
    ("url", "advertised"),
    [
        (reverse("portal:home"), True),
        (reverse("bulletin:edition_list"), True),
        (reverse("bulletin:subscribe"), True),
        (reverse("members:member_list"), False),
    ],
)
def test_the_feed_is_advertised_on_the_home_and_bulletin_pages(
    client: Any, db: Any, url: str, advertised: bool
) -> None:
    html = client.get(url).content.decode()
    assert (FEED in html) is advertised
    if advertised:
        assert f'href="{reverse("bulletin:feed")}"' in html.split(FEED)[1].split(">")[0]
    assert 'rel="icon" href="/static/akkopsi/favicon.ico"' in html
    assert 'rel="icon" href="/static/akkopsi/logo.svg" type="image/svg+xml"' in html


HIDDEN_IN_PRINT = ["header.top", "footer.foot", "main form", ".button"]


@pytest.mark.parametrize("path", ["/rapor/6474/", "/data/", "/rapor/liga/"])
@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
def test_printing_a_page_keeps_the_content_only(
    live_server: Any, browser: Any, members: Any, path: str
) -> None:
    with open_page(browser, width=1366) as page:
        page.goto(live_server.url + path)
        shown = [s for s in HIDDEN_IN_PRINT if page.locator(s).first.is_visible()]
        assert shown, "nothing to hide on screen: the test would prove nothing"
        page.emulate_media(media="print")
        for selector in HIDDEN_IN_PRINT:
            assert not page.locator(selector).first.is_visible(), selector
        assert page.locator("main h1").is_visible()
        padding = page.evaluate("getComputedStyle(document.querySelector('main')).paddingLeft")
        assert padding == "0px"  # the full width of the paper
