"""What the browser tests share beside the ``page`` fixture (akkopsi/conftest.py): login."""

from __future__ import annotations

from typing import Any

from akkopsi.conftest import PASSWORD


def login(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login page and wait until it has let the user in (``password``:
    the demo's, over the demo)."""
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)
