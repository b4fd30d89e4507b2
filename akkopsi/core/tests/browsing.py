"""What the browser tests share beside ``open_page`` and the ``page`` and ``phone`` fixtures
(akkopsi/conftest.py): the one way to sign in."""

from __future__ import annotations

from typing import Any

from akkopsi.conftest import PASSWORD


def login(
    page: Any,
    base: str,
    username: str,
    *,
    password: str = PASSWORD,
    lands_on: str | None = None,
) -> None:
    """Sign in through the login page and wait until it has let the user in: onto the path
    ``lands_on`` (e.g. "/beranda/") when given, else anywhere but the login page."""
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    if lands_on is None:
        page.wait_for_url(lambda url: "/akun/masuk/" not in url)
    else:
        page.wait_for_url(f"{base}{lands_on}")
