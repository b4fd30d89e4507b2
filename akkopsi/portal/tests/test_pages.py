"""The public portal: the home page and the province pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_speaks_indonesian_and_dates_are_indonesian(
    client: Any, members: Any, settings: Any
) -> None:
    settings.AKKOPSI_DEMO_DATE = "2015-05-19"
    body = client.get(reverse("portal:home")).content.decode()
    assert 'lang="id"' in body
    assert "19 Mei 2015" in body
    assert "Beranda" in body and "Anggota" in body


def test_browser_language_does_not_override_indonesian(client: Any, members: Any) -> None:
    body = client.get(
        reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert 'lang="id"' in body and "Beranda" in body


def test_english_is_available(client: Any, members: Any, settings: Any) -> None:
    settings.AKKOPSI_DEMO_DATE = "2015-05-19"
    client.cookies["django_language"] = "en"
    body = client.get(reverse("portal:home")).content.decode()
    assert 'lang="en"' in body and "19 May 2015" in body and "Home" in body


def test_every_asset_is_served_locally(client: Any, members: Any) -> None:
    body = client.get(reverse("portal:home")).content.decode()
    for marker in ("https://", "http://", "//cdn", "unpkg", "googleapis"):
        assert f'src="{marker}' not in body and f'href="{marker}' not in body


def test_province_pages_are_public(client: Any, members: Any) -> None:
    assert client.get(reverse("portal:province_list")).status_code == 200
    page = client.get(reverse("portal:province_detail", args=["64"]))
    assert page.status_code == 200
    assert "Kota Bontang" in page.content.decode()
