from __future__ import annotations

from typing import Any

import pytest

from akkopsi.bulletin.models import Delivery, Edition
from akkopsi.demo.bulletin import load_bulletin

pytestmark = pytest.mark.django_db


def test_demo_editions_around_may_2015(users: dict[str, Any]) -> None:
    load_bulletin()
    load_bulletin()  # idempotent
    editions = {e.number: e for e in Edition.objects.all()}
    assert [editions[n].status for n in (1, 2, 3)] == ["published", "published", "review"]
    rakor = editions[2].articles.get(position=1)
    assert "19 Mei 2015" in rakor.body and "349 kabupaten/kota" in rakor.body
    assert rakor.member is not None and rakor.member.code == "6471"
    assert all(s.frozen is not None for s in editions[2].sections.all())
    assert editions[2].published_at.date().isoformat() == "2015-05-19"
    assert Delivery.objects.filter(edition=editions[1]).count() == 2
