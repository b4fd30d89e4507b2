"""What the browser tests share: a page that fails the test on a CSP error, and login."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from akkopsi.conftest import PASSWORD


@contextmanager
def watched_page(browser: Any, **context: Any) -> Iterator[Any]:
    """A new page (Indonesian unless told otherwise); a Content Security Policy error in
    its console fails the test."""
    ctx = browser.new_context(**{"locale": "id-ID", **context})
    page = ctx.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    yield page
    ctx.close()
    assert not [p for p in problems if "Content Security Policy" in p], problems


def login(page: Any, base: str, username: str) -> None:
    """Sign in through the login page and wait until it has let the user in."""
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)
