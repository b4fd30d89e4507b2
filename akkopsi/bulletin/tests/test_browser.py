"""Acceptance: a reader browses the Akkopsinergi archive, opens an edition and reads an article;
the draft is nowhere to be seen. Then at phone width, without CSP errors."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from akkopsi.bulletin.models import Edition
from akkopsi.conftest import BROWSER_TESTS, open_page

pytestmark = BROWSER_TESTS


@pytest.mark.parametrize("width", [1280, 375])
def test_reader_browses_the_archive(
    live_server: Any, browser: Any, published: Edition, draft: Edition, width: int
) -> None:
    with open_page(browser, width=width, height=800) as page:
        page.goto(f"{live_server.url}/akkopsinergi/")
        archive = page.locator("#editions")
        expect(archive).to_contain_text("Tema 2")
        expect(archive).not_to_contain_text("Tema 3")
        page.click("#editions >> text=No. 2")
        expect(page.locator("h1")).to_contain_text("Akkopsinergi No. 2")
        expect(page.locator("#contents")).to_contain_text("Jumlah dan pertumbuhan anggota")
        expect(page.locator(".data-section svg.chart")).to_be_visible()
        page.click("#contents >> text=Rakor Pokja di Balikpapan")
        expect(page.locator("article.article h1")).to_have_text("Rakor Pokja di Balikpapan")
        expect(page.locator(".article-body strong")).to_have_text("artikel")
        response = page.goto(f"{live_server.url}/akkopsinergi/3/")
        assert response is not None and response.status == 404
