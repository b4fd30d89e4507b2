"""Issue 19.5: the key pages at a phone's width (390 px) and a laptop's (1366 px) look like their
stored references (core/tests/visual.py; ``make screenshots`` updates them, ADR 53)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from io import BytesIO, StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from PIL import Image

from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.core.tests import visual
from akkopsi.core.tests.browsing import login
from akkopsi.demo.members import DEMO_PASSWORD

pytestmark = BROWSER_TESTS

#: The screenshots' clock: the demo and every page read "today" as this morning.
FROZEN = datetime(2026, 6, 15, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
WIDTHS = {"phone": 390, "laptop": 1366}
#: A long page is compared down to this depth: its layout, not all its rows.
DEPTH = 2400
#: (name, who, path): the portal, a member, the national dashboard, a Rapor, an award
#: edition, the treasurer's dues dashboard, the league, a member staff's own home.
PAGES = [
    ("portal", "", "/"),
    ("member", "", "/anggota/6474/"),
    ("national", "", "/data/"),
    ("rapor", "", "/rapor/6474/"),
    ("award", "", "/penghargaan/2025/"),
    ("league", "", "/rapor/liga/"),
    ("dues", "bendahara", "/iuran/"),
    ("workspace", "staf-6474", "/beranda/"),
]


def shoot(page: Any) -> bytes:
    """The page from its top down to ``DEPTH``, without animations or a blinking caret."""
    height = min(DEPTH, page.evaluate("document.documentElement.scrollHeight"))
    width = page.viewport_size["width"]
    clip = {"x": 0, "y": 0, "width": width, "height": height}
    return bytes(page.screenshot(full_page=True, clip=clip, animations="disabled", caret="hide"))


@pytest.fixture
def frozen(settings: Any) -> Iterator[None]:
    # The browser's clock is not frozen: cookies must not expire on the server's date.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(FROZEN, tick=True):
        yield


def test_key_pages_look_like_their_references(live_server: Any, browser: Any, frozen: None) -> None:
    call_command("demo", "--quiet-logins", stdout=StringIO())
    failures = []
    for device, width in WIDTHS.items():
        for who in dict.fromkeys(w for _n, w, _p in PAGES):
            with open_page(browser, width=width, height=900) as page:
                if who:
                    login(page, live_server.url, who, password=DEMO_PASSWORD)
                for name, _who, path in (p for p in PAGES if p[1] == who):
                    page.goto(live_server.url + path)
                    try:
                        visual.check(f"{name}-{device}", shoot(page))
                    except AssertionError as failure:
                        failures.append(str(failure))
    assert not failures, "\n".join(failures)


BREAKS = {
    "the header's links stacked": ".top { flex-direction: column; }",
    "the content squeezed": "main { padding: 0 4rem; }",
    "a larger text": "body { font-size: 19px; }",
}


@pytest.mark.parametrize("css", BREAKS.values(), ids=BREAKS.keys())
def test_a_broken_layout_is_told_from_a_second_look(
    live_server: Any, browser: Any, css: str
) -> None:
    """The tolerance means something: the same page shot twice passes, the page with a CSS
    change that breaks its layout fails."""
    with open_page(browser, width=390) as page:
        page.goto(f"{live_server.url}/akun/masuk/")
        first, again = Image.open(BytesIO(shoot(page))), Image.open(BytesIO(shoot(page)))
        # CSSOM, which the Content Security Policy allows (an inline <style> it refuses)
        page.evaluate(
            "r => { const s = document.styleSheets[0]; s.insertRule(r, s.cssRules.length); }", css
        )
        broken = Image.open(BytesIO(shoot(page)))
    assert visual.difference(again, first) <= visual.TOLERANCE
    assert visual.difference(broken, first) > visual.TOLERANCE


def test_a_failure_leaves_the_pictures_and_says_how_to_update(
    tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(visual, "REFERENCES", tmp_path / "refs")
    monkeypatch.setattr(visual, "FAILURES", tmp_path / "failures")
    white, shifted = Image.new("RGB", (40, 40), "white"), Image.new("RGB", (40, 40), "white")
    shifted.paste((0, 0, 0), (0, 0, 40, 10))

    def png(image: Image.Image) -> bytes:
        out = BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()

    monkeypatch.setenv(visual.UPDATE, "1")
    visual.check("page", png(white))
    monkeypatch.delenv(visual.UPDATE)
    visual.check("page", png(white))
    with pytest.raises(AssertionError, match=r"25\.0% of the pixels differ.*make screenshots"):
        visual.check("page", png(shifted))
    assert (tmp_path / "failures" / "page-actual.png").exists()
    assert (tmp_path / "failures" / "page-diff.png").exists()
