"""The member page links to data entry for who may submit that member's data, and to its data
page for everybody."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "entry"),
    [
        (None, False),
        ("bontang", True),
        ("balikpapan", False),
        ("secretariat", True),
        ("treasurer", False),
        ("jury", False),
        ("admin", True),
    ],
)
def test_member_page_links_to_data_entry_for_who_may_submit(
    client: Any, users: dict[str, Any], who: str | None, entry: bool
) -> None:
    from akkopsi.data import services

    services.open_year(
        year=2025, opens_on=date(2000, 1, 1), deadline=date(2100, 1, 1), by=users["secretariat"]
    )
    if who:
        client.force_login(users[who])
    html = client.get("/anggota/6474/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert ('href="/data/anggota/6474/2025/isi/"' in html) is entry
    assert 'id="data-page-link" href="/data/anggota/6474/"' in html
