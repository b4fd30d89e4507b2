from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.bulletin.models import Article, Edition

pytestmark = pytest.mark.django_db


def test_api_serves_published_editions_with_frozen_sections(
    client: Any, published: Edition
) -> None:
    data = client.get(reverse("bulletin-edition-detail", args=[2])).json()
    assert data["theme"] == "Tema 2" and data["status"] == "published"
    assert data["sections"][0]["frozen"]["count"] == 3
    article = client.get(reverse("bulletin-article-detail", args=data["articles"])).json()
    assert article["html"] == "<p>Isi <strong>artikel</strong>.</p>"
    assert article["member"] is None and article["edition"] == 2


def test_api_is_read_only(client: Any, users: dict[str, Any], published: Edition) -> None:
    client.force_login(users["secretariat"])
    r = client.post(
        reverse("bulletin-edition-list"), {"number": 5}, content_type="application/json"
    )
    assert r.status_code in (403, 405)


def test_home_page_is_a_portal_and_stays_fast(
    client: Any, published: Edition, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.AKKOPSI_DEMO_DATE = "2015-05-25"
    Article.objects.create(edition=published, title="Iuran 2015", author="Bendahara", body="x")
    # 23: the map adds the members per province and the data version to its cache key (fixed)
    with django_assert_max_num_queries(23):
        body = client.get(reverse("portal:home")).content.decode()
    assert "Akkopsinergi No. 2" in body and "Iuran 2015" in body
    assert 'id="portal-provinces"' in body
    # the map of the provinces, members by default
    assert re.search(r'data-code="64"><title>Kalimantan Timur: \d+ anggota</title>', body)
    assert 'id="portal-national"' in body and 'id="portal-summit"' in body
