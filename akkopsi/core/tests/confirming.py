"""Walking a confirmation page in a test as a person does: open it, read the plan, confirm."""

from __future__ import annotations

from typing import Any


def confirm(client: Any, url: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
    """GET the confirmation page at ``url`` (it must show a plan), then POST ``data`` with
    the token of the plan shown. Returns the POST's response."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    token = page.context["plan"].token
    return client.post(url, {**(data or {}), "token": token}, **extra)
